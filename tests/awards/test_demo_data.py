import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from awards.audit import audit_verify
from awards.demo import build_registration_demo
from awards.demo_content import DEMO_TOTP_SECRET
from awards.models import (
    AuditEvent,
    Category,
    Company,
    CompanyContact,
    Edition,
    Entry,
    NdaAcceptance,
    NdaVersion,
)
from awards.permissions import is_organiser
from tests.factories import sign_in

pytestmark = pytest.mark.django_db


def _run_demo() -> list[tuple[str, str, str]]:
    """The registration part of `demo_data`; it returns the logins the command prints. The whole
    command (with the judging edition cct-2026) is tested in tests/judging/test_demo_data.py."""
    return build_registration_demo(stdout=io.StringIO())


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Edition, Category, NdaVersion, Company, CompanyContact, Entry, NdaAcceptance, AuditEvent, get_user_model()
        )
    }


def test_demo_data_builds_the_registration_edition():
    _run_demo()
    edition = Edition.objects.get(slug="cct-2027")
    assert (edition.name, edition.state) == ("Call Center Terbaik Indonesia 2027", Edition.State.REGISTRATION)
    assert edition.registration_is_open()
    assert edition.registration_closes < edition.judging_opens < edition.award_night
    codes = list(edition.categories.values_list("code", "kind", "seat_class", "award_mode"))
    assert codes == [
        ("ops-small", "corporate", "small", "places"),
        ("ops-medium", "corporate", "medium", "places"),
        ("ops-large", "corporate", "large", "places"),
        ("infrastructure", "corporate", "", "medals"),
        ("technology", "corporate", "", "medals"),
        ("communication", "corporate", "", "places"),
        ("people", "corporate", "", "places"),
        ("agent", "individual", "", "places"),
        ("team-leader", "individual", "", "places"),
        ("manager", "individual", "", "places"),
    ]
    medal = edition.categories.get(code="technology")
    assert [medal.platinum_threshold, medal.gold_threshold, medal.silver_threshold, medal.bronze_threshold] == [
        90, 80, 70, 60,
    ]
    for category in edition.categories.all():
        assert category.name_id and category.name_en and category.description_id and category.description_en
    for audience in ("participant", "judge"):
        version = NdaVersion.objects.get(edition=edition, audience=audience)
        assert version.is_published and version.text_sha256 == version.compute_sha256()
        assert version.text_en.count("\n\n") >= 4 and version.text_id.count("\n\n") >= 4
    signed = NdaAcceptance.objects.get()
    assert sorted(Entry.objects.filter(company=signed.company).values_list("status", flat=True)) == [
        "draft", "submitted",
    ]
    assert Company.objects.count() == 2
    assert audit_verify().ok


def test_demo_data_runs_twice_without_duplicates():
    first = _run_demo()
    counts = _counts()
    second = _run_demo()
    assert _counts() == counts
    assert second == first
    assert audit_verify().ok


def test_every_printed_login_can_log_in():
    logins = _run_demo()
    assert [(role.split(":")[0], email, password) for role, email, password in logins] == [
        ("Organiser", "organiser@cct-awards.example", "demo-organiser-2027"),
        ("Administrator (superuser)", "admin@cct-awards.example", "demo-admin-2027"),
        ("Participant", "rina.kusuma@nusantara-telekom.example", "demo-participant-2027"),
        ("Participant", "dimas.pratama@bank-arunika.example", "demo-participant-2027"),
    ]
    for _role, email, password in logins:
        client = Client()
        response = sign_in(client, email=email, password=password, totp_secret=DEMO_TOTP_SECRET)
        assert response.status_code == 302 and "/accounts/" not in response["Location"], email
        assert client.get(reverse("home")).context["user"].email == email


def test_demo_organiser_uses_the_organiser_pages_and_the_admin():
    _run_demo()
    organiser = get_user_model().objects.get(email="organiser@cct-awards.example")
    assert is_organiser(organiser)
    client = Client()
    client.force_login(organiser)
    assert client.get(reverse("awards:organiser_edition", args=["cct-2027"])).status_code == 200
    for url in [
        reverse("admin:awards_edition_change", args=[Edition.objects.get().pk]),
        reverse("admin:awards_ndaversion_changelist"),
        reverse("admin:awards_entry_changelist"),
        reverse("admin:awards_ndaacceptance_changelist"),
        reverse("admin:awards_auditevent_changelist"),
    ]:
        assert client.get(url).status_code == 200, url
    participant = get_user_model().objects.get(email="dimas.pratama@bank-arunika.example")
    assert not is_organiser(participant)
