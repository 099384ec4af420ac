"""Which rubric a category is scored on in a round. The rubric without a round is the category's rubric in every
round; a rubric made for one round replaces it there (judging.models.Rubric)."""

from django.db.models import F, Q, QuerySet

from judging.models import Round, Rubric


def rubrics_in_round(*, category_ref, round_ref) -> QuerySet[Rubric]:
    """The rubrics that may apply, the round's own first: ``[:1]`` of it is the one that does. The refs are
    values or ``OuterRef``s, so the same filter serves a plain read and a subquery."""
    return Rubric.objects.filter(Q(round_id=round_ref) | Q(round__isnull=True), category_id=category_ref).order_by(
        F("round_id").asc(nulls_last=True)
    )


def rubric_for(*, category, round: Round | None) -> Rubric | None:
    """The category's rubric in ``round`` (its own, else the category's rubric); without a round, the
    category's rubric."""
    if round is None:
        return Rubric.objects.filter(category=category, round__isnull=True).first()
    return rubrics_in_round(category_ref=category.pk, round_ref=round.pk).first()


def rubrics_of_round(*, edition, round: Round | None) -> dict[int, Rubric]:
    """Every category's rubric in ``round`` by category id, with its criteria (two queries)."""
    rubrics: dict[int, Rubric] = {}
    filters = Q(round__isnull=True) if round is None else Q(round__isnull=True) | Q(round=round)
    for rubric in (
        Rubric.objects.filter(filters, category__edition=edition)
        .prefetch_related("criteria")
        .order_by(F("round_id").asc(nulls_first=True))
    ):
        rubrics[rubric.category_id] = rubric  # a round's own rubric comes last and replaces the category's
    return rubrics


def round_rubric_exists(*, category, round: Round) -> bool:
    return Rubric.objects.filter(category=category, round=round).exists()
