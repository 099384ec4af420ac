"""The evidence section of results.json: the assessors' measured figures beside each finalist's claims, and their
site visits' checklist figures.

Written at the reveal from the opened call logs and site visits (``evidence_section``) and recomputed by
``verify_results`` from the pack alone (``evidence_derive``): both run judging.tally.evidence over the same plain
data.
"""

from awards.models import Category, Edition, Entry
from judging.models import SiteVisitItem
from judging.selectors.assignments import final_round_of
from judging.selectors.rounds import finalist_entry_ids
from judging.selectors.rubrics import rubrics_of_round
from judging.services.results_data import plain_data
from judging.tally.evidence import Call, EvidenceSettings, Visit, evidence_edition, scorecards_with_evidence

CLAIMED_FIELDS = (
    "service_level_percent",
    "service_level_seconds",
    "average_speed_of_answer",
    "abandonment_rate",
    "first_contact_resolution",
)


def _text(value) -> str | None:
    return None if value is None else str(value)


def evidence_derive(*, evidence: dict, entries: dict, call_listings: list[dict], visit_listings=()) -> dict:
    """The evidence section recomputed from its own settings, claims and checklists (as results.json records
    them) and the opened call logs and site visits. ``entries``: results.json's entries (reference -> its
    category)."""
    settings = {code: EvidenceSettings.from_json(item) for code, item in evidence["settings"].items()}
    return plain_data(
        value=evidence_edition(
            settings=settings,
            entries={reference: entries[reference]["category"] for reference in evidence["entries"]},
            claimed={reference: item["claimed"] for reference, item in evidence["entries"].items()},
            calls=[(listing["entry"], Call.from_json(listing["content"])) for listing in call_listings],
            visits=[(listing["entry"], Visit.from_json(listing["content"])) for listing in visit_listings],
            checklists=evidence.get("checklists"),
        )
    )


def checklists_document(*, edition: Edition) -> dict[str, list[dict]]:
    """Per category code, its site-visit checklist as the results name it (code and both labels, in order)."""
    items = SiteVisitItem.objects.filter(category__edition=edition).select_related("category")
    checklists: dict[str, list[dict]] = {}
    for item in items.order_by("category__code", "position", "pk"):
        checklists.setdefault(item.category.code, []).append(
            {"code": item.code, "label_en": item.label_en, "label_id": item.label_id}
        )
    return checklists


def evidence_section(*, edition: Edition, entries: dict, call_listings: list[dict], visit_listings=()) -> dict:
    """results.json's evidence section: a line per final-round entry of a corporate category and per entry an
    assessor called or visited, with the category's threshold, target and scored criterion as they stand at the
    reveal (a criterion that is not in the category's rubric is left out) and, with site visits, the checklists.
    ``entries``: results.json's entries."""
    categories = Category.objects.filter(edition=edition).order_by("code")
    codes = criterion_codes(edition=edition)
    settings = {
        category.code: {
            "threshold_seconds": category.call_threshold_seconds,
            "target_percent": category.call_target_percent,
            "criterion": category.call_criterion if category.call_criterion in codes.get(category.pk, ()) else "",
        }
        for category in categories
    }
    finalists = finalist_entry_ids(edition=edition)
    called = {listing["entry_id"] for listing in [*call_listings, *visit_listings]}
    rows = Entry.objects.filter(category__edition=edition).exclude(category__kind=Category.Kind.INDIVIDUAL).order_by()
    claimed = {}
    for entry in rows.only("number", "status", *CLAIMED_FIELDS):
        listed = entry.reference in entries
        in_final = finalists is None or entry.pk in finalists
        if listed and (entry.pk in called or (in_final and entry.status == Entry.Status.SUBMITTED)):
            claimed[entry.reference] = {name: _text(getattr(entry, name)) for name in CLAIMED_FIELDS}
    skeleton = {"settings": settings, "entries": {reference: {"claimed": item} for reference, item in claimed.items()}}
    if visit_listings:
        skeleton["checklists"] = checklists_document(edition=edition)
    return evidence_derive(
        evidence=skeleton, entries=entries, call_listings=call_listings, visit_listings=visit_listings
    )


def criterion_codes(*, edition: Edition) -> dict[int, set[str]]:
    """Per category id, the codes of its rubric's criteria in the final round (where the evidence is scored: a
    finals rubric of its own replaces the category's rubric there)."""
    rubrics = rubrics_of_round(edition=edition, round=final_round_of(edition=edition))
    return {
        category_id: {criterion.code for criterion in rubric.criteria.all()} for category_id, rubric in rubrics.items()
    }


def tally_listings(*, listings: list[dict], evidence: dict | None, entries: dict) -> list[dict]:
    """The final round's scorecards as the tally takes them (judging.tally.evidence.scorecards_with_evidence)."""
    if not evidence:
        return listings
    categories = {reference: entry["category"] for reference, entry in entries.items()}
    return scorecards_with_evidence(listings=listings, evidence=evidence, categories=categories)
