"""What the platform keeps about a person beyond Django's user: the language they read."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    """A person's preferences. `language` is the language e-mails written for them alone are sent in (empty: not
    known yet, and such e-mails carry both languages)."""

    class Language(models.TextChoices):
        INDONESIAN = "id", "Bahasa Indonesia"  # each language named in itself, as the language switcher does
        ENGLISH = "en", "English"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="profile"
    )
    language = models.CharField(_("language of e-mails"), max_length=8, choices=Language.choices, blank=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language or '-'}"
