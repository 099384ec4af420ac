"""What the judging app copies when an organiser starts a new edition from last year's: the rounds (names,
weights; each category's part in them: shortlist rule, blind, weight, whether it has the round) and each
category's rubrics (weights, tie-break order and criteria, matched by category code; a round's own rubric goes to
the round of the same number; not frozen). No judge, key, assignment, date or scorecard is copied. Registered
with awards.services.setup in JudgingConfig.ready."""

from awards.models import Category, Edition
from judging.models import CategoryRound, Criterion, Round, Rubric

RUBRIC_FIELDS = (
    "weight_infrastructure",
    "weight_technology",
    "weight_communication",
    "weight_people",
    "tie_break_order",
)
CRITERION_FIELDS = ("area", "code", "order", "name_id", "name_en", "descriptors_id", "descriptors_en")
CATEGORY_ROUND_FIELDS = (
    "shortlist_mode",
    "shortlist_top_n",
    "shortlist_threshold",
    "shortlist_min_scorecards",
    "blind",
    "in_round",
    "weight",
)


def edition_copy_judging(*, source: Edition, target: Edition) -> None:
    """Called inside the transaction that creates ``target``."""
    targets = {category.code: category for category in Category.objects.filter(edition=target)}
    rounds = {}
    for round_ in Round.objects.filter(edition=source).order_by("number"):
        copy = Round(
            edition=target, number=round_.number, name=round_.name, is_final=round_.is_final, weight=round_.weight
        )
        copy.full_clean()
        copy.save()
        rounds[round_.pk] = copy
    for settings in CategoryRound.objects.filter(round__edition=source).select_related("category"):
        category = targets.get(settings.category.code)
        if category is None:
            continue
        copy = CategoryRound(
            round=rounds[settings.round_id],
            category=category,
            **{name: getattr(settings, name) for name in CATEGORY_ROUND_FIELDS},
        )
        copy.full_clean()
        copy.save()
    rubrics = Rubric.objects.filter(category__edition=source).select_related("category").prefetch_related("criteria")
    for rubric in rubrics:
        category = targets.get(rubric.category.code)
        if category is None:
            continue
        copy = Rubric(
            category=category,
            round=rounds.get(rubric.round_id),
            **{name: getattr(rubric, name) for name in RUBRIC_FIELDS},
        )
        copy.full_clean()
        copy.save()
        criteria = [
            Criterion(rubric=copy, **{name: getattr(criterion, name) for name in CRITERION_FIELDS})
            for criterion in rubric.criteria.all()
        ]
        for criterion in criteria:
            criterion.full_clean()
        Criterion.objects.bulk_create(criteria)
