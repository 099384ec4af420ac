"""An assessor's sealed evidence, whatever its kind (a mystery call's log, a site visit): sealed on submit exactly
like a scorecard (HPKE to the final round's key, padded, bound to the kind, edition, round, assessor, entry and its
number; receipt = SHA-256 of the ciphertext), committed to by the final round's seal, opened only at the reveal.

The final round's Merkle tree has the scorecards' receipts first (judging.services.seal), then the call logs' and
then the site visits' receipts, each in the order of ``evidence_sealed``: one root, one count, one
``--expected-root``. judging.services.call_logs and judging.services.site_visits say what each kind holds.
"""

import base64
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.audit import audit_append
from awards.models import Edition, Entry
from judging import sealing
from judging.models import Assessor, AssessorConflict, CallLog, Round, SiteVisit
from judging.permissions import entries_callable_by
from judging.selectors.keys import key_ceremony_active
from judging.selectors.rounds import rounds_of


class CallLogError(Exception):
    """A sealed piece of evidence does not open or does not match what it says (the reveal's and the pack's
    finding)."""


@dataclass(frozen=True)
class EvidenceKind:
    model: type
    binding: str  # the binding's first part (judging.sealing.EVIDENCE_KINDS)
    audit_action: str
    listing_key: str  # the list's name in the pack's file of this kind
    sealed: Promise  # "the finals round is sealed" for this kind
    not_open: Promise
    conflicted: Promise


CALL_LOGS = EvidenceKind(
    model=CallLog,
    binding="call-log",
    audit_action="call_log.sealed",
    listing_key="call_logs",
    sealed=gettext_lazy("The finals round is sealed: it takes no more call logs, and nothing was saved."),
    not_open=gettext_lazy(
        "Mystery calls are logged while the finals round is open; it is not open now, and nothing was saved."
    ),
    conflicted=gettext_lazy("You declared a conflict of interest with this company: you cannot log calls to it."),
)
SITE_VISITS = EvidenceKind(
    model=SiteVisit,
    binding="site-visit",
    audit_action="site_visit.sealed",
    listing_key="site_visits",
    sealed=gettext_lazy("The finals round is sealed: it takes no more site visits, and nothing was saved."),
    not_open=gettext_lazy(
        "Site visits are recorded while the finals round is open; it is not open now, and nothing was saved."
    ),
    conflicted=gettext_lazy("You declared a conflict of interest with this company: you cannot record a visit to it."),
)
KINDS = (CALL_LOGS, SITE_VISITS)  # the order of the final round's leaves after the scorecards


def _final_round(edition: Edition):
    return next((standing for standing in rounds_of(edition=edition) if standing.round.is_final), None)


def evidence_allowed(*, edition: Edition) -> bool:
    """Whether assessors may seal evidence now: while the final round takes scorecards."""
    standing = _final_round(edition)
    return standing is not None and standing.phase.scoring_open


def _refuse_unless_open(kind: EvidenceKind, edition: Edition) -> Round:
    standing = _final_round(edition)
    if standing is None:
        raise ValidationError(_("This edition has no finals round: nothing was saved."))
    if standing.sealed:
        raise ValidationError(str(kind.sealed), code="sealed")
    if not standing.phase.scoring_open:
        raise ValidationError(str(kind.not_open), code="not_open")
    return standing.round


def evidence_binding(
    *, kind: EvidenceKind, edition_slug: str, round_number: int, pseudonym: str, entry_id: int, number: int
) -> bytes:
    return sealing.evidence_binding(
        kind=kind.binding, edition=edition_slug, round=round_number, assessor=pseudonym, entry=entry_id, number=number
    )


def evidence_seal(*, kind: EvidenceKind, assessor: Assessor, entry: Entry, clean: Callable[[], dict], actor):
    """Seal one piece of evidence; ``clean()`` gives its content, every value checked (``ValidationError``
    otherwise). Locks the edition row first, so a piece that races the final round's seal is either in its root
    or refused, never lost silently."""
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=assessor.edition_id)
        if entry.category.edition_id != edition.pk:
            raise ValidationError(_("This entry is not in the edition you assess."))
        if AssessorConflict.objects.filter(assessor=assessor, company_id=entry.company_id).exists():
            raise ValidationError(str(kind.conflicted), code="conflicted")
        round_ = _refuse_unless_open(kind, edition)
        if not entries_callable_by(assessor).filter(pk=entry.pk).exists():
            raise ValidationError(_("This entry is not one of the finalists you assess."))
        content = clean()
        ceremony = key_ceremony_active(edition=edition)
        if ceremony is None:
            raise ValidationError(_("The edition has no active key: ask the organisers to run the key ceremony."))
        previous = kind.model.objects.filter(round=round_, assessor=assessor, entry=entry).aggregate(n=Max("number"))
        number = (previous["n"] or 0) + 1
        payload = {
            **content,
            "edition": edition.slug,
            "round": round_.number,
            "entry": entry.pk,
            "assessor": assessor.pseudonym,
            "number": number,
        }
        info = evidence_binding(
            kind=kind,
            edition_slug=edition.slug,
            round_number=round_.number,
            pseudonym=assessor.pseudonym,
            entry_id=entry.pk,
            number=number,
        )
        ciphertext = sealing.evidence_encrypt(
            payload=payload, public_key_bytes=bytes(ceremony.public_key), info=info, kind=kind.binding
        )
        piece = kind.model(
            edition=edition,
            round=round_,
            entry=entry,
            assessor=assessor,
            number=number,
            ciphertext=ciphertext,
            receipt=sealing.receipt_of(ciphertext),
            sealed_at=timezone.now(),
        )
        piece.full_clean()
        piece.save()
        audit_append(action=kind.audit_action, actor=actor, edition=edition, payload={"receipt": piece.receipt})
    return piece


# --- Reading the sealed evidence (the seal, the reveal, the pack) ---------------------------------------------


def evidence_sealed(*, kind: EvidenceKind, edition: Edition):
    """The edition's evidence of one kind (final round), in the fixed order of the commitment."""
    return (
        kind.model.objects.filter(edition=edition, round__is_final=True)
        .select_related("round", "entry__category", "assessor")
        .order_by("entry_id", "assessor_id", "number")
    )


def evidence_receipts(*, edition: Edition) -> list[str]:
    """The final round's leaves after the scorecards: every kind's receipts, kind after kind."""
    return [
        receipt
        for kind in KINDS
        for receipt in evidence_sealed(kind=kind, edition=edition).values_list("receipt", flat=True)
    ]


def evidence_open(*, kind: EvidenceKind, private_key, edition_slug: str, piece) -> dict:
    """Decrypt one piece with its binding; check its receipt and the place it names."""
    ciphertext = bytes(piece.ciphertext)
    names = {"assessor": piece.assessor.pseudonym, "entry": piece.entry.reference}
    if kind is CALL_LOGS:
        unmatched = _("The receipt of a call log of %(assessor)s for %(entry)s does not match its ciphertext.")
        unopened = _("A call log of %(assessor)s for %(entry)s cannot be opened with its binding.")
        moved = _("A call log of %(assessor)s for %(entry)s names another entry or round.")
    else:
        unmatched = _("The receipt of a site visit of %(assessor)s to %(entry)s does not match its ciphertext.")
        unopened = _("A site visit of %(assessor)s to %(entry)s cannot be opened with its binding.")
        moved = _("A site visit of %(assessor)s to %(entry)s names another entry or round.")
    if sealing.receipt_of(ciphertext) != piece.receipt:
        raise CallLogError(unmatched % names)
    info = evidence_binding(
        kind=kind,
        edition_slug=edition_slug,
        round_number=piece.round.number,
        pseudonym=piece.assessor.pseudonym,
        entry_id=piece.entry_id,
        number=piece.number,
    )
    try:
        content = sealing.evidence_decrypt(ciphertext=ciphertext, private_key=private_key, info=info)
    except sealing.EvidenceOpenError as exc:
        raise CallLogError(unopened % names) from exc
    if content.get("entry") != piece.entry_id or content.get("round") != piece.round.number:
        raise CallLogError(moved % names)
    return content


def evidence_listing(*, piece, content: dict) -> dict:
    """One piece as the pack lists it: the assessor by pseudonym only."""
    return {
        "receipt": piece.receipt,
        "ciphertext": base64.b64encode(bytes(piece.ciphertext)).decode("ascii"),
        "round": piece.round.number,
        "category": piece.entry.category.code,
        "entry": piece.entry.reference,
        "entry_id": piece.entry_id,
        "assessor": piece.assessor.pseudonym,
        "number": piece.number,
        "content": content,
    }


def evidence_all_open(*, kind: EvidenceKind, edition: Edition, private_key) -> list[dict]:
    """Every piece of one kind of the edition, opened and listed, in commitment order."""
    return [
        evidence_listing(
            piece=piece,
            content=evidence_open(kind=kind, private_key=private_key, edition_slug=edition.slug, piece=piece),
        )
        for piece in evidence_sealed(kind=kind, edition=edition)
    ]
