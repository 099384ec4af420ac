"""The eligibility review before judging (accept, return, withdraw) and later entry deadlines."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from awards.audit import audit_verify
from awards.eligibility import review_problems
from awards.models import AuditEvent, DeadlineExtension, Edition, Entry, OutboxMessage
from awards.permissions import entry_is_editable
from awards.services.eligibility import (
    deadline_extension_grant,
    entry_accept,
    entry_return,
    entry_withdraw_by_organiser,
)
from awards.services.entries import entry_create, entry_submit, entry_update
from config.outbox_crypto import body_decrypt
from tests.cast import close_registration, complete_entry, participant
from tests.factories import CategoryFactory, EditionFactory, OrganiserFactory


@pytest.fixture
def world(db):
    """A category of an edition taking registrations, company A's submitted entry awaiting review, an organiser."""
    edition = EditionFactory(state=Edition.State.REGISTRATION)
    category = CategoryFactory(edition=edition, seat_class="")
    contact = participant(edition, legal_name="PT Alfa Kontak")
    entry = complete_entry(
        contact, category, title="Omnichannel", status=Entry.Status.SUBMITTED, submitted_at=timezone.now()
    )
    return type(
        "World",
        (),
        {
            "edition": edition,
            "category": category,
            "contact": contact,
            "entry": entry,
            "organiser": OrganiserFactory(),
        },
    )


def _soon(days=5):
    return timezone.now() + dt.timedelta(days=days)


def _state(entry):
    entry.refresh_from_db()
    return entry.review


def _mails(kind):
    return [(m.recipient, m.subject, body_decrypt(m.body_encrypted)) for m in OutboxMessage.objects.filter(kind=kind)]


# --- The decisions -------------------------------------------------------------------------------------


def test_accepting_an_entry_sends_it_to_judging_and_is_logged(world):
    assert review_problems(edition=world.edition) == ["1 entry not yet reviewed: accept, return or withdraw it."]
    entry_accept(entry=world.entry, actor=world.organiser, seen="awaiting")
    assert _state(world.entry) == Entry.Review.ACCEPTED
    assert review_problems(edition=world.edition) == []
    event = AuditEvent.objects.get(action="entry.accepted")
    assert (event.payload["entry"], event.actor_label) == (world.entry.pk, world.organiser.get_username())
    # Accepting again changes nothing and logs nothing.
    entry_accept(entry=world.entry, actor=world.organiser)
    assert AuditEvent.objects.filter(action="entry.accepted").count() == 1
    assert audit_verify().ok


def test_returning_an_entry_tells_the_entrant_why_in_both_languages(world):
    by = _soon()
    entry_return(
        entry=world.entry, actor=world.organiser, reason="The deck is missing page 3.", resubmit_by=by, seen="awaiting"
    )
    world.entry.refresh_from_db()
    assert (world.entry.status, world.entry.return_reason, world.entry.resubmit_by) == (
        Entry.Status.RETURNED,
        "The deck is missing page 3.",
        by,
    )
    [(recipient, subject, body)] = _mails("entry.returned")
    assert recipient == world.contact.user.email
    reference = world.entry.reference
    assert subject.endswith(f"Entri {reference} dikembalikan untuk diperbaiki / Entry {reference} returned for changes")
    indonesian, english = body.split("\n---\n")
    assert "Alasan:" in indonesian and "mengembalikan entri Anda" in indonesian
    assert "Why:" in english and "returned your entry" in english
    assert body.count("The deck is missing page 3.") == 2
    assert AuditEvent.objects.get(action="entry.returned").payload["reason"] == "The deck is missing page 3."
    assert review_problems(edition=world.edition) == [
        "1 returned entry not yet submitted again: review it once it is, or withdraw it."
    ]


@pytest.mark.parametrize(
    ("reason", "days", "field", "message"),
    [
        ("", 5, "reason", "Give a reason: the entrant reads it."),
        ("   ", 5, "reason", "Give a reason: the entrant reads it."),
        ("Fix it", -1, "resubmit_by", "The deadline must be in the future."),
        ("Fix it", None, "resubmit_by", "Give the date and time."),
        ("Fix it", 400, "resubmit_by", "The deadline must be no later than judging opens"),
        ("x" * 2001, 5, "reason", "Keep the reason under 2000 characters."),
    ],
)
def test_a_return_with_bad_input_is_refused_and_changes_nothing(world, reason, days, field, message):
    with pytest.raises(ValidationError) as refused:
        entry_return(
            entry=world.entry,
            actor=world.organiser,
            reason=reason,
            resubmit_by=None if days is None else _soon(days),
        )
    assert refused.value.message_dict[field][0].startswith(message)
    assert _state(world.entry) == Entry.Review.AWAITING
    assert not OutboxMessage.objects.exists()
    assert not AuditEvent.objects.filter(action="entry.returned").exists()


def test_withdrawing_an_entry_needs_a_reason_and_tells_the_entrant(world):
    with pytest.raises(ValidationError):
        entry_withdraw_by_organiser(entry=world.entry, actor=world.organiser, reason="")
    assert _state(world.entry) == Entry.Review.AWAITING
    entry_withdraw_by_organiser(entry=world.entry, actor=world.organiser, reason="Not a contact centre.")
    world.entry.refresh_from_db()
    assert (world.entry.status, world.entry.withdrawn_reason) == (Entry.Status.WITHDRAWN, "Not a contact centre.")
    [(_recipient, _subject, body)] = _mails("entry.withdrawn")
    assert "telah menarik entri Anda" in body.split("\n---\n")[0] and "withdrawn your entry" in body
    assert review_problems(edition=world.edition) == []
    # Nothing is left to decide.
    with pytest.raises(ValidationError):
        entry_accept(entry=world.entry, actor=world.organiser)


def test_a_decision_on_an_entry_someone_changed_meanwhile_is_refused(world):
    entry_accept(entry=world.entry, actor=world.organiser, seen="awaiting")
    with pytest.raises(ValidationError) as refused:
        entry_return(entry=world.entry, actor=world.organiser, reason="Fix it", resubmit_by=_soon(), seen="awaiting")
    assert "Someone changed this entry meanwhile" in refused.value.messages[0]
    assert _state(world.entry) == Entry.Review.ACCEPTED


def test_no_decision_once_judging_opens(world):
    Edition.objects.filter(pk=world.edition.pk).update(state=Edition.State.JUDGING)
    for decide in (
        lambda: entry_accept(entry=world.entry, actor=world.organiser),
        lambda: entry_return(entry=world.entry, actor=world.organiser, reason="x", resubmit_by=_soon()),
        lambda: entry_withdraw_by_organiser(entry=world.entry, actor=world.organiser, reason="x"),
        lambda: deadline_extension_grant(
            edition=world.edition, company=world.contact.company, until=_soon(), reason="x", actor=world.organiser
        ),
    ):
        with pytest.raises(ValidationError):
            decide()
    assert _state(world.entry) == Entry.Review.AWAITING


def test_a_returned_entry_can_be_changed_and_submitted_again_until_its_date_after_registration_closed(world):
    close_registration(world.edition)
    by = _soon(2)
    entry_return(entry=world.entry, actor=world.organiser, reason="Add the 2025 figures.", resubmit_by=by)
    world.entry.refresh_from_db()
    assert entry_is_editable(world.entry)
    entry_update(entry=world.entry, user=world.contact.user, data={"agent_seats": 140})
    entry_submit(entry=world.entry, user=world.contact.user)
    world.entry.refresh_from_db()
    assert (world.entry.review, world.entry.agent_seats) == (Entry.Review.AWAITING, 140)
    assert AuditEvent.objects.filter(action="entry.resubmitted").count() == 1
    # After its date has passed, a returned entry is closed.
    entry_return(entry=world.entry, actor=world.organiser, reason="Still missing.", resubmit_by=_soon(1))
    world.entry.refresh_from_db()
    assert not entry_is_editable(world.entry, now=by + dt.timedelta(days=1))


def test_judging_cannot_open_while_entries_await_review(world):
    from judging.services.keys import judging_open_problems

    assert "1 entry not yet reviewed: accept, return or withdraw it." in judging_open_problems(edition=world.edition)
    entry_accept(entry=world.entry, actor=world.organiser)
    assert not [p for p in judging_open_problems(edition=world.edition) if "reviewed" in p]


def test_only_accepted_entries_can_be_assigned(world):
    from judging.services.assignments import assignment_add, round_get_or_create_final
    from tests.factories import JudgeFactory

    judge = JudgeFactory(edition=world.edition)
    final = round_get_or_create_final(edition=world.edition)
    with pytest.raises(ValidationError, match="Only entries accepted for judging can be assigned."):
        assignment_add(round=final, entry=world.entry, judge=judge, actor=world.organiser)


# --- Deadline extensions --------------------------------------------------------------------------------


def test_a_company_extension_lets_it_make_and_submit_an_entry_after_the_deadline(world):
    close_registration(world.edition)
    other = CategoryFactory(edition=world.edition, seat_class="")
    with pytest.raises(ValidationError):
        entry_create(company=world.contact.company, category=other, user=world.contact.user, title="Late")
    until = _soon(3)
    deadline_extension_grant(
        edition=world.edition,
        company=world.contact.company,
        until=until,
        reason="Server outage on the last day",
        actor=world.organiser,
    )
    late = entry_create(company=world.contact.company, category=other, user=world.contact.user, title="Late")
    assert entry_is_editable(late)
    assert not entry_is_editable(late, now=until + dt.timedelta(minutes=1))
    event = AuditEvent.objects.get(action="entry.deadline_extended")
    assert (event.payload["company"], event.payload["until"]) == (world.contact.company.pk, until.isoformat())
    [(_recipient, subject, _body)] = _mails("entry.deadline_extended")
    assert "extended" in subject
    # Granting again replaces the date; one extension per company.
    deadline_extension_grant(
        edition=world.edition, company=world.contact.company, until=_soon(4), reason="More time", actor=world.organiser
    )
    assert DeadlineExtension.objects.count() == 1


def test_an_entry_extension_reopens_that_entry_only(world):
    draft = complete_entry(world.contact, CategoryFactory(edition=world.edition, seat_class=""))
    other_company = participant(world.edition, legal_name="PT Beta")
    other = complete_entry(other_company, CategoryFactory(edition=world.edition, seat_class=""))
    close_registration(world.edition)
    deadline_extension_grant(
        edition=world.edition,
        company=world.contact.company,
        entry=draft,
        until=_soon(),
        reason="Upload failed",
        actor=world.organiser,
    )
    draft.refresh_from_db()
    other.refresh_from_db()
    assert entry_is_editable(draft) and not entry_is_editable(other)
    with pytest.raises(ValidationError) as refused:
        deadline_extension_grant(
            edition=world.edition,
            company=world.contact.company,
            entry=other,
            until=_soon(),
            reason="x",
            actor=world.organiser,
        )
    assert "entry" in refused.value.message_dict


@pytest.mark.parametrize(
    ("days", "reason", "field"),
    [(5, "", "reason"), (-1, "x", "until"), (400, "x", "until"), (None, "x", "until")],
)
def test_an_extension_with_bad_input_is_refused_and_changes_nothing(world, days, reason, field):
    close_registration(world.edition)
    with pytest.raises(ValidationError) as refused:
        deadline_extension_grant(
            edition=world.edition,
            company=world.contact.company,
            until=None if days is None else _soon(days),
            reason=reason,
            actor=world.organiser,
        )
    assert field in refused.value.message_dict
    assert not DeadlineExtension.objects.exists()
    assert not AuditEvent.objects.filter(action="entry.deadline_extended").exists()


def test_an_extension_before_registration_closes_must_be_later_than_the_close(world):
    with pytest.raises(ValidationError, match="Registration closes"):
        deadline_extension_grant(
            edition=world.edition,
            company=world.contact.company,
            until=world.edition.registration_closes - dt.timedelta(hours=1),
            reason="x",
            actor=world.organiser,
        )


# --- Races (PostgreSQL) -----------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_organisers_deciding_the_same_entry_at_once_one_decision_stands():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    edition = EditionFactory(state=Edition.State.REGISTRATION)
    contact = participant(edition)
    entry = complete_entry(
        contact,
        CategoryFactory(edition=edition, seat_class=""),
        status=Entry.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    first, second = OrganiserFactory(), OrganiserFactory()
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(action):
        try:
            barrier.wait()
            action()
            outcomes.append("done")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=(lambda: entry_accept(entry=entry, actor=first, seen="awaiting"),)),
        threading.Thread(
            target=decide,
            args=(
                lambda: entry_return(entry=entry, actor=second, reason="Fix it", resubmit_by=_soon(), seen="awaiting"),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done", "refused"]
    decided = AuditEvent.objects.filter(action__in=["entry.accepted", "entry.returned"]).count()
    assert decided == 1
    entry.refresh_from_db()
    assert entry.review in (Entry.Review.ACCEPTED, Entry.Review.RETURNED)
    assert OutboxMessage.objects.filter(kind="entry.returned").count() == (entry.review == Entry.Review.RETURNED)


# --- The pages ------------------------------------------------------------------------------------------


def test_the_entrant_sees_why_the_entry_was_returned_on_the_dashboard_and_the_entry_page(client, world):
    entry_return(entry=world.entry, actor=world.organiser, reason="Add the signed KPI report.", resubmit_by=_soon())
    client.force_login(world.contact.user)
    for url in (reverse("awards:dashboard"), reverse("awards:entry_edit", args=[world.entry.pk])):
        page = client.get(url).content.decode()
        assert "Add the signed KPI report." in page
    page = client.get(reverse("awards:entry_edit", args=[world.entry.pk])).content.decode()
    assert "The organisers returned this entry for changes" in page
    assert 'class="btn btn-primary">Save draft' in page  # editable again
    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    page = client.get(reverse("awards:entry_edit", args=[world.entry.pk])).content.decode()
    assert "Panitia mengembalikan entri ini untuk diperbaiki" in page


def test_the_entrant_sees_the_extension_on_the_dashboard(client, world):
    close_registration(world.edition)
    deadline_extension_grant(
        edition=world.edition, company=world.contact.company, until=_soon(), reason="Outage", actor=world.organiser
    )
    client.force_login(world.contact.user)
    assert "The organisers extended your company" in client.get(reverse("awards:dashboard")).content.decode()


def test_the_review_page_decides_and_a_bad_return_changes_nothing(client, world):
    client.force_login(world.organiser)
    slug = world.edition.slug
    page = client.get(reverse("awards:organiser_review_entry", args=[slug, world.entry.pk]))
    assert page.status_code == 200
    assert "Awaiting review" in page.content.decode()
    bad = client.post(
        reverse("awards:organiser_review_return", args=[slug, world.entry.pk]),
        {"return-seen": "awaiting", "return-reason": "", "return-resubmit_by": ""},
    )
    assert bad.status_code == 400
    assert "Give a reason: the entrant reads it." in bad.content.decode()
    assert _state(world.entry) == Entry.Review.AWAITING
    done = client.post(
        reverse("awards:organiser_review_accept", args=[slug, world.entry.pk]), {"accept-seen": "awaiting"}
    )
    assert done.status_code == 302
    assert _state(world.entry) == Entry.Review.ACCEPTED
    # A second organiser's page still showed it awaiting: the return is refused.
    late = client.post(
        reverse("awards:organiser_review_return", args=[slug, world.entry.pk]),
        {"return-seen": "awaiting", "return-reason": "Fix", "return-resubmit_by": _soon().strftime("%Y-%m-%dT%H:%M")},
    )
    assert late.status_code == 400 and "Someone changed this entry meanwhile" in late.content.decode()
    assert _state(world.entry) == Entry.Review.ACCEPTED


def test_a_draft_has_no_review_page(client, world):
    draft = complete_entry(world.contact, CategoryFactory(edition=world.edition, seat_class=""))
    client.force_login(world.organiser)
    assert client.get(reverse("awards:organiser_review_entry", args=[world.edition.slug, draft.pk])).status_code == 404


@pytest.mark.parametrize("rows", [1, 3])
def test_the_review_queue_query_count_does_not_grow(client, world, rows, django_assert_num_queries):
    for number in range(rows - 1):
        contact = participant(world.edition, legal_name=f"PT Queue {number}")
        complete_entry(contact, world.category, status=Entry.Status.SUBMITTED, submitted_at=timezone.now())
    client.force_login(world.organiser)
    url = reverse("awards:organiser_review", args=[world.edition.slug])
    client.get(url)  # the session's first page keeps the roles
    with django_assert_num_queries(7):
        page = client.get(url + f"?category={world.category.code}&status=awaiting")
    assert page.content.decode().count("review-badge review-awaiting") == rows


def test_the_review_queue_paginates(client, world):
    for number in range(51):
        contact = participant(world.edition, legal_name=f"PT Many {number}")
        complete_entry(contact, world.category, status=Entry.Status.SUBMITTED, submitted_at=timezone.now())
    client.force_login(world.organiser)
    url = reverse("awards:organiser_review", args=[world.edition.slug])
    first = client.get(url + "?status=awaiting").content.decode()
    second = client.get(url + "?status=awaiting&page=2").content.decode()
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert second.count("<tr>") == 1 + 2  # the header row and two entries (52 in all)


@pytest.mark.parametrize(("language", "written"), [("en", "1,200,000"), ("id", "1.200.000")])
def test_the_review_page_writes_the_figures_as_the_readers_language_does(client, world, language, written):
    client.force_login(world.organiser)
    page = client.get(
        reverse("awards:organiser_review_entry", args=[world.edition.slug, world.entry.pk]),
        HTTP_ACCEPT_LANGUAGE=language,
    ).content.decode()
    assert f"<dd class=\"col-sm-5\">{written}</dd>" in page
