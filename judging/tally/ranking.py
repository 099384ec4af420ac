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

from .scoring import (
    NORMALISED_UNIT,
    area_units,
    entry_score_exact,
    hundredths,
    median_exact,
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


@dataclass
class _Outcome:
    cards: list
    area_unit: int
    score: Fraction | None = None
    median: Fraction | None = None
    method: str | None = None
    rank: int | None = None
    joint: bool = False
    award: str | None = None
    _areas: dict | None = None

    @property
    def scorecards(self) -> int:
        return len(self.cards)

    @property
    def areas(self) -> dict[str, Fraction]:
        """Per area, the mean over the judges of their area value (0-100); computed when needed."""
        if self._areas is None:
            count = len(self.cards) * self.area_unit
            self._areas = {code: Fraction(sum(card.areas[code] for card in self.cards), count) for code in AREA_CODES}
        return self._areas


def _outcomes(*, category, eligible, by_entry, totals, area_unit, trim, without=None) -> dict:
    """Score, rank and award ``eligible`` entries from their cards (``by_entry``); ``totals`` is
    ``(values, unit)`` with ``values[(judge, entry)]`` a whole number of ``1/unit`` points.
    ``without``: a judge whose cards are left out."""
    values, unit = totals
    result = {}
    for entry in category.entries:
        entry_cards = [card for card in by_entry.get(entry, ()) if card.judge != without]
        outcome = _Outcome(cards=entry_cards, area_unit=area_unit)
        if entry_cards:
            entry_totals = [values[(card.judge, entry)] for card in entry_cards]
            outcome.score, outcome.method = entry_score_exact(entry_totals, unit=unit, trim=trim)
            outcome.median = median_exact(entry_totals, unit=unit)
        result[entry] = outcome
    _rank_and_award(category, [entry for entry in eligible if result[entry].score is not None], result)
    return result


def _ranking_keys(category: CategorySpec, entries, result) -> dict:
    """Score, then median, then (only where those tie) the area averages in tie-break order; each
    rounded to 2 places."""
    keys = {entry: (hundredths(result[entry].score), hundredths(result[entry].median)) for entry in entries}
    counts = defaultdict(int)
    for key in keys.values():
        counts[key] += 1
    for entry, key in keys.items():
        areas = result[entry].areas if counts[key] > 1 else dict.fromkeys(AREA_CODES, 0)
        keys[entry] = key + tuple(hundredths(Fraction(areas[code])) for code in category.tie_break_order)
    return keys


def _rank_and_award(category: CategorySpec, ranked_entries, result) -> None:
    keys = _ranking_keys(category, ranked_entries, result)
    ordered = sorted(ranked_entries, key=lambda entry: (tuple(-part for part in keys[entry]), sort_key(entry)))
    sizes = defaultdict(int)
    for key in keys.values():
        sizes[key] += 1
    for position, entry in enumerate(ordered):
        outcome = result[entry]
        if position and keys[ordered[position - 1]] == keys[entry]:
            outcome.rank = result[ordered[position - 1]].rank
        else:
            outcome.rank = position + 1
        outcome.joint = sizes[keys[entry]] > 1
        if category.award_mode == "places":
            outcome.award = PLACE_KINDS[outcome.rank - 1] if outcome.rank <= len(PLACE_KINDS) else None
        else:
            score = keys[entry][0]  # in hundredths
            outcome.award = next((k for k in MEDAL_KINDS if score >= category.medal_thresholds[k] * 100), None)


def _award_text(award: str | None) -> str:
    return f"the award would be {award}" if award else "there would be no award"


def _variant_reasons(*, category, eligible, cards, by_entry, raw, normalised, area_unit, official) -> dict:
    """Per entry, the reasons its award changes under the other reasonable ways to count."""
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
    for code, message, judge, totals, trim in variants:
        outcome = _outcomes(
            category=category, eligible=eligible, by_entry=by_entry, totals=totals, area_unit=area_unit, trim=trim,
            without=judge,
        )
        for entry in eligible:
            award = outcome[entry].award
            if award != official[entry].award:
                reasons[entry].append(
                    CloseCallReason(code=code, message=message.format(_award_text(award)), award=award, judge=judge)
                )
    return reasons


def _tie_reason(entry, eligible, official) -> CloseCallReason | None:
    mine = official[entry]
    score = round2(mine.score)
    others = tuple(
        sorted((e for e in eligible if e != entry and round2(official[e].score) == score), key=sort_key)
    )
    if not others or not (mine.award or any(official[e].award for e in others)):
        return None
    names = ", ".join(str(e) for e in others)
    if mine.joint:
        message = f"Score {score} equals that of {names}; the tie-break could not separate them: a joint placing."
    else:
        message = f"Score {score} equals that of {names}; the order comes from the tie-break."
    return CloseCallReason(code="tie", message=message, award=mine.award, others=others)


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
    raw = ({(card.judge, card.entry): card.total for card in cards}, rubric.unit)
    normalised, notes = ({}, NORMALISED_UNIT), []
    by_judge = defaultdict(dict)
    for card in cards:
        by_judge[card.judge][card.entry] = card.total
    for judge in sorted(by_judge, key=sort_key):
        values, informative = normalise_judge_totals(by_judge[judge], unit=rubric.unit)
        normalised[0].update({(judge, entry): value for entry, value in values.items()})
        if category.normalise and not informative:
            notes.append({
                "code": "judge_not_normalisable", "judge": judge,
                "message": f"Judge {judge} scored one entry or gave equal totals: their normalised totals are all 50.",
            })
    by_entry = defaultdict(list)
    for card in cards:
        by_entry[card.entry].append(card)
    eligible = [entry for entry in category.entries if len(by_entry[entry]) >= category.min_scorecards]
    official = _outcomes(
        category=category, eligible=eligible, by_entry=by_entry, totals=normalised if category.normalise else raw,
        area_unit=rubric.area_unit, trim=None,
    )
    reasons = _variant_reasons(
        category=category, eligible=eligible, cards=cards, by_entry=by_entry, raw=raw, normalised=normalised,
        area_unit=rubric.area_unit, official=official,
    )
    rows, eligible_set = [], set(eligible)
    for entry in category.entries:
        outcome, is_eligible = official[entry], entry in eligible_set
        row_reasons = list(reasons.get(entry, []))
        tie = _tie_reason(entry, eligible, official) if is_eligible else None
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
