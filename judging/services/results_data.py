"""The results document, as plain data: shared by the reveal (which writes it) and by the pack
verification (which recomputes it from the pack alone), so both run exactly the same code.

results.json holds `categories` (rubric and tally settings per category), `entries` (reference ->
company, title, category), `tally` (the tally's own JSON form), `rankings` (per category, in ceremony
order) and `awards` (one object per award).
"""

from decimal import Decimal

from judging.models import AREA_ORDER
from judging.tally import FLAG_TOO_FEW, CategorySpec, Scorecard, tally_edition
from judging.tally import Rubric as TallyRubric
from judging.tally.rounds import combine_category
from judging.tally.shortlist import RoundStanding, ShortlistRule, shortlist_apply

MEDALS = ("platinum", "gold", "silver", "bronze")


def plain_data(*, value):
    """`value` as the plain data results.json holds: dicts with text keys, lists, and str, int, float, bool
    or None, each exactly of that type (a model's choice, a `str` subclass, becomes its text; a tuple a list),
    so it equals what the JSON column gives back. Anything else is a bug and raises `TypeError`."""
    if value is None or type(value) in (str, int, float, bool):
        return value
    if isinstance(value, dict):
        return {_plain_key(key): plain_data(value=item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_data(value=item) for item in value]
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not plain data: {value!r}")


def _plain_key(key) -> str:
    if isinstance(key, str):
        return str.__str__(key)
    if isinstance(key, int) and not isinstance(key, bool):
        return str(int(key))  # as JSON writes an int key
    raise TypeError(f"a {type(key).__name__} key is not plain data: {key!r}")


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def _criterion_order(criterion) -> tuple:
    return (AREA_ORDER.index(criterion.area), criterion.order, criterion.code)


def category_document(*, category, rubric) -> dict:
    """A category's rubric and tally settings as results.json records them."""
    rubric_part = None
    if rubric is not None:
        rubric_part = {
            "weights": {str(area): weight for area, weight in rubric.weights.items()},
            "tie_break_order": rubric.tie_break_areas,
            "criteria": [
                {"code": criterion.code, "area": criterion.area}
                for criterion in sorted(rubric.criteria.all(), key=_criterion_order)
            ],
        }
    thresholds = {}
    if category.award_mode == category.AwardMode.MEDALS:
        thresholds = {kind: _money(getattr(category, f"{kind}_threshold")) for kind in MEDALS}
    return {
        "code": category.code,
        "name_en": category.name_en,
        "name_id": category.name_id,
        "ceremony_order": category.ceremony_order,
        "rubric": rubric_part,
        "settings": {
            "min_scorecards": category.min_judges,
            "normalise": category.normalise_scores,
            "award_mode": category.award_mode,
            "thresholds": thresholds,
        },
    }


def _tally_rubric(rubric: dict) -> TallyRubric:
    criteria = {area: [] for area in AREA_ORDER}
    for criterion in rubric["criteria"]:
        criteria[criterion["area"]].append(criterion["code"])
    return TallyRubric.build(criteria=criteria, weights=rubric["weights"])


def tally_run(*, document: dict, listings: list[dict]) -> dict:
    """Run the tally over opened scorecards with the rubrics and settings the document records.

    Entries are named by reference and judges by pseudonym, so the pack alone is enough to re-run it.
    """
    specs, rubrics = [], {}
    for category in document["categories"]:
        entries = sorted(ref for ref, entry in document["entries"].items() if entry["category"] == category["code"])
        if category["rubric"] is None:
            if entries:
                raise ValueError(f"The category {category['code']} has entries but no rubric.")
            continue
        settings = category["settings"]
        specs.append(
            CategorySpec(
                code=category["code"],
                entries=tuple(entries),
                award_mode=settings["award_mode"],
                min_scorecards=settings["min_scorecards"],
                normalise=settings["normalise"],
                medal_thresholds=settings["thresholds"],
                tie_break_order=tuple(category["rubric"]["tie_break_order"]),
            )
        )
        rubrics[category["code"]] = _tally_rubric(category["rubric"])
    scorecards = [
        Scorecard(judge=listing["judge"], entry=listing["entry"], scores=listing["content"]["scores"])
        for listing in listings
    ]
    return tally_edition(categories=specs, rubrics=rubrics, scorecards=scorecards).to_json()


def results_derive(*, document: dict, tally: dict) -> dict:
    """Rankings per category (in ceremony order) and the list of awards, from the tally's JSON."""
    tallied = {category["code"]: category for category in tally["categories"]}
    rankings, awards = [], []
    for category in document["categories"]:
        rows = []
        for row in tallied.get(category["code"], {"rows": []})["rows"]:
            entry = document["entries"][row["entry"]]
            rows.append(
                {
                    "entry": row["entry"],
                    "company": entry["company"],
                    "title": entry["title"],
                    "rank": row["rank"],
                    "joint": row["joint"],
                    "score": row["score"],
                    "areas": row["area_averages"],
                    "scorecards": row["scorecards"],
                    "below_minimum": FLAG_TOO_FEW in row["flags"],
                    "method": row["method"],
                    "explanation": row["explanation"],
                    "award": row["award"],
                    "close_call": row["close_call"],
                    "close_call_reason": " ".join(reason["message"] for reason in row["reasons"]),
                }
            )
            if row["award"]:
                awards.append(
                    {
                        "category": category["code"],
                        "company": entry["company"],
                        "entry": row["entry"],
                        "award": row["award"],
                        "score": row["score"],
                        "rank": row["rank"],
                        "joint": row["joint"],
                    }
                )
        rankings.append(
            {
                "category": category["code"],
                "name_en": category["name_en"],
                "name_id": category["name_id"],
                "settings": category["settings"],
                "entries": rows,
            }
        )
    return {"tally": tally, "rankings": rankings, "awards": awards}


# --- Rounds -------------------------------------------------------------------------------------------


def shortlist_derive(*, document: dict, listings: list[dict]) -> dict[str, list[str]]:
    """Each category's finalists (entry references, sorted) by the shortlist rule its document part names:
    the same code the shortlist reveal, the award-night reveal and ``verify_results`` run."""
    tally = tally_run(document=document, listings=listings)
    results = {category["code"]: category for category in tally["categories"]}
    finalists = {}
    for category in document["categories"]:
        if category.get("shortlist") is None:
            continue
        rows = results.get(category["code"], {"rows": []})["rows"]
        standings = {
            row["entry"]: RoundStanding(score=None if row["score"] is None else Decimal(row["score"]),
                                        scorecards=row["scorecards"])
            for row in rows
        }
        chosen = shortlist_apply(rule=ShortlistRule.from_json(category["shortlist"]), standings=standings)
        finalists[category["code"]] = sorted(chosen)
    return finalists


def round_part(*, document: dict, round_info: dict) -> dict:
    """The document an earlier round is tallied and shortlisted with: the edition's categories, each with the
    round's rubric (``rubrics``: a pack from before rounds had their own rubric has none, and the category's
    rubric holds) and its shortlist rule (None: the category goes straight to the finals), and every entry."""
    rules = round_info.get("shortlist") or {}
    rubrics = round_info.get("rubrics") or {}
    return {
        "categories": [
            dict(category, shortlist=rules.get(category["code"]), rubric=rubrics.get(category["code"],
                                                                                     category["rubric"]))
            for category in document["categories"]
        ],
        "entries": document["entries"],
    }


def category_weights(*, round_info: dict, code: str) -> int:
    """A round's weight in one category (``weights``; a pack from before per-category weights has the round's)."""
    return (round_info.get("weights") or {}).get(code, round_info["weight"])


def _final_entries(*, document: dict, earlier: list[dict]) -> set[str]:
    """The references the final round takes: per category, the finalists of the last earlier round that
    shortlisted it, or every entry of a category that went straight to the finals."""
    chosen = set()
    for category in document["categories"]:
        code = category["code"]
        shortlisting = [item for item in earlier if (item.get("shortlist") or {}).get(code) is not None]
        if shortlisting:
            chosen.update(shortlisting[-1]["finalists"].get(code, []))
        else:
            chosen.update(reference for reference, entry in document["entries"].items() if entry["category"] == code)
    return chosen


def results_tally(*, document: dict, listings: list[dict], round_listings: dict[int, list[dict]]) -> dict:
    """The tally of the results document. One round: the final round's tally, as before. Several: each earlier
    round is tallied on its own (kept under ``rounds``), the final round over the entries it takes, and each
    category's result is its rounds combined by the category's weights (judging.tally.rounds); a category that
    went straight to the finals keeps its final round's result (one round, 100 %)."""
    rounds = document.get("rounds") or []
    earlier = [item for item in rounds if not item["final"]]
    if not earlier:
        return tally_run(document=document, listings=listings)
    taken = _final_entries(document=document, earlier=earlier)
    final_document = dict(document, entries={
        reference: entry for reference, entry in document["entries"].items() if reference in taken
    })
    final = tally_run(document=final_document, listings=listings)
    tallies = {item["number"]: tally_run(document=round_part(document=document, round_info=item),
                                         listings=round_listings.get(item["number"], []))
               for item in earlier}
    final_number = next(item["number"] for item in rounds if item["final"])
    settings = {category["code"]: category["settings"] for category in document["categories"]}
    categories = []
    for category in final["categories"]:
        code = category["code"]
        in_rounds = [item for item in rounds
                     if item["final"] or (item.get("shortlist") or {}).get(code) is not None]
        if len(in_rounds) == 1:  # straight to the finals: judged once, as an edition of one round
            categories.append(dict(category, rounds=[{"number": final_number, "weight": 100, "final": True}]))
            continue
        per_round = {number: next(c for c in tally["categories"] if c["code"] == code)
                     for number, tally in tallies.items()}
        per_round[final_number] = category
        categories.append(combine_category(
            rounds=[{"number": item["number"], "weight": category_weights(round_info=item, code=code),
                     "final": item["final"]} for item in in_rounds],
            tallies={item["number"]: per_round[item["number"]] for item in in_rounds},
            award_mode=settings[code]["award_mode"], thresholds=settings[code]["thresholds"],
        ))
    method = dict(final["method"], rounds="weighted mean of the round scores, by each category's round weights "
                                          "(percent); a category without an earlier round is judged once")
    return {"method": method, "categories": categories,
            "rounds": {str(number): tally for number, tally in sorted(tallies.items())}}
