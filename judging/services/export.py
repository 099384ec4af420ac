"""The award-night pack: one ZIP with the results, the opened scorecards, the key and a manifest.

The pack is built from a dict of file name -> bytes (the names are `judging.pack.PACK`), and the manifest
is computed last over every other file, so the parts (running order, certificates, feedback PDFs) only add
entries. The scorecards are opened once; each part receives them as plain data.
"""

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from awards.audit import audit_append
from awards.award_night import certificates_pdf, running_order_pdf
from awards.csv_export import csv_bytes
from awards.models import Edition
from judging import sealing
from judging.models import Reveal, Round
from judging.pack import PACK
from judging.services.feedback import feedback_pdfs
from judging.services.reveal import edition_scorecards_open
from judging.services.seal import SealStateError
from judging.services.shortlist import round_scorecards_open

CSV_COLUMNS = ["category", "award", "rank", "joint", "entry", "company", "score"]


def award_night_pdfs(*, edition: Edition, reveal: Reveal, listings: list[dict]) -> dict[str, bytes]:
    """The awards app's certificates and running order, made from its `Award` rows (a pack part)."""
    return {
        PACK.certificates: certificates_pdf(edition=edition),
        PACK.running_order: running_order_pdf(edition=edition),
    }


# The PDF parts of the pack: callables (edition, reveal, the opened scorecards' listings) -> {name: bytes}.
PACK_PARTS: list[Callable[..., dict[str, bytes]]] = [award_night_pdfs, feedback_pdfs]


def json_bytes(*, value) -> bytes:
    return (json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def results_csv(*, document: dict) -> bytes:
    """results.csv: one row per award, written from results.json's awards by the one CSV writer.

    The score is written as a number (it is text in results.json), so a spreadsheet can sort on it and
    the formula escaping never touches it; names typed by participants are escaped. Verification
    rebuilds this file from results.json with this same function and compares the bytes.
    """
    rows = (
        [_csv_value(column, award[column]) for column in CSV_COLUMNS] for award in document["awards"]
    )
    return csv_bytes(header=CSV_COLUMNS, rows=rows)


def _csv_value(column: str, value):
    if column == "score" and value is not None:
        return Decimal(value)
    return value


def manifest_of(*, files: dict[str, bytes]) -> dict:
    return {
        "algorithm": "sha256",
        "files": {name: hashlib.sha256(content).hexdigest() for name, content in sorted(files.items())},
    }


def zip_of(*, files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted(files.items()):
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def pack_files(*, edition: Edition, reveal: Reveal) -> dict[str, bytes]:
    """Every file of the pack except the manifest."""
    private_key = sealing.private_key_from_pem(bytes(reveal.private_key_pem))
    listings = edition_scorecards_open(edition=edition, private_key=private_key)
    scorecards = {"edition": edition.slug, "scorecards": listings}
    files = {
        PACK.results_json: json_bytes(value=reveal.results),
        PACK.results_csv: results_csv(document=reveal.results),
        PACK.edition_key: bytes(reveal.private_key_pem),
    }
    # Every earlier round: its key and its opened scorecards (checked against its root on the way).
    earlier = []
    for number, pem in sorted(reveal.round_keys.items(), key=lambda item: int(item[0])):
        round_ = Round.objects.select_related("seal").get(edition=edition, number=int(number))
        earlier.append({"number": int(number), "scorecards": round_scorecards_open(
            edition=edition, round=round_, seal=round_.seal, private_key=sealing.private_key_from_pem(pem.encode()),
        )})
        files[PACK.round_key(number)] = pem.encode("ascii")
    if earlier:
        scorecards["rounds"] = earlier
    files[PACK.scorecards_json] = json_bytes(value=scorecards)
    for part in PACK_PARTS:
        files.update(part(edition=edition, reveal=reveal, listings=listings))
    return files


def pack_zip(*, files: dict[str, bytes]) -> bytes:
    """The ZIP of the files plus their manifest, computed last."""
    files = {name: content for name, content in files.items() if name != PACK.manifest}
    files[PACK.manifest] = json_bytes(value=manifest_of(files=files))
    return zip_of(files=files)


def award_night_pack_build(*, edition: Edition, actor=None) -> bytes:
    """The award-night pack of a revealed edition; refused before the reveal. Audited as `pack.exported`."""
    with transaction.atomic():
        edition = Edition.objects.get(pk=edition.pk)
        reveal = Reveal.objects.filter(edition=edition).first()
        if reveal is None or not edition.phase.results_known:
            raise SealStateError(
                _("The edition %(slug)s cannot be exported: its results are not revealed yet.")
                % {"slug": edition.slug},
                code="not_revealed",
            )
        files = pack_files(edition=edition, reveal=reveal)
        pack = pack_zip(files=files)
        audit_append(
            action="pack.exported",
            actor=actor,
            edition=edition,
            payload={"files": sorted([*files, PACK.manifest]), "sha256": hashlib.sha256(pack).hexdigest()},
        )
    return pack
