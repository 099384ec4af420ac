"""Scorecards: the encrypted drafts and the sealed scorecards."""


from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.models import Edition, Entry
from judging.models.panel import Judge
from judging.models.rounds import Round


class ScorecardDraft(models.Model):
    """A judge's work in progress, encrypted at rest (judging.services.drafts): scores, private notes and the
    comment, readable only with a draft key from the server's environment. Visible to its judge only; deleted
    when the scorecard is sealed, and every remaining draft of an edition when the edition is sealed."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="drafts")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="drafts")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="drafts")
    # nonce || AES-GCM(pad({"scores", "notes", "comment"})), bound to key id, round, judge and entry
    ciphertext = models.BinaryField()
    key_id = models.CharField(max_length=32)  # which of settings.DRAFT_KEYS encrypted it
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "entry", "judge"], name="draft_unique"),
        ]

    def __str__(self) -> str:
        return f"draft #{self.pk}"


class SealedScorecard(models.Model):
    """An encrypted scorecard. Nobody can read it before the reveal; only the latest version counts."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="sealed_scorecards")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="sealed_scorecards")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="sealed_scorecards")
    judge = models.ForeignKey(Judge, on_delete=models.PROTECT, related_name="sealed_scorecards")
    version = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(100)])
    ciphertext = models.BinaryField()
    receipt = models.CharField(max_length=64, unique=True)  # sha256(ciphertext), hex
    sealed_at = models.DateTimeField()
    is_latest = models.BooleanField(default=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reopen_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["edition", "round", "entry", "judge", "version"]
        verbose_name = _("sealed scorecard")
        verbose_name_plural = _("sealed scorecards")
        constraints = [
            models.UniqueConstraint(fields=["round", "entry", "judge", "version"], name="sealed_version_unique"),
            models.UniqueConstraint(
                fields=["round", "entry", "judge"], condition=Q(is_latest=True), name="sealed_one_latest"
            ),
        ]

    def __str__(self) -> str:
        return f"sealed {self.receipt[:12]}"
