"""Messages to a group and scheduled reminders: who is in each group, the preview that changes nothing, one
outbox row per recipient, the rule that no placeholder can carry a score, and reminders sent once per person and
deadline (also when two runs race, on PostgreSQL)."""

import dataclasses
import datetime as dt
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, connection, connections
from django.urls import reverse
from django.utils import timezone

from awards.communications import group_members, placeholder_problems
from awards.models import AuditEvent, CompanyContact, Edition, Entry, GroupMessage, OutboxMessage, ReminderSent
from awards.services import reminders as reminders_module
from awards.services.accounts import profile_language_set
from awards.services.message_outbox import group_message_outbox_write
from awards.services.messages import MessageDraft, group_message_send
from awards.services.reminders import reminders_send
from tests.cast import seal_stand_in, sign_nda
from tests.factories import (
    CategoryFactory,
    ContactFactory,
    EditionFactory,
    EntryFactory,
    KeyCeremonyFactory,
    KeyHolderFactory,
    NdaVersionFactory,
    OrganiserFactory,
    SubmittedEntryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
User = get_user_model()


def _emails(recipients) -> list[str]:
    return sorted(recipient.email for recipient in recipients)


@pytest.fixture
def entrants():
    """An edition in registration: company A has a draft in category 1, B a submitted entry in category 2, C only a
    withdrawn entry, D no entry at all. A has signed the NDA, B has not."""
    edition = EditionFactory()
    first, second = CategoryFactory(edition=edition, code="first"), CategoryFactory(edition=edition, code="second")
    a, b, c, d = (ContactFactory(user=UserFactory(username=f"{name}@example.test")) for name in "abcd")
    EntryFactory(company=a.company, category=first, title="Draft of A")
    SubmittedEntryFactory(company=b.company, category=second)
    EntryFactory(
        company=c.company,
        category=first,
        status=Entry.Status.WITHDRAWN,
        submitted_at=timezone.now(),
        withdrawn_at=timezone.now(),
    )
    NdaVersionFactory(edition=edition)
    sign_nda(a.user, edition, a.company)
    return edition, first, second


@pytest.fixture
def organiser_client(client):
    client.force_login(OrganiserFactory())
    return client


def test_all_entrants_are_the_contacts_of_companies_with_an_entry_not_withdrawn(entrants):
    edition, _first, _second = entrants
    assert _emails(group_members(edition=edition, key="entrants")) == ["a@example.test", "b@example.test"]


def test_the_entrants_of_a_category_are_only_that_categorys(entrants):
    edition, first, second = entrants
    assert _emails(group_members(edition=edition, key="category_entrants", category=first)) == ["a@example.test"]
    assert _emails(group_members(edition=edition, key="category_entrants", category=second)) == ["b@example.test"]


def test_entrants_who_have_not_signed_the_current_nda(entrants):
    edition, _first, _second = entrants
    assert _emails(group_members(edition=edition, key="nda_unsigned")) == ["b@example.test"]
    NdaVersionFactory(edition=edition, version_label="v-new")  # a new version: everyone signs again
    assert _emails(group_members(edition=edition, key="nda_unsigned")) == ["a@example.test", "b@example.test"]


def test_judges_with_unscored_entries_leave_the_group_once_every_entry_is_sealed(world):
    # alice and bob are assigned to entries A and B; bob is conflicted with company A: only B is his to score
    assert _emails(group_members(edition=world.edition, key="judges_unscored")) == [
        "alice@example.test",
        "bob@example.test",
    ]
    seal_stand_in(judge=world.bob, entry=world.entry_b, round=world.round)
    seal_stand_in(judge=world.alice, entry=world.entry_a, round=world.round)
    assert _emails(group_members(edition=world.edition, key="judges_unscored")) == ["alice@example.test"]
    seal_stand_in(judge=world.alice, entry=world.entry_b, round=world.round)
    assert group_members(edition=world.edition, key="judges_unscored") == []


def test_holders_who_have_not_enrolled_a_key():
    edition = EditionFactory()
    ceremony = KeyCeremonyFactory(
        edition=edition, made_at=None, is_active=False, public_key=b"", wrapped_private_key=b""
    )
    waiting = KeyHolderFactory(ceremony=ceremony, user=UserFactory(username="waiting@example.test"), index=1)
    KeyHolderFactory(
        ceremony=ceremony, user=UserFactory(username="ready@example.test"), index=2, enrolled_at=timezone.now()
    )
    [member] = group_members(edition=edition, key="holders_not_enrolled")
    assert member.email == waiting.user.email
    assert member.dashboard_path == reverse("judging:my_share", args=[ceremony.pk])


# --- Placeholders: nothing can carry a score --------------------------------------------------------------


@pytest.mark.parametrize("text", ["Your score: {score}", "{rank}", "{{ entry.score }}", "{entry.title}", "{ name }"])
def test_a_placeholder_outside_the_fixed_set_is_refused_with_the_allowed_ones_named(text):
    problem = placeholder_problems(text)[0]
    assert "is not a placeholder a message may use" in problem and "{name}, {company}, {edition}" in problem


def test_a_stray_brace_is_refused_and_the_fixed_placeholders_pass():
    assert placeholder_problems("Dear {name} of {company}: {edition} closes {entry_deadline}. {dashboard_url}") == []
    assert placeholder_problems("Hello {name") == [
        "Braces { } are only for placeholders such as {name}: remove the others."
    ]


def _message(group="entrants", **overrides) -> dict:
    data = {
        "group": group,
        "category": "",
        "language": "id+en",
        "subject_id": "Pengingat untuk {company}",
        "subject_en": "A reminder for {company}",
        "body_id": "Yth. {name}, pendaftaran ditutup {entry_deadline}. {dashboard_url}",
        "body_en": "Dear {name}, entries close on {entry_deadline}. {dashboard_url}",
    }
    data.update(overrides)
    return data


def test_a_message_with_a_score_placeholder_is_refused_and_nothing_is_sent(organiser_client, entrants):
    edition, _first, _second = entrants
    url = reverse("awards:organiser_message_new", args=[edition.slug])
    response = organiser_client.post(url, {**_message(body_en="Your score is {score}."), "action": "send"})
    assert response.status_code == 200
    assert "{score} is not a placeholder a message may use" in response.content.decode()
    assert (GroupMessage.objects.count(), OutboxMessage.objects.count()) == (0, 0)


def test_the_preview_shows_the_count_and_one_recipients_message_and_changes_nothing(organiser_client, entrants):
    edition, _first, _second = entrants
    events = AuditEvent.objects.count()
    response = organiser_client.post(
        reverse("awards:organiser_message_new", args=[edition.slug]), {**_message(), "action": "preview"}
    )
    page = response.content.decode()
    contact = ContactFactory._meta.model.objects.get(user__username="a@example.test")
    assert "2 recipients receive this message" in page
    assert f"Dear {contact.full_name}, entries close on" in page
    assert f"Yth. {contact.full_name}, pendaftaran ditutup" in page
    assert f"A reminder for {contact.company.display_name}" in page
    assert (GroupMessage.objects.count(), OutboxMessage.objects.count(), AuditEvent.objects.count()) == (0, 0, events)


def test_sending_queues_one_outbox_row_per_recipient_in_both_languages(organiser_client, entrants):
    edition, _first, _second = entrants
    response = organiser_client.post(
        reverse("awards:organiser_message_new", args=[edition.slug]), {**_message(), "action": "send"}
    )
    message = GroupMessage.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "awards:organiser_message", args=[edition.slug, message.pk]
    )
    rows = list(OutboxMessage.objects.order_by("recipient"))
    assert [row.recipient for row in rows] == ["a@example.test", "b@example.test"]
    assert {(row.group_message_id, row.language, row.kind) for row in rows} == {(message.pk, "id+en", "message.group")}
    assert message.recipient_count == 2 and message.group == "entrants"
    # the immediate task backend of the tests has delivered them already
    sent = sorted(mail.outbox, key=lambda email: email.to)
    company_a = ContactFactory._meta.model.objects.get(user__username="a@example.test").company.display_name
    assert sent[0].subject.endswith(f"Pengingat untuk {company_a} / A reminder for {company_a}")
    assert sent[0].body.index("Yth.") < sent[0].body.index("Dear") and "{" not in sent[0].body
    assert AuditEvent.objects.filter(action="message.sent").get().payload["recipients"] == 2
    page = organiser_client.get(response.url).content.decode()
    assert page.count('delivery-sent text-bg-light">Sent</span>') == 2
    assert 'message-status">Sent</span>' in page and "a@example.test" in page and "b@example.test" in page


def test_a_message_in_one_language_needs_only_that_language(organiser_client, entrants):
    edition, first, _second = entrants
    data = _message(group="category_entrants", category=first.pk, language="en", subject_id="", body_id="")
    organiser_client.post(reverse("awards:organiser_message_new", args=[edition.slug]), {**data, "action": "send"})
    [row] = OutboxMessage.objects.all()
    assert (row.recipient, row.language) == ("a@example.test", "en")
    assert "Pengingat" not in mail.outbox[0].subject


def test_a_group_of_a_category_without_a_category_and_an_empty_text_are_refused(organiser_client, entrants):
    edition, _first, _second = entrants
    response = organiser_client.post(
        reverse("awards:organiser_message_new", args=[edition.slug]),
        {**_message(group="category_entrants", body_id=""), "action": "send"},
    )
    page = response.content.decode()
    assert "Choose the category whose entrants receive the message." in page
    assert "Write this text: the message is sent in this language." in page
    assert OutboxMessage.objects.count() == 0


def test_an_empty_group_sends_nothing_and_says_so(organiser_client):
    edition = EditionFactory()
    response = organiser_client.post(
        reverse("awards:organiser_message_new", args=[edition.slug]), {**_message(), "action": "send"}
    )
    assert "Nobody is in this group now: nothing was sent." in response.content.decode()
    assert GroupMessage.objects.count() == 0


def test_the_pages_are_in_indonesian(organiser_client, entrants):
    edition, _first, _second = entrants
    organiser_client.cookies["django_language"] = "id"
    page = organiser_client.get(
        reverse("awards:organiser_message_new", args=[edition.slug]), HTTP_ACCEPT_LANGUAGE="id"
    ).content.decode()
    assert "Pesan baru" in page and "Semua peserta" in page
    page = organiser_client.get(
        reverse("awards:organiser_reminders", args=[edition.slug]), HTTP_ACCEPT_LANGUAGE="id"
    ).content.decode()
    assert "Pengingat terjadwal" in page


@pytest.mark.parametrize("rows", [1, 3])
def test_the_message_pages_query_count_does_not_grow_with_rows(
    organiser_client, entrants, rows, django_assert_num_queries
):
    edition, _first, _second = entrants
    for _ in range(rows):
        organiser_client.post(
            reverse("awards:organiser_message_new", args=[edition.slug]), {**_message(), "action": "send"}
        )
    message = GroupMessage.objects.first()
    organiser_client.get(reverse("awards:organiser_messages", args=[edition.slug]))  # the session is written
    with django_assert_num_queries(6):  # the navigation bar included; the same for 1 and 3 rows
        assert organiser_client.get(reverse("awards:organiser_messages", args=[edition.slug])).status_code == 200
    with django_assert_num_queries(7):
        assert (
            organiser_client.get(reverse("awards:organiser_message", args=[edition.slug, message.pk])).status_code
            == 200
        )


def test_a_message_of_another_edition_is_not_found(organiser_client, entrants):
    edition, _first, _second = entrants
    organiser_client.post(
        reverse("awards:organiser_message_new", args=[edition.slug]), {**_message(), "action": "send"}
    )
    other = EditionFactory()
    message = GroupMessage.objects.get()
    assert organiser_client.get(reverse("awards:organiser_message", args=[other.slug, message.pk])).status_code == 404


# --- Scheduled reminders ----------------------------------------------------------------------------------


def _entries_deadline_in(days: float, prefix: str = "") -> tuple[Edition, list[str]]:
    """An edition in registration whose entries close in `days`; company A has a draft, B only a submitted
    entry. Returns the edition and A's contacts' e-mails."""
    edition = EditionFactory()
    Edition.objects.filter(pk=edition.pk).update(registration_closes=timezone.now() + dt.timedelta(days=days))
    edition.refresh_from_db()
    category = CategoryFactory(edition=edition)
    a = ContactFactory(user=UserFactory(username=f"{prefix}draft@example.test"))
    ContactFactory(company=a.company, user=UserFactory(username=f"{prefix}colleague@example.test"))
    b = ContactFactory(user=UserFactory(username=f"{prefix}done@example.test"))
    EntryFactory(company=a.company, category=category, title="Omnichannel in Papua")
    SubmittedEntryFactory(company=b.company, category=category)
    return edition, [f"{prefix}colleague@example.test", f"{prefix}draft@example.test"]


def test_entrants_with_drafts_are_reminded_once_n_days_before_the_entry_deadline():
    edition, drafting = _entries_deadline_in(days=2)
    run = reminders_send()
    assert run.sent == 2
    assert sorted(row.recipient for row in ReminderSent.objects.all()) == drafting
    rows = list(OutboxMessage.objects.filter(kind="reminder.entries").order_by("recipient"))
    assert [row.recipient for row in rows] == drafting and {row.language for row in rows} == {"id+en"}
    email = next(email for email in mail.outbox if email.to == ["draft@example.test"])
    assert "Omnichannel in Papua" in email.body
    assert email.body.index("belum dikirim") < email.body.index("not submitted yet")  # Indonesian, then English
    again = reminders_send()
    assert (again.sent, again.already_sent) == (0, 2)
    assert OutboxMessage.objects.filter(kind="reminder.entries").count() == 2


def test_no_reminder_before_the_window_or_after_the_deadline():
    edition, _drafting = _entries_deadline_in(days=4)  # default: 3 days before
    assert reminders_send().sent == 0
    Edition.objects.filter(pk=edition.pk).update(reminder_days=5)
    assert reminders_send().sent == 2
    later, _drafting = _entries_deadline_in(days=-1, prefix="late-")
    assert reminders_send(edition=later).sent == 0


def test_a_moved_deadline_is_a_new_deadline_reminded_again():
    edition, _drafting = _entries_deadline_in(days=1)
    assert reminders_send().sent == 2
    Edition.objects.filter(pk=edition.pk).update(registration_closes=edition.registration_closes + dt.timedelta(days=1))
    assert reminders_send().sent == 2
    assert ReminderSent.objects.count() == 4


def test_judges_with_unscored_entries_are_reminded_before_their_round_closes(world):
    world.round.closes_on = timezone.localdate() + dt.timedelta(days=5)
    world.round.save()
    assert reminders_send().sent == 0  # 5 days ahead: not yet
    world.round.closes_on = timezone.localdate() + dt.timedelta(days=1)
    world.round.save()
    seal_stand_in(judge=world.bob, entry=world.entry_b, round=world.round)  # bob has nothing left to score
    run = reminders_send()
    assert run.sent == 1
    [row] = ReminderSent.objects.all()
    assert (row.recipient, row.kind, row.target) == ("alice@example.test", "scoring", f"round:{world.round.pk}")
    [email] = [email for email in mail.outbox if email.to == ["alice@example.test"]]
    assert "2 assigned entries without a submitted scorecard" in email.body
    assert "2 entri" in email.body  # and in Indonesian
    assert reminders_send().sent == 0


def test_the_reminders_page_shows_the_schedule_and_what_was_sent_and_saves_the_days(organiser_client):
    edition, _drafting = _entries_deadline_in(days=2)
    reminders_send()
    url = reverse("awards:organiser_reminders", args=[edition.slug])
    page = organiser_client.get(url).content.decode()
    assert "Entry deadline" in page and "sending now" in page and "draft@example.test" in page
    response = organiser_client.post(url, {"reminder_days": "45"})
    assert "Remind at most 30 days before the deadline." in response.content.decode()
    assert organiser_client.post(url, {"reminder_days": "7"}).status_code == 302
    edition.refresh_from_db()
    assert edition.reminder_days == 7
    assert AuditEvent.objects.filter(action="edition.reminders_changed").count() == 1


def test_the_send_reminders_command_names_what_it_did(capsys):
    edition, _drafting = _entries_deadline_in(days=2)
    call_command("send_reminders", edition.slug)
    assert "Sent 2 reminder(s)" in capsys.readouterr().out
    call_command("send_reminders")
    assert "Sent 0 reminder(s)" in capsys.readouterr().out


def test_the_reminders_task_queues_itself_again_and_only_once(task_worker):
    from django_tasks_db.models import DBTaskResult

    from awards.reminder_tasks import reminders_run, reminders_schedule_start

    _entries_deadline_in(days=2)
    assert reminders_schedule_start() is True
    assert reminders_schedule_start() is False  # one chain, however often it is started
    task_worker()
    assert ReminderSent.objects.count() == 2
    waiting = DBTaskResult.objects.filter(task_path=reminders_run.module_path, status="READY")
    assert waiting.count() == 1 and waiting.get().run_after > timezone.now() + dt.timedelta(minutes=10)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    _entries_deadline_in(days=2)
    barrier = threading.Barrier(2)
    deadlines_of = reminders_module.edition_deadlines

    def after_both_looked(deadline):
        def reminders():
            barrier.wait(timeout=10)  # both runs have read who was reminded already (nobody) before either sends
            return deadline.reminders()

        return dataclasses.replace(deadline, reminders=reminders)

    def both_see_nothing_sent(*, edition):
        return [after_both_looked(deadline) for deadline in deadlines_of(edition=edition)]

    monkeypatch.setattr(reminders_module, "edition_deadlines", both_see_nothing_sent)
    results = []

    def run():
        try:
            results.append(reminders_send().sent)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sum(results) == 2 and len(results) == 2
    assert ReminderSent.objects.count() == 2
    assert OutboxMessage.objects.filter(kind="reminder.entries").count() == 2


def test_a_resent_copy_stays_on_the_messages_page_and_the_button_comes_back_to_it(organiser_client, entrants):
    edition, _first, _second = entrants
    organiser_client.post(
        reverse("awards:organiser_message_new", args=[edition.slug]), {**_message(), "action": "send"}
    )
    message = GroupMessage.objects.get()
    first = OutboxMessage.objects.filter(group_message=message).order_by("recipient").first()
    page_url = reverse("awards:organiser_message", args=[edition.slug, message.pk])
    response = organiser_client.post(reverse("awards:outbox_resend", args=[first.pk]), {"next": page_url})
    assert response.status_code == 302 and response.url == page_url
    assert OutboxMessage.objects.filter(group_message=message, resend_of=first).count() == 1
    elsewhere = organiser_client.post(reverse("awards:outbox_resend", args=[first.pk]), {"next": "https://evil.test/"})
    assert elsewhere.url == reverse("awards:outbox")


def test_a_failing_reminders_run_still_queues_the_next(task_worker, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    from awards import reminder_tasks

    def broken():
        raise RuntimeError("the mail templates are missing")

    monkeypatch.setattr(reminder_tasks, "reminders_send", broken)
    assert reminder_tasks.reminders_schedule_start() is True
    task_worker()
    runs = DBTaskResult.objects.filter(task_path=reminder_tasks.reminders_run.module_path)
    assert sorted(runs.values_list("status", flat=True)) == ["FAILED", "READY"]


# --- Sending as the worker's task -------------------------------------------------------------------------


def _send(client, edition, **overrides):
    return client.post(
        reverse("awards:organiser_message_new", args=[edition.slug]), {**_message(**overrides), "action": "send"}
    )


def test_send_records_the_message_and_the_worker_writes_one_email_per_recipient(
    organiser_client, entrants, task_worker
):
    edition, _first, _second = entrants
    response = _send(organiser_client, edition)
    message = GroupMessage.objects.get()
    assert (message.status, message.recipient_count, OutboxMessage.objects.count()) == ("queued", 2, 0)
    page = organiser_client.get(response.url).content.decode()
    assert 'message-status">Queued</span>' in page and "waiting for the background worker" in page

    task_worker()  # writes the e-mails, then delivers each
    message.refresh_from_db()
    assert message.status == "prepared" and message.prepared_at is not None
    rows = OutboxMessage.objects.filter(group_message=message).order_by("recipient")
    assert [(row.recipient, row.status) for row in rows] == [("a@example.test", "sent"), ("b@example.test", "sent")]
    assert sorted(email.to[0] for email in mail.outbox) == ["a@example.test", "b@example.test"]
    page = organiser_client.get(response.url).content.decode()
    assert 'message-status">Sent</span>' in page


def test_a_message_being_prepared_says_so_with_its_recipient_count(organiser_client, entrants, task_worker):
    edition, _first, _second = entrants
    response = _send(organiser_client, edition)
    GroupMessage.objects.update(status=GroupMessage.Status.PREPARING)
    page = organiser_client.get(response.url).content.decode()
    assert 'message-status">Preparing</span>' in page and "writing the e-mails for 2 recipients" in page
    listing = organiser_client.get(reverse("awards:organiser_messages", args=[edition.slug])).content.decode()
    assert "writing the e-mails for 2 recipients" in listing


def test_preparing_a_message_twice_writes_nothing_more(organiser_client, entrants, task_worker):
    edition, _first, _second = entrants
    _send(organiser_client, edition)
    message = GroupMessage.objects.get()
    assert group_message_outbox_write(message_id=message.pk) == 2
    assert group_message_outbox_write(message_id=message.pk) == 0
    assert OutboxMessage.objects.filter(group_message=message).count() == 2
    # the task the request queued runs late, after the message was prepared: it changes nothing either
    task_worker()
    assert OutboxMessage.objects.filter(group_message=message, resend_of=None).count() == 2
    assert len(mail.outbox) == 2


def test_the_database_refuses_a_second_email_of_a_message_to_the_same_recipient(organiser_client, entrants):
    edition, _first, _second = entrants
    _send(organiser_client, edition)
    message = GroupMessage.objects.get()
    GroupMessage.objects.update(status=GroupMessage.Status.QUEUED)  # as if the worker had lost track of it
    with pytest.raises(IntegrityError):
        group_message_outbox_write(message_id=message.pk)
    assert OutboxMessage.objects.filter(group_message=message).count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_preparing_the_same_message_at_once_write_one_set(settings):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    edition = EditionFactory()
    category = CategoryFactory(edition=edition)
    for name in "abc":
        EntryFactory(
            company=ContactFactory(user=UserFactory(username=f"{name}@example.test")).company, category=category
        )
    message = group_message_send(
        edition=edition,
        draft=MessageDraft(group="entrants", category=None, language="en", subject_en="Hello", body_en="Dear {name}"),
        actor=OrganiserFactory(),
    )
    assert OutboxMessage.objects.count() == 0
    barrier = threading.Barrier(2)
    written = []

    def prepare():
        try:
            barrier.wait()
            written.append(group_message_outbox_write(message_id=message.pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=prepare) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(written) == [0, 3]
    assert sorted(OutboxMessage.objects.values_list("recipient", flat=True)) == [
        "a@example.test",
        "b@example.test",
        "c@example.test",
    ]


# --- Each recipient's language ----------------------------------------------------------------------------


def test_each_recipient_gets_the_message_in_their_own_language_and_both_when_unknown(organiser_client, entrants):
    edition, _first, _second = entrants
    ContactFactory(
        user=UserFactory(username="c2@example.test"),
        company=CompanyContact.objects.get(user__username="b@example.test").company,
    )
    profile_language_set(user=User.objects.get(username="a@example.test"), language="en")
    profile_language_set(user=User.objects.get(username="b@example.test"), language="id")
    preview = organiser_client.post(
        reverse("awards:organiser_message_new", args=[edition.slug]),
        {**_message(language="recipient"), "action": "preview"},
    ).content.decode()
    assert "1 in Indonesian, 1 in English, 1 in both" in preview

    _send(organiser_client, edition, language="recipient")
    rows = {row.recipient: row.language for row in OutboxMessage.objects.all()}
    assert rows == {"a@example.test": "en", "b@example.test": "id", "c2@example.test": "id+en"}
    sent = {email.to[0]: email for email in mail.outbox}
    assert "A reminder for" in sent["a@example.test"].subject and "Pengingat" not in sent["a@example.test"].subject
    assert "Yth." not in sent["a@example.test"].body
    assert "Pengingat untuk" in sent["b@example.test"].subject and "Dear" not in sent["b@example.test"].body
    assert sent["c2@example.test"].body.index("Yth.") < sent["c2@example.test"].body.index("Dear")


def test_each_recipients_language_is_the_default_and_needs_both_texts(organiser_client, entrants):
    edition, _first, _second = entrants
    page = organiser_client.get(reverse("awards:organiser_message_new", args=[edition.slug])).content.decode()
    assert 'value="recipient" selected' in page
    response = _send(organiser_client, edition, language="recipient", body_en="")
    assert "Write this text: the message is sent in this language." in response.content.decode()
    assert GroupMessage.objects.count() == 0


def test_the_entry_reminder_goes_in_the_contacts_language():
    edition, emails = _entries_deadline_in(days=2)
    reader = User.objects.get(email=emails[0])
    profile_language_set(user=reader, language="id")
    reminders_send(edition=edition)
    row = OutboxMessage.objects.get(recipient=reader.email)
    assert row.language == "id"
    email = next(email for email in mail.outbox if email.to == [reader.email])
    assert " / " not in email.subject and "Dear" not in email.body


def test_a_message_whose_task_was_lost_is_written_by_outbox_retry(organiser_client, entrants, task_worker):
    from django_tasks_db.models import DBTaskResult

    edition, _first, _second = entrants
    _send(organiser_client, edition)
    DBTaskResult.objects.all().delete()  # the backend lost the task
    assert task_worker() == 0 and OutboxMessage.objects.count() == 0
    call_command("outbox_retry")
    task_worker()
    assert GroupMessage.objects.get().status == "prepared"
    assert sorted(OutboxMessage.objects.values_list("recipient", "status")) == [
        ("a@example.test", "sent"),
        ("b@example.test", "sent"),
    ]


def test_a_message_is_titled_in_the_readers_language(organiser_client, entrants):
    edition, _first, _second = entrants
    response = _send(organiser_client, edition)
    english = organiser_client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<h1 class="h3">A reminder for {company}</h1>' in english
    organiser_client.cookies["django_language"] = "id"
    indonesian = organiser_client.get(response.url).content.decode()
    assert '<h1 class="h3">Pengingat untuk {company}</h1>' in indonesian
