"""Entries: create, update, submit, withdraw. Every rule is checked here, on the server."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.audit import audit_append
from awards.eligibility import company_may_enter
from awards.models import Category, Company, Edition, Entry
from awards.permissions import entry_can_submit, entry_can_withdraw, entry_is_editable
from awards.selectors import category_fits_company, entry_number_next
from awards.services.outbox import outbox_queue

NARRATIVE_FIELDS = (
    "narrative_infrastructure",
    "narrative_technology",
    "narrative_communication",
    "narrative_people",
)
# Company-wide operational figures: corporate categories only.
FIGURE_FIELDS = (
    "agent_seats",
    "inbound_contacts_yearly",
    "outbound_contacts_yearly",
    "service_level_percent",
    "service_level_seconds",
    "average_speed_of_answer",
    "abandonment_rate",
    "first_contact_resolution",
    "customer_satisfaction",
    "agent_attrition",
)
NOMINEE_FIELDS = ("nominee_name", "nominee_role", "nominee_years_in_role")
# Where the assessors' mystery calls go: optional, corporate categories only.
CONTACT_FIELDS = ("mystery_call_numbers",)
# The author's account may be gone (SET_NULL): that must not make the entry unsaveable.
KEEP_AS_IS = ["created_by"]


def entry_fields_for(*, category: Category) -> tuple[str, ...]:
    """The fields a participant fills in for an entry of this category."""
    specific = NOMINEE_FIELDS if category.is_individual else (*FIGURE_FIELDS, *CONTACT_FIELDS)
    return ("title", *NARRATIVE_FIELDS, *specific)


def entry_missing_fields(*, entry: Entry) -> list[str]:
    """Labels of the fields that must be filled in before the entry can be submitted."""
    required = (*NARRATIVE_FIELDS, *(NOMINEE_FIELDS if entry.category.is_individual else FIGURE_FIELDS))
    missing = []
    for name in ("title", *required):
        value = getattr(entry, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(str(Entry._meta.get_field(name).verbose_name))
    return missing


def _check_service_level(entry: Entry) -> None:
    if (entry.service_level_percent is None) != (entry.service_level_seconds is None):
        raise ValidationError(
            {"service_level_seconds": _("Give the service level as both a percentage and seconds, or neither.")}
        )


@transaction.atomic
def entry_create(*, company: Company, category: Category, user, title: str) -> Entry:
    """A new draft. Refused outside registration, for the wrong seat class, or over the company's limit."""
    # Lock the company row: two clicks at once cannot both pass the limit check.
    Company.objects.select_for_update().get(pk=company.pk)
    category = Category.objects.select_related("edition").get(pk=category.pk)
    if not company_may_enter(company=company, edition=category.edition):
        raise ValidationError(_("Registration for %(edition)s is not open.") % {"edition": category.edition.name})
    if not category_fits_company(category=category, company=company):
        raise ValidationError(
            _("%(category)s is for companies with %(seats)s.")
            % {"category": category.name, "seats": category.get_seat_class_display()}
        )
    used = (
        Entry.objects.filter(company=company, category=category).exclude(status=Entry.Status.WITHDRAWN).count()
    )
    if used >= category.max_entries_per_company:
        raise ValidationError(
            _("Your company already has %(count)d entries in %(category)s, the most allowed.")
            % {"count": used, "category": category.name}
        )
    # Lock the edition row: two entries made at once cannot take the same number.
    edition = Edition.objects.select_for_update().get(pk=category.edition_id)
    entry = Entry(
        company=company, category=category, title=title.strip(), created_by=user,
        number=entry_number_next(edition=edition),
    )
    if not category.is_individual:
        entry.agent_seats = company.agent_seats
    entry.full_clean(exclude=KEEP_AS_IS)
    entry.save()
    return entry


@transaction.atomic
def entry_update(*, entry: Entry, user, data: dict) -> Entry:
    """Save a draft. Partial answers are fine; what is given must be valid."""
    entry = Entry.objects.select_for_update().select_related("category__edition", "company").get(pk=entry.pk)
    if not entry_is_editable(entry):
        raise ValidationError(_("This entry can no longer be changed."))
    allowed = set(entry_fields_for(category=entry.category))
    for name, value in data.items():
        if name in allowed:
            setattr(entry, name, value.strip() if isinstance(value, str) else value)
    entry.full_clean(exclude=KEEP_AS_IS)
    _check_service_level(entry)
    entry.save()
    return entry


def _queue_submitted_email(*, entry: Entry, user_email: str) -> None:
    context = {"entry": entry, "site_url": settings.SITE_URL}
    subject = _("Entry %(reference)s submitted: %(title)s") % {"reference": entry.reference, "title": entry.title}
    body = render_to_string("awards/email/entry_submitted.txt", context)
    outbox_queue(
        kind="entry.submitted", to=user_email, subject=subject, body=body, edition=entry.category.edition,
        attachment={"kind": "entry_receipt", "pk": entry.pk}, prefix=False,
    )


@transaction.atomic
def entry_submit(*, entry: Entry, user) -> Entry:
    """Submit a complete draft before the deadline. Submitting twice changes nothing the second time.

    The confirmation e-mail is written to the outbox in the same transaction; the worker sends it with the
    receipt PDF attached.
    """
    entry = Entry.objects.select_for_update().select_related("category__edition", "company").get(pk=entry.pk)
    if entry.status == Entry.Status.SUBMITTED:
        return entry
    resubmission = entry.status == Entry.Status.RETURNED
    if not entry_can_submit(entry):
        raise ValidationError(_("This entry can no longer be submitted."))
    missing = entry_missing_fields(entry=entry)
    if missing:
        raise ValidationError(_("Before submitting, fill in: %(fields)s.") % {"fields": ", ".join(missing)})
    _check_service_level(entry)
    entry.status = Entry.Status.SUBMITTED
    entry.submitted_at = timezone.now()
    entry.full_clean(exclude=KEEP_AS_IS)
    entry.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_append(
        action="entry.resubmitted" if resubmission else "entry.submitted",
        actor=user,
        edition=entry.category.edition,
        payload={"entry": entry.pk, "reference": entry.reference, "company": entry.company_id},
    )
    if user.email:
        _queue_submitted_email(entry=entry, user_email=user.email)
    return entry


@transaction.atomic
def entry_withdraw(*, entry: Entry, user) -> Entry:
    """Withdraw a submitted entry before registration closes; its place in the category is freed."""
    entry = Entry.objects.select_for_update().select_related("category__edition", "company").get(pk=entry.pk)
    if entry.status == Entry.Status.WITHDRAWN:
        return entry
    if not entry_can_withdraw(entry):
        raise ValidationError(_("This entry can no longer be withdrawn."))
    entry.status = Entry.Status.WITHDRAWN
    entry.accepted_at = None
    entry.withdrawn_at = timezone.now()
    entry.full_clean(exclude=KEEP_AS_IS)
    entry.save(update_fields=["status", "accepted_at", "withdrawn_at", "updated_at"])
    audit_append(
        action="entry.withdrawn",
        actor=user,
        edition=entry.category.edition,
        payload={"entry": entry.pk, "reference": entry.reference, "company": entry.company_id},
    )
    return entry


@transaction.atomic
def entry_delete_draft(*, entry: Entry, user) -> None:
    """Delete a draft that was never submitted, with its documents; frees the company's place in the category."""
    entry = Entry.objects.select_for_update().select_related("category__edition").get(pk=entry.pk)
    if not entry_is_editable(entry):
        raise ValidationError(_("Only a draft can be deleted, and only while registration is open."))
    files = [(document.file.storage, document.file.name) for document in entry.documents.all()]
    reference = entry.reference
    edition = entry.category.edition
    audit_append(
        action="entry.draft_deleted",
        actor=user,
        edition=edition,
        payload={"entry": entry.pk, "reference": reference, "company": entry.company_id},
    )
    entry.delete()
    for storage, name in files:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
