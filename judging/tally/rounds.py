"""Combining a category's rounds into its final result, as pure functions over the tally's JSON form (the
same plain data the reveal stores and ``verify_results`` recomputes from the pack).

Rules (DESIGN.md "Tally", "Rounds"):

- Only the final round's entries (the finalists) are placed. An entry the final round flags (too few
  scorecards) stays flagged: listed, no rank, no award.
- Its score is the weighted mean of its round scores, each as that round's tally gives it (2 places),
  with the rounds' weights (percent): ``sum(weight * score) / sum(weight)`` over the rounds it has a score
  in, rounded half up to 2 places. A round with weight 0 counts for nothing.
- Ranking by that score, highest first; equal scores keep the final round's order (its own tie-breaks),
  and entries equal in both share the rank (a joint placing, 1, 1, 3).
- Awards: places by rank (winner, 1st and 2nd runner-up) or the medal band the combined score reaches.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from .types import FLAG_TOO_FEW, MEDAL_KINDS, PLACE_KINDS, TallyInputError


def _two_places(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def combined_score(*, weights: Mapping[int, int], scores: Mapping[int, str | None]) -> Decimal | None:
    """The weighted mean of the round scores an entry has (None without a final-round score)."""
    used = {number: Decimal(score) for number, score in scores.items() if score is not None}
    total_weight = sum(weights[number] for number in used)
    if not used or total_weight == 0:
        return None
    return _two_places(sum(weights[number] * score for number, score in used.items()) / total_weight)


def combine_category(
    *, rounds: Sequence[Mapping], tallies: Mapping[int, Mapping], award_mode: str, thresholds: Mapping[str, str],
) -> dict:
    """The final round's category JSON with every row's score, rank, joint and award replaced by the
    combination of the rounds. ``rounds``: ``{"number", "weight", "final"}``; ``tallies``: round number ->
    that round's category JSON (``CategoryResult.to_json``)."""
    finals = [item for item in rounds if item["final"]]
    if len(finals) != 1:
        raise TallyInputError("A category has exactly one final round.")
    final_number = finals[0]["number"]
    weights = {item["number"]: item["weight"] for item in rounds}
    if sum(weights.values()) != 100:
        raise TallyInputError("The weights of the rounds add up to 100.")
    final = tallies[final_number]
    by_round = {
        number: {row["entry"]: row for row in tally["rows"]} for number, tally in tallies.items()
    }
    rows, ranked = [], []
    for position, row in enumerate(final["rows"]):
        scores = {number: by_round[number].get(row["entry"], {}).get("score") for number in weights}
        score = combined_score(weights=weights, scores=scores) if row["score"] is not None else None
        parts = [
            f"round {number}: {weights[number]} % x {scores[number]}" for number in sorted(weights)
            if scores[number] is not None
        ]
        new = dict(row)
        new.update(
            score=None if score is None else str(score),
            round_scores={str(number): scores[number] for number in sorted(weights)},
            method="weighted_rounds" if score is not None else row["method"],
            explanation=(f"Weighted mean of the rounds ({'; '.join(parts)}): {score}. " if score is not None
                         else "") + (row["explanation"] or ""),
            rank=None, joint=False, award=None,
        )
        rows.append(new)
        if score is not None and FLAG_TOO_FEW not in row["flags"]:
            ranked.append((score, position, new))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    final_rank = {row["entry"]: row["rank"] for row in final["rows"]}
    rank = 0
    for index, (score, _position, row) in enumerate(ranked):
        previous = ranked[index - 1] if index else None
        if previous is None or (score, final_rank[row["entry"]]) != (previous[0], final_rank[previous[2]["entry"]]):
            rank = index + 1
        row["rank"] = rank
    for _score, _position, row in ranked:
        row["joint"] = sum(1 for _s, _p, other in ranked if other["rank"] == row["rank"]) > 1
        if award_mode == "places":
            row["award"] = PLACE_KINDS[row["rank"] - 1] if row["rank"] <= len(PLACE_KINDS) else None
        else:
            row["award"] = next(
                (kind for kind in MEDAL_KINDS if Decimal(row["score"]) >= Decimal(thresholds[kind])), None
            )
        if row["joint"]:
            row["close_call"] = True
    order = {id(row): index for index, (_s, _p, row) in enumerate(ranked)}
    rows.sort(key=lambda row: (0, order[id(row)]) if id(row) in order else (1, 0))
    combined = dict(final)
    combined["rows"] = rows
    combined["rounds"] = [{"number": item["number"], "weight": item["weight"], "final": item["final"]}
                          for item in rounds]
    return combined
