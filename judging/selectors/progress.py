"""Progress for organisers: how many scorecards are in, never what they say.

Every read here is a fixed number of queries, whatever the number of entries or judges.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from awards.models import Category, Edition, Entry
from judging.models import Assignment, ConflictDeclaration, Judge, Recusal, Round, SealedScorecard
from judging.selectors.counts import count_of
from judging.selectors.rounds import assignments_round_of


def _final_round(edition: Edition) -> Round | None:
    """The round progress is shown for: the one being scored now (a desk round, then the finals)."""
    return assignments_round_of(edition=edition)


def _sealed_for_assignment():
    return SealedScorecard.objects.filter(
        round_id=OuterRef("round_id"), entry_id=OuterRef("entry_id"), judge_id=OuterRef("judge_id"), is_latest=True
    )


PER_PAGE = 25


def _sealed_assignments(round_id: int | None):
    """The round's latest sealed scorecards whose assignment stands: as many as the assignments with a sealed
    scorecard (one latest version per round, entry and judge), read from the smaller side, each row checked by
    the assignment's unique index."""
    return SealedScorecard.objects.filter(round_id=round_id, is_latest=True).filter(
        Exists(
            Assignment.objects.filter(
                round_id=OuterRef("round_id"), entry_id=OuterRef("entry_id"), judge_id=OuterRef("judge_id")
            )
        )
    )


@dataclass
class EditionProgress:
    """The round progress is shown for, its totals, and per category the counts (database aggregates)."""

    round: Round | None
    assigned: int
    sealed: int
    categories: list[Category]  # each with entry_count, assigned_count, sealed_count, short_count
    recusals: list[Recusal]
    late_conflicts: list[ConflictDeclaration]


def progress_categories(*, edition: Edition, round_id: int | None) -> QuerySet[Category]:
    """The edition's categories, each with its submitted entries, the round's assignments and sealed scorecards of
    its entries, and its entries below the minimum of judges (one query)."""
    assignments = Assignment.objects.filter(round_id=round_id, entry__category_id=OuterRef("pk"))
    sealed = _sealed_assignments(round_id).filter(entry__category_id=OuterRef("pk"))
    short = (
        Entry.objects.filter(category_id=OuterRef("pk"), status=Entry.Status.SUBMITTED)
        .annotate(n=count_of(Assignment.objects.filter(round_id=round_id, entry_id=OuterRef("pk"))))
        .filter(n__lt=OuterRef("min_judges"))
    )
    return (
        Category.objects.filter(edition=edition)
        .annotate(
            entry_count=count_of(Entry.objects.filter(category_id=OuterRef("pk"), status=Entry.Status.SUBMITTED)),
            assigned_count=count_of(assignments),
            sealed_count=count_of(sealed),
            short_count=count_of(short),
        )
        .order_by("ceremony_order", "code")
    )


def progress_entries(*, edition: Edition, round_id: int | None, category: Category | None = None) -> QuerySet[Entry]:
    """The submitted entries (of `category`, or all) in category then number order, each with `assigned_count`
    and `sealed_count`. Never ordered by how complete they are: that order could hint at something. Slice it."""
    entries = Entry.objects.filter(category__edition=edition, status=Entry.Status.SUBMITTED)
    if category is not None:
        entries = entries.filter(category=category)
    return (
        entries.select_related("company", "category")
        .annotate(
            assigned_count=count_of(Assignment.objects.filter(round_id=round_id, entry_id=OuterRef("pk"))),
            sealed_count=count_of(_sealed_assignments(round_id).filter(entry_id=OuterRef("pk"))),
        )
        .order_by("category__ceremony_order", "category__code", "number", "pk")
    )


def progress_judges(*, edition: Edition, round_id: int | None) -> QuerySet[Judge]:
    """The edition's judges by pseudonym, each with `assigned_count` and `sealed_count` in the round. Slice it:
    the counts are read for the slice only (a judge's assignments by the index on judge and round)."""
    return (
        Judge.objects.filter(edition=edition)
        .annotate(
            assigned_count=count_of(Assignment.objects.filter(round_id=round_id, judge_id=OuterRef("pk"))),
            sealed_count=count_of(_sealed_assignments(round_id).filter(judge_id=OuterRef("pk"))),
        )
        .order_by("pseudonym", "pk")
    )


def edition_progress(*, edition: Edition) -> EditionProgress:
    final = _final_round(edition)
    round_id = final.pk if final else None
    assignments = Assignment.objects.filter(round_id=round_id)
    recusals = list(
        Recusal.objects.filter(round_id=round_id)
        .select_related("judge", "entry__category", "entry__company")
        .order_by("-created_at")
    )
    late_conflicts = []
    first_assignment = assignments.order_by("created_at").values_list("created_at", flat=True).first()
    if first_assignment is not None:
        late_conflicts = list(
            ConflictDeclaration.objects.filter(judge__edition=edition, declared_at__gt=first_assignment)
            .select_related("judge", "company")
            .order_by("-declared_at")
        )
    categories = list(progress_categories(edition=edition, round_id=round_id))
    return EditionProgress(
        round=final,
        # every assignment's entry is in one of the edition's categories: the totals are the categories' sums
        assigned=sum(category.assigned_count for category in categories),
        sealed=sum(category.sealed_count for category in categories),
        categories=categories,
        recusals=recusals,
        late_conflicts=late_conflicts,
    )


def open_assignment_counts(*, edition: Edition) -> dict[int, int]:
    """{judge id: assignments without a sealed scorecard}, only judges with at least one open."""
    final = _final_round(edition)
    if final is None:
        return {}
    rows = (
        Assignment.objects.filter(round=final)
        .exclude(Exists(_sealed_for_assignment()))
        .exclude(
            Exists(
                ConflictDeclaration.objects.filter(
                    judge_id=OuterRef("judge_id"), company_id=OuterRef("entry__company_id")
                )
            )
        )
        .values("judge_id")
        .annotate(n=Count("pk"))
        .filter(~Q(n=0))
    )
    return {row["judge_id"]: row["n"] for row in rows}
