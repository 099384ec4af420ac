"""Award night: k key holders unseal the edition, the tally runs, the results are stored.

Everything happens in one transaction. Any failure rolls it back, leaves the edition sealed and is
recorded as `reveal.failed` in a separate transaction afterwards.
"""

import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards.audit import audit_append
from awards.models import Award, Category, Edition, Entry
from awards.services.editions import edition_transition
from judging import sealing
from judging.models import KeyCeremony, Reveal, Round, Seal, SealedScorecard
from judging.selectors.keys import key_ceremony_active
from judging.selectors.rubrics import rubrics_of_round
from judging.services.call_logs import call_logs_open
from judging.services.evidence import evidence_section, tally_listings
from judging.services.keys import holder_for_material, holder_material_read, share_open
from judging.services.results_data import (
    category_document,
    plain_data,
    results_derive,
    results_tally,
)
from judging.services.seal import SealStateError, commitment_root, edition_lock, scorecards_latest
from judging.services.sealed_evidence import CallLogError
from judging.services.sealed_rows import (  # noqa: F401 (RevealError and the rows are imported from here too)
    RevealError,
    SealedRow,
    sealed_row_listing,
    sealed_row_open,
    sealed_rows,
)
from judging.services.shortlist import earlier_rounds_open, rounds_document
from judging.services.site_visits import site_visits_open

# Certificate codes: uppercase letters and digits without the ones people confuse (0/O, 1/I/L, 2/Z, 5/S, 8/B).
CERTIFICATE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CERTIFICATE_LENGTH = 12


def _certificate_code_random() -> str:
    return "".join(secrets.choice(CERTIFICATE_ALPHABET) for _ in range(CERTIFICATE_LENGTH))


def certificate_codes_new(*, count: int) -> list[str]:
    """`count` distinct certificate codes that no award uses yet: one query per draw, not per code."""
    codes: list[str] = []
    while len(codes) < count:
        drawn = {_certificate_code_random() for _ in range(count - len(codes))} - set(codes)
        used = set(Award.objects.filter(certificate_code__in=drawn).values_list("certificate_code", flat=True))
        codes.extend(sorted(drawn - used))
    return codes


def _holder_label(holder) -> str:
    user = holder.user
    name = user.get_full_name() or user.get_username()
    return _("key holder %(index)s (%(name)s)") % {"index": holder.index, "name": name}


def _shares_check(*, ceremony: KeyCeremony, shares: list[str]) -> tuple[list, list[int]]:
    """Parse the shares, match each one to its holder's commitment; name the holder whose share fails."""
    holders = {holder.index: holder for holder in ceremony.holders.select_related("user")}
    parsed = []
    indices: list[int] = []
    for position, text in enumerate(shares, start=1):
        if not text.strip():
            continue  # an empty slot of the ceremony form
        try:
            share = _share_from_holder_text(ceremony=ceremony, text=text, position=position)
        except sealing.ShareFormatError as exc:
            raise RevealError(
                _("Share number %(n)s cannot be read: %(reason)s") % {"n": position, "reason": exc}
            ) from exc
        index = share.index
        holder = holders.get(index)
        if holder is None:
            raise RevealError(_("Share number %(n)s belongs to no key holder of this edition.") % {"n": position})
        if index in indices:
            raise RevealError(_("The share of %(holder)s was given twice.") % {"holder": _holder_label(holder)})
        if not sealing.share_matches_commitment(share=share, commitment=holder.commitment):
            raise RevealError(
                _("The share given for %(holder)s does not match the commitment made at the key ceremony.")
                % {"holder": _holder_label(holder)}
            )
        parsed.append(share)
        indices.append(index)
    if len(parsed) < ceremony.threshold:
        raise RevealError(
            ngettext(
                "%(needed)s shares are needed to reveal; %(given)s was given.",
                "%(needed)s shares are needed to reveal; %(given)s were given.",
                len(parsed),
            )
            % {"needed": ceremony.threshold, "given": len(parsed)}
        )
    return parsed, indices


def _share_from_holder_text(*, ceremony: KeyCeremony, text: str, position: int) -> sealing.Share:
    """A plain share as given, or the share a holder key file opens (its encrypted share is the one the
    server keeps for that holder, decrypted in memory only)."""
    try:
        material = holder_material_read(text=text)
        if material.share is not None:
            return material.share
        holder = holder_for_material(ceremony=ceremony, material=material)
        if holder is None:
            raise RevealError(
                _("Key file number %(n)s belongs to no key holder of this edition's key.") % {"n": position}
            )
        return share_open(holding=holder, text=text)
    except ValidationError as exc:
        raise RevealError(
            _("Share number %(n)s cannot be used: %(reason)s") % {"n": position, "reason": exc.messages[0]}
        ) from exc


def scorecard_open(*, private_key, edition: Edition, card) -> dict:
    """`sealed_row_open` for a `SealedScorecard` instance."""
    return sealed_row_open(private_key=private_key, edition_slug=edition.slug, row=SealedRow.of(card))


def scorecard_listing(*, card, payload: dict) -> dict:
    """`sealed_row_listing` for a `SealedScorecard` instance."""
    return sealed_row_listing(row=SealedRow.of(card), payload=payload)


def edition_scorecards_open(*, edition: Edition, private_key) -> list[dict]:
    """Every latest scorecard, opened and listed, in commitment order."""
    slug = edition.slug
    return [
        sealed_row_listing(row=row, payload=sealed_row_open(private_key=private_key, edition_slug=slug, row=row))
        for row in sealed_rows(cards=scorecards_latest(edition=edition))
    ]


def results_base(*, edition: Edition, seal: Seal) -> dict:
    """results.json without its tally: edition, commitment, categories (rubric and settings) and entries."""
    categories = list(Category.objects.filter(edition=edition).order_by("ceremony_order", "code"))
    # The final round's rubrics (each earlier round's own are in its part of `rounds`).
    rubrics = rubrics_of_round(edition=edition, round=Round.objects.filter(edition=edition, is_final=True).first())
    entry_rows = (
        Entry.objects.filter(category__edition=edition)
        .filter(Q(status=Entry.Status.SUBMITTED) | Exists(SealedScorecard.objects.filter(entry=OuterRef("pk"))))
        .order_by()
        .values_list("pk", "company__legal_name", "title", "category__code", "number")
    )
    entries = {
        Entry.reference_of(number=number): {
            "id": pk,
            "company": company,
            "title": title,
            "category": category_code,
        }
        for pk, company, title, category_code, number in entry_rows
    }
    document = {
        "edition": {"slug": edition.slug, "name": edition.name, "year": edition.year},
        "commitment": {"root": seal.root, "count": seal.count},
        "categories": [
            category_document(category=category, rubric=rubrics.get(category.pk)) for category in categories
        ],
        "entries": dict(sorted(entries.items())),
    }
    return document


def results_build(*, edition: Edition, seal: Seal, listings: list[dict], rounds: list[dict] | None = None,
                  round_listings: dict | None = None) -> dict:
    """The complete results document (results.json's body): commitment, rubrics, settings, tally, awards; with
    earlier rounds, every round (judging.services.shortlist.rounds_document) and the tally combining them."""
    document = results_base(edition=edition, seal=seal)
    if rounds:
        document["rounds"] = rounds
    tally = results_tally(document=document, listings=listings, round_listings=round_listings or {})
    document.update(results_derive(document=document, tally=tally))
    return plain_data(value=document)


def _awards_validate(awards: list[Award]) -> None:
    """`full_clean` for the whole batch in one query instead of five per award.

    Each award's own fields are checked one by one (no query). Its foreign keys are the locked edition
    and the categories and entries read in this transaction, so they exist. The unique checks (the
    certificate code, one award per category and entry) ask once whether any stored award shares a code
    or an entry with the batch; only then does the full `full_clean` run per award, with Django's own
    messages.
    """
    for award in awards:
        award.full_clean(exclude=["edition", "category", "entry"], validate_unique=False, validate_constraints=False)
    codes = [award.certificate_code for award in awards]
    entries = [award.entry_id for award in awards]
    if Award.objects.filter(Q(certificate_code__in=codes) | Q(entry_id__in=entries)).exists():
        for award in awards:
            award.full_clean()


def _awards_store(*, edition: Edition, document: dict) -> list[Award]:
    categories = {category.code: category for category in Category.objects.filter(edition=edition)}
    codes = certificate_codes_new(count=len(document["awards"]))
    awards = [
        Award(
            edition=edition,
            category=categories[item["category"]],
            entry_id=document["entries"][item["entry"]]["id"],
            kind=item["award"],
            rank=item["rank"],
            joint=item["joint"],
            score=Decimal(item["score"]),
            certificate_code=code,
        )
        for item, code in zip(document["awards"], codes, strict=True)
    ]
    _awards_validate(awards)
    Award.objects.bulk_create(awards)
    return awards


def _reveal(*, edition: Edition, shares: list[str], actor) -> Reveal:
    locked = edition_lock(edition=edition)
    if not locked.phase.reveal_allowed:
        raise SealStateError(
            _("The edition %(slug)s cannot be revealed: it is in state “%(state)s”, not “sealed”.")
            % {"slug": locked.slug, "state": locked.get_state_display()},
            code="wrong_state",
        )
    seal = Seal.objects.get(edition=locked)
    ceremony = key_ceremony_active(edition=locked)
    if ceremony is None:
        raise RevealError(_("The edition %(slug)s has no key ceremony.") % {"slug": locked.slug})
    parsed, indices = _shares_check(ceremony=ceremony, shares=shares)
    try:
        private_key = sealing.private_key_recover(
            shares=parsed,
            threshold=ceremony.threshold,
            wrapped_private_key=bytes(ceremony.wrapped_private_key),
            public_key_bytes=bytes(ceremony.public_key),
        )
    except sealing.SealingError as exc:
        raise RevealError(
            _("The shares do not rebuild the edition key: %(reason)s") % {"reason": exc}
        ) from exc
    listings = edition_scorecards_open(edition=locked, private_key=private_key)
    try:
        call_listings = call_logs_open(edition=locked, private_key=private_key)
        visit_listings = site_visits_open(edition=locked, private_key=private_key)
    except CallLogError as exc:
        raise RevealError(str(exc)) from exc
    receipts = [listing["receipt"] for listing in [*listings, *call_listings, *visit_listings]]
    if len(receipts) != seal.count:
        raise RevealError(
            _("The seal counted %(sealed)s scorecards but %(found)s are stored.")
            % {"sealed": seal.count, "found": len(receipts)}
        )
    root = commitment_root(receipts=receipts)
    if root != seal.root:
        raise RevealError(
            _("The stored scorecards do not give the sealed root: %(found)s instead of %(sealed)s.")
            % {"found": root, "sealed": seal.root}
        )
    # Earlier rounds (a desk round): each opened with its own key from the same holders' key files.
    rounds = rounds_document(edition=locked, seal=seal)
    round_listings, round_keys = {}, {}
    if rounds:
        base = results_base(edition=locked, seal=seal)
        round_listings, round_keys = earlier_rounds_open(edition=locked, texts=shares, rounds=rounds, document=base)
    # The assessors' call logs and site visits: figures per entrant, and any criterion the tally takes from them.
    evidence = None
    if call_listings or visit_listings:
        entries = results_base(edition=locked, seal=seal)["entries"]
        evidence = evidence_section(
            edition=locked, entries=entries, call_listings=call_listings, visit_listings=visit_listings
        )
        listings = tally_listings(listings=listings, evidence=evidence, entries=entries)
    document = results_build(edition=locked, seal=seal, listings=listings, rounds=rounds,
                             round_listings=round_listings)
    if evidence is not None:
        document["evidence"] = evidence
    reveal = Reveal(
        edition=locked,
        revealed_at=timezone.now(),
        revealed_by=actor,
        holder_indices=sorted(indices),
        private_key_pem=sealing.private_key_pem(private_key),
        results=document,
        round_keys=round_keys,
    )
    del private_key  # the only copy left is the PEM the pack carries from now on
    reveal.full_clean(exclude=["revealed_by"])  # the command line reveals without a user
    reveal.save()
    awards = _awards_store(edition=locked, document=document)
    # The lifecycle service moves the edition and records `edition.revealed`; the reveal's details go beside it.
    edition_transition(edition=locked, to_state=Edition.State.REVEALED, actor=actor)
    audit_append(
        action="reveal.completed",
        actor=actor,
        edition=locked,
        payload={
            "root": seal.root,
            "count": seal.count,
            "holders": sorted(indices),
            "awards": len(awards),
        },
    )
    edition.state = locked.state
    return reveal


def edition_reveal(*, edition: Edition, shares: list[str], actor) -> Reveal:
    """Unseal the edition with k shares. On any failure nothing changes but a `reveal.failed` audit row."""
    try:
        with transaction.atomic():
            return _reveal(edition=edition, shares=shares, actor=actor)
    except Exception as exc:
        reason = exc.messages[0] if isinstance(exc, SealStateError) else str(exc)
        with transaction.atomic():
            audit_append(
                action="reveal.failed",
                actor=actor,
                edition=edition,
                payload={"reason": reason[:500], "error": type(exc).__name__},
            )
        raise
