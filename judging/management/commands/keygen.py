"""manage.py keygen EDITION --holders N --threshold K --shares-dir DIR [--holder-emails a,b,c]"""

import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from awards.models import Edition
from awards.permissions import ORGANISER_GROUP
from judging.sealing import fingerprint_display
from judging.services.keys import DEFAULT_HOLDERS, DEFAULT_THRESHOLD, key_ceremony_create


class Command(BaseCommand):
    help = "Hold the key ceremony of an edition: make its key and write one share file per key holder (mode 0600)."

    def add_arguments(self, parser):
        parser.add_argument("edition", help="the edition's slug")
        parser.add_argument("--holders", type=int, default=DEFAULT_HOLDERS, help="number of key holders n")
        parser.add_argument("--threshold", type=int, default=DEFAULT_THRESHOLD, help="shares needed k")
        parser.add_argument("--shares-dir", required=True, help="folder for the share files")
        parser.add_argument(
            "--holder-emails", default="", help="comma-separated e-mails of the holders (default: the organisers)"
        )

    def handle(self, *args, **options):
        edition = Edition.objects.filter(slug=options["edition"]).first()
        if edition is None:
            raise CommandError(f"No edition has the slug {options['edition']!r}.")
        count = options["holders"]
        users = self._holders(options["holder_emails"], count)
        folder = Path(options["shares_dir"])
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        paths = [folder / f"{edition.slug}-share-{index}.txt" for index in range(1, count + 1)]
        existing = [str(p) for p in paths if p.exists()]
        if existing:
            raise CommandError(f"Refusing to overwrite existing share file(s): {', '.join(existing)}.")
        try:
            with transaction.atomic():
                ceremony, handed_out = key_ceremony_create(
                    edition=edition, holders=users, threshold=options["threshold"], actor=None, shares_delivered=True
                )
                # Written inside the transaction: if a file cannot be written, no key is kept.
                for holder, text in handed_out:
                    path = folder / f"{edition.slug}-share-{holder.index}.txt"
                    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                        handle.write(text)
                    self.stdout.write(f"share {holder.index} → {holder.user.email}: {path}")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Key ceremony done for {edition.slug}: {ceremony.threshold} of {ceremony.holders_count} shares "
                f"needed. Fingerprint {fingerprint_display(ceremony.fingerprint)}"
            )
        )

    def _holders(self, emails_option: str, count: int) -> list:
        user_model = get_user_model()
        if emails_option.strip():
            emails = [e.strip() for e in emails_option.split(",") if e.strip()]
            if len(emails) != count:
                raise CommandError(f"--holder-emails names {len(emails)} holder(s) but --holders is {count}.")
            users = []
            for email in emails:
                user = user_model.objects.filter(email__iexact=email, is_active=True).first()
                if user is None:
                    raise CommandError(f"No account has the e-mail address {email}.")
                users.append(user)
            return users
        organisers = list(
            user_model.objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(is_staff=True, groups__name=ORGANISER_GROUP))
            .distinct()
            .order_by("pk")[:count]
        )
        if len(organisers) < count:
            raise CommandError(
                f"Only {len(organisers)} organiser account(s) exist for {count} key holders: give --holder-emails."
            )
        return organisers
