"""Closing the judging: the commitment (RFC 6962 Merkle root and count) over the latest sealed receipts; every
remaining draft and every judge's private interview note of the edition is deleted in the same transaction."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.audit import audit_append
from awards.models import Edition
from awards.services.editions import edition_transition
from judging.merkle import inclusion_proof, leaf_from_receipt, merkle_root
from judging.models import InterviewNote, Round, RoundSeal, ScorecardDraft, Seal, SealedScorecard


class SealStateError(ValidationError):
    """The edition is not in the state the action needs (sealing twice, sealing before judging...)."""


def scorecards_latest(*, edition: Edition, round=None):
    """The latest version of every sealed scorecard of one round (by default the final round, which the
    edition's seal commits to), in the fixed order of the commitment."""
    rounds = {"round": round} if round is not None else {"round__is_final": True}
    return (
        SealedScorecard.objects.filter(edition=edition, is_latest=True, **rounds)
        .select_related("round", "entry__category", "entry__company", "judge")
        .order_by("round__number", "entry_id", "judge_id")
    )


def final_round_receipts(*, edition: Edition) -> list[str]:
    """The leaves of the final round's commitment: the latest scorecards' receipts, then the assessors' call
    logs' and site visits' receipts (judging.services.sealed_evidence), each in its fixed order."""
    from judging.services.sealed_evidence import evidence_receipts  # which does not import this module back

    scorecards = list(scorecards_latest(edition=edition).values_list("receipt", flat=True))
    return scorecards + evidence_receipts(edition=edition)


def commitment_leaves(*, receipts: list[str]) -> list[bytes]:
    """The Merkle leaves: the receipts (hex SHA-256 of each ciphertext) as bytes, in commitment order."""
    return [leaf_from_receipt(receipt) for receipt in receipts]


def commitment_root(*, receipts: list[str]) -> str:
    """The RFC 6962 root over the receipts, as 64 hex characters."""
    return merkle_root(commitment_leaves(receipts=receipts)).hex()


def edition_lock(*, edition: Edition) -> Edition:
    """Lock the edition row for the rest of the transaction and return its fresh state."""
    return Edition.objects.select_for_update().get(pk=edition.pk)


@transaction.atomic
def edition_seal(*, edition: Edition, actor) -> Seal:
    """Close the judging: commit to every latest scorecard. Sealing twice, or before judging, is refused."""
    locked = edition_lock(edition=edition)
    if Seal.objects.filter(edition=locked).exists():
        raise SealStateError(_("The edition %(slug)s is already sealed.") % {"slug": locked.slug}, code="sealed_twice")
    if not locked.phase.seal_allowed:
        raise SealStateError(
            _("The edition %(slug)s cannot be sealed: it is in state “%(state)s”, not “judging”.")
            % {"slug": locked.slug, "state": locked.get_state_display()},
            code="wrong_state",
        )
    waiting = RoundSeal.objects.filter(round__edition=locked, shortlisted_at__isnull=False).values("round_id")
    if Round.objects.filter(edition=locked, is_final=False).exclude(pk__in=waiting).exists():
        raise SealStateError(
            _("The edition %(slug)s cannot be sealed: an earlier round has not had its shortlist reveal.")
            % {"slug": locked.slug},
            code="earlier_round_open",
        )
    receipts = final_round_receipts(edition=locked)
    root = commitment_root(receipts=receipts)
    seal = Seal(edition=locked, root=root, count=len(receipts), sealed_at=timezone.now(), sealed_by=actor)
    seal.full_clean(exclude=["sealed_by"])  # the command line seals without a user
    seal.save()
    # No draft outlives the seal: what was not sealed by now never counts, and is deleted with the commitment.
    ScorecardDraft.objects.filter(round__edition=locked).delete()
    # A judge's interview notes were working notes for the scorecard, like a draft: none outlives the seal either.
    InterviewNote.objects.filter(round__edition=locked).delete()
    # The lifecycle service moves the edition and records `edition.sealed`; the commitment goes beside it.
    edition_transition(edition=locked, to_state=Edition.State.SEALED, actor=actor)
    audit_append(action="seal.committed", actor=actor, edition=locked, payload={"root": root, "count": len(receipts)})
    edition.state = locked.state
    return seal


@dataclass(frozen=True)
class InclusionProof:
    receipt: str
    leaf_index: int
    tree_size: int
    audit_path: list[str]
    root: str

    def as_dict(self) -> dict:
        return {
            "receipt": self.receipt,
            "leaf_index": self.leaf_index,
            "tree_size": self.tree_size,
            "audit_path": self.audit_path,
            "root": self.root,
        }


def receipt_inclusion_proof(*, seal: Seal, receipt: str) -> InclusionProof:
    """The proof that a receipt is a leaf of the sealed tree (RFC 6962 audit path)."""
    receipts = final_round_receipts(edition=seal.edition)
    index = receipts.index(receipt)
    path = inclusion_proof(commitment_leaves(receipts=receipts), index)
    return InclusionProof(
        receipt=receipt,
        leaf_index=index,
        tree_size=len(receipts),
        audit_path=[node.hex() for node in path],
        root=seal.root,
    )
