"""An edition's rounds: set them up (a desk round before the finals, or one round as before), each
category's shortlist rule, the round keys made when judging opens, and sealing a round."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.audit import audit_append
from awards.models import Category, Edition
from judging import sealing
from judging.models import (
    CategoryRound,
    InterviewNote,
    KeyCeremony,
    Round,
    RoundKey,
    RoundKeyShare,
    RoundSeal,
    ScorecardDraft,
)
from judging.selectors.rounds import round_standing
from judging.services.seal import SealStateError, commitment_root, edition_lock, edition_seal, scorecards_latest

DESK_NUMBER = 1


def _refuse_unless_rounds_open(edition: Edition) -> None:
    if not edition.phase.rounds_open:
        raise ValidationError(
            _("The rounds are frozen once judging opens (the edition is in “%(state)s”): nothing was changed.")
            % {"state": edition.get_state_display()}
        )


@transaction.atomic
def rounds_configure(
    *, edition: Edition, desk: bool, actor, final_name: str = "", final_opens_on: date | None = None,
    final_closes_on: date | None = None, desk_name: str = "", desk_weight: int = 30,
    desk_opens_on: date | None = None, desk_closes_on: date | None = None,
) -> list[Round]:
    """Set the edition's rounds: a desk round (number 1, weighted ``desk_weight`` %) before the final round
    (the rest of the weight), or the final round alone (100 %). Refused once judging has opened."""
    locked = edition_lock(edition=edition)
    _refuse_unless_rounds_open(locked)
    if desk and not 0 <= desk_weight <= 100:
        raise ValidationError(_("The desk round's weight is a percentage from 0 to 100."))
    final = Round.objects.filter(edition=locked, is_final=True).first()
    earlier = list(Round.objects.filter(edition=locked, is_final=False))
    if not desk:
        for round_ in earlier:
            round_.delete()  # its assignments and settings go with it; nothing can be sealed before judging
    if final is None:
        final = Round(edition=locked, number=99, name=final_name or _("Final round"), is_final=True)
    else:
        final.number = 99  # out of the way while the desk round takes number 1
    final.save()
    rounds = []
    if desk:
        desk_round = earlier[0] if earlier else Round(edition=locked, is_final=False)
        desk_round.number = DESK_NUMBER
        desk_round.name = desk_name or _("Desk round")
        desk_round.weight = desk_weight
        desk_round.opens_on, desk_round.closes_on = desk_opens_on, desk_closes_on
        desk_round.full_clean()
        desk_round.save()
        rounds.append(desk_round)
    final.number = len(rounds) + 1
    final.name = final_name or final.name or _("Final round")
    final.weight = 100 - (desk_weight if desk else 0)
    final.opens_on, final.closes_on = final_opens_on, final_closes_on
    final.full_clean()
    final.save()
    rounds.append(final)
    audit_append(
        action="rounds.configured", actor=actor, edition=locked,
        payload={"rounds": [{"number": r.number, "name": r.name, "weight": r.weight, "final": r.is_final}
                            for r in rounds]},
    )
    return rounds


@transaction.atomic
def category_round_set(
    *, round: Round, category: Category, actor, mode: str = CategoryRound.Mode.TOP, top_n: int = 6,
    threshold=None, min_scorecards: int = 1, blind: bool = False, in_round: bool = True, weight: int | None = None,
) -> CategoryRound:
    """A category's part in a non-final round: whether it has the round at all (``in_round`` False: it goes
    straight to the finals, every accepted entry judged once, the finals 100 %), the round's weight in it
    (None: the round's own), its shortlist rule and blind option. Refused once judging opened."""
    locked = edition_lock(edition=round.edition)
    _refuse_unless_rounds_open(locked)
    if round.is_final:
        raise ValidationError(_("The final round has no shortlist."))
    if category.edition_id != locked.pk:
        raise ValidationError(_("This category belongs to another edition."))
    settings, _created = CategoryRound.objects.get_or_create(round=round, category=category)
    settings.shortlist_mode = mode
    settings.shortlist_top_n = top_n
    settings.shortlist_threshold = threshold if mode == CategoryRound.Mode.THRESHOLD else None
    settings.shortlist_min_scorecards = min_scorecards
    settings.blind = blind and in_round
    settings.in_round = in_round
    if weight is not None and not 0 <= weight <= 100:
        raise ValidationError(_("A round's weight in a category is a percentage from 0 to 100."))
    settings.weight = weight if in_round else None
    settings.full_clean()
    settings.save()
    audit_append(
        action="rounds.shortlist_rule", actor=actor, edition=locked,
        payload={"round": round.number, "category": category.code, "mode": mode, "top_n": top_n,
                 "threshold": None if threshold is None else str(threshold), "min_scorecards": min_scorecards,
                 "blind": settings.blind, "in_round": in_round, "weight": settings.weight},
    )
    return settings


def round_keys_problems(*, edition: Edition, ceremony: KeyCeremony | None) -> list[str]:
    """Why the earlier rounds cannot get their keys (their shares are encrypted to the holders' own keys)."""
    if ceremony is None or not Round.objects.filter(edition=edition, is_final=False).exists():
        return []
    if ceremony.holders.filter(public_key=b"").exists():
        return [_("A desk round needs every key holder to have enrolled a holder key: hold the key ceremony "
                  "again with holder keys.")]
    return []


def round_keys_make(*, edition: Edition, ceremony: KeyCeremony, actor) -> list[RoundKey]:
    """A key pair for every earlier round that has none for this ceremony: split like the edition key (k of
    n), each share encrypted to its holder's enrolled public key. The plaintext shares exist only here."""
    holders = list(ceremony.holders.order_by("index"))
    made = []
    for round_ in Round.objects.filter(edition=edition, is_final=False).order_by("number"):
        if RoundKey.objects.filter(round=round_, ceremony=ceremony).exists():
            continue
        result = sealing.ceremony_create(holders=len(holders), threshold=ceremony.threshold)
        key = RoundKey(round=round_, ceremony=ceremony, public_key=result.public_key, fingerprint=result.fingerprint,
                       wrapped_private_key=result.wrapped_private_key)
        key.full_clean()
        key.save()
        for holder, share, commitment in zip(holders, result.shares, result.commitments, strict=True):
            encrypted = sealing.share_encrypt(share=share, holder_public_key=bytes(holder.public_key),
                                              edition=edition.slug, fingerprint=result.fingerprint)
            RoundKeyShare.objects.create(key=key, holder=holder, commitment=commitment,
                                         encrypted_share=encrypted.ciphertext)
        del result
        audit_append(action="keys.round_created", actor=actor, edition=edition,
                     payload={"round": round_.number, "fingerprint": key.fingerprint})
        made.append(key)
    return made


@transaction.atomic
def round_seal(*, edition: Edition, number: int, actor):
    """Seal one round: its own Merkle root over its latest receipts, its drafts deleted. The final round's
    seal is the edition's seal (the edition moves to `sealed`); an earlier round's leaves the edition in
    judging, waiting for its shortlist reveal."""
    locked = edition_lock(edition=edition)
    standing = round_standing(edition=locked, number=number)
    if standing is None:
        raise SealStateError(_("The edition %(slug)s has no round %(number)s.") % {"slug": locked.slug,
                                                                                    "number": number},
                             code="no_round")
    if standing.sealed:
        raise SealStateError(_("Round %(number)s is already sealed.") % {"number": number}, code="sealed_twice")
    if not standing.phase.seal_allowed:
        raise SealStateError(
            _("Round %(number)s cannot be sealed now: judging is not open for it (an earlier round is not "
              "shortlisted yet, or the edition is in “%(state)s”).")
            % {"number": number, "state": locked.get_state_display()},
            code="wrong_state",
        )
    if standing.round.is_final:
        seal = edition_seal(edition=locked, actor=actor)
        edition.state = locked.state
        return seal
    receipts = list(scorecards_latest(edition=locked, round=standing.round).values_list("receipt", flat=True))
    root = commitment_root(receipts=receipts)
    seal = RoundSeal(round=standing.round, root=root, count=len(receipts), sealed_at=timezone.now(), sealed_by=actor)
    seal.full_clean(exclude=["sealed_by", "shortlisted_by"])
    seal.save()
    ScorecardDraft.objects.filter(round=standing.round).delete()
    InterviewNote.objects.filter(round=standing.round).delete()
    audit_append(action="round.sealed", actor=actor, edition=locked,
                 payload={"round": number, "root": root, "count": len(receipts)})
    return seal
