"""Publishing a desk round's finalists: the public nominees page opens, each submitted entry's company is told
whether it is a finalist (and what comes next) or not shortlisted (never a score or a rank), and participants
see that status on their dashboard."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.audit import audit_append
from awards.communications import language_or_both
from awards.models import CompanyContact, Edition, Entry
from awards.selectors import user_language
from awards.services.outbox import BOTH_LANGUAGES, outbox_queue
from judging.models import Finalist, Round, RoundSeal
from judging.selectors.rounds import categories_skipping, round_standing
from judging.services.seal import edition_lock


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _queue_shortlist_emails(*, round_: Round) -> int:
    """One e-mail per contact of a company that entered, queued in the outbox in the publication's transaction:
    which of its entries are finalists and which are not shortlisted, never a score. Each in the contact's language,
    or Indonesian then English when it is not known."""
    edition = round_.edition
    final = Round.objects.filter(edition=edition, is_final=True).first()
    entries = list(
        Entry.objects.filter(category__edition=edition, status=Entry.Status.SUBMITTED)
        .select_related("category", "company").order_by("company__legal_name", "category__ceremony_order", "pk")
    )
    by_company: dict[int, list[Entry]] = {}
    for entry in entries:
        by_company.setdefault(entry.company_id, []).append(entry)
    contacts = CompanyContact.objects.filter(company_id__in=list(by_company), user__is_active=True).select_related(
        "user__profile", "company").order_by("company__legal_name", "full_name", "pk")
    context = {
        "edition": edition, "final": final,
        "nominees_url": _absolute(reverse("judging:nominees", args=[edition.slug])),
        "dashboard_url": _absolute(reverse("awards:dashboard")),
    }
    subjects = {
        "id": "Finalis diumumkan",
        "en": "Finalists announced",
        BOTH_LANGUAGES: "Finalis diumumkan / Finalists announced",
    }
    queued = 0
    for contact in contacts:
        language = language_or_both(user_language(user=contact.user))
        company_entries = by_company[contact.company_id]
        body = render_to_string("judging/rounds/email/shortlist_message.txt", {
            **context, "contact": contact, "language": language,
            "finalists": [entry for entry in company_entries if entry.shortlist == Entry.Shortlist.FINALIST],
            "others": [entry for entry in company_entries if entry.shortlist != Entry.Shortlist.FINALIST],
        })
        outbox_queue(
            kind="shortlist.published", to=contact.user.email, edition=edition, language=language, body=body,
            subject=f"{subjects[language]}: {edition.name}",
        )
        queued += 1
    return queued


def finalists_publish(*, edition: Edition, number: int, actor) -> RoundSeal:
    """Publish round ``number``'s finalists: the nominees page, each entry's status, an e-mail to every
    contact of a company that entered. Refused before the shortlist reveal and a second time."""
    with transaction.atomic():
        locked = edition_lock(edition=edition)
        standing = round_standing(edition=locked, number=number)
        if standing is None or standing.round.is_final:
            raise ValidationError(_("The edition %(slug)s has no earlier round %(number)s to shortlist.")
                                  % {"slug": locked.slug, "number": number})
        if not standing.shortlisted:
            raise ValidationError(_("The finalists are published after the shortlist reveal."))
        seal = RoundSeal.objects.select_for_update().get(pk=standing.seal.pk)
        if seal.finalists_published_at is not None:
            raise ValidationError(_("The finalists of this round are already published."))
        submitted = Entry.objects.filter(category__edition=locked, status=Entry.Status.SUBMITTED)
        # the shortlisted entries, and those of a category that had no desk round (it goes straight on)
        finalists = set(Finalist.objects.filter(round=standing.round).values_list("entry_id", flat=True)) | set(
            submitted.filter(category_id__in=list(categories_skipping(round=standing.round))).values_list(
                "pk", flat=True))
        told = submitted.filter(pk__in=finalists).update(shortlist=Entry.Shortlist.FINALIST)
        others = submitted.exclude(pk__in=finalists).update(shortlist=Entry.Shortlist.NOT_SHORTLISTED)
        seal.finalists_published_at = timezone.now()
        seal.save(update_fields=["finalists_published_at"])
        audit_append(action="shortlist.published", actor=actor, edition=locked,
                     payload={"round": number, "finalists": told, "not_shortlisted": others})
        _queue_shortlist_emails(round_=standing.round)
    return seal
