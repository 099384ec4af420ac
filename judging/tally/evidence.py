"""Measured evidence: the assessors' mystery calls, per entrant, beside the figures it claimed in its entry.

Pure functions over plain data (no Django): the reveal, ``verify_results`` and the tests run the same code.

Definitions (stated in results.json under ``evidence.method``):

- **service level**: calls answered within the category's threshold (default 25 s), as a share of every call
  placed (an abandoned call was offered and not answered in time), in percent; it *meets the target* when it
  is at least the category's target (default 85 %). A call answered exactly at the threshold is in time.
- **average speed of answer**: the mean of the seconds to answer over the answered calls.
- **abandonment rate**: abandoned calls as a share of every call placed.
- **resolution rate**: resolved calls as a share of the answered calls.
- **answered by a person**: calls a person answered (not only the IVR) as a share of the answered calls.
- **courtesy, accuracy**: means of the 1-10 ratings of the answered calls.

A figure that would divide by zero (no call, or no answered call) is ``None``, never 0. Figures are text with
two decimals, rounded half up, as the tally writes its scores.

**A criterion scored from the measurement.** A category may name a rubric criterion whose finals score is taken
from the measured service level instead of the judges' own: in every final-round scorecard of an entrant with
measured figures, that criterion's score becomes ``service_level_score`` (the bands below, by how far the
measured service level falls short of the target). An entrant nobody called keeps the judges' scores.

**Site visits.** An assessor answers each item of the category's checklist met (``yes``), not met (``no``) or
``not_seen``. An entrant's **checklist score** is the items met as a share of every item answered over all its
visits, in percent; an item not seen counts against it (what the entrant did not show was not met). Per item,
how many visits found it met, not met or not seen.

**Claimed vs measured.** A gap is the distance from the claim in the direction that flatters the entrant
(claimed service level above the measured, measured speed of answer or abandonment above the claimed...).
``GAP_LIMITS`` says from which distance a gap is flagged for the judges' deliberation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ANSWERED_BY = ("person", "ivr")
CHANNELS = ("phone", "whatsapp", "email", "chat")
DEFAULT_THRESHOLD_SECONDS = 25
DEFAULT_TARGET_PERCENT = 85
# Fewer calls than this and the figures are shown with a warning: one or two calls say little.
FEW_CALLS = 3

# From which distance between claim and measurement a gap is flagged (percentage points, or seconds).
GAP_LIMITS = {
    "service_level": Decimal(15),
    "average_speed_of_answer": Decimal(20),
    "abandonment_rate": Decimal(10),
    "resolution_rate": Decimal(20),
}

# (largest shortfall of the measured service level below the target, in percentage points, score 1-10)
SERVICE_LEVEL_BANDS = ((0, 10), (5, 9), (10, 8), (15, 7), (20, 6), (30, 5), (40, 4), (50, 3), (65, 2))
LOWEST_BAND_SCORE = 1

METHOD = {
    "service_level": "calls answered within the category's threshold (seconds, inclusive) / calls placed * 100",
    "average_speed_of_answer": "mean seconds to answer of the answered calls",
    "abandonment_rate": "abandoned calls / calls placed * 100",
    "resolution_rate": "resolved calls / answered calls * 100",
    "person_rate": "calls answered by a person / answered calls * 100",
    "courtesy": "mean rating (1-10) of the answered calls",
    "accuracy": "mean rating (1-10) of the answered calls",
    "rounding": "two decimals, half up; a figure with nothing to divide by is null",
    "gap_limits": {name: str(limit) for name, limit in GAP_LIMITS.items()},
    "criterion_bands": {
        "rule": "shortfall = target - measured service level (points); score of the first band it does not exceed",
        "bands": [{"shortfall_at_most": limit, "score": score} for limit, score in SERVICE_LEVEL_BANDS],
        "otherwise": LOWEST_BAND_SCORE,
    },
}

# Added to METHOD only in an edition with site visits, so that the evidence of one without stays as it was sealed.
VISIT_METHOD = {
    "checklist_score": "items answered met / items answered (met, not met or not seen) over every visit * 100",
}
VISIT_ANSWERS = ("yes", "no", "not_seen")

CENT = Decimal("0.01")


class EvidenceInputError(ValueError):
    """A call log that does not make sense (negative seconds, answered and abandoned at once, ...)."""


@dataclass(frozen=True)
class Call:
    """One mystery call as the assessor logged it. ``answer_seconds`` is None for an abandoned call, which
    has ``abandoned_after`` instead."""

    answer_seconds: int | None
    abandoned_after: int | None = None
    answered_by: str | None = None  # "person" or "ivr" for an answered call
    resolved: bool = False
    courtesy: int | None = None
    accuracy: int | None = None

    @classmethod
    def from_json(cls, content: Mapping) -> Call:
        """A call from a sealed log's content (judging.services.call_logs.call_log_payload)."""
        call = cls(
            answer_seconds=content.get("answer_seconds"),
            abandoned_after=content.get("abandoned_after"),
            answered_by=content.get("answered_by"),
            resolved=bool(content.get("resolved")),
            courtesy=content.get("courtesy"),
            accuracy=content.get("accuracy"),
        )
        call.check()
        return call

    @property
    def answered(self) -> bool:
        return self.answer_seconds is not None

    def check(self) -> None:
        if self.answered == (self.abandoned_after is not None):
            raise EvidenceInputError("A call is either answered (seconds to answer) or abandoned (after seconds).")
        for value in (self.answer_seconds, self.abandoned_after):
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                raise EvidenceInputError(f"Seconds must be a whole number of at least 0, not {value!r}.")
        if self.answered and self.answered_by not in ANSWERED_BY:
            raise EvidenceInputError(f"An answered call is answered by a person or the IVR, not {self.answered_by!r}.")
        for rating in (self.courtesy, self.accuracy):
            whole = isinstance(rating, int) and not isinstance(rating, bool)
            if rating is not None and not (whole and 1 <= rating <= 10):
                raise EvidenceInputError(f"A rating is a whole number from 1 to 10, not {rating!r}.")


@dataclass(frozen=True)
class Visit:
    """One site visit: the day and each checklist item's answer, by item code."""

    visited_on: str
    answers: tuple[tuple[str, str], ...]  # (item code, "yes" | "no" | "not_seen"), in checklist order

    @classmethod
    def from_json(cls, content: Mapping) -> Visit:
        """A visit from a sealed visit's content (judging.services.site_visits.visit_content_clean)."""
        visit = cls(
            visited_on=str(content.get("visited_on") or ""),
            answers=tuple((str(item.get("code")), item.get("answer")) for item in content.get("items") or ()),
        )
        visit.check()
        return visit

    def check(self) -> None:
        if not self.answers:
            raise EvidenceInputError("A site visit answers at least one checklist item.")
        codes = [code for code, _answer in self.answers]
        if len(set(codes)) != len(codes):
            raise EvidenceInputError("A site visit answers each checklist item once.")
        for code, answer in self.answers:
            if answer not in VISIT_ANSWERS:
                raise EvidenceInputError(f"Item {code!r} is answered yes, no or not_seen, not {answer!r}.")


def visit_figures(*, visits: Iterable[Visit]) -> dict | None:
    """The checklist figures of one entrant's visits, as plain data; None when nobody visited it."""
    visits = list(visits)
    for visit in visits:
        visit.check()
    if not visits:
        return None
    items: dict[str, dict] = {}
    for visit in visits:
        for code, answer in visit.answers:
            items.setdefault(code, {"code": code, "yes": 0, "no": 0, "not_seen": 0})[answer] += 1
    answered = sum(len(visit.answers) for visit in visits)
    met = sum(item["yes"] for item in items.values())
    return {
        "visits": len(visits),
        "days": sorted({visit.visited_on for visit in visits}),
        "items_answered": answered,
        "items_met": met,
        "items_not_seen": sum(item["not_seen"] for item in items.values()),
        "checklist_score": _text(_percent(met, answered)),
        "items": list(items.values()),
    }


@dataclass(frozen=True)
class EvidenceSettings:
    threshold_seconds: int = DEFAULT_THRESHOLD_SECONDS
    target_percent: int = DEFAULT_TARGET_PERCENT
    criterion: str = ""  # a rubric criterion scored from the measured service level, or none

    def to_json(self) -> dict:
        return {
            "threshold_seconds": self.threshold_seconds,
            "target_percent": self.target_percent,
            "criterion": self.criterion,
        }

    @classmethod
    def from_json(cls, data: Mapping) -> EvidenceSettings:
        return cls(
            threshold_seconds=int(data["threshold_seconds"]),
            target_percent=int(data["target_percent"]),
            criterion=str(data.get("criterion") or ""),
        )


def service_level_score(*, service_level: str, target_percent: int) -> int:
    """The criterion score (1-10) of a measured service level against its target, by ``SERVICE_LEVEL_BANDS``."""
    shortfall = Decimal(target_percent) - Decimal(service_level)
    for limit, score in SERVICE_LEVEL_BANDS:
        if shortfall <= limit:
            return score
    return LOWEST_BAND_SCORE


def _percent(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


def _mean(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(CENT, rounding=ROUND_HALF_UP)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def measured_figures(*, calls: Iterable[Call], settings: EvidenceSettings) -> dict | None:
    """The measured figures of one entrant's calls, as plain data; None when there was no call at all."""
    calls = list(calls)
    for call in calls:
        call.check()
    if not calls:
        return None
    placed = len(calls)
    answered = [call for call in calls if call.answered]
    in_time = sum(1 for call in answered if call.answer_seconds <= settings.threshold_seconds)
    service_level = _percent(in_time, placed)
    return {
        "calls": placed,
        "answered": len(answered),
        "answered_in_time": in_time,
        "few_calls": placed < FEW_CALLS,
        "service_level": _text(service_level),
        "meets_target": service_level >= settings.target_percent,
        "average_speed_of_answer": _text(_mean([call.answer_seconds for call in answered])),
        "abandonment_rate": _text(_percent(placed - len(answered), placed)),
        "resolution_rate": _text(_percent(sum(1 for call in answered if call.resolved), len(answered))),
        "person_rate": _text(_percent(sum(1 for call in answered if call.answered_by == "person"), len(answered))),
        "courtesy": _text(_mean([call.courtesy for call in answered if call.courtesy is not None])),
        "accuracy": _text(_mean([call.accuracy for call in answered if call.accuracy is not None])),
    }


# Claimed figure -> (measured figure, +1 when a higher claim than measured flatters the entrant, -1 otherwise)
COMPARED = {
    "service_level": ("service_level_percent", 1),
    "average_speed_of_answer": ("average_speed_of_answer", -1),
    "abandonment_rate": ("abandonment_rate", -1),
    "resolution_rate": ("first_contact_resolution", 1),
}


def claim_gaps(*, claimed: Mapping[str, str | None], measured: Mapping | None) -> dict:
    """Per compared figure, how far the claim flatters the entrant against the measurement (``gap``, text, may
    be negative: the claim was modest) and whether that is past its ``GAP_LIMITS`` (``large``). A figure that
    was not claimed or could not be measured has no gap (None)."""
    gaps = {}
    for name, (claim_name, direction) in COMPARED.items():
        claim = claimed.get(claim_name)
        value = None if measured is None else measured.get(name)
        if claim is None or value is None:
            gaps[name] = None
            continue
        gap = (Decimal(claim) - Decimal(value)) * direction
        gaps[name] = {"gap": _text(gap.quantize(CENT, rounding=ROUND_HALF_UP)), "large": gap >= GAP_LIMITS[name]}
    return gaps


def entry_evidence(*, calls: Iterable[Call], settings: EvidenceSettings, claimed: Mapping[str, str | None]) -> dict:
    """One entrant's evidence: what it claimed, what was measured, the gaps between them, and whether any gap
    is large enough to flag for the judges."""
    measured = measured_figures(calls=calls, settings=settings)
    gaps = claim_gaps(claimed=claimed, measured=measured)
    criterion_score = None
    if settings.criterion and measured is not None:
        criterion_score = service_level_score(
            service_level=measured["service_level"], target_percent=settings.target_percent
        )
    return {
        "claimed": dict(claimed),
        "measured": measured,
        "criterion_score": criterion_score,
        "gaps": gaps,
        "flagged": sorted(name for name, gap in gaps.items() if gap is not None and gap["large"]),
    }


def evidence_edition(
    *,
    settings: Mapping[str, EvidenceSettings],
    entries: Mapping[str, str],
    claimed: Mapping[str, Mapping[str, str | None]],
    calls: Iterable[tuple[str, Call]],
    visits: Iterable[tuple[str, Visit]] = (),
    checklists: Mapping[str, list] | None = None,
) -> dict:
    """The evidence section of results.json. ``settings``: category code -> its settings; ``entries``: entry
    reference -> category code (every entry that gets a line, measured or not); ``claimed``: reference -> its
    claimed figures; ``calls``: (entry reference, call) for every opened call log; ``visits``: (entry reference,
    visit) for every opened site visit, and ``checklists``: category code -> its checklist items as the results
    name them. Site visits add to the section only where there are some: the evidence of an edition without
    them is exactly what it was before visits existed, so its packs still verify."""
    by_entry: dict[str, list[Call]] = {reference: [] for reference in entries}
    for reference, call in calls:
        if reference not in by_entry:
            raise EvidenceInputError(f"A call log names entry {reference!r}, which has no line in the results.")
        by_entry[reference].append(call)
    visited: dict[str, list[Visit]] = {}
    for reference, visit in visits:
        if reference not in by_entry:
            raise EvidenceInputError(f"A site visit names entry {reference!r}, which has no line in the results.")
        visited.setdefault(reference, []).append(visit)
    lines = {
        reference: entry_evidence(
            calls=by_entry[reference], settings=settings[entries[reference]], claimed=claimed.get(reference, {})
        )
        for reference in sorted(entries)
    }
    section = {"method": METHOD, "settings": {code: item.to_json() for code, item in sorted(settings.items())}}
    if visited:
        section["method"] = {**METHOD, **VISIT_METHOD}
        section["checklists"] = {code: list(items) for code, items in sorted((checklists or {}).items())}
        for reference, entry_visits in visited.items():
            lines[reference]["site_visits"] = visit_figures(visits=entry_visits)
    section["entries"] = lines
    return section


def scorecards_with_evidence(*, listings: Iterable[Mapping], evidence: Mapping, categories: Mapping[str, str]) -> list:
    """The final round's opened scorecards as the tally takes them: where the entrant's category names a
    criterion and the entrant was measured, that criterion's score replaced by the entrant's criterion score.
    ``categories``: entry reference -> category code. The listings themselves are not changed (they must still
    equal their ciphertexts); changed ones are copies."""
    settings = evidence["settings"]
    taken = []
    for listing in listings:
        line = evidence["entries"].get(listing["entry"])
        criterion = settings.get(categories.get(listing["entry"], ""), {}).get("criterion")
        scores = listing["content"].get("scores", {})
        if not line or line.get("criterion_score") is None or not criterion or criterion not in scores:
            taken.append(listing)
            continue
        content = {**listing["content"], "scores": {**scores, criterion: line["criterion_score"]}}
        taken.append({**listing, "content": content})
    return taken
