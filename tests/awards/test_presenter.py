"""The presenter screen for the stage: organisers only, from the reveal on, data for the script only."""

import json
import re

import pytest
from django.urls import reverse

from awards.models import Award, Edition
from tests.factories import ContactFactory, EditionFactory, OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db


def _data(response) -> dict:
    match = re.search(
        r'<script id="presenter-data" type="application/json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(match.group(1))


def test_presenter_is_for_organisers_only(client, cast):
    edition = cast.revealed_edition(categories=1, awards_per_category=1)
    url = reverse("awards:presenter", args=[edition.slug])

    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(ContactFactory().user)
    assert client.get(url).status_code == 403
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(OrganiserFactory())
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "state", [Edition.State.DRAFT, Edition.State.REGISTRATION, Edition.State.JUDGING, Edition.State.SEALED]
)
def test_presenter_does_not_exist_before_the_reveal(client, state):
    edition = EditionFactory(state=state)
    client.force_login(OrganiserFactory())
    assert client.get(reverse("awards:presenter", args=[edition.slug])).status_code == 404
    assert client.get(reverse("awards:presenter", args=["no-such-edition"])).status_code == 404


def test_presenter_carries_categories_finalists_and_awards_in_stage_order(client, cast):
    edition = cast.revealed_edition(categories=2, awards_per_category=3, extra_entries=1, individual_first=True)
    client.force_login(OrganiserFactory())

    response = client.get(reverse("awards:presenter", args=[edition.slug]))

    data = _data(response)
    categories = list(edition.categories.order_by("ceremony_order"))
    assert data["edition"] == edition.name
    assert [c["name_id"] for c in data["categories"]] == [c.name_id for c in categories]
    assert [c["name_en"] for c in data["categories"]] == [c.name_en for c in categories]
    for shown, category in zip(data["categories"], categories, strict=True):
        awards = list(Award.objects.filter(category=category).order_by("-rank"))
        assert [a["company"] for a in shown["awards"]] == [a.entry.company.legal_name for a in awards]
        assert [a["label_id"] for a in shown["awards"]] == ["Juara 3", "Juara 2", "Juara 1"]  # winner last
        assert [a["label_en"] for a in shown["awards"]][-1] == "Winner"
        finalists = sorted(e.company.legal_name for e in category.entries.all())
        assert [f["company"] for f in shown["finalists"]] == finalists
        nominees = {a["nominee"] for a in shown["awards"]}
        assert (nominees != {""}) == category.is_individual
    assert "81.25" not in response.content.decode()  # no score on the stage


def test_presenter_page_runs_from_our_static_files_only(client, cast):
    edition = cast.revealed_edition(categories=1, awards_per_category=1, state=Edition.State.PUBLISHED)
    client.force_login(OrganiserFactory())

    html = client.get(reverse("awards:presenter", args=[edition.slug])).content.decode()

    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts == [' id="presenter-data" type="application/json"', ' src="/static/js/presenter.js"']
    assert " style=" not in html and "<style" not in html
    assert re.findall(r'(?:href|src)="(https?:)?//', html) == []
    assert 'href="/static/css/presenter.css"' in html
