"""Sign-in lockout (django-axes behind allauth's login view): 5 wrong passwords lock the (e-mail, address) pair."""

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
CLIENT = "203.0.113.7"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth counts failures per address in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


def _sign_in(client, email, password, **meta):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **meta)


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(client):
    user = UserFactory()
    for _ in range(4):
        response = _sign_in(client, user.email, "wrong-password-1")
        assert response.status_code == 200  # the form again, with its error
    locked = _sign_in(client, user.email, "wrong-password-1")
    assert locked.status_code == 429
    assert "Sign-in temporarily locked" in locked.text
    assert "try again in 15 minutes" in locked.text

    refused = _sign_in(client, user.email, PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_address_and_ignores_case(client):
    user = UserFactory()
    for _ in range(5):
        _sign_in(client, user.email.upper(), "wrong-password-1", REMOTE_ADDR="198.51.100.9")
    assert _sign_in(client, user.email, PASSWORD, REMOTE_ADDR="198.51.100.9").status_code == 429
    assert _sign_in(client, user.email, PASSWORD, REMOTE_ADDR="198.51.100.10").status_code == 302


def test_without_a_proxy_x_forwarded_for_is_ignored(client):
    user = UserFactory()
    for n in range(5):
        _sign_in(client, user.email, "wrong-password-1", REMOTE_ADDR=CLIENT, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [CLIENT]
    assert _sign_in(client, user.email, PASSWORD, REMOTE_ADDR=CLIENT).status_code == 429


def test_behind_a_proxy_a_spoofed_left_most_address_does_not_reset_the_count(client, settings):
    settings.CLIENT_IP_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    user = UserFactory()
    for n in range(5):
        # The client sends its own X-Forwarded-For; the proxy appends the address it really saw.
        forwarded = f"192.0.2.{n}, {CLIENT}"
        response = _sign_in(client, user.email, "wrong-password-1", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert response.status_code == 429
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [CLIENT]
    again = _sign_in(client, user.email, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.99, {CLIENT}")
    assert again.status_code == 429
    # Another client behind the same proxy is not locked out.
    other = _sign_in(client, user.email, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert other.status_code == 302


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client(client, settings):
    settings.CLIENT_IP_PROXY_COUNT = 2
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    user = UserFactory()
    _sign_in(client, user.email, "wrong-password-1", REMOTE_ADDR=PROXY,
             HTTP_X_FORWARDED_FOR=f"192.0.2.1, {CLIENT}, 10.0.0.2")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [CLIENT]


def test_a_successful_sign_in_resets_the_count(client):
    user = UserFactory()
    for _ in range(4):
        _sign_in(client, user.email, "wrong-password-1")
    assert _sign_in(client, user.email, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()
    client.logout()
    for _ in range(4):
        assert _sign_in(client, user.email, "wrong-password-1").status_code == 200
    assert _sign_in(client, user.email, PASSWORD).status_code == 302

