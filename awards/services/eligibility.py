"""The organisers' eligibility review before judging, and later entry deadlines for one company or entry.

Each submitted entry is accepted (it goes to judging), returned to its entrant with a reason and a date to
resubmit it by, or withdrawn with a reason. Every decision locks the entry row, checks that the entry still
stands where the organiser saw it (two organisers reviewing the same entry: the second is told, nothing
changes), is written to the audit log, and tells the entrant's contacts by e-mail through the outbox in the
same transaction. Only while the edition's phase has `eligibility_review_open` (registration): once judging
opens the entries are frozen.

Other apps learn of an accepted entry through ``on_entry_accepted`` (the judging app finds automatic conflicts
of interest with the entry's company there), called inside the decision's transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from awards.audit import audit_append
from awards.communications import language_or_both
from awards.models import Company, CompanyContact, DeadlineExtension, Edition, Entry
from awards.services.outbox import outbox_queue

REASON_MAX_LENGTH = 2000

_accepted_hooks: list[Callable[[Entry], None]] = []


def on_entry_accepted(hook: Callable[[Entry], None]) -> None:
    """Have ``hook(entry)`` called, in the decision's transaction, whenever an entry is accepted for judging
    (registered once, from another app's ``AppConfig.ready``)."""
    if hook not in _accepted_hooks:
        _accepted_hooks.append(hook)


def _locked(entry: Entry) -> Entry:
    return Entry.objects.select_for_update().select_related("category__edition", "company").get(pk=entry.pk)


def _check_review_open(entry: Entry) -> None:
    edition = entry.category.edition
    if not edition.phase.eligibility_review_open:
        raise ValidationError(
            _("Entries are reviewed while registration runs; %(edition)s is “%(state)s”.")
            % {"edition": edition.name, "state": edition.get_state_display()},
            code="review_closed",
        )


def _check_seen(entry: Entry, seen: str) -> None:
    """Refuse a decision taken on a page that showed the entry in another state than it is in now."""
    if seen and seen != entry.review:
        raise ValidationError(
            _("Someone changed this entry meanwhile: it is now “%(review)s”. Look at it again before deciding.")
            % {"review": entry.get_review_display()},
            code="changed",
        )


def _clean_reason(reason: str, *, field: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: _("Give a reason: the entrant reads it.")}, code="reason_missing")
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {field: _("Keep the reason under %(count)d characters.") % {"count": REASON_MAX_LENGTH}},
            code="reason_long",
        )
    return reason


def _check_deadline(*, edition: Edition, when: datetime | None, field: str) -> datetime:
    """A deadline in the future and no later than judging opens (the entries freeze then)."""
    if when is None:
        raise ValidationError({field: _("Give the date and time.")}, code="deadline_missing")
    if when <= timezone.now():
        raise ValidationError({field: _("The deadline must be in the future.")}, code="deadline_past")
    if when > edition.judging_opens:
        raise ValidationError(
            {
                field: _("The deadline must be no later than judging opens (%(date)s).")
                % {"date": _when(edition.judging_opens)}
            },
            code="deadline_after_judging",
        )
    return when


def _when(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value), "j F Y H:i")


def _company_emails_by_language(company: Company) -> dict[str, list[str]]:
    """The company's active contacts' addresses, by the language their e-mails are written in ("id", "en", or
    "id+en" for those whose language is not known)."""
    by_language: dict[str, list[str]] = {}
    contacts = (
        CompanyContact.objects.filter(company=company, user__is_active=True)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", "user__profile__language")
    )
    for email, language in contacts:
        by_language.setdefault(language_or_both(language or ""), []).append(email)
    return by_language


def _in_languages(language: str, text: Callable[[], str], joiner: str) -> str:
    parts = []
    for code in language.split("+"):
        with translation.override(code):
            parts.append(text())
    return joiner.join(parts)


def _tell_company(*, kind: str, company: Company, edition: Edition, template: str, subject, context: dict) -> None:
    """Tell each contact of the company, in their own language (both, Indonesian first, when it is not known)."""
    context = {**context, "company": company, "edition": edition, "site_url": settings.SITE_URL.rstrip("/")}
    for language, recipients in _company_emails_by_language(company).items():
        outbox_queue(
            kind=kind,
            to=recipients,
            edition=edition,
            language=language,
            subject=_in_languages(language, subject, " / "),
            body=_in_languages(language, lambda: render_to_string(template, context).strip(), "\n\n---\n\n") + "\n",
        )


def _payload(entry: Entry, **extra) -> dict:
    return {"entry": entry.pk, "reference": entry.reference, "company": entry.company_id, **extra}


@transaction.atomic
def entry_accept(*, entry: Entry, actor, seen: str = "") -> Entry:
    """Accept a submitted entry for judging. Accepting an accepted entry changes nothing."""
    entry = _locked(entry)
    _check_review_open(entry)
    _check_seen(entry, seen)
    if entry.review == Entry.Review.ACCEPTED:
        return entry
    if entry.review != Entry.Review.AWAITING:
        raise ValidationError(
            _("Only a submitted entry can be accepted; this one is “%(review)s”.")
            % {"review": entry.get_review_display()},
            code="not_submitted",
        )
    entry.accepted_at = timezone.now()
    entry.full_clean(exclude=["created_by"])
    entry.save(update_fields=["accepted_at", "updated_at"])
    audit_append(action="entry.accepted", actor=actor, edition=entry.category.edition, payload=_payload(entry))
    for hook in _accepted_hooks:
        hook(entry)
    return entry


@transaction.atomic
def entry_return(*, entry: Entry, actor, reason: str, resubmit_by: datetime | None, seen: str = "") -> Entry:
    """Send a submitted entry (accepted or not) back to its entrant, who may change it and submit it again until
    ``resubmit_by``. The entrant's contacts are told why by e-mail."""
    entry = _locked(entry)
    _check_review_open(entry)
    _check_seen(entry, seen)
    if entry.status != Entry.Status.SUBMITTED:
        raise ValidationError(
            _("Only a submitted entry can be returned; this one is “%(review)s”.")
            % {"review": entry.get_review_display()},
            code="not_submitted",
        )
    reason = _clean_reason(reason, field="reason")
    resubmit_by = _check_deadline(edition=entry.category.edition, when=resubmit_by, field="resubmit_by")
    entry.status = Entry.Status.RETURNED
    entry.accepted_at = None
    entry.returned_at = timezone.now()
    entry.return_reason = reason
    entry.resubmit_by = resubmit_by
    entry.full_clean(exclude=["created_by"])
    entry.save(update_fields=["status", "accepted_at", "returned_at", "return_reason", "resubmit_by", "updated_at"])
    edition = entry.category.edition
    audit_append(
        action="entry.returned",
        actor=actor,
        edition=edition,
        payload=_payload(entry, reason=reason, resubmit_by=resubmit_by.isoformat()),
    )
    _tell_company(
        kind="entry.returned",
        company=entry.company,
        edition=edition,
        template="awards/email/entry_returned.txt",
        subject=lambda: _("Entry %(reference)s returned for changes") % {"reference": entry.reference},
        context={
            "entry": entry,
            "entry_url": settings.SITE_URL.rstrip("/") + reverse("awards:entry_edit", args=[entry.pk]),
        },
    )
    return entry


@transaction.atomic
def entry_withdraw_by_organiser(*, entry: Entry, actor, reason: str, seen: str = "") -> Entry:
    """Take a submitted or returned entry out of the competition, saying why; the entrant's contacts are told."""
    entry = _locked(entry)
    _check_review_open(entry)
    _check_seen(entry, seen)
    if entry.status not in (Entry.Status.SUBMITTED, Entry.Status.RETURNED):
        raise ValidationError(
            _("Only a submitted or returned entry can be withdrawn; this one is “%(review)s”.")
            % {"review": entry.get_review_display()},
            code="not_submitted",
        )
    reason = _clean_reason(reason, field="reason")
    entry.status = Entry.Status.WITHDRAWN
    entry.accepted_at = None
    entry.withdrawn_at = timezone.now()
    entry.withdrawn_reason = reason
    entry.full_clean(exclude=["created_by"])
    entry.save(update_fields=["status", "accepted_at", "withdrawn_at", "withdrawn_reason", "updated_at"])
    edition = entry.category.edition
    audit_append(
        action="entry.withdrawn_by_organiser", actor=actor, edition=edition, payload=_payload(entry, reason=reason)
    )
    _tell_company(
        kind="entry.withdrawn",
        company=entry.company,
        edition=edition,
        template="awards/email/entry_withdrawn.txt",
        subject=lambda: _("Entry %(reference)s withdrawn") % {"reference": entry.reference},
        context={"entry": entry, "dashboard_url": settings.SITE_URL.rstrip("/") + reverse("awards:dashboard")},
    )
    return entry


@transaction.atomic
def deadline_extension_grant(
    *, edition: Edition, company: Company, entry: Entry | None = None, until: datetime | None, reason: str, actor
) -> DeadlineExtension:
    """Give a company (all its entries, and new ones) or one of its entries a later entry deadline than the
    edition's; granting again replaces the date. The company's contacts are told."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if not edition.phase.eligibility_review_open:
        raise ValidationError(
            _("Deadlines can be extended while registration runs; %(edition)s is “%(state)s”.")
            % {"edition": edition.name, "state": edition.get_state_display()},
            code="review_closed",
        )
    if entry is not None and (entry.company_id != company.pk or entry.category.edition_id != edition.pk):
        raise ValidationError({"entry": _("Choose an entry of this company in this edition.")}, code="entry_foreign")
    until = _check_deadline(edition=edition, when=until, field="until")
    if until <= edition.registration_closes:
        raise ValidationError(
            {
                "until": _("Registration closes %(date)s anyway: give a later date.")
                % {"date": _when(edition.registration_closes)}
            },
            code="not_later",
        )
    reason = _clean_reason(reason, field="reason")
    extension, created = DeadlineExtension.objects.select_for_update().get_or_create(
        edition=edition,
        company=company,
        entry=entry,
        defaults={"until": until, "reason": reason, "granted_by": actor},
    )
    if not created:
        extension.until, extension.reason, extension.granted_by = until, reason, actor
    extension.full_clean()
    extension.save()
    audit_append(
        action="entry.deadline_extended",
        actor=actor,
        edition=edition,
        payload={
            "company": company.pk,
            "entry": entry.pk if entry else None,
            "reference": entry.reference if entry else "",
            "until": until.isoformat(),
            "reason": reason,
        },
    )
    _tell_company(
        kind="entry.deadline_extended",
        company=company,
        edition=edition,
        template="awards/email/deadline_extended.txt",
        subject=lambda: _("Your entry deadline for %(edition)s is extended") % {"edition": edition.name},
        context={
            "extension": extension,
            "entry": entry,
            "dashboard_url": settings.SITE_URL.rstrip("/") + reverse("awards:dashboard"),
        },
    )
    return extension
