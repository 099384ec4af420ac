import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from awards.audit import audit_append
from awards.models import AuditEvent, Edition, EntryDocument, NdaAcceptance, NdaVersion
from tests.factories import (
    CategoryFactory,
    ContactFactory,
    EditionFactory,
    EntryFactory,
    NdaVersionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _nda_form(version, **changes):
    data = {
        "edition": version.edition_id,
        "audience": version.audience,
        "version_label": version.version_label,
        "title_id": version.title_id,
        "title_en": version.title_en,
        "text_id": version.text_id,
        "text_en": version.text_en,
        "_save": "Save",
    }
    data.update(changes)
    return data


def _acceptance():
    version = NdaVersionFactory()
    contact = ContactFactory()
    return NdaAcceptance.objects.create(
        version=version, user=contact.user, company=contact.company, signer_name="Ayu Lestari",
        signer_title="Direktur", text_sha256=version.text_sha256,
    )


def test_admin_pages_load(admin_client):
    edition = EditionFactory()
    CategoryFactory(edition=edition)
    contact = ContactFactory()
    NdaVersionFactory(edition=edition)
    for url in [
        reverse("admin:index"),
        reverse("admin:awards_edition_changelist"),
        reverse("admin:awards_edition_change", args=[edition.pk]),
        reverse("admin:awards_edition_add"),
        reverse("admin:awards_category_changelist"),
        reverse("admin:awards_ndaversion_changelist"),
        reverse("admin:awards_ndaversion_add"),
        reverse("admin:awards_company_change", args=[contact.company_id]),
        reverse("admin:awards_entry_changelist"),
        reverse("admin:awards_ndaacceptance_changelist"),
        reverse("admin:awards_auditevent_changelist"),
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_company_page_lists_its_contacts(admin_client):
    contact = ContactFactory(full_name="Rina Kusuma")
    response = admin_client.get(reverse("admin:awards_company_change", args=[contact.company_id]))
    assert 'value="Rina Kusuma"' in response.text


def test_edition_state_cannot_be_set_in_the_admin(admin_client):
    edition = EditionFactory(state=Edition.State.REGISTRATION)
    response = admin_client.get(reverse("admin:awards_edition_change", args=[edition.pk]))
    assert 'name="state"' not in response.text


def test_add_an_nda_version_in_the_admin_hashes_it_unpublished(admin_client):
    edition = EditionFactory()
    data = {
        "edition": edition.pk, "audience": "judge", "version_label": "2031.1", "title_id": "Perjanjian Juri",
        "title_en": "Judges' agreement", "text_id": "Isi.", "text_en": "Text.", "_save": "Save",
    }
    response = admin_client.post(reverse("admin:awards_ndaversion_add"), data)
    assert response.status_code == 302
    version = NdaVersion.objects.get()
    assert version.published_at is None
    assert version.text_sha256 == NdaVersion.hash_texts(
        title_id="Perjanjian Juri", text_id="Isi.", title_en="Judges' agreement", text_en="Text."
    )


def test_saving_an_unpublished_version_recomputes_its_hash(admin_client):
    version = NdaVersionFactory(published_at=None)
    response = admin_client.post(
        reverse("admin:awards_ndaversion_change", args=[version.pk]), _nda_form(version, text_en="Revised text.")
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.text_en == "Revised text."
    assert version.text_sha256 == version.compute_sha256()


def test_publish_button_publishes_once(admin_client, admin_user):
    version = NdaVersionFactory(published_at=None)
    change_url = reverse("admin:awards_ndaversion_change", args=[version.pk])
    publish_url = reverse("admin:awards_ndaversion_publish", args=[version.pk])
    assert f'action="{publish_url}"' in admin_client.get(change_url).text
    assert admin_client.get(publish_url).status_code == 405

    response = admin_client.post(publish_url, follow=True)
    assert response.redirect_chain == [(change_url, 302)]
    version.refresh_from_db()
    assert version.is_published
    assert version.text_sha256 == version.compute_sha256()
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id) == ("nda.published", admin_user.pk)
    assert f'action="{publish_url}"' not in response.text

    response = admin_client.post(publish_url, follow=True)
    assert f"NDA version {version.version_label} is already published." in response.text
    assert AuditEvent.objects.count() == 1


def test_publish_action_publishes_the_selected_versions(admin_client):
    first, second = NdaVersionFactory(published_at=None), NdaVersionFactory(published_at=None)
    untouched = NdaVersionFactory(published_at=None)
    response = admin_client.post(
        reverse("admin:awards_ndaversion_changelist"),
        {"action": "publish_selected", "_selected_action": [first.pk, second.pk]},
    )
    assert response.status_code == 302
    published = set(NdaVersion.objects.filter(published_at__isnull=False).values_list("pk", flat=True))
    assert published == {first.pk, second.pk}
    assert untouched.pk not in published
    assert AuditEvent.objects.filter(action="nda.published").count() == 2


def test_a_published_version_cannot_be_changed_or_deleted_in_the_admin(admin_client):
    version = NdaVersionFactory()
    before = NdaVersion.objects.values().get(pk=version.pk)
    change_url = reverse("admin:awards_ndaversion_change", args=[version.pk])

    page = admin_client.get(change_url)
    assert page.status_code == 200
    assert 'name="text_en"' not in page.text
    assert 'name="_save"' not in page.text

    response = admin_client.post(change_url, _nda_form(version, text_en="Rewritten after signing."))
    assert response.status_code == 403
    delete_url = reverse("admin:awards_ndaversion_delete", args=[version.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    admin_client.post(
        reverse("admin:awards_ndaversion_changelist"),
        {"action": "delete_selected", "_selected_action": [version.pk], "post": "yes"},
    )
    assert NdaVersion.objects.values().get(pk=version.pk) == before


def test_nda_acceptances_are_read_only_for_everyone(admin_client):
    acceptance = _acceptance()
    before = NdaAcceptance.objects.values().get(pk=acceptance.pk)
    change_url = reverse("admin:awards_ndaacceptance_change", args=[acceptance.pk])

    page = admin_client.get(change_url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert admin_client.post(change_url, {"signer_name": "Someone else", "_save": "Save"}).status_code == 403
    assert admin_client.get(reverse("admin:awards_ndaacceptance_add")).status_code == 403
    delete_url = reverse("admin:awards_ndaacceptance_delete", args=[acceptance.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    changelist = admin_client.get(reverse("admin:awards_ndaacceptance_changelist"))
    assert "delete_selected" not in changelist.text
    assert NdaAcceptance.objects.values().get(pk=acceptance.pk) == before


def test_audit_events_are_read_only(admin_client):
    event = audit_append(action="test.event", payload={"n": 1})
    change_url = reverse("admin:awards_auditevent_change", args=[event.pk])
    assert 'name="_save"' not in admin_client.get(change_url).text
    assert admin_client.post(change_url, {"action": "edited", "_save": "Save"}).status_code == 403
    delete_url = reverse("admin:awards_auditevent_delete", args=[event.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert admin_client.get(reverse("admin:awards_auditevent_add")).status_code == 403
    event.refresh_from_db()
    assert event.action == "test.event"


def test_entry_shows_documents_by_name_size_and_hash_without_a_file_link(admin_client):
    entry = EntryFactory(status="submitted", submitted_at=timezone.now())
    document = EntryDocument.objects.create(
        entry=entry, file=ContentFile(b"%PDF-1.7", name="deck.pdf"), original_name="Presentasi Final.pdf",
        size=8, kind=EntryDocument.Kind.PDF, content_type="application/pdf", sha256="ab" * 32,
    )
    change_url = reverse("admin:awards_entry_change", args=[entry.pk])
    response = admin_client.get(change_url)
    assert response.status_code == 200
    assert "Presentasi Final.pdf" in response.text
    assert "ab" * 32 in response.text
    assert document.file.name not in response.text
    assert 'name="_save"' not in response.text
    assert admin_client.post(change_url, {"title": "Changed", "_save": "Save"}).status_code == 403
    entry.refresh_from_db()
    assert entry.title != "Changed"
