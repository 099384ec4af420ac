"""Rounds per category: a category takes the desk round (with its own weight) or goes straight to the finals;
each round has its own rubric, panel and dates; the reveal and verify_results combine each category's rounds
by its own weights."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.models import Award, Edition
from judging.models import (
    AREA_ORDER,
    Assignment,
    CategoryRound,
    Finalist,
    PanelMember,
    Round,
    RoundSeal,
    Rubric,
    ScorecardDraft,
    Seal,
)
from judging.pack import PACK
from judging.selectors.rounds import category_round_weights, round_entry_ids
from judging.selectors.rubrics import rubric_for
from judging.services import export
from judging.services.assignment_plan import assignment_plan
from judging.services.assignments import assignment_add, panel_member_add
from judging.services.export import award_night_pack_build, pack_zip
from judging.services.feedback import feedback_pdfs
from judging.services.keys import edition_open_judging
from judging.services.reveal import edition_reveal
from judging.services.rounds import category_round_set, round_seal, rounds_configure
from judging.services.rubrics import default_criteria, rubric_save
from judging.services.scoring import draft_save, scorecard_seal
from judging.services.shortlist import shortlist_reveal
from judging.services.verification import pack_verify
from tests.cast import draft_create, judging_date_reached, submitted_entry
from tests.factories import CategoryFactory, CompanyFactory, JudgeFactory, RubricFactory
from tests.generated_edition import unzip

FINALS_WEIGHTS = {"infrastructure": 10, "technology": 20, "communication": 40, "people": 30}


def _finals_criteria(category) -> list[dict]:
    """The default criteria with the communication area made a presentation and Q&A."""
    criteria = []
    for criterion in default_criteria(rubric=Rubric(category=category)):
        item = {
            "area": criterion.area,
            "code": criterion.code,
            "name_id": criterion.name_id,
            "name_en": criterion.name_en,
            "descriptors_id": criterion.descriptors_id,
            "descriptors_en": criterion.descriptors_en,
            "pk": None,
        }
        if criterion.area == "communication":
            number = sum(1 for c in criteria if c["area"] == "communication") + 1
            item.update(
                code=f"finals-presentation-{number}",
                name_en=f"Finals presentation {number}",
                name_id=f"Presentasi final {number}",
            )
        criteria.append(item)
    return criteria


def _seal(*, judge, entry, round, value):  # noqa: A002
    """A complete scorecard on the rubric the entry's category has in ``round``."""
    rubric = rubric_for(category=entry.category, round=round)
    draft_create(judge=judge, entry=entry, round=round, scores={c.code: value for c in rubric.criteria.all()})
    return scorecard_seal(judge=judge, entry=entry, round=round, actor=judge.user)


@pytest.fixture
def team(cast):
    """Two categories. "desk" (A, B, C) takes the desk round at 40 % (the round's own weight is 30 %), the best
    2 go on; "direct" (D, E) goes straight to the finals. alice and bob judge; bob is conflicted with A."""
    team = cast.edition_in(Edition.State.REGISTRATION, submitted=True)
    team.company_c = CompanyFactory(legal_name="PT Cakra Kontak")
    team.entry_c = submitted_entry(category=team.category, company=team.company_c, title="Listening at scale")
    team.direct = CategoryFactory(edition=team.edition, min_judges=2)
    RubricFactory(category=team.direct)
    team.entry_d = submitted_entry(
        category=team.direct, company=CompanyFactory(legal_name="PT Delta Suara"), title="Voice of the customer"
    )
    team.entry_e = submitted_entry(
        category=team.direct, company=CompanyFactory(legal_name="PT Eka Layanan"), title="Self service"
    )
    team.desk, team.final = rounds_configure(
        edition=team.edition,
        desk=True,
        desk_name="Desk round",
        desk_weight=30,
        final_name="Finals",
        actor=team.organiser,
    )
    category_round_set(round=team.desk, category=team.category, top_n=2, weight=40, actor=team.organiser)
    category_round_set(round=team.desk, category=team.direct, in_round=False, actor=team.organiser)
    return team


def _open(team):
    judging_date_reached(team.edition)
    edition_open_judging(edition=team.edition, actor=team.organiser)
    team.edition.refresh_from_db()


def _desk_done(team):
    """Desk: A 9, B 5, C 7 (alice), B 5, C 7 (bob, conflicted with A); sealed; A and C go on."""
    _open(team)
    for judge in (team.alice, team.bob):
        for entry in (team.entry_a, team.entry_b, team.entry_c):
            if not (judge == team.bob and entry == team.entry_a):
                Assignment.objects.create(round=team.desk, entry=entry, judge=judge)
    for entry, value in ((team.entry_a, 9), (team.entry_b, 5), (team.entry_c, 7)):
        _seal(judge=team.alice, entry=entry, round=team.desk, value=value)
    for entry, value in ((team.entry_b, 5), (team.entry_c, 7)):
        _seal(judge=team.bob, entry=entry, round=team.desk, value=value)
    round_seal(edition=team.edition, number=1, actor=team.organiser)
    shortlist_reveal(edition=team.edition, number=1, texts=team.share_texts[:2], actor=team.organiser)


def test_each_category_has_its_own_round_weights(team):
    weights = category_round_weights(edition=team.edition)
    assert weights == {team.category.pk: {1: 40, 2: 60}, team.direct.pk: {1: 0, 2: 100}}


def test_a_category_straight_to_the_finals_has_no_part_in_the_desk_round(team):
    _open(team)
    assert round_entry_ids(round=team.desk) == {team.entry_a.pk, team.entry_b.pk, team.entry_c.pk}
    with pytest.raises(ValidationError, match="goes straight to the finals"):
        assignment_add(round=team.desk, entry=team.entry_d, judge=team.alice, actor=team.organiser)
    assert not Assignment.objects.filter(entry=team.entry_d).exists()


def test_the_finals_take_the_finalists_and_every_entry_of_a_category_without_desk_round(team):
    _desk_done(team)
    assert set(Finalist.objects.values_list("entry_id", flat=True)) == {team.entry_a.pk, team.entry_c.pk}
    assert round_entry_ids(round=team.final) == {team.entry_a.pk, team.entry_c.pk, team.entry_d.pk, team.entry_e.pk}
    with pytest.raises(ValidationError, match="Only the finalists"):
        assignment_add(round=team.final, entry=team.entry_b, judge=team.alice, actor=team.organiser)


def test_rounds_per_category_are_frozen_once_judging_opens(team, client):
    _open(team)
    with pytest.raises(ValidationError, match="frozen once judging opens"):
        category_round_set(round=team.desk, category=team.direct, in_round=True, actor=team.organiser)
    client.force_login(team.organiser)
    response = client.post(
        reverse("judging:rounds_rule", args=[team.edition.slug]),
        {
            "rule-category": team.category.pk,
            "rule-mode": "top",
            "rule-top_n": "6",
            "rule-min_scorecards": "1",
            "rule-desk_weight": "10",
        },
        follow=True,
    )
    assert "The rounds are frozen once judging opens" in response.content.decode()
    settings = CategoryRound.objects.get(round=team.desk, category=team.direct)
    assert (settings.in_round, CategoryRound.objects.get(round=team.desk, category=team.category).weight) == (False, 40)


def test_the_setup_page_sets_a_category_straight_to_the_finals(cast, client):
    world = cast.edition_in(Edition.State.REGISTRATION, submitted=True)
    desk, _final = rounds_configure(edition=world.edition, desk=True, desk_weight=30, actor=world.organiser)
    client.force_login(world.organiser)
    url = reverse("judging:rounds_rule", args=[world.edition.slug])
    refused = client.post(
        url,
        {
            "rule-category": world.category.pk,
            "rule-mode": "top",
            "rule-top_n": "6",
            "rule-min_scorecards": "1",
            "rule-straight_to_finals": "on",
            "rule-desk_weight": "20",
        },
    )
    assert refused.status_code == 400
    assert "A category without a desk round has no desk weight" in refused.content.decode()
    assert not CategoryRound.objects.exists()
    response = client.post(
        url,
        {
            "rule-category": world.category.pk,
            "rule-mode": "top",
            "rule-top_n": "6",
            "rule-min_scorecards": "1",
            "rule-straight_to_finals": "on",
        },
        follow=True,
    )
    page = response.content.decode()
    assert CategoryRound.objects.get(round=desk).in_round is False
    assert "straight to the finals" in page
    assert category_round_weights(edition=world.edition) == {world.category.pk: {1: 0, 2: 100}}


# --- each round its own rubric ----------------------------------------------------------------------------


def test_a_round_without_its_own_rubric_uses_the_categorys(team):
    category_rubric = Rubric.objects.get(category=team.category)
    assert rubric_for(category=team.category, round=team.desk) == category_rubric
    assert rubric_for(category=team.category, round=team.final) == category_rubric
    finals = rubric_save(
        category=team.category,
        round=team.final,
        weights=FINALS_WEIGHTS,
        tie_break_order=list(AREA_ORDER),
        criteria=_finals_criteria(team.category),
        actor=team.organiser,
    )
    assert rubric_for(category=team.category, round=team.final) == finals
    assert rubric_for(category=team.category, round=team.desk) == category_rubric
    assert Rubric.objects.get(category=team.category, round__isnull=True).version == category_rubric.version


def test_a_round_cannot_get_its_own_rubric_once_scored_on_the_categorys(team):
    _open(team)
    Assignment.objects.create(round=team.desk, entry=team.entry_a, judge=team.alice)
    _seal(judge=team.alice, entry=team.entry_a, round=team.desk, value=8)
    with pytest.raises(ValidationError, match="already sealed"):
        rubric_save(
            category=team.category,
            round=team.desk,
            weights=FINALS_WEIGHTS,
            tie_break_order=list(AREA_ORDER),
            criteria=_finals_criteria(team.category),
            actor=team.organiser,
        )
    assert not Rubric.objects.filter(round__isnull=False).exists()


def test_the_rubric_page_edits_a_rounds_own_rubric(team, client):
    client.force_login(team.organiser)
    url = reverse("judging:rubric", args=[team.edition.slug, team.category.code])
    page = client.get(f"{url}?round=2").content.decode()
    assert "This round uses the category&#x27;s rubric" in page or "This round uses the category's rubric" in page
    assert client.get(f"{url}?round=7").status_code == 404
    assert not Rubric.objects.filter(round__isnull=False).exists()  # reading changes nothing


def _finals_open(team):
    _desk_done(team)
    team.finals_rubric = rubric_save(
        category=team.category,
        round=team.final,
        weights=FINALS_WEIGHTS,
        tie_break_order=list(AREA_ORDER),
        criteria=_finals_criteria(team.category),
        actor=team.organiser,
    )
    for judge in (team.alice, team.bob):
        for entry in (team.entry_a, team.entry_c, team.entry_d, team.entry_e):
            if not (judge == team.bob and entry == team.entry_a):
                Assignment.objects.create(round=team.final, entry=entry, judge=judge)


def test_the_finals_scorecard_shows_the_finals_rubric(team, client, django_assert_num_queries):
    _finals_open(team)
    client.force_login(team.alice.user)
    url = reverse("judging:scorecard", args=[team.entry_a.pk])
    page = client.get(url).content.decode()
    assert "Finals presentation 1" in page
    assert 'name="score_finals-presentation-1"' in page
    direct = client.get(reverse("judging:scorecard", args=[team.entry_d.pk])).content.decode()
    assert "Finals presentation 1" not in direct
    with django_assert_num_queries(5):  # warm: the round's rubric comes from the per-server cache too
        assert client.get(url).status_code == 200


@pytest.fixture
def night(team, monkeypatch):
    """Finals (own rubric for "desk"): A 6 (alice), C 8; "direct": D 8, E 6 (alice and bob).
    "desk" at 40/60: A 0.4*90 + 0.6*60 = 72.00, C 0.4*70 + 0.6*80 = 76.00 (at the round's 30/70 it would be
    69.00 and 77.00). "direct" is judged once: D 80.00, E 60.00."""
    monkeypatch.setattr(export, "PACK_PARTS", [part for part in export.PACK_PARTS if part is not feedback_pdfs])
    _finals_open(team)
    for judge in (team.alice, team.bob):
        for entry, value in ((team.entry_a, 6), (team.entry_c, 8), (team.entry_d, 8), (team.entry_e, 6)):
            if not (judge == team.bob and entry == team.entry_a):
                _seal(judge=judge, entry=entry, round=team.final, value=value)
    round_seal(edition=team.edition, number=2, actor=team.organiser)
    edition_reveal(edition=team.edition, shares=team.share_texts[1:], actor=team.organiser)
    return team


def test_the_reveal_combines_each_category_by_its_own_weights(night):
    awards = {award.entry_id: (award.kind, str(award.score)) for award in Award.objects.all()}
    assert awards == {
        night.entry_c.pk: ("winner", "76.00"),
        night.entry_a.pk: ("runner_up_1", "72.00"),
        night.entry_d.pk: ("winner", "80.00"),
        night.entry_e.pk: ("runner_up_1", "60.00"),
    }
    results = night.edition.reveal.results
    desk, direct = night.category.code, night.direct.code
    assert results["rounds"][0]["weights"] == {desk: 40, direct: 0}
    assert results["rounds"][1]["weights"] == {desk: 60, direct: 100}
    assert results["rounds"][0]["shortlist"][direct] is None
    assert results["rounds"][0]["finalists"] == {desk: sorted([night.entry_a.reference, night.entry_c.reference])}
    category = next(c for c in results["categories"] if c["code"] == desk)
    finals_codes = {c["code"] for c in category["rubric"]["criteria"]}
    desk_codes = {c["code"] for c in results["rounds"][0]["rubrics"][desk]["criteria"]}
    assert "finals-presentation-1" in finals_codes and "finals-presentation-1" not in desk_codes
    methods = {row["entry"]: row["method"] for ranking in results["rankings"] for row in ranking["entries"]}
    assert methods[night.entry_c.reference] == "weighted_rounds"
    assert methods[night.entry_d.reference] != "weighted_rounds"


def test_verify_results_rederives_per_category_weights_and_a_category_without_desk_round(night):
    pack = award_night_pack_build(edition=night.edition)
    roots = [RoundSeal.objects.get().root, Seal.objects.get().root]
    verdict = pack_verify(pack, expected_root=roots)
    assert (verdict.ok, verdict.rounds, verdict.awards) == (True, 2, 4), verdict.message
    files = unzip(pack)
    results = json.loads(files[PACK.results_json])
    results["rounds"][0]["weights"][night.category.code] = 30
    results["rounds"][1]["weights"][night.category.code] = 70
    files[PACK.results_json] = json.dumps(results).encode()
    tampered = pack_verify(pack_zip(files=files))
    assert not tampered.ok, "a pack whose weights were changed must not verify"


# --- each round its own panel ---------------------------------------------------------------------------


def test_a_finals_only_panel_member_is_drawn_in_the_finals_not_the_desk_round(team):
    carol = JudgeFactory(edition=team.edition, full_name="Carla Wijaya", pseudonym="Judge 03")
    team.category.min_judges = 2  # the assigner gives each entry two judges of the round's panel
    team.category.save(update_fields=["min_judges"])
    panel_member_add(category=team.category, judge=team.alice, actor=team.organiser)
    panel_member_add(category=team.category, judge=carol, round=team.final, actor=team.organiser)
    with pytest.raises(ValidationError, match="already on this category's panel"):
        panel_member_add(category=team.category, judge=carol, round=team.final, actor=team.organiser)
    with pytest.raises(ValidationError, match="already on this category's panel"):
        panel_member_add(category=team.category, judge=team.alice, round=team.desk, actor=team.organiser)
    assert PanelMember.objects.filter(category=team.category).count() == 2
    desk_plan = assignment_plan(round=team.desk, categories=[team.category])
    assert {judge for _entry, judge in desk_plan.categories[0].add} == {team.alice.pk}
    _desk_done(team)
    final_plan = assignment_plan(round=team.final, categories=[team.category])
    assert sorted(final_plan.categories[0].add) == sorted(
        (entry.pk, judge.pk) for entry in (team.entry_a, team.entry_c) for judge in (team.alice, carol)
    )


def test_the_assignments_page_shows_each_round(team, client):
    _desk_done(team)
    client.force_login(team.organiser)
    url = reverse("judging:assignments", args=[team.edition.slug])
    desk_page = client.get(f"{url}?round=1&category=all").content.decode()  # every category's entries
    assert "Only the round that runs now takes assignments" in desk_page
    assert team.entry_b.reference in desk_page and team.entry_d.reference not in desk_page
    finals_page = client.get(f"{url}?category=all").content.decode()
    assert team.entry_d.reference in finals_page and team.entry_b.reference not in finals_page
    assert "Preview assignments" in finals_page
    assert client.get(f"{url}?round=9").status_code == 404


# --- each round its own dates ---------------------------------------------------------------------------


def test_a_round_outside_its_dates_takes_no_scorecard(cast, client):
    team = cast.edition_in_two_rounds(top_n=2)
    today = timezone.localdate()
    code = team.criteria[0].code
    Round.objects.filter(pk=team.desk.pk).update(opens_on=today + dt.timedelta(days=1))
    team.desk.refresh_from_db()
    with pytest.raises(ValidationError, match="opens on"):
        draft_save(judge=team.alice, entry=team.entry_a, round=team.desk, scores={code: 7}, notes={}, comment="")
    client.force_login(team.alice.user)
    page = client.get(reverse("judging:scorecard", args=[team.entry_a.pk])).content.decode()
    assert "Scoring in this round opens on" in page and f'name="score_{code}"' not in page
    workspace = client.get(reverse("judging:workspace")).content.decode()
    assert "Scoring dates of this round: from" in workspace
    posted = client.post(reverse("judging:scorecard", args=[team.entry_a.pk]), {f"score_{code}": "7", "save": "1"})
    assert posted.status_code == 409
    Round.objects.filter(pk=team.desk.pk).update(
        opens_on=today - dt.timedelta(days=5), closes_on=today - dt.timedelta(days=1)
    )
    team.desk.refresh_from_db()
    with pytest.raises(ValidationError, match="closed on"):
        draft_save(judge=team.alice, entry=team.entry_a, round=team.desk, scores={code: 7}, notes={}, comment="")
    assert not ScorecardDraft.objects.exists()
    Round.objects.filter(pk=team.desk.pk).update(closes_on=today)
    team.desk.refresh_from_db()
    draft_save(judge=team.alice, entry=team.entry_a, round=team.desk, scores={code: 7}, notes={}, comment="")
    assert ScorecardDraft.objects.count() == 1


def test_the_final_round_dates_hold_on_the_fast_scorecard_path(cast, client):
    team = cast.edition_in(Edition.State.JUDGING, scored=False)
    Round.objects.filter(pk=team.round.pk).update(closes_on=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(team.alice.user)
    page = client.get(reverse("judging:scorecard", args=[team.entry_a.pk])).content.decode()
    assert "Scoring in this round closed on" in page
    assert 'name="score_' not in page


def test_a_sealed_round_refuses_scorecards(cast):
    team = cast.edition_in_two_rounds(top_n=2)
    round_seal(edition=team.edition, number=1, actor=team.organiser)
    with pytest.raises(ValidationError, match="is sealed"):
        draft_save(
            judge=team.alice,
            entry=team.entry_a,
            round=team.desk,
            scores={team.criteria[0].code: 7},
            notes={},
            comment="",
        )


def test_publishing_the_finalists_counts_a_category_without_desk_round_as_going_on(team):
    from awards.models import Entry
    from judging.services.finalists import finalists_publish

    _desk_done(team)
    finalists_publish(edition=team.edition, number=1, actor=team.organiser)
    status = dict(Entry.objects.values_list("pk", "shortlist"))
    assert [status[entry.pk] for entry in (team.entry_a, team.entry_b, team.entry_c, team.entry_d, team.entry_e)] == [
        Entry.Shortlist.FINALIST,
        Entry.Shortlist.NOT_SHORTLISTED,
        Entry.Shortlist.FINALIST,
        Entry.Shortlist.FINALIST,
        Entry.Shortlist.FINALIST,
    ]
    page = Client().get(reverse("judging:nominees", args=[team.edition.slug])).content.decode()
    assert team.company_b.legal_name not in page  # B was not shortlisted
    for company in (team.company_a, team.company_c):  # shortlisted
        assert company.legal_name in page
    for name in ("PT Delta Suara", "PT Eka Layanan"):  # straight to the finals
        assert name in page


def test_the_assignments_page_of_a_round_takes_as_many_queries_for_1_as_for_3_rows(team, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _desk_done(team)
    client.force_login(team.organiser)
    url = reverse("judging:assignments", args=[team.edition.slug]) + "?round=2"
    counts = []
    for _rows in (1, 2):  # one more entry straight to the finals, then two more
        for _n in range(_rows):
            entry = submitted_entry(category=team.direct, company=CompanyFactory(), title="Another entry")
            Assignment.objects.create(round=team.final, entry=entry, judge=team.alice)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    assert Assignment.objects.filter(round=team.final).count() == 3
    assert counts[0] == counts[1]
