"""Private files in an S3-compatible bucket: django-storages against moto's server on loopback, configured the
way config/settings.py configures it from AWARDS_S3_*; the views, permissions and streaming stay the same."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from awards.award_night import _edition_context
from awards.models import EntryDocument
from config.storage import pack_storage, s3_bucket_storage
from tests.cast import complete_entry, participant
from tests.factories import CategoryFactory
from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY, bucket_create, bucket_keys, s3_server
from tests.sample_files import PDF_BYTES, png_bytes, upload

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def s3_endpoint():
    with s3_server(port=8107) as endpoint:
        yield endpoint


@pytest.fixture
def bucket(settings, s3_endpoint):
    """A fresh bucket as the private storage; returns (name, boto3 client)."""
    name, client = bucket_create(s3_endpoint)
    private = s3_bucket_storage(
        bucket=name,
        prefix="private",
        endpoint_url=s3_endpoint,
        region=REGION,
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        addressing_style="path",
    )
    settings.STORAGES = {**settings.STORAGES, "default": private, "packs": pack_storage(private)}
    return name, client


def local_files(settings) -> list:
    return [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] if settings.MEDIA_ROOT.exists() else []


def test_an_upload_goes_to_the_bucket_and_is_streamed_back_only_to_its_company(client, bucket, settings):
    name, s3 = bucket
    category = CategoryFactory()
    contact = participant(category.edition)
    other = participant(category.edition)
    entry = complete_entry(contact, category)
    client.force_login(contact.user)

    response = client.post(
        reverse("awards:document_upload", kwargs={"pk": entry.pk}), {"file": upload("Rencana.pdf", PDF_BYTES)}
    )

    assert response.status_code == 302
    document = EntryDocument.objects.get()
    (key,) = bucket_keys(s3, name)
    assert key == f"private/{document.file.name}" and key.startswith(f"private/entries/{entry.pk}/")
    assert s3.get_object(Bucket=name, Key=key)["Body"].read() == PDF_BYTES
    assert local_files(settings) == []
    download = client.get(reverse("awards:document_download", kwargs={"pk": document.pk}))
    assert download.status_code == 200 and download.streaming
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Disposition"] == 'attachment; filename="Rencana.pdf"'

    client.force_login(other.user)
    assert client.get(reverse("awards:document_download", kwargs={"pk": document.pk})).status_code == 404


def test_an_assigned_judge_downloads_from_the_bucket_and_a_conflicted_one_cannot(client, bucket, edition_in):
    name, s3 = bucket
    world = edition_in("judging")
    document = world.document_a
    assert bucket_keys(s3, name) == sorted(f"private/{d.file.name}" for d in EntryDocument.objects.all())

    client.force_login(world.alice.user)
    download = client.get(reverse("judging:document", kwargs={"pk": document.pk}))
    assert download.status_code == 200
    with document.file.open("rb") as stored:
        assert b"".join(download.streaming_content) == stored.read()
    client.force_login(world.bob.user)
    assert client.get(reverse("judging:document", kwargs={"pk": document.pk})).status_code == 404


def test_deleting_a_document_deletes_its_object_once_committed(client, bucket, django_capture_on_commit_callbacks):
    name, s3 = bucket
    category = CategoryFactory()
    contact = participant(category.edition)
    entry = complete_entry(contact, category)
    client.force_login(contact.user)
    client.post(reverse("awards:document_upload", kwargs={"pk": entry.pk}), {"file": upload("a.pdf", PDF_BYTES)})
    document = EntryDocument.objects.get()
    assert len(bucket_keys(s3, name)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:document_delete", kwargs={"pk": document.pk}))

    assert response.status_code == 302
    assert bucket_keys(s3, name) == []


def test_an_object_gone_from_the_bucket_is_a_404_not_an_error(client, bucket):
    name, s3 = bucket
    category = CategoryFactory()
    contact = participant(category.edition)
    entry = complete_entry(contact, category)
    client.force_login(contact.user)
    client.post(reverse("awards:document_upload", kwargs={"pk": entry.pk}), {"file": upload("a.pdf", PDF_BYTES)})
    (key,) = bucket_keys(s3, name)
    s3.delete_object(Bucket=name, Key=key)

    document = EntryDocument.objects.get()
    assert client.get(reverse("awards:document_download", kwargs={"pk": document.pk})).status_code == 404


def test_signature_images_are_kept_in_the_bucket_and_drawn_on_the_certificates(bucket, edition_in):
    name, s3 = bucket
    world = edition_in("revealed")
    edition = world.edition
    edition.chair_signature.save("chair.png", ContentFile(png_bytes()))

    assert f"private/{edition.chair_signature.name}" in bucket_keys(s3, name)
    assert edition.chair_signature.name.startswith("signatures/")
    context = _edition_context(edition)  # what the certificates and the running order are drawn with
    assert context["chair_signature"].startswith("data:image/png;base64,")


def test_the_award_night_pack_is_kept_in_the_bucket_and_a_failed_build_keeps_the_previous_one(
    client, bucket, settings, monkeypatch
):
    """The organiser's button queues the build (run at once in tests); the pack is one object, replaced whole by
    the next good build and left alone by a failed one; the download streams it from the bucket."""
    from judging.models import PackExport
    from judging.services import export
    from tests.generated_edition import generated_revealed, unzip

    name, s3 = bucket
    generated = generated_revealed(categories=1, entries_per_category=2, judges=3)
    slug = generated.edition.slug
    client.force_login(generated.organiser)
    make = reverse("judging:export_pack", args=[slug])
    download_url = reverse("judging:download_pack", args=[slug])

    assert client.post(make).status_code == 302
    key = f"private/packs/{slug}-award-night.zip"
    assert key in bucket_keys(s3, name) and local_files(settings) == []
    stored = s3.get_object(Bucket=name, Key=key)["Body"].read()
    assert PackExport.objects.get().size == len(stored)
    download = client.get(download_url)
    assert download.status_code == 200 and download.streaming
    assert b"".join(download.streaming_content) == stored
    assert "manifest.json" in unzip(stored)

    def broken(**kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(export, "PACK_PARTS", [broken])
    client.post(make)
    assert PackExport.objects.order_by("-pk").first().status == PackExport.Status.FAILED
    assert [k for k in bucket_keys(s3, name) if "/packs/" in k] == [key]
    assert s3.get_object(Bucket=name, Key=key)["Body"].read() == stored
