"""Mystery calls: an assessor's call log, sealed on submit exactly like a scorecard (HPKE to the final round's
key, padded, bound to edition, round, assessor, entry and the log's number; receipt = SHA-256 of the
ciphertext), committed to by the final round's seal, opened only at the reveal.

The final round's Merkle tree has the scorecards' receipts first (judging.services.seal) and then the call
logs' receipts in the order of ``call_logs_sealed``: one root, one count, one ``--expected-root``.
"""

import base64
import datetime as dt
import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.audit import audit_append
from awards.models import Edition, Entry
from judging import sealing
from judging.models import (
    CALL_NOTES_MAX_LENGTH,
    CALL_SECONDS_MAX,
    Assessor,
    AssessorConflict,
    CallLog,
    Round,
)
from judging.permissions import entries_callable_by
from judging.selectors.keys import key_ceremony_active
from judging.selectors.rounds import rounds_of
from judging.tally.evidence import ANSWERED_BY, CHANNELS

# A call is logged after it was made: a clock a minute fast is forgiven, a call "tomorrow" is not.
CLOCK_TOLERANCE = dt.timedelta(minutes=2)
# A log for a call older than this is a typing mistake (a wrong year), not evidence of the finals.
OLDEST_CALL = dt.timedelta(days=120)


class CallLogError(Exception):
    """A sealed call log does not open or does not match what it says (the reveal's and the pack's finding)."""


def call_log_binding(*, edition_slug: str, round_number: int, pseudonym: str, entry_id: int, number: int) -> bytes:
    return sealing.call_log_binding(
        edition=edition_slug, round=round_number, assessor=pseudonym, entry=entry_id, number=number
    )


def _final_round(edition: Edition):
    return next((standing for standing in rounds_of(edition=edition) if standing.round.is_final), None)


def call_logs_allowed(*, edition: Edition) -> bool:
    """Whether assessors may log calls now: while the final round takes scorecards."""
    standing = _final_round(edition)
    return standing is not None and standing.phase.scoring_open


def _refuse_unless_open(edition: Edition) -> Round:
    standing = _final_round(edition)
    if standing is None:
        raise ValidationError(_("This edition has no finals round: nothing was saved."))
    if standing.sealed:
        raise ValidationError(
            _("The finals round is sealed: it takes no more call logs, and nothing was saved."), code="sealed"
        )
    if not standing.phase.scoring_open:
        raise ValidationError(
            _("Mystery calls are logged while the finals round is open; it is not open now, and nothing was saved."),
            code="not_open",
        )
    return standing.round


def _clean_notes(notes: str) -> str:
    notes = (notes or "").strip()
    if len(notes) > CALL_NOTES_MAX_LENGTH:
        raise ValidationError(
            _("The notes are too long: at most %(limit)s characters.") % {"limit": CALL_NOTES_MAX_LENGTH}
        )
    if any(unicodedata.category(char) == "Cc" and char not in "\n\t" for char in notes):
        raise ValidationError(_("The notes contain control characters; type them again as plain text."))
    return notes.replace("\r\n", "\n")


def _seconds(value, *, label: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValidationError(_("%(label)s must be a whole number of seconds, 0 or more.") % {"label": label})
    if value > CALL_SECONDS_MAX:
        raise ValidationError(
            _("%(label)s cannot be more than %(max)s seconds (an hour): check the number.")
            % {"label": label, "max": CALL_SECONDS_MAX}
        )
    return value


def _rating(value, *, label: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 10:
        raise ValidationError(_("%(label)s is rated from 1 to 10.") % {"label": label})
    return value


def call_content_clean(
    *,
    called_at,
    channel: str,
    answered: bool,
    answer_seconds=None,
    abandoned_after=None,
    answered_by: str = "",
    resolved: bool = False,
    courtesy=None,
    accuracy=None,
    notes: str = "",
) -> dict:
    """The call as the sealed log holds it, every value checked; ``ValidationError`` names what is wrong."""
    now = timezone.now()
    if called_at is None or timezone.is_naive(called_at):
        raise ValidationError(_("Give the date and time of the call."))
    if called_at > now + CLOCK_TOLERANCE:
        raise ValidationError(_("The call cannot be in the future: check the date and time."), code="future")
    if called_at < now - OLDEST_CALL:
        raise ValidationError(_("The call is more than 120 days old: check the date and time."), code="too_old")
    if channel not in CHANNELS:
        raise ValidationError(_("Choose the channel of the call."))
    if answered:
        answer_seconds = _seconds(answer_seconds, label=_("Seconds to answer"))
        if answered_by not in ANSWERED_BY:
            raise ValidationError(_("Say whether a person or only the IVR answered."))
        courtesy = _rating(courtesy, label=_("Courtesy"))
        accuracy = _rating(accuracy, label=_("Accuracy"))
        abandoned_after = None
    else:
        abandoned_after = _seconds(abandoned_after, label=_("Abandoned after"))
        answer_seconds, answered_by, resolved, courtesy, accuracy = None, None, False, None, None
    return {
        "called_at": called_at.astimezone(dt.UTC).replace(microsecond=0).isoformat(),
        "channel": channel,
        "answer_seconds": answer_seconds,
        "abandoned_after": abandoned_after,
        "answered_by": answered_by,
        "resolved": bool(resolved),
        "courtesy": courtesy,
        "accuracy": accuracy,
        "notes": _clean_notes(notes),
    }


def call_log_submit(*, assessor: Assessor, entry: Entry, call: dict, actor) -> CallLog:
    """Seal one call log. ``call`` holds ``call_content_clean``'s arguments. Locks the edition row first, so a
    log that races the final round's seal is either in its root or refused, never lost silently."""
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=assessor.edition_id)
        if entry.category.edition_id != edition.pk:
            raise ValidationError(_("This entry is not in the edition you assess."))
        if AssessorConflict.objects.filter(assessor=assessor, company_id=entry.company_id).exists():
            raise ValidationError(
                _("You declared a conflict of interest with this company: you cannot log calls to it."),
                code="conflicted",
            )
        round_ = _refuse_unless_open(edition)
        if not entries_callable_by(assessor).filter(pk=entry.pk).exists():
            raise ValidationError(_("This entry is not one of the finalists you assess."))
        content = call_content_clean(**call)
        ceremony = key_ceremony_active(edition=edition)
        if ceremony is None:
            raise ValidationError(_("The edition has no active key: ask the organisers to run the key ceremony."))
        previous = CallLog.objects.filter(round=round_, assessor=assessor, entry=entry).aggregate(n=Max("number"))
        number = (previous["n"] or 0) + 1
        payload = {
            **content,
            "edition": edition.slug,
            "round": round_.number,
            "entry": entry.pk,
            "assessor": assessor.pseudonym,
            "number": number,
        }
        ciphertext = sealing.call_log_encrypt(
            payload=payload,
            public_key_bytes=bytes(ceremony.public_key),
            info=call_log_binding(
                edition_slug=edition.slug,
                round_number=round_.number,
                pseudonym=assessor.pseudonym,
                entry_id=entry.pk,
                number=number,
            ),
        )
        log = CallLog(
            edition=edition,
            round=round_,
            entry=entry,
            assessor=assessor,
            number=number,
            ciphertext=ciphertext,
            receipt=sealing.receipt_of(ciphertext),
            sealed_at=timezone.now(),
        )
        log.full_clean()
        log.save()
        audit_append(action="call_log.sealed", actor=actor, edition=edition, payload={"receipt": log.receipt})
    return log


# --- Reading the sealed logs (the seal, the reveal, the pack) ----------------------------------------------


def call_logs_sealed(*, edition: Edition):
    """The edition's call logs (final round), in the fixed order of the commitment."""
    return (
        CallLog.objects.filter(edition=edition, round__is_final=True)
        .select_related("round", "entry__category", "assessor")
        .order_by("entry_id", "assessor_id", "number")
    )


def call_log_receipts(*, edition: Edition) -> list[str]:
    return list(call_logs_sealed(edition=edition).values_list("receipt", flat=True))


def call_log_open(*, private_key, edition_slug: str, log: CallLog) -> dict:
    """Decrypt one call log with its binding; check its receipt and the place it names."""
    ciphertext = bytes(log.ciphertext)
    names = {"assessor": log.assessor.pseudonym, "entry": log.entry.reference}
    if sealing.receipt_of(ciphertext) != log.receipt:
        raise CallLogError(
            _("The receipt of a call log of %(assessor)s for %(entry)s does not match its ciphertext.") % names
        )
    info = call_log_binding(
        edition_slug=edition_slug,
        round_number=log.round.number,
        pseudonym=log.assessor.pseudonym,
        entry_id=log.entry_id,
        number=log.number,
    )
    try:
        content = sealing.call_log_decrypt(ciphertext=ciphertext, private_key=private_key, info=info)
    except sealing.CallLogOpenError as exc:
        raise CallLogError(
            _("A call log of %(assessor)s for %(entry)s cannot be opened with its binding.") % names
        ) from exc
    if content.get("entry") != log.entry_id or content.get("round") != log.round.number:
        raise CallLogError(_("A call log of %(assessor)s for %(entry)s names another entry or round.") % names)
    return content


def call_log_listing(*, log: CallLog, content: dict) -> dict:
    """One call log as call-logs.json lists it: the assessor by pseudonym only."""
    return {
        "receipt": log.receipt,
        "ciphertext": base64.b64encode(bytes(log.ciphertext)).decode("ascii"),
        "round": log.round.number,
        "category": log.entry.category.code,
        "entry": log.entry.reference,
        "entry_id": log.entry_id,
        "assessor": log.assessor.pseudonym,
        "number": log.number,
        "content": content,
    }


def call_logs_open(*, edition: Edition, private_key) -> list[dict]:
    """Every call log of the edition, opened and listed, in commitment order."""
    return [
        call_log_listing(log=log, content=call_log_open(private_key=private_key, edition_slug=edition.slug, log=log))
        for log in call_logs_sealed(edition=edition)
    ]
