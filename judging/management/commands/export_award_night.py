import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from awards.models import Edition
from judging.services.export import STAGES, PackProgress, award_night_pack_write

STAGE_NAMES = {"certificates": "certificates", "running_order": "running order", "feedback": "feedback", "zip": "zip"}
BAR_WIDTH = 24


def progress_line(progress: PackProgress) -> str:
    """`[#########...............]  38%  certificates 49/49 · running order 16/16 · feedback 12/75 · zip 0/1`"""
    stages = [stage for stage in STAGES if progress.totals.get(stage)]
    done = sum(progress.done[stage] for stage in stages)
    total = sum(progress.totals[stage] for stage in stages) or 1
    filled = BAR_WIDTH * done // total
    counts = " · ".join(f"{STAGE_NAMES[stage]} {progress.done[stage]}/{progress.totals[stage]}" for stage in stages)
    line = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {100 * done // total:3d}%  {counts}"
    return line + ("  zipping and writing" if progress.stage == "zip" else "")


class Command(BaseCommand):
    help = "Write the award-night pack of a revealed edition to a ZIP file, with a progress bar on stderr."

    def add_arguments(self, parser):
        parser.add_argument("edition", help="the edition's slug")
        parser.add_argument("--output", required=True, help="where to write the ZIP (replaced only once complete)")

    def handle(self, *args, **options):
        edition = Edition.objects.filter(slug=options["edition"]).first()
        if edition is None:
            raise CommandError(f"No edition with the slug {options['edition']!r}.")
        output = options["output"]
        interactive = self.stderr.isatty()
        show = options["verbosity"] > 0

        def progress(state: PackProgress) -> None:
            if show:  # on a terminal one line redrawn in place; in a log, a line per step
                self.stderr.write(progress_line(state), ending="\r" if interactive else "\n")
                self.stderr.flush()

        try:
            award_night_pack_write(edition=edition, path=output, actor=None, progress=progress)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc}") from exc
        finally:
            if show and interactive:
                self.stderr.write("")
        self.stdout.write(f"wrote {output} ({os.path.getsize(output)} bytes)")
