import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection

from awards.audit import audit_verify
from awards.models import AuditEvent, Edition, NdaVersion
from awards.services.editions import (
    edition_transition,
    nda_version_create,
    nda_version_publish,
    nda_version_update,
)
from tests.factories import CategoryFactory, EditionFactory, NdaVersionFactory, OrganiserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready_draft():
    """A draft edition with what registration needs: a category and a published participant NDA."""
    edition = EditionFactory(state=Edition.State.DRAFT)
    CategoryFactory(edition=edition)
    NdaVersionFactory(edition=edition, audience=NdaVersion.Audience.PARTICIPANT)
    return edition


def _state_in_db(edition):
    return Edition.objects.values_list("state", flat=True).get(pk=edition.pk)


def test_edition_walks_forward_one_step_at_a_time_with_an_audit_event_each(ready_draft):
    organiser = OrganiserFactory()
    steps = ["registration", "judging", "sealed", "revealed", "published"]
    for state in steps:
        edition_transition(edition=ready_draft, to_state=state, actor=organiser)
        assert ready_draft.state == state
        assert _state_in_db(ready_draft) == state
    events = list(AuditEvent.objects.filter(edition=ready_draft).values_list("action", "actor_label", "payload"))
    assert events == [
        ("edition.registration", organiser.username, {"from": "draft", "to": "registration"}),
        ("edition.judging", organiser.username, {"from": "registration", "to": "judging"}),
        ("edition.sealed", organiser.username, {"from": "judging", "to": "sealed"}),
        ("edition.revealed", organiser.username, {"from": "sealed", "to": "revealed"}),
        ("edition.published", organiser.username, {"from": "revealed", "to": "published"}),
    ]
    assert audit_verify().ok


@pytest.mark.parametrize(
    ("start", "target", "message"),
    [
        ("draft", "judging", "An edition moves one step at a time: from “Draft” the next state is “Registration”."),
        ("registration", "sealed", "An edition moves one step at a time: from “Registration” the next state is "
         "“Judging”."),
        ("judging", "registration", "An edition never goes back: it cannot return from “Judging” to "
         "“Registration”."),
        ("published", "draft", "A published edition is final; its state cannot change."),
        ("registration", "registration", "The edition is already in the state “Registration”."),
        ("draft", "archived", "“archived” is not an edition state."),
    ],
)
def test_anything_but_the_next_step_is_refused_and_changes_nothing(start, target, message):
    edition = EditionFactory(state=start)
    with pytest.raises(ValidationError) as exc:
        edition_transition(edition=edition, to_state=target, actor=None)
    assert exc.value.messages == [message]
    assert _state_in_db(edition) == start
    assert edition.state == start
    assert not AuditEvent.objects.exists()


def test_registration_needs_a_category_and_a_published_participant_nda():
    edition = EditionFactory(state=Edition.State.DRAFT)
    NdaVersionFactory(edition=edition, audience=NdaVersion.Audience.PARTICIPANT, published_at=None)
    NdaVersionFactory(edition=edition, audience=NdaVersion.Audience.JUDGE)
    with pytest.raises(ValidationError) as exc:
        edition_transition(edition=edition, to_state="registration", actor=None)
    assert exc.value.messages == [
        "Registration cannot open: the edition has no category yet.",
        "Registration cannot open: no participant NDA is published yet.",
    ]
    assert _state_in_db(edition) == "draft"


def test_open_registration_command_opens_a_ready_draft(ready_draft, capsys):
    call_command("open_registration", ready_draft.slug)
    assert _state_in_db(ready_draft) == "registration"
    assert capsys.readouterr().out == f"{ready_draft.name} ({ready_draft.slug}): Draft → Registration.\n"
    assert AuditEvent.objects.get().action == "edition.registration"


def test_open_registration_command_fails_with_a_one_line_reason():
    EditionFactory(slug="cct-2040", state=Edition.State.JUDGING)
    with pytest.raises(CommandError) as exc:
        call_command("open_registration", "cct-2040")
    assert str(exc.value) == "An edition never goes back: it cannot return from “Judging” to “Registration”."
    with pytest.raises(CommandError) as exc:
        call_command("open_registration", "no-such-edition")
    assert str(exc.value) == "No edition with the slug 'no-such-edition'."


def test_nda_version_create_stores_an_unpublished_version_with_the_hash_of_its_texts():
    edition = EditionFactory()
    texts = {"title_id": "Judul", "title_en": "Title", "text_id": "Isi perjanjian.", "text_en": "The agreement."}
    version = nda_version_create(edition=edition, audience="participant", version_label="v1", **texts)
    version.refresh_from_db()
    assert version.published_at is None
    assert version.text_sha256 == NdaVersion.hash_texts(**texts)


def test_nda_version_create_refuses_a_duplicate_label():
    edition = EditionFactory()
    NdaVersionFactory(edition=edition, audience="participant", version_label="v1")
    with pytest.raises(ValidationError):
        nda_version_create(
            edition=edition, audience="participant", version_label="v1", title_id="a", title_en="b",
            text_id="c", text_en="d",
        )
    assert NdaVersion.objects.count() == 1


def test_publishing_freezes_the_hash_records_it_and_happens_once():
    organiser = OrganiserFactory()
    version = NdaVersionFactory(published_at=None, text_sha256="")
    nda_version_publish(version=version, actor=organiser)
    version.refresh_from_db()
    assert version.is_published
    assert version.text_sha256 == version.compute_sha256()
    event = AuditEvent.objects.get()
    assert (event.action, event.edition_id, event.actor_label) == (
        "nda.published", version.edition_id, organiser.username
    )
    assert event.payload == {
        "nda_version": version.pk,
        "audience": "participant",
        "version_label": version.version_label,
        "text_sha256": version.text_sha256,
    }
    published_at = version.published_at
    with pytest.raises(ValidationError) as exc:
        nda_version_publish(version=version, actor=organiser)
    assert exc.value.messages == [f"NDA version {version.version_label} is already published."]
    version.refresh_from_db()
    assert version.published_at == published_at
    assert AuditEvent.objects.count() == 1


def test_an_unpublished_version_can_be_edited_and_its_hash_follows_but_a_published_one_cannot():
    draft = NdaVersionFactory(published_at=None)
    draft.text_en = "A revised text."
    nda_version_update(version=draft)
    draft.refresh_from_db()
    assert draft.text_en == "A revised text."
    assert draft.text_sha256 == draft.compute_sha256()

    published = NdaVersionFactory()
    original = published.text_en
    published.text_en = "Changed after signing."
    with pytest.raises(ValidationError):
        nda_version_update(version=published)
    published.refresh_from_db()
    assert published.text_en == original


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_organisers_opening_registration_at_once_move_it_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    edition = EditionFactory(state=Edition.State.DRAFT)
    CategoryFactory(edition=edition)
    NdaVersionFactory(edition=edition)
    barrier = threading.Barrier(2)
    results = []

    def click():
        stale = Edition.objects.get(pk=edition.pk)  # both read "draft" before either moves it
        try:
            barrier.wait(timeout=10)
            edition_transition(edition=stale, to_state="registration", actor=None)
            results.append("moved")
        except ValidationError as exc:
            results.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(results) == ["The edition is already in the state “Registration”.", "moved"]
    assert AuditEvent.objects.filter(action="edition.registration").count() == 1
