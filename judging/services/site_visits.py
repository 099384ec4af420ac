"""Site visits: an assessor visits a finalist and answers its category's checklist (each item met, not met or not
seen, with notes). A visit is sealed on submit exactly like a call log (judging.services.sealed_evidence) and
opened with the call logs at the reveal. The organisers write each category's checklist here too: it is frozen
for a category once a visit to one of its entrants is sealed, so that every visit answers the same items."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.audit import audit_append
from awards.models import Category, Edition, Entry
from judging.models import (
    CHECKLIST_ITEMS_MAX,
    VISIT_ITEM_NOTES_MAX_LENGTH,
    VISIT_NOTES_MAX_LENGTH,
    Assessor,
    SiteVisit,
    SiteVisitItem,
)
from judging.services.call_logs import OLDEST_CALL, notes_clean
from judging.services.sealed_evidence import SITE_VISITS, evidence_all_open, evidence_seal
from judging.tally.evidence import VISIT_ANSWERS


def visit_content_clean(*, items: list[SiteVisitItem], visited_on, answers: dict, notes: str = "") -> dict:
    """The visit as the sealed record holds it, every value checked. ``answers``: item code -> (answer, notes)
    for every item of the category's checklist ``items``; ``ValidationError`` names what is wrong."""
    if not items:
        raise ValidationError(
            _("The organisers have not written a site-visit checklist for this category yet: nothing was saved."),
            code="no_checklist",
        )
    if not isinstance(visited_on, dt.date) or isinstance(visited_on, dt.datetime):
        raise ValidationError(_("Give the date of the visit."))
    today = timezone.localdate()
    if visited_on > today:
        raise ValidationError(_("The visit cannot be in the future: check the date."), code="future")
    if visited_on < today - OLDEST_CALL:
        raise ValidationError(_("The visit is more than 120 days old: check the date."), code="too_old")
    codes = [item.code for item in items]
    if set(answers) != set(codes):
        raise ValidationError(_("Answer every item of the checklist, and only those."), code="items")
    answered = []
    for item in items:
        answer, item_notes = answers[item.code]
        if answer not in VISIT_ANSWERS:
            raise ValidationError(
                _("Answer “%(item)s” with met, not met or not seen.") % {"item": item.label_shown}, code="answer"
            )
        answered.append(
            {"code": item.code, "answer": answer, "notes": notes_clean(item_notes, limit=VISIT_ITEM_NOTES_MAX_LENGTH)}
        )
    return {
        "visited_on": visited_on.isoformat(),
        "items": answered,
        "notes": notes_clean(notes, limit=VISIT_NOTES_MAX_LENGTH),
    }


def site_visit_submit(*, assessor: Assessor, entry: Entry, visit: dict, actor) -> SiteVisit:
    """Seal one site visit. ``visit`` holds ``visit_content_clean``'s arguments but the checklist, which is the
    entry's category's as it stands in the sealing transaction."""

    def clean() -> dict:
        items = list(SiteVisitItem.objects.filter(category_id=entry.category_id).order_by("position", "pk"))
        return visit_content_clean(items=items, **visit)

    return evidence_seal(kind=SITE_VISITS, assessor=assessor, entry=entry, clean=clean, actor=actor)


def site_visits_open(*, edition: Edition, private_key) -> list[dict]:
    """Every site visit of the edition, opened and listed, in commitment order."""
    return evidence_all_open(kind=SITE_VISITS, edition=edition, private_key=private_key)


# --- The organisers' checklists --------------------------------------------------------------------------------


def _refuse_when_frozen(category: Category) -> None:
    if SiteVisit.objects.filter(entry__category=category).exists():
        raise ValidationError(
            _("A site visit to this category is already sealed: its checklist can no longer change."), code="frozen"
        )


@transaction.atomic
def checklist_item_add(*, category: Category, code: str, label_en: str, label_id: str, actor) -> SiteVisitItem:
    """Add an item at the end of the category's checklist."""
    Category.objects.select_for_update().get(pk=category.pk)  # two organisers adding at once get distinct places
    _refuse_when_frozen(category)
    existing = SiteVisitItem.objects.filter(category=category)
    if existing.count() >= CHECKLIST_ITEMS_MAX:
        raise ValidationError(
            _("A checklist has at most %(max)s items.") % {"max": CHECKLIST_ITEMS_MAX}, code="too_many"
        )
    if existing.filter(code=code).exists():
        raise ValidationError(_("This checklist already has an item with the code “%(code)s”.") % {"code": code})
    last = existing.aggregate(last=Max("position"))["last"]
    item = SiteVisitItem(
        category=category,
        code=code,
        label_en=" ".join(label_en.split()),
        label_id=" ".join(label_id.split()),
        position=0 if last is None else last + 1,
    )
    item.full_clean()
    item.save()
    audit_append(
        action="site_visit.checklist_changed",
        actor=actor,
        edition=category.edition,
        payload={"category": category.code, "added": code},
    )
    return item


@transaction.atomic
def checklist_item_remove(*, item: SiteVisitItem, actor) -> None:
    category = Category.objects.select_for_update().select_related("edition").get(pk=item.category_id)
    _refuse_when_frozen(category)
    item.delete()
    audit_append(
        action="site_visit.checklist_changed",
        actor=actor,
        edition=category.edition,
        payload={"category": category.code, "removed": item.code},
    )
