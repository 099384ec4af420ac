"""The award-night PDFs: certificates (one A4 landscape page per award) and the running order.

Each PDF is ONE WeasyPrint document (one HTML with page breaks), rendered through `awards.pdf` (static
files and the bundled fonts only). What every certificate shares (the paper, border, signatures and
footer; the heading; the seal of each award kind) is laid out and drawn once, as extra "layer" pages at
the end of that document, and stamped beneath each certificate (`awards.pdf.underlay_layers`):
WeasyPrint lays out only each award's own lines.

The pack exporter in `judging` lays out `certificates_job` and `running_order_job` with its other PDFs;
`awards` never imports `judging`.
"""

import base64

import zxingcpp
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from PIL import Image, ImageOps

from awards.award_seal import seal_svg
from awards.award_texts import AWARD_LABELS, award_night_dates
from awards.models import Award, Edition
from awards.pdf import PdfImage, PdfJob, job_run
from awards.selectors import AwardLine, award_line, awards_in_running_order, results_by_category

QR_COLOUR = "#1b2a4a"


def verification_url(award: Award) -> str:
    """The public verification page of a certificate, as printed in its QR code."""
    return settings.SITE_URL.rstrip("/") + reverse("awards:verify_certificate", args=[award.certificate_code])


def qr_image(url: str, *, anchor: str) -> PdfImage:
    """The QR code (error correction M, a two-module margin, five pixels a module, dark modules in the
    certificates' navy), crisp enough to print at 25 mm, to draw into the element with id `anchor`.

    zxing-cpp encodes it (Zint: the smallest version that fits, the mask with the lowest penalty, as the
    QR standard asks), in C++: with a pure-Python encoder, choosing the mask was a sixth of the
    certificates' time. Its pixels go into the PDF as they are (`awards.pdf.PdfImage`): as a PNG in the HTML,
    WeasyPrint decoded and encoded each code again."""
    symbol = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    modules = symbol.to_image(scale=1, add_quiet_zones=False)  # one 8-bit pixel a module: 0 dark, 255 light
    height, width = modules.shape
    image = Image.frombytes("L", (width, height), bytes(memoryview(modules)))
    image = ImageOps.expand(image, border=2, fill=255).resize(((width + 4) * 5, (height + 4) * 5), Image.NEAREST)
    bits = image.convert("1", dither=Image.Dither.NONE)  # one bit a pixel: 0 dark, 1 light, rows padded to bytes
    return PdfImage(anchor=anchor, width=bits.width, height=bits.height, bits=bits.tobytes(), dark=QR_COLOUR)


def _data_uri(content: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


def _signature_uri(image_field) -> str:
    """An uploaded signature image as a data URI, or "" when there is none (or its file is gone)."""
    if not image_field:
        return ""
    try:
        with image_field.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        return ""
    mime = "image/png" if content.startswith(b"\x89PNG") else "image/jpeg"
    return _data_uri(content, mime)


def _edition_context(edition: Edition) -> dict:
    date_id, date_en = award_night_dates(edition)
    name_has_year = str(edition.year) in edition.name
    return {
        "edition": edition,
        "edition_heading": edition.name if name_has_year else f"{edition.name} · {edition.year}",
        "date_id": date_id,
        "date_en": date_en,
        "chair_signature": _signature_uri(edition.chair_signature),
        "organiser_signature": _signature_uri(edition.organiser_signature),
    }


def _certificate(line: AwardLine, *, number: int) -> dict:
    url = verification_url(line.award)
    category = line.award.category
    crowded = (
        bool(line.nominee)
        + (len(line.award.entry.company.legal_name) > 34)
        + (len(category.name_id) > 44 or len(category.name_en) > 60)
    )
    return {
        "crowded": crowded,
        "line": line,
        "award": line.award,
        "category": line.award.category,
        "company": line.award.entry.company,
        "nominee": line.nominee,
        "qr": qr_image(url, anchor=f"qr-{number}"),
        "url": url,
    }


CERTIFICATES_TEMPLATE = "pdf/award_night/certificates.html"


def _certificates_job(edition: Edition, awards, *, filename: str) -> PdfJob:
    context = _edition_context(edition)
    frame = render_to_string("pdf/award_night/frame.svg").encode("utf-8")
    context["frame"] = _data_uri(frame, "image/svg+xml")
    certificates = [_certificate(award_line(award=award), number=number) for number, award in enumerate(awards)]
    context["certificates"] = certificates
    if not certificates:  # one blank page, as ever
        return PdfJob(
            html=render_to_string(CERTIFICATES_TEMPLATE, context), filenames=(filename,), stage="certificates", count=0
        )
    # The layers after the certificates: the paper, a heading per type size used, a seal per award kind.
    headings = sorted({min(cert["crowded"], 2) for cert in certificates})
    kinds = list(dict.fromkeys(cert["award"].kind for cert in certificates))
    context["headings"] = headings
    context["seals"] = [seal_svg(kind=kind, year=edition.year, label=AWARD_LABELS[kind][0].upper()) for kind in kinds]
    stacks = tuple(
        (0, 1 + headings.index(min(cert["crowded"], 2)), 1 + len(headings) + kinds.index(cert["award"].kind))
        for cert in certificates
    )
    return PdfJob(
        html=render_to_string(CERTIFICATES_TEMPLATE, context),
        filenames=(filename,),
        stacks=stacks,
        stage="certificates",
        count=len(certificates),
        images=tuple(cert["qr"] for cert in certificates),
    )


def certificates_job(*, edition: Edition, filename: str = "certificates.pdf") -> PdfJob:
    """Every certificate of the edition, one A4 landscape page per award, in running order (to lay out with
    `awards.pdf.job_run` or `jobs_run`)."""
    return _certificates_job(edition, awards_in_running_order(edition=edition), filename=filename)


def certificates_pdf(*, edition: Edition) -> bytes:
    """Every certificate of the edition, one A4 landscape page per award, in running order."""
    job = certificates_job(edition=edition)
    return job_run(job)[job.filenames[0]]


def certificate_pdf(*, award: Award) -> bytes:
    """One award's certificate as a single-page PDF (the participant's download)."""
    job = _certificates_job(award.edition, [award], filename="certificate.pdf")
    return job_run(job)[job.filenames[0]]


def running_order_job(*, edition: Edition, filename: str = "running-order.pdf") -> PdfJob:
    """A page per category for the master of ceremonies: finalists, a fold line, then the winners."""
    context = _edition_context(edition)
    context["results"] = results_by_category(edition=edition, with_finalists=True)
    return PdfJob(
        html=render_to_string("pdf/award_night/running_order.html", context),
        filenames=(filename,),
        stage="running_order",
        count=len(context["results"]),
    )


def running_order_pdf(*, edition: Edition) -> bytes:
    """A page per category for the master of ceremonies: finalists, a fold line, then the winners."""
    job = running_order_job(edition=edition)
    return job_run(job)[job.filenames[0]]
