"""The shortlist reveal: k key holders open a sealed earlier round in memory, the category's shortlist rule
is applied to its scores, and only the set of finalists per category (alphabetical: no rank, no score, no
close call) and a commitment to that set are stored. The round's key and every decrypted value are dropped
at the end of the call; the round stays sealed and its scorecards stay encrypted.

Everything happens in one transaction: too few or wrong holder keys, a second reveal, or a crash half-way
change nothing but a `shortlist.failed` audit row written afterwards.
"""


from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_variables

from awards.audit import audit_append
from awards.models import Category, Entry
from judging import sealing
from judging.models import Finalist, Round, RoundKey, RoundKeyShare, RoundSeal
from judging.selectors.keys import key_ceremony_active
from judging.selectors.rounds import (
    category_round_weights,
    category_settings_of,
    finalists_of,
    round_standing,
    shortlist_rule_of,
    takes_part,
)
from judging.selectors.rubrics import rubrics_of_round
from judging.services.keys import holder_for_material, holder_material_read
from judging.services.results_data import category_document, round_part, shortlist_derive
from judging.services.seal import SealStateError, commitment_root, edition_lock, scorecards_latest
from judging.services.sealed_rows import RevealError, sealed_row_listing, sealed_row_open, sealed_rows


def _label(holder) -> str:
    name = holder.user.get_full_name() or holder.user.get_username()
    return _("key holder %(index)s (%(name)s)") % {"index": holder.index, "name": name}


@sensitive_variables("texts", "material", "share", "parsed")
def round_shares_open(*, edition, ceremony, key: RoundKey, texts: list[str]) -> tuple[list, list[int]]:
    """The holders' shares of a round key: each holder's key file opens the share the server keeps for them
    (in memory only). Names the holder or the position of what fails."""
    stored = {share.holder_id: share for share in RoundKeyShare.objects.filter(key=key)}
    parsed, indices = [], []
    for position, text in enumerate(texts, start=1):
        if not text.strip():
            continue
        try:
            material = holder_material_read(text=text)
        except (ValidationError, sealing.SealingError) as exc:
            reason = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            raise RevealError(_("Key file number %(n)s cannot be read: %(reason)s") % {"n": position,
                                                                                       "reason": reason}) from exc
        if material.private_key is None:
            raise RevealError(
                _("Key file number %(n)s is not a holder key file: a round's shares open only with the holders' "
                  "own key files.") % {"n": position}
            )
        holder = holder_for_material(ceremony=ceremony, material=material)
        if holder is None or holder.pk not in stored:
            raise RevealError(_("Key file number %(n)s belongs to no key holder of this edition's key.")
                              % {"n": position})
        if holder.index in indices:
            raise RevealError(_("The key file of %(holder)s was given twice.") % {"holder": _label(holder)})
        encrypted = sealing.EncryptedShare(
            edition=edition.slug, fingerprint=key.fingerprint, index=holder.index,
            holder_key=sealing.fingerprint_of(bytes(holder.public_key)),
            ciphertext=bytes(stored[holder.pk].encrypted_share),
        )
        try:
            share = sealing.share_decrypt(encrypted=encrypted, private_key=material.private_key)
        except sealing.SealingError as exc:
            raise RevealError(_("The key file of %(holder)s does not open its share of this round's key.")
                              % {"holder": _label(holder)}) from exc
        if not sealing.share_matches_commitment(share=share, commitment=stored[holder.pk].commitment):
            raise RevealError(_("The share of %(holder)s does not match the commitment made with the round key.")
                              % {"holder": _label(holder)})
        parsed.append(share)
        indices.append(holder.index)
    if len(parsed) < ceremony.threshold:
        raise RevealError(
            ngettext(
                "%(needed)s key holders are needed; %(given)s key file was given.",
                "%(needed)s key holders are needed; %(given)s key files were given.",
                len(parsed),
            ) % {"needed": ceremony.threshold, "given": len(parsed)}
        )
    return parsed, indices


@sensitive_variables("private_key", "shares")
def round_private_key_open(*, edition, round, texts: list[str]):
    """The round's private key, rebuilt in memory from k holders' key files; with the holder indices."""
    ceremony = key_ceremony_active(edition=edition)
    key = RoundKey.objects.filter(round=round, ceremony=ceremony).first() if ceremony else None
    if key is None:
        raise RevealError(_("Round %(number)s has no key made with the edition's key ceremony.")
                          % {"number": round.number})
    shares, indices = round_shares_open(edition=edition, ceremony=ceremony, key=key, texts=texts)
    try:
        private_key = sealing.private_key_recover(
            shares=shares, threshold=ceremony.threshold, wrapped_private_key=bytes(key.wrapped_private_key),
            public_key_bytes=bytes(key.public_key),
        )
    except sealing.SealingError as exc:
        raise RevealError(_("The shares do not rebuild the round's key: %(reason)s") % {"reason": exc}) from exc
    return private_key, sorted(indices)


@sensitive_variables("private_key", "listings", "rows")
def round_scorecards_open(*, edition, round, seal, private_key) -> list[dict]:
    """The round's latest scorecards opened and listed, checked against the round's root and count."""
    rows = sealed_rows(cards=scorecards_latest(edition=edition, round=round))
    listings = [
        sealed_row_listing(row=row, payload=sealed_row_open(private_key=private_key, edition_slug=edition.slug,
                                                            row=row))
        for row in rows
    ]
    receipts = [listing["receipt"] for listing in listings]
    if len(receipts) != seal.count or commitment_root(receipts=receipts) != seal.root:
        raise RevealError(_("The stored scorecards of round %(number)s do not give its sealed root and count.")
                          % {"number": round.number})
    return listings


def round_document(*, edition, round) -> dict:
    """What tallying a round needs, as plain data: its categories (the round's rubric, settings, shortlist rule;
    no rule for a category that goes straight to the finals) and its entries (the submitted ones; in a later
    round, the previous round's finalists)."""
    categories = list(Category.objects.filter(edition=edition).order_by("ceremony_order", "code"))
    rubrics = rubrics_of_round(edition=edition, round=round)
    settings = category_settings_of(round=round)
    entries = Entry.objects.filter(category__edition=edition).filter(
        Q(status=Entry.Status.SUBMITTED) | Q(sealed_scorecards__round=round)
    ).distinct().order_by().values_list("pk", "company__legal_name", "title", "category__code", "number")
    documents = []
    for category in categories:
        part = category_document(category=category, rubric=rubrics.get(category.pk))
        if not round.is_final:
            part["shortlist"] = _rule_json(settings=settings.get(category.pk))
        documents.append(part)
    return {
        "categories": documents,
        "entries": {
            Entry.reference_of(number=number): {"id": pk, "company": company, "title": title, "category": code}
            for pk, company, title, code, number in entries
        },
    }


def _rule_json(*, settings) -> dict | None:
    """A category's shortlist rule in results.json; None for a category without this round."""
    return shortlist_rule_of(settings=settings).to_json() if takes_part(settings=settings) else None


@sensitive_variables("private_key", "listings", "finalists")
def _shortlist_reveal(*, edition, number: int, texts: list[str], actor) -> RoundSeal:
    locked = edition_lock(edition=edition)
    standing = round_standing(edition=locked, number=number)
    if standing is None or standing.round.is_final:
        raise SealStateError(_("The edition %(slug)s has no earlier round %(number)s to shortlist.")
                             % {"slug": locked.slug, "number": number}, code="no_round")
    if standing.shortlisted:
        raise SealStateError(_("The shortlist of round %(number)s was already revealed: it is revealed once.")
                             % {"number": number}, code="shortlisted_twice")
    if not standing.phase.shortlist_reveal_allowed:
        raise SealStateError(_("Round %(number)s is not sealed yet: seal it before its shortlist reveal.")
                             % {"number": number}, code="not_sealed")
    seal = RoundSeal.objects.select_for_update().get(pk=standing.seal.pk)
    private_key, indices = round_private_key_open(edition=locked, round=standing.round, texts=texts)
    listings = round_scorecards_open(edition=locked, round=standing.round, seal=seal, private_key=private_key)
    del private_key
    document = round_document(edition=locked, round=standing.round)
    finalists = shortlist_derive(document=document, listings=listings)
    del listings
    commitment = sealing.shortlist_commitment(edition=locked.slug, round=number, root=seal.root, finalists=finalists)
    entry_ids = [document["entries"][reference]["id"] for references in finalists.values() for reference in references]
    # Written in alphabetical order (category, then company), so not even the row ids follow the scores.
    ordered = Entry.objects.filter(pk__in=entry_ids).order_by(
        "category__ceremony_order", "category__code", "company__legal_name", "pk"
    ).values_list("pk", flat=True)
    rows = [Finalist(round=standing.round, entry_id=pk) for pk in ordered]
    Finalist.objects.bulk_create(rows)
    seal.shortlisted_at = timezone.now()
    seal.shortlisted_by = actor
    seal.shortlist_commitment = commitment
    seal.holder_indices = indices
    seal.full_clean(exclude=["sealed_by", "shortlisted_by"])
    seal.save(update_fields=["shortlisted_at", "shortlisted_by", "shortlist_commitment", "holder_indices"])
    audit_append(
        action="shortlist.revealed", actor=actor, edition=locked,
        payload={"round": number, "root": seal.root, "commitment": commitment, "holders": indices,
                 "finalists": {code: len(references) for code, references in finalists.items()}},
    )
    return seal


def shortlist_reveal(*, edition, number: int, texts: list[str], actor) -> RoundSeal:
    """Reveal round ``number``'s shortlist with k holders' key files. On any failure nothing changes but a
    `shortlist.failed` audit row."""
    try:
        with transaction.atomic():
            return _shortlist_reveal(edition=edition, number=number, texts=texts, actor=actor)
    except Exception as exc:
        reason = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
        with transaction.atomic():
            audit_append(action="shortlist.failed", actor=actor, edition=edition,
                         payload={"round": number, "reason": reason[:500], "error": type(exc).__name__})
        raise


def rounds_document(*, edition, seal) -> list[dict]:
    """results.json's ``rounds``: every round with its number, name, weight, root and count, each category's
    weight in it (``weights``: a category that goes straight to the finals has 0 in the desk round and 100 in
    the finals), and for an earlier round each category's rubric in it, its shortlist rule (None for a
    category without that round), its finalists and the commitment to them. Empty for an edition with a final
    round only (its results stay as they were)."""
    rounds = list(Round.objects.filter(edition=edition).select_related("seal").order_by("number"))
    if not any(not round_.is_final for round_ in rounds):
        return []
    categories = list(Category.objects.filter(edition=edition).order_by("ceremony_order", "code"))
    weights = category_round_weights(edition=edition)
    items = []
    for round_ in rounds:
        item = {"number": round_.number, "name": round_.name, "weight": round_.weight, "final": round_.is_final,
                "weights": {category.code: weights[category.pk][round_.number] for category in categories}}
        if round_.is_final:
            item.update(root=seal.root, count=seal.count)
        else:
            settings = category_settings_of(round=round_)
            rubrics = rubrics_of_round(edition=edition, round=round_)
            rules = {category.code: _rule_json(settings=settings.get(category.pk)) for category in categories}
            finalists = {code: [] for code, rule in rules.items() if rule is not None}
            for finalist in finalists_of(round=round_):
                finalists[finalist.entry.category.code].append(finalist.entry.reference)
            item.update(
                root=round_.seal.root, count=round_.seal.count,
                rubrics={category.code: category_document(category=category,
                                                          rubric=rubrics.get(category.pk))["rubric"]
                         for category in categories},
                shortlist=rules,
                finalists={code: sorted(references) for code, references in finalists.items()},
                shortlist_commitment=round_.seal.shortlist_commitment,
            )
        items.append(item)
    return items


@sensitive_variables("texts", "private_key", "listings")
def earlier_rounds_open(*, edition, texts: list[str], rounds: list[dict], document: dict) -> tuple[dict, dict]:
    """On award night: open every earlier round with the holders' key files, check its root and count, and
    that its shortlist, derived again from its scorecards, is the one revealed. Returns the listings and the
    private key (PEM) of each earlier round, by number."""
    listings_by_round, keys = {}, {}
    for item in rounds:
        if item["final"]:
            continue
        round_ = Round.objects.select_related("seal").get(edition=edition, number=item["number"])
        private_key, _indices = round_private_key_open(edition=edition, round=round_, texts=texts)
        listings = round_scorecards_open(edition=edition, round=round_, seal=round_.seal, private_key=private_key)
        derived = shortlist_derive(document=round_part(document=document, round_info=item), listings=listings)
        if derived != item["finalists"]:
            raise RevealError(_("The finalists of round %(number)s are not what its scorecards and rule give.")
                              % {"number": item["number"]})
        listings_by_round[item["number"]] = listings
        keys[str(item["number"])] = sealing.private_key_pem(private_key).decode("ascii")
    return listings_by_round, keys
