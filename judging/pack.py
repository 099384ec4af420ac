"""The award-night pack's file names, in one place: the exporter writes them, verification reads them,
the tests name them."""

from dataclasses import dataclass
from pathlib import Path

from django.core.files.storage import Storage, storages


@dataclass(frozen=True)
class PackNames:
    manifest: str = "manifest.json"  # the SHA-256 of every other file, computed last
    results_json: str = "results.json"
    results_csv: str = "results.csv"
    scorecards_json: str = "scorecards.json"  # the opened scorecards, for verification
    edition_key: str = "edition-key.pem"
    # The assessors' opened call logs (final round), for verification; only in a pack whose edition has any.
    call_logs_json: str = "call-logs.json"
    # The assessors' opened site visits (final round), likewise; only in a pack whose edition has any.
    site_visits_json: str = "site-visits.json"
    certificates: str = "certificates.pdf"
    running_order: str = "running-order.pdf"
    feedback_dir: str = "feedback"  # feedback/<entry reference>.pdf

    def feedback(self, reference: str) -> str:
        return f"{self.feedback_dir}/{reference}.pdf"

    def round_key(self, number: int | str) -> str:
        """An earlier round's private key (the final round's is `edition_key`)."""
        return f"round-{int(number)}-key.pem"


PACK = PackNames()


# Where an edition's latest pack is kept: settings.STORAGES["packs"], the private files' storage (the local folder
# or the bucket; never a public URL) set to replace the pack in place (config/storage.py).
PACK_STORAGE = "packs"


def pack_storage() -> Storage:
    return storages[PACK_STORAGE]


def pack_stored_name(slug: str) -> str:
    return f"packs/{slug}-award-night.zip"


def pack_local_path(slug: str) -> Path | None:
    """The pack's path when the storage is a local folder (written there atomically), None for a bucket."""
    try:
        return Path(pack_storage().path(pack_stored_name(slug)))
    except NotImplementedError:
        return None
