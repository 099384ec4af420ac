"""The award-night PDFs: certificates (one A4 landscape page per award) and the running order.

Each PDF is ONE WeasyPrint document (one HTML with page breaks). What every certificate shares (the
paper, border, signatures and footer; the heading; the seal of each award kind) is laid out and drawn
once, as extra "layer" pages at the end of that document, and stamped beneath each certificate as a
PDF form XObject with pikepdf (`underlay_layers`): WeasyPrint lays out only each award's own lines.
Fonts ship in static/fonts/ and are the only files the renderer may read: the URL fetcher refuses
anything but data: URIs and files under that folder, so a PDF never fetches from the network and
renders the same on every machine.

The pack exporter in `judging` calls `pdf_files_for(edition)`; `awards` never imports `judging`.
"""

import base64
import io
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pikepdf
import weasyprint
import zxingcpp
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from PIL import Image, ImageColor, ImageOps

from awards.award_seal import seal_svg
from awards.award_texts import AWARD_LABELS, award_night_dates
from awards.models import Award, Edition
from awards.selectors import AwardLine, award_line, awards_in_running_order, results_by_category

FONTS_DIR = (Path(settings.BASE_DIR) / "static" / "fonts").resolve()
QR_COLOUR = "#1b2a4a"


class PdfResourceRefused(ValueError):
    """A template asked for a resource outside the bundled fonts (a bug: it would not print the same)."""


def _fetch_bundled_only(url: str, *args, **kwargs):
    if url.startswith("data:"):
        return weasyprint.default_url_fetcher(url)
    parts = urlsplit(url)
    if parts.scheme == "file":
        path = Path(unquote(parts.path)).resolve()
        if path.is_relative_to(FONTS_DIR) and path.is_file():
            return weasyprint.default_url_fetcher(path.as_uri())
    raise PdfResourceRefused(f"PDF resource outside static/fonts refused: {url[:120]}")


def render_html_document(html: str) -> weasyprint.Document:
    """HTML laid out with the bundled fonts only; a template asking for anything else fails loudly."""
    refused: list[str] = []

    def fetch(url: str, *args, **kwargs):
        try:
            return _fetch_bundled_only(url)
        except PdfResourceRefused:
            refused.append(url)  # WeasyPrint would only log it and leave the resource out
            raise

    document = weasyprint.HTML(string=html, base_url=FONTS_DIR.as_uri() + "/", url_fetcher=fetch).render()
    if refused:
        raise PdfResourceRefused(f"PDF resources outside static/fonts refused: {', '.join(u[:80] for u in refused)}")
    return document


def render_html_pdf(html: str) -> bytes:
    """HTML to PDF bytes with the bundled fonts only; a template asking for anything else fails loudly."""
    return render_html_document(html).write_pdf()


def _own_resources(page: pikepdf.Page) -> pikepdf.Dictionary:
    """The page's resources cut down to the names its content stream uses (WeasyPrint shares one
    dictionary, holding every page's images and drawings, between all pages of a document)."""
    used = {
        operand
        for operands, _operator in pikepdf.parse_content_stream(page)
        for operand in operands
        if isinstance(operand, pikepdf.Name)
    }
    resources = pikepdf.Dictionary()
    for kind, entries in page.obj.Resources.items():
        if isinstance(entries, pikepdf.Dictionary):
            resources[kind] = pikepdf.Dictionary({name: value for name, value in entries.items() if name in used})
        else:
            resources[kind] = entries
    return resources


def split_pdf(pdf: bytes, parts: dict[str, range]) -> dict[str, bytes]:
    """One PDF per part (name -> its page numbers, from 0), each holding only what its own pages draw.

    Each page first gets its own resource dictionary with only the names it uses, so a part never
    carries another part's drawings (the feedback reports' charts, say); the fonts stay shared.
    """
    files = {}
    with pikepdf.open(io.BytesIO(pdf)) as whole:
        for page in whole.pages:
            page.obj.Resources = _own_resources(page)
        for name, pages in parts.items():
            part = pikepdf.new()
            part.pages.extend(whole.pages[pages.start : pages.stop])
            for key, value in whole.docinfo.items():
                part.docinfo[key] = value
            if pikepdf.Name.Lang in whole.Root:
                part.Root.Lang = whole.Root.Lang
            output = io.BytesIO()
            part.save(output, deterministic_id=True)
            files[name] = output.getvalue()
    return files


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template under templates/pdf/ to PDF bytes with the bundled fonts only."""
    return render_html_pdf(render_to_string(template_name, context))


def verification_url(award: Award) -> str:
    """The public verification page of a certificate, as printed in its QR code."""
    return settings.SITE_URL.rstrip("/") + reverse("awards:verify_certificate", args=[award.certificate_code])


def qr_png(url: str) -> bytes:
    """The QR code (error correction M, a two-module margin, five pixels a module, dark modules in the
    certificates' navy) as a PNG, crisp enough to print at 25 mm.

    zxing-cpp encodes it (Zint: the smallest version that fits, the mask with the lowest penalty, as the
    QR standard asks), in C++: with a pure-Python encoder, choosing the mask was a sixth of the
    certificates' time."""
    symbol = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    modules = symbol.to_image(scale=1, add_quiet_zones=False)  # one 8-bit pixel a module: 0 dark, 255 light
    height, width = modules.shape
    image = Image.frombytes("L", (width, height), bytes(memoryview(modules)))
    image = ImageOps.expand(image, border=2, fill=255).resize(((width + 4) * 5, (height + 4) * 5), Image.NEAREST)
    paletted = image.point(lambda value: 1 if value > 127 else 0).convert("P")  # index 0 dark, 1 light
    paletted.putpalette([*ImageColor.getrgb(QR_COLOUR), 255, 255, 255])
    buffer = io.BytesIO()
    paletted.save(buffer, format="PNG")
    return buffer.getvalue()


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


def _certificate(line: AwardLine) -> dict:
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
        "qr": _data_uri(qr_png(url), "image/png"),
        "url": url,
    }


def underlay_layers(pdf: bytes, *, stacks: list[list[int]]) -> bytes:
    """Stamp layer pages beneath the pages before them, then drop the layer pages.

    The document's first `len(stacks)` pages are kept; the pages after them are layers. `stacks[i]` lists
    the layers (their index among the layer pages, lowest first) drawn beneath kept page `i`. Each layer
    becomes one form XObject that every page draws, so it is stored once.
    """
    kept = len(stacks)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        names, forms = [], []
        for index, page in enumerate(document.pages[kept:]):
            # Its own resource dictionary, which the forms placed on the kept pages below never enter.
            page.obj.Resources = _own_resources(page)
            forms.append(page.as_form_xobject())
            names.append(pikepdf.Name(f"/Layer{index}"))
        for page, stack in zip(document.pages[:kept], stacks, strict=True):
            placements = b""
            for index in stack:
                page.add_resource(forms[index], pikepdf.Name.XObject, name=names[index])
                placements += page.calc_form_xobject_placement(
                    forms[index], names[index], pikepdf.Rectangle(page.trimbox)
                )
            page.contents_add(placements, prepend=True)
            page.contents_coalesce()
        del document.pages[kept:]
        output = io.BytesIO()
        document.save(output, deterministic_id=True)
    return output.getvalue()


def _certificates_of(edition: Edition, awards) -> bytes:
    context = _edition_context(edition)
    frame = render_to_string("pdf/award_night/frame.svg").encode("utf-8")
    context["frame"] = _data_uri(frame, "image/svg+xml")
    certificates = [_certificate(award_line(award)) for award in awards]
    context["certificates"] = certificates
    if not certificates:
        return render_pdf("pdf/award_night/certificates.html", context)  # one blank page, as ever
    # The layers after the certificates: the paper, a heading per type size used, a seal per award kind.
    headings = sorted({min(cert["crowded"], 2) for cert in certificates})
    kinds = list(dict.fromkeys(cert["award"].kind for cert in certificates))
    context["headings"] = headings
    context["seals"] = [
        seal_svg(kind=kind, year=edition.year, label=AWARD_LABELS[kind][0].upper()) for kind in kinds
    ]
    stacks = [
        [0, 1 + headings.index(min(cert["crowded"], 2)), 1 + len(headings) + kinds.index(cert["award"].kind)]
        for cert in certificates
    ]
    return underlay_layers(render_pdf("pdf/award_night/certificates.html", context), stacks=stacks)


def certificates_pdf(*, edition: Edition) -> bytes:
    """Every certificate of the edition, one A4 landscape page per award, in running order."""
    return _certificates_of(edition, awards_in_running_order(edition=edition))


def certificate_pdf(*, award: Award) -> bytes:
    """One award's certificate as a single-page PDF (the participant's download)."""
    return _certificates_of(award.edition, [award])


def running_order_pdf(*, edition: Edition) -> bytes:
    """A page per category for the master of ceremonies: finalists, a fold line, then the winners."""
    context = _edition_context(edition)
    context["results"] = results_by_category(edition=edition, with_finalists=True)
    return render_pdf("pdf/award_night/running_order.html", context)


def pdf_files_for(edition: Edition) -> dict[str, bytes]:
    """The award-night PDFs of this app, named as they go into the pack."""
    return {
        "certificates.pdf": certificates_pdf(edition=edition),
        "running-order.pdf": running_order_pdf(edition=edition),
    }
