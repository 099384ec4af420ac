"""Helpers for the participants' tests: a signed-in contact, a signed NDA, sample files."""

import io
import struct
import zipfile
import zlib
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import NdaAcceptance
from awards.selectors import nda_current
from tests.factories import ContactFactory, EditionFactory, EntryFactory, NdaVersionFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def office_bytes(folder: str = "word", extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal Office-like zip; the same arguments always give the same bytes (fixed timestamps)."""
    parts = {
        "[Content_Types].xml": "<?xml version='1.0'?><Types/>",
        f"{folder}/document.xml": "<document>Our entry</document>",
        **(extra or {}),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2030, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def sign_nda(user, edition, company=None) -> NdaAcceptance:
    version = nda_current(edition=edition, audience="participant") or NdaVersionFactory(edition=edition)
    return NdaAcceptance.objects.create(
        version=version,
        user=user,
        company=company,
        signer_name="Sari Dewi",
        signer_title="Head of Customer Care",
        text_sha256=version.text_sha256,
    )


def participant(edition=None, *, signed=True, **company_kwargs):
    """A contact of a new company, with the edition's participant NDA signed (unless told otherwise)."""
    edition = edition or EditionFactory()
    contact = ContactFactory(**({"company__" + k: v for k, v in company_kwargs.items()}))
    if signed:
        sign_nda(contact.user, edition, contact.company)
    return contact


COMPLETE_FIGURES = {
    "agent_seats": 120,
    "inbound_contacts_yearly": 1_200_000,
    "outbound_contacts_yearly": 300_000,
    "service_level_percent": Decimal("80"),
    "service_level_seconds": 20,
    "average_speed_of_answer": 18,
    "abandonment_rate": Decimal("3.5"),
    "first_contact_resolution": Decimal("78"),
    "customer_satisfaction": Decimal("91.2"),
    "agent_attrition": Decimal("12"),
}


def complete_entry(contact, category, **kwargs):
    """An entry with every required answer given (figures for corporate categories)."""
    values = {**COMPLETE_FIGURES, **kwargs}
    return EntryFactory(company=contact.company, category=category, created_by=contact.user, **values)
