"""manage.py keygen EDITION --threshold K --shares-dir DIR (--holder-key EMAIL=PUBLIC_KEY ... | --enrolled)

Each key holder makes their holder key on their own machine (``python -m judging.holder_key generate
--out FILE``, or the browser on their key holder page) and gives the organiser only the public key.
``--holder-key EMAIL=KEY`` (once per holder, in share order; KEY is the public key in base64 or hex, or a
file holding it) names the holders and their keys; ``--enrolled`` makes the key of the ceremony whose
holders were named and enrolled on the web. Either way one encrypted share per holder is written to
``DIR/<slug>-share-<i>.txt``: only that holder's key file opens it, so the folder can be handed out.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from awards.files import atomic_write
from awards.models import Edition
from judging.models import KeyCeremony
from judging.sealing import fingerprint_display
from judging.services.keys import DEFAULT_THRESHOLD, encrypted_share_of, key_ceremony_create, key_ceremony_make


class Command(BaseCommand):
    help = (
        "Hold the key ceremony of an edition with the holders' public keys: make its key and write one share "
        "per key holder, encrypted to that holder's key (mode 0600)."
    )

    def add_arguments(self, parser):
        parser.add_argument("edition", help="the edition's slug")
        parser.add_argument("--threshold", type=int, default=DEFAULT_THRESHOLD, help="shares needed k")
        parser.add_argument("--holders", type=int, default=None, help="number of key holders n (a check)")
        parser.add_argument("--shares-dir", required=True, help="folder for the encrypted share files")
        parser.add_argument(
            "--holder-key", action="append", default=[], dest="holder_keys", metavar="EMAIL=PUBLIC_KEY",
            help="a key holder and their public key (base64 or hex, or a file holding it); once per holder",
        )
        parser.add_argument(
            "--enrolled", action="store_true",
            help="make the key of the ceremony named on the web, whose holders enrolled their keys there",
        )

    def handle(self, *args, **options):
        edition = Edition.objects.filter(slug=options["edition"]).first()
        if edition is None:
            raise CommandError(f"No edition has the slug {options['edition']!r}.")
        if bool(options["holder_keys"]) == options["enrolled"]:
            raise CommandError("Give either --holder-key EMAIL=PUBLIC_KEY for each holder, or --enrolled.")
        folder = Path(options["shares_dir"])
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            with transaction.atomic():
                if options["enrolled"]:
                    unmade = KeyCeremony.objects.filter(edition=edition, made_at__isnull=True).first()
                    if unmade is None:
                        raise CommandError("No key ceremony of this edition waits to be made: name the holders first.")
                    ceremony = key_ceremony_make(ceremony=unmade, actor=None)
                    handed_out = [(h, encrypted_share_of(holding=h)) for h in ceremony.holders.select_related(
                        "user", "ceremony__edition").order_by("index")]
                else:
                    users, keys = self._holders(options["holder_keys"])
                    if options["holders"] is not None and options["holders"] != len(users):
                        raise CommandError(f"{len(users)} --holder-key given but --holders is {options['holders']}.")
                    ceremony, handed_out = key_ceremony_create(
                        edition=edition, holders=users, threshold=options["threshold"], actor=None,
                        holder_public_keys=keys,
                    )
                # Written inside the transaction: if a file cannot be written, no key is kept.
                for holder, encrypted in handed_out:
                    path = folder / f"{edition.slug}-share-{holder.index}.txt"
                    try:  # whole or not at all, never over an existing file
                        atomic_write(path, encrypted.to_text().encode("utf-8"), mode=0o600, overwrite=False)
                    except FileExistsError as error:
                        raise CommandError(f"Refusing to overwrite the existing share file {path}.") from error
                    self.stdout.write(f"share {holder.index} → {holder.user.email}: {path} (encrypted to their key)")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Key ceremony done for {edition.slug}: {ceremony.threshold} of {ceremony.holders_count} shares "
                f"needed. Fingerprint {fingerprint_display(ceremony.fingerprint)}"
            )
        )

    def _holders(self, pairs: list[str]) -> tuple[list, list[str]]:
        user_model = get_user_model()
        users, keys = [], []
        for pair in pairs:
            email, equals, value = pair.partition("=")
            if not equals or not email.strip() or not value.strip():
                raise CommandError(f"--holder-key wants EMAIL=PUBLIC_KEY, not {pair!r}.")
            user = user_model.objects.filter(email__iexact=email.strip(), is_active=True).first()
            if user is None:
                raise CommandError(f"No account has the e-mail address {email.strip()}.")
            path = Path(value.strip())
            text = value.strip()
            if path.is_file():
                text = path.read_text(encoding="utf-8")
                if "PRIVATE KEY" in text:
                    raise CommandError(
                        f"{path} holds a private key: a holder gives only their public key (its 'public:' line)."
                    )
            users.append(user)
            keys.append(text.strip())
        return users, keys
