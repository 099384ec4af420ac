"""The measured figures of mystery calls (judging.tally.evidence) on hand-made call logs."""

import pytest

from judging.tally.evidence import (
    Call,
    EvidenceInputError,
    EvidenceSettings,
    claim_gaps,
    entry_evidence,
    evidence_edition,
    measured_figures,
    scorecards_with_evidence,
    service_level_score,
)

SETTINGS = EvidenceSettings(threshold_seconds=25, target_percent=85)


def answered(seconds, *, by="person", resolved=True, courtesy=8, accuracy=7):
    return Call(answer_seconds=seconds, answered_by=by, resolved=resolved, courtesy=courtesy, accuracy=accuracy)


def abandoned(after):
    return Call(answer_seconds=None, abandoned_after=after)


def test_no_calls_at_all_gives_no_figures_and_no_gaps():
    assert measured_figures(calls=[], settings=SETTINGS) is None
    claimed = {
        "service_level_percent": "90.00",
        "average_speed_of_answer": "12",
        "abandonment_rate": "3.00",
        "first_contact_resolution": "80.00",
    }
    assert entry_evidence(calls=[], settings=SETTINGS, claimed=claimed) == {
        "claimed": claimed,
        "measured": None,
        "criterion_score": None,
        "gaps": {
            "service_level": None,
            "average_speed_of_answer": None,
            "abandonment_rate": None,
            "resolution_rate": None,
        },
        "flagged": [],
    }


def test_every_call_abandoned_measures_nothing_it_would_divide_by_zero_for():
    assert measured_figures(calls=[abandoned(60), abandoned(120)], settings=SETTINGS) == {
        "calls": 2,
        "answered": 0,
        "answered_in_time": 0,
        "few_calls": True,
        "service_level": "0.00",
        "meets_target": False,
        "average_speed_of_answer": None,
        "abandonment_rate": "100.00",
        "resolution_rate": None,
        "person_rate": None,
        "courtesy": None,
        "accuracy": None,
    }


def test_a_single_call_gives_its_own_figures_flagged_as_few():
    assert measured_figures(
        calls=[answered(12, by="ivr", resolved=False, courtesy=6, accuracy=9)], settings=SETTINGS
    ) == {
        "calls": 1,
        "answered": 1,
        "answered_in_time": 1,
        "few_calls": True,
        "service_level": "100.00",
        "meets_target": True,
        "average_speed_of_answer": "12.00",
        "abandonment_rate": "0.00",
        "resolution_rate": "0.00",
        "person_rate": "0.00",
        "courtesy": "6.00",
        "accuracy": "9.00",
    }


def test_a_call_answered_exactly_at_the_threshold_is_in_time_and_one_second_later_is_not():
    at = measured_figures(calls=[answered(25)] * 3, settings=SETTINGS)
    late = measured_figures(calls=[answered(26)] * 3, settings=SETTINGS)
    assert (at["service_level"], at["meets_target"], at["few_calls"]) == ("100.00", True, False)
    assert (late["service_level"], late["meets_target"]) == ("0.00", False)


def test_mixed_calls_round_half_up_and_use_the_categorys_own_threshold_and_target():
    calls = [answered(10), answered(20, resolved=False), answered(40, by="ivr"), abandoned(90), answered(24)]
    figures = measured_figures(calls=calls, settings=SETTINGS)
    assert figures["service_level"] == "60.00"  # 3 of 5 placed calls within 25 s
    assert figures["meets_target"] is False
    assert figures["average_speed_of_answer"] == "23.50"  # (10 + 20 + 40 + 24) / 4
    assert figures["abandonment_rate"] == "20.00"
    assert figures["resolution_rate"] == "75.00"
    assert figures["person_rate"] == "75.00"
    strict = measured_figures(calls=calls, settings=EvidenceSettings(threshold_seconds=15, target_percent=20))
    assert (strict["service_level"], strict["meets_target"]) == ("20.00", True)
    thirds = measured_figures(calls=[answered(5), answered(5), abandoned(30)], settings=SETTINGS)
    assert thirds["service_level"] == "66.67"


def test_gaps_are_measured_in_the_direction_that_flatters_the_entrant_and_flag_past_their_limits():
    measured = {
        "service_level": "50.00",
        "average_speed_of_answer": "40.00",
        "abandonment_rate": "12.00",
        "resolution_rate": "70.00",
    }
    claimed = {
        "service_level_percent": "90.00",
        "average_speed_of_answer": "15",
        "abandonment_rate": "3.00",
        "first_contact_resolution": "75.00",
    }
    assert claim_gaps(claimed=claimed, measured=measured) == {
        "service_level": {"gap": "40.00", "large": True},
        "average_speed_of_answer": {"gap": "25.00", "large": True},
        "abandonment_rate": {"gap": "9.00", "large": False},
        "resolution_rate": {"gap": "5.00", "large": False},
    }
    modest = claim_gaps(claimed={"service_level_percent": "40.00"}, measured=measured)
    assert modest["service_level"] == {"gap": "-10.00", "large": False}
    assert modest["resolution_rate"] is None  # not claimed


@pytest.mark.parametrize(
    "call",
    [
        Call(answer_seconds=-1, answered_by="person"),
        Call(answer_seconds=None, abandoned_after=-5),
        Call(answer_seconds=10, abandoned_after=10, answered_by="person"),
        Call(answer_seconds=None, abandoned_after=None),
        Call(answer_seconds=10, answered_by="robot"),
        Call(answer_seconds=10, answered_by="person", courtesy=11),
        Call(answer_seconds=10, answered_by="person", accuracy=0),
    ],
)
def test_a_call_that_makes_no_sense_is_refused(call):
    with pytest.raises(EvidenceInputError):
        measured_figures(calls=[call], settings=SETTINGS)


def test_the_edition_section_gives_a_line_per_entry_and_refuses_a_log_of_an_unknown_entry():
    settings = {"best-cc": SETTINGS}
    section = evidence_edition(
        settings=settings, entries={"E-001": "best-cc", "E-002": "best-cc"}, claimed={}, calls=[("E-001", answered(5))]
    )
    assert sorted(section["entries"]) == ["E-001", "E-002"]
    assert section["entries"]["E-002"]["measured"] is None
    assert section["settings"] == {"best-cc": {"threshold_seconds": 25, "target_percent": 85, "criterion": ""}}
    with pytest.raises(EvidenceInputError):
        evidence_edition(settings=settings, entries={"E-001": "best-cc"}, claimed={}, calls=[("E-009", answered(5))])


@pytest.mark.parametrize(
    ("measured", "score"),
    [
        ("100.00", 10),
        ("85.00", 10),
        ("80.00", 9),
        ("79.99", 8),
        ("70.00", 7),
        ("65.00", 6),
        ("55.00", 5),
        ("45.00", 4),
        ("35.00", 3),
        ("20.00", 2),
        ("19.99", 1),
        ("0.00", 1),
    ],
)
def test_the_measured_service_level_maps_to_a_criterion_score_by_the_documented_bands(measured, score):
    assert service_level_score(service_level=measured, target_percent=85) == score


def test_the_tally_takes_the_criterion_from_the_measurement_for_measured_entrants_only():
    settings = {"best-cc": EvidenceSettings(criterion="c-sl")}
    section = evidence_edition(
        settings=settings,
        entries={"E-001": "best-cc", "E-002": "best-cc"},
        claimed={},
        calls=[("E-001", answered(5)), ("E-001", abandoned(40))],
    )  # 50 %: 35 short, 4
    assert section["entries"]["E-001"]["criterion_score"] == 4
    listings = [
        {"entry": "E-001", "judge": "Judge 01", "content": {"scores": {"c-sl": 9, "c-other": 7}}},
        {"entry": "E-002", "judge": "Judge 01", "content": {"scores": {"c-sl": 9, "c-other": 7}}},
    ]
    taken = scorecards_with_evidence(
        listings=listings, evidence=section, categories={"E-001": "best-cc", "E-002": "best-cc"}
    )
    assert [item["content"]["scores"] for item in taken] == [{"c-sl": 4, "c-other": 7}, {"c-sl": 9, "c-other": 7}]
    assert listings[0]["content"]["scores"]["c-sl"] == 9  # the opened scorecard itself is left as it was
