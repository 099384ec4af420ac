"""The scorecard page's reads: one read for the entry and the judge's standing, criteria kept per server under the
rubric's version, and the page compressed for clients that accept gzip."""

import datetime as dt
import gzip
import re

import pytest
from django.contrib.admin.sites import site as admin_site
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from awards.models import NdaVersion
from judging.models import Assignment, Round, Rubric, ScorecardDraft
from tests.cast import full_scores, submitted_entry
from tests.factories import CompanyFactory, NdaVersionFactory

pytestmark = pytest.mark.django_db


def _url(entry):
    return reverse("judging:scorecard", kwargs={"pk": entry.pk})


def test_the_scorecard_page_is_served_gzip_compressed_and_keeps_its_csrf_token(client, world):
    client.force_login(world.alice.user)
    plain = client.get(_url(world.entry_a))
    assert plain.status_code == 200 and "Content-Encoding" not in plain
    response = client.get(_url(world.entry_a), headers={"accept-encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    page = gzip.decompress(response.content).decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None and len(token.group(1)) == 64
    assert page.count('name="score_') == 10 * len(world.criteria)
    assert len(response.content) < len(plain.content) / 4


def test_the_form_in_the_compressed_page_saves_a_draft(client, world):
    """The compressed page's CSRF token works: the draft is saved with it, as a browser would post it."""
    client = type(client)(enforce_csrf_checks=True)
    client.force_login(world.alice.user)
    page = gzip.decompress(client.get(_url(world.entry_a), headers={"accept-encoding": "gzip"}).content).decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(_url(world.entry_a), {**full_scores(world), "save": "1", "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == _url(world.entry_a)


def test_a_new_agreement_version_sends_the_judge_to_sign_it_on_the_next_scorecard_page(client, world):
    client.force_login(world.alice.user)
    assert client.get(_url(world.entry_a)).status_code == 200
    NdaVersionFactory(
        edition=world.edition,
        audience=NdaVersion.Audience.JUDGE,
        version_label="v2",
        published_at=timezone.now() + dt.timedelta(seconds=1),
    )
    response = client.get(_url(world.entry_a))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("judging:agreement", kwargs={"slug": world.edition.slug}))


def test_a_conflicted_judge_and_an_outsider_get_404_and_a_declared_conflict_counts_at_once(client, world):
    client.force_login(world.bob.user)
    assert client.get(_url(world.entry_a)).status_code == 404  # bob declared a conflict with company A
    assert client.get(_url(world.entry_b)).status_code == 200
    world.bob.conflicts.create(company=world.company_b, relation="adviser")
    assert client.get(_url(world.entry_b)).status_code == 404
    client.force_login(world.outsider)
    assert client.get(_url(world.entry_b)).status_code == 404


def test_a_judge_scoring_a_desk_round_takes_the_general_path_and_saves_in_that_round(client, world):
    """The one read covers the final round; while a desk round is being scored (before its shortlist), a judge
    assigned in it takes the general path, and the draft is saved in the desk round."""
    desk = Round.objects.create(edition=world.edition, number=0, name="Desk", is_final=False)
    entry = submitted_entry(category=world.category, company=CompanyFactory(), title="Desk only")
    Assignment.objects.create(round=desk, entry=entry, judge=world.alice)
    client.force_login(world.alice.user)
    assert client.get(_url(entry)).status_code == 200
    response = client.post(_url(entry), {**full_scores(world), "save": "1"}, follow=True)
    assert "Draft saved" in response.text
    assert ScorecardDraft.objects.filter(judge=world.alice, entry=entry, round=desk).exists()


def test_an_admin_edit_of_a_rubric_gives_it_a_new_version(world):
    """The admin's save goes through `RubricAdmin.save_related`, after the criteria inline is saved: the scorecard
    pages then read the criteria afresh on every server."""
    rubric = Rubric.objects.get(category=world.category)
    before = rubric.version
    model_admin = admin_site._registry[Rubric]
    request = RequestFactory().post("/")
    request.user = world.admin
    data = {"category": rubric.category_id} | {
        name: getattr(rubric, name)
        for name in (
            "weight_infrastructure",
            "weight_technology",
            "weight_communication",
            "weight_people",
            "tie_break_order",
        )
    }
    form = model_admin.get_form(request, rubric)(data=data, instance=rubric)
    assert form.is_valid(), form.errors
    model_admin.save_model(request, model_admin.save_form(request, form, change=True), form, change=True)
    model_admin.save_related(request, form, formsets=[], change=True)
    rubric.refresh_from_db()
    assert rubric.version == before + 1
