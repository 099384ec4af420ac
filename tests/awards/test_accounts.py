"""Sign-up, e-mail confirmation, login, logout and password reset, in our layout and both languages."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-passphrase-42"


def _link(message, pattern):
    match = re.search(pattern, message.body)
    assert match, message.body
    return match.group(0).removeprefix("http://testserver")


def _login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_sign_up_confirm_the_address_then_log_in(client, django_user_model):
    response = client.post(
        reverse("account_signup"),
        {"email": "dewi@contoh.test", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert [m.to for m in mail.outbox] == [["dewi@contoh.test"]]
    assert mail.outbox[0].subject.startswith("[CCT Awards] ")

    # The address is not confirmed yet: logging in only resends the confirmation.
    client.logout()
    response = _login(client, "dewi@contoh.test", PASSWORD)
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    confirm_url = _link(mail.outbox[-1], r"http://testserver/accounts/confirm-email/[-:\w]+/")
    page = client.get(confirm_url)
    assert page.status_code == 200
    assert "dewi@contoh.test" in page.text
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session  # signed in on confirmation

    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session
    response = _login(client, "dewi@contoh.test", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("awards:dashboard")  # no company yet: the dashboard says how to register one
    assert client.session["_auth_user_id"] == str(django_user_model.objects.get(email="dewi@contoh.test").pk)


def test_sign_up_with_a_short_password_shows_the_error_and_creates_no_account(client, django_user_model):
    response = client.post(
        reverse("account_signup"), {"email": "dewi@contoh.test", "password1": "short", "password2": "short"}
    )
    assert response.status_code == 200
    assert "is-invalid" in response.text
    assert not django_user_model.objects.exists()
    assert mail.outbox == []


def test_wrong_password_is_refused(client):
    user = UserFactory()
    response = _login(client, user.email, "not-the-password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "alert" in response.text


def test_password_reset_by_e_mail(client):
    user = UserFactory(email="budi@contoh.test", username="budi@contoh.test")
    response = client.post(reverse("account_reset_password"), {"email": "BUDI@contoh.test"})
    assert response.url == reverse("account_reset_password_done")
    assert client.get(response.url).status_code == 200
    assert [m.to for m in mail.outbox] == [["budi@contoh.test"]]

    key_url = _link(mail.outbox[0], r"http://testserver/accounts/password/reset/key/[-:\w]+/")
    response = client.get(key_url)  # allauth moves the key into the session and redirects
    assert response.status_code == 302
    set_url = response.url
    page = client.get(set_url)
    assert page.status_code == 200
    assert 'name="password1"' in page.text
    response = client.post(set_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.url == reverse("account_reset_password_from_key_done")
    assert client.get(response.url).status_code == 200

    client.logout()
    assert _login(client, user.email, PASSWORD).status_code == 200  # the old password no longer works
    assert "_auth_user_id" not in client.session
    assert _login(client, user.email, NEW_PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_used_reset_link_is_refused(client):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    key_url = _link(mail.outbox[0], r"http://testserver/accounts/password/reset/key/[-:\w]+/")
    set_url = client.get(key_url).url
    client.post(set_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.logout()
    response = client.get(key_url, follow=True)
    assert 'name="password1"' not in response.text
    assert reverse("account_reset_password") in response.text  # offers a new reset


def test_e_mail_management_page_in_our_layout(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("account_email"))
    assert response.status_code == 200
    assert user.email in response.text
    assert "app-navbar" in response.text  # our base layout
    assert 'class="textinput form-control"' in response.text  # Bootstrap form fields (crispy)
    assert 'aria-current="page"' in response.text  # the account menu marks the page


@pytest.mark.parametrize("language", ["id", "en"])
def test_account_pages_render_in_the_active_language(client, settings, language):
    settings.LANGUAGE_CODE = language
    with translation.override(language):
        sign_in = translation.gettext("Sign In")  # allauth's own catalogue
        register = translation.gettext("Register")  # ours, through gettext
    for name in ("account_login", "account_signup", "account_reset_password"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert f'<html lang="{language}">' in response.text
        assert register in response.text
    login_page = client.get(reverse("account_login"))
    assert sign_in in login_page.text
    assert ("Masuk" in login_page.text) is (language == "id")
    assert 'class="btn btn-primary w-100"' in login_page.text


def test_each_role_lands_on_its_own_workspace_after_signing_in(client, cast, edition_in):
    from judging.models import Assessor
    from tests.factories import sign_in

    world = edition_in("judging")
    newcomer = UserFactory()
    # An assessor who is not also a judge: the mystery calls are their work, not a company dashboard.
    assessor = UserFactory(username="asih@assessor.example.test", two_factor=True)
    Assessor.objects.create(edition=world.edition, user=assessor, full_name="Asih Lestari", pseudonym="Assessor 01")
    expected = {
        cast.organiser: reverse("awards:organiser_dashboard"),
        cast.alice: reverse("judging:workspace"),
        cast.holders[0]: reverse("judging:share_check"),
        assessor: reverse("judging:assessor_home"),
        cast.participant_a: reverse("awards:dashboard"),
        newcomer: reverse("awards:dashboard"),
    }
    landed = {}
    for user in expected:
        client.logout()
        landed[user] = sign_in(client, email=user.email)["Location"]
    assert landed == expected
    client.logout()
    wanted = reverse("judging:workspace")
    response = client.post(
        f"{reverse('account_login')}?next={wanted}", {"login": cast.participant_a.email, "password": PASSWORD}
    )
    assert response["Location"] == wanted  # a link that needed a sign-in still wins
