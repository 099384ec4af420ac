"""Per-entry feedback reports: the entry's figures against its category, and the judges' comments.

The figures are the tally's own, as the reveal stored them in `Reveal.results` (results.json): per area
the mean over the entry's judges of their area value (0-100, like the results page), the overall
score, the number of scorecards. The category average of an area is the mean of those published
figures over the category's scored entries, and the best is their highest, rounded half up to 2
places with the tally's `round2`.

Comments come from the opened scorecards: only the comment each judge wrote for the entrant, never
the private per-area notes, never a judge's name or pseudonym, sorted by their text so that no order
hints at who wrote what. The pack builds them from the scorecards it has already opened; the
participant's download opens only that entry's scorecards with the key the reveal kept.
"""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.template.loader import render_to_string

from awards import pdf
from awards.award_texts import AWARD_LABELS, JOINT_LABEL
from awards.models import Edition, Entry
from judging import sealing
from judging.models import AREA_ORDER, Reveal
from judging.pack import PACK
from judging.services.reveal import scorecard_listing, scorecard_open
from judging.services.seal import scorecards_latest
from judging.tally import round2

# Fixed bilingual wording (the report shows Indonesian with English beneath, whatever the reader's language).
AREA_LABELS: dict[str, tuple[str, str]] = {
    "infrastructure": ("Infrastruktur", "Infrastructure"),
    "technology": ("Teknologi", "Technology"),
    "communication": ("Komunikasi", "Communication"),
    "people": ("Sumber Daya Manusia", "People and HR"),
}
METHOD_LABELS: dict[str, tuple[str, str]] = {
    "mean": ("rata-rata total para juri", "mean of the judges' totals"),
    "trimmed_mean": (
        "rata-rata terpangkas: total tertinggi dan terendah tidak dihitung",
        "trimmed mean: the highest and the lowest judge's totals are dropped",
    ),
}


@dataclass(frozen=True)
class AreaFigures:
    """One area of one entry: the entry's value, the category average and best (0-100, 2 places)."""

    code: str
    label_id: str
    label_en: str
    weight: int
    entry: Decimal
    average: Decimal
    best: Decimal


@dataclass(frozen=True)
class FeedbackData:
    entry_id: int
    reference: str
    title: str
    company: str
    category: str
    category_name_id: str
    category_name_en: str
    edition_name: str
    edition_year: int
    scorecards: int
    score: Decimal | None
    score_average: Decimal | None
    score_best: Decimal | None
    method: str | None
    normalised: bool
    below_minimum: bool
    min_scorecards: int
    award: str | None
    joint: bool
    entries_compared: int
    areas: tuple[AreaFigures, ...]
    comments: tuple[str, ...]
    # The assessors' measured figures beside the entrant's claims (results.json "evidence"), when it was called.
    evidence: dict | None = None
    evidence_settings: dict | None = None
    # The category's site-visit checklist (results.json "evidence.checklists"), when the entrant was visited.
    checklist: tuple = ()

    @property
    def filename(self) -> str:
        return PACK.feedback(self.reference)


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return round2(sum((Fraction(value) for value in values), Fraction(0)) / len(values))


def _comments(listings: list[dict]) -> dict[str, list[str]]:
    """Per entry reference, the judges' comments for the entrant: no author, sorted by text."""
    by_entry: dict[str, list[str]] = {}
    for listing in listings:
        text = str(listing["content"].get("comment") or "").strip()
        if text:
            by_entry.setdefault(listing["entry"], []).append(text)
    return {reference: sorted(texts) for reference, texts in by_entry.items()}


def feedback_reports(*, results: dict, listings: list[dict], references=None) -> dict[str, FeedbackData]:
    """Feedback per entry reference from the results document and the opened scorecards (plain data).

    `references` limits the reports to those entries (the listings need hold only their scorecards);
    by default every entry of the results document gets one.
    """
    wanted = None if references is None else set(references)
    comments = _comments(listings)
    evidence = results.get("evidence") or {"entries": {}, "settings": {}}
    categories = {category["code"]: category for category in results["categories"]}
    reports = {}
    for block in results["rankings"]:
        category = categories[block["category"]]
        weights = (category["rubric"] or {}).get("weights", {})
        scored = [row for row in block["entries"] if row["scorecards"]]
        averages = {code: _mean([Decimal(row["areas"][code]) for row in scored]) for code in AREA_ORDER}
        bests = {code: max((Decimal(row["areas"][code]) for row in scored), default=None) for code in AREA_ORDER}
        scores = [Decimal(row["score"]) for row in scored]
        for row in block["entries"]:
            reference = row["entry"]
            if wanted is not None and reference not in wanted:
                continue
            entry = results["entries"][reference]
            areas = ()
            if row["scorecards"]:
                areas = tuple(
                    AreaFigures(
                        code=code,
                        label_id=AREA_LABELS[code][0],
                        label_en=AREA_LABELS[code][1],
                        weight=int(weights.get(code, 0)),
                        entry=Decimal(row["areas"][code]),
                        average=averages[code],
                        best=bests[code],
                    )
                    for code in AREA_ORDER
                )
            reports[reference] = FeedbackData(
                entry_id=entry["id"],
                reference=reference,
                title=entry["title"],
                company=entry["company"],
                category=block["category"],
                category_name_id=block["name_id"],
                category_name_en=block["name_en"],
                edition_name=results["edition"]["name"],
                edition_year=results["edition"]["year"],
                scorecards=row["scorecards"],
                score=_decimal(row["score"]),
                score_average=_mean(scores),
                score_best=max(scores, default=None),
                method=row["method"],
                normalised=bool(block["settings"]["normalise"]),
                below_minimum=row["below_minimum"],
                min_scorecards=block["settings"]["min_scorecards"],
                award=row["award"],
                joint=row["joint"],
                entries_compared=len(scored),
                areas=areas,
                comments=tuple(comments.get(reference, ())),
                evidence=evidence["entries"].get(reference),
                evidence_settings=evidence["settings"].get(block["category"]),
                checklist=tuple((evidence.get("checklists") or {}).get(block["category"], ())),
            )
    return reports


def feedback_data(*, edition: Edition, entries: list[Entry] | None = None) -> dict[int, FeedbackData]:
    """Feedback per entry id of a revealed edition, opening the latest scorecards with the reveal's key.

    `entries` limits the work to those entries (only their scorecards are opened); by default every
    entry of the results gets a report. Raises `Reveal.DoesNotExist` before the reveal.
    """
    reveal = Reveal.objects.get(edition=edition)
    private_key = sealing.private_key_from_pem(bytes(reveal.private_key_pem))
    cards = scorecards_latest(edition=edition)
    references = None
    if entries is not None:
        cards = cards.filter(entry__in=entries)
        references = [entry.reference for entry in entries]
    listings = [
        scorecard_listing(card=card, payload=scorecard_open(private_key=private_key, edition=edition, card=card))
        for card in cards
    ]
    reports = feedback_reports(results=reveal.results, listings=listings, references=references)
    return {report.entry_id: report for report in reports.values()}


# --- The PDF --------------------------------------------------------------------------------------


def _award_labels(report: FeedbackData) -> tuple[str, str] | None:
    if not report.award:
        return None
    label_id, label_en = AWARD_LABELS[report.award]
    if report.joint:
        return f"{label_id} ({JOINT_LABEL[0]})", f"{label_en} ({JOINT_LABEL[1]})"
    return label_id, label_en


def _bars(area: AreaFigures) -> list[dict]:
    """The area's three bars (the template colours them by kind, as the legend): a value of 0-100 is its width in
    % of the chart, at least a sliver."""
    values = (("you", area.entry), ("avg", area.average), ("top", area.best))
    return [{"kind": kind, "width": max(Decimal("0.5"), value)} for kind, value in values]


# The measured figures the chart shows, each on a 0-100 % scale: (key in "measured", claim's key, Indonesian, English)
EVIDENCE_BARS = (
    ("service_level", "service_level_percent", "Tingkat layanan", "Service level"),
    ("abandonment_rate", "abandonment_rate", "Panggilan ditinggalkan", "Abandoned calls"),
    ("resolution_rate", "first_contact_resolution", "Pertanyaan terselesaikan", "Questions resolved"),
)
EVIDENCE_COLOURS = {"claimed": "#a9b1bf", "measured": "#1b2a4a", "target": "#b08d3c"}


def _evidence_rows(report: FeedbackData) -> list[dict]:
    """Per charted figure: the claim and the measurement as bars (None where there is no figure), and for the
    service level the category's target as a line."""
    evidence = report.evidence
    if not evidence or not evidence.get("measured"):
        return []
    rows = []
    for key, claim_key, label_id, label_en in EVIDENCE_BARS:
        claimed = _decimal(evidence["claimed"].get(claim_key))
        measured = _decimal(evidence["measured"].get(key))
        gap = (evidence.get("gaps") or {}).get(key)
        target = None
        if key == "service_level" and report.evidence_settings:
            target = Decimal(report.evidence_settings["target_percent"])
        rows.append({
            "label_id": label_id, "label_en": label_en, "claimed": claimed, "measured": measured,
            "target": target, "large_gap": bool(gap and gap["large"]),
            "bars": [
                {"colour": EVIDENCE_COLOURS[kind], "width": max(Decimal("0.5"), value), "y": Decimal("0.5") + 5 * i}
                for i, (kind, value) in enumerate((("claimed", claimed), ("measured", measured)))
                if value is not None
            ],
        })
    return rows


def _visit_rows(report: FeedbackData) -> list[dict]:
    """Per checklist item the entrant's visits answered: its labels and how often it was met, not met or not
    seen. No assessor and no note: those stay with the organisers' pack."""
    visits = (report.evidence or {}).get("site_visits")
    if not visits:
        return []
    labels = {item["code"]: item for item in report.checklist}
    return [
        {
            "label_id": labels.get(item["code"], {}).get("label_id", item["code"]),
            "label_en": labels.get(item["code"], {}).get("label_en", item["code"]),
            "met": item["yes"],
            "not_met": item["no"],
            "not_seen": item["not_seen"],
        }
        for item in visits["items"]
    ]


def feedback_context(*, report: FeedbackData) -> dict:
    heading = report.edition_name
    if str(report.edition_year) not in heading:
        heading = f"{heading} · {report.edition_year}"
    return {
        "report": report,
        "edition_heading": heading,
        "areas": [{"area": area, "bars": _bars(area)} for area in report.areas],
        "award": _award_labels(report),
        "method": METHOD_LABELS.get(report.method or ""),
        "grid": [0, 25, 50, 75, 100],
        "evidence_rows": _evidence_rows(report),
        "visit_rows": _visit_rows(report),
    }


REPORT_TEMPLATE = "pdf/feedback/report.html"


# Reports per WeasyPrint document in the pack, from the largest batch to the smallest: small enough to keep each
# process's memory low, large enough that loading the style sheet per document stays small (about 15 ms a
# document, measured: 19 documents instead of 6 for the demo's 75 reports cost 0.2 CPU-s more), and shrinking so
# that the pack's two processes finish together (`awards.pdf.batches_tapered`).
PACK_BATCH = 12
PACK_BATCH_SMALLEST = 3


def feedback_job(*, reports: list[FeedbackData]) -> pdf.PdfJob:
    """The reports as one HTML document, each starting at its `report-<reference>` anchor, split per report.

    One document loads the fonts and the style sheet once for all its reports; each report numbers its own
    pages (a page group per report) and its file keeps only what its own pages draw."""
    html = render_to_string(REPORT_TEMPLATE, {"reports": [feedback_context(report=report) for report in reports]})
    return pdf.PdfJob(
        html=html,
        anchors=tuple(f"report-{report.reference}" for report in reports),
        filenames=tuple(report.filename for report in reports),
        stage="feedback",
        count=len(reports),
    )


def feedback_jobs(*, reports: list[FeedbackData]) -> list[pdf.PdfJob]:
    """The reports in batches from `PACK_BATCH` down to `PACK_BATCH_SMALLEST`, largest first, a job each (to lay out
    with `awards.pdf.jobs_run`)."""
    return [
        feedback_job(reports=batch)
        for batch in pdf.batches_tapered(reports, largest=PACK_BATCH, smallest=PACK_BATCH_SMALLEST)
    ]


def feedback_pdfs_of(*, reports: list[FeedbackData]) -> dict[str, bytes]:
    """Each report as its own PDF (by file name)."""
    if not reports:
        return {}
    files = pdf.jobs_run(feedback_jobs(reports=reports))
    return {report.filename: files[report.filename] for report in reports}


def feedback_pdf(*, report: FeedbackData) -> bytes:
    """One entry's feedback report, A4, Indonesian with English beneath, bundled fonts only."""
    return pdf.job_run(feedback_job(reports=[report]))[report.filename]


def feedback_pdfs(*, edition: Edition, reveal: Reveal, listings: list[dict]) -> list[pdf.PdfJob]:
    """`feedback/<reference>.pdf` for every entry with scorecards (a pack part: its PDF jobs).

    Built from the reveal's results and the scorecards the pack has already opened: no second decryption.
    """
    reports = feedback_reports(results=reveal.results, listings=listings)
    return feedback_jobs(reports=[report for report in reports.values() if report.scorecards])
