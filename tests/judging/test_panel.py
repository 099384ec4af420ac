"""Inviting judges, joining the panel, the confidentiality agreement gate, who may open which page."""

import datetime as dt
import hashlib
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from awards.models import AuditEvent, NdaAcceptance
from judging.models import Judge, JudgeInvitation
from judging.permissions import judge_agreement_missing
from judging.services.panel import judge_invite, judge_join
from tests.cast import judge_nda
from tests.factories import PASSWORD, EditionFactory, JudgeFactory, OrganiserFactory, UserFactory, enrol_in_browser

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Panel-Judge-2031!"


def _token_from(mail) -> str:
    return re.search(r"/judging/join/([^/\s]+)/", mail.body).group(1)


def _invite(client, edition, email="ratna@univ.example.test", name="Dr. Ratna Wijaya"):
    carol = OrganiserFactory()
    client.force_login(carol)
    return client.post(reverse("judging:judge_invite", args=[edition.slug]), {"email": email, "full_name": name})


def _profile(**extra):
    return {
        "full_name": "Dr. Ratna Wijaya",
        "job_title": "Lecturer in Service Management",
        "organisation": "Universitas Indonesia",
        "expertise": "Customer experience research",
        "kind": "academic",
        **extra,
    }


def test_organiser_invites_a_judge_by_email_and_only_the_hash_is_stored(client, mailoutbox):
    edition = EditionFactory()
    response = _invite(client, edition)
    assert response.status_code == 302
    invitation = JudgeInvitation.objects.get()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ratna@univ.example.test"]
    token = _token_from(mailoutbox[0])
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash
    lifetime = invitation.expires_at - invitation.created_at
    assert abs(lifetime - dt.timedelta(days=7)) < dt.timedelta(seconds=5)
    page = client.get(reverse("judging:judge_invite", args=[edition.slug]))
    assert "ratna@univ.example.test" in page.content.decode()


def test_a_new_judge_sets_a_password_and_fills_the_profile(client, mailoutbox):
    edition = EditionFactory()
    _invite(client, edition)
    token = _token_from(mailoutbox[0])
    client.logout()
    form = client.get(reverse("judging:judge_join", args=[token]))
    assert form.status_code == 200
    assert 'name="password1"' in form.content.decode()
    response = client.post(
        reverse("judging:judge_join", args=[token]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, **_profile()},
    )
    assert response.status_code == 302
    assert response.url == reverse("judging:agreement", args=[edition.slug])
    user = get_user_model().objects.get(email="ratna@univ.example.test")
    assert user.username == "ratna@univ.example.test"
    assert user.check_password(NEW_PASSWORD)
    assert EmailAddress.objects.get(user=user).verified is True
    judge = Judge.objects.get(user=user)
    assert (judge.edition, judge.pseudonym, judge.kind, judge.organisation) == (
        edition, "Judge 01", "academic", "Universitas Indonesia"
    )
    assert JudgeInvitation.objects.get().used_at is not None
    assert AuditEvent.objects.filter(action="judge.joined").count() == 1
    # Signed in straight away, but a judge must first enrol an authenticator app; then the agreement opens.
    held = client.get(response.url)
    assert held.status_code == 302 and held.url == reverse("mfa_activate_totp")
    enrolled = enrol_in_browser(client, password=NEW_PASSWORD)
    assert response.url in enrolled.content.decode()  # "Continue" leads back to the agreement
    assert client.get(response.url).status_code == 200


def test_pseudonyms_number_the_panel_per_edition():
    edition = EditionFactory()
    other = EditionFactory()
    carol = OrganiserFactory()
    pseudonyms = []
    for n, target in enumerate([edition, edition, other, edition]):
        judge_invite(edition=target, email=f"j{n}@juri.example.test", full_name=f"Judge Person {n}", invited_by=carol)
    for invitation in JudgeInvitation.objects.order_by("pk"):
        token = "t"  # the real token is only in the e-mail; swap in a known one for the test
        invitation.token_hash = hashlib.sha256(f"{token}{invitation.pk}".encode()).hexdigest()
        invitation.save()
        judge = judge_join(token=f"{token}{invitation.pk}", password=NEW_PASSWORD, full_name=invitation.full_name)
        pseudonyms.append((judge.edition.slug, judge.pseudonym))
    assert pseudonyms == [
        (edition.slug, "Judge 01"), (edition.slug, "Judge 02"), (other.slug, "Judge 01"), (edition.slug, "Judge 03")
    ]


def test_used_expired_and_unknown_links_are_refused_and_change_nothing(client, mailoutbox):
    edition = EditionFactory()
    _invite(client, edition)
    token = _token_from(mailoutbox[0])
    client.logout()
    data = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, **_profile()}
    assert client.post(reverse("judging:judge_join", args=[token]), data).status_code == 302
    client.logout()

    used = client.post(reverse("judging:judge_join", args=[token]), data)
    assert used.status_code == 404
    assert "already used" in used.content.decode()

    unknown = client.get(reverse("judging:judge_join", args=["not-a-real-token"]))
    assert unknown.status_code == 404
    assert "not valid" in unknown.content.decode()

    _invite(client, edition, email="late@juri.example.test", name="Late Judge")
    late_token = _token_from(mailoutbox[-1])
    client.logout()
    JudgeInvitation.objects.filter(email="late@juri.example.test").update(expires_at=timezone.now())
    expired = client.post(reverse("judging:judge_join", args=[late_token]), data)
    assert expired.status_code == 404
    assert "expired" in expired.content.decode()
    assert Judge.objects.count() == 1
    assert not get_user_model().objects.filter(email="late@juri.example.test").exists()


def test_an_existing_user_logs_in_first_then_joins_without_a_new_password(client, mailoutbox):
    edition = EditionFactory()
    existing = UserFactory(username="ratna@univ.example.test")
    _invite(client, edition)
    token = _token_from(mailoutbox[0])
    client.logout()
    url = reverse("judging:judge_join", args=[token])
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("account_login"))

    client.force_login(existing)
    form = client.get(url)
    assert 'name="password1"' not in form.content.decode()
    assert client.post(url, _profile()).status_code == 302
    judge = Judge.objects.get()
    assert judge.user == existing
    assert existing.check_password(PASSWORD)


def test_someone_else_logged_in_cannot_use_the_invitation(client, mailoutbox):
    edition = EditionFactory()
    _invite(client, edition)
    token = _token_from(mailoutbox[0])
    client.force_login(UserFactory())
    response = client.post(reverse("judging:judge_join", args=[token]), _profile())
    assert response.status_code == 403
    assert "logged in as" in response.content.decode()
    assert not Judge.objects.exists()
    assert JudgeInvitation.objects.get().used_at is None


def test_a_weak_password_is_refused_with_a_clear_error(client, mailoutbox):
    edition = EditionFactory()
    _invite(client, edition)
    token = _token_from(mailoutbox[0])
    client.logout()
    response = client.post(
        reverse("judging:judge_join", args=[token]), {"password1": "short", "password2": "short", **_profile()}
    )
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    assert not Judge.objects.exists()
    assert not get_user_model().objects.filter(email="ratna@univ.example.test").exists()


def test_inviting_a_judge_already_on_the_panel_is_refused(client, panel_world):
    client.force_login(panel_world.organiser)
    response = client.post(
        reverse("judging:judge_invite", args=[panel_world.edition.slug]),
        {"email": panel_world.alice.user.email.upper(), "full_name": "Alice again"},
    )
    assert response.status_code == 200
    assert "already on this edition" in response.content.decode()
    assert not JudgeInvitation.objects.filter(email__iexact=panel_world.alice.user.email).exists()


def test_an_unsigned_judge_is_sent_to_the_agreement_and_back(client, mailoutbox, edition_in):
    panel_world = edition_in("registration", submitted=True, panel=True, signed=False)
    client.force_login(panel_world.alice.user)
    conflicts_url = reverse("judging:conflicts", args=[panel_world.edition.slug])
    response = client.get(conflicts_url)
    agreement_url = reverse("judging:agreement", args=[panel_world.edition.slug])
    assert response.status_code == 302
    assert response.url == f"{agreement_url}?next={conflicts_url.replace('/', '%2F')}"
    assert judge_agreement_missing(panel_world.alice.user, panel_world.edition) is True

    page = client.get(response.url)
    assert "Judges&#x27; Confidentiality Agreement" in page.content.decode()
    signed = client.post(
        agreement_url,
        {
            "version": panel_world.judge_nda.pk,
            "accept": "on",
            "signer_name": "Alice Hartono",
            "signer_title": "Director",
            "next": conflicts_url,
        },
    )
    assert signed.status_code == 302
    assert signed.url == conflicts_url
    acceptance = NdaAcceptance.objects.get(user=panel_world.alice.user)
    assert (acceptance.company, acceptance.signer_title) == (None, "Director")
    assert judge_agreement_missing(panel_world.alice.user, panel_world.edition) is False
    assert client.get(conflicts_url).status_code == 200


def test_the_agreement_needs_the_tick(client, edition_in):
    panel_world = edition_in("registration", submitted=True, panel=True, signed=False)
    client.force_login(panel_world.alice.user)
    response = client.post(
        reverse("judging:agreement", args=[panel_world.edition.slug]),
        {"version": panel_world.judge_nda.pk, "signer_name": "Alice Hartono", "signer_title": "Director"},
    )
    assert response.status_code == 200
    assert "Tick the box" in response.content.decode()
    assert not NdaAcceptance.objects.filter(user=panel_world.alice.user).exists()


def test_a_new_agreement_version_asks_again(panel_world):
    assert judge_agreement_missing(panel_world.alice.user, panel_world.edition) is False
    judge_nda(panel_world.edition)
    assert judge_agreement_missing(panel_world.alice.user, panel_world.edition) is True


@pytest.mark.parametrize("name", ["judge_invite", "assignments", "progress"])
def test_participants_and_judges_get_403_on_organiser_pages(client, name, panel_world):
    for user in (panel_world.participant_a, panel_world.alice.user):
        client.force_login(user)
        assert client.get(reverse(f"judging:{name}", args=[panel_world.edition.slug])).status_code == 403
    client.force_login(panel_world.organiser)
    assert client.get(reverse(f"judging:{name}", args=[panel_world.edition.slug])).status_code == 200


def test_participants_get_403_on_the_rubric_page(client, panel_world):
    client.force_login(panel_world.participant_a)
    url = reverse("judging:rubric", args=[panel_world.edition.slug, panel_world.category.code])
    assert client.get(url).status_code == 403


def test_a_judge_of_another_edition_gets_404_on_judge_pages(client, panel_world):
    stranger = JudgeFactory(edition=EditionFactory())
    client.force_login(stranger.user)
    for name in ("agreement", "conflicts"):
        assert client.get(reverse(f"judging:{name}", args=[panel_world.edition.slug])).status_code == 404
    assert client.get(reverse("judging:recuse", args=[panel_world.entry_a.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, panel_world):
    response = client.get(reverse("judging:progress", args=[panel_world.edition.slug]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_joining_finds_automatic_conflicts_at_once(client, mailoutbox, edition_in):
    from judging.models import ConflictDeclaration
    from tests.factories import ContactFactory

    panel_world = edition_in("registration", submitted=True, panel=True)
    ContactFactory(company=panel_world.company_b, user=UserFactory(username="head@beta-cx.example.test"))
    client.force_login(panel_world.organiser)
    client.post(
        reverse("judging:judge_invite", args=[panel_world.edition.slug]),
        {"email": "new@beta-cx.example.test", "full_name": "Nadia Putri"},
    )
    token = _token_from(mailoutbox[-1])
    client.logout()
    client.post(
        reverse("judging:judge_join", args=[token]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, **_profile(full_name="Nadia Putri")},
    )
    judge = Judge.objects.get(full_name="Nadia Putri")
    assert list(ConflictDeclaration.objects.filter(judge=judge).values_list("company", "automatic")) == [
        (panel_world.company_b.pk, True)
    ]
