"""The assignments page: per category, a page of entries at a time, filters that keep each other, and the actions
(assign, remove, panel) that bring the organiser back to the view they acted from."""

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import Company, Entry
from judging.models import Assignment, ConflictDeclaration
from judging.selectors.assignments import ENTRIES_PER_PAGE, JUDGES_SHOWN
from tests.factories import CategoryFactory, JudgeFactory

pytestmark = pytest.mark.django_db


def _entries(category, count, start=10):
    companies = Company.objects.bulk_create(
        Company(
            legal_name=f"PT Halaman {start + i:03d}",
            sector="banking",
            address="Jl. Thamrin",
            city="Jakarta",
            agent_seats=50,
        )
        for i in range(count)
    )
    return Entry.objects.bulk_create(
        Entry(
            company=company,
            category=category,
            title=f"Programme {start + i}",
            number=start + i,
            status=Entry.Status.SUBMITTED,
            accepted_at=timezone.now(),
            submitted_at=timezone.now(),
        )
        for i, company in enumerate(companies)
    )


def _url(world, **params):
    from urllib.parse import urlencode

    base = reverse("judging:assignments", args=[world.edition.slug])
    return f"{base}?{urlencode(params)}" if params else base


def test_the_page_shows_the_first_category_and_each_category_on_request(client, panel_world):
    second = CategoryFactory(
        edition=panel_world.edition, code="second", ceremony_order=panel_world.category.ceremony_order + 1
    )
    other = _entries(second, 1)[0]
    client.force_login(panel_world.organiser)
    first_page = client.get(_url(panel_world))
    assert [e.pk for e in first_page.context["pager"].items] == [panel_world.entry_a.pk, panel_world.entry_b.pk]
    assert [row.code for row in first_page.context["summary"]] == [panel_world.category.code, "second"]
    second_page = client.get(_url(panel_world, category="second"))
    assert [e.pk for e in second_page.context["pager"].items] == [other.pk]
    every = client.get(_url(panel_world, category="all"))
    assert [e.pk for e in every.context["pager"].items] == [panel_world.entry_a.pk, panel_world.entry_b.pk, other.pk]


def test_pages_and_filters_keep_each_other(client, panel_world):
    _entries(panel_world.category, ENTRIES_PER_PAGE + 5)
    Assignment.objects.create(round=panel_world.round, entry=panel_world.entry_a, judge=panel_world.alice)
    client.force_login(panel_world.organiser)
    page = client.get(_url(panel_world, category=panel_world.category.code, short="on"))
    pager = page.context["pager"]
    # entry A has 1 judge of 2: every entry is below the minimum, so the filter keeps all of them, in pages
    assert pager.page.paginator.count == ENTRIES_PER_PAGE + 7
    assert pager.next_query == f"?category={panel_world.category.code}&short=on&page=2"
    second = client.get(_url(panel_world, category=panel_world.category.code, short="on", page=2))
    assert len(second.context["pager"].items) == 7
    assert second.context["pager"].previous_query == f"?category={panel_world.category.code}&short=on"
    assert second.context["filters_query"] == f"category={panel_world.category.code}&short=on&page=2"


def test_the_judge_and_conflict_filters_keep_the_entries_they_name(client, panel_world):
    Assignment.objects.create(round=panel_world.round, entry=panel_world.entry_a, judge=panel_world.alice)
    Assignment.objects.create(round=panel_world.round, entry=panel_world.entry_b, judge=panel_world.bob)
    ConflictDeclaration.objects.create(judge=panel_world.bob, company=panel_world.company_b, relation="adviser")
    client.force_login(panel_world.organiser)
    alice_only = client.get(_url(panel_world, judge=panel_world.alice.pk)).context["pager"].items
    assert [e.pk for e in alice_only] == [panel_world.entry_a.pk]
    conflicted = client.get(_url(panel_world, conflicts="on"))
    assert [e.pk for e in conflicted.context["pager"].items] == [panel_world.entry_b.pk]
    assert [a.conflicted for a in conflicted.context["pager"].items[0].round_assignments] == [True]
    assert [row.conflict_count for row in conflicted.context["summary"]] == [1]
    bad = client.get(_url(panel_world, judge="nobody"))
    assert bad.status_code == 200
    assert "Select a valid choice" in bad.text  # the wrong filter is named; the others still apply
    assert [e.pk for e in bad.context["pager"].items] == [panel_world.entry_a.pk, panel_world.entry_b.pk]


def test_an_entry_with_many_judges_shows_the_first_and_links_to_all(client, panel_world):
    judges = [JudgeFactory(edition=panel_world.edition) for _ in range(JUDGES_SHOWN + 3)]
    for judge in judges:
        Assignment.objects.create(round=panel_world.round, entry=panel_world.entry_a, judge=judge)
    client.force_login(panel_world.organiser)
    page = client.get(_url(panel_world))
    row = page.context["pager"].items[0]
    assert (row.assigned_count, len(row.round_assignments)) == (JUDGES_SHOWN + 3, JUDGES_SHOWN)
    assert f"?entry={panel_world.entry_a.pk}" in page.text
    assert f"all {JUDGES_SHOWN + 3} judges" in page.text
    one = client.get(_url(panel_world, entry=panel_world.entry_a.pk))
    assert [e.pk for e in one.context["pager"].items] == [panel_world.entry_a.pk]
    assert len(one.context["pager"].items[0].round_assignments) == JUDGES_SHOWN + 3


def test_an_action_brings_the_organiser_back_to_the_filtered_page(client, panel_world):
    client.force_login(panel_world.organiser)
    slug = panel_world.edition.slug
    filters = f"category={panel_world.category.code}&judge={panel_world.alice.pk}&page=1&evil=https://x.example"
    response = client.post(
        reverse("judging:assignments_assign", args=[slug]),
        {"manual-entry": panel_world.entry_a.pk, "manual-judge": panel_world.alice.pk, "filters": filters},
    )
    assert response.status_code == 302
    assert response["Location"] == _url(
        panel_world, category=panel_world.category.code, judge=panel_world.alice.pk, page=1
    )
    assignment = Assignment.objects.get()
    response = client.post(
        reverse("judging:assignments_unassign", args=[slug]),
        {"assignment": assignment.pk, "filters": f"category={panel_world.category.code}"},
    )
    assert response["Location"] == _url(panel_world, category=panel_world.category.code)
    assert not Assignment.objects.exists()


def test_the_remove_buttons_post_to_the_shared_form(client, panel_world):
    assignment = Assignment.objects.create(round=panel_world.round, entry=panel_world.entry_a, judge=panel_world.alice)
    client.force_login(panel_world.organiser)
    page = client.get(_url(panel_world, category=panel_world.category.code)).text
    assert f'form="unassign" name="assignment" value="{assignment.pk}"' in page
    unassign = reverse("judging:assignments_unassign", args=[panel_world.edition.slug])
    assert f'<form id="unassign" method="post" action="{unassign}"' in page
    assert f'value="category={panel_world.category.code}"' in page  # the filters travel with the action
