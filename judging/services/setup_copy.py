"""What the judging app copies when an organiser starts a new edition from last year's: each category's rubric
(weights, tie-break order and criteria, matched by category code; not frozen) and the rounds. No judge, key,
assignment or scorecard is copied. Registered with awards.services.setup in JudgingConfig.ready."""

from awards.models import Category, Edition
from judging.models import Criterion, Round, Rubric

RUBRIC_FIELDS = (
    "weight_infrastructure", "weight_technology", "weight_communication", "weight_people", "tie_break_order",
)
CRITERION_FIELDS = ("area", "code", "order", "name_id", "name_en", "descriptors_id", "descriptors_en")


def edition_copy_judging(*, source: Edition, target: Edition) -> None:
    """Called inside the transaction that creates ``target``."""
    targets = {category.code: category for category in Category.objects.filter(edition=target)}
    rubrics = Rubric.objects.filter(category__edition=source).select_related("category").prefetch_related("criteria")
    for rubric in rubrics:
        category = targets.get(rubric.category.code)
        if category is None:
            continue
        copy = Rubric(category=category, **{name: getattr(rubric, name) for name in RUBRIC_FIELDS})
        copy.full_clean()
        copy.save()
        criteria = [
            Criterion(rubric=copy, **{name: getattr(criterion, name) for name in CRITERION_FIELDS})
            for criterion in rubric.criteria.all()
        ]
        for criterion in criteria:
            criterion.full_clean()
        Criterion.objects.bulk_create(criteria)
    for round_ in Round.objects.filter(edition=source).order_by("number"):
        copy = Round(edition=target, number=round_.number, name=round_.name, is_final=round_.is_final)
        copy.full_clean()
        copy.save()
