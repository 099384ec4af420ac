"""Hostile uploads: refused by content with a clear message, and nothing stored (no row, no file).

Decisions recorded here:
- A PDF, PNG or JPEG that is also a readable zip archive (a polyglot: a DOCX behind a PDF header, a zip
  appended to a PNG) is refused. Other trailing bytes after a PDF's %%EOF are normal (incremental
  updates) and stay accepted.
- A JPEG header followed by HTML is accepted as a JPEG: it is stored and always served back as
  `image/jpeg`, as an attachment, with `X-Content-Type-Options: nosniff`, so no browser renders it as HTML.
- Hostile names are not refused but sanitised: no path, no control or direction characters, at most
  150 characters, the extension of the detected type.
"""

import io
import struct
import unicodedata
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import assume, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from awards.models import EntryDocument
from awards.services.documents import document_add
from awards.uploads import MAX_NAME_LENGTH, PDF, UploadRefused, check_upload, sanitise_name
from tests.cast import complete_entry, participant
from tests.factories import CategoryFactory
from tests.sample_files import PDF_BYTES, office_bytes, png_bytes, upload

MB = 1024 * 1024
MAGICS = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"PK\x03\x04")


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def zip_bytes(parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2030, 1, 1, 0, 0, 0)), data, compression)
    return buffer.getvalue()


def declared_size_lie(data: bytes, size: int) -> bytes:
    """Rewrite every central-directory entry to declare `size` uncompressed bytes."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at != -1:
        out[at + 24 : at + 28] = struct.pack("<I", size)
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


# --- check_upload: property tests ---


@hsettings(max_examples=60, deadline=None)
@given(data=st.binary(min_size=1, max_size=4096))
def test_random_bytes_named_pdf_are_refused(data):
    assume(not data.startswith(MAGICS))
    with pytest.raises(UploadRefused, match="report.pdf was not accepted: only PDF"):
        check_upload(upload("report.pdf", data), max_bytes=MB)


@hsettings(max_examples=30, deadline=None)
@given(junk=st.binary(max_size=2048))
def test_a_zip_with_random_parts_is_refused_unless_it_is_office(junk):
    data = zip_bytes({"readme.txt": junk, "payload.bin": junk[::-1]})
    with pytest.raises(UploadRefused, match="not a Word"):
        check_upload(upload("slides.pptx", data), max_bytes=MB)


@hsettings(max_examples=200, deadline=None)
@given(raw=st.text(max_size=400))
def test_any_name_is_sanitised_to_a_plain_short_pdf_name(raw):
    name = sanitise_name(raw, PDF)
    assert name.endswith(".pdf") and len(name) <= MAX_NAME_LENGTH
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    # no control, bidi-override or other invisible format character (categories Cc, Cf), no line separator;
    # ordinary punctuation such as U+2010 HYPHEN stays
    assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name)
    assert "\u202e" not in name and "\u2066" not in name and "\u2069" not in name


def test_a_right_to_left_override_cannot_disguise_the_extension():
    assert sanitise_name("invoice\u202efdp.exe", PDF) == "invoicefdp.pdf"  # the claim to be an .exe is dropped
    assert sanitise_name("\u2010annual\u2011report\u2014final.pdf", PDF) == "\u2010annual\u2011report\u2014final.pdf"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("pdfzip.pdf", PDF_BYTES + office_bytes("word"), "two files in one"),
        ("pdfzip2.pdf", PDF_BYTES + zip_bytes({"evil.exe": b"MZ" * 100}), "two files in one"),
        ("pngzip.png", png_bytes() + zip_bytes({"a.txt": b"hidden"}), "two files in one"),
        ("jpgzip.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32 + office_bytes("ppt"), "two files in one"),
        (
            "bomb.pptx",
            office_bytes("ppt", {"ppt/media/pad.bin": b"\x00" * (5 * MB)}),
            "zip bomb",
        ),
        ("liar.docx", declared_size_lie(office_bytes("word"), 0x7FFFFFFF), "zip bomb"),
        (
            "many.pptx",
            zip_bytes({"[Content_Types].xml": b"<Types/>", **{f"ppt/s{n}.xml": b"" for n in range(2001)}}),
            "too many parts",
        ),
        ("broken.docx", office_bytes("word")[:-30], "damaged"),
    ],
)
def test_polyglots_and_zip_bombs_are_refused_naming_the_file(name, data, reason):
    with pytest.raises(UploadRefused) as refused:
        check_upload(upload(name, data), max_bytes=10 * MB)
    (message,) = refused.value.messages
    assert message.startswith(f"{name} was not accepted: ") and reason in message


def test_a_pdf_with_trailing_bytes_that_are_not_a_zip_is_accepted():
    checked = check_upload(upload("updated.pdf", PDF_BYTES + b"\n% incremental update\n%%EOF\n"), max_bytes=MB)
    assert checked.file_type == PDF


def test_a_jpeg_header_with_html_is_only_ever_served_as_a_jpeg_attachment(client, draft):
    entry, contact = draft
    client.force_login(contact.user)
    data = b"\xff\xd8\xff\xe0<html><script>alert(1)</script></html>"
    client.post(reverse("awards:document_upload", kwargs={"pk": entry.pk}), {"file": upload("x.html", data)})
    document = EntryDocument.objects.get()
    assert document.original_name == "x.jpg"
    response = client.get(reverse("awards:document_download", kwargs={"pk": document.pk}))
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    response.close()


# --- through the page: refused, nothing stored ---


@pytest.fixture
def draft(db):
    category = CategoryFactory()
    contact = participant(category.edition)
    return complete_entry(contact, category), contact


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("random.pdf", bytes(range(7, 256)) * 4, "only PDF, PowerPoint (PPTX), Word (DOCX), PNG and JPEG"),
        ("pdfzip.pdf", PDF_BYTES + office_bytes("word"), "two files in one"),
        ("bomb.pptx", office_bytes("ppt", {"ppt/media/pad.bin": b"\x00" * (5 * MB)}), "zip bomb"),
        ("liar.docx", declared_size_lie(office_bytes("word"), 0x7FFFFFFF), "zip bomb"),
    ],
)
def test_a_hostile_upload_on_the_page_is_refused_and_nothing_is_stored(client, draft, settings, name, data, reason):
    entry, contact = draft
    client.force_login(contact.user)
    response = client.post(reverse("awards:document_upload", kwargs={"pk": entry.pk}), {"file": upload(name, data)})
    assert response.status_code == 400
    assert f"{name} was not accepted: " in response.text and reason in response.text
    assert not EntryDocument.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


@pytest.mark.django_db
def test_an_empty_file_is_refused_and_nothing_is_stored(client, draft, settings):
    entry, contact = draft
    client.force_login(contact.user)
    response = client.post(reverse("awards:document_upload", kwargs={"pk": entry.pk}), {"file": upload("e.pdf", b"")})
    assert response.status_code == 400
    assert "empty" in response.text
    assert not EntryDocument.objects.exists() and stored_files(settings.MEDIA_ROOT) == []
    with pytest.raises(ValidationError, match="e.pdf was not accepted: the file is empty"):
        document_add(entry=entry, user=contact.user, uploaded_file=upload("e.pdf", b""))
    assert not EntryDocument.objects.exists() and stored_files(settings.MEDIA_ROOT) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Windows\\x.pdf", "x.pdf"),
        ("a\x00b\x07c\x1b.pdf", "abc.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.pdf"),
        ("n" * 10_000 + ".pdf", "n" * (MAX_NAME_LENGTH - 4) + ".pdf"),
    ],
)
def test_hostile_names_are_sanitised_and_the_file_stays_inside_media_root(client, draft, settings, raw, expected):
    entry, contact = draft
    client.force_login(contact.user)
    response = client.post(reverse("awards:document_upload", kwargs={"pk": entry.pk}), {"file": upload(raw, PDF_BYTES)})
    assert response.status_code == 302
    document = EntryDocument.objects.get()
    assert document.original_name == expected
    (path,) = stored_files(settings.MEDIA_ROOT)
    assert path.resolve().is_relative_to(settings.MEDIA_ROOT.resolve())
    assert path.read_bytes() == PDF_BYTES
    download = client.get(reverse("awards:document_download", kwargs={"pk": document.pk}))
    download.close()
    assert "\n" not in download["Content-Disposition"] and ".." not in download["Content-Disposition"]


@pytest.mark.django_db
def test_one_file_over_the_per_entry_limit_is_refused_on_the_page(client, draft, settings):
    settings.ENTRY_DOCUMENT_MAX_COUNT = 2
    entry, contact = draft
    client.force_login(contact.user)
    url = reverse("awards:document_upload", kwargs={"pk": entry.pk})
    for name in ("one.pdf", "two.pdf"):  # two different files: the same one twice is refused as a copy
        assert client.post(url, {"file": upload(name, PDF_BYTES + name.encode())}).status_code == 302
    files_before = stored_files(settings.MEDIA_ROOT)
    response = client.post(url, {"file": upload("three.pdf", PDF_BYTES)})
    assert response.status_code == 400
    assert "three.pdf was not accepted: an entry can have at most 2 documents" in response.text
    assert EntryDocument.objects.count() == 2 and stored_files(settings.MEDIA_ROOT) == files_before
