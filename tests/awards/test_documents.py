import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.models import EntryDocument
from awards.services.documents import document_add, document_remove
from awards.services.entries import entry_submit
from awards.uploads import DOCX, JPEG, PDF, PNG, PPTX, UploadRefused, check_upload, sanitise_name
from tests.cast import complete_entry, participant
from tests.factories import CategoryFactory
from tests.sample_files import PDF_BYTES, office_bytes, png_bytes, upload

MB = 1024 * 1024


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- awards.uploads: pure checks ---


@pytest.mark.parametrize(
    ("raw", "file_type", "expected"),
    [
        ("../../etc/passwd", PDF, "passwd.pdf"),
        ("C:\\x\\y.pdf", PDF, "y.pdf"),
        ("Presentasi\x00\x1b[31m final.PDF", PDF, "Presentasi[31m final.pdf"),
        ("report.exe", PDF, "report.pdf"),
        ("slides.v2", PPTX, "slides.v2.pptx"),
        ("photo.JPEG", JPEG, "photo.jpeg"),
        ("..", PNG, "document.png"),
        ('a<b>:"c"|?*.docx', DOCX, "a_b___c____.docx"),
        ("  \u202eevil\u202dfdp.pdf  ", PDF, "evilfdp.pdf"),
    ],
)
def test_sanitise_name(raw, file_type, expected):
    assert sanitise_name(raw, file_type) == expected


def test_sanitise_name_limits_the_length_and_keeps_the_extension():
    name = sanitise_name("x" * 400 + ".pdf", PDF)
    assert len(name) == 150 and name.endswith("xxx.pdf")


@pytest.mark.parametrize(
    ("name", "data", "file_type"),
    [
        ("deck.pdf", PDF_BYTES, PDF),
        ("chart.png", png_bytes(), PNG),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64, JPEG),
        ("narrative.docx", office_bytes("word"), DOCX),
        ("slides.pptx", office_bytes("ppt"), PPTX),
        ("no-extension", PDF_BYTES, PDF),
    ],
)
def test_valid_files_are_recognised_by_content(name, data, file_type):
    checked = check_upload(upload(name, data), max_bytes=MB)
    assert checked.file_type == file_type
    assert checked.size == len(data)
    assert checked.sha256 == hashlib.sha256(data).hexdigest()
    assert checked.name.endswith(file_type.extension) or checked.name.endswith(file_type.aliases)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("invoice.pdf", b"MZ\x90\x00 this is a Windows program", "only PDF, PowerPoint (PPTX), Word"),
        ("page.pdf", b"<html><script>alert(1)</script></html>", "only PDF, PowerPoint (PPTX), Word"),
        ("empty.pdf", b"", "the file is empty"),
        ("archive.docx", office_bytes("other"), "not a Word (DOCX) or PowerPoint (PPTX)"),
        ("both.docx", office_bytes("word", {"ppt/slide1.xml": "x"}), "not a Word (DOCX) or PowerPoint (PPTX)"),
        ("broken.docx", b"PK\x03\x04" + b"\x00" * 100, "damaged"),
    ],
)
def test_wrong_types_are_refused_by_content_naming_the_file(name, data, reason):
    with pytest.raises(UploadRefused) as refused:
        check_upload(upload(name, data, "application/pdf"), max_bytes=MB)
    message = refused.value.messages[0]
    assert message.startswith(f"{name} was not accepted: ")
    assert reason in message


def test_a_docx_without_content_types_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    with pytest.raises(UploadRefused, match="not a Word"):
        check_upload(upload("plain.docx", buffer.getvalue()), max_bytes=MB)


def test_zip_bomb_docx_is_refused():
    bomb = office_bytes("word", {"word/media/padding.bin": b"\x00" * (5 * MB)})
    assert len(bomb) < 50_000
    with pytest.raises(UploadRefused, match="zip bomb"):
        check_upload(upload("bomb.docx", bomb), max_bytes=MB)


def test_docx_with_too_many_parts_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in range(2001):
            archive.writestr(f"word/p{n}.xml", "")
    with pytest.raises(UploadRefused, match="too many parts"):
        check_upload(upload("many.docx", buffer.getvalue()), max_bytes=10 * MB)


def test_oversize_file_is_refused_with_its_size_and_the_limit():
    with pytest.raises(UploadRefused) as refused:
        check_upload(upload("big.pdf", PDF_BYTES + b"0" * (2048 - len(PDF_BYTES))), max_bytes=1024)
    assert refused.value.messages == ["big.pdf was not accepted: the file is 2.0\xa0KB; the limit is 1.0\xa0KB."]


# --- the service and the pages ---

@pytest.fixture
def draft(db):
    category = CategoryFactory()
    contact = participant(category.edition)
    return complete_entry(contact, category), contact


@pytest.mark.django_db
def test_upload_a_valid_pdf_from_the_entry_page(client, draft, settings):
    entry, contact = draft
    client.force_login(contact.user)
    response = client.post(
        reverse("awards:document_upload", kwargs={"pk": entry.pk}),
        {"file": upload("../../Rencana Strategis.pdf", PDF_BYTES, "text/plain")},
    )
    assert response.status_code == 302
    document = EntryDocument.objects.get()
    assert (document.original_name, document.kind, document.content_type, document.size, document.sha256) == (
        "Rencana Strategis.pdf", "pdf", "application/pdf", len(PDF_BYTES), hashlib.sha256(PDF_BYTES).hexdigest()
    )
    assert document.uploaded_by == contact.user
    (path,) = stored_files(settings)
    assert path.read_bytes() == PDF_BYTES and "Rencana" not in path.name
    page = client.get(reverse("awards:entry_edit", kwargs={"pk": entry.pk}))
    assert "Rencana Strategis.pdf" in page.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("fake.pdf", b"GIF89a not really a pdf", "only PDF, PowerPoint (PPTX), Word (DOCX), PNG and JPEG"),
        ("bomb.docx", office_bytes("word", {"word/media/pad.bin": b"\x00" * (5 * MB)}), "zip bomb"),
    ],
)
def test_a_refused_upload_says_why_and_stores_nothing(client, draft, settings, name, data, reason):
    entry, contact = draft
    client.force_login(contact.user)
    response = client.post(reverse("awards:document_upload", kwargs={"pk": entry.pk}), {"file": upload(name, data)})
    assert response.status_code == 400
    assert f"{name} was not accepted: " in response.text and reason in response.text
    assert not EntryDocument.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.django_db
def test_oversize_upload_is_refused(client, draft, settings):
    settings.ENTRY_DOCUMENT_MAX_BYTES = 50
    entry, contact = draft
    client.force_login(contact.user)
    response = client.post(
        reverse("awards:document_upload", kwargs={"pk": entry.pk}), {"file": upload("big.pdf", PDF_BYTES)}
    )
    assert response.status_code == 400
    assert "big.pdf was not accepted: the file is" in response.text and "the limit is 50" in response.text
    assert not EntryDocument.objects.exists() and stored_files(settings) == []


@pytest.mark.django_db
def test_too_many_files_are_refused(draft, settings):
    settings.ENTRY_DOCUMENT_MAX_COUNT = 2
    entry, contact = draft
    document_add(entry=entry, user=contact.user, uploaded_file=upload("one.pdf", PDF_BYTES))
    document_add(entry=entry, user=contact.user, uploaded_file=upload("two.png", png_bytes()))
    with pytest.raises(ValidationError, match="three.docx was not accepted: an entry can have at most 2 documents"):
        document_add(entry=entry, user=contact.user, uploaded_file=upload("three.docx", office_bytes()))
    assert [d.original_name for d in entry.documents.all()] == ["one.pdf", "two.png"]
    assert len(stored_files(settings)) == 2


@pytest.mark.django_db
def test_download_is_an_attachment_with_the_right_headers(client, draft):
    entry, contact = draft
    deck = office_bytes("ppt")  # built once: a zip records the time it was made
    document = document_add(entry=entry, user=contact.user, uploaded_file=upload("C:\\docs\\Dek Final.pptx", deck))
    client.force_login(contact.user)
    response = client.get(reverse("awards:document_download", kwargs={"pk": document.pk}))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Dek Final.pptx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == PPTX.content_type
    assert b"".join(response.streaming_content) == deck


@pytest.mark.django_db
def test_delete_while_draft_then_not_after_submit(client, draft, settings, django_capture_on_commit_callbacks):
    entry, contact = draft
    first = document_add(entry=entry, user=contact.user, uploaded_file=upload("one.pdf", PDF_BYTES))
    second = document_add(entry=entry, user=contact.user, uploaded_file=upload("two.pdf", PDF_BYTES + b"% two\n"))
    client.force_login(contact.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:document_delete", kwargs={"pk": first.pk}))
    assert response.status_code == 302
    assert [d.original_name for d in entry.documents.all()] == ["two.pdf"]
    assert len(stored_files(settings)) == 1

    entry_submit(entry=entry, user=contact.user)
    client.post(reverse("awards:document_delete", kwargs={"pk": second.pk}))
    with pytest.raises(ValidationError, match="can no longer be changed"):
        document_remove(document=second, user=contact.user)
    with pytest.raises(ValidationError, match="three.pdf was not accepted: this entry can no longer be changed"):
        document_add(entry=entry, user=contact.user, uploaded_file=upload("three.pdf", PDF_BYTES))
    assert [d.original_name for d in entry.documents.all()] == ["two.pdf"]
    assert len(stored_files(settings)) == 1


@pytest.mark.django_db
def test_the_same_file_twice_is_refused_with_a_message(client, draft, settings):
    entry, contact = draft
    document_add(entry=entry, user=contact.user, uploaded_file=upload("deck.pdf", PDF_BYTES))
    client.force_login(contact.user)
    response = client.post(
        reverse("awards:document_upload", kwargs={"pk": entry.pk}), {"file": upload("deck (1).pdf", PDF_BYTES)}
    )
    assert response.status_code == 400
    assert "deck (1).pdf was not accepted: this entry already has the same file, as deck.pdf." in response.text
    assert [d.original_name for d in entry.documents.all()] == ["deck.pdf"]
    assert len(stored_files(settings)) == 1
    # The same file in another entry is that entry's own document.
    other = complete_entry(contact, CategoryFactory(edition=entry.category.edition))
    document_add(entry=other, user=contact.user, uploaded_file=upload("deck.pdf", PDF_BYTES))
    assert len(stored_files(settings)) == 2


@pytest.mark.django_db
def test_deleting_a_document_asks_first(client, draft, settings):
    entry, contact = draft
    document = document_add(entry=entry, user=contact.user, uploaded_file=upload("deck.pdf", PDF_BYTES))
    client.force_login(contact.user)
    entry_page = client.get(reverse("awards:entry_edit", kwargs={"pk": entry.pk})).text
    url = reverse("awards:document_delete", kwargs={"pk": document.pk})
    assert f'href="{url}"' in entry_page  # the entry page links to the question, it holds no delete button
    question = client.get(url)
    assert question.status_code == 200
    assert "Delete “deck.pdf”?" in question.text
    assert 'method="post"' in question.text
    assert EntryDocument.objects.filter(pk=document.pk).exists()
    assert client.post(url).status_code == 302
    assert not EntryDocument.objects.exists()
