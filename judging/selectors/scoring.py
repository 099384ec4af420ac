"""The scorecard pages' reads: what a judge's scorecard request needs, in one statement, and the rubric's criteria
from the per-server cache keyed by the rubric's version."""

from dataclasses import dataclass

from django.core.cache import caches
from django.db.models import Exists, OuterRef, Subquery

from awards.models import Entry
from awards.selectors import nda_current_signed_exists
from config.statements import Compiled, Slot
from judging.models import AREA_ORDER, Assignment, ConflictDeclaration, Criterion, Judge, Round, Rubric, SealedScorecard
from judging.selectors.rubrics import rubric_for, rubrics_in_round

# The in-process cache (settings.CACHES["local"]): only values keyed by a version read in the same request.
LOCAL_CACHE = "local"


@dataclass(frozen=True)
class ScorecardStanding:
    judge: Judge
    entry: Entry
    round: Round
    rubric: Rubric | None
    agreement_signed: bool
    sealed_pk: int | None


def _standing_queryset(*, user_id: int, entry_pk: int):
    """The entry's row with the judge's standing as subqueries (see `scorecard_standing`)."""
    edition_ref = OuterRef("category__edition_id")
    # inside a subquery of the entry's row: the edition's scoring round
    scoring_round = (
        Round.objects.filter(edition_id=OuterRef(edition_ref), is_final=True).order_by("-number").values("pk")[:1]
    )
    conflicted = ConflictDeclaration.objects.filter(
        judge_id=OuterRef("judge_id"), company_id=OuterRef(OuterRef("company_id"))
    )
    assigned = (
        Assignment.objects.filter(
            entry_id=OuterRef("pk"), judge__user_id=user_id, judge__edition_id=edition_ref,
            round_id=Subquery(scoring_round),
        )
        .exclude(Exists(conflicted))
        .order_by()
        .values("judge_id")[:1]
    )
    sealed = (
        SealedScorecard.objects.filter(
            entry_id=OuterRef("pk"), judge__user_id=user_id, judge__edition_id=edition_ref,
            round_id=Subquery(scoring_round), is_latest=True,
        )
        .order_by()
        .values("pk")[:1]
    )
    final_round = Round.objects.filter(edition_id=edition_ref, is_final=True).order_by("-number")
    # the round's own rubric of the entry's category, else the category's (judging.selectors.rubrics)
    rubric = rubrics_in_round(category_ref=OuterRef("category_id"), round_ref=Subquery(final_round.values("pk")[:1]))
    return (
        Entry.objects.filter(pk=entry_pk)
        .select_related("category__edition", "company")
        .annotate(
            standing_judge_id=Subquery(assigned),
            standing_round_id=Subquery(final_round.values("pk")[:1]),
            standing_round_opens_on=Subquery(final_round.values("opens_on")[:1]),
            standing_round_closes_on=Subquery(final_round.values("closes_on")[:1]),
            standing_rubric_id=Subquery(rubric.values("pk")[:1]),
            standing_rubric_version=Subquery(rubric.values("version")[:1]),
            standing_agreement_signed=nda_current_signed_exists(
                user_id=user_id, edition_ref="category__edition_id", audience="judge"
            ),
            standing_sealed_pk=Subquery(sealed),
        )
        .order_by()[:1]
    )


# The statement is compiled once per database connection and prepared on PostgreSQL (config.statements): the ORM
# takes about 6 ms of Python to build and compile it, and PostgreSQL about 1.5 ms to parse and plan it as text.
# The stand-ins for the user's id and the entry's id fit their columns (auth.User's 32-bit id, the entry's 64-bit
# id); see config.context_processors.
_STANDING = Compiled(
    "judging.scorecard-standing",
    lambda user_id, entry_pk: _standing_queryset(user_id=user_id, entry_pk=entry_pk),
    Slot(-1_999_999_937),
    Slot(-1_999_999_929),
)


def scorecard_standing(*, user, entry_pk) -> ScorecardStanding | None:
    """The judge's standing on the entry, in one read by the entry's primary key: the entry with its category,
    edition and company, the id and version of the category's rubric in the round (which key the rubric and its
    criteria in the cache), and, as subqueries
    on that row, the judge assigned to it in the edition's scoring round (the final round) without a declared
    conflict with its company, the round, whether the judge signed the current judges' agreement, and the id of
    the judge's latest sealed scorecard.

    The entry's row leads and the rest are subqueries on it, rather than one join across the assignment, judge,
    round, entry, category, edition, company and rubric tables: PostgreSQL spent 3-10 ms planning that join,
    under 1 ms this statement, and nothing once it is prepared (`_STANDING`). The judge and the round
    come back as their ids (the page needs nothing else of them); any other field of theirs loads on first use.

    None when the entry is not assigned to the user's judge in the scoring round, or is conflicted: the caller then
    takes the general path (`judging.permissions.get_entry_for_judge`), which tells a 404 from a page that says
    why the judge cannot score."""
    if not user.is_authenticated:
        return None
    try:
        entry_pk = int(entry_pk)
    except (TypeError, ValueError):
        return None
    entry = next(iter(_STANDING.instances(user.pk, entry_pk)), None)
    if entry is None or entry.standing_judge_id is None:
        return None
    edition = entry.category.edition
    database = entry._state.db
    judge = Judge.from_db(database, ["id", "edition_id", "user_id"], [entry.standing_judge_id, edition.pk, user.pk])
    # The statement reads the final round only (an earlier round takes the general path), so is_final is known.
    round_ = Round.from_db(
        database, ["id", "edition_id", "is_final", "opens_on", "closes_on"],
        [entry.standing_round_id, edition.pk, True, entry.standing_round_opens_on, entry.standing_round_closes_on],
    )
    judge.edition = round_.edition = edition
    rubric = None
    if entry.standing_rubric_id is not None:
        rubric = rubric_cached(rubric_id=entry.standing_rubric_id, version=entry.standing_rubric_version)
    return ScorecardStanding(
        judge=judge,
        entry=entry,
        round=round_,
        rubric=rubric,
        agreement_signed=bool(entry.standing_agreement_signed),
        sealed_pk=entry.standing_sealed_pk,
    )


def criteria_in_order(criteria: list[Criterion]) -> list[Criterion]:
    """Area order, then the rubric's order, then the code."""
    rank = {str(area): position for position, area in enumerate(AREA_ORDER)}
    return sorted(criteria, key=lambda c: (rank.get(c.area, 99), c.order, c.code))


def rubric_cached(*, rubric_id: int, version: int) -> Rubric | None:
    """The rubric from the per-server cache under its id and version (read once per version)."""
    key = f"rubric:{rubric_id}:{version}"
    cache = caches[LOCAL_CACHE]
    rubric = cache.get(key)
    if rubric is None:
        rubric = Rubric.objects.filter(pk=rubric_id).first()
        if rubric is not None and rubric.version == version:
            cache.set(key, rubric, timeout=None)
    return rubric


def rubric_criteria(*, rubric: Rubric) -> list[Criterion]:
    """The rubric's criteria in order, from the per-server cache under the rubric's id and version (every edit of a
    rubric or of its criteria gives it a new version, so a server never serves criteria of an older version; see
    CACHES in config/settings.py)."""
    key = f"rubric-criteria:{rubric.pk}:{rubric.version}"
    cache = caches[LOCAL_CACHE]
    criteria = cache.get(key)
    if criteria is None:
        criteria = criteria_in_order(list(Criterion.objects.filter(rubric_id=rubric.pk).order_by()))
        if criteria:  # a rubric without criteria yet is not kept: its criteria may come in the same version
            cache.set(key, criteria, timeout=None)
    for criterion in criteria:
        criterion.rubric = rubric  # one instance for all, as rubric.criteria.all() would give
    return criteria


def scorecard_standing_read(*, judge: Judge, entry: Entry, round: Round) -> ScorecardStanding:
    """The same standing, read piece by piece, for a judge `scorecard_standing` did not find whom the general
    checks let through (assigned to the entry in another round: the page shows, the save says why not)."""
    latest = (
        SealedScorecard.objects.filter(judge=judge, entry=entry, round=round, is_latest=True)
        .order_by()
        .values_list("pk", flat=True)[:1]
    )
    return ScorecardStanding(
        judge=judge,
        entry=entry,
        round=round,
        rubric=rubric_for(category=entry.category, round=round),
        agreement_signed=True,  # the general path has checked it
        sealed_pk=next(iter(latest), None),
    )
