"""The award-night PDFs: certificates and running order, read back with pypdf."""

import io
from pathlib import Path

import pytest
import zxingcpp
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream

from awards import award_night, pdf
from awards.models import Award, Entry
from tests.factories import AwardFactory, CategoryFactory, EntryFactory

pytestmark = pytest.mark.django_db


def _pages(pdf: bytes) -> list:
    return PdfReader(io.BytesIO(pdf)).pages


def _text(page) -> str:
    return " ".join(page.extract_text().split())


def _drawn_images(page) -> list:
    """The raster images a page actually draws, directly or through the form XObjects it draws (the layers
    stamped beneath each certificate); WeasyPrint shares one resource dictionary between pages."""
    return _images_drawn(page.get_contents(), page["/Resources"], page.pdf)


def _images_drawn(contents, resources, pdf) -> list:
    xobjects = resources.get("/XObject", {})
    images = []
    for operands, operator in ContentStream(contents, pdf).operations:
        if operator != b"Do":
            continue
        xobject = xobjects[operands[0]].get_object()
        if xobject["/Subtype"] == "/Image":
            images.append(xobject.decode_as_image())
        elif xobject["/Subtype"] == "/Form":
            images += _images_drawn(xobject, xobject.get("/Resources", {}), pdf)
    return images


def _flat(text: str) -> str:
    """Without any space: letter-spaced display lines come back from pypdf as spaced-out letters."""
    return "".join(text.split())


def _embedded_fonts(page) -> set[str]:
    """Base names (subset prefix dropped) of the fonts embedded as font files in a page."""
    names = set()
    for font in page["/Resources"]["/Font"].values():
        font = font.get_object()
        descendants = font.get("/DescendantFonts")
        described = descendants[0].get_object() if descendants else font
        descriptor = described["/FontDescriptor"].get_object()
        if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
            names.add(str(font["/BaseFont"]).split("+", 1)[-1])
    return names


def test_certificates_one_page_per_award_in_running_order(cast):
    edition = cast.revealed_edition(categories=3, awards_per_category=3)
    awards = list(Award.objects.filter(edition=edition).order_by("category__ceremony_order", "rank"))

    pages = _pages(award_night.certificates_pdf(edition=edition))

    assert len(pages) == 9
    for page, award in zip(pages, awards, strict=True):
        text = _text(page)
        assert award.entry.company.legal_name in text
        assert award.category.name_id in text
        assert award.category.name_en in text
        assert award.certificate_code in text
        assert _flat(edition.name) in _flat(text)
        assert edition.venue in text
        assert edition.chair_name in text and edition.organiser_name in text
        assert "Sertifikat Penghargaan" in text and "Certificate of Award" in text


def test_certificates_of_an_edition_without_awards_are_one_blank_page(cast):
    edition = cast.revealed_edition(categories=1, awards_per_category=0)

    pages = _pages(award_night.certificates_pdf(edition=edition))

    assert [_text(page) for page in pages] == [""]


def test_certificate_names_the_award_in_both_languages_and_the_nominee(cast):
    edition = cast.revealed_edition(categories=1, awards_per_category=3, individual_first=True)
    awards = list(Award.objects.filter(edition=edition).order_by("rank"))

    texts = [_text(page) for page in _pages(award_night.certificates_pdf(edition=edition))]

    assert ["Juara 1" in texts[0], "Winner" in texts[0]] == [True, True]
    assert ["Juara 2" in texts[1], "1st Runner-up" in texts[1]] == [True, True]
    assert ["Juara 3" in texts[2], "2nd Runner-up" in texts[2]] == [True, True]
    for text, award in zip(texts, awards, strict=True):
        assert award.entry.nominee_name and award.entry.nominee_name in text


def test_medal_certificates_name_the_medal(cast):
    edition = cast.revealed_edition(categories=1, awards_per_category=4, medals=True, individual_first=False)

    texts = [_text(page) for page in _pages(award_night.certificates_pdf(edition=edition))]

    assert [("Platinum" in t, "Emas" in t, "Perak" in t, "Perunggu" in t) for t in texts] == [
        (True, False, False, False),
        (False, True, False, False),
        (False, False, True, False),
        (False, False, False, True),
    ]


def test_certificate_qr_code_decodes_to_its_verification_url(settings, cast):
    settings.SITE_URL = "https://awards.example.test"
    edition = cast.revealed_edition(categories=1, awards_per_category=2, individual_first=False)
    awards = list(Award.objects.filter(edition=edition).order_by("rank"))

    pages = _pages(award_night.certificates_pdf(edition=edition))

    for page, award in zip(pages, awards, strict=True):
        decoded = []
        for image in _drawn_images(page):
            decoded += [result.text for result in zxingcpp.read_barcodes(image.convert("L"))]
        assert decoded == [f"https://awards.example.test/verify/{award.certificate_code}/"]


def test_certificate_qr_code_is_printed_21_mm_wide_in_the_bottom_right_corner(cast):
    """The code is drawn into the PDF after the layout, into the box the certificate's layout left for it."""
    edition = cast.revealed_edition(categories=1, awards_per_category=2)

    for page in _pages(award_night.certificates_pdf(edition=edition)):
        operations = ContentStream(page.get_contents(), page.pdf).operations
        xobjects = page["/Resources"]["/XObject"]
        placements = [  # the matrix set just before each image is drawn: its size and place on the page
            operations[index - 1][0]
            for index, (operands, operator) in enumerate(operations)
            if operator == b"Do" and xobjects[operands[0]]["/Subtype"] == "/Image"
        ]
        assert len(placements) == 1
        width, _, _, height, left, bottom = placements[0]
        millimetre = 72 / 25.4
        assert (round(float(width) / millimetre, 1), round(float(height) / millimetre, 1)) == (21.0, 21.0)
        page_width = float(page.mediabox.width)
        # A4 landscape: 19 mm from the right edge (the 24 mm column, the code centred in it), 17 mm and the
        # code's line of text above the bottom edge.
        assert round((page_width - float(left) - float(width)) / millimetre, 1) == 20.5
        assert 17 < float(bottom) / millimetre < 25


def test_pdfs_embed_the_bundled_fonts(cast):
    edition = cast.revealed_edition(categories=1, awards_per_category=1)

    certificate_fonts = _embedded_fonts(_pages(award_night.certificates_pdf(edition=edition))[0])
    running_fonts = _embedded_fonts(_pages(award_night.running_order_pdf(edition=edition))[0])

    families = ("Cinzel", "EB-Garamond", "Source-Sans-3")
    assert {family for family in families for name in certificate_fonts if name.startswith(family)} == set(families)
    assert {family for family in families for name in running_fonts if name.startswith(family)} == set(families)
    # nothing falls back to a font of the machine (which would print differently elsewhere)
    assert [name for name in certificate_fonts | running_fonts if not name.startswith(families)] == []


def test_signature_images_are_embedded_when_present(settings, cast):
    edition = cast.revealed_edition(categories=1, awards_per_category=1)
    without = len(_drawn_images(_pages(award_night.certificates_pdf(edition=edition))[0]))
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), "navy").save(buffer, format="PNG")
    edition.chair_signature.save("chair.png", SimpleUploadedFile("chair.png", buffer.getvalue()), save=True)

    with_signature = len(_drawn_images(_pages(award_night.certificates_pdf(edition=edition))[0]))

    assert (without, with_signature) == (1, 2)


def test_running_order_one_page_per_category_with_finalists_then_winners(cast):
    edition = cast.revealed_edition(categories=3, awards_per_category=3, extra_entries=2, individual_first=False)
    categories = list(edition.categories.order_by("ceremony_order"))

    pages = _pages(award_night.running_order_pdf(edition=edition))

    assert len(pages) == 3
    for page, category in zip(pages, categories, strict=True):
        text = _text(page)
        assert category.name_id in text and category.name_en in text
        finalists = sorted(
            category.entries.filter(status=Entry.Status.SUBMITTED).values_list("company__legal_name", flat=True)
        )
        positions = [text.index(name) for name in finalists]
        assert positions == sorted(positions)  # alphabetical
        fold = text.index("lipat di sini")
        assert all(position < fold for position in positions)
        winners = text[fold:]
        third = Award.objects.get(category=category, rank=3).entry.company.legal_name
        first = Award.objects.get(category=category, rank=1).entry.company.legal_name
        assert winners.index(third) < winners.index(first)  # announced lowest place first, winner last
        assert "Juara 1" in winners and "Winner" in winners


def test_running_order_lists_only_awarded_entries_when_the_category_is_large(cast):
    edition = cast.revealed_edition(categories=1, awards_per_category=3, extra_entries=0, individual_first=False)
    category = edition.categories.get()
    others = [
        EntryFactory(category=category, status=Entry.Status.SUBMITTED, submitted_at=edition.judging_opens)
        for _ in range(7)
    ]

    text = _text(_pages(award_night.running_order_pdf(edition=edition))[0])

    assert [other.company.legal_name in text for other in others] == [False] * 7
    awarded = Award.objects.filter(category=category).values_list("entry__company__legal_name", flat=True)
    assert all(name in text for name in awarded)


def test_category_without_award_is_not_in_the_running_order(cast):
    edition = cast.revealed_edition(categories=1, awards_per_category=1)
    CategoryFactory(edition=edition, ceremony_order=99)

    assert len(_pages(award_night.running_order_pdf(edition=edition))) == 1


def test_single_certificate_and_the_documents_of_the_pack(cast):
    edition = cast.revealed_edition(categories=1, awards_per_category=2)
    award = Award.objects.filter(edition=edition).first()

    single = _pages(award_night.certificate_pdf(award=award))

    assert len(single) == 1 and award.entry.company.legal_name in _text(single[0])
    for document in (award_night.certificates_pdf(edition=edition), award_night.running_order_pdf(edition=edition)):
        assert document.startswith(b"%PDF")


def _fetched_bytes(fetched: dict) -> bytes:
    if "file_obj" in fetched:
        with fetched["file_obj"] as handle:
            return handle.read()
    return fetched["string"]


def test_the_renderer_reads_only_the_bundled_fonts_and_static_files(tmp_path):
    font = next(pdf.fonts_dir().glob("*/*.woff"))
    style = pdf.static_dir() / "css" / "pdf.css"
    for path in (font, style):
        assert _fetched_bytes(pdf.fetch_static_only(path.as_uri())) == path.read_bytes()
    outside = tmp_path / "x.css"
    outside.write_text("body{}")
    for url in (
        "https://fonts.example.test/x.woff",
        "http://127.0.0.1/x.css",
        outside.as_uri(),
        (pdf.static_dir() / ".." / "manage.py").as_uri(),  # out of static/ through ..
        (pdf.static_dir() / "css").as_uri(),  # a folder, not a file
        "file://fonts.example.test" + str(style),  # a file on another host
    ):
        with pytest.raises(pdf.PdfResourceRefused):
            pdf.fetch_static_only(url)


def test_a_template_asking_for_a_remote_resource_fails_loudly():
    with pytest.raises(pdf.PdfResourceRefused, match="fonts.example.test"):
        pdf.render_html_pdf(
            '<style>@font-face { font-family: X; src: url("https://fonts.example.test/x.woff"); }'
            " p { font-family: X; }</style><p>Hello</p>"
        )


def test_a_template_asking_for_a_file_outside_static_fails_loudly():
    with pytest.raises(pdf.PdfResourceRefused, match="manage.py"):
        pdf.render_html_pdf('<img src="../manage.py"><p>Hello</p>')


def test_bundled_fonts_ship_with_their_licences():
    folders = [path for path in pdf.fonts_dir().iterdir() if path.is_dir()]
    assert sorted(p.name for p in folders) == ["cinzel", "eb-garamond", "source-sans-3"]
    for folder in folders:
        assert "SIL Open Font License" in Path(folder / "LICENSE").read_text()


def test_award_factory_builds_a_consistent_award():
    award = AwardFactory()
    assert award.edition == award.category.edition == award.entry.category.edition
