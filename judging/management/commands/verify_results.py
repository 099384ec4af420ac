from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from judging.sealing import fingerprint_display
from judging.services.verification import PACK_LIMITS, pack_path_verify


class Command(BaseCommand):
    help = (
        "Verify an award-night pack: manifest, scorecards, receipts, root and tally, and with --expected-root "
        "(and --expected-fingerprint) that it is the judging committed at the seal."
    )

    def add_arguments(self, parser):
        parser.add_argument("pack", help="the award-night pack (ZIP)")
        parser.add_argument(
            "--expected-root",
            metavar="HEX",
            action="append",
            help="the Merkle root published at the seal (commitment page); spaces and upper case are accepted; "
                 "with several rounds, give it once per round, in round order",
        )
        parser.add_argument(
            "--expected-fingerprint",
            metavar="HEX",
            help="the edition key fingerprint published at the key ceremony; spaces and upper case are accepted",
        )

    def handle(self, *args, **options):
        try:
            verdict = pack_path_verify(
                Path(options["pack"]),
                expected_root=options["expected_root"],
                expected_fingerprint=options["expected_fingerprint"],
                limits=PACK_LIMITS,
            )
        except OSError as exc:
            raise CommandError(f"Cannot read {options['pack']}: {exc}") from exc
        if not verdict.ok:
            raise CommandError(f"NOT verified: {verdict.message}")
        compared = "matches --expected-root" if verdict.root_checked else "NOT compared with the published root"
        self.stdout.write(f"verified: {verdict.scorecards} scorecards, {verdict.awards} awards")
        if verdict.rounds > 1:
            self.stdout.write(f"rounds: {verdict.rounds}, each shortlist derived again and matching its commitment")
        self.stdout.write(f"root: {verdict.root} ({compared})")
        self.stdout.write(f"scorecards: {verdict.scorecards}")
        fingerprint = "matches --expected-fingerprint" if verdict.fingerprint_checked else "not compared"
        self.stdout.write(f"key fingerprint: {fingerprint_display(verdict.fingerprint)} ({fingerprint})")
        if not verdict.root_checked:
            self.stdout.write(
                "Internal consistency only: the pack carries its own key, so anyone can re-encrypt a scorecard and "
                "rebuild a pack that agrees with itself. Compare the root above with the one published at the seal "
                "(the edition's commitment page), or run again with --expected-root HEX."
            )
