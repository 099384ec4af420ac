"""One category's tally: scores, ranking with tie-breaks, awards and the robustness check.

Rules (DESIGN.md "Tally"):

- An entry with fewer scorecards than the category minimum is flagged ``too_few_scorecards``: it is
  listed (with its score if it has any scorecard) after the ranked entries, without rank or award.
  Excluding it from awards is the safe choice: a thinly judged entry cannot win by accident.
- Ranking compares, highest first and each rounded half up to 2 places: the score, then the median
  judge total, then the area averages in the category's tie-break order. Entries equal on all of
  these share the rank (a joint placing, standard competition ranking 1, 1, 3) and are listed by
  entry id, so ties come out the same way every run.
- Places: rank 1 is ``winner``, 2 ``runner_up_1``, 3 ``runner_up_2``; joint placings share the award
  (two joint winners leave no 1st runner-up). Medals: the highest band whose threshold the rounded
  score reaches (with normalisation on, the thresholds apply to the normalised score, centred on 50).
- Robustness: the awards are recomputed with the plain mean, a trimmed mean from 3 scorecards, with
  normalisation switched the other way (places only: medal thresholds are on one fixed scale, and
  normalised scores are centred on 50), and leaving out each judge's scorecards in turn (the set of
  entries that may win stays fixed). Any entry whose award would differ, and any award decided by a
  tie-break or shared, is a ``close_call`` with its reasons.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from .scoring import (
    NORMALISED_UNIT,
    area_units,
    entry_score_parts,
    hundredths,
    hundredths_of,
    median_parts,
    normalise_judge_totals,
    round2,
    total_units,
)
from .types import (
    AREA_CODES,
    FLAG_TOO_FEW,
    MEDAL_KINDS,
    PLACE_KINDS,
    CategoryResult,
    CategorySpec,
    CloseCallReason,
    RankingRow,
    Rubric,
    Scorecard,
)


def sort_key(value) -> tuple:
    """Ints numerically, then strings alphabetically: a stable order for entry and judge ids."""
    return (0, value, "") if isinstance(value, int) else (1, 0, str(value))


@dataclass(frozen=True)
class _Card:
    judge: str | int
    entry: str | int
    total: int  # in 1/rubric.unit points
    areas: dict[str, int]  # in 1/rubric.area_unit points


def _area_means(cards, area_unit: int) -> dict[str, Fraction]:
    """Per area, the mean over the judges of their area value (0-100)."""
    count = len(cards) * area_unit
    return {code: Fraction(sum(card.areas[code] for card in cards), count) for code in AREA_CODES}


@dataclass
class _Outcome:
    cards: list | tuple
    area_unit: int
    # Score and median as (numerator, denominator), not in lowest terms: the exact Fractions are only
    # built for what the results show.
    score_parts: tuple[int, int] | None = None
    median_parts: tuple[int, int] | None = None
    method: str | None = None
    rank: int | None = None
    joint: bool = False
    award: str | None = None
    _areas: dict | None = None

    @property
    def scorecards(self) -> int:
        return len(self.cards)

    @property
    def score(self) -> Fraction | None:
        return None if self.score_parts is None else Fraction(*self.score_parts)

    @property
    def median(self) -> Fraction | None:
        return None if self.median_parts is None else Fraction(*self.median_parts)

    @property
    def areas(self) -> dict[str, Fraction]:
        """Per area, the mean over the judges of their area value (0-100); computed when needed."""
        if self._areas is None:
            self._areas = _area_means(self.cards, self.area_unit)
        return self._areas


class _Scored(NamedTuple):
    """One entry's score under one way of counting: whole numbers, no Fraction built."""

    cards: list | tuple
    score: tuple[int, int]  # (numerator, denominator), not in lowest terms
    median: tuple[int, int]
    method: str


class _Totals(NamedTuple):
    """One way of counting judge totals, ready for the variants: ``values[(judge, entry)]`` in
    ``1/unit`` points, and per entry its cards with their totals sorted, computed once."""

    values: dict
    unit: int
    prepared: dict  # entry -> (cards, their totals sorted)


def _totals(values: dict, unit: int, *, entries, by_entry) -> _Totals:
    prepared = {}
    for entry in entries:
        cards = by_entry.get(entry, ())
        prepared[entry] = (cards, sorted([values[card.judge, entry] for card in cards]))
    return _Totals(values, unit, prepared)


def _scored(*, entries, totals: _Totals, trim, without=None) -> dict:
    """Per entry with at least one card (``without``'s cards left out): its ``_Scored``.

    Leaving a judge out removes their total from the entry's sorted totals instead of sorting again."""
    values, unit, prepared = totals
    result = {}
    for entry in entries:
        cards, entry_totals = prepared[entry]
        if without is not None:
            kept = [card for card in cards if card.judge != without]
            if len(kept) != len(cards):
                entry_totals = entry_totals.copy()
                for _card in range(len(cards) - len(kept)):  # every left-out card has the same total
                    entry_totals.remove(values[without, entry])
            cards = kept
        if cards:
            numerator, denominator, method = entry_score_parts(entry_totals, unit=unit, trim=trim)
            result[entry] = _Scored(cards, (numerator, denominator), median_parts(entry_totals, unit=unit), method)
    return result


def _ranking_keys(category: CategorySpec, scored: dict, area_unit: int, areas: dict) -> dict:
    """Score, then median, then (only where those tie) the area averages in tie-break order; each
    rounded to 2 places. ``areas`` caches the area means computed for ties, per entry."""
    keys = {entry: (hundredths_of(*item.score), hundredths_of(*item.median)) for entry, item in scored.items()}
    counts = defaultdict(int)
    for key in keys.values():
        counts[key] += 1
    untied = (0,) * len(category.tie_break_order)
    for entry, key in keys.items():
        if counts[key] > 1:
            if entry not in areas:
                areas[entry] = _area_means(scored[entry].cards, area_unit)
            keys[entry] = key + tuple(hundredths(areas[entry][code]) for code in category.tie_break_order)
        else:
            keys[entry] = key + untied
    return keys


def _placings(category: CategorySpec, scored: dict, area_unit: int, areas: dict, order: dict) -> dict:
    """Rank and award the ``scored`` entries: ``{entry: (rank, joint, award)}``. ``order`` maps each
    entry to its place in ``sort_key`` order (equal keys are listed by entry id)."""
    if category.award_mode == "medals":
        bands = [(kind, category.medal_thresholds[kind] * 100) for kind in MEDAL_KINDS]
    keys = _ranking_keys(category, scored, area_unit, areas)
    ordered = sorted(keys, key=order.__getitem__)
    ordered.sort(key=keys.__getitem__, reverse=True)  # stable: equal keys stay in entry id order
    sizes = defaultdict(int)
    for key in keys.values():
        sizes[key] += 1
    placings, rank, previous = {}, 0, None
    for position, entry in enumerate(ordered):
        key = keys[entry]
        if not position or key != previous:
            rank = position + 1
        previous = key
        if category.award_mode == "places":
            award = PLACE_KINDS[rank - 1] if rank <= len(PLACE_KINDS) else None
        else:
            score = key[0]  # in hundredths
            award = next((kind for kind, threshold in bands if score >= threshold), None)
        placings[entry] = (rank, sizes[key] > 1, award)
    return placings


def _outcomes(*, category, eligible, by_entry, totals, area_unit, trim, order) -> dict:
    """Score every entry of the category and rank and award the ``eligible`` ones: the official tally."""
    scored = _scored(entries=category.entries, totals=totals, trim=trim)
    areas: dict = {}
    ranked = {entry: scored[entry] for entry in eligible if entry in scored}
    placings = _placings(category, ranked, area_unit, areas, order)
    result = {}
    for entry in category.entries:
        item = scored.get(entry)
        if item is None:
            result[entry] = _Outcome(cards=by_entry.get(entry, ()), area_unit=area_unit)
            continue
        outcome = _Outcome(
            cards=item.cards, area_unit=area_unit, score_parts=item.score, median_parts=item.median,
            method=item.method, _areas=areas.get(entry),
        )
        if entry in placings:
            outcome.rank, outcome.joint, outcome.award = placings[entry]
        result[entry] = outcome
    return result


def _award_text(award: str | None) -> str:
    return f"the award would be {award}" if award else "there would be no award"


def _variant_reasons(*, category, eligible, cards, raw, normalised, area_unit, official, order) -> dict:
    """Per entry, the reasons its award changes under the other reasonable ways to count.

    Each variant re-scores only the eligible entries (the set that may win stays fixed), in whole
    numbers, and keeps nothing but the awards."""
    base = normalised if category.normalise else raw
    variants = [
        ("mean", "With the plain mean of all judge totals, {}.", None, raw, False),
        ("trimmed_mean", "With a trimmed mean (from 3 scorecards), {}.", None, raw, True),
    ]
    # Medal thresholds are on one fixed scale, so switching normalisation says nothing about medals.
    if category.award_mode == "places":
        variants.append(
            ("raw", "Without per-judge normalisation, {}.", None, raw, None) if category.normalise
            else ("normalised", "With per-judge normalised totals, {}.", None, normalised, None)
        )
    judges = sorted({card.judge for card in cards}, key=sort_key)
    variants += [
        ("without_judge", f"Without the scorecards of judge {judge}, {{}}.", judge, base, None) for judge in judges
    ]
    reasons = defaultdict(list)
    shared_areas: dict = {}  # the area means of all of an entry's cards, the same in every variant keeping them
    for code, message, judge, totals, trim in variants:
        scored = _scored(entries=eligible, totals=totals, trim=trim, without=judge)
        placings = _placings(category, scored, area_unit, shared_areas if judge is None else {}, order)
        for entry in eligible:
            award = placings[entry][2] if entry in placings else None
            if award != official[entry].award:
                reasons[entry].append(
                    CloseCallReason(code=code, message=message.format(_award_text(award)), award=award, judge=judge)
                )
    return reasons


def _tie_reasons(eligible, official) -> dict:
    """Per eligible entry whose rounded score equals another's, when an award is at stake: the tie."""
    rounded = {entry: hundredths_of(*official[entry].score_parts) for entry in eligible}
    same_score = defaultdict(list)
    for entry in eligible:
        same_score[rounded[entry]].append(entry)
    reasons = {}
    for entry in eligible:
        group = same_score[rounded[entry]]
        if len(group) < 2:
            continue
        mine = official[entry]
        others = tuple(sorted((e for e in group if e != entry), key=sort_key))
        if not (mine.award or any(official[e].award for e in others)):
            continue
        score = round2(mine.score)
        names = ", ".join(str(e) for e in others)
        if mine.joint:
            message = f"Score {score} equals that of {names}; the tie-break could not separate them: a joint placing."
        else:
            message = f"Score {score} equals that of {names}; the order comes from the tie-break."
        reasons[entry] = CloseCallReason(code="tie", message=message, award=mine.award, others=others)
    return reasons


def _explanation(outcome: _Outcome, *, category: CategorySpec, eligible: bool) -> str:
    parts = []
    if outcome.score is not None:
        if category.normalise:
            parts.append("Each judge's totals were normalised (50 + 10 x z-score) first.")
        if outcome.method == "trimmed_mean":
            parts.append(
                f"Trimmed mean of {outcome.scorecards} judge totals (highest and lowest dropped): "
                f"{round2(outcome.score)}."
            )
        else:
            parts.append(f"Mean of {outcome.scorecards} judge total(s): {round2(outcome.score)}.")
    if not eligible:
        parts.append(
            f"{outcome.scorecards} scorecard(s), fewer than the category minimum of {category.min_scorecards}: "
            "listed without rank or award."
        )
    elif outcome.joint:
        parts.append("Joint placing.")
    return " ".join(parts)


def tally_category(*, category: CategorySpec, rubric: Rubric, scorecards: list[Scorecard]) -> CategoryResult:
    """Tally one category from the opened scorecards of its entries (latest versions only)."""
    cards = []
    for card in scorecards:
        areas = area_units(card.scores, rubric)
        cards.append(_Card(judge=card.judge, entry=card.entry, total=total_units(areas, rubric), areas=areas))
    raw_values = {(card.judge, card.entry): card.total for card in cards}
    normalised_values, notes = {}, []
    by_judge = defaultdict(dict)
    for card in cards:
        by_judge[card.judge][card.entry] = card.total
    for judge in sorted(by_judge, key=sort_key):
        values, informative = normalise_judge_totals(by_judge[judge], unit=rubric.unit)
        normalised_values.update({(judge, entry): value for entry, value in values.items()})
        if category.normalise and not informative:
            notes.append({
                "code": "judge_not_normalisable", "judge": judge,
                "message": f"Judge {judge} scored one entry or gave equal totals: their normalised totals are all 50.",
            })
    by_entry = defaultdict(list)
    for card in cards:
        by_entry[card.entry].append(card)
    eligible = [entry for entry in category.entries if len(by_entry[entry]) >= category.min_scorecards]
    raw = _totals(raw_values, rubric.unit, entries=category.entries, by_entry=by_entry)
    normalised = _totals(normalised_values, NORMALISED_UNIT, entries=category.entries, by_entry=by_entry)
    order = {entry: position for position, entry in enumerate(sorted(category.entries, key=sort_key))}
    official = _outcomes(
        category=category, eligible=eligible, by_entry=by_entry, totals=normalised if category.normalise else raw,
        area_unit=rubric.area_unit, trim=None, order=order,
    )
    reasons = _variant_reasons(
        category=category, eligible=eligible, cards=cards, raw=raw, normalised=normalised,
        area_unit=rubric.area_unit, official=official, order=order,
    )
    rows, eligible_set = [], set(eligible)
    ties = _tie_reasons(eligible, official)
    for entry in category.entries:
        outcome, is_eligible = official[entry], entry in eligible_set
        row_reasons = list(reasons.get(entry, []))
        tie = ties.get(entry) if is_eligible else None
        if tie:
            row_reasons.insert(0, tie)
        rows.append(RankingRow(
            entry=entry,
            score=round2(outcome.score),
            median_total=round2(outcome.median),
            area_averages={code: round2(outcome.areas[code]) for code in AREA_CODES} if outcome.cards else {},
            scorecards=outcome.scorecards,
            method=outcome.method,
            flags=() if is_eligible else (FLAG_TOO_FEW,),
            rank=outcome.rank if is_eligible else None,
            joint=outcome.joint if is_eligible else False,
            award=outcome.award if is_eligible else None,
            close_call=bool(row_reasons),
            reasons=tuple(row_reasons),
            explanation=_explanation(outcome, category=category, eligible=is_eligible),
        ))
    # Ranked rows by rank (joint placings by entry id), then flagged rows by score, unscored last.
    rows.sort(key=lambda row: (0, row.rank, sort_key(row.entry)) if row.rank is not None
              else (1, row.score is None, -(row.score or 0), sort_key(row.entry)))
    return CategoryResult(
        code=category.code, award_mode=category.award_mode, min_scorecards=category.min_scorecards,
        normalise=category.normalise, tie_break_order=category.tie_break_order, rows=tuple(rows), notes=tuple(notes),
    )
