"""Progress for organisers: how many scorecards are in, never what they say.

Every read here is a fixed number of queries, whatever the number of entries or judges.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from awards.models import Category, Edition, Entry
from judging.models import Assignment, ConflictDeclaration, Judge, Recusal, Round, SealedScorecard
from judging.selectors.rounds import assignments_round_of


def _final_round(edition: Edition) -> Round | None:
    """The round progress is shown for: the one being scored now (a desk round, then the finals)."""
    return assignments_round_of(edition=edition)


def _sealed_for_assignment():
    return SealedScorecard.objects.filter(
        round_id=OuterRef("round_id"), entry_id=OuterRef("entry_id"), judge_id=OuterRef("judge_id"), is_latest=True
    )


def _count_subquery(queryset, group_field: str):
    return Coalesce(
        Subquery(
            queryset.order_by().values(group_field).annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


@dataclass
class CategoryProgress:
    category: Category
    entries: list[Entry]  # each annotated with assigned_count and sealed_count

    @property
    def assigned(self) -> int:
        return sum(entry.assigned_count for entry in self.entries)

    @property
    def sealed(self) -> int:
        return sum(entry.sealed_count for entry in self.entries)


@dataclass
class EditionProgress:
    round: Round | None
    categories: list[CategoryProgress]
    judges: list[Judge]  # each annotated with assigned_count and sealed_count
    recusals: list[Recusal]
    late_conflicts: list[ConflictDeclaration]

    @property
    def assigned(self) -> int:
        return sum(category.assigned for category in self.categories)

    @property
    def sealed(self) -> int:
        return sum(category.sealed for category in self.categories)


def edition_progress(*, edition: Edition) -> EditionProgress:
    final = _final_round(edition)
    round_id = final.pk if final else None
    assignments = Assignment.objects.filter(round_id=round_id)
    sealed_assignments = assignments.filter(Exists(_sealed_for_assignment()))

    entries = list(
        Entry.objects.filter(category__edition=edition, status=Entry.Status.SUBMITTED)
        .select_related("company", "category")
        .annotate(
            assigned_count=_count_subquery(assignments.filter(entry_id=OuterRef("pk")), "entry_id"),
            sealed_count=_count_subquery(sealed_assignments.filter(entry_id=OuterRef("pk")), "entry_id"),
        )
        .order_by("category__ceremony_order", "category__code", "pk")
    )
    by_category: dict[int, list[Entry]] = {}
    for entry in entries:
        by_category.setdefault(entry.category_id, []).append(entry)
    categories = [
        CategoryProgress(category=category, entries=by_category.get(category.pk, []))
        for category in Category.objects.filter(edition=edition).order_by("ceremony_order", "code")
    ]
    judges = list(
        Judge.objects.filter(edition=edition)
        .annotate(
            assigned_count=_count_subquery(assignments.filter(judge_id=OuterRef("pk")), "judge_id"),
            sealed_count=_count_subquery(sealed_assignments.filter(judge_id=OuterRef("pk")), "judge_id"),
        )
        .order_by("pseudonym")
    )
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
    return EditionProgress(
        round=final, categories=categories, judges=judges, recusals=recusals, late_conflicts=late_conflicts
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
