import pytest
from django.urls import reverse

from awards.audit import audit_append, audit_verify
from awards.models import AuditEvent
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


def test_home_lists_editions_past_draft(client):
    EditionFactory(name="Call Center Terbaik Indonesia 2031", state="registration")
    EditionFactory(name="Hidden draft edition", state="draft")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Call Center Terbaik Indonesia 2031" in response.text
    assert "Hidden draft edition" not in response.text


def test_home_speaks_indonesian_by_default_and_english_on_request(client, settings):
    settings.LANGUAGE_CODE = "id"
    response = client.get(reverse("home"))
    assert 'lang="id"' in response.text
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("home"))
    assert 'lang="en"' in response.text


def test_audit_chain_detects_an_edited_and_a_deleted_row():
    for n in range(4):
        audit_append(action="test.event", payload={"n": n})
    assert audit_verify().ok
    AuditEvent.objects.filter(seq=2).update(payload={"n": 99})
    verdict = audit_verify()
    assert not verdict.ok and "#2" in verdict.message
    AuditEvent.objects.filter(seq=2).update(payload={"n": 1})
    assert audit_verify().ok
    AuditEvent.objects.filter(seq=3).delete()
    verdict = audit_verify()
    assert not verdict.ok and "#3" in verdict.message


def test_home_gives_a_company_a_way_into_the_open_edition(client, settings):
    from tests.cast import participant

    settings.LANGUAGE_CODE = "id"
    EditionFactory(year=2026, state="judging")
    open_edition = EditionFactory(year=2027, state="registration")
    page = client.get(reverse("home")).text
    signup = reverse("account_signup")
    assert f'href="{signup}">Ikuti penghargaan 2027</a>' in page
    contact = participant(open_edition)
    client.force_login(contact.user)
    page = client.get(reverse("home")).text
    assert f'href="{reverse("awards:dashboard")}">Ikuti penghargaan 2027</a>' in page


def test_home_offers_no_way_in_when_no_edition_takes_entries(client):
    EditionFactory(year=2026, state="judging")
    assert "data-enter-awards" not in client.get(reverse("home")).text
