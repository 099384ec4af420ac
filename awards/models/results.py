"""Published results: one row per award."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from awards.models.editions import Category, Edition
from awards.models.entries import Entry


class Award(models.Model):
    """A result, written by the reveal. Certificates and the public winners page read only this."""

    class Kind(models.TextChoices):
        WINNER = "winner", pgettext_lazy("award", "Winner")
        FIRST_RUNNER_UP = "runner_up_1", _("1st runner-up")
        SECOND_RUNNER_UP = "runner_up_2", _("2nd runner-up")
        PLATINUM = "platinum", _("Platinum")
        GOLD = "gold", _("Gold")
        SILVER = "silver", _("Silver")
        BRONZE = "bronze", _("Bronze")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="awards")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="awards")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="awards")
    kind = models.CharField(_("award"), max_length=12, choices=Kind.choices)
    rank = models.PositiveSmallIntegerField(_("rank"))
    joint = models.BooleanField(_("joint placing"), default=False)
    score = models.DecimalField(pgettext_lazy("result", "score"), max_digits=6, decimal_places=2)
    certificate_code = models.CharField(_("certificate code"), max_length=16, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category__ceremony_order", "rank", "entry__company__legal_name"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.UniqueConstraint(fields=["category", "entry"], name="award_once_per_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.category.code} {self.get_kind_display()}: {self.entry.company}"
