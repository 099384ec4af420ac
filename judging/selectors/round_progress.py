"""Per-round progress for organisers: counts only (assignments, scorecards sealed, finalists)."""

from dataclasses import dataclass

from django.db.models import OuterRef

from awards.models import Edition
from judging.models import Assignment, Finalist, Round, SealedScorecard
from judging.selectors.counts import count_of
from judging.selectors.rounds import RoundStanding, rounds_of


@dataclass(frozen=True)
class RoundProgress:
    standing: RoundStanding
    assigned: int
    sealed: int
    finalists: int


def rounds_progress(*, edition: Edition) -> list[RoundProgress]:
    """Each round with where it stands and how many assignments, sealed scorecards and finalists it has. Each
    count is its own subquery: joining the three tables at once would multiply their rows (50,000 assignments
    by 20,000 scorecards) before counting them."""
    counts = {
        row["pk"]: row
        for row in Round.objects.filter(edition=edition)
        .annotate(
            assigned=count_of(Assignment.objects.filter(round_id=OuterRef("pk"))),
            sealed=count_of(SealedScorecard.objects.filter(round_id=OuterRef("pk"), is_latest=True)),
            finalist_count=count_of(Finalist.objects.filter(round_id=OuterRef("pk"))),
        )
        .values("pk", "assigned", "sealed", "finalist_count")
    }
    return [
        RoundProgress(
            standing=standing,
            assigned=counts[standing.round.pk]["assigned"],
            sealed=counts[standing.round.pk]["sealed"],
            finalists=counts[standing.round.pk]["finalist_count"],
        )
        for standing in rounds_of(edition=edition)
    ]
