"""Confidentiality agreements: each version's text and who signed it."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models.base import _english
from awards.models.companies import Company
from awards.models.editions import Edition


class NdaVersion(models.Model):
    class Audience(models.TextChoices):
        PARTICIPANT = "participant", _("Participants")
        JUDGE = "judge", _("Judges")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="nda_versions")
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices)
    version_label = models.CharField(_("version"), max_length=20)
    title_id = models.CharField(_("title (Indonesian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    text_id = models.TextField(_("text (Indonesian)"))
    text_en = models.TextField(_("text (English)"))
    text_sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["edition", "audience", "-published_at", "-pk"]
        verbose_name = _("NDA version")
        verbose_name_plural = _("NDA versions")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "audience", "version_label"], name="nda_version_label_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition.slug} {self.get_audience_display()} {self.version_label}"

    @staticmethod
    def hash_texts(*, title_id: str, text_id: str, title_en: str, text_en: str) -> str:
        """SHA-256 over both languages' title and text, with explicit separators."""
        canonical = "\x1f".join([title_id, text_id, title_en, text_en]).replace("\r\n", "\n")
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def compute_sha256(self) -> str:
        return self.hash_texts(
            title_id=self.title_id, text_id=self.text_id, title_en=self.title_en, text_en=self.text_en
        )

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def title(self) -> str:
        return self.title_en if _english() else self.title_id

    @property
    def text(self) -> str:
        return self.text_en if _english() else self.text_id


class NdaAcceptance(models.Model):
    """A signature. Rows are never changed or deleted."""

    version = models.ForeignKey(NdaVersion, on_delete=models.PROTECT, related_name="acceptances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nda_acceptances")
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, null=True, blank=True, related_name="nda_acceptances"
    )
    signer_name = models.CharField(_("signer's full name"), max_length=200)
    signer_title = models.CharField(_("signer's job title"), max_length=200)
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=500, blank=True)
    text_sha256 = models.CharField(_("SHA-256 of the text signed"), max_length=64)

    class Meta:
        ordering = ["-accepted_at"]
        verbose_name = _("NDA acceptance")
        verbose_name_plural = _("NDA acceptances")
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="nda_acceptance_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.signer_name} — {self.version}"

    def save(self, *args, **kwargs):
        # An integrity guard, not business logic: a signature is a record and stays as signed.
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise ValidationError(_("A signed NDA cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A signed NDA cannot be deleted."))
