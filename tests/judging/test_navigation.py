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
