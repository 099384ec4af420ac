"""Builds of the award-night pack (a background task with progress)."""


from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from awards.models import Edition


class PackExport(models.Model):
    """One build of an edition's award-night pack: queued by an organiser, run by the background worker, with
    its progress (steps done of each stage) while it runs and how it ended. The file is
    `judging.services.pack_exports.pack_path`; a failed build leaves the previous file in place."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("pack build", "Queued")
        RUNNING = "running", pgettext_lazy("pack build", "Running")
        DONE = "done", pgettext_lazy("pack build", "Ready")
        FAILED = "failed", pgettext_lazy("pack build", "Failed")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="pack_exports")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=20, blank=True)
    progress = models.JSONField(default=dict, blank=True)  # {"done": {stage: n}, "totals": {stage: n}}
    error = models.TextField(blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("award-night pack build")
        verbose_name_plural = _("award-night pack builds")
        constraints = [
            models.UniqueConstraint(
                fields=["edition"], condition=Q(status__in=["queued", "running"]),
                name="one_active_pack_export_per_edition",
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition.slug} pack {self.status}"
