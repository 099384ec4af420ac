"""Sessions: a new key at sign-in, a short idle timeout for privileged roles, sign-out everywhere on a password
change or a deactivation."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from config.security import PRIVILEGED_SESSION_KEY
from config.sessions import row_key
from tests.factories import (
    PASSWORD,
    JudgeFactory,
    KeyHolderFactory,
    OrganiserFactory,
    UserFactory,
    sign_in,
    totp_code,
)

pytestmark = pytest.mark.django_db

IDLE = 30 * 60


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _signed_in(client) -> bool:
    return client.get(reverse("home")).wsgi_request.user.is_authenticated


def _key_holder():
    return KeyHolderFactory().user


def test_signing_in_gives_a_new_session_key(client):
    user = UserFactory()
    anonymous = client.session
    anonymous["probe"] = "before sign-in"
    anonymous.save()
    client.cookies["sessionid"] = anonymous.session_key
    assert Session.objects.filter(session_key=row_key(anonymous.session_key)).exists()

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session.session_key != anonymous.session_key
    assert not Session.objects.filter(session_key=row_key(anonymous.session_key)).exists()
    assert _signed_in(client)


@pytest.mark.parametrize("make_user", [OrganiserFactory, lambda: JudgeFactory().user, _key_holder],
                         ids=["organiser", "judge", "key holder"])
def test_privileged_sessions_end_after_thirty_idle_minutes(client, settings, make_user):
    assert settings.PRIVILEGED_SESSION_IDLE_SECONDS == IDLE
    client.force_login(make_user())
    assert client.session.get_expiry_age() == IDLE
    assert _signed_in(client)

    session = client.session
    session[PRIVILEGED_SESSION_KEY] = int(time.time()) - IDLE - 5  # last seen 30 minutes and 5 seconds ago
    session.save()
    assert not _signed_in(client)


def test_using_a_privileged_session_keeps_it_alive(client):
    client.force_login(OrganiserFactory())
    session = client.session
    session[PRIVILEGED_SESSION_KEY] = int(time.time()) - IDLE + 60  # 29 minutes idle: still signed in
    session.set_expiry(120)
    session.save()

    assert _signed_in(client)
    refreshed = client.session
    assert refreshed[PRIVILEGED_SESSION_KEY] >= int(time.time()) - 5
    assert refreshed.get_expiry_age() == IDLE


def test_a_privileged_sign_in_through_the_form_gets_the_short_timeout(client):
    organiser = OrganiserFactory()
    sign_in(client, email=organiser.email)  # password, then the authenticator code
    assert PRIVILEGED_SESSION_KEY in client.session
    session = client.session
    session[PRIVILEGED_SESSION_KEY] = int(time.time()) - IDLE - 5
    session.save()
    assert not _signed_in(client)


def test_participants_keep_the_default_session(client, settings):
    client.force_login(UserFactory())
    assert PRIVILEGED_SESSION_KEY not in client.session
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert _signed_in(client)


def test_changing_the_password_ends_every_session_of_the_user():
    user = UserFactory()
    laptop, phone = Client(), Client()
    laptop.force_login(user)
    phone.force_login(user)
    new_password = "a-brand-new-passphrase-42"

    response = laptop.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )

    assert response.status_code == 302
    assert not _signed_in(laptop)
    assert not _signed_in(phone)
    fresh = Client()
    assert fresh.post(reverse("account_login"), {"login": user.email, "password": new_password}).status_code == 302


def test_deactivating_a_user_ends_their_sessions():
    user = UserFactory()
    by_form, forced = Client(), Client()
    by_form.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    forced.force_login(user)
    assert _signed_in(by_form) and _signed_in(forced)

    user.is_active = False
    user.save(update_fields=["is_active"])

    assert not _signed_in(by_form)
    assert not _signed_in(forced)


@pytest.mark.parametrize(
    "backend", ["django.contrib.auth.backends.ModelBackend", "allauth.account.auth_backends.AuthenticationBackend"]
)
def test_a_session_signed_in_before_the_backends_moved_stays_signed_in_and_still_ends_with_its_user(backend):
    """The backends became config.auth_backends' (the user read by a compiled statement): sessions that name
    Django's or allauth's own class are still read, and what ends a session still ends it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from config.sessions import SessionStore

    user, other = UserFactory(), UserFactory()
    session = SessionStore()
    session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: backend,
                    HASH_SESSION_KEY: user.get_session_auth_hash()})
    session.create()
    client = Client()
    client.cookies["sessionid"] = session.session_key
    page = client.get(reverse("home"))
    assert page.wsgi_request.user == user and user.email in page.text and other.email not in page.text
    user.delete()
    assert not _signed_in(client)


def test_a_copy_of_the_session_table_gives_no_session_and_no_pending_two_factor_secret(client):
    """While an organiser enrols an authenticator app, allauth keeps the new secret in the session. A copy of
    the session table taken then holds neither the cookie's key nor the secret, and its row keys sign no one in."""
    organiser = OrganiserFactory(two_factor=False)
    client.force_login(organiser)
    page = client.get(reverse("mfa_activate_totp"))
    if page.status_code == 302:  # allauth asks for the password before any change to the second factor
        client.post(page.url, {"password": PASSWORD})
        page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    cookie = client.cookies["sessionid"].value
    rows = list(Session.objects.values_list("session_key", "session_data"))

    assert [key for key, _data in rows] == [row_key(cookie)]
    copied = " ".join(key + data for key, data in rows)
    for secret_text in (cookie, secret, "_auth_user_id", organiser.email):
        assert secret_text not in copied
    for key, _data in rows:
        thief = Client()
        thief.cookies["sessionid"] = key
        assert not _signed_in(thief)
    # the cookie's owner is still signed in, and the secret kept in the session completes the enrolment
    assert _signed_in(client)
    done = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert done.status_code == 302 and done.url == reverse("mfa_view_recovery_codes")


def test_an_expired_session_row_is_not_read_and_a_live_one_is():
    from datetime import timedelta

    from django.utils import timezone

    from config.sessions import SessionStore

    store = SessionStore()
    store["probe"] = "kept"
    store.create()
    assert SessionStore(store.session_key).load() == {"probe": "kept"}
    Session.objects.filter(session_key=row_key(store.session_key)).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None  # a new key is made on the next save, never the old one
