"""The shortlist rule of a non-final round, as pure functions over plain data (no Django).

A round's entries carry their round score (0-100, rounded half up to 2 places as the tally rounds it)
and how many scorecards they have. The rule keeps:

- only entries with at least ``min_scorecards`` scorecards (the others are never shortlisted);
- ``top``: the ``top_n`` best of those, and every entry tied with the last one kept (never cut between
  equals: equal to 2 decimals, as the tally compares scores); a category with at most ``top_n`` eligible
  entries keeps them all;
- ``threshold``: every eligible entry whose score is at or above ``threshold``.

The result is a set: the shortlist carries no order, no rank and no score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .types import TallyInputError

MODE_TOP = "top"
MODE_THRESHOLD = "threshold"
DEFAULT_TOP_N = 6


@dataclass(frozen=True)
class ShortlistRule:
    mode: str = MODE_TOP
    top_n: int = DEFAULT_TOP_N
    threshold: Decimal | None = None
    min_scorecards: int = 1

    def __post_init__(self):
        if self.mode not in (MODE_TOP, MODE_THRESHOLD):
            raise TallyInputError(f"Unknown shortlist mode {self.mode!r}.")
        if self.mode == MODE_TOP and self.top_n < 1:
            raise TallyInputError("A top-N shortlist keeps at least one entry.")
        if self.mode == MODE_THRESHOLD:
            if self.threshold is None:
                raise TallyInputError("A threshold shortlist needs a threshold.")
            object.__setattr__(self, "threshold", Decimal(self.threshold))
            if not Decimal(0) <= self.threshold <= Decimal(100):
                raise TallyInputError("The shortlist threshold lies between 0 and 100.")
        if self.min_scorecards < 1:
            raise TallyInputError("The minimum number of scorecards is at least 1.")

    def to_json(self) -> dict:
        return {
            "mode": self.mode,
            "top_n": self.top_n if self.mode == MODE_TOP else None,
            "threshold": None if self.threshold is None or self.mode != MODE_THRESHOLD else f"{self.threshold:.2f}",
            "min_scorecards": self.min_scorecards,
        }

    @classmethod
    def from_json(cls, value: Mapping) -> ShortlistRule:
        return cls(
            mode=value["mode"],
            top_n=value.get("top_n") or DEFAULT_TOP_N,
            threshold=None if value.get("threshold") is None else Decimal(value["threshold"]),
            min_scorecards=value["min_scorecards"],
        )


@dataclass(frozen=True)
class RoundStanding:
    """One entry's standing in a round: its score (None without any scorecard) and its scorecard count."""

    score: Decimal | None
    scorecards: int


def _hundredths(value: Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def shortlist_apply(*, rule: ShortlistRule, standings: Mapping[str | int, RoundStanding]) -> frozenset:
    """The entries the rule sends to the next round (a set: no order, no scores)."""
    eligible = {
        entry: _hundredths(standing.score)
        for entry, standing in standings.items()
        if standing.score is not None and standing.scorecards >= rule.min_scorecards
    }
    if rule.mode == MODE_THRESHOLD:
        return frozenset(entry for entry, score in eligible.items() if score >= rule.threshold)
    if len(eligible) <= rule.top_n:
        return frozenset(eligible)
    cut = sorted(eligible.values(), reverse=True)[rule.top_n - 1]
    return frozenset(entry for entry, score in eligible.items() if score >= cut)


def round_standings(*, result) -> dict:
    """Each entry's standing from a round's tally (a ``CategoryResult``): its score and scorecard count."""
    return {row.entry: RoundStanding(score=row.score, scorecards=row.scorecards) for row in result.rows}
