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
from tests.cast import draft_create, seal_stand_in
from tests.factories import JudgeFactory, SubmittedEntryFactory

pytestmark = pytest.mark.django_db


def _assign(panel_world, judge, entry):
    return Assignment.objects.create(round=panel_world.round, entry=entry, judge=judge)


def test_progress_counts_sealed_out_of_assigned_per_entry_and_judge(panel_world):
    for judge in (panel_world.alice, panel_world.bob):
        for entry in (panel_world.entry_a, panel_world.entry_b):
            _assign(panel_world, judge, entry)
    seal_stand_in(judge=panel_world.alice, entry=panel_world.entry_a, round=panel_world.round)
    seal_stand_in(judge=panel_world.bob, entry=panel_world.entry_a, round=panel_world.round)
    old = seal_stand_in(judge=panel_world.alice, entry=panel_world.entry_b, round=panel_world.round)
    old.is_latest = False  # a reopened scorecard no longer counts until it is sealed again
    old.save()
    progress = edition_progress(edition=panel_world.edition)
    round_id = progress.round.pk
    listed = progress_entries(edition=panel_world.edition, round_id=round_id, category=panel_world.category)
    entries = {entry.pk: (entry.sealed_count, entry.assigned_count) for entry in listed}
    assert entries == {panel_world.entry_a.pk: (2, 2), panel_world.entry_b.pk: (0, 2)}
    judges = {
        judge.pk: (judge.sealed_count, judge.assigned_count)
        for judge in progress_judges(edition=panel_world.edition, round_id=round_id)
    }
    assert judges == {panel_world.alice.pk: (1, 2), panel_world.bob.pk: (1, 2)}
    assert (progress.sealed, progress.assigned) == (2, 4)
    category = progress.categories[0]
    assert (category.entry_count, category.sealed_count, category.assigned_count, category.short_count) == (2, 2, 4, 0)


def test_recusals_and_late_conflicts_are_listed(client, panel_world):
    _assign(panel_world, panel_world.alice, panel_world.entry_a)
    _assign(panel_world, panel_world.bob, panel_world.entry_b)
    Recusal.objects.create(
        round=panel_world.round, entry=panel_world.entry_a, judge=panel_world.alice, reason="Former colleague"
    )
    conflict_declare(judge=panel_world.bob, company=panel_world.company_b, relation="adviser")
    client.force_login(panel_world.organiser)
    page = client.get(reverse("judging:progress", args=[panel_world.edition.slug])).content.decode()
    assert "Former colleague" in page
    assert "I advise this company" in page
    progress = edition_progress(edition=panel_world.edition)
    assert [c.judge for c in progress.late_conflicts] == [panel_world.bob]


def test_the_progress_page_shows_no_value_average_or_ranking(client, panel_world):
    _assign(panel_world, panel_world.alice, panel_world.entry_a)
    sealed = seal_stand_in(judge=panel_world.alice, entry=panel_world.entry_a, round=panel_world.round)
    draft_create(round=panel_world.round, entry=panel_world.entry_b, judge=panel_world.alice, scores={"omnichannel": 7})
    client.force_login(panel_world.organiser)
    response = client.get(reverse("judging:progress", args=[panel_world.edition.slug]))
    page = response.content.decode()
    text = re.sub(r"<[^>]+>", " ", page).lower()
    for word in ("average", "rank", "mean", "total score", "omnichannel", "winner"):
        assert word not in text
    assert sealed.receipt not in page
    assert "1 / 1" in page


def _rows(panel_world, count):
    for n in range(count):
        entry = SubmittedEntryFactory(
            category=panel_world.category, company=panel_world.company_b if n % 2 else panel_world.company_a
        )
        judge = JudgeFactory(edition=panel_world.edition)
        _assign(panel_world, judge, entry)
        seal_stand_in(judge=judge, entry=entry, round=panel_world.round)


@pytest.mark.parametrize("page", ["progress", "assignments", "judge_invite"])
def test_organiser_pages_use_the_same_number_of_queries_for_1_and_3_rows(
    client, django_assert_num_queries, page, panel_world
):
    Assignment.objects.all().delete()
    panel_world.entry_a.delete()
    panel_world.entry_b.delete()
    client.force_login(panel_world.organiser)
    url = reverse(f"judging:{page}", args=[panel_world.edition.slug])
    counts = []
    for rows in (1, 2):  # 1 row, then 3 rows
        _rows(panel_world, rows)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    assert Assignment.objects.count() == 3
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[0]):
        client.get(url)


def test_reminders_go_to_judges_with_open_assignments_only(client, mailoutbox, panel_world):
    _assign(panel_world, panel_world.alice, panel_world.entry_a)
    _assign(panel_world, panel_world.alice, panel_world.entry_b)
    _assign(panel_world, panel_world.bob, panel_world.entry_a)
    seal_stand_in(judge=panel_world.bob, entry=panel_world.entry_a, round=panel_world.round)
    client.force_login(panel_world.organiser)
    response = client.post(reverse("judging:progress_remind", args=[panel_world.edition.slug]))
    assert response.status_code == 302
    assert [mail.to for mail in mailoutbox] == [[panel_world.alice.user.email]]
    assert "2 entries" in mailoutbox[0].subject
    assert "/judging/" in mailoutbox[0].body
    assert AuditEvent.objects.get(action="judges.reminded").payload == {"judges": 1}


def test_reminders_are_organisers_only(client, mailoutbox, panel_world):
    _assign(panel_world, panel_world.alice, panel_world.entry_a)
    client.force_login(panel_world.alice.user)
    assert client.post(reverse("judging:progress_remind", args=[panel_world.edition.slug])).status_code == 403
    assert mailoutbox == []


def test_scores_and_drafts_are_not_in_the_admin():
    assert not admin.site.is_registered(ScorecardDraft)
    assert not admin.site.is_registered(SealedScorecard)
    from judging.models import Assignment as AssignmentModel
    from judging.models import Judge, Rubric

    assert all(admin.site.is_registered(model) for model in (AssignmentModel, Judge, Rubric))


def test_the_organiser_area_links_every_judging_page(client, panel_world):
    client.force_login(panel_world.organiser)
    old = reverse("judging:organiser_edition", args=[panel_world.edition.slug])
    response = client.get(old, follow=True)
    assert response.redirect_chain == [(reverse("awards:organiser_edition", args=[panel_world.edition.slug]), 302)]
    page = response.content.decode()
    for url in (
        reverse("judging:judge_invite", args=[panel_world.edition.slug]),
        reverse("judging:assignments", args=[panel_world.edition.slug]),
        reverse("judging:progress", args=[panel_world.edition.slug]),
        reverse("judging:keys", args=[panel_world.edition.slug]),
        reverse("judging:ceremony", args=[panel_world.edition.slug]),
        reverse("awards:organiser_categories", args=[panel_world.edition.slug]),
    ):
        assert url in page
    # and every judging page leads back to the edition's checklist
    progress = client.get(reverse("judging:progress", args=[panel_world.edition.slug])).content.decode()
    assert f'href="{reverse("awards:organiser_edition", args=[panel_world.edition.slug])}"' in progress


def test_organisers_find_one_organiser_area_from_the_navigation(client, panel_world):
    client.force_login(panel_world.organiser)
    home = client.get("/").content.decode()
    assert reverse("awards:organiser_dashboard") in home
    assert reverse("judging:organiser_home") not in home  # one area, not two
    assert client.get(reverse("judging:organiser_home")).url == reverse("awards:organiser_dashboard")
    client.force_login(panel_world.participant_a)
    assert reverse("awards:organiser_dashboard") not in client.get("/").content.decode()
    assert client.get(reverse("judging:organiser_home")).status_code == 403


def test_the_admin_pages_of_the_panel_open(client, edition_in):
    from tests.factories import UserFactory

    panel_world = edition_in("registration", submitted=True, panel=True)
    rubric = panel_world.rubric
    Assignment.objects.create(round=panel_world.round, entry=panel_world.entry_a, judge=panel_world.alice)
    admin_user = UserFactory(username="root@panitia.example.test", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    for path in ("rubric", "round", "judge", "conflictdeclaration", "panelmember", "assignment"):
        assert client.get(f"/admin/judging/{path}/").status_code == 200
    assert client.get(f"/admin/judging/rubric/{rubric.pk}/change/").status_code == 200
    assert client.get("/admin/judging/sealedscorecard/").status_code == 404
    assert client.get("/admin/judging/scorecarddraft/").status_code == 404
