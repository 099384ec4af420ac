import base64
import io
import json
import tracemalloc
import zipfile

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError

from judging import sealing
from judging.merkle import leaf_from_receipt, merkle_root
from judging.models import KeyCeremony, Seal
from judging.pack import PACK
from judging.services.export import award_night_pack_build, json_bytes, pack_zip, results_csv
from judging.services.results_data import results_derive, tally_run
from judging.services.reveal import edition_reveal
from judging.services.seal import commitment_root, edition_seal
from judging.services.verification import PACK_LIMITS, ZipLimits, pack_path_verify, pack_verify
from tests.generated_edition import edition_generate, unzip

pytestmark = pytest.mark.django_db


@pytest.fixture
def revealed(monkeypatch):
    # The feedback PDFs take a third of a second each and verification never reads them (tests/judging/test_feedback.py
    # checks that a pack holding them verifies): leave them out of the many packs built here.
    from judging.services import export
    from judging.services.feedback import feedback_pdfs

    monkeypatch.setattr(export, "PACK_PARTS", [part for part in export.PACK_PARTS if part is not feedback_pdfs])
    generated = edition_generate(categories=2, entries_per_category=3, judges=3, medals=True)
    edition_seal(edition=generated.edition, actor=None)
    edition_reveal(edition=generated.edition, shares=generated.share_texts[1:], actor=None)
    return generated


@pytest.fixture
def pack(revealed) -> bytes:
    return award_night_pack_build(edition=revealed.edition)


@pytest.fixture
def published(revealed) -> tuple[str, str]:
    """The root shown since the seal and the key fingerprint shown since the key ceremony."""
    seal = Seal.objects.get(edition=revealed.edition)
    return seal.root, KeyCeremony.objects.get(edition=revealed.edition, is_active=True).fingerprint


def rezip(files: dict[str, bytes], *, manifest: bool = True) -> bytes:
    """Tamper, then (like a careful forger) recompute the manifest, or keep the old one."""
    if manifest:
        return pack_zip(files=files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.slow
def test_an_untouched_pack_verifies(pack):
    verdict = pack_verify(pack)
    assert verdict.ok, verdict.message
    assert verdict.message == "verified"
    assert verdict.scorecards == 18


@pytest.mark.slow
def test_the_command_prints_verified(pack, tmp_path, capsys):
    path = tmp_path / "pack.zip"
    path.write_bytes(pack)
    call_command("verify_results", str(path))
    assert capsys.readouterr().out.startswith("verified")


@pytest.mark.slow
def test_an_edited_file_breaks_the_manifest(pack):
    files = unzip(pack)
    files[PACK.results_csv] = files[PACK.results_csv].replace(b"winner", b"loser")
    verdict = pack_verify(rezip(files, manifest=False))
    assert not verdict.ok
    assert verdict.message == "results.csv does not match its SHA-256 in the manifest"


@pytest.mark.slow
def test_edited_results_fail_even_with_a_fresh_manifest(pack):
    files = unzip(pack)
    results = json.loads(files[PACK.results_json])
    results["awards"][0]["score"] = "99.99"
    files[PACK.results_json] = json_bytes(value=results)
    verdict = pack_verify(rezip(files))
    assert not verdict.ok
    assert verdict.message.startswith("results.json awards[0].score: the tally gives")


@pytest.mark.slow
def test_a_swapped_award_fails(pack):
    files = unzip(pack)
    results = json.loads(files[PACK.results_json])
    first, second = results["rankings"][0]["entries"][:2]
    first["award"], second["award"] = second["award"], first["award"]
    files[PACK.results_json] = json_bytes(value=results)
    verdict = pack_verify(rezip(files))
    assert not verdict.ok
    assert verdict.message.startswith("results.json rankings[0].entries[0].award")


@pytest.mark.slow
def test_an_edited_scorecard_content_fails(pack):
    files = unzip(pack)
    cards = json.loads(files[PACK.scorecards_json])
    scores = cards["scorecards"][3]["content"]["scores"]
    scores["people-1"] = 10 if scores["people-1"] != 10 else 1
    files[PACK.scorecards_json] = json_bytes(value=cards)
    verdict = pack_verify(rezip(files))
    assert not verdict.ok
    assert "the listed content differs from the decrypted ciphertext" in verdict.message


@pytest.mark.slow
def test_a_swapped_ciphertext_fails(pack):
    files = unzip(pack)
    cards = json.loads(files[PACK.scorecards_json])
    a, b = cards["scorecards"][0], cards["scorecards"][1]
    a["ciphertext"], b["ciphertext"] = b["ciphertext"], a["ciphertext"]
    a["receipt"], b["receipt"] = b["receipt"], a["receipt"]
    files[PACK.scorecards_json] = json_bytes(value=cards)
    verdict = pack_verify(rezip(files))
    assert not verdict.ok
    assert "does not open with its binding" in verdict.message


@pytest.mark.slow
def test_a_forged_root_fails(pack):
    files = unzip(pack)
    results = json.loads(files[PACK.results_json])
    cards = json.loads(files[PACK.scorecards_json])["scorecards"]
    results["commitment"]["root"] = merkle_root([leaf_from_receipt(c["receipt"]) for c in cards[1:]]).hex()
    files[PACK.results_json] = json_bytes(value=results)
    verdict = pack_verify(rezip(files))
    assert not verdict.ok
    assert verdict.message.startswith("the scorecards give the root")


@pytest.mark.slow
def test_a_dropped_scorecard_fails(pack):
    files = unzip(pack)
    cards = json.loads(files[PACK.scorecards_json])
    cards["scorecards"].pop()
    files[PACK.scorecards_json] = json_bytes(value=cards)
    verdict = pack_verify(rezip(files))
    assert not verdict.ok
    assert verdict.message == "the pack holds 17 scorecards but the commitment counts 18"


@pytest.mark.slow
@pytest.mark.parametrize("name", [PACK.scorecards_json, PACK.edition_key, PACK.manifest])
def test_a_removed_file_fails(pack, name):
    files = unzip(pack)
    del files[name]
    verdict = pack_verify(rezip(files, manifest=False))
    assert not verdict.ok
    assert name in verdict.message


@pytest.mark.slow
def test_an_extra_file_fails(pack):
    files = unzip(pack)
    files["notes.txt"] = b"hello"
    verdict = pack_verify(rezip(files, manifest=False))
    assert verdict.message == "notes.txt is in the pack but not in the manifest"


@pytest.mark.slow
def test_a_malformed_scorecard_listing_fails_without_a_crash(pack):
    files = unzip(pack)
    cards = json.loads(files[PACK.scorecards_json])
    cards["scorecards"][0]["judge"] = "Judge|01"
    del cards["scorecards"][1]["round"]
    files[PACK.scorecards_json] = json_bytes(value=cards)
    verdict = pack_verify(rezip(files))
    assert not verdict.ok
    assert verdict.message.startswith("the pack is malformed: ValueError")


def test_not_a_zip_fails():
    assert pack_verify(b"PK-nope").message == "the file is not a ZIP archive"


@pytest.mark.slow
def test_the_command_exits_non_zero_naming_the_difference(pack, tmp_path):
    files = unzip(pack)
    del files[PACK.scorecards_json]
    path = tmp_path / "pack.zip"
    path.write_bytes(rezip(files, manifest=False))
    with pytest.raises(CommandError) as caught:
        call_command("verify_results", str(path))
    assert str(caught.value) == "NOT verified: scorecards.json is listed in the manifest but missing from the pack"


# --- A forged pack that agrees with itself, and the published commitment --------------------------


def _listing_order(card: dict) -> tuple:
    return (card["round"], card["entry_id"], card["judge_id"])


def forge(pack: bytes, *, private_key=None) -> bytes:
    """What anyone holding a pack can do: open a scorecard with the pack's own key, give it all 10s,
    re-encrypt it to the same public key and binding, then recompute receipt, root, results, CSV and manifest.

    With ``private_key`` every scorecard is re-encrypted to that other key instead, and the pack carries it.
    """
    files = unzip(pack)
    key = sealing.private_key_from_pem(files[PACK.edition_key])
    results = json.loads(files[PACK.results_json])
    document = json.loads(files[PACK.scorecards_json])
    new_key = private_key or key
    public = new_key.public_key().public_bytes_raw()
    for index, card in enumerate(document["scorecards"]):
        if private_key is None and index != 0:
            continue
        info = sealing.binding_info(
            edition=results["edition"]["slug"], round=card["round"], judge=card["judge"], entry=card["entry_id"],
            version=card["version"],
        )
        payload = sealing.scorecard_decrypt(
            private_key=key, ciphertext=base64.b64decode(card["ciphertext"]), info=info
        )
        if index == 0:
            payload["scores"] = {code: 10 for code in payload["scores"]}
        ciphertext = sealing.scorecard_encrypt(payload=payload, public_key_bytes=public, info=info)
        card.update(
            ciphertext=base64.b64encode(ciphertext).decode(), receipt=sealing.receipt_of(ciphertext), content=payload
        )
    listings = sorted(document["scorecards"], key=_listing_order)
    results["commitment"]["root"] = commitment_root(receipts=[card["receipt"] for card in listings])
    results.update(json.loads(json.dumps(results_derive(document=results, tally=tally_run(document=results,
                                                                                           listings=listings)))))
    files[PACK.scorecards_json] = json_bytes(value=document)
    files[PACK.results_json] = json_bytes(value=results)
    files[PACK.results_csv] = results_csv(document=results)
    files[PACK.edition_key] = sealing.private_key_pem(new_key)
    return pack_zip(files=files)


@pytest.mark.slow
def test_a_self_consistent_forged_pack_passes_consistency_only(pack, published):
    forged = forge(pack)
    verdict = pack_verify(forged)
    # The pack agrees with itself: that is all a pack alone can show, and the verdict says it was not compared.
    assert verdict.ok, verdict.message
    assert verdict.root != published[0]
    assert (verdict.root_checked, verdict.fingerprint_checked) == (False, False)


@pytest.mark.slow
def test_a_self_consistent_forged_pack_fails_against_the_published_root(pack, published):
    root, fingerprint = published
    forged = forge(pack)
    forged_root = json.loads(unzip(forged)[PACK.results_json])["commitment"]["root"]
    verdict = pack_verify(forged, expected_root=root, expected_fingerprint=fingerprint)
    assert not verdict.ok
    assert verdict.message == (
        f"the root differs from the one published at the seal: expected {root}, "
        f"the pack's 18 scorecards give {forged_root}"
    )


@pytest.mark.slow
def test_a_pack_re_encrypted_to_another_key_fails_the_published_fingerprint(pack, published):
    other = X25519PrivateKey.generate()
    forged = forge(pack, private_key=other)
    assert pack_verify(forged).ok
    other_fingerprint = sealing.fingerprint_of(other.public_key().public_bytes_raw())
    verdict = pack_verify(forged, expected_fingerprint=sealing.fingerprint_display(published[1]))
    assert verdict.message == (
        f"the key fingerprint differs from the published one: expected {published[1]}, "
        f"the pack's edition-key.pem has {other_fingerprint}"
    )


@pytest.mark.slow
def test_the_command_fails_a_forged_pack_against_the_published_root(pack, published, tmp_path):
    root, _fingerprint = published
    path = tmp_path / "forged.zip"
    path.write_bytes(forge(pack))
    with pytest.raises(CommandError) as caught:
        call_command("verify_results", str(path), "--expected-root", root)
    message = str(caught.value)
    assert message.startswith(f"NOT verified: the root differs from the one published at the seal: expected {root}, ")
    assert "\n" not in message


@pytest.mark.slow
def test_the_command_names_root_count_and_fingerprint_of_the_genuine_pack(pack, published, tmp_path, capsys):
    root, fingerprint = published
    path = tmp_path / "pack.zip"
    path.write_bytes(pack)
    # As people copy them from the page: the fingerprint grouped and upper case, the root upper case.
    call_command(
        "verify_results", str(path), "--expected-root", root.upper(),
        "--expected-fingerprint", sealing.fingerprint_display(fingerprint),
    )
    assert capsys.readouterr().out.splitlines() == [
        "verified: 18 scorecards, 6 awards",
        f"root: {root} (matches --expected-root)",
        "scorecards: 18",
        f"key fingerprint: {sealing.fingerprint_display(fingerprint)} (matches --expected-fingerprint)",
    ]


@pytest.mark.slow
def test_without_the_published_root_the_command_says_it_proved_consistency_only(pack, published, tmp_path, capsys):
    root, fingerprint = published
    path = tmp_path / "pack.zip"
    path.write_bytes(pack)
    call_command("verify_results", str(path))
    lines = capsys.readouterr().out.splitlines()
    assert lines[:4] == [
        "verified: 18 scorecards, 6 awards",
        f"root: {root} (NOT compared with the published root)",
        "scorecards: 18",
        f"key fingerprint: {sealing.fingerprint_display(fingerprint)} (not compared)",
    ]
    assert lines[4].startswith("Internal consistency only: ")


@pytest.mark.slow
def test_a_malformed_expected_root_is_refused_with_one_line(pack, tmp_path):
    path = tmp_path / "pack.zip"
    path.write_bytes(pack)
    with pytest.raises(CommandError) as caught:
        call_command("verify_results", str(path), "--expected-root", "abc")
    assert str(caught.value) == (
        "NOT verified: the expected value is malformed: 'abc' is not 64 hexadecimal characters (a SHA-256 in hex)"
    )


# --- Zip bombs: refused before inflating ----------------------------------------------------------


def _zip_of_zeros(sizes: dict[str, int]) -> bytes:
    """A ZIP whose members are the given numbers of zero bytes, deflated while written in 1 MiB chunks."""
    buffer = io.BytesIO()
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, size in sizes.items():
            with archive.open(name, "w", force_zip64=size > 2**31) as member:
                for start in range(0, size, len(chunk)):
                    member.write(chunk[: min(len(chunk), size - start)])
    return buffer.getvalue()


def _verify_with_peak(data: bytes, **kwargs):
    tracemalloc.start()
    try:
        verdict = pack_verify(data, **kwargs)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return verdict, peak


def test_a_member_past_the_per_file_cap_is_refused_before_inflating():
    size = PACK_LIMITS.member_bytes + 36 * 1024 * 1024  # 100 MiB of zeros: a few hundred kB zipped
    bomb = _zip_of_zeros({PACK.manifest: 10, PACK.scorecards_json: size})
    assert len(bomb) < 2 * 1024 * 1024
    verdict, peak = _verify_with_peak(bomb)
    assert verdict.message == (
        f"scorecards.json would inflate to {size:,} bytes, more than the cap of 67,108,864 bytes per file: "
        "refused before inflating"
    )
    assert peak < 4 * 1024 * 1024  # nothing was inflated


def test_files_past_the_total_cap_are_refused_before_inflating():
    limits = ZipLimits(member_bytes=2 * 1024 * 1024, total_bytes=5 * 1024 * 1024)
    bomb = _zip_of_zeros({f"feedback/{number}.pdf": 2 * 1024 * 1024 for number in range(3)})
    verdict, peak = _verify_with_peak(bomb, limits=limits)
    assert verdict.message == (
        "the pack's files would inflate to 6,291,456 bytes in all, more than the cap of 5,242,880 bytes: "
        "refused before inflating"
    )
    assert peak < 1024 * 1024


def test_too_many_files_are_refused():
    archive = _zip_of_zeros({f"f{number}": 1 for number in range(4)})
    verdict = pack_verify(archive, limits=ZipLimits(members=3))
    assert verdict.message == "the pack holds 4 files, more than the cap of 3"


def _header_lies(data: bytes, *, claimed: int) -> bytes:
    """Rewrite the uncompressed size of the (only) member in its local and central headers."""
    patched = bytearray(data)
    local = patched.index(b"PK\x03\x04")
    patched[local + 22: local + 26] = claimed.to_bytes(4, "little")
    central = patched.index(b"PK\x01\x02")
    patched[central + 24: central + 28] = claimed.to_bytes(4, "little")
    return bytes(patched)


def test_a_member_whose_header_lies_about_its_size_is_read_no_further_than_the_header_says():
    # 40 MiB of zeros whose headers claim 1 kB: under every cap, so the bounded read is what stops it.
    liar = _header_lies(_zip_of_zeros({PACK.scorecards_json: 40 * 1024 * 1024}), claimed=1000)
    with zipfile.ZipFile(io.BytesIO(liar)) as archive:
        assert archive.getinfo(PACK.scorecards_json).file_size == 1000
    verdict, peak = _verify_with_peak(liar, limits=ZipLimits(member_bytes=1024 * 1024, total_bytes=4 * 1024 * 1024))
    assert not verdict.ok
    assert verdict.message.startswith("scorecards.json cannot be read from the pack: Bad CRC-32")
    assert peak < 4 * 1024 * 1024  # a few read buffers around the 1 MiB cap, never the 40 MiB


def test_a_pack_file_past_the_total_cap_is_refused_unread(tmp_path):
    path = tmp_path / "big.zip"
    path.write_bytes(bytes(2048))
    with pytest.raises(CommandError) as caught:
        call_command("verify_results", str(path))
    assert str(caught.value) == "NOT verified: the file is not a ZIP archive"
    verdict = pack_path_verify(path, limits=ZipLimits(total_bytes=1024))
    assert verdict.message == "the pack is 2,048 bytes, more than the cap of 1,024 bytes"


@pytest.mark.slow
def test_a_real_pack_is_well_inside_the_caps(pack):
    with zipfile.ZipFile(io.BytesIO(pack)) as archive:
        sizes = [info.file_size for info in archive.infolist()]
    assert max(sizes) * 20 < PACK_LIMITS.member_bytes
    assert sum(sizes) * 20 < PACK_LIMITS.total_bytes


# --- results.csv is results.json's awards, as the one CSV writer writes them ----------------------


@pytest.mark.slow
def test_a_results_csv_that_differs_from_results_json_fails_even_with_a_fresh_manifest(pack):
    files = unzip(pack)
    files[PACK.results_csv] = files[PACK.results_csv].replace(b"\n", b"\r\n")
    verdict = pack_verify(rezip(files))
    assert verdict.message == "results.csv differs from the awards in results.json"
