"""The cryptography of sealed judging: scorecard encryption, the key ceremony and the reveal.

Plain Python over ``cryptography`` and pycryptodome, no Django: the web reveal, ``manage.py reveal``,
``verify_results`` and the tests all call these functions. Every failure raises a ``SealingError``
subclass carrying an English message; callers translate by exception type.

Formats (stable; printed in the award-night pack and the README):

- Scorecard: ``pad(canonical_json(payload + {"nonce": 32 hex chars}))`` encrypted with HPKE (RFC 9180,
  X25519 / HKDF-SHA256 / AES-256-GCM, base mode) to the edition public key, with ``info`` =
  ``binding_info(...)`` = UTF-8 ``edition|round|judge|entry|version``. The receipt is the SHA-256 hex
  of the whole ciphertext (HPKE encapsulated key followed by the AEAD ciphertext).
- Padding (``pad``/``unpad``, scorecards and drafts): ``json || 0x80 || 0x00 * k``, with k the least
  number making the whole a multiple of ``SCORECARD_BUCKET_BYTES`` (16 KiB), in the manner of ISO/IEC
  7816-4. Canonical JSON never holds a raw 0x00 or 0x80 byte after its closing ``}`` (control characters
  are escaped), so the marker is unambiguous. The scoring form's limits (comment, notes, no control
  characters) keep every scorecard under one bucket, so every sealed scorecard is
  ``32 + 16384 + 16 = 16432`` bytes whatever its scores and text. ``unpad`` checks that the marker is
  there, that everything after it is zero and that the padded length is a multiple of ``PAD_UNIT_BYTES``
  (1 KiB; the bucket may grow in whole KiB without a format change). A plaintext ending with ``}`` is a
  scorecard sealed before padding existed (the format was ``48 + len(json)`` bytes) and still opens.
- Draft (a judge's work in progress, at rest): ``nonce (12 bytes) || AES-256-GCM(draft key,
  pad(canonical_json({"scores", "notes", "comment"})), associated data = draft_binding(...))`` where
  ``draft_binding`` = UTF-8 ``draft|v1|key_id|round|judge|entry`` (database ids); the row stores the key
  id beside the ciphertext. A draft copied to another judge, entry or round, or relabelled with another
  key id, does not open. The draft keys live in the server's environment (``AWARDS_DRAFT_KEYS``), never
  in the database.
- Wrapped private key: ``nonce (12 bytes) || AES-GCM(wrapping_key, raw X25519 private key (32 bytes),
  associated data = raw public key)``. The wrapping key has 16 bytes (AES-128-GCM) because
  pycryptodome's Shamir scheme shares exactly 16-byte secrets; 128 bits is the security level of
  X25519 itself, so nothing is lost.
- Share commitment: ``sha256(f"{index}|{share_hex}".encode("ascii")).hexdigest()`` with the share as
  32 lower-case hex characters, so a holder can check it by hand with ``printf '2|ab..' | sha256sum``.
- Share file (``Share.to_text()``)::

      CCT-AWARDS-SHARE v1
      index: 2
      share: 0f1e 2d3c 4b5a 6978 8796 a5b4 c3d2 e1f0
      check: 3a4b5c6d

  ``check`` is the first 8 hex characters of ``sha256(f"CCT-AWARDS-SHARE v1|{index}|{share_hex}")``
  and catches typing mistakes before anything else is tried.
- Holder key: each key holder makes an X25519 key pair on their own device (the browser's WebCrypto, or
  ``python -m judging.holder_key generate``) and enrols only the public key: 32 raw bytes, given as
  base64 (standard or URL-safe, padding optional) or 64 hex characters. The holder key file::

      CCT-AWARDS-HOLDER-KEY v1
      public: <base64 of the raw 32-byte public key>
      -----BEGIN PRIVATE KEY-----
      <PKCS8 of the X25519 private key, base64>
      -----END PRIVATE KEY-----

  A bare PKCS8 PEM private key is accepted too; the ``public`` line is informative only.
- Encrypted share: the share file text (``Share.to_text()``) encrypted with HPKE (same SUITE as the
  scorecards) to the holder's public key, with ``info`` = ``share_info(...)`` = UTF-8
  ``CCT-AWARDS-SHARE v1|edition|fingerprint|index`` (the edition key's fingerprint), so a ciphertext
  moved to another holder, ceremony or edition does not open. Its file (``EncryptedShare.to_text()``)::

      CCT-AWARDS-ENCRYPTED-SHARE v1
      edition: cct-2026
      fingerprint: <edition key fingerprint, 64 hex>
      index: 2
      holder-key: <sha256 hex of the holder's raw public key>
      ciphertext: <base64, wrapped at 64 characters>

  What a holder keeps is the holder key file, with the encrypted share block appended after it or in a
  file of its own (``<slug>-share-<i>.txt``); the server keeps the same ciphertext, so the key file alone
  is enough wherever the server is asked. ``holder_material_parse`` reads any of these, and a plain share.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
from dataclasses import dataclass

from Crypto.Protocol.SecretSharing import Shamir
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = [
    "DRAFT_KEY_BYTES",
    "SCORECARD_BUCKET_BYTES",
    "CeremonyResult",
    "DraftOpenError",
    "EncryptedShare",
    "HolderKeyError",
    "HolderMaterial",
    "KeyFormatError",
    "ScorecardOpenError",
    "SealingError",
    "Share",
    "ShareFormatError",
    "TooFewSharesError",
    "WrongSharesError",
    "binding_info",
    "canonical_json",
    "ceremony_create",
    "draft_binding",
    "draft_decrypt",
    "draft_encrypt",
    "encrypted_share_parse",
    "fingerprint_display",
    "fingerprint_of",
    "holder_file_text",
    "holder_key_file_text",
    "holder_key_generate",
    "holder_material_parse",
    "holder_public_key_parse",
    "holder_texts_combine",
    "interview_note_binding",
    "interview_note_decrypt",
    "interview_note_encrypt",
    "pad",
    "private_key_from_pem",
    "private_key_pem",
    "private_key_recover",
    "receipt_of",
    "scorecard_decrypt",
    "scorecard_encrypt",
    "share_commitment",
    "share_decrypt",
    "share_encrypt",
    "share_info",
    "share_matches_commitment",
    "share_parse",
    "unpad",
]

SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
SHARE_HEADER = "CCT-AWARDS-SHARE v1"
HOLDER_KEY_HEADER = "CCT-AWARDS-HOLDER-KEY v1"
ENCRYPTED_SHARE_HEADER = "CCT-AWARDS-ENCRYPTED-SHARE v1"
MAX_HOLDERS = 10
WRAP_NONCE_BYTES = 12
WRAPPING_KEY_BYTES = 16  # pycryptodome's Shamir shares 16-byte secrets


class SealingError(Exception):
    """Base of every error of this module; ``str(error)`` is a message for people."""


class ScorecardOpenError(SealingError):
    """A sealed scorecard does not open with this key and binding (wrong key, moved or damaged)."""


class ShareFormatError(SealingError):
    """A share text cannot be read, or its checksum shows a typing mistake."""


class TooFewSharesError(SealingError):
    """Fewer distinct shares than the threshold were given."""


class WrongSharesError(SealingError):
    """The shares do not rebuild this edition's key (a wrong, mistyped or foreign share)."""


class KeyFormatError(SealingError):
    """A key file is not an X25519 private key in PKCS8 PEM."""


class HolderKeyError(SealingError):
    """An encrypted share does not open with this holder key (another holder's key, or a lost one)."""


# --- Scorecards -----------------------------------------------------------------------------------

PAD_UNIT_BYTES = 1024
SCORECARD_BUCKET_BYTES = 16 * PAD_UNIT_BYTES  # every scorecard the form allows fits in one (see the tests)
PAD_MARKER = 0x80


def canonical_json(obj) -> bytes:
    """JSON with sorted keys, no spaces, UTF-8 (not ASCII escapes), NaN and infinities refused."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def binding_info(*, edition: str, round: int | str, judge: str | int, entry: str | int, version: int) -> bytes:
    """HPKE ``info`` binding a ciphertext to its place: UTF-8 ``edition|round|judge|entry|version``."""
    parts = [str(edition), str(round), str(judge), str(entry), str(version)]
    for part in parts:
        if not part or "|" in part:
            raise ValueError(f"Binding parts must be non-empty and free of '|': {part!r}.")
    return "|".join(parts).encode()


def scorecard_encrypt(*, payload: dict, public_key_bytes: bytes, info: bytes) -> bytes:
    """Seal ``payload`` (scores, comments) for the edition public key.

    A fresh random ``nonce`` (16 bytes, hex) is added under the key ``"nonce"`` so that two equal
    scorecards never give related ciphertexts even to someone who sees the plaintext format. The JSON is
    padded to ``SCORECARD_BUCKET_BYTES`` (module docstring), so the length says nothing about the content.
    """
    if "nonce" in payload:
        raise ValueError('The payload must not contain the reserved key "nonce".')
    plaintext = pad(canonical_json({**payload, "nonce": os.urandom(16).hex()}))
    return SUITE.encrypt(plaintext, X25519PublicKey.from_public_bytes(public_key_bytes), info=info)


def scorecard_decrypt(*, ciphertext: bytes, private_key: X25519PrivateKey, info: bytes) -> dict:
    """Open a sealed scorecard; returns the payload given to ``scorecard_encrypt`` (nonce removed)."""
    try:
        plaintext = SUITE.decrypt(ciphertext, private_key, info=info)
    except InvalidTag as error:
        raise ScorecardOpenError(
            "The scorecard does not open: wrong key, or it was moved to another judge, entry or version, "
            "or it was damaged."
        ) from error
    try:
        payload = json.loads(unpad(plaintext).decode())
    except (UnicodeDecodeError, ValueError) as error:
        raise ScorecardOpenError("The scorecard opened but does not contain valid JSON.") from error
    if not isinstance(payload, dict) or "nonce" not in payload:
        raise ScorecardOpenError("The scorecard opened but is not in the expected format.")
    payload.pop("nonce")
    return payload


def receipt_of(ciphertext: bytes) -> str:
    """The receipt shown to the judge: SHA-256 hex of the ciphertext."""
    return hashlib.sha256(ciphertext).hexdigest()


def pad(plaintext: bytes, *, bucket: int = SCORECARD_BUCKET_BYTES) -> bytes:
    """``plaintext || 0x80 || 0x00...`` up to the next multiple of ``bucket`` (module docstring)."""
    if bucket <= 0 or bucket % PAD_UNIT_BYTES:
        raise ValueError(f"The padding bucket must be a positive multiple of {PAD_UNIT_BYTES} bytes.")
    size = (len(plaintext) // bucket + 1) * bucket  # room for the marker byte at least
    return plaintext + bytes([PAD_MARKER]) + bytes(size - len(plaintext) - 1)


def unpad(padded: bytes) -> bytes:
    """Strip and check ``pad``'s padding; a JSON object sealed before padding existed is returned as is.

    Raises ``ValueError`` when the padding is malformed."""
    if padded.endswith(b"}"):
        return padded  # unpadded: sealed before padding existed
    if len(padded) % PAD_UNIT_BYTES:
        raise ValueError("The padded plaintext has a length that is not a whole number of padding units.")
    body = padded.rstrip(b"\x00")
    if not body or body[-1] != PAD_MARKER:
        raise ValueError("The padding marker is missing.")
    return body[:-1]


# --- An assessor's evidence: mystery-call logs and site visits ----------------------------------------

# Every call log the form allows (notes of at most 1,000 characters, 4 bytes each at most) fits one bucket.
CALL_LOG_BUCKET_BYTES = 8 * PAD_UNIT_BYTES
# Every site visit the form allows (40 items with 300-character notes, 1,000 characters of notes) fits one bucket.
SITE_VISIT_BUCKET_BYTES = 64 * PAD_UNIT_BYTES
# The binding's first part per kind: it keeps a scorecard, a call log and a site visit from ever opening as another.
EVIDENCE_KINDS = {"call-log": CALL_LOG_BUCKET_BYTES, "site-visit": SITE_VISIT_BUCKET_BYTES}


class CallLogOpenError(SealingError):
    """A sealed call log or site visit does not open with this key and binding (wrong key, moved, damaged)."""


EvidenceOpenError = CallLogOpenError


def evidence_binding(*, kind: str, edition: str, round: int, assessor: str, entry: int, number: int) -> bytes:
    """HPKE ``info`` of an assessor's sealed evidence: UTF-8 ``kind|edition|round|assessor|entry|number``."""
    if kind not in EVIDENCE_KINDS:
        raise ValueError(f"Unknown kind of evidence: {kind!r}.")
    parts = [str(edition), str(round), str(assessor), str(entry), str(number)]
    for part in parts:
        if not part or "|" in part:
            raise ValueError(f"Binding parts must be non-empty and free of '|': {part!r}.")
    return "|".join([kind, *parts]).encode()


def call_log_binding(*, edition: str, round: int, assessor: str, entry: int, number: int) -> bytes:
    """HPKE ``info`` of a call log: UTF-8 ``call-log|edition|round|assessor|entry|number``. The prefix keeps a
    scorecard's ciphertext from ever opening as a call log and the other way round."""
    return evidence_binding(
        kind="call-log", edition=edition, round=round, assessor=assessor, entry=entry, number=number
    )


def evidence_encrypt(*, payload: dict, public_key_bytes: bytes, info: bytes, kind: str = "call-log") -> bytes:
    """Seal a piece of evidence for the final round's public key, padded so that every one of a kind has the same
    length."""
    if "nonce" in payload:
        raise ValueError('The payload must not contain the reserved key "nonce".')
    plaintext = pad(canonical_json({**payload, "nonce": os.urandom(16).hex()}), bucket=EVIDENCE_KINDS[kind])
    return SUITE.encrypt(plaintext, X25519PublicKey.from_public_bytes(public_key_bytes), info=info)


call_log_encrypt = evidence_encrypt


def evidence_decrypt(*, ciphertext: bytes, private_key: X25519PrivateKey, info: bytes) -> dict:
    """Open a sealed call log or site visit; the payload given to ``evidence_encrypt`` (nonce removed)."""
    try:
        plaintext = SUITE.decrypt(ciphertext, private_key, info=info)
        payload = json.loads(unpad(plaintext).decode())
    except InvalidTag as error:
        raise CallLogOpenError("The evidence does not open: wrong key, moved to another place, or damaged.") from error
    except (UnicodeDecodeError, ValueError) as error:
        raise CallLogOpenError("The evidence opened but does not contain valid JSON.") from error
    if not isinstance(payload, dict) or "nonce" not in payload:
        raise CallLogOpenError("The evidence opened but is not in the expected format.")
    payload.pop("nonce")
    return payload


call_log_decrypt = evidence_decrypt


# --- Drafts at rest -------------------------------------------------------------------------------

DRAFT_KEY_BYTES = 32  # AES-256-GCM
DRAFT_NONCE_BYTES = 12


class DraftOpenError(SealingError):
    """A draft does not open with these keys and binding (unknown or wrong key, moved, damaged)."""



def draft_binding(*, key_id: str, round: int, judge: int, entry: int) -> bytes:
    """AES-GCM associated data of a draft: UTF-8 ``draft|v1|key_id|round|judge|entry`` (database ids)."""
    parts = [str(key_id), str(round), str(judge), str(entry)]
    for part in parts:
        if not part or "|" in part:
            raise ValueError(f"Binding parts must be non-empty and free of '|': {part!r}.")
    return "|".join(["draft", "v1", *parts]).encode()


def draft_encrypt(*, content: dict, key_id: str, key: bytes, round: int, judge: int, entry: int) -> bytes:
    """Encrypt a draft's ``content`` (JSON-able: scores, notes, comment) under one draft key.

    Returns ``nonce || AES-GCM ciphertext``; the caller stores ``key_id`` beside it. The plaintext is
    padded like a scorecard, so a draft's stored length says nothing about it either."""
    if len(key) != DRAFT_KEY_BYTES:
        raise ValueError(f"A draft key has exactly {DRAFT_KEY_BYTES} bytes.")
    nonce = os.urandom(DRAFT_NONCE_BYTES)
    associated = draft_binding(key_id=key_id, round=round, judge=judge, entry=entry)
    return nonce + AESGCM(key).encrypt(nonce, pad(canonical_json(content)), associated)


def draft_decrypt(*, ciphertext: bytes, key_id: str, key: bytes, round: int, judge: int, entry: int) -> dict:
    """Open a draft; raises ``DraftOpenError`` when it does not open (wrong key, copied to another
    judge, entry or round, relabelled with another key id, or damaged)."""
    ciphertext = bytes(ciphertext)
    nonce, sealed = ciphertext[:DRAFT_NONCE_BYTES], ciphertext[DRAFT_NONCE_BYTES:]
    associated = draft_binding(key_id=key_id, round=round, judge=judge, entry=entry)
    try:
        plaintext = AESGCM(key).decrypt(nonce, sealed, associated)
    except (InvalidTag, ValueError) as error:
        raise DraftOpenError(
            "The draft does not open: wrong key, or it was moved to another judge, entry or round, or damaged."
        ) from error
    try:
        content = json.loads(unpad(plaintext).decode())
    except (UnicodeDecodeError, ValueError) as error:
        raise DraftOpenError("The draft opened but does not contain valid JSON.") from error
    if not isinstance(content, dict):
        raise DraftOpenError("The draft opened but is not in the expected format.")
    return content


# --- Key ceremony ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """One key holder's Shamir share of the wrapping key (index from 1, 16 bytes)."""

    index: int
    value: bytes

    def __post_init__(self):
        if not 1 <= self.index <= 255:
            raise ShareFormatError("A share index is a number from 1 to 255.")
        if len(self.value) != WRAPPING_KEY_BYTES:
            raise ShareFormatError("A share has exactly 32 hexadecimal characters.")

    @property
    def hex(self) -> str:
        return self.value.hex()

    @property
    def checksum(self) -> str:
        return hashlib.sha256(f"{SHARE_HEADER}|{self.index}|{self.hex}".encode()).hexdigest()[:8]

    def to_text(self) -> str:
        """The share file / printable block (see the module docstring)."""
        grouped = " ".join(self.hex[i:i + 4] for i in range(0, len(self.hex), 4))
        return f"{SHARE_HEADER}\nindex: {self.index}\nshare: {grouped}\ncheck: {self.checksum}\n"

    def __repr__(self) -> str:  # never print a secret into a log by accident
        return f"Share(index={self.index}, value=<hidden>)"


@dataclass(frozen=True)
class CeremonyResult:
    """Everything a key ceremony makes. Store ``public_key``, ``fingerprint``,
    ``wrapped_private_key``, ``threshold`` and ``commitments``; hand each ``shares[i]`` /
    ``share_texts[i]`` to holder i+1 once and never store them."""

    public_key: bytes
    fingerprint: str
    wrapped_private_key: bytes
    holders: int
    threshold: int
    shares: tuple[Share, ...]
    commitments: tuple[str, ...]
    share_texts: tuple[str, ...]

    def __repr__(self) -> str:
        return f"CeremonyResult(fingerprint={self.fingerprint}, threshold={self.threshold}, holders={self.holders})"


def fingerprint_of(public_key_bytes: bytes) -> str:
    """SHA-256 hex of the raw 32-byte public key."""
    return hashlib.sha256(public_key_bytes).hexdigest()


def fingerprint_display(fingerprint: str, *, group: int = 4) -> str:
    """A fingerprint for people: upper case, in groups (``3F2A 91BC ...``)."""
    text = fingerprint.upper()
    return " ".join(text[i:i + group] for i in range(0, len(text), group))


def share_commitment(share: Share) -> str:
    """``sha256(f"{index}|{share_hex}")`` hex: what the server keeps per holder."""
    return hashlib.sha256(f"{share.index}|{share.hex}".encode("ascii")).hexdigest()


def share_matches_commitment(*, share: Share, commitment: str) -> bool:
    """Whether the share is the one committed to at the ceremony (constant-time compare)."""
    return hmac.compare_digest(share_commitment(share), commitment.strip().lower())


def _check_threshold(holders: int, threshold: int) -> None:
    if not 2 <= holders <= MAX_HOLDERS:
        raise ValueError(f"The number of key holders must be between 2 and {MAX_HOLDERS}.")
    if not 2 <= threshold <= holders:
        raise ValueError("The threshold must be at least 2 and at most the number of key holders.")
    if holders - threshold < 1:
        raise ValueError(
            "Keep at least one spare key holder (holders - threshold >= 1): otherwise one lost share "
            "loses the results."
        )


def ceremony_create(*, holders: int, threshold: int) -> CeremonyResult:
    """Make an edition key pair, wrap the private key and split the wrapping key into shares.

    Rules: 2 <= threshold <= holders <= 10 and holders - threshold >= 1 (ValueError otherwise).
    """
    _check_threshold(holders, threshold)
    private_key = X25519PrivateKey.generate()
    public_key = private_key.public_key().public_bytes_raw()
    wrapping_key = AESGCM.generate_key(bit_length=WRAPPING_KEY_BYTES * 8)
    nonce = os.urandom(WRAP_NONCE_BYTES)
    wrapped = nonce + AESGCM(wrapping_key).encrypt(nonce, private_key.private_bytes_raw(), public_key)
    shares = tuple(Share(index=index, value=value) for index, value in Shamir.split(threshold, holders, wrapping_key))
    return CeremonyResult(
        public_key=public_key,
        fingerprint=fingerprint_of(public_key),
        wrapped_private_key=wrapped,
        holders=holders,
        threshold=threshold,
        shares=shares,
        commitments=tuple(share_commitment(share) for share in shares),
        share_texts=tuple(share.to_text() for share in shares),
    )


_SHORT_FORM = re.compile(r"^(\d{1,3})\s*[:|]\s*([0-9a-f\s-]+)$")
_FIELD = re.compile(r"^(index|share|check)\s*:\s*(.*)$")


def _clean_hex(text: str) -> str:
    value = re.sub(r"[\s-]", "", text)
    if not re.fullmatch(r"[0-9a-f]{32}", value):
        raise ShareFormatError("The share must have exactly 32 hexadecimal characters (0-9, a-f).")
    return value


def share_parse(text: str) -> Share:
    """Read a share from its file text (stray spaces, blank lines and case are forgiven) or from the
    short form ``index:hex``. Raises ``ShareFormatError`` with a message saying what is wrong."""
    cleaned = text.strip().lower()
    if not cleaned:
        raise ShareFormatError("The share is empty.")
    short = _SHORT_FORM.match(cleaned)
    if short:
        return Share(index=int(short.group(1)), value=bytes.fromhex(_clean_hex(short.group(2))))
    fields: dict[str, str] = {}
    last = None
    for raw_line in cleaned.splitlines():
        line = raw_line.strip()
        if not line or line == SHARE_HEADER.lower():
            continue
        match = _FIELD.match(line)
        if match:
            last = match.group(1)
            if last in fields:
                raise ShareFormatError(f'The line "{last}:" appears twice.')
            fields[last] = match.group(2)
        elif last == "share":  # a share wrapped over two lines by a mail client or a paste
            fields["share"] += line
        else:
            raise ShareFormatError("This does not look like a share file: it should start with " + SHARE_HEADER + ".")
    missing = [name for name in ("index", "share", "check") if name not in fields]
    if missing:
        raise ShareFormatError("The share file is missing the line(s): " + ", ".join(missing) + ".")
    if not re.fullmatch(r"\d{1,3}", fields["index"].strip()):
        raise ShareFormatError("The share index must be a whole number.")
    share = Share(index=int(fields["index"]), value=bytes.fromhex(_clean_hex(fields["share"])))
    if not hmac.compare_digest(share.checksum, re.sub(r"\s", "", fields["check"])):
        raise ShareFormatError("The checksum does not match: the share was probably mistyped. Check every character.")
    return share


def private_key_recover(
    *, shares: list[Share], threshold: int, wrapped_private_key: bytes, public_key_bytes: bytes
) -> X25519PrivateKey:
    """Rebuild the edition private key from ``threshold`` shares.

    Exactly ``threshold`` shares are combined (pycryptodome wants no more); extra shares beyond the
    first ``threshold`` (in index order) are ignored. Raises ``TooFewSharesError``,
    ``WrongSharesError`` (duplicate indices, or shares that do not rebuild this edition's key).
    """
    indices = [share.index for share in shares]
    if len(set(indices)) != len(indices):
        raise WrongSharesError("The same share (index) was given twice; each holder's share counts once.")
    if len(shares) < threshold:
        raise TooFewSharesError(f"{len(shares)} share(s) given, {threshold} needed.")
    if len(wrapped_private_key) != WRAP_NONCE_BYTES + 32 + 16:
        raise SealingError("The stored wrapped private key is damaged (wrong length).")
    chosen = sorted(shares, key=lambda share: share.index)[:threshold]
    wrapping_key = Shamir.combine([(share.index, share.value) for share in chosen])
    nonce, sealed = wrapped_private_key[:WRAP_NONCE_BYTES], wrapped_private_key[WRAP_NONCE_BYTES:]
    try:
        raw = AESGCM(wrapping_key).decrypt(nonce, sealed, public_key_bytes)
    except InvalidTag as error:
        raise WrongSharesError(
            "These shares do not open the edition key: at least one is wrong, mistyped or from another ceremony."
        ) from error
    private_key = X25519PrivateKey.from_private_bytes(raw)
    if not hmac.compare_digest(private_key.public_key().public_bytes_raw(), public_key_bytes):
        raise WrongSharesError("The rebuilt key does not match the edition public key.")
    return private_key


# --- Holder keys: each share encrypted to its holder ---------------------------------------------


def holder_key_generate() -> X25519PrivateKey:
    """A new holder key pair (for the command run on a holder's own machine, the demo and the tests)."""
    return X25519PrivateKey.generate()


def holder_public_key_parse(text: str) -> bytes:
    """The raw 32-byte X25519 public key from base64 (standard or URL-safe, padding optional), 64 hex
    characters, or a PEM public key. Raises ``KeyFormatError``."""
    cleaned = re.sub(r"^\s*public\s*:", "", text.strip(), flags=re.IGNORECASE).strip()
    if cleaned.startswith("-----BEGIN PUBLIC KEY-----"):
        try:
            key = serialization.load_pem_public_key(cleaned.encode())
        except (ValueError, TypeError) as error:
            raise KeyFormatError("The public key cannot be read.") from error
        if not isinstance(key, X25519PublicKey):
            raise KeyFormatError("The public key is of another type; an X25519 key is needed.")
        return key.public_bytes_raw()
    compact = re.sub(r"\s", "", cleaned)
    raw = None
    if re.fullmatch(r"[0-9a-fA-F]{64}", compact):
        raw = bytes.fromhex(compact)
    elif re.fullmatch(r"[A-Za-z0-9+/_-]{42,44}={0,2}", compact):
        try:
            raw = base64.urlsafe_b64decode(compact.replace("+", "-").replace("/", "_").rstrip("=") + "=" * (
                -len(compact.rstrip("=")) % 4))
        except ValueError:
            raw = None
    if raw is None or len(raw) != 32:
        raise KeyFormatError("A holder public key is 32 bytes, given as base64 (44 characters) or 64 hex characters.")
    try:
        X25519PublicKey.from_public_bytes(raw)
    except ValueError as error:  # pragma: no cover - every 32 bytes are an X25519 public key
        raise KeyFormatError("This is not an X25519 public key.") from error
    return raw


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def holder_key_file_text(private_key: X25519PrivateKey) -> str:
    """The holder key file (see the module docstring): a header, the public key, the PKCS8 PEM."""
    public = private_key.public_key().public_bytes_raw()
    return f"{HOLDER_KEY_HEADER}\npublic: {_b64(public)}\n" + private_key_pem(private_key).decode("ascii")


def share_info(*, edition: str, fingerprint: str, index: int) -> bytes:
    """HPKE ``info`` of an encrypted share: UTF-8 ``CCT-AWARDS-SHARE v1|edition|fingerprint|index``."""
    for part in (str(edition), str(fingerprint)):
        if not part or "|" in part:
            raise ValueError(f"Binding parts must be non-empty and free of '|': {part!r}.")
    return f"{SHARE_HEADER}|{edition}|{fingerprint}|{int(index)}".encode()


@dataclass(frozen=True)
class EncryptedShare:
    """A share encrypted to its holder's public key, with what is needed to open and place it."""

    edition: str
    fingerprint: str
    index: int
    holder_key: str  # sha256 hex of the holder's raw public key
    ciphertext: bytes

    def to_text(self) -> str:
        encoded = _b64(self.ciphertext)
        lines = [encoded[i:i + 64] for i in range(0, len(encoded), 64)]
        return (
            f"{ENCRYPTED_SHARE_HEADER}\nedition: {self.edition}\nfingerprint: {self.fingerprint}\n"
            f"index: {self.index}\nholder-key: {self.holder_key}\nciphertext: " + "\n".join(lines) + "\n"
        )


def share_encrypt(*, share: Share, holder_public_key: bytes, edition: str, fingerprint: str) -> EncryptedShare:
    """Encrypt ``share`` to the holder's public key (HPKE, the scorecards' suite), bound to its place."""
    info = share_info(edition=edition, fingerprint=fingerprint, index=share.index)
    ciphertext = SUITE.encrypt(share.to_text().encode("ascii"), X25519PublicKey.from_public_bytes(holder_public_key),
                               info=info)
    return EncryptedShare(edition=edition, fingerprint=fingerprint, index=share.index,
                          holder_key=fingerprint_of(holder_public_key), ciphertext=ciphertext)


def share_decrypt(*, encrypted: EncryptedShare, private_key: X25519PrivateKey) -> Share:
    """Open an encrypted share with the holder's private key; ``HolderKeyError`` if it is not theirs."""
    info = share_info(edition=encrypted.edition, fingerprint=encrypted.fingerprint, index=encrypted.index)
    try:
        plaintext = SUITE.decrypt(encrypted.ciphertext, private_key, info=info)
    except (InvalidTag, ValueError) as error:
        raise HolderKeyError(
            "This holder key does not open the share: it is not the key enrolled for this share."
        ) from error
    share = share_parse(plaintext.decode("ascii"))
    if share.index != encrypted.index:
        raise HolderKeyError("The encrypted share holds the share of another holder.")
    return share


_PEM_BLOCK = re.compile(r"-----BEGIN PRIVATE KEY-----[A-Za-z0-9+/=\s]*?-----END PRIVATE KEY-----")


def encrypted_share_parse(text: str) -> EncryptedShare:
    """Read the encrypted share block (see the module docstring) out of ``text``."""
    start = text.find(ENCRYPTED_SHARE_HEADER)
    if start < 0:
        raise ShareFormatError("No encrypted share in this text: it should contain " + ENCRYPTED_SHARE_HEADER + ".")
    fields: dict[str, str] = {}
    last = None
    for raw_line in text[start + len(ENCRYPTED_SHARE_HEADER):].splitlines():
        line = raw_line.strip()
        if not line:
            continue
        if line.startswith("-----BEGIN") or line.startswith("CCT-AWARDS-"):
            break
        name, colon, value = line.partition(":")
        if colon and name.strip().lower() in ("edition", "fingerprint", "index", "holder-key", "ciphertext"):
            last = name.strip().lower()
            fields[last] = value.strip()
        elif last == "ciphertext":
            fields["ciphertext"] += line
        else:
            raise ShareFormatError("The encrypted share has a line that does not belong to it.")
    missing = [name for name in ("edition", "fingerprint", "index", "holder-key", "ciphertext") if name not in fields]
    if missing:
        raise ShareFormatError("The encrypted share is missing the line(s): " + ", ".join(missing) + ".")
    if not re.fullmatch(r"\d{1,3}", fields["index"]):
        raise ShareFormatError("The share index must be a whole number.")
    try:
        ciphertext = base64.b64decode(fields["ciphertext"], validate=True)
    except ValueError as error:
        raise ShareFormatError("The encrypted share's ciphertext is not valid base64.") from error
    return EncryptedShare(edition=fields["edition"], fingerprint=fields["fingerprint"].lower(),
                          index=int(fields["index"]), holder_key=fields["holder-key"].lower(), ciphertext=ciphertext)


@dataclass(frozen=True)
class HolderMaterial:
    """What a holder brought: a plain share, or their key (with or without their encrypted share)."""

    share: Share | None = None
    private_key: X25519PrivateKey | None = None
    encrypted: EncryptedShare | None = None

    @property
    def holder_key(self) -> str | None:
        """sha256 hex of the holder's public key, from the key or else from the encrypted share."""
        if self.private_key is not None:
            return fingerprint_of(self.private_key.public_key().public_bytes_raw())
        return self.encrypted.holder_key if self.encrypted is not None else None

    def __repr__(self) -> str:  # never print a secret into a log by accident
        return f"HolderMaterial(holder_key={self.holder_key}, share=<hidden>, private_key=<hidden>)"


def holder_material_parse(text: str) -> HolderMaterial:
    """Read what a holder gives: a holder key file (alone or with its encrypted share), an encrypted
    share alone, or a plain share (file or short form). Raises a ``SealingError`` saying what is wrong."""
    pem = _PEM_BLOCK.search(text)
    has_encrypted = ENCRYPTED_SHARE_HEADER in text
    if pem is None and not has_encrypted:
        if "PRIVATE KEY-----" in text:
            raise KeyFormatError("The key file is damaged: its PEM block is incomplete.")
        return HolderMaterial(share=share_parse(text))
    private_key = private_key_from_pem(pem.group(0).encode("ascii")) if pem else None
    encrypted = encrypted_share_parse(text) if has_encrypted else None
    return HolderMaterial(private_key=private_key, encrypted=encrypted)


def holder_file_text(private_key: X25519PrivateKey, encrypted: EncryptedShare) -> str:
    """One file holding both: the holder key file followed by the encrypted share."""
    return holder_key_file_text(private_key) + "\n" + encrypted.to_text()


def holder_texts_combine(texts: list[str]) -> list[str]:
    """Put each encrypted-share-only text together with the key file it belongs to (same holder key), so
    files given separately (``--share-file key.txt --share-file share.txt``) count as one holder's. Texts
    that cannot be read, or have no partner, are kept as they are (their error comes later, in place)."""
    kinds = []
    for text in texts:
        try:
            kinds.append(holder_material_parse(text))
        except SealingError:
            kinds.append(None)
    keys_at = {m.holder_key: i for i, m in enumerate(kinds) if m is not None and m.private_key is not None}
    combined = list(texts)
    dropped = set()
    for position, material in enumerate(kinds):
        if material is None or material.private_key is not None or material.encrypted is None:
            continue
        partner = keys_at.get(material.holder_key)
        if partner is not None and kinds[partner].encrypted is None:
            combined[partner] = combined[partner].rstrip("\n") + "\n\n" + texts[position]
            dropped.add(position)
    return [text for position, text in enumerate(combined) if position not in dropped]


def private_key_pem(private_key: X25519PrivateKey) -> bytes:
    """PKCS8 PEM, unencrypted (for ``edition-key.pem`` in the pack, after the reveal only)."""
    return private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def private_key_from_pem(pem: bytes) -> X25519PrivateKey:
    """Load ``edition-key.pem``; raises ``KeyFormatError`` for anything but an X25519 private key."""
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as error:
        raise KeyFormatError("The key file is not an unencrypted PKCS8 PEM private key.") from error
    if not isinstance(key, X25519PrivateKey):
        raise KeyFormatError("The key file holds a key of another type; an X25519 key is needed.")
    return key


# --- Shortlist commitment --------------------------------------------------------------------------

SHORTLIST_HEADER = "CCT-AWARDS-SHORTLIST v1"


def shortlist_commitment(*, edition: str, round: int, root: str, finalists: dict[str, list[str]]) -> str:
    """sha256 hex over canonical JSON of the round's finalists (category code -> entry references, sorted):
    published at the shortlist reveal beside the round's root, re-derived by ``verify_results``."""
    body = {
        "kind": SHORTLIST_HEADER,
        "edition": edition,
        "round": int(round),
        "root": root,
        "finalists": {code: sorted(references) for code, references in sorted(finalists.items())},
    }
    return hashlib.sha256(canonical_json(body)).hexdigest()


# --- A judge's private interview notes (finals day) ---------------------------------------------------


def interview_note_binding(*, key_id: str, round: int, judge: int, entry: int) -> bytes:
    """AES-GCM associated data of an interview note: ``interview-note|v1|key_id|round|judge|entry``. Its own
    prefix, so a note never opens as a scorecard draft, nor a draft as a note."""
    return b"interview-note" + draft_binding(key_id=key_id, round=round, judge=judge, entry=entry)[len(b"draft"):]


def interview_note_encrypt(*, text: str, key_id: str, key: bytes, round: int, judge: int, entry: int) -> bytes:
    """``nonce || AES-GCM(pad(json))`` of a note under a draft key, bound to its round, judge and entry."""
    if len(key) != DRAFT_KEY_BYTES:
        raise ValueError(f"A draft key has exactly {DRAFT_KEY_BYTES} bytes.")
    nonce = os.urandom(DRAFT_NONCE_BYTES)
    associated = interview_note_binding(key_id=key_id, round=round, judge=judge, entry=entry)
    return nonce + AESGCM(key).encrypt(nonce, pad(canonical_json({"text": text})), associated)


def interview_note_decrypt(*, ciphertext: bytes, key_id: str, key: bytes, round: int, judge: int, entry: int) -> str:
    """The note's text; raises ``DraftOpenError`` when it does not open (wrong key, moved, damaged)."""
    ciphertext = bytes(ciphertext)
    nonce, sealed = ciphertext[:DRAFT_NONCE_BYTES], ciphertext[DRAFT_NONCE_BYTES:]
    associated = interview_note_binding(key_id=key_id, round=round, judge=judge, entry=entry)
    try:
        content = json.loads(unpad(AESGCM(key).decrypt(nonce, sealed, associated)).decode())
    except (InvalidTag, ValueError, UnicodeDecodeError) as error:
        raise DraftOpenError("The interview note does not open: wrong key, moved, or damaged.") from error
    if not isinstance(content, dict) or not isinstance(content.get("text"), str):
        raise DraftOpenError("The interview note opened but is not in the expected format.")
    return content["text"]
