"""Indonesian pages say everything in Indonesian: pseudonyms, receipts, winners, entry codes, numbers."""

import re

import pytest
from django.urls import reverse

from awards.models import Edition

pytestmark = pytest.mark.django_db


def _words(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def indonesian(settings):
    settings.LANGUAGE_CODE = "id"


def test_pseudonyms_and_the_text_receipt_are_in_indonesian(client, indonesian, world):
    from judging.services.scoring import draft_save, scorecard_seal

    scores = {criterion.code: 7 for criterion in world.criteria}
    draft_save(judge=world.alice, entry=world.entry_a, round=world.round, scores=scores, notes={}, comment="")
    scorecard_seal(judge=world.alice, entry=world.entry_a, round=world.round, actor=world.alice.user)

    client.force_login(world.organiser)
    judges = _words(client.get(reverse("judging:judge_invite", args=[world.edition.slug])))
    assert "Juri 01" in judges and "Judge 01" not in judges
    sealed = _words(client.get(reverse("judging:sealed_list", args=[world.edition.slug])))
    assert "Juri 01" in sealed and "Judge 01" not in sealed

    client.force_login(world.alice.user)
    receipt = client.get(reverse("judging:receipt", args=[world.entry_a.pk])).content.decode()
    assert "Tanda terima (SHA-256 dari teks sandi): " in receipt
    assert "Receipt" not in receipt
    assert f"Entri: {world.entry_a.reference}\n" in receipt
    assert re.fullmatch(r"E-\d{3}", world.entry_a.reference)


def test_the_winners_page_says_the_winners_once(client, indonesian, cast):
    edition = cast.revealed_edition(categories=1, state=Edition.State.PUBLISHED)
    words = _words(client.get(reverse("awards:winners", args=[edition.slug])))
    assert "Para Pemenang · Para Pemenang" not in words
    assert "Para pemenang" in words or "Para Pemenang" in words


def test_the_results_page_uses_the_decimal_comma_in_indonesian(client, indonesian, cast, edition_in):
    world = edition_in("revealed")
    client.force_login(cast.organiser)
    words = _words(client.get(reverse("judging:results", args=[world.edition.slug])))
    assert re.search(r"\b80,00\b", words), words
    assert not re.search(r"\b\d+\.\d\d\b", words)
