"""Reads about an edition's rounds: their order, where each stands (sealed, shortlisted), the round judges
score now, a category's shortlist rule, and the finalists once revealed."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from awards.lifecycle import RoundPhase, round_phase
from awards.models import Edition, Entry
from judging.models import CategoryRound, Finalist, Round, RoundKey, RoundSeal, Seal
from judging.tally.shortlist import MODE_THRESHOLD, ShortlistRule


@dataclass(frozen=True)
class RoundStanding:
    round: Round
    seal: RoundSeal | None  # a non-final round's seal; the final round's is the edition's Seal
    sealed: bool
    shortlisted: bool
    phase: RoundPhase

    @property
    def number(self) -> int:
        return self.round.number


def rounds_of(*, edition: Edition) -> list[RoundStanding]:
    """Every round of the edition in order, each with where it stands (one query)."""
    rounds = list(
        Round.objects.filter(edition=edition).select_related("seal")
        .annotate(final_sealed=Exists(Seal.objects.filter(edition_id=OuterRef("edition_id"))))
        .order_by("number")
    )
    standings, earlier_done = [], True
    for round_ in rounds:
        seal = getattr(round_, "seal", None) if not round_.is_final else None
        sealed = round_.final_sealed if round_.is_final else seal is not None
        shortlisted = (not round_.is_final) and seal is not None and seal.shortlisted_at is not None
        standings.append(RoundStanding(
            round=round_, seal=seal, sealed=sealed, shortlisted=shortlisted,
            phase=round_phase(edition_state=edition.state, is_final=round_.is_final, sealed=sealed,
                              shortlisted=shortlisted, earlier_done=earlier_done),
        ))
        earlier_done = earlier_done and shortlisted
    return standings


def round_standing(*, edition: Edition, number: int) -> RoundStanding | None:
    return next((standing for standing in rounds_of(edition=edition) if standing.number == number), None)


def round_standing_of(*, round: Round) -> RoundStanding:
    return next(standing for standing in rounds_of(edition=round.edition) if standing.round.pk == round.pk)


def scoring_round(*, edition: Edition) -> Round | None:
    """The round judges score in now: the first round not sealed, once every earlier one is shortlisted;
    before judging, the first round (for the "not open yet" page); None between a seal and its shortlist."""
    for standing in rounds_of(edition=edition):
        if standing.sealed and standing.shortlisted:
            continue
        if standing.sealed:
            return None if not standing.round.is_final else standing.round
        return standing.round
    return None


def has_earlier_rounds(*, edition: Edition) -> bool:
    return Round.objects.filter(edition=edition, is_final=False).exists()


def shortlist_rule_of(*, settings: CategoryRound | None) -> ShortlistRule:
    """A category's shortlist rule in a round (the defaults without settings)."""
    if settings is None:
        return ShortlistRule()
    if settings.shortlist_mode == MODE_THRESHOLD:
        return ShortlistRule(mode=MODE_THRESHOLD, threshold=settings.shortlist_threshold,
                             min_scorecards=settings.shortlist_min_scorecards)
    return ShortlistRule(top_n=settings.shortlist_top_n, min_scorecards=settings.shortlist_min_scorecards)


def category_settings_of(*, round: Round) -> dict[int, CategoryRound]:
    """The round's per-category settings, by category id."""
    return {settings.category_id: settings for settings in CategoryRound.objects.filter(round=round)}


def takes_part(*, settings: CategoryRound | None) -> bool:
    """Whether a category has a non-final round (without settings it has: the default)."""
    return settings is None or settings.in_round


def round_weight_in(*, round: Round, settings: CategoryRound | None) -> int:
    """A non-final round's share of a category's final score: 0 when the category goes straight to the finals,
    the category's own weight when it has one, else the round's."""
    if not takes_part(settings=settings):
        return 0
    return settings.weight if settings is not None and settings.weight is not None else round.weight


def category_round_weights(*, edition: Edition) -> dict[int, dict[int, int]]:
    """Each category's weight per round number (percent; a category's weights add up to 100: the final round
    takes what the earlier rounds leave). Two queries."""
    rounds = list(Round.objects.filter(edition=edition).order_by("number"))
    settings = {(s.round_id, s.category_id): s for s in CategoryRound.objects.filter(round__edition=edition)}
    weights = {}
    for category_id in edition.categories.values_list("pk", flat=True):
        earlier = {round_.number: round_weight_in(round=round_, settings=settings.get((round_.pk, category_id)))
                   for round_ in rounds if not round_.is_final}
        final = {round_.number: 100 - sum(earlier.values()) for round_ in rounds if round_.is_final}
        weights[category_id] = {**earlier, **final}
    return weights


def categories_skipping(*, round: Round) -> set[int]:
    """The categories that go straight past this (non-final) round: they have no part in it."""
    return set(CategoryRound.objects.filter(round=round, in_round=False).values_list("category_id", flat=True))


def round_key_of(*, round: Round, ceremony) -> RoundKey | None:
    return RoundKey.objects.filter(round=round, ceremony=ceremony).first()


def finalists_of(*, round: Round):
    """The round's finalists, per category in ceremony order, companies alphabetically."""
    return Finalist.objects.filter(round=round).select_related("entry__company", "entry__category")


def finalist_entry_ids(*, edition: Edition) -> set[int] | None:
    """The entries that reached the final round, or None when the edition has no earlier round."""
    final = Round.objects.filter(edition=edition, is_final=True).first()
    if final is None or not has_earlier_rounds(edition=edition):
        return None
    return round_entry_ids(round=final)


def blind_entry_ids(*, round: Round) -> set[int]:
    """Entries a round shows by code only: those of categories with a blind setting in this round."""
    categories = CategoryRound.objects.filter(round=round, blind=True).values_list("category_id", flat=True)
    return set(Entry.objects.filter(category_id__in=list(categories)).values_list("pk", flat=True))


def nominees_published(*, edition: Edition) -> tuple[Round, list[tuple]] | None:
    """The published finalists of the edition's last earlier round, per category in ceremony order (companies
    alphabetically); None until the organisers publish them."""
    round_ = (Round.objects.filter(edition=edition, is_final=False, seal__finalists_published_at__isnull=False)
              .order_by("-number").first())
    if round_ is None:
        return None
    # the shortlisted entries, and every submitted entry of a category that went straight to the finals
    going_on = Entry.objects.filter(
        Q(finalist_of__round=round_)
        | Q(category_id__in=list(categories_skipping(round=round_)), status=Entry.Status.SUBMITTED),
        category__edition=edition,
    ).distinct().select_related("company", "category").order_by(
        "category__ceremony_order", "category__code", "company__legal_name", "pk")
    groups: dict = {}
    for entry in going_on:
        groups.setdefault(entry.category, []).append(entry)
    return round_, list(groups.items())


def assignments_round_of(*, edition: Edition) -> Round | None:
    """The round the organisers assign now: the first round not sealed yet (None if there is no round)."""
    standings = rounds_of(edition=edition)
    current = next((standing.round for standing in standings if not standing.sealed), None)
    return current if current is not None else next((s.round for s in standings if s.round.is_final), None)


def round_entry_ids(*, round: Round) -> set[int] | None:
    """The entries a round takes: in a later round the previous round's finalists and every submitted entry of a
    category that went straight past the previous round; in a first round every submitted entry of the
    categories taking part in it. None when that is every submitted entry (a first round all categories take)."""
    previous = Round.objects.filter(edition_id=round.edition_id, number__lt=round.number).order_by("-number").first()
    submitted = Entry.objects.filter(category__edition_id=round.edition_id, status=Entry.Status.SUBMITTED)
    if previous is None:
        skipping = set() if round.is_final else categories_skipping(round=round)
        if not skipping:
            return None
        return set(submitted.exclude(category_id__in=skipping).values_list("pk", flat=True))
    straight = submitted.filter(category_id__in=list(categories_skipping(round=previous)))
    return (set(Finalist.objects.filter(round=previous).values_list("entry_id", flat=True))
            | set(straight.values_list("pk", flat=True)))


def earlier_round_seals(*, edition: Edition) -> list[RoundSeal]:
    """The seals of the edition's earlier rounds, in round order (public: roots, counts, shortlist commitments)."""
    return list(RoundSeal.objects.filter(round__edition=edition).select_related("round").order_by("round__number"))


def round_dates_refusal(*, opens_on, closes_on, today=None) -> str | None:
    """Why a round takes no scorecard today, or None: before its ``opens_on`` or after its ``closes_on`` (both
    days included, in the server's time zone). A round without dates follows the edition's judging dates."""
    today = today or timezone.localdate()
    if opens_on is not None and today < opens_on:
        return _("Scoring in this round opens on %(date)s: nothing can be scored before then.") % {
            "date": formats.date_format(opens_on, "j F Y")}
    if closes_on is not None and today > closes_on:
        return _("Scoring in this round closed on %(date)s: nothing can be scored any more.") % {
            "date": formats.date_format(closes_on, "j F Y")}
    return None
