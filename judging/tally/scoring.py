"""The arithmetic of one score: judge totals, entry scores, normalisation, rounding.

Scale: a criterion is scored 1..10. An area mean is the plain mean of its criteria. A judge's total
is the weighted mean of the four area means (weights are percents summing to 100), scaled to 0-100
by x10: ``total = sum(weight * area_mean) / 100 * 10``. All 10s give 100, all 1s give 10.

Exactness: the tally never uses floats. A judge total is an exact rational with denominator
dividing ``rubric.unit`` (100 x the least common multiple of the areas' criterion counts), so the
tally keeps totals as whole numbers of ``1/unit`` points and means as exact fractions. Normalised
totals involve a square root: they are computed with 40-digit decimals and fixed to 12 decimal
places (whole numbers of 10^-12 points), the same on every machine. Values are rounded half up to
2 places only for display and for tie comparison. The public ``Decimal`` functions give the exact
value to 28 significant digits.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal, localcontext
from fractions import Fraction

from .types import Rubric, TallyInputError

NORMALISED_CENTRE = 50
NORMALISED_SPREAD = 10
NORMALISED_UNIT = 10**12  # normalised totals are kept to 12 decimal places
TRIM_FROM = 5  # scorecards from which the highest and lowest totals are dropped


def check_scores(scores: Mapping[str, int], rubric: Rubric) -> None:
    """Raise ``TallyInputError`` unless ``scores`` has every criterion once, each an int in the scale."""
    if scores.keys() != rubric.criteria:
        missing = sorted(rubric.criteria - set(scores))
        extra = sorted(set(scores) - rubric.criteria)
        raise TallyInputError(f"Scores do not fit the rubric (missing: {missing}, unknown: {extra}).")
    low, high = rubric.scale_min, rubric.scale_max
    for code, value in scores.items():
        if type(value) is int and low <= value <= high:
            continue  # the usual case, without the checks below
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise TallyInputError(f"Score for {code!r} must be a whole number from {low} to {high}.")


def area_units(scores: Mapping[str, int], rubric: Rubric) -> dict[str, int]:
    """Each area's mean on the 0-100 scale (mean x10), in whole ``1/rubric.area_unit`` points."""
    check_scores(scores, rubric)
    factor = 10 * rubric.area_unit
    return {area.code: sum([scores[c] for c in area.criteria]) * factor // len(area.criteria) for area in rubric.areas}


def total_units(areas: Mapping[str, int], rubric: Rubric) -> int:
    """The judge total in whole ``1/rubric.unit`` points from ``area_units``: ``sum(weight * area)``
    (the weighted mean ``sum(weight * area) / 100``, with ``unit = 100 * area_unit``)."""
    return sum(area.weight * areas[area.code] for area in rubric.areas)


def judge_total_exact(scores: Mapping[str, int], rubric: Rubric) -> Fraction:
    """The judge total on the 0-100 scale, exact."""
    return Fraction(total_units(area_units(scores, rubric), rubric), rubric.unit)


def to_decimal(value: Fraction) -> Decimal:
    """The exact fraction as a Decimal of 28 significant digits (deterministic everywhere)."""
    with localcontext() as context:
        context.prec = 28
        return Decimal(value.numerator) / Decimal(value.denominator)


def hundredths_of(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` (whole numbers, denominator > 0, need not be in lowest terms) in
    hundredths, rounded half up (away from zero): integer arithmetic only, no ``Fraction`` built."""
    whole, rest = divmod(abs(numerator) * 100, denominator)
    if 2 * rest >= denominator:
        whole += 1
    return -whole if numerator < 0 else whole


def hundredths(value: Fraction) -> int:
    """The value in hundredths, rounded half up (away from zero): a fast exact ranking key."""
    return hundredths_of(value.numerator, value.denominator)


def round2(value: Fraction | Decimal | int | None) -> Decimal | None:
    """Half up (away from zero) to 2 places, computed from the exact value (no double rounding)."""
    if value is None:
        return None
    return Decimal(hundredths(value if isinstance(value, Fraction) else Fraction(value))).scaleb(-2)


def judge_total_rounded(scores: Mapping[str, int], rubric: Rubric) -> Decimal | None:
    """The judge total rounded half up to 2 places, as the judge's review page shows it, from the same
    arithmetic as the tally; None until every criterion of the rubric is scored (scores for criteria no
    longer in the rubric are left out)."""
    if not rubric.criteria <= scores.keys():
        return None
    return round2(judge_total_exact({code: scores[code] for code in rubric.criteria}, rubric))


def area_means(scores: Mapping[str, int], rubric: Rubric) -> dict[str, Decimal]:
    """Each area's mean criterion score on the 1..10 scale."""
    check_scores(scores, rubric)
    return {
        area.code: to_decimal(Fraction(sum(scores[c] for c in area.criteria), len(area.criteria)))
        for area in rubric.areas
    }


def judge_total(scores: Mapping[str, int], rubric: Rubric) -> Decimal:
    """A judge's total for an entry on the 0-100 scale (see the module docstring)."""
    return to_decimal(judge_total_exact(scores, rubric))


def entry_score_exact(totals: Sequence, *, unit: int = 1, trim: bool | None = None) -> tuple[Fraction, str]:
    """``(score, method)`` from totals given as ints in ``1/unit`` points (or as fractions, unit 1).

    By default (``trim=None``) the trimmed mean (one highest and one lowest dropped) from 5 totals,
    else the plain mean. ``trim=True`` trims from 3 totals (a robustness variant), ``False`` never."""
    if not totals:
        raise ValueError("An entry score needs at least one judge total.")
    trim_from = {None: TRIM_FROM, True: 3, False: None}[trim]
    values, method = list(totals), "mean"
    if trim_from is not None and len(values) >= trim_from:
        values, method = sorted(values)[1:-1], "trimmed_mean"
    if unit == 1:
        return sum(values, Fraction(0)) / len(values), method
    return Fraction(sum(values), len(values) * unit), method


def entry_score(totals: Sequence[Decimal | Fraction | int]) -> Decimal:
    """An entry's score from its judges' totals: the mean; from 5 totals the trimmed mean (one
    highest and one lowest dropped)."""
    score, _method = entry_score_exact([Fraction(t) for t in totals])
    return to_decimal(score)


def entry_score_parts(totals: Sequence[int], *, unit: int, trim: bool | None = None) -> tuple[int, int, str]:
    """``entry_score_exact`` for whole-number totals already sorted, as ``(numerator, denominator,
    method)`` (not in lowest terms): the tally's hot path, without building a ``Fraction``."""
    trim_from = {None: TRIM_FROM, True: 3, False: None}[trim]
    if trim_from is not None and len(totals) >= trim_from:
        return sum(totals[1:-1]), (len(totals) - 2) * unit, "trimmed_mean"
    return sum(totals), len(totals) * unit, "mean"


def median_parts(totals: Sequence[int], *, unit: int) -> tuple[int, int]:
    """``median_exact`` for whole-number totals already sorted, as ``(numerator, denominator)``."""
    middle = len(totals) // 2
    if len(totals) % 2:
        return totals[middle], unit
    return totals[middle - 1] + totals[middle], 2 * unit


def median_exact(totals: Sequence, *, unit: int = 1) -> Fraction:
    values = sorted(totals)
    middle = len(values) // 2
    if len(values) % 2:
        return Fraction(values[middle]) / unit
    return (Fraction(values[middle - 1]) + values[middle]) / (2 * unit)


def _common_numerators(totals: Mapping, unit: int) -> tuple[list, int]:
    """The totals (ints in ``1/unit`` points, or fractions) as whole numerators over one denominator."""
    values = list(totals.values())
    if all(type(value) is int for value in values):
        return values, unit
    exact = [Fraction(value) / unit for value in values]
    denominator = math.lcm(*(value.denominator for value in exact))
    return [int(value * denominator) for value in exact], denominator


def normalise_judge_totals(totals: Mapping, *, unit: int = 1) -> tuple[dict, bool]:
    """One judge's totals across the entries of one category (ints in ``1/unit`` points, or
    fractions), as ``50 + 10 * z`` in whole ``1/NORMALISED_UNIT`` points, with
    ``z = (total - mean) / population standard deviation``.

    Returns ``(normalised, informative)``. A judge with a single entry in the category, or who gave
    every entry the same total, has expressed no preference between entries: every total maps to
    50 (the centre) and ``informative`` is False, so the caller can say so.

    Exact integer arithmetic up to the square root: with the totals ``a_i / d`` over one
    denominator and ``n`` of them, ``total - mean = (n * a_i - sum(a)) / (n * d)`` and the variance
    is ``sum((n * a_i - sum(a))**2) / (n**3 * d**2)``. Each quotient is then rounded once to 40
    digits (a Decimal division is correctly rounded, so fractions not in lowest terms give the
    same digits).
    """
    centre = NORMALISED_CENTRE * NORMALISED_UNIT
    if len(totals) < 2:
        return dict.fromkeys(totals, centre), False
    numerators, denominator = _common_numerators(totals, unit)
    count = len(numerators)
    total = sum(numerators)
    deviations = [count * value - total for value in numerators]  # (total - mean) in 1/(count * denominator)
    squares = sum(deviation * deviation for deviation in deviations)
    if squares == 0:
        return dict.fromkeys(totals, centre), False
    with localcontext() as context:
        context.prec = 40
        sigma = (Decimal(squares) / Decimal(count**3 * denominator**2)).sqrt()
        scale = Decimal(count * denominator)
        result = {}
        for key, deviation in zip(totals, deviations, strict=True):
            z = Decimal(deviation) / scale / sigma
            result[key] = centre + int((z * NORMALISED_SPREAD * NORMALISED_UNIT).to_integral_value())
    return result, True
