"""Migration 0009_rounds_per_category: a rubric made before it stays the rubric of every round of its category
(desk round and finals alike) and a panel member sits in every round; going back drops only what the old
schema cannot hold (a round's own rubric, a round-only panel member)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from judging.models import PanelMember, Round, Rubric
from judging.selectors.rubrics import rubric_for
from judging.services.rounds import rounds_configure
from tests.cast import Cast

pytestmark = pytest.mark.slow

BEFORE = [("judging", "0008_assessors_call_logs")]
AFTER = [("judging", "0009_rounds_per_category")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_an_existing_rubric_becomes_the_rubric_of_every_round_and_going_back_keeps_it():
    team = Cast().edition_in("registration", keys=False, submitted=True)
    desk, final = rounds_configure(edition=team.edition, desk=True, desk_weight=30, actor=team.organiser)
    Rubric.objects.all().delete()
    try:
        old_apps = _migrate(BEFORE)
        OldRubric = old_apps.get_model("judging", "Rubric")
        OldCriterion = old_apps.get_model("judging", "Criterion")
        rubric = OldRubric.objects.create(category_id=team.category.pk, weight_people=40, weight_technology=10)
        OldCriterion.objects.create(
            rubric=rubric,
            area="people",
            code="coaching",
            name_id="Pembinaan",
            name_en="Coaching",
            descriptors_id=["a"] * 4,
            descriptors_en=["a"] * 4,
        )
        old_apps.get_model("judging", "PanelMember").objects.create(
            category_id=team.category.pk, judge_id=team.alice.pk
        )

        _migrate(AFTER)
        kept = Rubric.objects.get()
        assert kept.round_id is None and kept.weight_people == 40
        for round_ in (Round.objects.get(pk=desk.pk), Round.objects.get(pk=final.pk)):
            assert rubric_for(category=team.category, round=round_) == kept
            assert list(rubric_for(category=team.category, round=round_).criteria.values_list("code", flat=True)) == [
                "coaching"
            ]
        assert PanelMember.objects.get().round_id is None
        own = Rubric.objects.create(category=team.category, round_id=final.pk)
        PanelMember.objects.create(category=team.category, judge=team.bob, round_id=final.pk)

        old_apps = _migrate(BEFORE)
        back = old_apps.get_model("judging", "Rubric").objects.get()
        assert back.pk == kept.pk and back.pk != own.pk
        assert old_apps.get_model("judging", "Criterion").objects.get().code == "coaching"
        assert list(old_apps.get_model("judging", "PanelMember").objects.values_list("judge_id", flat=True)) == [
            team.alice.pk
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
