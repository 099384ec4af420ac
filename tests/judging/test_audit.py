import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from awards.audit import audit_append
from awards.models import AuditEvent
from tests.factories import EditionFactory, OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db


def chain(count: int = 3):
    edition = EditionFactory(year=2040)
    for number in range(count):
        audit_append(action="test.event", edition=edition, payload={"n": number})
    return edition


def test_verify_audit_passes_on_an_intact_chain(capsys):
    chain(3)
    call_command("verify_audit")
    assert capsys.readouterr().out.strip() == "audit chain verified: 3 events, chain intact"


def test_verify_audit_names_an_edited_row():
    chain(3)
    AuditEvent.objects.filter(seq=2).update(payload={"n": 99})
    with pytest.raises(CommandError) as caught:
        call_command("verify_audit")
    assert str(caught.value) == "audit chain broken: row #2 (test.event) was edited: its hash does not match"


def test_verify_audit_names_a_deleted_row():
    chain(3)
    AuditEvent.objects.filter(seq=2).delete()
    with pytest.raises(CommandError) as caught:
        call_command("verify_audit")
    assert str(caught.value) == "audit chain broken: row #2 is missing (next row is #3)"


def test_verify_audit_names_a_deleted_last_row():
    chain(3)
    AuditEvent.objects.filter(seq=3).delete()
    with pytest.raises(CommandError, match="row #3 is missing"):
        call_command("verify_audit")


def test_audit_page_is_for_organisers(client):
    chain(1)
    url = reverse("judging:audit")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(OrganiserFactory())
    assert client.get(url).status_code == 200


def test_audit_page_lists_newest_first_with_payload(client):
    edition = chain(3)
    client.force_login(OrganiserFactory())
    response = client.get(reverse("judging:audit"))
    events = list(response.context["page"])
    assert [event.seq for event in events] == [3, 2, 1]
    body = response.content.decode()
    assert edition.slug in body
    assert events[0].hash[:12] in body
    assert '&quot;n&quot;: 2' in body


def test_audit_page_is_paginated(client):
    chain(55)
    client.force_login(OrganiserFactory())
    first = client.get(reverse("judging:audit"))
    assert len(first.context["page"]) == 50
    second = client.get(reverse("judging:audit"), {"page": 2})
    assert [event.seq for event in second.context["page"]] == [5, 4, 3, 2, 1]


@pytest.mark.parametrize("rows", [1, 3])
def test_audit_page_query_count_does_not_grow_with_rows(client, django_assert_num_queries, rows):
    chain(rows)
    client.force_login(OrganiserFactory())
    client.get(reverse("judging:audit"))  # warm the session (it keeps the navigation's roles)
    with django_assert_num_queries(5):
        client.get(reverse("judging:audit"))
