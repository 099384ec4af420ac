"""The award-night pack as background work: the organiser's button queues a build, the worker runs it.

`pack_export_request` queues a build (one `PackExport` row and its task, in one transaction) unless one is
queued or running for the edition already; `pack_export_run` (the task) builds the pack with
`award_night_pack_write`, recording each step's progress on the row as it goes (its own small commits: the
build runs outside any transaction), and ends the row as done (the file is in place) or failed (with the
reason, the previous pack left as it was). A build whose worker died (no progress for `STALE_AFTER`) is marked
failed by the next request, which then queues a new one.
"""

import logging
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from awards.models import Edition
from judging.models import PackExport
from judging.pack import pack_local_path, pack_storage, pack_stored_name
from judging.services.export import PackProgress, award_night_pack_store, award_night_pack_write

logger = logging.getLogger(__name__)

# A running build records progress every few seconds; one silent this long lost its worker.
STALE_AFTER = timedelta(minutes=5)


def pack_path(*, edition: Edition) -> Path | None:
    """Where an edition's pack is kept when the private files are a local folder: `packs/` in it (never a
    public URL); None when they are in a bucket (`judging.pack.pack_storage`)."""
    return pack_local_path(edition.slug)


def pack_export_request(*, edition: Edition, actor) -> tuple[PackExport, bool]:
    """Queue a build of the edition's pack; (the export, whether it was queued now). A build already queued or
    running is returned instead of starting a second one."""
    with transaction.atomic():
        Edition.objects.select_for_update().get(pk=edition.pk)  # two clicks at once queue one build
        now = timezone.now()
        active = PackExport.objects.filter(edition=edition, status__in=PackExport.ACTIVE).first()
        if active is not None and active.updated_at > now - STALE_AFTER:
            return active, False
        if active is not None:
            active.status, active.finished_at = PackExport.Status.FAILED, now
            active.error = _("The background worker stopped before the pack was finished.")
            active.save(update_fields=["status", "finished_at", "error"])
        export = PackExport(edition=edition, requested_by=actor, requested_at=now, updated_at=now)
        export.full_clean()
        export.save()
        # The task row is written in this same transaction (the database backend): both are kept, or neither.
        pack_export_task.enqueue(export_id=export.pk)
    export.refresh_from_db()  # the immediate backend (tests) has already run it
    return export, True


def _progress_save(*, export: PackExport, progress: PackProgress) -> None:
    export.stage = progress.stage
    export.progress = {"done": progress.done, "totals": progress.totals}
    export.updated_at = timezone.now()
    export.save(update_fields=["stage", "progress", "updated_at"])


def pack_export_run(*, export: PackExport) -> PackExport:
    """Build and write the pack of a queued export, recording its progress and how it ended."""
    export.status, export.updated_at = PackExport.Status.RUNNING, timezone.now()
    export.save(update_fields=["status", "updated_at"])
    try:
        local = pack_path(edition=export.edition)
        if local is not None:  # the local folder: written to a temporary name, fsynced, renamed into place
            sha256 = award_night_pack_write(
                edition=export.edition,
                path=_ready_folder(local),
                actor=export.requested_by,
                progress=lambda progress: _progress_save(export=export, progress=progress),
            )
        else:  # a bucket: one PUT replaces the previous pack whole
            sha256 = award_night_pack_store(
                edition=export.edition,
                storage=pack_storage(),
                name=pack_stored_name(export.edition.slug),
                actor=export.requested_by,
                progress=lambda progress: _progress_save(export=export, progress=progress),
            )
    except ValidationError as error:
        return _failed(export=export, reason=" ".join(error.messages))
    except OSError as error:
        return _failed(export=export, reason=_("The pack could not be written: %(error)s") % {"error": error})
    except Exception as error:
        logger.exception("pack export %s failed", export.pk)
        return _failed(
            export=export,
            reason=_("The pack could not be made (%(error)s); the previous pack is unchanged.")
            % {"error": type(error).__name__},
        )
    export.status, export.sha256 = PackExport.Status.DONE, sha256
    export.size = pack_storage().size(pack_stored_name(export.edition.slug))
    export.finished_at = export.updated_at = timezone.now()
    export.save(update_fields=["status", "sha256", "size", "finished_at", "updated_at"])
    return export


def _ready_folder(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _failed(*, export: PackExport, reason: str) -> PackExport:
    export.status, export.error = PackExport.Status.FAILED, reason[:1000]
    export.finished_at = export.updated_at = timezone.now()
    export.save(update_fields=["status", "error", "finished_at", "updated_at"])
    return export


@task()
def pack_export_task(*, export_id: int) -> str:
    """The background task: run the export (its row says how it went)."""
    export = PackExport.objects.select_related("edition", "requested_by").get(pk=export_id)
    if export.status != PackExport.Status.QUEUED:
        return export.status  # already run (a task delivered twice), or given up
    return pack_export_run(export=export).status
