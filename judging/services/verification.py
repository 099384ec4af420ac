"""Verifying an award-night pack with the pack alone: manifest, scorecards, receipts, root and tally."""

import base64
import binascii
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

from judging import sealing
from judging.services.export import EDITION_KEY, MANIFEST, RESULTS_JSON, SCORECARDS_JSON
from judging.services.results_data import results_derive, tally_run
from judging.services.seal import commitment_root


@dataclass(frozen=True)
class Verdict:
    ok: bool
    message: str
    scorecards: int = 0
    awards: int = 0


class _Difference(Exception):
    """The first difference found; its message is the verdict."""


def _json(files: dict[str, bytes], name: str):
    try:
        return json.loads(files[name].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _Difference(f"{name} is not valid JSON") from exc


def _manifest_check(files: dict[str, bytes]) -> None:
    if MANIFEST not in files:
        raise _Difference(f"{MANIFEST} is missing")
    manifest = _json(files, MANIFEST)
    listed = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(listed, dict):
        raise _Difference(f"{MANIFEST} does not list the files")
    present = set(files) - {MANIFEST}
    for name in sorted(set(listed) - present):
        raise _Difference(f"{name} is listed in the manifest but missing from the pack")
    for name in sorted(present - set(listed)):
        raise _Difference(f"{name} is in the pack but not in the manifest")
    for name in sorted(listed):
        if hashlib.sha256(files[name]).hexdigest() != listed[name]:
            raise _Difference(f"{name} does not match its SHA-256 in the manifest")
    for name in (RESULTS_JSON, SCORECARDS_JSON, EDITION_KEY):
        if name not in files:
            raise _Difference(f"{name} is missing")


def _scorecards_check(*, results: dict, listings: list[dict], private_key) -> list[dict]:
    slug = results["edition"]["slug"]
    for listing in listings:
        label = f"scorecard {listing.get('receipt', '?')[:16]} ({listing.get('judge')} on {listing.get('entry')})"
        try:
            ciphertext = base64.b64decode(listing["ciphertext"], validate=True)
        except (KeyError, binascii.Error) as exc:
            raise _Difference(f"{label}: the ciphertext is not base64") from exc
        if sealing.receipt_of(ciphertext) != listing["receipt"]:
            raise _Difference(f"{label}: the receipt is not the SHA-256 of the ciphertext")
        info = sealing.binding_info(
            edition=slug,
            round=listing["round"],
            judge=listing["judge"],
            entry=listing["entry_id"],
            version=listing["version"],
        )
        try:
            content = sealing.scorecard_decrypt(private_key=private_key, ciphertext=ciphertext, info=info)
        except sealing.ScorecardOpenError as exc:
            raise _Difference(f"{label}: the ciphertext does not open with its binding") from exc
        if content != listing["content"]:
            raise _Difference(f"{label}: the listed content differs from the decrypted ciphertext")
    return sorted(listings, key=lambda item: (item["round"], item["entry_id"], item["judge_id"]))


def _verify(files: dict[str, bytes]) -> Verdict:
    _manifest_check(files)
    results = _json(files, RESULTS_JSON)
    scorecards = _json(files, SCORECARDS_JSON)
    if scorecards.get("edition") != results["edition"]["slug"]:
        raise _Difference("scorecards.json belongs to another edition than results.json")
    try:
        private_key = sealing.private_key_from_pem(files[EDITION_KEY])
    except (sealing.SealingError, ValueError) as exc:
        raise _Difference(f"{EDITION_KEY} is not a valid private key") from exc
    listings = _scorecards_check(results=results, listings=scorecards["scorecards"], private_key=private_key)
    root = commitment_root([listing["receipt"] for listing in listings])
    commitment = results["commitment"]
    if len(listings) != commitment["count"]:
        raise _Difference(
            f"the pack holds {len(listings)} scorecards but the commitment counts {commitment['count']}"
        )
    if root != commitment["root"]:
        raise _Difference(f"the scorecards give the root {root}, not the committed {commitment['root']}")
    tally = tally_run(document=results, listings=listings)
    derived = json.loads(json.dumps(results_derive(document=results, tally=tally)))
    for key in ("awards", "rankings", "tally"):
        if derived[key] != results.get(key):
            raise _Difference(_first_difference(key, derived[key], results.get(key)))
    return Verdict(True, "verified", scorecards=len(listings), awards=len(results["awards"]))


def _first_difference(path: str, expected, found) -> str:
    """A readable pointer to the first place where the recomputed value and the published one differ."""
    if isinstance(expected, dict) and isinstance(found, dict):
        for key in sorted(set(expected) | set(found), key=str):
            if expected.get(key) != found.get(key):
                return _first_difference(f"{path}.{key}", expected.get(key), found.get(key))
    if isinstance(expected, list) and isinstance(found, list):
        for index, (left, right) in enumerate(zip(expected, found, strict=False)):
            if left != right:
                return _first_difference(f"{path}[{index}]", left, right)
        if len(expected) != len(found):
            return f"results.json {path}: the tally gives {len(expected)} items, the pack lists {len(found)}"
    return f"results.json {path}: the tally gives {expected!r}, the pack says {found!r}"


def pack_verify(zip_bytes: bytes) -> Verdict:
    """Check a pack with nothing but its own content. The verdict names the first difference found."""
    try:
        with zipfile.ZipFile(io.BytesIO(zip_bytes)) as archive:
            files = {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    except zipfile.BadZipFile:
        return Verdict(False, "the file is not a ZIP archive")
    try:
        return _verify(files)
    except _Difference as exc:
        return Verdict(False, str(exc))
    except (KeyError, TypeError, AttributeError, ValueError, sealing.SealingError) as exc:
        # A pack is untrusted input: anything it does not hold in the expected shape is a finding, not a crash.
        return Verdict(False, f"the pack is malformed: {type(exc).__name__}: {exc}")
