"""The award-night pack: one ZIP with the results, the opened scorecards, the key and a manifest.

The pack is built from a dict of file name -> bytes (the names are `judging.pack.PACK`), and the manifest
is computed last over every other file, so the parts (running order, certificates, feedback PDFs) only add
entries. The scorecards are opened once; each part receives them as plain data.
"""

import hashlib
import io
import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.utils.translation import gettext as _

from awards.audit import audit_append
from awards.award_night import certificates_job, running_order_job
from awards.csv_export import csv_bytes
from awards.files import atomic_write, output_check
from awards.models import Edition
from awards.pdf import PdfJob, PdfWorkers, jobs_run, parallel_worthwhile
from judging import sealing
from judging.models import Reveal, Round
from judging.pack import PACK
from judging.services.call_logs import call_logs_open
from judging.services.feedback import feedback_pdfs
from judging.services.reveal import edition_scorecards_open
from judging.services.seal import SealStateError
from judging.services.shortlist import round_scorecards_open
from judging.services.site_visits import site_visits_open

CSV_COLUMNS = ["category", "award", "rank", "joint", "entry", "company", "score"]


def award_night_pdfs(*, edition: Edition, reveal: Reveal, listings: list[dict]) -> list[PdfJob]:
    """The awards app's certificates and running order, made from its `Award` rows (a pack part)."""
    return [
        running_order_job(edition=edition, filename=PACK.running_order),
        certificates_job(edition=edition, filename=PACK.certificates),
    ]


# The PDF parts of the pack: callables (edition, reveal, the opened scorecards' listings) -> their PDF jobs, all
# laid out together by `awards.pdf.jobs_run`, largest first (`job_cost`).
PACK_PARTS: list[Callable[..., list[PdfJob]]] = [feedback_pdfs, award_night_pdfs]

# About how long one item of each stage takes to lay out (ms of CPU, the demo pack's jobs measured one by one: a
# feedback report ~90, a running-order category ~40, a certificate ~13): only to hand out the largest jobs first.
LAYOUT_MS_PER_ITEM = {"feedback": 90, "running_order": 40, "certificates": 13}


def job_cost(job: PdfJob) -> int:
    return job.count * LAYOUT_MS_PER_ITEM.get(job.stage, 50)

# What the progress shows, in the order the organiser reads it.
STAGES = ("certificates", "running_order", "feedback", "zip")


@dataclass(frozen=True)
class PackProgress:
    """Where a pack build is: per stage, how many of its items are done (`done`) of how many (`totals`)."""

    stage: str
    done: dict[str, int]
    totals: dict[str, int]


ProgressCallback = Callable[[PackProgress], None]


def json_bytes(*, value) -> bytes:
    return (json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def results_csv(*, document: dict) -> bytes:
    """results.csv: one row per award, written from results.json's awards by the one CSV writer.

    The score is written as a number (it is text in results.json), so a spreadsheet can sort on it and
    the formula escaping never touches it; names typed by participants are escaped. Verification
    rebuilds this file from results.json with this same function and compares the bytes.
    """
    rows = ([_csv_value(column, award[column]) for column in CSV_COLUMNS] for award in document["awards"])
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
    """The files as a ZIP, in name order, with a fixed date. PDFs are stored as they are: their streams are
    compressed already, and deflating them again saved 14 % of their size for 40 % of the ZIP's time, at the end of
    the build when nothing else runs."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted(files.items()):
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name.endswith(".pdf") else zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def pdf_items(*, results: dict) -> int:
    """About how many documents the pack lays out (certificates and feedback reports), read from the results before
    any scorecard is opened: to decide at once whether to start the PDF worker process."""
    reports = sum(1 for block in results.get("rankings", []) for row in block["entries"] if row["scorecards"])
    return len(results.get("awards", [])) + reports


def pack_files(*, edition: Edition, reveal: Reveal, progress: ProgressCallback | None = None) -> dict[str, bytes]:
    """Every file of the pack except the manifest, calling `progress` as each PDF job is done.

    The PDF worker process (if the pack is large enough) is started first: its start (about a second of imports)
    overlaps the opening of the scorecards and the rendering of the templates here."""
    with PdfWorkers(parallel=parallel_worthwhile(pdf_items(results=reveal.results))) as workers:
        return _pack_files(edition=edition, reveal=reveal, progress=progress, workers=workers)


def _pack_files(
    *, edition: Edition, reveal: Reveal, progress: ProgressCallback | None, workers: PdfWorkers
) -> dict[str, bytes]:
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
        earlier.append(
            {
                "number": int(number),
                "scorecards": round_scorecards_open(
                    edition=edition,
                    round=round_,
                    seal=round_.seal,
                    private_key=sealing.private_key_from_pem(pem.encode()),
                ),
            }
        )
        files[PACK.round_key(number)] = pem.encode("ascii")
    if earlier:
        scorecards["rounds"] = earlier
    files[PACK.scorecards_json] = json_bytes(value=scorecards)
    call_listings = call_logs_open(edition=edition, private_key=private_key)
    if call_listings:
        files[PACK.call_logs_json] = json_bytes(value={"edition": edition.slug, "call_logs": call_listings})
    visit_listings = site_visits_open(edition=edition, private_key=private_key)
    if visit_listings:
        files[PACK.site_visits_json] = json_bytes(value={"edition": edition.slug, "site_visits": visit_listings})
    jobs = [job for part in PACK_PARTS for job in part(edition=edition, reveal=reveal, listings=listings)]
    jobs.sort(key=job_cost, reverse=True)
    totals = {stage: 0 for stage in STAGES}
    for job in jobs:
        totals[job.stage] = totals.get(job.stage, 0) + job.count
    totals["zip"] = 1
    done = dict.fromkeys(totals, 0)

    def job_done(job: PdfJob) -> None:
        done[job.stage] += job.count
        if progress is not None:
            progress(PackProgress(stage=job.stage, done=dict(done), totals=dict(totals)))

    files.update(jobs_run(jobs, progress=job_done, workers=workers))
    if progress is not None:
        progress(PackProgress(stage="zip", done=dict(done), totals=dict(totals)))
    return files


def pack_zip(*, files: dict[str, bytes]) -> bytes:
    """The ZIP of the files plus their manifest, computed last."""
    files = {name: content for name, content in files.items() if name != PACK.manifest}
    files[PACK.manifest] = json_bytes(value=manifest_of(files=files))
    return zip_of(files=files)


def _revealed_pack(*, edition: Edition, progress: ProgressCallback | None) -> tuple[Edition, list[str], bytes]:
    """The edition (read afresh), the pack's file names and the pack; refused before the reveal.

    Built outside any transaction: the build takes seconds, and a transaction held open for it kept SQLite's
    write lock from every other request (results are frozen from the reveal on: nothing to lock)."""
    edition = Edition.objects.get(pk=edition.pk)
    reveal = Reveal.objects.filter(edition=edition).first()
    if reveal is None or not edition.phase.results_known:
        raise SealStateError(
            _("The edition %(slug)s cannot be exported: its results are not revealed yet.") % {"slug": edition.slug},
            code="not_revealed",
        )
    files = pack_files(edition=edition, reveal=reveal, progress=progress)
    return edition, sorted([*files, PACK.manifest]), pack_zip(files=files)


def _pack_audit(*, edition: Edition, actor, names: list[str], pack: bytes) -> None:
    audit_append(
        action="pack.exported",
        actor=actor,
        edition=edition,
        payload={"files": names, "sha256": hashlib.sha256(pack).hexdigest()},
    )


def award_night_pack_build(*, edition: Edition, actor=None, progress: ProgressCallback | None = None) -> bytes:
    """The award-night pack of a revealed edition; refused before the reveal. Audited as `pack.exported`
    (in the caller's transaction if there is one: a pack that is not delivered is not recorded)."""
    edition, names, pack = _revealed_pack(edition=edition, progress=progress)
    with transaction.atomic():
        _pack_audit(edition=edition, actor=actor, names=names, pack=pack)
    return pack


def award_night_pack_write(
    *, edition: Edition, path: str | os.PathLike, actor=None, progress: ProgressCallback | None = None
) -> str:
    """Build the pack and write it to `path` whole or not at all; its SHA-256 (hex).

    The path is checked before the work starts (`awards.files.output_check`: the folder exists, can be written
    and has room for a pack as large as the one already there, or 1 MB); the file goes to a temporary name in
    the same folder, fsynced, and is renamed into place, so a failed or killed export leaves the previous pack
    (or none). The audit row is committed only once the file is in place.
    """
    path = Path(path)
    previous = path.stat().st_size if path.is_file() else 0
    output_check(path, needed_bytes=max(previous, 1_000_000))
    edition, names, pack = _revealed_pack(edition=edition, progress=progress)
    with transaction.atomic():
        _pack_audit(edition=edition, actor=actor, names=names, pack=pack)
        atomic_write(path, pack)
    return hashlib.sha256(pack).hexdigest()


def award_night_pack_store(
    *, edition: Edition, storage: Storage, name: str, actor=None, progress: ProgressCallback | None = None
) -> str:
    """Build the pack and put it in a storage that is not a local folder (a bucket) under `name`; its SHA-256.

    The storage must replace `name` in one operation (an S3 PUT is: readers see the previous object until the
    new one is complete, and a failed upload leaves the previous one), so a failed export never replaces a good
    pack. The audit row is committed only once the object is stored."""
    edition, names, pack = _revealed_pack(edition=edition, progress=progress)
    with transaction.atomic():
        _pack_audit(edition=edition, actor=actor, names=names, pack=pack)
        stored = storage.save(name, ContentFile(pack))
        if stored != name:
            raise OSError(f"the storage kept the pack as {stored}, not {name}: it must be set to replace files")
    return hashlib.sha256(pack).hexdigest()
