"""Scoring: a judge's draft, and sealing it into an encrypted scorecard; reopening one sealed scorecard.

A draft is visible to its judge only and encrypted at rest with a draft key from the server's environment
(judging.services.drafts). On final submit the draft becomes canonical JSON, padded to a fixed size and
encrypted to the edition's public key (judging.sealing), bound to edition|round|judge|entry|version; the draft
is deleted in the same transaction. Nothing here ever logs, audits or returns a score in the clear to anyone
else; a reopened scorecard is scored again from nothing (its old scores stay sealed).
"""

import datetime
import hashlib
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from awards.audit import audit_append
from awards.models import Edition, Entry
from config.statements import Compiled, Slot, statement_cursor
from judging import sealing
from judging.models import (
    AREA_ORDER,
    COMMENT_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    SCORE_MAX,
    SCORE_MIN,
    Assignment,
    ConflictDeclaration,
    Criterion,
    Judge,
    Round,
    RoundKey,
    RoundSeal,
    Rubric,
    ScorecardDraft,
    SealedScorecard,
)
from judging.selectors.keys import key_ceremony_active
from judging.selectors.rounds import round_dates_refusal
from judging.selectors.workspace import rubric_of
from judging.services.drafts import draft_encrypt, draft_open
from judging.services.rubrics import rubric_freeze
from judging.tally import Rubric as TallyRubric
from judging.tally import judge_total_rounded


def scorecard_info(*, edition: Edition, round: Round, judge: Judge, entry: Entry, version: int) -> bytes:
    """The HPKE `info` that binds a ciphertext to edition|round|judge|entry|version (judge = pseudonym)."""
    return scorecard_binding(
        edition_slug=edition.slug, round_number=round.number, pseudonym=judge.pseudonym, entry_id=entry.pk,
        version=version,
    )


def scorecard_binding(*, edition_slug: str, round_number: int, pseudonym: str, entry_id: int, version: int) -> bytes:
    """`scorecard_info` from plain values, for code that reads rows without building model instances."""
    return sealing.binding_info(
        edition=edition_slug, round=round_number, judge=pseudonym, entry=entry_id, version=version
    )


def rubric_fingerprint(*, rubric: Rubric, criteria: list[Criterion]) -> str:
    """sha256 over the rubric's weights and criteria: the payload names the rubric it was scored on."""
    body = {
        "weights": {str(k): v for k, v in rubric.weights.items()},
        "criteria": [[c.area, c.code] for c in criteria],
    }
    return hashlib.sha256(sealing.canonical_json(body)).hexdigest()


def scorecard_total(*, scores: dict, rubric: Rubric, criteria: list[Criterion]) -> Decimal | None:
    """The judge's own total (0-100, 2 places), computed by the tally. None if incomplete."""
    areas = {area: [c.code for c in criteria if c.area == area] for area in AREA_ORDER}
    return judge_total_rounded(scores, TallyRubric.build(criteria=areas, weights=rubric.weights))


def _check_judging_dates(edition: Edition) -> None:
    """The timeline's judging dates are enforced: no scorecard is saved before judging opens or after it closes."""
    now = timezone.now()
    if now < edition.judging_opens:
        raise ValidationError(
            _("Judging opens on %(date)s: nothing was saved.") % {"date": _when(edition.judging_opens)},
            code="judging_not_started",
        )
    if now >= edition.judging_closes:
        raise ValidationError(
            _("Judging closed on %(date)s: nothing was saved.") % {"date": _when(edition.judging_closes)},
            code="judging_closed",
        )


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "j F Y, H:i")


def _check_edition_open(*, edition: Edition, judge: Judge, entry: Entry, round: Round) -> None:
    """Refuses unless the edition takes scorecards now and the judge, the entry and the round are the edition's
    (what the objects in hand tell, without reading the database)."""
    if not edition.phase.scoring_open:
        raise ValidationError(_("Judging is not open for this edition: nothing was saved."))
    _check_judging_dates(edition)
    if round.edition_id != edition.pk or entry.category.edition_id != edition.pk or judge.edition_id != edition.pk:
        raise ValidationError(_("This entry is not assigned to you."))


def _assignment_standing(*, edition_id: int, company_id: int, round_id: int, entry_id: int, judge_id: int):
    """The judge's assignment to the entry in the round, annotated with what refuses a scorecard on it:
    a declared conflict with the entry's company, a sealed scorecard, the round sealed, an earlier round of the
    edition without its shortlist reveal."""
    conflicted = ConflictDeclaration.objects.filter(judge_id=OuterRef("judge_id"), company_id=company_id)
    sealed = SealedScorecard.objects.filter(
        judge_id=OuterRef("judge_id"), entry_id=OuterRef("entry_id"), round_id=OuterRef("round_id"), is_latest=True
    )
    # A round takes scorecards while it is not sealed and every earlier round has had its shortlist reveal.
    round_closed = RoundSeal.objects.filter(round_id=OuterRef("round_id"))
    earlier_open = Round.objects.filter(edition_id=edition_id, number__lt=OuterRef("round__number")).exclude(
        seal__shortlisted_at__isnull=False
    )
    return (
        Assignment.objects.filter(round_id=round_id, entry_id=entry_id, judge_id=judge_id)
        .annotate(conflicted=Exists(conflicted), sealed=Exists(sealed), round_closed=Exists(round_closed),
                  earlier_open=Exists(earlier_open))
        .order_by()
    )


def _check_can_score(*, edition: Edition, judge: Judge, entry: Entry, round: Round) -> bool:
    """Refuses unless judging is open and the entry is assigned to the judge without a conflict.

    Returns whether the judge's scorecard for the entry is sealed (read in the same query)."""
    _check_edition_open(edition=edition, judge=judge, entry=entry, round=round)
    standing = _assignment_standing(
        edition_id=edition.pk, company_id=entry.company_id, round_id=round.pk, entry_id=entry.pk, judge_id=judge.pk
    ).values_list("conflicted", "sealed", "round_closed", "earlier_open", "round__opens_on", "round__closes_on")[:1]
    if not standing:
        raise ValidationError(_("This entry is not assigned to you."))
    conflicted, sealed, round_closed, earlier_open, opens_on, closes_on = standing[0]
    if round_closed:
        raise ValidationError(
            _("The round “%(name)s” is sealed: it takes no more scorecards, and nothing was saved.")
            % {"name": round.name}
        )
    if earlier_open:
        raise ValidationError(_("The round “%(name)s” has not opened yet: nothing was saved.") % {"name": round.name})
    refusal = round_dates_refusal(opens_on=opens_on, closes_on=closes_on)
    if refusal:
        raise ValidationError(refusal + " " + _("Nothing was saved."), code="round_dates")
    if conflicted:
        raise ValidationError(_("You declared a conflict of interest with this company and cannot score it."))
    return sealed


def _adapt_date(connection, value):
    return connection.ops.adapt_datefield_value(value)


# The assignment while the judge may save a draft on it today: every refusal of `_check_can_score` that reads the
# database, as conditions (round dates included), compiled once per connection (config.statements).
_SAVABLE_ASSIGNMENT = Compiled(
    "judging.draft-savable-assignment",
    lambda edition_id, company_id, round_id, entry_id, judge_id, today: (
        _assignment_standing(edition_id=edition_id, company_id=company_id, round_id=round_id, entry_id=entry_id,
                             judge_id=judge_id)
        .filter(conflicted=False, sealed=False, round_closed=False, earlier_open=False)
        .filter(Q(round__opens_on__isnull=True) | Q(round__opens_on__lte=today))
        .filter(Q(round__closes_on__isnull=True) | Q(round__closes_on__gte=today))
        .values("pk")
    ),
    Slot(-1_999_999_901), Slot(-1_999_999_902), Slot(-1_999_999_903), Slot(-1_999_999_904), Slot(-1_999_999_905),
    Slot(datetime.date(1901, 2, 3), adapt=_adapt_date),
)


def _draft_upsert_if_savable(*, edition: Edition, judge: Judge, entry: Entry, round: Round, key_id: str,
                             ciphertext: bytes) -> ScorecardDraft | None:
    """Insert or update the draft in one statement, only if `_SAVABLE_ASSIGNMENT` finds the assignment: the
    statement checks and writes at once (no transaction of its own to begin and commit). None if it wrote
    nothing (the caller then learns why from `_check_can_score`)."""
    check_sql, check_params = _SAVABLE_ASSIGNMENT.sql_and_params(
        edition.pk, entry.company_id, round.pk, entry.pk, judge.pk, timezone.localdate()
    )
    draft = ScorecardDraft(judge=judge, entry=entry, round=round, key_id=key_id, ciphertext=ciphertext,
                           updated_at=timezone.now())
    quote = connection.ops.quote_name
    written = ["round", "entry", "judge", "ciphertext", "key_id", "updated_at"]
    fields = [ScorecardDraft._meta.get_field(name) for name in written]
    columns = ", ".join(quote(field.column) for field in fields)
    unique = ", ".join(quote(field.column) for field in fields[:3])
    updates = ", ".join(f"{quote(field.column)} = EXCLUDED.{quote(field.column)}" for field in fields[3:])
    values = [field.get_db_prep_save(getattr(draft, field.attname), connection) for field in fields]
    sql = (
        f"INSERT INTO {quote(ScorecardDraft._meta.db_table)} ({columns}) "
        f"SELECT {', '.join(['%s'] * len(fields))} WHERE EXISTS ({check_sql}) "
        f"ON CONFLICT ({unique}) DO UPDATE SET {updates} RETURNING {quote(ScorecardDraft._meta.pk.column)}"
    )
    with statement_cursor(connection) as cursor:  # prepared on PostgreSQL, as the compiled statements are
        cursor.execute(sql, [*values, *check_params])
        row = cursor.fetchone()
    if row is None:
        return None
    draft.pk = row[0]
    draft._state.adding, draft._state.db = False, connection.alias
    return draft


def _clean_scores(*, scores: dict, criteria: list[Criterion], complete: bool) -> dict[str, int]:
    codes = {c.code for c in criteria}
    cleaned = {}
    for code, value in scores.items():
        if code not in codes:
            raise ValidationError(_("The scorecard names a criterion that is not in the rubric."))
        if isinstance(value, bool) or not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX:
            raise ValidationError(_("Every score must be a whole number from 1 to 10."))
        cleaned[code] = value
    if complete and set(cleaned) != codes:
        raise ValidationError(_("Score every criterion before you submit."))
    return cleaned


_CONTROL_CHARACTERS = {chr(code) for code in range(32)} - {"\t", "\n", "\r"}


def _check_text(text: str, *, limit: int) -> str:
    """The limits the scoring form enforces, checked again here: every sealed scorecard must fit one padding
    bucket (judging.sealing), so a longer text or a control character would make its length telling."""
    if len(text) > limit:
        raise ValidationError(
            _("A comment or note is longer than %(limit)d characters: nothing was saved.") % {"limit": limit}
        )
    if _CONTROL_CHARACTERS.intersection(text):
        raise ValidationError(_("A comment or note contains control characters: nothing was saved."))
    return text


def _clean_notes(notes: dict) -> dict[str, str]:
    areas = {str(a) for a in AREA_ORDER}
    cleaned = {}
    for area, text in notes.items():
        if area not in areas or not isinstance(text, str):
            raise ValidationError(_("A note belongs to one of the four areas."))
        if text.strip():
            cleaned[area] = _check_text(text.strip(), limit=NOTE_MAX_LENGTH)
    return cleaned


@sensitive_variables("scores", "notes", "comment", "draft", "cleaned")
def draft_save(
    *, judge: Judge, entry: Entry, round: Round, scores: dict, notes: dict, comment: str,
    criteria: list[Criterion] | None = None,
) -> ScorecardDraft:
    """Save the judge's draft (partial scores allowed, each 1-10). Refused once the scorecard is sealed.

    `criteria`: the category's rubric criteria when the caller has just read them (`rubric_of`). A draft that
    passes every check is written by one statement that checks and writes (`_draft_upsert_if_savable`); anything
    else, and any refusal, takes the checks one by one in a transaction, which say why."""
    edition = entry.category.edition
    if criteria is None:
        _rubric, criteria = rubric_of(category=entry.category, round=round)
    if criteria:
        try:
            _check_edition_open(edition=edition, judge=judge, entry=entry, round=round)
            cleaned = (_clean_scores(scores=scores, criteria=criteria, complete=False), _clean_notes(notes),
                       _check_text(comment.strip(), limit=COMMENT_MAX_LENGTH))
        except ValidationError:
            cleaned = None  # refused: the transaction below says why, in the order it always has
        if cleaned is not None:
            key_id, ciphertext = draft_encrypt(
                judge_id=judge.pk, entry_id=entry.pk, round_id=round.pk,
                scores=cleaned[0], notes=cleaned[1], comment=cleaned[2],
            )
            draft = _draft_upsert_if_savable(edition=edition, judge=judge, entry=entry, round=round, key_id=key_id,
                                             ciphertext=ciphertext)
            if draft is not None:
                return draft
    with transaction.atomic():
        if _check_can_score(edition=edition, judge=judge, entry=entry, round=round):
            raise ValidationError(_("This scorecard is already sealed; an organiser must reopen it first."))
        if not criteria:
            raise ValidationError(_("This category has no rubric yet."))
        key_id, ciphertext = draft_encrypt(
            judge_id=judge.pk, entry_id=entry.pk, round_id=round.pk,
            scores=_clean_scores(scores=scores, criteria=criteria, complete=False), notes=_clean_notes(notes),
            comment=_check_text(comment.strip(), limit=COMMENT_MAX_LENGTH),
        )
        draft = ScorecardDraft(judge=judge, entry=entry, round=round, key_id=key_id, ciphertext=ciphertext)
        # One statement, insert or update: two saves of the same draft (autosave racing the button) both land.
        ScorecardDraft.objects.bulk_create(
            [draft], update_conflicts=True, unique_fields=["round", "entry", "judge"],
            update_fields=["ciphertext", "key_id", "updated_at"],
        )
    return draft


@sensitive_variables("draft", "content", "scores", "payload", "plaintext")
def scorecard_seal(*, judge: Judge, entry: Entry, round: Round, actor) -> SealedScorecard:
    """Seal the judge's complete draft: encrypt, store ciphertext and receipt, delete the draft.

    Locks the edition row first, so a seal that closes judging and this submission are serialised: the
    scorecard is either sealed before judging closes, or refused. A second submit finds no draft and
    returns the scorecard already sealed (no new version).
    """
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=entry.category.edition_id)
        _check_can_score(edition=edition, judge=judge, entry=entry, round=round)
        draft = ScorecardDraft.objects.select_for_update().filter(judge=judge, entry=entry, round=round).first()
        latest = SealedScorecard.objects.filter(judge=judge, entry=entry, round=round, is_latest=True).first()
        if draft is None:
            if latest is not None:
                return latest
            raise ValidationError(_("There is no draft to submit: score the entry first."))
        if latest is not None:
            raise ValidationError(_("This scorecard is already sealed; an organiser must reopen it first."))
        rubric, criteria = rubric_of(category=entry.category, round=round)
        if rubric is None or not criteria:
            raise ValidationError(_("This category has no rubric yet."))
        content = draft_open(draft=draft)
        if not content.readable:
            raise ValidationError(
                _("Your saved draft could not be opened (the server's draft key changed, or the draft was "
                  "damaged): score the entry again and save it.")
            )
        scores = _clean_scores(scores=content.scores, criteria=criteria, complete=True)
        ceremony = key_ceremony_active(edition=edition)
        if ceremony is None:
            raise ValidationError(_("The edition has no active key: ask the organisers to run the key ceremony."))
        public_key = bytes(ceremony.public_key)
        if not round.is_final:
            round_key = RoundKey.objects.filter(round=round, ceremony=ceremony).first()
            if round_key is None:
                raise ValidationError(_("The round “%(name)s” has no key yet: ask the organisers to open judging "
                                        "again after the key ceremony.") % {"name": round.name})
            public_key = bytes(round_key.public_key)
        previous = SealedScorecard.objects.filter(judge=judge, entry=entry, round=round).aggregate(v=Max("version"))
        version = (previous["v"] or 0) + 1
        payload = {
            "scores": scores,
            "notes": _clean_notes(content.notes),
            "comment": _check_text(content.comment, limit=COMMENT_MAX_LENGTH),
            "edition": edition.slug,
            "round": round.number,
            "entry": entry.pk,
            "judge": judge.pseudonym,
            "version": version,
            "rubric": rubric_fingerprint(rubric=rubric, criteria=criteria),
        }
        ciphertext = sealing.scorecard_encrypt(
            payload=payload,
            public_key_bytes=public_key,
            info=scorecard_info(edition=edition, round=round, judge=judge, entry=entry, version=version),
        )
        sealed = SealedScorecard(
            edition=edition,
            round=round,
            entry=entry,
            judge=judge,
            version=version,
            ciphertext=ciphertext,
            receipt=sealing.receipt_of(ciphertext),
            sealed_at=timezone.now(),
            is_latest=True,
        )
        sealed.full_clean()
        sealed.save()
        draft.delete()
        if rubric.frozen_at is None:
            rubric_freeze(rubric=rubric)
        audit_append(action="scorecard.sealed", actor=actor, edition=edition, payload={"receipt": sealed.receipt})
    return sealed


def scorecard_reopen(*, sealed: SealedScorecard, actor, reason: str) -> SealedScorecard:
    """Reopen one sealed scorecard while judging is open: it stops counting; the judge seals a new version."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason for reopening the scorecard."))
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=sealed.edition_id)
        if not edition.phase.scoring_open:
            raise ValidationError(_("A scorecard can be reopened only while judging is open."))
        sealed = SealedScorecard.objects.select_for_update().select_related("judge").get(pk=sealed.pk)
        if not sealed.is_latest:
            raise ValidationError(_("This version was already reopened."))
        sealed.is_latest = False
        sealed.reopened_at = timezone.now()
        sealed.reopened_by = actor
        sealed.reopen_reason = reason
        sealed.full_clean()
        sealed.save(update_fields=["is_latest", "reopened_at", "reopened_by", "reopen_reason"])
        audit_append(
            action="scorecard.reopened",
            actor=actor,
            edition=edition,
            payload={"receipt": sealed.receipt, "version": sealed.version, "reason": reason},
        )
    return sealed
