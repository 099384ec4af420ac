"""Two-factor sign-in: required of organisers, judges and key holders, optional for participants."""

import io

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    JudgeFactory,
    KeyHolderFactory,
    OrganiserFactory,
    UserFactory,
    enrol_in_browser,
    sign_in,
    totp_code,
)

pytestmark = pytest.mark.django_db


def _password_step(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


@pytest.mark.parametrize("role", ["organiser", "judge", "key holder"])
def test_a_privileged_user_without_an_authenticator_is_held_on_enrolment(client, role):
    if role == "organiser":
        user = OrganiserFactory(two_factor=False)
        page = reverse("awards:organiser_dashboard")
    elif role == "judge":
        user = JudgeFactory(two_factor=False).user
        page = reverse("judging:workspace")
    else:

        user = UserFactory()
        KeyHolderFactory(user=user, ceremony__created_by=OrganiserFactory())
        page = reverse("judging:share_check")

    signed_in = _password_step(client, user)
    assert signed_in.status_code == 302 and signed_in.url != reverse("mfa_authenticate")  # nothing to ask yet
    held = client.get(page)
    assert held.status_code == 302 and held.url == reverse("mfa_activate_totp")
    assert client.post(page).status_code == 302  # a form post is held too, and changes nothing
    assert client.get(reverse("home")).url == reverse("mfa_activate_totp")

    codes_page = enrol_in_browser(client)
    text = codes_page.content.decode()
    assert page in text  # "Continue" goes back to where the user was going
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert client.get(page).status_code == 200


def test_the_enrolment_page_shows_a_qr_code_and_the_secret_and_refuses_a_wrong_code(client):
    user = OrganiserFactory(two_factor=False)
    client.force_login(user)
    page = client.get(reverse("mfa_activate_totp"))
    if page.status_code == 302:  # allauth asks for the password before any change to the second factor
        client.post(page.url, {"password": PASSWORD})
        page = client.get(reverse("mfa_activate_totp"))
    text = page.content.decode()
    secret = page.context["form"].secret
    assert 'src="data:image/svg+xml;base64,' in text and secret in text
    wrong = str((int(totp_code(secret)) + 1) % 1_000_000).zfill(6)
    refused = client.post(reverse("mfa_activate_totp"), {"code": wrong})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert not Authenticator.objects.filter(user=user).exists()
    assert client.get(reverse("awards:organiser_dashboard")).status_code == 302


def test_an_enrolled_judge_needs_the_code_at_every_sign_in(client):
    judge = JudgeFactory()
    first = _password_step(client, judge.user)
    assert first.status_code == 302 and first.url == reverse("mfa_authenticate")
    # the password alone signs nobody in
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("judging:workspace")).status_code == 302

    wrong = str((int(totp_code()) + 1) % 1_000_000).zfill(6)
    refused = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session

    accepted = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert accepted.status_code == 302
    assert client.get(reverse("judging:workspace")).status_code == 200


def test_a_recovery_code_signs_in_once(client):
    judge = JudgeFactory()
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    recovery = RecoveryCodes(Authenticator.objects.get(user=judge.user, type=Authenticator.Type.RECOVERY_CODES))
    code = recovery.get_unused_codes()[0]
    _password_step(client, judge.user)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert client.get(reverse("judging:workspace")).status_code == 200

    client.logout()
    _password_step(client, judge.user)
    again = client.post(reverse("mfa_authenticate"), {"code": code})
    assert again.status_code == 200 and "_auth_user_id" not in client.session


def _post_confirming_the_password(client, url):
    """POST; when allauth first asks for the password again, give it (allauth then replays the POST)."""
    response = client.post(url, {})
    if response.status_code == 302 and response.url.startswith(reverse("account_reauthenticate")):
        response = client.post(response.url, {"password": PASSWORD}, follow=True)
    return response


def test_a_privileged_user_cannot_remove_the_authenticator_but_a_participant_can(client):
    organiser = OrganiserFactory()
    sign_in(client, email=organiser.email)
    refused = _post_confirming_the_password(client, reverse("mfa_deactivate_totp"))
    assert refused.status_code == 200 and refused.context["form"].errors
    assert Authenticator.objects.filter(user=organiser, type=Authenticator.Type.TOTP).exists()

    client.logout()
    participant = UserFactory(two_factor=True)  # opted in
    sign_in(client, email=participant.email)
    _post_confirming_the_password(client, reverse("mfa_deactivate_totp"))
    assert not Authenticator.objects.filter(user=participant, type=Authenticator.Type.TOTP).exists()


def test_participants_are_not_asked_for_a_second_factor_but_may_opt_in(client):
    participant = UserFactory()
    response = sign_in(client, email=participant.email)
    assert response.status_code == 302 and not response.url.startswith("/accounts/2fa/")
    assert client.get(reverse("awards:dashboard")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200
    enrol_in_browser(client)
    client.logout()
    assert _password_step(client, participant).url == reverse("mfa_authenticate")


def test_the_admin_signs_in_through_the_same_form_with_the_second_factor(client):
    response = client.get(reverse("admin:login") + "?next=/admin/")
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    superuser = UserFactory(is_staff=True, is_superuser=True)
    assert Authenticator.objects.filter(user=superuser, type=Authenticator.Type.TOTP).exists()
    assert _password_step(client, superuser).url == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": totp_code(TOTP_SECRET)})
    assert client.get(reverse("admin:index")).status_code == 200


# --- Secrets at rest (config.mfa_crypto) ------------------------------------------------------------------


def _new_key(key_id: str) -> tuple[str, bytes]:
    import os

    return (key_id, os.urandom(32))


def test_a_judge_signs_in_with_the_code_of_a_secret_stored_encrypted(client):
    judge = JudgeFactory()
    totp = Authenticator.objects.get(user=judge.user, type=Authenticator.Type.TOTP)
    assert totp.data["secret"].startswith("mfa1:") and TOTP_SECRET not in totp.data["secret"]
    response = sign_in(client, email=judge.user.email)
    assert response.status_code == 302 and not response.url.startswith("/accounts/")
    assert client.get(reverse("judging:workspace")).status_code == 200


def test_the_migration_encrypts_plaintext_secrets_and_a_plaintext_secret_is_refused(client):
    import importlib

    from django.apps import apps

    from config.mfa_crypto import MfaSecretError, secret_decrypt

    judge = JudgeFactory()
    totp = Authenticator.objects.get(user=judge.user, type=Authenticator.Type.TOTP)
    recovery = Authenticator.objects.get(user=judge.user, type=Authenticator.Type.RECOVERY_CODES)
    seed = secret_decrypt(recovery.data["seed"])
    # as allauth stored them before encryption
    Authenticator.objects.filter(pk=totp.pk).update(data={"secret": TOTP_SECRET})
    Authenticator.objects.filter(pk=recovery.pk).update(data={"seed": seed, "used_mask": 0})
    with pytest.raises(MfaSecretError):
        secret_decrypt(TOTP_SECRET)

    migration = importlib.import_module("awards.migrations.0004_encrypt_mfa_secrets")
    migration.encrypt_secrets(apps, None)
    totp.refresh_from_db()
    recovery.refresh_from_db()
    assert totp.data["secret"].startswith("mfa1:") and secret_decrypt(totp.data["secret"]) == TOTP_SECRET
    assert recovery.data["used_mask"] == 0 and secret_decrypt(recovery.data["seed"]) == seed
    assert sign_in(client, email=judge.user.email).status_code == 302
    assert client.get(reverse("judging:workspace")).status_code == 200

    migration.decrypt_secrets(apps, None)  # the way back
    totp.refresh_from_db()
    assert totp.data == {"secret": TOTP_SECRET}


def test_keys_rotate_without_losing_an_authenticator(client, settings):
    from django.core.management import call_command

    from config.mfa_crypto import MfaSecretError, secret_decrypt

    old = _new_key("2026a")
    settings.AWARDS_MFA_KEYS = [old]
    judge = JudgeFactory()
    totp = Authenticator.objects.get(user=judge.user, type=Authenticator.Type.TOTP)
    under_old = totp.data["secret"]

    new = _new_key("2027a")
    settings.AWARDS_MFA_KEYS = [new, old]  # the new key first: it encrypts, both decrypt
    assert secret_decrypt(under_old) == TOTP_SECRET
    out = io.StringIO()
    call_command("mfa_reencrypt", stdout=out)
    assert out.getvalue().startswith("2 authenticators re-encrypted")
    totp.refresh_from_db()
    assert totp.data["secret"] != under_old

    settings.AWARDS_MFA_KEYS = [new]  # the old key is gone
    with pytest.raises(MfaSecretError):
        secret_decrypt(under_old)
    assert secret_decrypt(totp.data["secret"]) == TOTP_SECRET
    assert sign_in(client, email=judge.user.email).status_code == 302
    assert client.get(reverse("judging:workspace")).status_code == 200


def test_demo_totp_prints_the_code_of_the_public_demo_secret(capsys):
    from django.core.management import call_command

    from awards.demo_content import DEMO_TOTP_SECRET

    before = totp_code(DEMO_TOTP_SECRET)
    call_command("demo_totp")
    assert capsys.readouterr().out.strip() in {before, totp_code(DEMO_TOTP_SECRET)}  # a 30-second step may pass
