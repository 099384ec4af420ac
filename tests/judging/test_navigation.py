import time

import pytest
from django.urls import reverse

from tests.factories import JudgeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_judge_is_offered_their_assignments_not_a_company_registration(client):
    judge = JudgeFactory()
    client.force_login(judge.user)
    page = client.get(reverse("home")).text
    assert reverse("judging:workspace") in page
    assert reverse("awards:company_create") not in page


def test_a_new_user_is_offered_a_company_registration_not_judging(client):
    client.force_login(UserFactory())
    page = client.get(reverse("home")).text
    assert reverse("awards:company_create") in page
    assert 'href="/judging/"' not in page


# --- the roles kept in the session (config/navigation_roles.py) ---------------------------------------------


def _roles_statements(queries) -> int:
    return sum('"auth_user_groups"' in query["sql"] for query in queries)


def test_the_roles_are_read_on_the_first_page_and_kept_in_the_session_for_the_next(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    judge = JudgeFactory()
    client.force_login(judge.user)
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("home"))
    with CaptureQueriesContext(connection) as second:
        page = client.get(reverse("home")).text
    assert (_roles_statements(first), _roles_statements(second)) == (1, 0)
    assert reverse("judging:workspace") in page


def test_a_role_given_by_someone_else_shows_once_the_kept_roles_are_a_minute_old(client, monkeypatch):
    from config import context_processors, navigation_roles

    user = UserFactory()
    client.force_login(user)
    now = int(time.time())  # the clock moves on by hand from here
    monkeypatch.setattr(context_processors.time, "time", lambda: now)
    assert reverse("judging:workspace") not in client.get(reverse("home")).text
    JudgeFactory(user=user)  # an organiser adds them to a panel, in another session
    now += navigation_roles.REFRESH_SECONDS - 1
    assert reverse("judging:workspace") not in client.get(reverse("home")).text  # kept: a link, never access
    now += 1
    page = client.get(reverse("home")).text
    assert reverse("judging:workspace") in page
    assert reverse("awards:company_create") not in page


def test_a_role_taken_away_goes_from_the_navigation_and_the_page_still_refuses_at_once(client, monkeypatch):
    from config import context_processors, navigation_roles

    judge = JudgeFactory()
    client.force_login(judge.user)
    now = int(time.time())  # the clock moves on by hand from here
    monkeypatch.setattr(context_processors.time, "time", lambda: now)
    assert reverse("judging:workspace") in client.get(reverse("home")).text
    judge.delete()
    assert client.get(reverse("judging:workspace")).status_code == 403  # the page asks its permissions
    now += navigation_roles.REFRESH_SECONDS
    assert reverse("judging:workspace") not in client.get(reverse("home")).text


def test_another_person_signing_in_on_the_same_browser_does_not_inherit_the_kept_roles(client):
    client.force_login(JudgeFactory().user)
    assert reverse("judging:workspace") in client.get(reverse("home")).text
    client.force_login(UserFactory())
    assert reverse("judging:workspace") not in client.get(reverse("home")).text
