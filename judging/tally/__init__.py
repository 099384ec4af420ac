"""The tally: pure functions over plain data (no Django), shared by the reveal, ``verify_results``
and the tests. See ``scoring`` for the arithmetic and ``ranking`` for ranking, awards and the
robustness check; DESIGN.md "Tally" for the rules.

Typical use::

    result = tally_edition(
        categories=[CategorySpec(code="best-cc", entries=(1, 2, 3), min_scorecards=3)],
        rubrics={"best-cc": Rubric.build(criteria={...}, weights={...})},
        scorecards=[Scorecard(judge=7, entry=1, scores={"i1": 8, ...}), ...],
    )
    result.category("best-cc").rows      # RankingRow, best first
    result.to_json()                     # for results.json (Decimals as "81.25")
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .ranking import sort_key, tally_category
from .scoring import area_means, entry_score, judge_total, judge_total_rounded, normalise_judge_totals, round2
from .types import (
    AREA_CODES,
    DEFAULT_TIE_BREAK_ORDER,
    FLAG_TOO_FEW,
    MEDAL_KINDS,
    PLACE_KINDS,
    CategoryResult,
    CategorySpec,
    CloseCallReason,
    RankingRow,
    Rubric,
    RubricArea,
    Scorecard,
    TallyInputError,
    TallyResult,
)

__all__ = [
    "AREA_CODES",
    "DEFAULT_TIE_BREAK_ORDER",
    "FLAG_TOO_FEW",
    "MEDAL_KINDS",
    "PLACE_KINDS",
    "CategoryResult",
    "CategorySpec",
    "CloseCallReason",
    "RankingRow",
    "Rubric",
    "RubricArea",
    "Scorecard",
    "TallyInputError",
    "TallyResult",
    "area_means",
    "entry_score",
    "judge_total",
    "judge_total_rounded",
    "normalise_judge_totals",
    "round2",
    "sort_key",
    "tally_category",
    "tally_edition",
]


def tally_edition(
    *, categories: Sequence[CategorySpec], rubrics: Mapping[str, Rubric], scorecards: Iterable[Scorecard]
) -> TallyResult:
    """Tally every category. ``rubrics`` maps category code to its rubric; ``scorecards`` are the
    opened latest versions (one per judge and entry). Raises ``TallyInputError`` for a scorecard of
    an unknown entry, two scorecards of one judge for one entry, an entry in two categories, a
    category without rubric, or scores that do not fit the rubric."""
    category_of = {}
    for category in categories:
        if category.code not in rubrics:
            raise TallyInputError(f"Category {category.code!r} has no rubric.")
        for entry in category.entries:
            if entry in category_of:
                raise TallyInputError(f"Entry {entry!r} is listed in two categories.")
            category_of[entry] = category.code
    cards_by_category = {category.code: [] for category in categories}
    seen = set()
    for card in scorecards:
        if card.entry not in category_of:
            raise TallyInputError(f"A scorecard names entry {card.entry!r}, which is in no category.")
        if (card.judge, card.entry) in seen:
            raise TallyInputError(f"Judge {card.judge!r} has two scorecards for entry {card.entry!r}.")
        seen.add((card.judge, card.entry))
        cards_by_category[category_of[card.entry]].append(card)
    return TallyResult(categories=tuple(
        tally_category(category=category, rubric=rubrics[category.code], scorecards=cards_by_category[category.code])
        for category in categories
    ))
