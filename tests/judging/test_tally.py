"""The tally: hand-computed examples for every rule, and properties that must hold for any input."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from judging.tally import (
    AREA_CODES,
    CategorySpec,
    Rubric,
    Scorecard,
    TallyInputError,
    area_means,
    entry_score,
    judge_total,
    round2,
    tally_edition,
)
from judging.tally.scoring import entry_score_exact, judge_total_exact

RUBRIC = Rubric.build(criteria={
    "infrastructure": ["i1", "i2"], "technology": ["t1", "t2"], "communication": ["c1", "c2"], "people": ["p1", "p2"],
})
MEDALS = {"platinum": Decimal(90), "gold": Decimal(80), "silver": Decimal(70), "bronze": Decimal(60)}


def card(judge, entry, value=None, **areas):
    """A scorecard giving ``value`` to every criterion, or per area ``infrastructure=9`` etc."""
    per_area = {code: areas.get(code, value) for code in AREA_CODES}
    return Scorecard(judge=judge, entry=entry, scores={
        criterion: per_area[area.code] for area in RUBRIC.areas for criterion in area.criteria
    })


def tally(cards, entries, **options):
    category = CategorySpec(code="cat", entries=tuple(entries), **options)
    return tally_edition(categories=[category], rubrics={"cat": RUBRIC}, scorecards=cards).category("cat")


def summary(result):
    return [(row.entry, row.rank, row.joint, row.award) for row in result.rows]


# --- Judge totals and entry scores ------------------------------------------------------------------


def test_judge_total_is_the_weighted_mean_of_area_means_times_ten():
    rubric = Rubric.build(
        criteria={"infrastructure": ["i1", "i2"], "technology": ["t1", "t2", "t3"],
                  "communication": ["c1", "c2"], "people": ["p1", "p2"]},
        weights={"infrastructure": 40, "technology": 30, "communication": 20, "people": 10},
    )
    scores = {"i1": 8, "i2": 6, "t1": 9, "t2": 10, "t3": 8, "c1": 5, "c2": 6, "p1": 10, "p2": 10}
    # Area means: infrastructure (8+6)/2 = 7, technology (9+10+8)/3 = 9, communication 5.5, people 10.
    assert area_means(scores, rubric) == {
        "infrastructure": Decimal(7), "technology": Decimal(9), "communication": Decimal("5.5"), "people": Decimal(10),
    }
    # (40*7 + 30*9 + 20*5.5 + 10*10) / 100 = 760 / 100 = 7.6, x10 = 76.
    assert judge_total(scores, rubric) == Decimal(76)


def test_judge_total_keeps_thirds_exact_until_rounding():
    rubric = Rubric.build(criteria={
        "infrastructure": ["i1", "i2"], "technology": ["t1", "t2", "t3"], "communication": ["c1"], "people": ["p1"],
    })
    scores = {"i1": 7, "i2": 8, "t1": 7, "t2": 7, "t3": 8, "c1": 6, "p1": 9}
    # (7.5 + 22/3 + 6 + 9) / 4 = (179/6) / 4 = 179/24 = 7.458333..., x10 = 74.58333...
    assert judge_total(scores, rubric) == Decimal("74.58333333333333333333333333")
    assert round2(judge_total(scores, rubric)) == Decimal("74.58")


def test_judge_total_ends_of_the_scale():
    assert judge_total(card(1, 1, 10).scores, RUBRIC) == Decimal(100)
    assert judge_total(card(1, 1, 1).scores, RUBRIC) == Decimal(10)


def test_entry_score_is_the_mean_below_five_scorecards_and_trimmed_from_five():
    assert entry_score([70, 80, 90]) == Decimal(80)
    assert entry_score([60, 70, 80, 100]) == Decimal("77.5")  # 310 / 4
    assert entry_score([50, 70, 80, 90, 100]) == Decimal(80)  # 50 and 100 dropped: 240 / 3
    with pytest.raises(ValueError):
        entry_score([])


def test_round2_is_half_up_from_the_exact_value():
    assert round2(Fraction(12345, 1000)) == Decimal("12.35")
    assert round2(Fraction(-12345, 1000)) == Decimal("-12.35")
    assert round2(Fraction(200, 3)) == Decimal("66.67")
    assert round2(Fraction(12344999, 1000000)) == Decimal("12.34")
    assert round2(None) is None


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(10, 100), min_size=1, max_size=12))
def test_entry_score_lies_between_the_lowest_and_highest_total(totals):
    assert min(totals) <= entry_score(totals) <= max(totals)


# --- Minimum scorecards -----------------------------------------------------------------------------


def test_entry_below_the_minimum_is_listed_flagged_without_rank_or_award():
    cards = [card(j, "a", 7) for j in (1, 2, 3)] + [card(j, "b", 10) for j in (1, 2)]
    result = tally(cards, ["a", "b", "c"])
    # b scores 100 but has 2 scorecards of the 3 needed; c has none.
    assert summary(result) == [("a", 1, False, "winner"), ("b", None, False, None), ("c", None, False, None)]
    b, c = result.row("b"), result.row("c")
    assert b.flags == ("too_few_scorecards",)
    assert b.score == Decimal("100.00")
    assert b.explanation == (
        "Mean of 2 judge total(s): 100.00. 2 scorecard(s), fewer than the category minimum of 3: "
        "listed without rank or award."
    )
    assert (c.score, c.scorecards, c.area_averages, c.flags) == (None, 0, {}, ("too_few_scorecards",))


def test_minimum_is_per_category():
    cards = [card(j, "a", 7) for j in (1, 2)]
    assert summary(tally(cards, ["a"], min_scorecards=2)) == [("a", 1, False, "winner")]


# --- Scores, ranking, tie-breaks ---------------------------------------------------------------------


def test_five_scorecards_use_the_trimmed_mean():
    cards = [card(j, "a", v) for j, v in zip(range(5), [5, 7, 8, 9, 10], strict=True)]
    row = tally(cards, ["a"]).row("a")
    # Totals 50, 70, 80, 90, 100: 50 and 100 dropped, (70 + 80 + 90) / 3 = 80.
    assert (row.score, row.method, row.median_total) == (Decimal("80.00"), "trimmed_mean", Decimal("80.00"))
    assert row.explanation == "Trimmed mean of 5 judge totals (highest and lowest dropped): 80.00."


def test_places_go_to_the_three_best():
    cards = [card(j, e, v) for j in (1, 2, 3) for e, v in [("a", 9), ("b", 6), ("c", 8), ("d", 7)]]
    assert summary(tally(cards, ["a", "b", "c", "d"])) == [
        ("a", 1, False, "winner"), ("c", 2, False, "runner_up_1"), ("d", 3, False, "runner_up_2"),
        ("b", 4, False, None),
    ]


def test_equal_scores_are_separated_by_the_median_judge_total():
    # x: totals 60, 80, 100 -> mean 80, median 80. y: 70, 70, 100 -> mean 80, median 70.
    cards = [card(1, "x", 6), card(2, "x", 8), card(3, "x", 10), card(1, "y", 7), card(2, "y", 7), card(3, "y", 10)]
    result = tally(cards, ["y", "x"])
    assert summary(result) == [("x", 1, False, "winner"), ("y", 2, False, "runner_up_1")]
    # Without judge 2, y would win (x 80, y 85). Normalised (x 40, 60, 50; y 60, 40, 50) and without
    # judge 3 (x 60, 80; y 70, 70) they are equal in score, median and areas: joint winners.
    assert [(reason.code, reason.judge) for reason in result.row("x").reasons] == [("tie", None), ("without_judge", 2)]
    assert [(reason.code, reason.judge, reason.award) for reason in result.row("y").reasons] == [
        ("tie", None, "runner_up_1"), ("normalised", None, "winner"), ("without_judge", 2, "winner"),
        ("without_judge", 3, "winner"),
    ]
    assert result.row("x").reasons[0].message == "Score 80.00 equals that of y; the order comes from the tie-break."
    assert result.row("x").close_call


def test_then_by_area_averages_in_the_categorys_tie_break_order():
    # Both total 80 for every judge: x is stronger in infrastructure, y in technology.
    x = {"infrastructure": 10, "technology": 6, "communication": 8, "people": 8}
    y = {"infrastructure": 6, "technology": 10, "communication": 8, "people": 8}
    cards = [card(j, "x", **x) for j in (1, 2, 3)] + [card(j, "y", **y) for j in (1, 2, 3)]
    # The default order (people, communication, technology, ...) reaches technology first: y.
    assert summary(tally(cards, ["x", "y"]))[0] == ("y", 1, False, "winner")
    order = ("infrastructure", "technology", "communication", "people")
    assert summary(tally(cards, ["x", "y"], tie_break_order=order))[0] == ("x", 1, False, "winner")


def test_a_tie_that_survives_is_a_joint_placing_in_entry_order():
    cards = [card(j, e, v) for j in (1, 2, 3) for e, v in [("b", 8), ("a", 8), ("c", 7), ("d", 6)]]
    result = tally(cards, ["d", "c", "b", "a"])
    # Standard competition ranking: joint winners, no 1st runner-up, then the 2nd runner-up.
    assert summary(result) == [
        ("a", 1, True, "winner"), ("b", 1, True, "winner"), ("c", 3, False, "runner_up_2"), ("d", 4, False, None),
    ]
    assert result.row("a").reasons[0].message == (
        "Score 80.00 equals that of b; the tie-break could not separate them: a joint placing."
    )
    assert result.row("a").explanation == "Mean of 3 judge total(s): 80.00. Joint placing."


def test_ties_resolve_the_same_way_every_run():
    cards = [card(j, e, 8) for j in (1, 2, 3) for e in (3, 1, 2)]
    runs = {tuple(summary(tally(list(reversed(cards)) if i % 2 else cards, [2, 3, 1]))) for i in range(6)}
    assert runs == {((1, 1, True, "winner"), (2, 1, True, "winner"), (3, 1, True, "winner"))}


# --- Medals -------------------------------------------------------------------------------------------


def test_medal_bands_by_threshold():
    values = {"a": [10, 9, 10], "b": [8, 8, 8], "c": [7, 7, 7], "d": [6, 6, 7], "e": [5, 5, 5]}
    cards = [card(j, e, v) for e, vs in values.items() for j, v in zip((1, 2, 3), vs, strict=True)]
    result = tally(cards, list(values), award_mode="medals", medal_thresholds=MEDALS)
    # a: 290/3 = 96.67 platinum; b: 80 gold (at the threshold); c: 70 silver; d: 190/3 = 63.33 bronze; e: 50.
    assert [(row.entry, row.score, row.award) for row in result.rows] == [
        ("a", Decimal("96.67"), "platinum"), ("b", Decimal("80.00"), "gold"), ("c", Decimal("70.00"), "silver"),
        ("d", Decimal("63.33"), "bronze"), ("e", Decimal("50.00"), None),
    ]


def test_medal_mode_needs_falling_thresholds():
    with pytest.raises(TallyInputError, match="all four"):
        CategorySpec(code="m", entries=(), award_mode="medals", medal_thresholds={"gold": 80})
    with pytest.raises(TallyInputError, match="fall"):
        CategorySpec(code="m", entries=(), award_mode="medals", medal_thresholds={**MEDALS, "gold": 95})


# --- Normalisation ------------------------------------------------------------------------------------


def test_normalised_scores_use_each_judges_z_scores():
    cards = [card(1, "e1", 6), card(1, "e2", 8), card(2, "e1", 9), card(2, "e2", 10), card(3, "e1", 7),
             card(3, "e2", 7)]
    result = tally(cards, ["e1", "e2"], normalise=True)
    # Judge 1: totals 60, 80: mean 70, sd 10 -> 40, 60. Judge 2: 90, 100: mean 95, sd 5 -> 40, 60.
    # Judge 3: 70, 70: no spread -> 50, 50. e1 = (40+40+50)/3 = 43.33, e2 = (60+60+50)/3 = 56.67.
    assert [(row.entry, row.score, row.award) for row in result.rows] == [
        ("e2", Decimal("56.67"), "winner"), ("e1", Decimal("43.33"), "runner_up_1"),
    ]
    assert result.notes == ({
        "code": "judge_not_normalisable", "judge": 3,
        "message": "Judge 3 scored one entry or gave equal totals: their normalised totals are all 50.",
    },)
    assert result.row("e2").explanation == (
        "Each judge's totals were normalised (50 + 10 x z-score) first. Mean of 3 judge total(s): 56.67."
    )
    # Area averages stay on the judges' own scale.
    assert result.row("e2").area_averages["people"] == Decimal("83.33")


# --- Robustness -----------------------------------------------------------------------------------------


def test_an_award_that_hangs_on_one_judge_is_a_close_call():
    # p: 90, 70, 70 -> 76.67; q: 60, 80, 80 -> 73.33. p wins.
    cards = [card(1, "p", 9), card(2, "p", 7), card(3, "p", 7), card(1, "q", 6), card(2, "q", 8), card(3, "q", 8)]
    result = tally(cards, ["p", "q"])
    assert summary(result) == [("p", 1, False, "winner"), ("q", 2, False, "runner_up_1")]
    # Trimmed from 3: p 70, q 80. Normalised: judge 1 gives p 60/q 40, judges 2 and 3 p 40/q 60:
    # p 46.67, q 53.33. Without judge 1: p 70, q 80. Without judge 2 or 3: p 80, q 70 (no change).
    p = result.row("p")
    assert p.close_call
    assert [(r.code, r.judge, r.award) for r in p.reasons] == [
        ("trimmed_mean", None, "runner_up_1"), ("normalised", None, "runner_up_1"), ("without_judge", 1, "runner_up_1"),
    ]
    assert p.reasons[2].message == "Without the scorecards of judge 1, the award would be runner_up_1."
    assert [(r.code, r.award) for r in result.row("q").reasons] == [
        ("trimmed_mean", "winner"), ("normalised", "winner"), ("without_judge", "winner"),
    ]


def test_a_clear_win_is_not_a_close_call():
    cards = [card(j, "p", 9) for j in (1, 2, 3)] + [card(j, "q", 6) for j in (1, 2, 3)]
    result = tally(cards, ["p", "q"])
    assert [(row.close_call, row.reasons) for row in result.rows] == [(False, ()), (False, ())]


def test_an_entry_that_would_win_a_medal_without_one_judge_is_flagged():
    # r: 90, 90, 50 -> 76.67 silver; trimmed from 3 (only 90 left) or without judge 3 (90, 90): platinum.
    # No normalisation variant in medal mode: the thresholds are on the judges' scale.
    cards = [card(1, "r", 9), card(2, "r", 9), card(3, "r", 5)]
    row = tally(cards, ["r"], award_mode="medals", medal_thresholds=MEDALS).row("r")
    assert row.award == "silver"
    assert [(r.code, r.judge, r.award) for r in row.reasons] == [
        ("trimmed_mean", None, "platinum"), ("without_judge", 3, "platinum"),
    ]
    assert row.reasons[1].message == "Without the scorecards of judge 3, the award would be platinum."


# --- Output and input checks --------------------------------------------------------------------------


def test_to_json_has_two_decimal_strings():
    cards = [card(j, 1, v) for j, v in zip((1, 2, 3), (7, 8, 8), strict=True)]
    data = tally_edition(
        categories=[CategorySpec(code="cat", entries=(1,))], rubrics={"cat": RUBRIC}, scorecards=cards
    ).to_json()
    row = data["categories"][0]["rows"][0]
    assert row == {
        "entry": 1, "rank": 1, "joint": False, "award": "winner", "score": "76.67", "median_total": "80.00",
        "area_averages": dict.fromkeys(AREA_CODES, "76.67"), "scorecards": 3, "method": "mean", "flags": [],
        "close_call": False, "reasons": [], "explanation": "Mean of 3 judge total(s): 76.67.",
    }
    assert data["categories"][0]["code"] == "cat"


def test_several_categories_are_tallied_apart():
    cards = [card(j, "a", 9) for j in (1, 2, 3)] + [card(j, "b", 5) for j in (1, 2, 3)]
    result = tally_edition(
        categories=[CategorySpec(code="one", entries=("a",)), CategorySpec(code="two", entries=("b",))],
        rubrics={"one": RUBRIC, "two": RUBRIC}, scorecards=cards,
    )
    assert result.category("one").awards == [("a", "winner")]
    assert result.category("two").awards == [("b", "winner")]


@pytest.mark.parametrize(
    ("cards", "entries", "message"),
    [
        ([card(1, "zzz", 7)], ["a"], "in no category"),
        ([card(1, "a", 7), card(1, "a", 8)], ["a"], "two scorecards"),
        ([Scorecard(judge=1, entry="a", scores={"i1": 7})], ["a"], "do not fit the rubric"),
        ([card(1, "a", 11)], ["a"], "whole number from 1 to 10"),
        ([card(1, "a", 0)], ["a"], "whole number from 1 to 10"),
        ([card(1, "a", True)], ["a"], "whole number"),
    ],
)
def test_bad_input_is_refused_clearly(cards, entries, message):
    with pytest.raises(TallyInputError, match=message):
        tally(cards, entries)


def test_bad_setup_is_refused_clearly():
    with pytest.raises(TallyInputError, match="sum to 100"):
        Rubric.build(criteria={code: ["x" + code] for code in AREA_CODES},
                     weights={"infrastructure": 30, "technology": 30, "communication": 30, "people": 30})
    with pytest.raises(TallyInputError, match="two categories"):
        tally_edition(categories=[CategorySpec(code="a", entries=(1,)), CategorySpec(code="b", entries=(1,))],
                      rubrics={"a": RUBRIC, "b": RUBRIC}, scorecards=[])
    with pytest.raises(TallyInputError, match="no rubric"):
        tally_edition(categories=[CategorySpec(code="a", entries=(1,))], rubrics={}, scorecards=[])
    with pytest.raises(TallyInputError, match="tie-break order"):
        CategorySpec(code="a", entries=(), tie_break_order=("people",))


# --- Properties ---------------------------------------------------------------------------------------

SMALL = Rubric.build(criteria={code: [code[:3]] for code in AREA_CODES})


@st.composite
def panels(draw):
    """Random panels: up to 6 judges and 6 entries, scores 3..9 (room to shift by one)."""
    pairs = draw(st.lists(st.tuples(st.integers(1, 6), st.integers(1, 6)), unique=True, max_size=30))
    cards = [
        Scorecard(judge=j, entry=e, scores={c: draw(st.integers(3, 9)) for c in sorted(SMALL.criteria)})
        for j, e in pairs
    ]
    options = {"min_scorecards": draw(st.integers(1, 3)), "normalise": draw(st.booleans())}
    return cards, options


def run(cards, **options):
    category = CategorySpec(code="cat", entries=tuple(range(1, 7)), **options)
    return tally_edition(categories=[category], rubrics={"cat": SMALL}, scorecards=cards)


@settings(max_examples=60, deadline=None)
@given(panel=panels(), data=st.data())
def test_the_order_of_scorecards_does_not_matter(panel, data):
    cards, options = panel
    shuffled = data.draw(st.permutations(cards))
    assert run(shuffled, **options).to_json() == run(cards, **options).to_json()


@settings(max_examples=60, deadline=None)
@given(panel=panels())
def test_adding_a_constant_to_every_judge_total_keeps_the_ranking(panel):
    # One point more on every criterion adds exactly 10 to every judge total; means, trimmed means,
    # medians and area averages all move by 10, so the ranking (ties included) must not change.
    cards, options = panel
    shifted = [Scorecard(judge=c.judge, entry=c.entry, scores={k: v + 1 for k, v in c.scores.items()}) for c in cards]
    before, after = run(cards, **options).category("cat"), run(shifted, **options).category("cat")
    assert summary(after) == summary(before)
    for old, new in zip(before.rows, after.rows, strict=True):
        if old.score is not None:
            # z-scores do not move when every total of a judge moves by the same amount.
            assert new.score - old.score == (0 if options["normalise"] else 10)


@settings(max_examples=40, deadline=None)
@given(panel=panels())
def test_every_ranked_award_is_given_by_rank_and_flags_exclude(panel):
    cards, options = panel
    result = run(cards, **options).category("cat")
    ranked = [row for row in result.rows if row.rank is not None]
    assert [row.rank for row in ranked] == sorted(row.rank for row in ranked)
    for row in result.rows:
        if row.rank is None:
            assert row.award is None
            assert row.scorecards < options["min_scorecards"]
        elif row.rank <= 3:
            assert row.award == ("winner", "runner_up_1", "runner_up_2")[row.rank - 1]


UNEVEN = Rubric.build(
    criteria={"infrastructure": ["i1", "i2", "i3"], "technology": ["t1", "t2", "t3", "t4", "t5"],
              "communication": ["c1", "c2"], "people": ["p1", "p2", "p3", "p4"]},
    weights={"infrastructure": 35, "technology": 15, "communication": 29, "people": 21},
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.fixed_dictionaries({c: st.integers(1, 10) for c in sorted(UNEVEN.criteria)}), min_size=1,
                max_size=6))
def test_the_tally_agrees_with_judge_total_and_entry_score(cards_scores):
    # The tally counts in whole 1/unit points (unit = 100 x lcm(3, 5, 2, 4) = 6000); the public
    # functions count with fractions. Both must give the same numbers.
    cards = [Scorecard(judge=j, entry="e", scores=scores) for j, scores in enumerate(cards_scores)]
    category = CategorySpec(code="u", entries=("e",), min_scorecards=1)
    row = tally_edition(categories=[category], rubrics={"u": UNEVEN}, scorecards=cards).category("u").row("e")
    exact_totals = [judge_total_exact(scores, UNEVEN) for scores in cards_scores]
    assert row.score == round2(entry_score_exact(exact_totals)[0])
    totals = [judge_total(scores, UNEVEN) for scores in cards_scores]
    assert abs(row.score - entry_score(totals)) <= Decimal("0.005")
    for code in AREA_CODES:
        mean = sum(area_means(scores, UNEVEN)[code] for scores in cards_scores) / len(cards_scores) * 10
        assert abs(row.area_averages[code] - mean) <= Decimal("0.005")


@settings(max_examples=60, deadline=None)
@given(panel=panels())
def test_leaving_a_judge_out_gives_the_awards_of_a_tally_without_their_scorecards(panel):
    # The robustness check re-ranks with each judge's scorecards left out (min 1 scorecard: the set of
    # entries that may win is then the same as in a fresh tally). Its verdict must be that tally's.
    cards, options = panel
    options["min_scorecards"] = 1
    result = run(cards, **options).category("cat")
    for judge in sorted({card.judge for card in cards}):
        without = run([card for card in cards if card.judge != judge], **options).category("cat")
        for row in result.rows:
            reason = next((r for r in row.reasons if r.code == "without_judge" and r.judge == judge), None)
            expected = without.row(row.entry).award
            assert (reason.award if reason else row.award) == expected


def _normalised_by_definition(totals: dict, unit: int) -> dict:
    """50 + 10 x z-score, z from the exact mean and the population deviation (40 digits), in 10^-12 points."""
    from decimal import localcontext

    values = {key: Fraction(value, unit) for key, value in totals.items()}
    mean = sum(values.values()) / len(values)
    variance = sum((value - mean) ** 2 for value in values.values()) / len(values)
    with localcontext() as context:
        context.prec = 40
        sigma = (Decimal(variance.numerator) / Decimal(variance.denominator)).sqrt()
        return {
            key: 50 * 10**12 + int(((Decimal((value - mean).numerator) / Decimal((value - mean).denominator)) / sigma
                                    * 10 * 10**12).to_integral_value())
            for key, value in values.items()
        }


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(1000, 10000), min_size=2, max_size=40), st.sampled_from([100, 600, 6000]))
def test_normalised_totals_follow_the_definition_whatever_the_form_of_the_totals(values, unit):
    from judging.tally import normalise_judge_totals

    totals = {f"e{i}": value for i, value in enumerate(values)}
    as_units, informative = normalise_judge_totals(totals, unit=unit)
    as_fractions, _ = normalise_judge_totals({key: Fraction(value, unit) for key, value in totals.items()})
    assert as_units == as_fractions
    if len(set(values)) == 1:
        assert not informative and set(as_units.values()) == {50 * 10**12}
    else:
        assert informative and as_units == _normalised_by_definition(totals, unit)
