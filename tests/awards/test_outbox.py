"""The outbox: every e-mail is a row written with its event, delivered by the worker with retries, visible to
organisers and resendable. The mail server is the only thing mocked (Django's e-mail backends), and the clock."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from awards.models import AuditEvent, Edition, Entry, OutboxMessage
from awards.services.outbox import outbox_message_resend, outbox_queue
from awards.services.outbox_delivery import MAX_ATTEMPTS, outbox_message_deliver
from awards.services.publication import edition_publish
from awards.tasks import outbox_deliver
from tests.factories import ContactFactory, OrganiserFactory

pytestmark = pytest.mark.django_db

DOWN = "tests.awards.test_outbox.MailServerDown"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class MailServerDown(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


class RecipientRefused(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({email_messages[0].to[0]: (550, b"No such user")})


@pytest.fixture
def revealed(cast):
    return cast.revealed_edition(categories=2, awards_per_category=2, extra_entries=1)


def _contacts(edition) -> list[str]:
    companies = Entry.objects.filter(category__edition=edition, status=Entry.Status.SUBMITTED).values("company")
    return sorted(contact.user.email for contact in ContactFactory._meta.model.objects.filter(company__in=companies))


def _delivered() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def _later(monkeypatch, seconds: float) -> None:
    """The clock moves on by `seconds` (the retries' back-off is measured with it)."""
    now = timezone.now() + dt.timedelta(seconds=seconds)
    monkeypatch.setattr(timezone, "now", lambda: now)


# --- award night: the mail server is down, the process dies --------------------------------------------------


def test_publish_with_the_mail_server_down_loses_nothing_and_delivers_everything_once_it_is_back(
    revealed, settings, task_worker, monkeypatch
):
    settings.EMAIL_BACKEND = DOWN
    edition_publish(edition=revealed, actor=OrganiserFactory())  # no traceback: the publication stands
    assert Edition.objects.get(pk=revealed.pk).state == Edition.State.PUBLISHED
    expected = _contacts(revealed)
    assert len(expected) == 6
    queued = OutboxMessage.objects.filter(kind="edition.published")
    assert sorted(queued.values_list("recipient", flat=True)) == expected

    assert task_worker() == 6  # every delivery tried once and refused by the mail server
    assert mail.outbox == []
    assert set(queued.values_list("status", "attempts", "last_error")) == {
        ("queued", 1, "ConnectionRefusedError: [Errno 111] Connection refused")
    }
    assert task_worker() == 0  # the next tries wait for their back-off

    settings.EMAIL_BACKEND = LOCMEM  # the mail server is back
    _later(monkeypatch, 31)
    assert task_worker() == 6
    assert _delivered() == expected
    assert set(queued.values_list("status", "last_error")) == {("sent", "")}
    _later(monkeypatch, 3600)
    assert task_worker() == 0 and len(mail.outbox) == 6  # nothing is sent twice


def test_a_publish_killed_right_after_its_commit_still_delivers_every_email(
    revealed, task_worker, django_capture_on_commit_callbacks
):
    # The process dies after COMMIT: nothing that was to run after the commit (on_commit hooks) ever runs.
    with django_capture_on_commit_callbacks(execute=False):
        edition_publish(edition=revealed, actor=OrganiserFactory())
    assert mail.outbox == []

    task_worker()  # a worker (the same one, or one started after the crash) finds the committed tasks
    assert _delivered() == _contacts(revealed)
    assert all(message.subject.endswith(f"Winners announced: {revealed.name}") for message in mail.outbox)


def test_the_publication_and_its_emails_commit_together(revealed, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("the transition failed after the e-mails were written")

    monkeypatch.setattr("awards.services.publication.edition_transition", fail)
    with pytest.raises(RuntimeError):
        edition_publish(edition=revealed, actor=None)
    assert not OutboxMessage.objects.exists()
    assert Edition.objects.get(pk=revealed.pk).state == Edition.State.REVEALED


# --- retries, failures, claims ------------------------------------------------------------------------------


def _one(**options) -> OutboxMessage:
    [message] = outbox_queue(kind="test", to="rina@example.test", subject="Hello", body="Body", **options)
    message.refresh_from_db()
    return message


def test_a_refused_recipient_is_failed_at_once_with_the_reason(settings):
    settings.EMAIL_BACKEND = "tests.awards.test_outbox.RecipientRefused"
    message = _one()
    assert (message.status, message.attempts) == ("failed", 1)
    assert message.last_error.startswith("SMTPRecipientsRefused: {'rina@example.test': (550")


def test_after_the_last_try_a_message_is_failed_with_the_last_reason(settings, monkeypatch):
    settings.EMAIL_BACKEND = DOWN
    message = _one()
    for attempt in range(2, MAX_ATTEMPTS + 1):
        _later(monkeypatch, 3600 * attempt)
        outbox_message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", MAX_ATTEMPTS)
    assert message.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"


def test_one_message_is_sent_once_however_many_times_its_delivery_is_queued(task_worker):
    message = _one()
    for _ in range(3):
        outbox_deliver.enqueue(message_id=message.pk)
    assert task_worker() == 4
    assert _delivered() == ["rina@example.test"]
    assert OutboxMessage.objects.get().status == "sent"


def test_a_message_claimed_by_a_live_delivery_is_not_sent_by_another(task_worker, monkeypatch):
    message = _one()
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_until=timezone.now() + dt.timedelta(minutes=5))
    assert outbox_message_deliver(message_id=message.pk).status == "queued"
    assert task_worker() == 1 and mail.outbox == []  # the queued task finds it claimed too

    # The delivery that held it died (a killed worker): its claim lapses and `outbox_retry` sends it.
    _later(monkeypatch, 301)
    call_command("outbox_retry")
    task_worker()
    assert _delivered() == ["rina@example.test"]


def test_outbox_retry_queues_due_messages_and_resends_failed_ones(settings, capsys):
    settings.EMAIL_BACKEND = "tests.awards.test_outbox.RecipientRefused"
    _one()
    settings.EMAIL_BACKEND = LOCMEM
    call_command("outbox_retry", "--failed")
    assert capsys.readouterr().out.strip() == (
        "Queued 0 due message(s) for delivery; resent 1 failed message(s). Outbox now: 0 queued, 1 sent, 1 failed."
    )
    assert _delivered() == ["rina@example.test"]
    call_command("outbox_retry", "--failed")  # a failed message already resent is not resent again
    assert len(mail.outbox) == 1


# --- what is stored ----------------------------------------------------------------------------------------


def test_a_judges_invitation_link_is_stored_encrypted_and_delivered_whole(world):
    from judging.services.panel import judge_invite

    edition = world.edition
    judge_invite(edition=edition, email="new.judge@example.test", full_name="New Judge", invited_by=world.organiser)
    message = OutboxMessage.objects.get(kind="panel.judge_invitation")
    [sent] = mail.outbox
    join_url = next(line for line in sent.body.splitlines() if "/join/" in line).strip()
    token = join_url.rstrip("/").rsplit("/", 1)[-1]
    assert len(token) > 20
    assert token not in message.body_encrypted and token not in message.subject
    assert message.body_encrypted.startswith("box1:")
    assert (message.recipient, message.edition, message.status) == ("new.judge@example.test", edition, "sent")


def test_the_receipt_is_attached_when_the_worker_sends_it(task_worker):
    from tests.factories import EntryFactory

    entry = EntryFactory()
    outbox_queue(kind="entry.submitted", to="dimas@example.test", subject="Receipt", body="Attached.",
                 attachment={"kind": "entry_receipt", "pk": entry.pk})
    task_worker()
    [sent] = mail.outbox
    [(name, content, mimetype)] = sent.attachments
    assert (name, mimetype, content[:5]) == (f"receipt-{entry.reference}.pdf", "application/pdf", b"%PDF-")


# --- the organiser's page -----------------------------------------------------------------------------------


def test_the_organiser_sees_each_message_with_its_status_and_reason(client, settings):
    settings.EMAIL_BACKEND = DOWN
    _one(edition=None)
    settings.EMAIL_BACKEND = LOCMEM
    [sent] = outbox_queue(kind="test", to="dimas@example.test", subject="Second", body="Body")
    client.force_login(OrganiserFactory())
    page = client.get(reverse("awards:outbox"))
    assert page.status_code == 200
    rows = [(m.recipient, m.status) for m in page.context["page"]]
    assert rows == [("dimas@example.test", "sent"), ("rina@example.test", "queued")]
    assert "ConnectionRefusedError: [Errno 111] Connection refused" in page.text
    assert "Retrying at" in page.text
    failed_only = client.get(reverse("awards:outbox"), {"status": "queued"})
    assert [m.recipient for m in failed_only.context["page"]] == ["rina@example.test"]


def test_the_organiser_resends_a_sent_message(client):
    message = _one()
    organiser = OrganiserFactory()
    client.force_login(organiser)
    response = client.post(reverse("awards:outbox_resend", args=[message.pk]))
    assert response.status_code == 302
    assert _delivered() == ["rina@example.test", "rina@example.test"]
    copy = OutboxMessage.objects.get(resend_of=message)
    assert (copy.status, copy.subject, copy.recipient) == ("sent", message.subject, message.recipient)
    assert mail.outbox[1].body == mail.outbox[0].body == "Body"
    event = AuditEvent.objects.get(action="outbox.resent")
    assert (event.actor, event.payload["message"], event.payload["copy"]) == (organiser, message.pk, copy.pk)


def test_a_queued_message_is_not_resent(settings):
    settings.EMAIL_BACKEND = DOWN
    message = _one()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="still queued"):
        outbox_message_resend(message=message, actor=None)
    assert OutboxMessage.objects.count() == 1


def test_only_organisers_see_the_outbox_or_resend(client):
    message = _one()
    assert client.get(reverse("awards:outbox")).status_code == 302  # to the sign-in page
    client.force_login(ContactFactory().user)
    assert client.get(reverse("awards:outbox")).status_code == 403
    assert client.post(reverse("awards:outbox_resend", args=[message.pk])).status_code == 403
    assert OutboxMessage.objects.count() == 1 and len(mail.outbox) == 1
    assert client.get(reverse("awards:outbox_resend", args=[message.pk])).status_code == 405


@pytest.mark.parametrize("rows", [1, 3])
def test_the_outbox_page_query_count_does_not_grow_with_rows(client, django_assert_num_queries, rows, world):
    for number in range(rows):
        outbox_queue(kind="test", to=f"person{number}@example.test", subject="S", body="B", edition=world.edition)
    client.force_login(OrganiserFactory())
    with django_assert_num_queries(10):  # the navigation bar included; the same for 1 and 3 rows
        assert client.get(reverse("awards:outbox")).status_code == 200


def test_allauths_own_mails_go_through_the_outbox_and_the_reset_link_is_not_stored_in_clear(client):
    user = ContactFactory().user
    client.post(reverse("account_reset_password"), {"email": user.email})
    message = OutboxMessage.objects.get(recipient=user.email)
    [sent] = mail.outbox
    link = next(line for line in sent.body.splitlines() if "/password/reset/key/" in line).strip()
    assert (message.kind, message.status, message.subject) == ("account.password_reset_key", "sent", sent.subject)
    assert link.rsplit("/key/", 1)[1] not in message.body_encrypted
