"""Mystery calls: an assessor's call log, sealed on submit like a scorecard and committed to by the final round's
seal (judging.services.sealed_evidence, which site visits share); here what a call log holds.
"""

import datetime as dt
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Edition, Entry
from judging.models import CALL_NOTES_MAX_LENGTH, CALL_SECONDS_MAX, Assessor, CallLog
from judging.services.sealed_evidence import (
    CALL_LOGS,
    evidence_all_open,
    evidence_allowed,
    evidence_binding,
    evidence_seal,
)
from judging.tally.evidence import ANSWERED_BY, CHANNELS

# A call is logged after it was made: a clock a minute fast is forgiven, a call "tomorrow" is not.
CLOCK_TOLERANCE = dt.timedelta(minutes=2)
# A log for a call older than this is a typing mistake (a wrong year), not evidence of the finals.
OLDEST_CALL = dt.timedelta(days=120)


def call_log_binding(*, edition_slug: str, round_number: int, pseudonym: str, entry_id: int, number: int) -> bytes:
    return evidence_binding(
        kind=CALL_LOGS,
        edition_slug=edition_slug,
        round_number=round_number,
        pseudonym=pseudonym,
        entry_id=entry_id,
        number=number,
    )


def call_logs_allowed(*, edition: Edition) -> bool:
    """Whether assessors may log calls now: while the final round takes scorecards."""
    return evidence_allowed(edition=edition)


def notes_clean(notes: str, *, limit: int = CALL_NOTES_MAX_LENGTH) -> str:
    """Notes as they are sealed: trimmed, at most ``limit`` characters, plain text."""
    notes = (notes or "").strip()
    if len(notes) > limit:
        raise ValidationError(_("The notes are too long: at most %(limit)s characters.") % {"limit": limit})
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
        "notes": notes_clean(notes),
    }


def call_log_submit(*, assessor: Assessor, entry: Entry, call: dict, actor) -> CallLog:
    """Seal one call log. ``call`` holds ``call_content_clean``'s arguments."""
    return evidence_seal(
        kind=CALL_LOGS, assessor=assessor, entry=entry, clean=lambda: call_content_clean(**call), actor=actor
    )


def call_logs_open(*, edition: Edition, private_key) -> list[dict]:
    """Every call log of the edition, opened and listed, in commitment order."""
    return evidence_all_open(kind=CALL_LOGS, edition=edition, private_key=private_key)
