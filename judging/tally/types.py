"""Plain data for the tally: what goes in (rubric, categories, scorecards) and what comes out.

No Django here: services build these from models, ``verify_results`` builds them from the pack.
Entry and judge ids may be ints or strings (whatever the caller uses consistently); output order
sorts ints numerically and strings alphabetically.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

AREA_CODES = ("infrastructure", "technology", "communication", "people")
# The default of judging.models.Rubric.tie_break_order.
DEFAULT_TIE_BREAK_ORDER = ("people", "communication", "technology", "infrastructure")
PLACE_KINDS = ("winner", "runner_up_1", "runner_up_2")  # awards.models.Award.Kind values
MEDAL_KINDS = ("platinum", "gold", "silver", "bronze")  # highest band first
FLAG_TOO_FEW = "too_few_scorecards"


class TallyInputError(ValueError):
    """The data given to the tally is inconsistent (unknown entry, wrong criteria, duplicate card)."""


@dataclass(frozen=True)
class RubricArea:
    """One of the four areas: its weight (percent, int) and its criterion codes (2-5 in the UI)."""

    code: str
    weight: int
    criteria: tuple[str, ...]

    def __post_init__(self):
        object.__setattr__(self, "criteria", tuple(self.criteria))
        if self.code not in AREA_CODES:
            raise TallyInputError(f"Unknown area {self.code!r}; areas are {', '.join(AREA_CODES)}.")
        if not self.criteria:
            raise TallyInputError(f"Area {self.code!r} has no criteria.")
        if isinstance(self.weight, bool) or not isinstance(self.weight, int) or self.weight < 0:
            raise TallyInputError(f"Area {self.code!r} needs a whole, non-negative weight.")


@dataclass(frozen=True)
class Rubric:
    """A category's rubric: the four areas, weights summing to 100, integer scores 1..10."""

    areas: tuple[RubricArea, ...]
    scale_min: int = 1
    scale_max: int = 10

    def __post_init__(self):
        object.__setattr__(self, "areas", tuple(self.areas))
        codes = [area.code for area in self.areas]
        if sorted(codes) != sorted(AREA_CODES):
            raise TallyInputError("A rubric has each of the four areas exactly once.")
        if sum(area.weight for area in self.areas) != 100:
            raise TallyInputError("Area weights must sum to 100.")
        criteria = [code for area in self.areas for code in area.criteria]
        if len(set(criteria)) != len(criteria):
            raise TallyInputError("Criterion codes must be unique within a rubric.")

    @classmethod
    def build(cls, *, criteria: Mapping[str, list[str] | tuple[str, ...]], weights: Mapping[str, int] | None = None):
        """Shortcut: ``Rubric.build(criteria={"infrastructure": ["i1", "i2"], ...}, weights={...})``;
        weights default to 25 each."""
        weights = weights or dict.fromkeys(AREA_CODES, 25)
        return cls(areas=tuple(RubricArea(code=c, weight=weights[c], criteria=tuple(criteria[c])) for c in AREA_CODES))

    @functools.cached_property
    def area_unit(self) -> int:
        """Area values (0-100) are whole multiples of ``1 / area_unit``: the lcm of criterion counts."""
        return math.lcm(*(len(area.criteria) for area in self.areas))

    @property
    def unit(self) -> int:
        """Judge totals (0-100) are whole multiples of ``1 / unit``."""
        return 100 * self.area_unit

    @functools.cached_property
    def criteria(self) -> frozenset[str]:
        return frozenset(code for area in self.areas for code in area.criteria)


@dataclass(frozen=True)
class Scorecard:
    """A judge's opened scorecard for one entry: ``{criterion_code: int}`` (latest version only)."""

    judge: str | int
    entry: str | int
    scores: Mapping[str, int]


@dataclass(frozen=True)
class CategorySpec:
    """How one category is tallied. ``entries`` lists every entry in the category (also those with
    no scorecard, so they are listed and flagged). ``medal_thresholds`` maps platinum/gold/silver/bronze
    to the lowest score (0-100) of the band, needed when ``award_mode == "medals"``."""

    code: str
    entries: tuple[str | int, ...]
    award_mode: str = "places"
    min_scorecards: int = 3
    normalise: bool = False
    medal_thresholds: Mapping[str, Decimal] = field(default_factory=dict)
    tie_break_order: tuple[str, ...] = DEFAULT_TIE_BREAK_ORDER

    def __post_init__(self):
        object.__setattr__(self, "entries", tuple(self.entries))
        object.__setattr__(self, "tie_break_order", tuple(self.tie_break_order))
        object.__setattr__(self, "medal_thresholds", {k: Decimal(v) for k, v in self.medal_thresholds.items()})
        if len(set(self.entries)) != len(self.entries):
            raise TallyInputError(f"Category {self.code!r} lists an entry twice.")
        if sorted(self.tie_break_order) != sorted(AREA_CODES):
            raise TallyInputError("The tie-break order lists each of the four areas once.")
        if self.min_scorecards < 1:
            raise TallyInputError("The minimum number of scorecards is at least 1.")
        if self.award_mode not in ("places", "medals"):
            raise TallyInputError(f"Unknown award mode {self.award_mode!r}.")
        if self.award_mode == "medals":
            values = [self.medal_thresholds.get(kind) for kind in MEDAL_KINDS]
            if any(value is None for value in values):
                raise TallyInputError("Medal bands need all four thresholds.")
            if not all(high > low for high, low in zip(values, values[1:], strict=False)):
                raise TallyInputError("Medal thresholds must fall from platinum to bronze.")


@dataclass(frozen=True)
class CloseCallReason:
    """Why an award is a close call. ``code``: ``mean``, ``trimmed_mean``, ``normalised``, ``raw``,
    ``without_judge`` or ``tie``; ``award`` is the award under that variant (None: no award);
    ``judge`` is set for ``without_judge``; ``others`` lists tied entries for ``tie``."""

    code: str
    message: str
    award: str | None = None
    judge: str | int | None = None
    others: tuple[str | int, ...] = ()

    def to_json(self) -> dict:
        return {"code": self.code, "message": self.message, "award": self.award, "judge": self.judge,
                "others": list(self.others)}


@dataclass(frozen=True)
class RankingRow:
    """One entry's line in a category's results. Decimals are rounded half-up to 2 places.
    ``rank`` is None for a flagged entry (listed, not ranked, no award)."""

    entry: str | int
    score: Decimal | None
    median_total: Decimal | None
    area_averages: Mapping[str, Decimal]
    scorecards: int
    method: str | None
    flags: tuple[str, ...]
    rank: int | None
    joint: bool
    award: str | None
    close_call: bool
    reasons: tuple[CloseCallReason, ...]
    explanation: str

    def to_json(self) -> dict:
        return {
            "entry": self.entry,
            "rank": self.rank,
            "joint": self.joint,
            "award": self.award,
            "score": _text(self.score),
            "median_total": _text(self.median_total),
            "area_averages": {code: _text(value) for code, value in self.area_averages.items()},
            "scorecards": self.scorecards,
            "method": self.method,
            "flags": list(self.flags),
            "close_call": self.close_call,
            "reasons": [reason.to_json() for reason in self.reasons],
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class CategoryResult:
    code: str
    award_mode: str
    min_scorecards: int
    normalise: bool
    tie_break_order: tuple[str, ...]
    rows: tuple[RankingRow, ...]
    notes: tuple[Mapping, ...] = ()  # {"code", "judge", "message"}: e.g. a judge not normalisable

    def row(self, entry) -> RankingRow:
        return next(row for row in self.rows if row.entry == entry)

    @property
    def awards(self) -> list[tuple[str | int, str]]:
        """``(entry, award kind)`` pairs in ranking order."""
        return [(row.entry, row.award) for row in self.rows if row.award]

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "award_mode": self.award_mode,
            "min_scorecards": self.min_scorecards,
            "normalise": self.normalise,
            "tie_break_order": list(self.tie_break_order),
            "notes": [dict(note) for note in self.notes],
            "rows": [row.to_json() for row in self.rows],
        }


@dataclass(frozen=True)
class TallyResult:
    categories: tuple[CategoryResult, ...]

    def category(self, code: str) -> CategoryResult:
        return next(category for category in self.categories if category.code == code)

    def to_json(self) -> dict:
        """A JSON-ready dict (Decimals as strings with 2 places) for ``results.json``."""
        return {
            "method": {
                "judge_total": "weighted mean of area means, x10 (scale 1-10 becomes 10-100)",
                "entry_score": "mean of judge totals; trimmed mean (highest and lowest dropped) from 5 scorecards",
                "normalised_total": "50 + 10 * z-score of the judge's totals in the category",
                "rounding": "half up to 2 places, for display and tie comparison only",
            },
            "categories": [category.to_json() for category in self.categories],
        }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
