"""The shortlist rule (judging.tally.shortlist): top N with ties at the cut, a threshold, a minimum of
scorecards, and categories with fewer entries than N."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from judging.tally import TallyInputError
from judging.tally.shortlist import MODE_THRESHOLD, RoundStanding, ShortlistRule, shortlist_apply

scores = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
# Few distinct scores, so ties (and ties at the cut) are common.
tied_scores = st.sampled_from([Decimal("55.00"), Decimal("61.25"), Decimal("70.00"), Decimal("82.50")])
standings = st.dictionaries(
    keys=st.integers(min_value=1, max_value=60),
    values=st.builds(RoundStanding, score=st.one_of(st.none(), scores, tied_scores),
                     scorecards=st.integers(min_value=0, max_value=6)),
    max_size=25,
)
rules = st.builds(ShortlistRule, top_n=st.integers(min_value=1, max_value=8),
                  min_scorecards=st.integers(min_value=1, max_value=4))


def _eligible(rule, table):
    return {entry: s.score for entry, s in table.items() if s.score is not None and s.scorecards >= rule.min_scorecards}


@settings(max_examples=300, deadline=None)
@given(rule=rules, table=standings)
def test_top_n_keeps_at_least_n_never_cuts_between_equals_and_keeps_no_one_below_a_dropped_entry(rule, table):
    chosen = shortlist_apply(rule=rule, standings=table)
    eligible = _eligible(rule, table)
    assert chosen <= set(eligible)
    assert len(chosen) >= min(rule.top_n, len(eligible))
    dropped = set(eligible) - chosen
    for kept in chosen:
        for out in dropped:
            assert eligible[kept] > eligible[out]  # strictly: an equal of a finalist is a finalist
    # Beyond N only because of a tie with the weakest finalist.
    if len(chosen) > rule.top_n:
        weakest = min(eligible[entry] for entry in chosen)
        above = [entry for entry in chosen if eligible[entry] > weakest]
        assert len(above) < rule.top_n


@settings(max_examples=200, deadline=None)
@given(rule=rules, table=standings)
def test_an_entry_with_too_few_scorecards_is_never_shortlisted(rule, table):
    chosen = shortlist_apply(rule=rule, standings=table)
    assert all(table[entry].scorecards >= rule.min_scorecards for entry in chosen)


@settings(max_examples=200, deadline=None)
@given(table=standings, top_n=st.integers(min_value=1, max_value=8))
def test_a_category_with_at_most_n_eligible_entries_sends_them_all(table, top_n):
    rule = ShortlistRule(top_n=top_n, min_scorecards=1)
    eligible = _eligible(rule, table)
    if len(eligible) <= top_n:
        assert shortlist_apply(rule=rule, standings=table) == frozenset(eligible)


@settings(max_examples=200, deadline=None)
@given(table=standings, threshold=scores, minimum=st.integers(min_value=1, max_value=4))
def test_threshold_keeps_exactly_the_eligible_entries_at_or_above_it(table, threshold, minimum):
    rule = ShortlistRule(mode=MODE_THRESHOLD, threshold=threshold, min_scorecards=minimum)
    expected = {entry for entry, score in _eligible(rule, table).items() if score >= threshold}
    assert shortlist_apply(rule=rule, standings=table) == frozenset(expected)


def test_three_tied_at_the_cut_of_a_top_two_all_go_through():
    table = {
        "A": RoundStanding(Decimal("90.00"), 3),
        "B": RoundStanding(Decimal("80.00"), 3),
        "C": RoundStanding(Decimal("80.00"), 3),
        "D": RoundStanding(Decimal("80.004"), 3),  # equal to 2 decimals
        "E": RoundStanding(Decimal("79.99"), 3),
    }
    assert shortlist_apply(rule=ShortlistRule(top_n=2), standings=table) == {"A", "B", "C", "D"}


def test_the_best_score_with_too_few_scorecards_stays_out():
    table = {"A": RoundStanding(Decimal("99.00"), 1), "B": RoundStanding(Decimal("50.00"), 3)}
    assert shortlist_apply(rule=ShortlistRule(top_n=1, min_scorecards=2), standings=table) == {"B"}


@pytest.mark.parametrize(
    "kwargs",
    [{"mode": "lottery"}, {"top_n": 0}, {"mode": MODE_THRESHOLD}, {"mode": MODE_THRESHOLD, "threshold": 101},
     {"min_scorecards": 0}],
)
def test_a_rule_that_makes_no_sense_is_refused(kwargs):
    with pytest.raises(TallyInputError):
        ShortlistRule(**kwargs)


def test_the_rule_survives_its_json_form():
    rule = ShortlistRule(mode=MODE_THRESHOLD, threshold=Decimal("72.5"), min_scorecards=2)
    assert ShortlistRule.from_json(rule.to_json()) == rule
    assert ShortlistRule.from_json(ShortlistRule().to_json()) == ShortlistRule()
