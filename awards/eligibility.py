"""Reads of the eligibility review and of entry deadlines: whose deadline is when, the review queue, what still
blocks judging. The writes are in awards.services.eligibility.

An entry's deadline is the latest of the edition's registration close, an extension for its company, an
extension for the entry itself and, for an entry returned to its entrant, the date it must be resubmitted by.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import ngettext

from awards.models import Category, Company, DeadlineExtension, Edition, Entry, EntryDocument

# What the review queue can show, by the entry's review state (Entry.Review); "all" shows every submitted one.
QUEUE_FILTERS = ("awaiting", "accepted", "returned", "withdrawn", "all")
QUEUE_PAGE_SIZE = 50


def company_extension(*, company: Company, edition: Edition) -> DeadlineExtension | None:
    """The company's own later deadline for the edition (for all its entries), if the organisers granted one."""
    return DeadlineExtension.objects.filter(edition=edition, company=company, entry__isnull=True).first()


def company_deadline(*, company: Company, edition: Edition, now: datetime | None = None) -> datetime:
    """Until when the company may make and submit entries: registration close, or its extension if later."""
    now = now or timezone.now()
    if now < edition.registration_closes:  # the general deadline has not passed: no extension matters yet
        return edition.registration_closes
    extension = company_extension(company=company, edition=edition)
    return max(edition.registration_closes, extension.until) if extension else edition.registration_closes


def entry_deadline(*, entry: Entry, now: datetime | None = None) -> datetime:
    """Until when the entrant may change and submit this entry."""
    now = now or timezone.now()
    edition = entry.category.edition
    deadline = edition.registration_closes
    if entry.status == Entry.Status.RETURNED and entry.resubmit_by:
        deadline = max(deadline, entry.resubmit_by)
    if now < deadline:
        return deadline
    extended = DeadlineExtension.objects.filter(
        Q(entry=entry) | Q(edition=edition, company_id=entry.company_id, entry__isnull=True)
    ).aggregate(until=Max("until"))["until"]
    return max(deadline, extended) if extended else deadline


def window_open(*, edition: Edition, deadline: datetime, now: datetime | None = None) -> bool:
    """Whether entries can be changed now, given their deadline: the state takes entries, the window has
    begun, and the deadline has not passed."""
    now = now or timezone.now()
    return edition.phase.registration_open and edition.registration_opens <= now < deadline


def company_may_enter(*, company: Company, edition: Edition, now: datetime | None = None) -> bool:
    """Whether the company may make a new entry now (registration open for it, an extension counting)."""
    now = now or timezone.now()
    return window_open(edition=edition, deadline=company_deadline(company=company, edition=edition, now=now), now=now)


# --- The review queue and the review page -------------------------------------------------------------


def review_filter_q(review: str) -> Q:
    """The entries in one review state (Entry.Review), as a filter."""
    return {
        "awaiting": Q(status=Entry.Status.SUBMITTED, accepted_at__isnull=True),
        "accepted": Q(status=Entry.Status.SUBMITTED, accepted_at__isnull=False),
        "returned": Q(status=Entry.Status.RETURNED),
        "withdrawn": Q(status=Entry.Status.WITHDRAWN, submitted_at__isnull=False),
        "all": ~Q(status=Entry.Status.DRAFT),
    }[review]


def review_categories(*, edition: Edition) -> QuerySet[Category]:
    """The edition's categories with how many of their entries stand in each review state (one query)."""
    return (
        Category.objects.filter(edition=edition)
        .annotate(
            awaiting_count=Count("entries", filter=_prefixed(review_filter_q("awaiting"))),
            accepted_count=Count("entries", filter=_prefixed(review_filter_q("accepted"))),
            returned_count=Count("entries", filter=_prefixed(review_filter_q("returned"))),
            withdrawn_count=Count("entries", filter=_prefixed(review_filter_q("withdrawn"))),
        )
        .order_by("ceremony_order", "code")
    )


def _prefixed(condition: Q) -> Q:
    """A filter on Entry, reached from Category through `entries__`."""
    children = [
        _prefixed(child) if isinstance(child, Q) else (f"entries__{child[0]}", child[1]) for child in condition.children
    ]
    prefixed = Q(*children, _connector=condition.connector, _negated=condition.negated)
    return prefixed


def review_queue(*, category: Category, review: str) -> QuerySet[Entry]:
    """The category's entries in one review state, oldest submission first (the order they came in, which says
    nothing of their merit), with what the queue shows."""
    return (
        Entry.objects.filter(category=category)
        .filter(review_filter_q(review))
        .select_related("company", "category__edition")
        .annotate(document_count=Count("documents"))
        .order_by("submitted_at", "pk")
    )


@dataclass(frozen=True)
class ReviewCounts:
    awaiting: int
    returned: int
    accepted: int

    @property
    def blocking(self) -> int:
        return self.awaiting + self.returned


def review_counts(*, edition: Edition) -> ReviewCounts:
    """How many entries still need the organisers (awaiting review) or their entrant (returned), and how many
    are accepted."""
    counts = Entry.objects.filter(category__edition=edition).aggregate(
        awaiting=Count("pk", filter=review_filter_q("awaiting")),
        returned=Count("pk", filter=review_filter_q("returned")),
        accepted=Count("pk", filter=review_filter_q("accepted")),
    )
    return ReviewCounts(**counts)


def review_problems(*, edition: Edition, counts: ReviewCounts | None = None) -> list[str]:
    """What the eligibility review still owes before judging may open, one sentence each. Every submitted entry
    must be decided: judging an entry nobody checked, or silently leaving out one that was paid for, is what an
    organiser must not find out on award night."""
    counts = counts or review_counts(edition=edition)
    problems = []
    if counts.awaiting:
        problems.append(
            ngettext(
                "%(count)d entry not yet reviewed: accept, return or withdraw it.",
                "%(count)d entries not yet reviewed: accept, return or withdraw them.",
                counts.awaiting,
            )
            % {"count": counts.awaiting}
        )
    if counts.returned:
        problems.append(
            ngettext(
                "%(count)d returned entry not yet submitted again: review it once it is, or withdraw it.",
                "%(count)d returned entries not yet submitted again: review them once they are, or withdraw them.",
                counts.returned,
            )
            % {"count": counts.returned}
        )
    return problems


def entry_for_review(*, edition: Edition, pk: int) -> Entry | None:
    """A submitted (or once submitted) entry of the edition, for its review page; None for a draft or another
    edition's entry."""
    return (
        Entry.objects.filter(category__edition=edition, pk=pk, submitted_at__isnull=False)
        .select_related("company", "category__edition")
        .first()
    )


def document_for_review(*, edition: Edition, pk: int) -> EntryDocument | None:
    return (
        EntryDocument.objects.filter(pk=pk, entry__category__edition=edition, entry__submitted_at__isnull=False)
        .select_related("entry__category__edition")
        .first()
    )


def extensions_of(*, edition: Edition) -> QuerySet[DeadlineExtension]:
    return DeadlineExtension.objects.filter(edition=edition).select_related("company", "entry", "granted_by")


def companies_for_extension() -> QuerySet[Company]:
    """Every registered company: a late one may have no entry yet, and an extension lets it make one."""
    return Company.objects.order_by("legal_name")


def entries_for_extension(*, edition: Edition) -> QuerySet[Entry]:
    return (
        Entry.objects.filter(category__edition=edition)
        .exclude(status=Entry.Status.WITHDRAWN)
        .select_related("company", "category")
        .order_by("number")
    )
