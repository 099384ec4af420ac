"""Publishing an edition's results: the last step of the lifecycle, after the award-night reveal."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from awards.communications import language_or_both
from awards.models import CompanyContact, Edition, Entry
from awards.selectors import user_language
from awards.services.editions import edition_transition
from awards.services.outbox import BOTH_LANGUAGES, outbox_queue


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def participant_contacts(*, edition: Edition) -> list[CompanyContact]:
    """Contacts of every company that submitted an entry to the edition, one per person."""
    companies = Entry.objects.filter(category__edition=edition, status=Entry.Status.SUBMITTED).values("company_id")
    return list(
        CompanyContact.objects.filter(company_id__in=companies, user__is_active=True)
        .select_related("user__profile", "company")
        .order_by("company__legal_name", "full_name", "pk")
    )


def _feedback_links(*, edition: Edition) -> dict[int, list[tuple[Entry, str]]]:
    """Per company id, its judged entries with the address of their feedback report (served by judging)."""
    links: dict[int, list[tuple[Entry, str]]] = {}
    entries = (
        Entry.objects.filter(category__edition=edition, status=Entry.Status.SUBMITTED)
        .select_related("category")
        .order_by("category__ceremony_order", "pk")
    )
    for entry in entries:
        url = _absolute(reverse("judging:feedback_pdf", args=[entry.pk]))
        links.setdefault(entry.company_id, []).append((entry, url))
    return links


def _queue_published_emails(*, edition: Edition) -> int:
    """One outbox message per participant contact, in the contact's language (both, Indonesian then English, when
    it is not known), in the publication's transaction. The message names the winners page and feedback links,
    never a score."""
    contacts = participant_contacts(edition=edition)
    feedback = _feedback_links(edition=edition)
    context = {
        "edition": edition,
        "winners_url": _absolute(reverse("awards:winners", args=[edition.slug])),
        "dashboard_url": _absolute(reverse("awards:dashboard")),
    }
    subjects = {
        "id": "Pemenang diumumkan",
        "en": "Winners announced",
        BOTH_LANGUAGES: "Pemenang diumumkan / Winners announced",
    }
    for contact in contacts:
        language = language_or_both(user_language(user=contact.user))
        body = render_to_string(
            "awards/email/edition_published.txt",
            {**context, "contact": contact, "feedback": feedback.get(contact.company_id, []), "language": language},
        )
        outbox_queue(
            kind="edition.published", to=contact.user.email, edition=edition, language=language,
            subject=f"{subjects[language]}: {edition.name}", body=body,
        )
    return len(contacts)


def edition_publish(*, edition: Edition, actor) -> Edition:
    """Move a revealed edition to published and e-mail every participant's contacts.

    Refused (ValidationError, nothing changed) unless the edition is in state `revealed`. The row is
    locked, so two organisers publishing at once publish once. The e-mail to every participant's contact is
    written to the outbox in the same transaction: the state change and its e-mails commit together, and the
    worker delivers them (a mail server that is down delays them; it loses none).
    """
    with transaction.atomic():
        locked = Edition.objects.select_for_update().get(pk=edition.pk)
        if locked.phase.published:
            raise ValidationError(_("This edition is already published."), code="already_published")
        if not locked.phase.publish_allowed:
            raise ValidationError(
                _("Results can be published only after the award-night reveal; this edition is “%(state)s”.")
                % {"state": locked.get_state_display()},
                code="not_revealed",
            )
        # The one lifecycle service moves the state and writes `edition.published` to the audit log.
        edition_transition(edition=locked, to_state=Edition.State.PUBLISHED, actor=actor)
        _queue_published_emails(edition=locked)
    edition.state = locked.state
    return locked
