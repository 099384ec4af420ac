"""Organiser pages and the judge's workspace as an edition grows: the same number of queries at 10 and at 100 rows
(entries, judges, companies, assignments and sealed scorecards), and a page of each list, not the whole list."""

import os

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import Company, Entry, NdaVersion
from judging import sealing
from judging.models import Assignment, Judge, SealedScorecard
from tests.cast import participant, sign_judge_nda

pytestmark = pytest.mark.django_db


def _grow(team, rows: int) -> None:
    """`rows` more submitted entries (each with a company), `rows` more judges who signed the agreement, alice
    assigned to every new entry and every new judge to entry A; half of the new assignments sealed."""
    start = Entry.objects.filter(category__edition=team.edition).count() + 1
    companies = Company.objects.bulk_create(
        Company(
            legal_name=f"PT Skala {start + i}", sector="banking", address="Jl. Thamrin", city="Jakarta", agent_seats=50
        )
        for i in range(rows)
    )
    entries = Entry.objects.bulk_create(
        Entry(
            company=company,
            category=team.category,
            title=f"Programme {start + i}",
            number=start + i,
            status=Entry.Status.SUBMITTED,
            accepted_at=timezone.now(),
            submitted_at=timezone.now(),
        )
        for i, company in enumerate(companies)
    )
    users = get_user_model().objects.bulk_create(
        get_user_model()(
            username=f"scale{start + i}@juri.example.test", email=f"scale{start + i}@juri.example.test", password="!"
        )
        for i in range(rows)
    )
    judges = Judge.objects.bulk_create(
        Judge(edition=team.edition, user=user, full_name=f"Juri Skala {start + i}", pseudonym=f"Judge {start + 10 + i}")
        for i, user in enumerate(users)
    )
    version = NdaVersion.objects.filter(edition=team.edition, audience=NdaVersion.Audience.JUDGE).first()
    for judge in judges:
        sign_judge_nda(judge, version)
    assignments = Assignment.objects.bulk_create(
        [Assignment(round=team.round, entry=entry, judge=team.alice) for entry in entries]
        + [Assignment(round=team.round, entry=team.entry_a, judge=judge) for judge in judges]
    )
    sealed = []
    for assignment in assignments[::2]:
        ciphertext = os.urandom(48)
        sealed.append(
            SealedScorecard(
                edition=team.edition,
                round=team.round,
                entry=assignment.entry,
                judge=assignment.judge,
                ciphertext=ciphertext,
                receipt=sealing.receipt_of(ciphertext),
                sealed_at=timezone.now(),
            )
        )
    SealedScorecard.objects.bulk_create(sealed)


def _count(client, url) -> tuple[int, object]:
    client.get(url)  # the session's first page keeps the navigation's roles in it
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


ORGANISER_PAGES = [
    ("judging:assignments", "pager"),
    ("judging:progress", "entries"),
    ("judging:sealed_list", "scorecards"),
    ("awards:organiser_registrations", "entries"),
    ("judging:judge_invite", "judges"),
    ("judging:rounds", None),
]


@pytest.mark.parametrize(("name", "listed"), ORGANISER_PAGES)
def test_an_organiser_page_runs_as_many_queries_for_100_rows_as_for_10(client, name, listed, world):
    team = world
    participant(team.edition)  # a company that registered, for the registrations page's lists
    client.force_login(team.organiser)
    url = reverse(name, args=[team.edition.slug])
    _grow(team, 10)
    small, _page = _count(client, url)
    _grow(team, 90)
    large, page = _count(client, url)
    assert large == small
    if listed:
        pager = page.context[listed]
        assert pager.page.paginator.count > len(pager.items)  # a page of the list, with a link to the next
        assert pager.next_query.replace("&", "&amp;") in page.text


def test_the_workspace_runs_as_many_queries_for_100_assignments_as_for_10(client, world):
    team = world  # alice signs in with an authenticator app (the cast's judges do)
    client.force_login(team.alice.user)
    url = reverse("judging:workspace")
    _grow(team, 10)
    small, _page = _count(client, url)
    _grow(team, 90)
    large, page = _count(client, url)
    assert large == small
    block = page.context["blocks"][0]
    assert (block.total, len(block.assignments)) == (102, 25)
    assert block.sealed_count == 50  # every other new assignment of alice's: 5 of 10, then 45 of 90
    assert "50 of 102 entries sealed" in page.text
