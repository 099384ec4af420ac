"""Sealing: scorecard encryption, key ceremony, shares and the reveal of the private key."""

import hashlib
import itertools
import json
import time

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from judging.sealing import (
    KeyFormatError,
    ScorecardOpenError,
    SealingError,
    Share,
    ShareFormatError,
    TooFewSharesError,
    WrongSharesError,
    binding_info,
    canonical_json,
    ceremony_create,
    fingerprint_display,
    private_key_from_pem,
    private_key_pem,
    private_key_recover,
    receipt_of,
    scorecard_decrypt,
    scorecard_encrypt,
    share_commitment,
    share_matches_commitment,
    share_parse,
)

PAYLOAD = {"scores": {"infra_1": 7, "tech_1": 9}, "comments": "Tim yang solid — good work"}


@pytest.fixture(scope="module")
def ceremony():
    return ceremony_create(holders=3, threshold=2)


@pytest.fixture(scope="module")
def private_key(ceremony):
    return private_key_recover(
        shares=list(ceremony.shares[:2]), threshold=2,
        wrapped_private_key=ceremony.wrapped_private_key, public_key_bytes=ceremony.public_key,
    )


def info(**overrides):
    return binding_info(**{"edition": "tbcc-2026", "round": 1, "judge": 7, "entry": 42, "version": 1, **overrides})


def test_canonical_json_is_sorted_compact_utf8():
    assert canonical_json({"b": 1, "a": {"d": [1, 2], "c": "é"}}) == '{"a":{"c":"é","d":[1,2]},"b":1}'.encode()
    with pytest.raises(ValueError):
        canonical_json({"a": float("nan")})


def test_binding_info_joins_the_parts_with_bars():
    assert info() == b"tbcc-2026|1|7|42|1"
    with pytest.raises(ValueError, match="free of"):
        binding_info(edition="a|b", round=1, judge=1, entry=1, version=1)
    with pytest.raises(ValueError):
        binding_info(edition="", round=1, judge=1, entry=1, version=1)


def test_scorecard_round_trip(ceremony, private_key):
    ciphertext = scorecard_encrypt(payload=PAYLOAD, public_key_bytes=ceremony.public_key, info=info())
    assert scorecard_decrypt(ciphertext=ciphertext, private_key=private_key, info=info()) == PAYLOAD


def test_equal_scorecards_give_different_ciphertexts(ceremony):
    first = scorecard_encrypt(payload=PAYLOAD, public_key_bytes=ceremony.public_key, info=info())
    second = scorecard_encrypt(payload=PAYLOAD, public_key_bytes=ceremony.public_key, info=info())
    assert first != second
    assert receipt_of(first) != receipt_of(second)


def test_the_payload_cannot_carry_its_own_nonce(ceremony):
    with pytest.raises(ValueError, match="nonce"):
        scorecard_encrypt(payload={"nonce": "x"}, public_key_bytes=ceremony.public_key, info=info())


@pytest.mark.parametrize("moved", [{"judge": 8}, {"entry": 43}, {"version": 2}, {"round": 2}, {"edition": "other"}])
def test_a_scorecard_moved_elsewhere_does_not_open(ceremony, private_key, moved):
    ciphertext = scorecard_encrypt(payload=PAYLOAD, public_key_bytes=ceremony.public_key, info=info())
    with pytest.raises(ScorecardOpenError, match="does not open"):
        scorecard_decrypt(ciphertext=ciphertext, private_key=private_key, info=info(**moved))


def test_a_scorecard_does_not_open_with_another_key_or_damaged(ceremony, private_key):
    ciphertext = scorecard_encrypt(payload=PAYLOAD, public_key_bytes=ceremony.public_key, info=info())
    with pytest.raises(ScorecardOpenError):
        scorecard_decrypt(ciphertext=ciphertext, private_key=X25519PrivateKey.generate(), info=info())
    damaged = ciphertext[:-1] + bytes([ciphertext[-1] ^ 1])
    with pytest.raises(ScorecardOpenError):
        scorecard_decrypt(ciphertext=damaged, private_key=private_key, info=info())
    with pytest.raises(ScorecardOpenError):
        scorecard_decrypt(ciphertext=b"short", private_key=private_key, info=info())


def test_receipt_is_the_sha256_of_the_ciphertext(ceremony):
    ciphertext = scorecard_encrypt(payload=PAYLOAD, public_key_bytes=ceremony.public_key, info=info())
    assert receipt_of(ciphertext) == hashlib.sha256(ciphertext).hexdigest()


def test_ceremony_keeps_a_fingerprint_and_one_commitment_per_holder(ceremony):
    assert len(ceremony.public_key) == 32
    assert ceremony.fingerprint == hashlib.sha256(ceremony.public_key).hexdigest()
    assert [share.index for share in ceremony.shares] == [1, 2, 3]
    assert list(ceremony.commitments) == [
        hashlib.sha256(f"{share.index}|{share.value.hex()}".encode()).hexdigest() for share in ceremony.shares
    ]
    assert len(ceremony.wrapped_private_key) == 12 + 32 + 16
    # Nothing that opens the scorecards is in what the server keeps (nor in the repr of the result).
    raw_hexes = [share.value.hex() for share in ceremony.shares]
    assert not any(value in repr(ceremony) for value in raw_hexes)


def test_fingerprint_display_groups_for_people():
    assert fingerprint_display("ab12cd34ef56") == "AB12 CD34 EF56"


@pytest.mark.parametrize(
    ("holders", "threshold", "message"),
    [(3, 1, "at least 2"), (3, 4, "at most"), (11, 5, "between 2 and 10"), (1, 1, "between 2"),
     (3, 3, "spare key holder")],
)
def test_ceremony_refuses_bad_thresholds(holders, threshold, message):
    with pytest.raises(ValueError, match=message):
        ceremony_create(holders=holders, threshold=threshold)


@pytest.mark.parametrize(("holders", "threshold"), [(3, 2), (5, 3), (4, 2)])
def test_every_k_subset_of_shares_recovers_the_key(holders, threshold):
    result = ceremony_create(holders=holders, threshold=threshold)
    for subset in itertools.combinations(result.shares, threshold):
        key = private_key_recover(
            shares=list(subset), threshold=threshold,
            wrapped_private_key=result.wrapped_private_key, public_key_bytes=result.public_key,
        )
        assert key.public_key().public_bytes_raw() == result.public_key
    for subset in itertools.combinations(result.shares, threshold - 1):
        with pytest.raises(TooFewSharesError, match=f"{threshold} needed"):
            private_key_recover(
                shares=list(subset), threshold=threshold,
                wrapped_private_key=result.wrapped_private_key, public_key_bytes=result.public_key,
            )


def test_more_shares_than_needed_still_recover(ceremony):
    key = private_key_recover(shares=list(reversed(ceremony.shares)), threshold=2,
                              wrapped_private_key=ceremony.wrapped_private_key, public_key_bytes=ceremony.public_key)
    assert key.public_key().public_bytes_raw() == ceremony.public_key


def test_a_corrupted_share_fails_clearly(ceremony):
    good, other = ceremony.shares[0], ceremony.shares[1]
    corrupted = Share(index=good.index, value=bytes([good.value[0] ^ 0x01]) + good.value[1:])
    with pytest.raises(WrongSharesError, match="do not open the edition key"):
        private_key_recover(shares=[corrupted, other], threshold=2,
                            wrapped_private_key=ceremony.wrapped_private_key, public_key_bytes=ceremony.public_key)
    assert not share_matches_commitment(share=corrupted, commitment=ceremony.commitments[0])


def test_shares_from_another_ceremony_fail_clearly(ceremony):
    foreign = ceremony_create(holders=3, threshold=2)
    with pytest.raises(WrongSharesError):
        private_key_recover(shares=list(foreign.shares[:2]), threshold=2,
                            wrapped_private_key=ceremony.wrapped_private_key, public_key_bytes=ceremony.public_key)


def test_a_wrapped_key_of_another_edition_is_refused(ceremony):
    foreign = ceremony_create(holders=3, threshold=2)
    # Right shares and wrapped key, but the public key of another edition: the AES-GCM associated
    # data does not match, so the key does not unwrap.
    with pytest.raises(WrongSharesError):
        private_key_recover(shares=list(ceremony.shares[:2]), threshold=2,
                            wrapped_private_key=ceremony.wrapped_private_key, public_key_bytes=foreign.public_key)
    with pytest.raises(SealingError, match="damaged"):
        private_key_recover(shares=list(ceremony.shares[:2]), threshold=2,
                            wrapped_private_key=ceremony.wrapped_private_key[:-1], public_key_bytes=ceremony.public_key)


def test_the_same_share_twice_is_refused(ceremony):
    with pytest.raises(WrongSharesError, match="twice"):
        private_key_recover(shares=[ceremony.shares[0], ceremony.shares[0]], threshold=2,
                            wrapped_private_key=ceremony.wrapped_private_key, public_key_bytes=ceremony.public_key)


def test_share_text_round_trips_and_matches_its_commitment(ceremony):
    for share, text, commitment in zip(ceremony.shares, ceremony.share_texts, ceremony.commitments, strict=True):
        lines = text.splitlines()
        assert lines[0] == "CCT-AWARDS-SHARE v1"
        assert lines[1] == f"index: {share.index}"
        assert lines[2].replace("share: ", "").replace(" ", "") == share.value.hex()
        assert lines[3].startswith("check: ")
        parsed = share_parse(text)
        assert parsed == share
        assert share_matches_commitment(share=parsed, commitment=commitment)
        assert share_commitment(parsed) == commitment


def test_share_parse_forgives_pasting_mess():
    share = Share(index=2, value=bytes(range(16)))
    text = share.to_text()
    messy = "\n\n   " + text.upper().replace("\n", "  \r\n\n") + "\n  "
    assert share_parse(messy) == share
    # A share line wrapped in two by a mail client.
    wrapped = text.replace("0607 ", "0607\n")
    assert share_parse(wrapped) == share
    assert share_parse(f"  2:{share.value.hex()}  ") == share
    assert share_parse(f"2 : {share.value.hex().upper()}") == share


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("hello world", "does not look like a share"),
        ("CCT-AWARDS-SHARE v1\nindex: 2\nshare: 0001 0203", "missing the line"),
        ("2:0001", "32 hexadecimal"),
        ("0:000102030405060708090a0b0c0d0e0f", "1 to 255"),
        ("CCT-AWARDS-SHARE v1\nindex: x\nshare: 000102030405060708090a0b0c0d0e0f\ncheck: 00000000", "whole number"),
        ("CCT-AWARDS-SHARE v1\nindex: 2\nindex: 3\nshare: 00\ncheck: 0", "twice"),
    ],
)
def test_share_parse_rejects_garbage(text, message):
    with pytest.raises(ShareFormatError, match=message):
        share_parse(text)


def test_share_parse_rejects_a_typo_by_its_checksum():
    share = Share(index=2, value=bytes(range(16)))
    typo = share.to_text().replace("0001", "0011")
    with pytest.raises(ShareFormatError, match="checksum"):
        share_parse(typo)
    wrong_index = share.to_text().replace("index: 2", "index: 3")
    with pytest.raises(ShareFormatError, match="checksum"):
        share_parse(wrong_index)


def test_share_repr_hides_the_secret():
    share = Share(index=1, value=bytes(range(16)))
    assert share.value.hex() not in repr(share)


def test_private_key_pem_round_trip(private_key):
    pem = private_key_pem(private_key)
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    loaded = private_key_from_pem(pem)
    assert loaded.private_bytes_raw() == private_key.private_bytes_raw()
    with pytest.raises(KeyFormatError):
        private_key_from_pem(b"not a key")


def test_decrypting_many_realistic_scorecards_is_fast(ceremony, private_key):
    payload = {"scores": {f"criterion_{i}": i % 10 + 1 for i in range(16)}, "comments": "x" * 700}
    assert 900 < len(json.dumps(payload)) < 1200
    sealed = [
        (scorecard_encrypt(payload=payload, public_key_bytes=ceremony.public_key, info=info(entry=i)), info(entry=i))
        for i in range(200)
    ]
    started = time.perf_counter()
    for ciphertext, binding in sealed:
        assert scorecard_decrypt(ciphertext=ciphertext, private_key=private_key, info=binding) == payload
    assert time.perf_counter() - started < 2.0
