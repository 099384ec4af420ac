import datetime as dt
import io
from decimal import Decimal

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from awards.models import AuditEvent, Category, Edition, Entry, SeatClass
from awards.services.documents import document_add
from awards.services.entries import entry_create, entry_submit, entry_update, entry_withdraw
from tests.cast import close_registration, complete_entry, participant, sign_nda
from tests.factories import (
    CategoryFactory,
    ContactFactory,
    EditionFactory,
    EntryFactory,
    NdaVersionFactory,
    UserFactory,
)
from tests.sample_files import PDF_BYTES, upload

pytestmark = pytest.mark.django_db

# --- entry_create: the rules ---


def test_entry_create_respects_the_per_company_limit_and_a_withdrawal_frees_a_place():
    category = CategoryFactory(max_entries_per_company=1)
    contact = participant(category.edition)
    first = entry_create(company=contact.company, category=category, user=contact.user, title="  First  ")
    assert (first.title, first.status, first.created_by) == ("First", Entry.Status.DRAFT, contact.user)
    with pytest.raises(ValidationError, match="most allowed"):
        entry_create(company=contact.company, category=category, user=contact.user, title="Second")
    assert Entry.objects.filter(company=contact.company).count() == 1

    Entry.objects.filter(pk=first.pk).update(status=Entry.Status.WITHDRAWN, submitted_at=timezone.now())
    second = entry_create(company=contact.company, category=category, user=contact.user, title="Second")
    assert second.status == Entry.Status.DRAFT


def test_entry_create_limit_counts_per_company_not_across_companies():
    category = CategoryFactory(max_entries_per_company=1)
    alice, bob = participant(category.edition), participant(category.edition)
    entry_create(company=alice.company, category=category, user=alice.user, title="Alice")
    entry_create(company=bob.company, category=category, user=bob.user, title="Bob")
    assert Entry.objects.filter(category=category).count() == 2


def test_entry_create_refuses_the_wrong_seat_class():
    small_only = CategoryFactory(seat_class=SeatClass.SMALL)
    contact = participant(small_only.edition, agent_seats=120)  # medium
    with pytest.raises(ValidationError, match="under 50 agent seats"):
        entry_create(company=contact.company, category=small_only, user=contact.user, title="Too big")
    medium = CategoryFactory(edition=small_only.edition, seat_class=SeatClass.MEDIUM)
    assert entry_create(company=contact.company, category=medium, user=contact.user, title="Fits").pk


@pytest.mark.parametrize("when", ["before", "after", "judging"])
def test_entry_create_refuses_outside_registration(when):
    category = CategoryFactory()
    edition = category.edition
    now = timezone.now()
    if when == "before":
        Edition.objects.filter(pk=edition.pk).update(registration_opens=now + dt.timedelta(days=1))
    elif when == "after":
        close_registration(edition)
    else:
        Edition.objects.filter(pk=edition.pk).update(state=Edition.State.JUDGING)
    contact = participant(edition)
    with pytest.raises(ValidationError, match="not open"):
        entry_create(company=contact.company, category=category, user=contact.user, title="Late")
    assert not Entry.objects.exists()


# --- the gates in front of the pages ---


def test_anonymous_user_is_sent_to_log_in(client):
    entry = EntryFactory()
    for url in (
        reverse("awards:dashboard"),
        reverse("awards:entry_create", kwargs={"category_id": entry.category_id}),
        reverse("awards:entry_edit", kwargs={"pk": entry.pk}),
        reverse("awards:entry_receipt", kwargs={"pk": entry.pk}),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_user_without_company_is_sent_to_the_dashboard(client):
    category = CategoryFactory()
    client.force_login(UserFactory())
    response = client.get(reverse("awards:entry_create", kwargs={"category_id": category.pk}))
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:dashboard")


def test_nda_gate_redirects_to_the_nda_page_with_next(client):
    category = CategoryFactory()
    contact = participant(category.edition, signed=False)
    client.force_login(contact.user)
    url = reverse("awards:entry_create", kwargs={"category_id": category.pk})
    response = client.get(url)
    assert response.status_code == 302
    nda_url = reverse("awards:nda", kwargs={"slug": category.edition.slug})
    assert response["Location"] == f"{nda_url}?next={url.replace('/', '%2F')}"
    followed = client.get(reverse("awards:dashboard"))
    assert f"Please read and accept the NDA of {category.edition.name} before entering." in followed.text

    entry = EntryFactory(company=contact.company, category=category)
    response = client.post(reverse("awards:document_upload", kwargs={"pk": entry.pk}),
                           {"file": upload("a.pdf", PDF_BYTES)})
    assert response.status_code == 302 and response["Location"].startswith(nda_url)
    assert not entry.documents.exists()


def test_a_new_nda_version_asks_again(client):
    category = CategoryFactory()
    contact = participant(category.edition)
    client.force_login(contact.user)
    url = reverse("awards:entry_create", kwargs={"category_id": category.pk})
    assert client.get(url).status_code == 200
    NdaVersionFactory(edition=category.edition, published_at=timezone.now() + dt.timedelta(seconds=1))
    assert client.get(url).status_code == 302
    sign_nda(contact.user, category.edition, contact.company)
    assert client.get(url).status_code == 200


# --- drafts through the browser ---


def test_create_page_sends_back_when_the_category_is_full_or_the_wrong_class(client):
    full = CategoryFactory(max_entries_per_company=1)
    large = CategoryFactory(edition=full.edition, seat_class=SeatClass.LARGE)
    contact = participant(full.edition)
    EntryFactory(company=contact.company, category=full)
    client.force_login(contact.user)
    for category in (full, large):
        response = client.get(reverse("awards:entry_create", kwargs={"category_id": category.pk}), follow=True)
        assert response.redirect_chain == [(reverse("awards:dashboard"), 302)]
        assert f"Your company cannot make another entry in {category.name}." in response.text
        response = client.post(reverse("awards:entry_create", kwargs={"category_id": category.pk}), {"title": "X"})
    assert Entry.objects.count() == 1


def test_create_a_draft_with_partial_answers(client):
    category = CategoryFactory()
    contact = participant(category.edition)
    client.force_login(contact.user)
    response = client.post(
        reverse("awards:entry_create", kwargs={"category_id": category.pk}),
        {"title": " Omnichannel care ", "narrative_technology": "One routing engine.", "agent_seats": "140"},
    )
    entry = Entry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:entry_edit", kwargs={"pk": entry.pk})
    assert (entry.title, entry.narrative_technology, entry.agent_seats, entry.narrative_people) == (
        "Omnichannel care", "One routing engine.", 140, ""
    )
    assert entry.company == contact.company and entry.status == Entry.Status.DRAFT


def test_create_page_offers_figures_for_corporate_and_nominee_for_individual(client):
    corporate = CategoryFactory()
    individual = CategoryFactory(edition=corporate.edition, kind=Category.Kind.INDIVIDUAL)
    contact = participant(corporate.edition)
    client.force_login(contact.user)
    page = client.get(reverse("awards:entry_create", kwargs={"category_id": corporate.pk})).text
    assert 'name="agent_seats"' in page and 'name="nominee_name"' not in page
    assert 'value="120"' in page  # the company's seats, as a start
    page = client.get(reverse("awards:entry_create", kwargs={"category_id": individual.pk})).text
    assert 'name="nominee_name"' in page and 'name="agent_seats"' not in page
    assert 'name="service_level_percent"' not in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("abandonment_rate", "120", "Enter a number from 0 to 100 %."),
        ("customer_satisfaction", "-1", "Enter a number from 0 to 100 %."),
        ("first_contact_resolution", "1000000", "Enter a number from 0 to 100 %."),
        ("service_level_percent", "80", "both a percentage and seconds"),
        ("agent_seats", "0", "Enter a number from 1 to 100,000 seats."),
        ("average_speed_of_answer", "1000000000", "Enter a number from 0 to 3,600 seconds."),
        ("inbound_contacts_yearly", "99999999999999999999", "Enter a number from 0 to 2,000,000,000 contacts."),
        ("outbound_contacts_yearly", "9223372036854775808", "Enter a number from 0 to 2,000,000,000 contacts."),
        ("title", "   ", "This field is required"),
    ],
)
def test_draft_save_validates_what_is_given_and_changes_nothing_on_error(client, field, value, message):
    category = CategoryFactory()
    contact = participant(category.edition)
    entry = EntryFactory(company=contact.company, category=category, title="Kept")
    client.force_login(contact.user)
    data = {"title": "Changed", "agent_seats": "100", field: value}
    response = client.post(reverse("awards:entry_edit", kwargs={"pk": entry.pk}), data)
    assert response.status_code == 400
    assert message in response.text
    assert "9223372036854775807" not in response.text
    entry.refresh_from_db()
    assert (entry.title, entry.agent_seats) == ("Kept", 120)


def test_an_implausible_figure_is_explained_in_indonesian_with_its_separators(client, settings):
    settings.LANGUAGE_CODE = "id"
    category = CategoryFactory()
    contact = participant(category.edition)
    entry = EntryFactory(company=contact.company, category=category)
    client.force_login(contact.user)
    response = client.post(
        reverse("awards:entry_edit", kwargs={"pk": entry.pk}), {"title": "T", "average_speed_of_answer": "1000000000"}
    )
    assert response.status_code == 400
    assert "Masukkan angka dari 0 sampai 3.600 detik." in response.text
    page = client.get(reverse("awards:entry_edit", kwargs={"pk": entry.pk})).text
    assert 'max="3600"' in page


@pytest.mark.parametrize("kind", [Category.Kind.CORPORATE, Category.Kind.INDIVIDUAL])
def test_every_figure_past_its_range_is_refused_with_the_range_and_never_the_databases_limit(client, kind):
    """Each figure of the entry form, one past its plausible range (and a contact volume far beyond any
    database integer), is refused with the range in words; the entry keeps what it had."""
    from awards.models.entries import KPI_RANGES

    category = CategoryFactory(kind=kind)
    contact = participant(category.edition)
    entry = EntryFactory(company=contact.company, category=category, title="Before")
    client.force_login(contact.user)
    url = reverse("awards:entry_edit", kwargs={"pk": entry.pk})
    fields = [name for name in KPI_RANGES if name in client.get(url).context["form"].fields]
    assert len(fields) == (1 if kind == Category.Kind.INDIVIDUAL else 10)
    for name in fields:
        low, high, unit = KPI_RANGES[name]
        too_far = [high + 1, low - 1] + ([10**20] if name.endswith("_contacts_yearly") else [])
        for value in too_far:
            response = client.post(url, {"title": "After", name: str(value)})
            assert response.status_code == 400, (name, value)
            assert response.context["form"].errors[name] == [f"Enter a number from {low:,} to {high:,} {unit}."], (
                name,
                value,
            )
            assert "9223372036854775807" not in response.text
    entry.refresh_from_db()
    assert entry.title == "Before"


def test_draft_save_service_level_both_given_is_stored(client):
    category = CategoryFactory()
    contact = participant(category.edition)
    entry = EntryFactory(company=contact.company, category=category)
    client.force_login(contact.user)
    response = client.post(
        reverse("awards:entry_edit", kwargs={"pk": entry.pk}),
        {"title": "T", "service_level_percent": "80", "service_level_seconds": "20"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.service_level_percent, entry.service_level_seconds) == (Decimal("80.00"), 20)


def test_entry_update_ignores_fields_of_the_other_kind():
    category = CategoryFactory(kind=Category.Kind.INDIVIDUAL)
    contact = participant(category.edition)
    entry = EntryFactory(company=contact.company, category=category, agent_seats=None)
    entry_update(entry=entry, user=contact.user, data={"nominee_name": "Rina", "agent_seats": 999})
    entry.refresh_from_db()
    assert (entry.nominee_name, entry.agent_seats) == ("Rina", None)


# --- submit and withdraw ---


def test_submit_sends_one_email_with_the_receipt_and_is_idempotent(client, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    category = CategoryFactory()
    contact = participant(category.edition)
    entry = complete_entry(contact, category, title="Seamless care")
    client.force_login(contact.user)
    confirm = client.get(reverse("awards:entry_submit", kwargs={"pk": entry.pk}))
    assert "Yes, submit the entry" in confirm.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:entry_submit", kwargs={"pk": entry.pk}))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == Entry.Status.SUBMITTED and entry.submitted_at is not None
    first_submitted_at = entry.submitted_at
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("awards:entry_submit", kwargs={"pk": entry.pk}))
        entry_submit(entry=entry, user=contact.user)
    entry.refresh_from_db()
    assert entry.submitted_at == first_submitted_at
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [contact.user.email]
    assert entry.reference in message.subject and "Seamless care" in message.subject
    (name, content, mimetype), = message.attachments
    assert (name, mimetype) == (f"receipt-{entry.reference}.pdf", "application/pdf")
    assert content.startswith(b"%PDF")
    events = AuditEvent.objects.filter(action="entry.submitted")
    assert events.count() == 1
    assert events.get().payload == {"entry": entry.pk, "reference": entry.reference, "company": contact.company.pk}


def test_submit_refuses_an_incomplete_entry(client, mailoutbox):
    category = CategoryFactory()
    contact = participant(category.edition)
    entry = EntryFactory(company=contact.company, category=category, narrative_people="", agent_seats=None)
    client.force_login(contact.user)
    response = client.post(reverse("awards:entry_submit", kwargs={"pk": entry.pk}), follow=True)
    assert "Before submitting, fill in: people and HR, agent seats" in response.text
    entry.refresh_from_db()
    assert entry.status == Entry.Status.DRAFT and mailoutbox == []


def test_individual_entry_needs_the_nominee_not_the_figures():
    category = CategoryFactory(kind=Category.Kind.INDIVIDUAL)
    contact = participant(category.edition)
    entry = EntryFactory(company=contact.company, category=category, agent_seats=None,
                         nominee_name="Rina Kartika", nominee_role="Team leader")
    with pytest.raises(ValidationError, match="years in role"):
        entry_submit(entry=entry, user=contact.user)
    entry_update(entry=entry, user=contact.user, data={"nominee_years_in_role": 6})
    assert entry_submit(entry=entry, user=contact.user).status == Entry.Status.SUBMITTED


def test_withdraw_before_the_deadline(client):
    category = CategoryFactory()
    contact = participant(category.edition)
    entry = complete_entry(contact, category)
    entry_submit(entry=entry, user=contact.user)
    client.force_login(contact.user)
    assert "Yes, withdraw the entry" in client.get(reverse("awards:entry_withdraw", kwargs={"pk": entry.pk})).text
    client.post(reverse("awards:entry_withdraw", kwargs={"pk": entry.pk}))
    entry.refresh_from_db()
    assert entry.status == Entry.Status.WITHDRAWN and entry.withdrawn_at is not None
    assert AuditEvent.objects.filter(action="entry.withdrawn").count() == 1
    entry_withdraw(entry=entry, user=contact.user)  # a second time changes nothing
    assert AuditEvent.objects.filter(action="entry.withdrawn").count() == 1


def test_a_draft_cannot_be_withdrawn():
    category = CategoryFactory()
    contact = participant(category.edition)
    entry = complete_entry(contact, category)
    with pytest.raises(ValidationError):
        entry_withdraw(entry=entry, user=contact.user)


def test_after_the_deadline_everything_is_read_only_on_the_server(client, mailoutbox):
    category = CategoryFactory()
    contact = participant(category.edition)
    draft = complete_entry(contact, category, title="Frozen draft")
    submitted = complete_entry(contact, category, title="Frozen submitted")
    entry_submit(entry=submitted, user=contact.user)
    document = document_add(entry=draft, user=contact.user, uploaded_file=upload("plan.pdf", PDF_BYTES))
    close_registration(category.edition)
    client.force_login(contact.user)

    page = client.get(reverse("awards:entry_edit", kwargs={"pk": draft.pk}))
    assert "Registration is closed: this entry can no longer be changed." in page.text
    assert 'name="title"' in page.text and "disabled" in page.text
    assert "Save draft" not in page.text and "Upload" not in page.text

    client.post(reverse("awards:entry_edit", kwargs={"pk": draft.pk}), {"title": "Changed"})
    client.post(reverse("awards:entry_submit", kwargs={"pk": draft.pk}))
    client.post(reverse("awards:entry_withdraw", kwargs={"pk": submitted.pk}))
    client.post(reverse("awards:document_upload", kwargs={"pk": draft.pk}), {"file": upload("b.pdf", PDF_BYTES)})
    client.post(reverse("awards:document_delete", kwargs={"pk": document.pk}))
    response = client.get(reverse("awards:entry_create", kwargs={"category_id": category.pk}))
    assert response.status_code == 302

    draft.refresh_from_db()
    submitted.refresh_from_db()
    assert (draft.title, draft.status) == ("Frozen draft", Entry.Status.DRAFT)
    assert submitted.status == Entry.Status.SUBMITTED
    assert [d.original_name for d in draft.documents.all()] == ["plan.pdf"]
    assert Entry.objects.count() == 2


# --- another company, receipts, languages ---


def test_another_company_gets_404_for_entry_document_and_receipt(client):
    category = CategoryFactory()
    alice = participant(category.edition)
    bob = participant(category.edition)
    entry = complete_entry(alice, category)
    document = document_add(entry=entry, user=alice.user, uploaded_file=upload("plan.pdf", PDF_BYTES))
    entry_submit(entry=entry, user=alice.user)
    client.force_login(bob.user)
    for name, pk in (
        ("awards:entry_edit", entry.pk),
        ("awards:entry_submit", entry.pk),
        ("awards:entry_withdraw", entry.pk),
        ("awards:entry_receipt", entry.pk),
        ("awards:document_download", document.pk),
    ):
        assert client.get(reverse(name, kwargs={"pk": pk})).status_code == 404, name
    for name, pk in (
        ("awards:entry_edit", entry.pk),
        ("awards:entry_withdraw", entry.pk),
        ("awards:document_upload", entry.pk),
        ("awards:document_delete", document.pk),
    ):
        assert client.post(reverse(name, kwargs={"pk": pk}), {"title": "Bob's"}).status_code == 404, name
    entry.refresh_from_db()
    assert entry.status == Entry.Status.SUBMITTED and entry.documents.count() == 1


def test_receipt_pdf_names_the_entry_company_and_documents(client):
    category = CategoryFactory(name_en="Best Contact Center Operations")
    contact = participant(category.edition, legal_name="PT Pelayanan Prima Tbk")
    entry = complete_entry(contact, category, title="Care that listens")
    document = document_add(entry=entry, user=contact.user, uploaded_file=upload("deck.pdf", PDF_BYTES))
    client.force_login(contact.user)
    assert client.get(reverse("awards:entry_receipt", kwargs={"pk": entry.pk})).status_code == 404  # not submitted
    entry_submit(entry=entry, user=contact.user)
    response = client.get(reverse("awards:entry_receipt", kwargs={"pk": entry.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="receipt-{entry.reference}.pdf"'
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in (entry.reference, "Care that listens", "PT Pelayanan Prima Tbk",
                     "Best Contact Center Operations", category.edition.name, "deck.pdf"):
        assert expected in text
    assert document.sha256[:16] in text.replace(" ", "")


@pytest.mark.parametrize(
    ("language", "expected", "other"),
    [("en", "Category Best", "Kategori Terbaik"), ("id", "Kategori Terbaik", "Category Best")],
)
def test_entry_pages_render_in_both_languages(client, language, expected, other):
    category = CategoryFactory(name_en="Category Best", name_id="Kategori Terbaik")
    contact = participant(category.edition)
    entry = complete_entry(contact, category)
    client.force_login(contact.user)
    client.cookies["django_language"] = language
    for url in (
        reverse("awards:entry_create", kwargs={"category_id": category.pk}),
        reverse("awards:entry_edit", kwargs={"pk": entry.pk}),
        reverse("awards:entry_submit", kwargs={"pk": entry.pk}),
        reverse("awards:dashboard"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'lang="{language}"' in response.text
        assert expected in response.text and other not in response.text


def test_entry_create_page_404_for_a_draft_edition(client):
    category = CategoryFactory(edition=EditionFactory(state=Edition.State.DRAFT))
    contact = ContactFactory()
    client.force_login(contact.user)
    assert client.get(reverse("awards:entry_create", kwargs={"category_id": category.pk})).status_code == 404


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_click_cannot_exceed_the_limit():
    """Two requests at once: the company row lock lets exactly one through (needs real row locks)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks")
    category = CategoryFactory(max_entries_per_company=1)
    contact = participant(category.edition)
    barrier = threading.Barrier(2)
    outcomes = []

    def click():
        try:
            barrier.wait()
            entry_create(company=contact.company, category=category, user=contact.user, title="Twice")
            outcomes.append("created")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created", "refused"]
    assert Entry.objects.filter(company=contact.company).count() == 1


def test_entries_are_numbered_per_edition_with_a_code_without_words():
    from awards.services.entries import entry_create

    first_year, next_year = CategoryFactory(), CategoryFactory()
    contact = participant(first_year.edition)
    older = entry_create(company=contact.company, category=first_year, user=contact.user, title="Older")
    other = participant(next_year.edition)
    first = entry_create(company=other.company, category=next_year, user=other.user, title="First of its year")
    second = participant(next_year.edition)
    after = entry_create(company=second.company, category=next_year, user=second.user, title="Second")
    assert (older.reference, first.reference, after.reference) == ("E-001", "E-001", "E-002")


def test_the_migration_numbers_existing_entries_per_edition_in_the_order_they_were_made():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("awards.migrations.0008_entry_number_per_edition")
    one, two = CategoryFactory(), CategoryFactory()
    made = [EntryFactory(category=category) for category in (one, two, one, one, two)]
    Entry.objects.update(number=999)
    migration.number_per_edition(apps, None)
    assert [Entry.objects.get(pk=entry.pk).number for entry in made] == [1, 1, 2, 3, 2]
