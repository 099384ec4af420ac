"""Per-round progress for organisers: counts only (assignments, scorecards sealed, finalists)."""

from dataclasses import dataclass

from django.db.models import Count, Q

from awards.models import Edition
from judging.models import Round
from judging.selectors.rounds import RoundStanding, rounds_of


@dataclass(frozen=True)
class RoundProgress:
    standing: RoundStanding
    assigned: int
    sealed: int
    finalists: int


def rounds_progress(*, edition: Edition) -> list[RoundProgress]:
    """Each round with where it stands and how many assignments, sealed scorecards and finalists it has."""
    counts = {
        row["pk"]: row
        for row in Round.objects.filter(edition=edition).annotate(
            assigned=Count("assignments", distinct=True),
            sealed=Count("sealed_scorecards", filter=Q(sealed_scorecards__is_latest=True), distinct=True),
            finalist_count=Count("finalists", distinct=True),
        ).values("pk", "assigned", "sealed", "finalist_count")
    }
    return [
        RoundProgress(standing=standing, assigned=counts[standing.round.pk]["assigned"],
                      sealed=counts[standing.round.pk]["sealed"],
                      finalists=counts[standing.round.pk]["finalist_count"])
        for standing in rounds_of(edition=edition)
    ]
