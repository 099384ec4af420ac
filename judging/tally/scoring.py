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
    if set(scores) != rubric.criteria:
        missing = sorted(rubric.criteria - set(scores))
        extra = sorted(set(scores) - rubric.criteria)
        raise TallyInputError(f"Scores do not fit the rubric (missing: {missing}, unknown: {extra}).")
    for code, value in scores.items():
        if isinstance(value, bool) or not isinstance(value, int) or not rubric.scale_min <= value <= rubric.scale_max:
            raise TallyInputError(
                f"Score for {code!r} must be a whole number from {rubric.scale_min} to {rubric.scale_max}."
            )


def area_units(scores: Mapping[str, int], rubric: Rubric) -> dict[str, int]:
    """Each area's mean on the 0-100 scale (mean x10), in whole ``1/rubric.area_unit`` points."""
    check_scores(scores, rubric)
    return {
        area.code: sum(scores[c] for c in area.criteria) * 10 * rubric.area_unit // len(area.criteria)
        for area in rubric.areas
    }


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


def hundredths(value: Fraction) -> int:
    """The value in hundredths, rounded half up (away from zero): a fast exact ranking key."""
    whole, rest = divmod(abs(value.numerator) * 100, value.denominator)
    if 2 * rest >= value.denominator:
        whole += 1
    return -whole if value < 0 else whole


def round2(value: Fraction | Decimal | int | None) -> Decimal | None:
    """Half up (away from zero) to 2 places, computed from the exact value (no double rounding)."""
    if value is None:
        return None
    return Decimal(hundredths(value if isinstance(value, Fraction) else Fraction(value))).scaleb(-2)


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


def median_exact(totals: Sequence, *, unit: int = 1) -> Fraction:
    values = sorted(totals)
    middle = len(values) // 2
    if len(values) % 2:
        return Fraction(values[middle]) / unit
    return (Fraction(values[middle - 1]) + values[middle]) / (2 * unit)


def normalise_judge_totals(totals: Mapping, *, unit: int = 1) -> tuple[dict, bool]:
    """One judge's totals across the entries of one category (ints in ``1/unit`` points, or
    fractions), as ``50 + 10 * z`` in whole ``1/NORMALISED_UNIT`` points, with
    ``z = (total - mean) / population standard deviation``.

    Returns ``(normalised, informative)``. A judge with a single entry in the category, or who gave
    every entry the same total, has expressed no preference between entries: every total maps to
    50 (the centre) and ``informative`` is False, so the caller can say so.
    """
    centre = NORMALISED_CENTRE * NORMALISED_UNIT
    values = [Fraction(value) / unit for value in totals.values()]
    if len(values) < 2:
        return dict.fromkeys(totals, centre), False
    mu = sum(values) / len(values)
    variance = sum((v - mu) ** 2 for v in values) / len(values)
    if variance == 0:
        return dict.fromkeys(totals, centre), False
    with localcontext() as context:
        context.prec = 40
        sigma = (Decimal(variance.numerator) / Decimal(variance.denominator)).sqrt()
        result = {}
        for key, value in totals.items():
            diff = Fraction(value) / unit - mu
            z = Decimal(diff.numerator) / Decimal(diff.denominator) / sigma
            result[key] = centre + int((z * NORMALISED_SPREAD * NORMALISED_UNIT).to_integral_value())
    return result, True
