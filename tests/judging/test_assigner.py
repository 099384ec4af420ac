"""The assigner's guarantees, on generated editions (pure planner) and on seeded editions in the database."""

import random
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from awards.models import AuditEvent, Edition, Entry
from judging.models import Assignment, ConflictDeclaration, PanelMember
from judging.services.assignment_plan import Plan, assignment_plan, plan_category
from judging.services.assignments import assignment_apply, assignment_plan_for_edition, round_get_or_create_final
from judging.services.conflicts import conflict_declare
from tests.cast import seal_stand_in
from tests.factories import (
    CategoryFactory,
    CompanyFactory,
    EditionFactory,
    EntryFactory,
    JudgeFactory,
    OrganiserFactory,
    SubmittedEntryFactory,
)

# -- the pure planner, on editions hypothesis makes up -----------------------------------------------


@st.composite
def categories(draw, with_conflicts: bool):
    companies = draw(st.integers(min_value=1, max_value=8))
    entries = [
        (entry_id, draw(st.integers(min_value=0, max_value=companies - 1)), f"E{entry_id}")
        for entry_id in range(draw(st.integers(min_value=0, max_value=20)))
    ]
    panel = list(range(100, 100 + draw(st.integers(min_value=1, max_value=9))))
    min_judges = draw(st.integers(min_value=1, max_value=4))
    conflicts = set()
    if with_conflicts:
        conflicts = draw(
            st.sets(st.tuples(st.sampled_from(panel), st.integers(min_value=0, max_value=companies - 1)), max_size=8)
        )
    return entries, panel, min_judges, conflicts


def _plan(entries, panel, min_judges, conflicts, existing=frozenset(), overall=None, seed="s"):
    return plan_category(
        entries=entries,
        panel=panel,
        min_judges=min_judges,
        existing=set(existing),
        conflicts=conflicts,
        recused=set(),
        locked=set(),
        overall_load=overall if overall is not None else {},
        seed=seed,
    )


def _loads(panel, pairs):
    counts = Counter(judge for _entry, judge in pairs)
    return [counts[judge] for judge in panel]


@settings(max_examples=150, deadline=None)
@given(categories(with_conflicts=True))
def test_every_entry_gets_the_minimum_when_the_panel_allows_and_never_a_conflicted_judge(category):
    entries, panel, min_judges, conflicts = category
    keep, add, remove, shortfalls = _plan(entries, panel, min_judges, conflicts)
    assert keep == [] and remove == []
    judges_of = {entry_id: {judge for e, judge in add if e == entry_id} for entry_id, _c, _r in entries}
    for entry_id, company, _ref in entries:
        eligible = [judge for judge in panel if (judge, company) not in conflicts]
        assert len(judges_of[entry_id]) == min(min_judges, len(eligible))
        assert all((judge, company) not in conflicts for judge in judges_of[entry_id])
    short = {shortfall.entry_id for shortfall in shortfalls}
    assert short == {entry_id for entry_id, _c, _r in entries if len(judges_of[entry_id]) < min_judges}
    assert all(shortfall.reason for shortfall in shortfalls)


@settings(max_examples=150, deadline=None)
@given(categories(with_conflicts=False))
def test_without_conflicts_loads_differ_by_at_most_one(category):
    entries, panel, min_judges, _none = category
    _keep, add, _remove, _short = _plan(entries, panel, min_judges, set())
    loads = _loads(panel, add)
    assert max(loads) - min(loads) <= 1


@settings(max_examples=150, deadline=None)
@given(categories(with_conflicts=True))
def test_with_conflicts_no_single_move_would_even_the_loads_more(category):
    entries, panel, min_judges, conflicts = category
    _keep, add, _remove, _short = _plan(entries, panel, min_judges, conflicts)
    load = dict(zip(panel, _loads(panel, add), strict=True))
    company_of = {entry_id: company for entry_id, company, _r in entries}
    on_entry = {(entry_id, judge) for entry_id, judge in add}
    for entry_id, judge in add:
        for other in panel:
            movable = (entry_id, other) not in on_entry and (other, company_of[entry_id]) not in conflicts
            assert not (movable and load[judge] - load[other] > 1)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=4),
    st.integers(min_value=3, max_value=8),
    st.integers(min_value=1, max_value=3),
)
def test_overall_loads_across_categories_sharing_a_panel_differ_by_at_most_one(sizes, panel_size, min_judges):
    panel = list(range(100, 100 + panel_size))
    overall: dict[int, int] = {}
    all_added = []
    next_id = 0
    for index, size in enumerate(sizes):
        entries = [(next_id + n, n, f"E{next_id + n}") for n in range(size)]
        next_id += size
        _keep, add, _remove, _short = _plan(entries, panel, min_judges, set(), overall=overall, seed=f"c{index}")
        category_loads = _loads(panel, add)
        assert max(category_loads) - min(category_loads) <= 1
        all_added += add
    loads = _loads(panel, all_added)
    assert max(loads) - min(loads) <= 1
    assert loads == [overall.get(judge, 0) for judge in panel]


@settings(max_examples=100, deadline=None)
@given(categories(with_conflicts=False), st.data())
def test_rerun_after_a_late_conflict_changes_only_what_it_broke(category, data):
    entries, panel, min_judges, _none = category
    _keep, first, _remove, _short = _plan(entries, panel, min_judges, set())
    # Same state again: nothing to do, and the plan is deterministic.
    assert _plan(entries, panel, min_judges, set(), existing=first)[:3] == (sorted(first), [], [])
    assert _plan(entries, panel, min_judges, set()) == _plan(entries, panel, min_judges, set())
    if not first:
        return
    entry_id, judge = data.draw(st.sampled_from(first))
    company = next(c for e, c, _r in entries if e == entry_id)
    late = {(judge, company)}
    broken = {(e, j) for e, j in first if j == judge and next(c for x, c, _r in entries if x == e) == company}
    keep, add, remove, _short = _plan(entries, panel, min_judges, late, existing=first)
    assert set(remove) == broken
    assert set(keep) == set(first) - broken
    assert {e for e, _j in add} <= {e for e, _j in broken}
    assert all(j != judge for e, j in add)


# -- seeded editions in the database ---------------------------------------------------------------------


def _generated_edition(seed: int, *, categories: int, entries: int, judges: int, conflicts: int):
    rng = random.Random(seed)
    edition = EditionFactory()
    panel = [JudgeFactory(edition=edition) for _ in range(judges)]
    companies = [CompanyFactory() for _ in range(max(3, entries // 2))]
    for index in range(categories):
        category = CategoryFactory(edition=edition, min_judges=rng.randint(1, 3))
        for judge in rng.sample(panel, k=rng.randint(min(3, judges), judges)):
            PanelMember.objects.create(category=category, judge=judge)
        for _ in range(rng.randint(1, entries)):
            SubmittedEntryFactory(category=category, company=rng.choice(companies))
        EntryFactory(category=category, company=rng.choice(companies), title=f"draft {index}")
    for _ in range(conflicts):
        ConflictDeclaration.objects.get_or_create(
            judge=rng.choice(panel), company=rng.choice(companies), relation="other"
        )
    return edition


def _check_guarantees(edition):
    final = round_get_or_create_final(edition=edition)
    conflicted = set(ConflictDeclaration.objects.values_list("judge_id", "company_id"))
    for category in edition.categories.all():
        panel = set(category.panel.values_list("judge_id", flat=True))
        loads = Counter()
        for entry in category.entries.all():
            judges = set(Assignment.objects.filter(round=final, entry=entry).values_list("judge_id", flat=True))
            if entry.status != Entry.Status.SUBMITTED:
                assert judges == set()
                continue
            eligible = {judge for judge in panel if (judge, entry.company_id) not in conflicted}
            assert len(judges) >= min(category.min_judges, len(eligible))
            assert not any((judge, entry.company_id) in conflicted for judge in judges)
            loads.update(judges)
        if not conflicted and loads:
            values = [loads[judge] for judge in panel]
            assert max(values) - min(values) <= 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("seed", "size"),
    [(1, dict(categories=1, entries=1, judges=3, conflicts=0)),
     (2, dict(categories=2, entries=6, judges=5, conflicts=0)),
     (3, dict(categories=3, entries=9, judges=7, conflicts=4)),
     (4, dict(categories=2, entries=12, judges=4, conflicts=6))],
)
def test_generated_editions_keep_the_guarantees_and_a_rerun_is_a_no_op(seed, size):
    edition = _generated_edition(seed, **size)
    carol = OrganiserFactory()
    plan = assignment_plan_for_edition(edition=edition)
    counts = assignment_apply(plan=Plan.unsign(plan.sign()), actor=carol)
    assert counts == {"added": plan.add_count, "removed": 0}
    _check_guarantees(edition)
    assert assignment_plan_for_edition(edition=edition).is_empty
    event = AuditEvent.objects.get(action="assignments.applied")
    assert event.payload["added"] == plan.add_count


@pytest.mark.django_db
def test_rerun_after_a_late_conflict_replaces_only_the_broken_assignment():
    edition = _generated_edition(7, categories=2, entries=6, judges=6, conflicts=0)
    carol = OrganiserFactory()
    assignment_apply(plan=assignment_plan_for_edition(edition=edition), actor=carol)
    before = set(Assignment.objects.values_list("entry_id", "judge_id"))
    victim = Assignment.objects.select_related("entry", "judge").order_by("pk").first()
    conflict_declare(judge=victim.judge, company=victim.entry.company, relation="supplier")
    company_entries = set(Entry.objects.filter(company=victim.entry.company).values_list("pk", flat=True))
    broken = {(a, j) for a, j in before if j == victim.judge_id and a in company_entries}
    after_conflict = set(Assignment.objects.values_list("entry_id", "judge_id"))
    assert after_conflict == before - broken
    plan = assignment_plan_for_edition(edition=edition)
    assert plan.remove_count == 0
    assignment_apply(plan=plan, actor=carol)
    final = set(Assignment.objects.values_list("entry_id", "judge_id"))
    assert before - broken <= final
    assert {entry for entry, _judge in final - after_conflict} <= {entry for entry, _judge in broken}
    _check_guarantees(edition)


@pytest.mark.django_db
def test_a_conflict_recorded_behind_the_assigners_back_is_removed_by_the_next_run(panel_world):
    Assignment.objects.create(round=panel_world.round, entry=panel_world.entry_a, judge=panel_world.alice)
    ConflictDeclaration.objects.create(judge=panel_world.alice, company=panel_world.company_a, relation="employee")
    plan = assignment_plan(round=panel_world.round, categories=[panel_world.category])
    assert plan.categories[0].remove == [(panel_world.entry_a.pk, panel_world.alice.pk)]
    assert assignment_apply(plan=plan, actor=panel_world.organiser)["removed"] == 1
    assert not Assignment.objects.filter(judge=panel_world.alice, entry=panel_world.entry_a).exists()


@pytest.mark.django_db
def test_a_sealed_scorecard_keeps_its_assignment(panel_world):
    Assignment.objects.create(round=panel_world.round, entry=panel_world.entry_a, judge=panel_world.alice)
    seal_stand_in(judge=panel_world.alice, entry=panel_world.entry_a, round=panel_world.round)
    ConflictDeclaration.objects.create(judge=panel_world.alice, company=panel_world.company_a, relation="employee")
    plan = assignment_plan(round=panel_world.round, categories=[panel_world.category])
    assert plan.categories[0].remove == []


@pytest.mark.django_db
def test_a_small_panel_shows_why_an_entry_falls_short(panel_world):
    panel_world.category.min_judges = 3
    panel_world.category.save()
    plan = assignment_plan(round=panel_world.round, categories=[panel_world.category])
    assert [s.reason for s in plan.categories[0].shortfalls] == [
        "The category panel has 2 judges; 3 are needed.",
        "The category panel has 2 judges; 3 are needed.",
    ]


@pytest.mark.django_db
def test_preview_then_apply_through_the_page(client, panel_world):
    client.force_login(panel_world.organiser)
    url = reverse("judging:assignments", args=[panel_world.edition.slug])
    preview = client.post(reverse("judging:assignments_preview", args=[panel_world.edition.slug]), {})
    assert preview.status_code == 200
    assert not Assignment.objects.exists()
    signed = preview.context["preview"]["signed"]
    assert preview.context["preview"]["add_count"] == 3  # bob's conflict with company A leaves him off entry A
    applied = client.post(reverse("judging:assignments_apply", args=[panel_world.edition.slug]), {"plan": signed})
    assert applied.status_code == 302
    assert Assignment.objects.count() == 3
    page = client.get(url).content.decode()
    assert panel_world.alice.pseudonym in page
    # The same signed plan cannot be applied twice.
    client.post(reverse("judging:assignments_apply", args=[panel_world.edition.slug]), {"plan": signed})
    assert Assignment.objects.count() == 3
    # A forged plan is refused.
    client.post(reverse("judging:assignments_apply", args=[panel_world.edition.slug]), {"plan": signed[:-3] + "abc"})
    assert Assignment.objects.count() == 3


@pytest.mark.django_db
def test_a_plan_made_stale_by_a_conflict_is_refused(panel_world):
    plan = assignment_plan(round=panel_world.round, categories=[panel_world.category])
    conflict_declare(judge=panel_world.alice, company=panel_world.company_a, relation="employee")
    with pytest.raises(ValidationError):
        assignment_apply(plan=plan, actor=panel_world.organiser)
    assert not Assignment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("state", [Edition.State.DRAFT, Edition.State.SEALED, Edition.State.PUBLISHED])
def test_assignments_only_during_registration_and_judging(client, state, panel_world):
    plan = assignment_plan(round=panel_world.round, categories=[panel_world.category])
    Edition.objects.filter(pk=panel_world.edition.pk).update(state=state)
    with pytest.raises(ValidationError):
        assignment_apply(plan=plan, actor=panel_world.organiser)
    client.force_login(panel_world.organiser)
    slug = panel_world.edition.slug
    manual = {"manual-entry": panel_world.entry_a.pk, "manual-judge": panel_world.alice.pk}
    client.post(reverse("judging:assignments_assign", args=[slug]), manual)
    assert not Assignment.objects.exists()


@pytest.mark.django_db
def test_panel_members_are_added_and_removed_on_the_page(client, panel_world):
    newcomer = JudgeFactory(edition=panel_world.edition, full_name="Citra Lestari")
    client.force_login(panel_world.organiser)
    slug = panel_world.edition.slug
    member = {"member-category": panel_world.category.pk, "member-judge": newcomer.pk}
    client.post(reverse("judging:assignments_member_add", args=[slug]), member)
    member = PanelMember.objects.get(judge=newcomer)
    client.post(reverse("judging:assignments_member_remove", args=[slug]), {"member": member.pk})
    assert not PanelMember.objects.filter(judge=newcomer).exists()


@pytest.mark.django_db
def test_manual_add_and_remove(client, panel_world):
    client.force_login(panel_world.organiser)
    slug = panel_world.edition.slug
    manual = {"manual-entry": panel_world.entry_a.pk, "manual-judge": panel_world.alice.pk}
    client.post(reverse("judging:assignments_assign", args=[slug]), manual)
    assignment = Assignment.objects.get()
    assert assignment.round == panel_world.round
    client.post(reverse("judging:assignments_unassign", args=[slug]), {"assignment": assignment.pk})
    assert not Assignment.objects.exists()
