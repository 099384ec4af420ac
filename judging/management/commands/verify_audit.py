from django.core.management.base import BaseCommand, CommandError

from awards.audit import audit_verify


class Command(BaseCommand):
    help = "Walk the audit log's hash chain; name the first missing or edited row."

    def handle(self, *args, **options):
        verdict = audit_verify()
        if not verdict.ok:
            raise CommandError(f"audit chain broken: {verdict.message}")
        self.stdout.write(f"audit chain verified: {verdict.message}")
