"""The award-night pack carries the awards app's PDFs for the awards the reveal wrote."""

import io
import zipfile

import pytest
import zxingcpp
from pypdf import PdfReader
from pypdf.generic import ContentStream

from awards.models import Award
from judging.pack import PACK
from judging.services.export import award_night_pack_build
from judging.services.reveal import edition_reveal
from judging.services.seal import edition_seal
from tests.generated_edition import edition_generate

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_the_pack_holds_a_certificate_per_award_and_a_running_order_page_per_category(settings):
    settings.SITE_URL = "https://awards.example.test"
    generated = edition_generate(categories=2, entries_per_category=3, judges=3)
    edition_seal(edition=generated.edition, actor=generated.organiser)
    edition_reveal(edition=generated.edition, shares=generated.share_texts[:2], actor=generated.organiser)

    with zipfile.ZipFile(io.BytesIO(award_night_pack_build(edition=generated.edition))) as archive:
        certificates = PdfReader(io.BytesIO(archive.read(PACK.certificates))).pages
        running_order = PdfReader(io.BytesIO(archive.read(PACK.running_order))).pages

    awards = list(
        Award.objects.filter(edition=generated.edition)
        .select_related("entry__company")
        .order_by("category__ceremony_order", "category__code", "rank", "entry__company__legal_name", "pk")
    )
    assert len(awards) >= 2
    assert len(certificates) == len(awards)
    assert len(running_order) == len({award.category_id for award in awards})
    for page, award in zip(certificates, awards, strict=True):
        assert award.entry.company.legal_name in " ".join(page.extract_text().split())
        xobjects = page["/Resources"]["/XObject"]
        drawn = [
            operands[0]
            for operands, operator in ContentStream(page.get_contents(), page.pdf).operations
            if operator == b"Do" and xobjects[operands[0]].get_object()["/Subtype"] == "/Image"
        ]
        decoded = [
            result.text for name in drawn for result in zxingcpp.read_barcodes(page.images[name].image.convert("L"))
        ]
        assert decoded == [f"https://awards.example.test/verify/{award.certificate_code}/"]
