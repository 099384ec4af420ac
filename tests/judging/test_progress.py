"""Organisers' progress: counts only, a fixed number of queries, reminders. And no scores in the admin."""

import re

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import AuditEvent
from judging.models import Assignment, Recusal, ScorecardDraft, SealedScorecard
from judging.selectors.progress import edition_progress, progress_entries, progress_judges
from judging.services.conflicts import conflict_declare
from tests.cast import draft_create, panel_team, seal_stand_in
from tests.factories import JudgeFactory, SubmittedEntryFactory

pytestmark = pytest.mark.django_db


def _assign(team, judge, entry):
    return Assignment.objects.create(round=team.round, entry=entry, judge=judge)


def test_progress_counts_sealed_out_of_assigned_per_entry_and_judge(team):
    for judge in (team.alice, team.bob):
        for entry in (team.entry_a, team.entry_b):
            _assign(team, judge, entry)
    seal_stand_in(judge=team.alice, entry=team.entry_a, round=team.round)
    seal_stand_in(judge=team.bob, entry=team.entry_a, round=team.round)
    old = seal_stand_in(judge=team.alice, entry=team.entry_b, round=team.round)
    old.is_latest = False  # a reopened scorecard no longer counts until it is sealed again
    old.save()
    progress = edition_progress(edition=team.edition)
    round_id = progress.round.pk
    listed = progress_entries(edition=team.edition, round_id=round_id, category=team.category)
    entries = {entry.pk: (entry.sealed_count, entry.assigned_count) for entry in listed}
    assert entries == {team.entry_a.pk: (2, 2), team.entry_b.pk: (0, 2)}
    judges = {
        judge.pk: (judge.sealed_count, judge.assigned_count)
        for judge in progress_judges(edition=team.edition, round_id=round_id)
    }
    assert judges == {team.alice.pk: (1, 2), team.bob.pk: (1, 2)}
    assert (progress.sealed, progress.assigned) == (2, 4)
    category = progress.categories[0]
    assert (category.entry_count, category.sealed_count, category.assigned_count, category.short_count) == (2, 2, 4, 0)


def test_recusals_and_late_conflicts_are_listed(client, team):
    _assign(team, team.alice, team.entry_a)
    _assign(team, team.bob, team.entry_b)
    Recusal.objects.create(round=team.round, entry=team.entry_a, judge=team.alice, reason="Former colleague")
    conflict_declare(judge=team.bob, company=team.company_b, relation="adviser")
    client.force_login(team.carol)
    page = client.get(reverse("judging:progress", args=[team.edition.slug])).content.decode()
    assert "Former colleague" in page
    assert "I advise this company" in page
    progress = edition_progress(edition=team.edition)
    assert [c.judge for c in progress.late_conflicts] == [team.bob]


def test_the_progress_page_shows_no_value_average_or_ranking(client, team):
    _assign(team, team.alice, team.entry_a)
    sealed = seal_stand_in(judge=team.alice, entry=team.entry_a, round=team.round)
    draft_create(round=team.round, entry=team.entry_b, judge=team.alice, scores={"omnichannel": 7})
    client.force_login(team.carol)
    response = client.get(reverse("judging:progress", args=[team.edition.slug]))
    page = response.content.decode()
    text = re.sub(r"<[^>]+>", " ", page).lower()
    for word in ("average", "rank", "mean", "total score", "omnichannel", "winner"):
        assert word not in text
    assert sealed.receipt not in page
    assert "1 / 1" in page


def _rows(team, count):
    for n in range(count):
        entry = SubmittedEntryFactory(category=team.category, company=team.company_b if n % 2 else team.company_a)
        judge = JudgeFactory(edition=team.edition)
        _assign(team, judge, entry)
        seal_stand_in(judge=judge, entry=entry, round=team.round)


@pytest.mark.parametrize("page", ["progress", "assignments", "judge_invite"])
def test_organiser_pages_use_the_same_number_of_queries_for_1_and_3_rows(client, django_assert_num_queries, page, team):
    Assignment.objects.all().delete()
    team.entry_a.delete()
    team.entry_b.delete()
    client.force_login(team.carol)
    url = reverse(f"judging:{page}", args=[team.edition.slug])
    counts = []
    for rows in (1, 2):  # 1 row, then 3 rows
        _rows(team, rows)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    assert Assignment.objects.count() == 3
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[0]):
        client.get(url)


def test_reminders_go_to_judges_with_open_assignments_only(client, mailoutbox, team):
    _assign(team, team.alice, team.entry_a)
    _assign(team, team.alice, team.entry_b)
    _assign(team, team.bob, team.entry_a)
    seal_stand_in(judge=team.bob, entry=team.entry_a, round=team.round)
    client.force_login(team.carol)
    response = client.post(reverse("judging:progress_remind", args=[team.edition.slug]))
    assert response.status_code == 302
    assert [mail.to for mail in mailoutbox] == [[team.alice.user.email]]
    assert "2 entries" in mailoutbox[0].subject
    assert "/judging/" in mailoutbox[0].body
    assert AuditEvent.objects.get(action="judges.reminded").payload == {"judges": 1}


def test_reminders_are_organisers_only(client, mailoutbox, team):
    _assign(team, team.alice, team.entry_a)
    client.force_login(team.alice.user)
    assert client.post(reverse("judging:progress_remind", args=[team.edition.slug])).status_code == 403
    assert mailoutbox == []


def test_scores_and_drafts_are_not_in_the_admin():
    assert not admin.site.is_registered(ScorecardDraft)
    assert not admin.site.is_registered(SealedScorecard)
    from judging.models import Assignment as AssignmentModel
    from judging.models import Judge, Rubric

    assert all(admin.site.is_registered(model) for model in (AssignmentModel, Judge, Rubric))


def test_the_organiser_area_links_every_judging_page(client, team):
    client.force_login(team.carol)
    old = reverse("judging:organiser_edition", args=[team.edition.slug])
    response = client.get(old, follow=True)
    assert response.redirect_chain == [(reverse("awards:organiser_edition", args=[team.edition.slug]), 302)]
    page = response.content.decode()
    for url in (
        reverse("judging:judge_invite", args=[team.edition.slug]),
        reverse("judging:assignments", args=[team.edition.slug]),
        reverse("judging:progress", args=[team.edition.slug]),
        reverse("judging:keys", args=[team.edition.slug]),
        reverse("judging:ceremony", args=[team.edition.slug]),
        reverse("awards:organiser_categories", args=[team.edition.slug]),
    ):
        assert url in page
    # and every judging page leads back to the edition's checklist
    progress = client.get(reverse("judging:progress", args=[team.edition.slug])).content.decode()
    assert f'href="{reverse("awards:organiser_edition", args=[team.edition.slug])}"' in progress


def test_organisers_find_one_organiser_area_from_the_navigation(client, team):
    client.force_login(team.carol)
    home = client.get("/").content.decode()
    assert reverse("awards:organiser_dashboard") in home
    assert reverse("judging:organiser_home") not in home  # one area, not two
    assert client.get(reverse("judging:organiser_home")).url == reverse("awards:organiser_dashboard")
    client.force_login(team.dave)
    assert reverse("awards:organiser_dashboard") not in client.get("/").content.decode()
    assert client.get(reverse("judging:organiser_home")).status_code == 403


def test_the_admin_pages_of_the_panel_open(client):
    from tests.factories import RubricFactory, UserFactory

    team = panel_team()
    rubric = RubricFactory(category=team.category)
    Assignment.objects.create(round=team.round, entry=team.entry_a, judge=team.alice)
    admin_user = UserFactory(username="root@panitia.example.test", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    for path in ("rubric", "round", "judge", "conflictdeclaration", "panelmember", "assignment"):
        assert client.get(f"/admin/judging/{path}/").status_code == 200
    assert client.get(f"/admin/judging/rubric/{rubric.pk}/change/").status_code == 200
    assert client.get("/admin/judging/sealedscorecard/").status_code == 404
    assert client.get("/admin/judging/scorecarddraft/").status_code == 404
