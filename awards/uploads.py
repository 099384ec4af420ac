"""Checking uploaded entry documents: pure functions, no database, no storage.

A file is recognised by its content (magic bytes, and for Office files the structure of the zip),
never by its name or the content type the browser claims. The original name is only kept in a
sanitised form, with the extension of the detected type.
"""

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_NAME_LENGTH = 150

# Office files are zips: refuse archives that would expand into something huge.
ZIP_MAX_MEMBERS = 2000
ZIP_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
ZIP_MAX_RATIO = 100  # uncompressed / compressed, over the whole archive and per large member
ZIP_RATIO_MIN_MEMBER_BYTES = 1024 * 1024  # tiny XML parts compress very well and are harmless

PDF_MAGIC = b"%PDF-"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class FileType:
    kind: str  # EntryDocument.Kind value
    content_type: str
    extension: str  # canonical, with the dot
    aliases: tuple[str, ...] = ()  # other extensions that name the same type


PDF = FileType("pdf", "application/pdf", ".pdf")
PNG = FileType("png", "image/png", ".png")
JPEG = FileType("jpeg", "image/jpeg", ".jpg", aliases=(".jpeg",))
DOCX = FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
PPTX = FileType("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx")


@dataclass(frozen=True)
class CheckedFile:
    """What an accepted upload turned out to be."""

    name: str  # sanitised, with an extension that matches the type
    file_type: FileType
    size: int
    sha256: str


class UploadRefused(ValidationError):
    """A refusal whose message names the file and the reason, in the user's language."""


def sanitise_name(raw: str, file_type: FileType | None = None) -> str:
    """A file name safe to store and to send back in Content-Disposition.

    Drops any path (``../../etc/passwd``, ``C:\\x\\y.pdf``), control and format characters, and
    characters that filesystems or headers dislike; limits the length; and, when the type is known,
    makes the extension that of the type.
    """
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'[<>:"|?*;]', "_", name)
    name = re.sub(r"\s+", " ", name).strip().lstrip(".").strip()
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = "." + ext.lower() if ext else ""
    if file_type is not None:
        if ext not in (file_type.extension, *file_type.aliases):
            if ext in _KNOWN_EXTENSIONS:
                ext = ""  # a name claiming another type loses that claim
            stem = f"{stem}{ext}" if stem else ext.lstrip(".")
            ext = file_type.extension
    stem = stem.strip(" .") or _("document")
    room = MAX_NAME_LENGTH - len(ext)
    return stem[:room].rstrip(" .") + ext


_KNOWN_EXTENSIONS = {".pdf", ".png", ".jpg", ".jpeg", ".docx", ".pptx", ".doc", ".ppt", ".zip", ".exe", ".html"}


def _refuse(name: str, reason: str) -> UploadRefused:
    return UploadRefused(
        _("%(name)s was not accepted: %(reason)s") % {"name": name, "reason": reason}, code="upload_refused"
    )


def _office_type(fileobj, shown_name: str) -> FileType:
    """DOCX or PPTX by the parts the archive holds; refuses zip bombs and other zips."""
    not_office = _("it is a zip archive but not a Word (DOCX) or PowerPoint (PPTX) document.")
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _refuse(shown_name, _("the document is damaged (not a readable Office file).")) from exc
    if len(members) > ZIP_MAX_MEMBERS:
        raise _refuse(shown_name, _("the document holds too many parts to be a normal Office file."))
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    too_dense = any(
        m.file_size > ZIP_RATIO_MIN_MEMBER_BYTES and m.file_size > ZIP_MAX_RATIO * max(m.compress_size, 1)
        for m in members
    )
    if total > ZIP_MAX_UNCOMPRESSED_BYTES or too_dense or (
        total > ZIP_RATIO_MIN_MEMBER_BYTES and total > ZIP_MAX_RATIO * max(packed, 1)
    ):
        raise _refuse(shown_name, _("the document expands to far more data than it holds (a zip bomb)."))
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names:
        raise _refuse(shown_name, not_office)
    has_word = any(n.startswith("word/") for n in names)
    has_ppt = any(n.startswith("ppt/") for n in names)
    if has_word and not has_ppt:
        return DOCX
    if has_ppt and not has_word:
        return PPTX
    raise _refuse(shown_name, not_office)


def _not_a_zip_too(fileobj, shown_name: str, file_type: FileType) -> FileType:
    """A PDF or image that is also a readable zip (a polyglot, e.g. a DOCX behind a PDF header) is refused.

    PDFs and images may carry trailing bytes (incremental PDF updates, metadata), and those are kept;
    but a complete zip archive at the end is a second document hiding behind the first, which a
    reviewer opening it as a PDF or image would never see.
    """
    fileobj.seek(0)
    try:
        hidden_zip = zipfile.is_zipfile(fileobj)
    finally:
        fileobj.seek(0)
    if hidden_zip:
        raise _refuse(shown_name, _("it is two files in one (it also holds a zip archive)."))
    return file_type


def detect_type(fileobj, shown_name: str) -> FileType:
    fileobj.seek(0)
    head = fileobj.read(16)
    if head.startswith(PDF_MAGIC):
        return _not_a_zip_too(fileobj, shown_name, PDF)
    if head.startswith(PNG_MAGIC):
        return _not_a_zip_too(fileobj, shown_name, PNG)
    if head.startswith(JPEG_MAGIC):
        return _not_a_zip_too(fileobj, shown_name, JPEG)
    if head.startswith(ZIP_MAGIC):
        return _office_type(fileobj, shown_name)
    raise _refuse(shown_name, _("only PDF, PowerPoint (PPTX), Word (DOCX), PNG and JPEG files are accepted."))


def check_upload(uploaded_file, *, max_bytes: int) -> CheckedFile:
    """Check one uploaded file (a Django UploadedFile or any object with name, size, seek, read, chunks).

    Raises UploadRefused, naming the file, when it is empty, too large or of a type we do not take.
    """
    shown_name = sanitise_name(getattr(uploaded_file, "name", "")) or _("the file")
    size = uploaded_file.size
    if size is None or size == 0:
        raise _refuse(shown_name, _("the file is empty."))
    if size > max_bytes:
        raise _refuse(
            shown_name,
            _("the file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    file_type = detect_type(uploaded_file, shown_name)
    digest = hashlib.sha256()
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    return CheckedFile(
        name=sanitise_name(uploaded_file.name, file_type), file_type=file_type, size=size, sha256=digest.hexdigest()
    )
