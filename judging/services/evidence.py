"""The evidence section of results.json: the assessors' measured figures beside each finalist's claims.

Written at the reveal from the opened call logs (``evidence_add``) and recomputed by ``verify_results`` from
the pack alone (``evidence_derive``): both run judging.tally.evidence over the same plain data.
"""

from awards.models import Category, Edition, Entry
from judging.selectors.rounds import finalist_entry_ids
from judging.services.results_data import plain_data
from judging.tally.evidence import Call, EvidenceSettings, evidence_edition

CLAIMED_FIELDS = (
    "service_level_percent",
    "service_level_seconds",
    "average_speed_of_answer",
    "abandonment_rate",
    "first_contact_resolution",
)


def _text(value) -> str | None:
    return None if value is None else str(value)


def evidence_derive(*, evidence: dict, entries: dict, call_listings: list[dict]) -> dict:
    """The evidence section recomputed from its own settings and claims (as results.json records them) and the
    opened call logs. ``entries``: results.json's entries (reference -> its category)."""
    settings = {code: EvidenceSettings.from_json(item) for code, item in evidence["settings"].items()}
    return plain_data(value=evidence_edition(
        settings=settings,
        entries={reference: entries[reference]["category"] for reference in evidence["entries"]},
        claimed={reference: item["claimed"] for reference, item in evidence["entries"].items()},
        calls=[(listing["entry"], Call.from_json(listing["content"])) for listing in call_listings],
    ))


def evidence_add(*, edition: Edition, document: dict, call_listings: list[dict]) -> dict:
    """The results document with its evidence section: a line per final-round entry of a corporate category and
    per entry an assessor called, with the category's threshold and target as they stand at the reveal."""
    categories = Category.objects.filter(edition=edition).order_by("code")
    settings = {
        category.code: {"threshold_seconds": category.call_threshold_seconds,
                        "target_percent": category.call_target_percent}
        for category in categories
    }
    finalists = finalist_entry_ids(edition=edition)
    called = {listing["entry_id"] for listing in call_listings}
    rows = Entry.objects.filter(category__edition=edition).exclude(category__kind=Category.Kind.INDIVIDUAL).order_by()
    claimed = {}
    for entry in rows.only("number", "status", *CLAIMED_FIELDS):
        listed = entry.reference in document["entries"]
        in_final = finalists is None or entry.pk in finalists
        if listed and (entry.pk in called or (in_final and entry.status == Entry.Status.SUBMITTED)):
            claimed[entry.reference] = {name: _text(getattr(entry, name)) for name in CLAIMED_FIELDS}
    skeleton = {"settings": settings, "entries": {reference: {"claimed": item} for reference, item in claimed.items()}}
    evidence = evidence_derive(evidence=skeleton, entries=document["entries"], call_listings=call_listings)
    return {**document, "evidence": evidence}
