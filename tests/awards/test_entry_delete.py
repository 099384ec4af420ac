import pytest
from django.urls import reverse

from awards.models import AuditEvent, Entry, EntryDocument
from awards.services.documents import document_add
from awards.services.entries import entry_create, entry_submit
from tests.cast import close_registration, complete_entry, participant
from tests.factories import CategoryFactory
from tests.sample_files import PDF_BYTES, upload

pytestmark = pytest.mark.django_db


def test_deleting_a_draft_removes_it_and_its_files_and_frees_the_place(
    client, settings, django_capture_on_commit_callbacks
):
    category = CategoryFactory(max_entries_per_company=1)
    contact = participant(category.edition)
    entry = entry_create(company=contact.company, category=category, user=contact.user, title="Draft")
    document = document_add(entry=entry, user=contact.user, uploaded_file=upload("plan.pdf", PDF_BYTES))
    stored = settings.MEDIA_ROOT / document.file.name
    assert stored.exists()
    client.force_login(contact.user)

    page = client.get(reverse("awards:entry_delete", args=[entry.pk]))
    assert "Delete draft" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:entry_delete", args=[entry.pk]))

    assert response.status_code == 302 and response.url == reverse("awards:dashboard")
    assert not Entry.objects.filter(pk=entry.pk).exists()
    assert not EntryDocument.objects.filter(pk=document.pk).exists()
    assert not stored.exists()
    assert AuditEvent.objects.filter(action="entry.draft_deleted").count() == 1
    entry_create(company=contact.company, category=category, user=contact.user, title="In its place")


def test_a_submitted_entry_or_a_closed_registration_cannot_be_deleted(client):
    category = CategoryFactory()
    contact = participant(category.edition)
    submitted = complete_entry(contact, category)
    entry_submit(entry=submitted, user=contact.user)
    draft = entry_create(company=contact.company, category=category, user=contact.user, title="Late draft")
    client.force_login(contact.user)

    client.post(reverse("awards:entry_delete", args=[submitted.pk]))
    assert Entry.objects.filter(pk=submitted.pk).exists()

    close_registration(category.edition)
    response = client.post(reverse("awards:entry_delete", args=[draft.pk]), follow=True)
    assert Entry.objects.filter(pk=draft.pk).exists()
    assert "Only a draft can be deleted" in response.text


def test_another_company_cannot_delete_a_draft(client):
    category = CategoryFactory()
    alice, bob = participant(category.edition), participant(category.edition)
    draft = entry_create(company=alice.company, category=category, user=alice.user, title="Alice's")
    client.force_login(bob.user)
    assert client.post(reverse("awards:entry_delete", args=[draft.pk])).status_code == 404
    assert Entry.objects.filter(pk=draft.pk).exists()
