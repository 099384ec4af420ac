import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from judging.merkle import leaf_from_receipt, merkle_root
from judging.services.export import award_night_pack_build, json_bytes, pack_zip
from judging.services.reveal import edition_reveal
from judging.services.seal import edition_seal
from judging.services.verification import pack_verify
from tests.judging.sealed_edition import edition_generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack(monkeypatch) -> bytes:
    # The feedback PDFs take a third of a second each and verification never reads them (tests/judging/test_feedback.py
    # checks that a pack holding them verifies): leave them out of the many packs built here.
    from judging.services import export
    from judging.services.feedback import feedback_pdfs

    monkeypatch.setattr(export, "PACK_PARTS", [part for part in export.PACK_PARTS if part is not feedback_pdfs])
    generated = edition_generate(categories=2, entries_per_category=3, judges=3, medals=True)
    edition_seal(edition=generated.edition, actor=None)
    edition_reveal(edition=generated.edition, shares=generated.share_texts[1:], actor=None)
    return award_night_pack_build(edition=generated.edition)


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(files: dict[str, bytes], *, manifest: bool = True) -> bytes:
    """Tamper, then (like a careful forger) recompute the manifest, or keep the old one."""
    if manifest:
        return pack_zip(files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_an_untouched_pack_verifies(pack):
    verdict = pack_verify(pack)
    assert verdict.ok, verdict.message
    assert verdict.message == "verified"
    assert verdict.scorecards == 18


def test_the_command_prints_verified(pack, tmp_path, capsys):
    path = tmp_path / "pack.zip"
    path.write_bytes(pack)
    call_command("verify_results", str(path))
    assert capsys.readouterr().out.startswith("verified")


def test_an_edited_file_breaks_the_manifest(pack):
    files = unzip(pack)
    files["results.csv"] = files["results.csv"].replace(b"winner", b"loser")
    verdict = pack_verify(rezip(files, manifest=False))
    assert not verdict.ok
    assert verdict.message == "results.csv does not match its SHA-256 in the manifest"


def test_edited_results_fail_even_with_a_fresh_manifest(pack):
    files = unzip(pack)
    results = json.loads(files["results.json"])
    results["awards"][0]["score"] = "99.99"
    files["results.json"] = json_bytes(results)
    verdict = pack_verify(rezip(files))
    assert not verdict.ok
    assert verdict.message.startswith("results.json awards[0].score: the tally gives")


def test_a_swapped_award_fails(pack):
    files = unzip(pack)
    results = json.loads(files["results.json"])
    first, second = results["rankings"][0]["entries"][:2]
    first["award"], second["award"] = second["award"], first["award"]
    files["results.json"] = json_bytes(results)
    verdict = pack_verify(rezip(files))
    assert not verdict.ok
    assert verdict.message.startswith("results.json rankings[0].entries[0].award")


def test_an_edited_scorecard_content_fails(pack):
    files = unzip(pack)
    cards = json.loads(files["scorecards.json"])
    scores = cards["scorecards"][3]["content"]["scores"]
    scores["people-1"] = 10 if scores["people-1"] != 10 else 1
    files["scorecards.json"] = json_bytes(cards)
    verdict = pack_verify(rezip(files))
    assert not verdict.ok
    assert "the listed content differs from the decrypted ciphertext" in verdict.message


def test_a_swapped_ciphertext_fails(pack):
    files = unzip(pack)
    cards = json.loads(files["scorecards.json"])
    a, b = cards["scorecards"][0], cards["scorecards"][1]
    a["ciphertext"], b["ciphertext"] = b["ciphertext"], a["ciphertext"]
    a["receipt"], b["receipt"] = b["receipt"], a["receipt"]
    files["scorecards.json"] = json_bytes(cards)
    verdict = pack_verify(rezip(files))
    assert not verdict.ok
    assert "does not open with its binding" in verdict.message


def test_a_forged_root_fails(pack):
    files = unzip(pack)
    results = json.loads(files["results.json"])
    cards = json.loads(files["scorecards.json"])["scorecards"]
    results["commitment"]["root"] = merkle_root([leaf_from_receipt(c["receipt"]) for c in cards[1:]]).hex()
    files["results.json"] = json_bytes(results)
    verdict = pack_verify(rezip(files))
    assert not verdict.ok
    assert verdict.message.startswith("the scorecards give the root")


def test_a_dropped_scorecard_fails(pack):
    files = unzip(pack)
    cards = json.loads(files["scorecards.json"])
    cards["scorecards"].pop()
    files["scorecards.json"] = json_bytes(cards)
    verdict = pack_verify(rezip(files))
    assert not verdict.ok
    assert verdict.message == "the pack holds 17 scorecards but the commitment counts 18"


@pytest.mark.parametrize("name", ["scorecards.json", "edition-key.pem", "manifest.json"])
def test_a_removed_file_fails(pack, name):
    files = unzip(pack)
    del files[name]
    verdict = pack_verify(rezip(files, manifest=False))
    assert not verdict.ok
    assert name in verdict.message


def test_an_extra_file_fails(pack):
    files = unzip(pack)
    files["notes.txt"] = b"hello"
    verdict = pack_verify(rezip(files, manifest=False))
    assert verdict.message == "notes.txt is in the pack but not in the manifest"


def test_a_malformed_scorecard_listing_fails_without_a_crash(pack):
    files = unzip(pack)
    cards = json.loads(files["scorecards.json"])
    cards["scorecards"][0]["judge"] = "Judge|01"
    del cards["scorecards"][1]["round"]
    files["scorecards.json"] = json_bytes(cards)
    verdict = pack_verify(rezip(files))
    assert not verdict.ok
    assert verdict.message.startswith("the pack is malformed: ValueError")


def test_not_a_zip_fails():
    assert pack_verify(b"PK-nope").message == "the file is not a ZIP archive"


def test_the_command_exits_non_zero_naming_the_difference(pack, tmp_path):
    files = unzip(pack)
    del files["scorecards.json"]
    path = tmp_path / "pack.zip"
    path.write_bytes(rezip(files, manifest=False))
    with pytest.raises(CommandError) as caught:
        call_command("verify_results", str(path))
    assert str(caught.value) == "NOT verified: scorecards.json is listed in the manifest but missing from the pack"
