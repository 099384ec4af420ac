"""Verifying an award-night pack: manifest, scorecards, receipts, root and tally, then the public commitment.

The pack carries the edition's private key (it is no longer secret after the reveal), so a pack that
is only consistent with itself proves nothing: anyone can decrypt a scorecard, change a score,
re-encrypt it to the same public key and recompute receipts, root, results and manifest. What ties a
pack to the real judging is the root published at the seal (and the key fingerprint published at the
key ceremony): `pack_verify(..., expected_root=..., expected_fingerprint=...)` compares them, and the
verdict says whether they were compared.

The pack is untrusted input, and a ZIP can inflate a few megabytes into gigabytes: the reader checks
every member's declared size against `PACK_LIMITS` before inflating anything, then reads each member
with a bounded read so a header that lies about its size cannot get past the caps either.
"""

import base64
import binascii
import hashlib
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from judging import sealing
from judging.pack import PACK
from judging.services.evidence import evidence_derive, tally_listings
from judging.services.export import results_csv
from judging.services.results_data import plain_data, results_derive, results_tally, round_part, shortlist_derive
from judging.services.seal import commitment_root

MIB = 1024 * 1024


@dataclass(frozen=True)
class ZipLimits:
    """Caps on what a pack may inflate to. A real pack (about 75 feedback PDFs, certificates, running
    order, scorecards) is 5-25 MB, its largest file a few MB: the caps leave ten times that room."""

    member_bytes: int = 64 * MIB  # any one file, inflated
    total_bytes: int = 256 * MIB  # all files together, inflated (and the pack file itself)
    members: int = 10_000  # number of files


PACK_LIMITS = ZipLimits()


@dataclass(frozen=True)
class Verdict:
    ok: bool
    message: str
    scorecards: int = 0
    awards: int = 0
    root: str = ""  # the root the pack's scorecards give (hex)
    fingerprint: str = ""  # SHA-256 hex of the public key of the pack's edition-key.pem
    root_checked: bool = False  # compared with the expected (published) root
    fingerprint_checked: bool = False  # compared with the expected (published) fingerprint
    rounds: int = 1  # rounds verified (each with its own key, scorecards and root)


class _Difference(Exception):
    """The first difference found; its message is the verdict."""


HEX_64 = re.compile(r"[0-9a-f]{64}")


def hex_normalise(*, text: str) -> str:
    """A root or fingerprint as people copy it (``3F2A 91BC ...``, upper case, spaces, colons) -> 64 lower hex.

    Raises ``ValueError`` when what is left is not 64 hexadecimal characters.
    """
    cleaned = re.sub(r"[\s:]", "", text).lower()
    if not HEX_64.fullmatch(cleaned):
        raise ValueError(f"{text!r} is not 64 hexadecimal characters (a SHA-256 in hex)")
    return cleaned


def _size(count: int) -> str:
    return f"{count:,} bytes"


def pack_files_read(*, zip_bytes: bytes, limits: ZipLimits = PACK_LIMITS) -> dict[str, bytes]:
    """The pack's files, name -> content, refusing (``_Difference``) anything past the caps before inflating it."""
    if len(zip_bytes) > limits.total_bytes:
        raise _Difference(f"the pack is {_size(len(zip_bytes))}, more than the cap of {_size(limits.total_bytes)}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(zip_bytes))
    except zipfile.BadZipFile as exc:
        raise _Difference("the file is not a ZIP archive") from exc
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > limits.members:
            raise _Difference(f"the pack holds {len(members)} files, more than the cap of {limits.members}")
        # First the headers, all of them, before a single byte is inflated.
        for info in members:
            if info.file_size > limits.member_bytes:
                raise _Difference(
                    f"{info.filename} would inflate to {_size(info.file_size)}, more than the cap of "
                    f"{_size(limits.member_bytes)} per file: refused before inflating"
                )
        declared = sum(info.file_size for info in members)
        if declared > limits.total_bytes:
            raise _Difference(
                f"the pack's files would inflate to {_size(declared)} in all, more than the cap of "
                f"{_size(limits.total_bytes)}: refused before inflating"
            )
        files: dict[str, bytes] = {}
        for info in members:
            if info.filename in files:
                raise _Difference(f"the pack holds two files named {info.filename}")
            files[info.filename] = _member_read(archive, info, limits=limits)
    return files


def _member_read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, limits: ZipLimits) -> bytes:
    """One member, read with a bounded read: never more than the cap plus one byte, whatever its header says."""
    try:
        with archive.open(info) as member:
            data = member.read(limits.member_bytes + 1)
    # zipfile raises NotImplementedError for a compression method it cannot inflate (not a stub of ours); each of
    # these is a pack that cannot be read, reported as such.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, zlib.error) as exc:
        raise _Difference(f"{info.filename} cannot be read from the pack: {exc}") from exc
    if len(data) != info.file_size:
        raise _Difference(f"{info.filename} does not inflate to the size its header says: refused")
    return data


def _json(files: dict[str, bytes], name: str):
    try:
        return json.loads(files[name].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _Difference(f"{name} is not valid JSON") from exc


def _manifest_check(files: dict[str, bytes]) -> None:
    if PACK.manifest not in files:
        raise _Difference(f"{PACK.manifest} is missing")
    manifest = _json(files, PACK.manifest)
    listed = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(listed, dict):
        raise _Difference(f"{PACK.manifest} does not list the files")
    present = set(files) - {PACK.manifest}
    for name in sorted(set(listed) - present):
        raise _Difference(f"{name} is listed in the manifest but missing from the pack")
    for name in sorted(present - set(listed)):
        raise _Difference(f"{name} is in the pack but not in the manifest")
    for name in sorted(listed):
        if hashlib.sha256(files[name]).hexdigest() != listed[name]:
            raise _Difference(f"{name} does not match its SHA-256 in the manifest")
    for name in (PACK.results_json, PACK.scorecards_json, PACK.edition_key):
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


def _evidence_check(*, files: dict[str, bytes], results: dict, private_key, name: str, key: str, binding: str,
                    what: str) -> list[dict]:
    """The assessors' sealed evidence of one kind (call logs in ``name`` = call-logs.json, site visits in
    site-visits.json): each receipt is the SHA-256 of its ciphertext, which opens with its binding to the content
    listed. In commitment order (they follow the scorecards in the final round's tree, call logs first)."""
    if name not in files:
        evidence = results.get("evidence") or {"entries": {}}
        figures = "measured" if key == "call_logs" else "site_visits"
        if any(line.get(figures) for line in evidence["entries"].values()):
            raise _Difference(f"{PACK.results_json} has {what} evidence but {name} is missing")
        return []
    document = _json(files, name)
    slug = results["edition"]["slug"]
    if document.get("edition") != slug:
        raise _Difference(f"{name} belongs to another edition than {PACK.results_json}")
    listings = document[key]
    for listing in listings:
        label = f"{what} {listing.get('receipt', '?')[:16]} ({listing.get('assessor')} on {listing.get('entry')})"
        try:
            ciphertext = base64.b64decode(listing["ciphertext"], validate=True)
        except (KeyError, binascii.Error) as exc:
            raise _Difference(f"{label}: the ciphertext is not base64") from exc
        if sealing.receipt_of(ciphertext) != listing["receipt"]:
            raise _Difference(f"{label}: the receipt is not the SHA-256 of the ciphertext")
        info = sealing.evidence_binding(kind=binding, edition=slug, round=listing["round"],
                                        assessor=listing["assessor"], entry=listing["entry_id"],
                                        number=listing["number"])
        try:
            content = sealing.evidence_decrypt(private_key=private_key, ciphertext=ciphertext, info=info)
        except sealing.EvidenceOpenError as exc:
            raise _Difference(f"{label}: the ciphertext does not open with its binding") from exc
        if content != listing["content"]:
            raise _Difference(f"{label}: the listed content differs from the decrypted ciphertext")
        if content.get("entry") != listing["entry_id"] or results["entries"].get(listing["entry"], {}).get(
            "id"
        ) != listing["entry_id"]:
            raise _Difference(f"{label}: the log names another entry than the one it is listed for")
    if listings and "evidence" not in results:
        raise _Difference(f"{name} holds {what}s but {PACK.results_json} has no evidence section")
    return listings


def _earlier_rounds_check(*, files: dict[str, bytes], results: dict, scorecards: dict,
                          expected_roots: dict[int, str]) -> dict[int, list[dict]]:
    """Each earlier round: its key opens its scorecards, which give its root and count; its shortlist, derived
    again from those scorecards and its rule, is the one the pack names, and gives the committed hash."""
    listed = {item["number"]: item["scorecards"] for item in scorecards.get("rounds", [])}
    round_listings = {}
    for item in results.get("rounds", []):
        if item["final"]:
            continue
        number = item["number"]
        name = PACK.round_key(number)
        if name not in files:
            raise _Difference(f"{name} is missing")
        try:
            private_key = sealing.private_key_from_pem(files[name])
        except (sealing.SealingError, ValueError) as exc:
            raise _Difference(f"{name} is not a valid private key") from exc
        listings = _scorecards_check(results=results, listings=listed.get(number, []), private_key=private_key)
        if any(listing["round"] != number for listing in listings):
            raise _Difference(f"round {number} lists a scorecard of another round")
        root = commitment_root(receipts=[listing["receipt"] for listing in listings])
        if number in expected_roots and root != expected_roots[number]:
            raise _Difference(
                f"round {number}: the root differs from the one published at its seal: expected "
                f"{expected_roots[number]}, the pack's {len(listings)} scorecards give {root}"
            )
        if root != item["root"] or len(listings) != item["count"]:
            raise _Difference(f"round {number}: the scorecards give the root {root} and count {len(listings)}, not "
                              f"the committed {item['root']} and {item['count']}")
        derived = shortlist_derive(document=round_part(document=results, round_info=item), listings=listings)
        if derived != item["finalists"]:
            raise _Difference(
                f"round {number}: the shortlist differs from what its scorecards and rule give: "
                + _first_difference(f"rounds[{number}].finalists", derived, item["finalists"])
            )
        commitment = sealing.shortlist_commitment(edition=results["edition"]["slug"], round=number, root=root,
                                                  finalists=derived)
        if commitment != item["shortlist_commitment"]:
            raise _Difference(f"round {number}: the finalists do not give the shortlist commitment published at "
                              f"the shortlist reveal ({item['shortlist_commitment']})")
        round_listings[number] = listings
    return round_listings


def _expected_roots(*, results: dict, expected: list[str]) -> tuple[dict[int, str], str | None]:
    """The published roots by round number (given in round order), and the final round's."""
    numbers = [item["number"] for item in sorted(results.get("rounds", []), key=lambda item: item["number"])]
    if not numbers:
        if len(expected) > 1:
            raise _Difference(f"{len(expected)} roots were given but the edition has one round")
        return {}, expected[0] if expected else None
    if expected and len(expected) != len(numbers):
        raise _Difference(f"give one --expected-root per round, in round order: the edition has {len(numbers)} "
                          f"rounds, {len(expected)} roots were given")
    by_number = dict(zip(numbers, expected, strict=False))
    final = next(item["number"] for item in results["rounds"] if item["final"])
    return by_number, by_number.get(final)


def _verify(files: dict[str, bytes], *, expected_root: list[str], expected_fingerprint: str | None) -> Verdict:
    _manifest_check(files)
    results = _json(files, PACK.results_json)
    scorecards = _json(files, PACK.scorecards_json)
    if scorecards.get("edition") != results["edition"]["slug"]:
        raise _Difference(f"{PACK.scorecards_json} belongs to another edition than {PACK.results_json}")
    try:
        private_key = sealing.private_key_from_pem(files[PACK.edition_key])
    except (sealing.SealingError, ValueError) as exc:
        raise _Difference(f"{PACK.edition_key} is not a valid private key") from exc
    fingerprint = sealing.fingerprint_of(private_key.public_key().public_bytes_raw())
    if expected_fingerprint is not None and fingerprint != expected_fingerprint:
        raise _Difference(
            f"the key fingerprint differs from the published one: expected {expected_fingerprint}, "
            f"the pack's {PACK.edition_key} has {fingerprint}"
        )
    expected_roots, expected_root = _expected_roots(results=results, expected=expected_root)
    listings = _scorecards_check(results=results, listings=scorecards["scorecards"], private_key=private_key)
    round_listings = _earlier_rounds_check(files=files, results=results, scorecards=scorecards,
                                           expected_roots=expected_roots)
    call_listings = _evidence_check(files=files, results=results, private_key=private_key,
                                    name=PACK.call_logs_json, key="call_logs", binding="call-log", what="call log")
    visit_listings = _evidence_check(files=files, results=results, private_key=private_key,
                                     name=PACK.site_visits_json, key="site_visits", binding="site-visit",
                                     what="site visit")
    leaves = [listing["receipt"] for listing in [*listings, *call_listings, *visit_listings]]
    held = f"{len(listings)} scorecards" + (f" and {len(call_listings)} call logs" if call_listings else "")
    held += f" and {len(visit_listings)} site visits" if visit_listings else ""
    root = commitment_root(receipts=leaves)
    if expected_root is not None and root != expected_root:
        raise _Difference(
            f"the root differs from the one published at the seal: expected {expected_root}, "
            f"the pack's {held} give {root}"
        )
    commitment = results["commitment"]
    if len(leaves) != commitment["count"]:
        raise _Difference(
            f"the pack holds {held} but the commitment counts {commitment['count']}"
        )
    if root != commitment["root"]:
        raise _Difference(f"the scorecards give the root {root}, not the committed {commitment['root']}")
    evidence = None
    if "evidence" in results:
        evidence = evidence_derive(evidence=results["evidence"], entries=results["entries"],
                                   call_listings=call_listings, visit_listings=visit_listings)
        if evidence != results["evidence"]:
            raise _Difference(_first_difference("evidence", evidence, results["evidence"]))
    taken = tally_listings(listings=listings, evidence=evidence, entries=results["entries"])
    tally = results_tally(document=results, listings=taken, round_listings=round_listings)
    derived = plain_data(value=results_derive(document=results, tally=tally))
    for key in ("awards", "rankings", "tally"):
        if derived[key] != results.get(key):
            raise _Difference(_first_difference(key, derived[key], results.get(key)))
    # results.csv is results.json's awards as the one CSV writer writes them (formula escaping included):
    # rebuilt with the same function, it must be the same bytes.
    if PACK.results_csv in files and files[PACK.results_csv] != results_csv(document=results):
        raise _Difference(f"{PACK.results_csv} differs from the awards in {PACK.results_json}")
    return Verdict(
        True,
        "verified",
        scorecards=len(listings),
        awards=len(results["awards"]),
        root=root,
        fingerprint=fingerprint,
        root_checked=expected_root is not None,
        rounds=1 + len(round_listings),
        fingerprint_checked=expected_fingerprint is not None,
    )


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
            return f"{PACK.results_json} {path}: the tally gives {len(expected)} items, the pack lists {len(found)}"
    return f"{PACK.results_json} {path}: the tally gives {expected!r}, the pack says {found!r}"


def verify_command(*, edition_slug: str, root: str, fingerprint: str | None, earlier_roots: tuple = ()) -> str:
    """The exact command anyone can run on the award-night pack, with the published roots (the earlier rounds'
    first, in round order, then the final round's) and fingerprint."""
    parts = ["python", "manage.py", "verify_results", f"{edition_slug}-award-night.zip"]
    for each in (*earlier_roots, root):
        parts += ["--expected-root", each]
    if fingerprint:
        parts += ["--expected-fingerprint", fingerprint]
    return " ".join(parts)


def pack_verify(
    zip_bytes: bytes,
    *,
    expected_root: str | list[str] | None = None,
    expected_fingerprint: str | None = None,
    limits: ZipLimits = PACK_LIMITS,
) -> Verdict:
    """Check a pack; with ``expected_root`` / ``expected_fingerprint`` (as published, any case and spacing)
    also that it is the judging committed at the seal. The verdict names the first difference found.

    Without ``expected_root`` an ``ok`` verdict proves only that the pack is consistent with itself.
    """
    try:
        if isinstance(expected_root, str):
            expected_root = [expected_root]
        expected_root = [hex_normalise(text=root) for root in expected_root or []]
        expected_fingerprint = None if expected_fingerprint is None else hex_normalise(text=expected_fingerprint)
    except ValueError as exc:
        return Verdict(False, f"the expected value is malformed: {exc}")
    try:
        files = pack_files_read(zip_bytes=zip_bytes, limits=limits)
        return _verify(files, expected_root=expected_root, expected_fingerprint=expected_fingerprint)
    except _Difference as exc:
        return Verdict(False, str(exc))
    except (KeyError, TypeError, AttributeError, ValueError, sealing.SealingError) as exc:
        # A pack is untrusted input: anything it does not hold in the expected shape is a finding, not a crash.
        return Verdict(False, f"the pack is malformed: {type(exc).__name__}: {exc}")


def pack_path_verify(
    path: Path,
    *,
    expected_root: str | list[str] | None = None,
    expected_fingerprint: str | None = None,
    limits: ZipLimits = PACK_LIMITS,
) -> Verdict:
    """`pack_verify` on a file; a file larger than the total cap is refused unread. ``OSError`` if unreadable."""
    size = Path(path).stat().st_size
    if size > limits.total_bytes:
        return Verdict(False, f"the pack is {_size(size)}, more than the cap of {_size(limits.total_bytes)}")
    return pack_verify(
        Path(path).read_bytes(), expected_root=expected_root, expected_fingerprint=expected_fingerprint, limits=limits
    )
