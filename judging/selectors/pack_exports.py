"""Reads of the award-night pack's builds: the latest one's progress, reason or download, for the results page."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from awards.models import Edition
from judging.models import PackExport
from judging.pack import pack_storage, pack_stored_name
from judging.services.export import STAGES

STAGE_LABELS = {
    "certificates": _("Certificates"),
    "running_order": _("Running order"),
    "feedback": _("Feedback reports"),
    "zip": _("ZIP file"),
}


@dataclass(frozen=True)
class StageProgress:
    code: str
    label: str
    done: int
    total: int
    current: bool


@dataclass(frozen=True)
class PackState:
    """What the results page shows about the pack: the latest build (if any), its steps, and the download."""

    latest: PackExport | None
    stages: tuple[StageProgress, ...]
    ready: PackExport | None  # the build whose file is the one to download

    @property
    def active(self) -> bool:
        return self.latest is not None and self.latest.status in PackExport.ACTIVE

    @property
    def waiting(self) -> bool:
        """Queued, not yet taken by the worker."""
        return self.latest is not None and self.latest.status == PackExport.Status.QUEUED

    @property
    def failed(self) -> bool:
        return self.latest is not None and self.latest.status == PackExport.Status.FAILED


def pack_state(*, edition: Edition) -> PackState:
    exports = list(
        PackExport.objects.filter(edition=edition).order_by("-requested_at", "-pk")[:20]
    )
    latest = exports[0] if exports else None
    ready = None
    if pack_storage().exists(pack_stored_name(edition.slug)):
        ready = next((export for export in exports if export.status == PackExport.Status.DONE), None)
    stages: tuple[StageProgress, ...] = ()
    if latest is not None and latest.status in PackExport.ACTIVE:
        done, totals = latest.progress.get("done", {}), latest.progress.get("totals", {})
        stages = tuple(
            StageProgress(
                code=code, label=str(STAGE_LABELS[code]), done=done.get(code, 0), total=totals.get(code, 0),
                current=code == latest.stage,
            )
            for code in STAGES
            if totals.get(code, 0) or not totals
        )
    return PackState(latest=latest, stages=stages, ready=ready)


def pack_open(*, edition: Edition):
    """The edition's stored pack, open for reading (from the local folder or the bucket)."""
    return pack_storage().open(pack_stored_name(edition.slug), "rb")
