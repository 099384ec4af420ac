"""Reads of sealed scorecards' metadata (never a score): whether one is sealed, the organiser's list, a receipt."""

from django.db.models import QuerySet

from awards.models import Category, Edition, Entry
from judging.models import Judge, SealedScorecard


def scorecard_is_sealed(*, judge: Judge, entry: Entry) -> bool:
    """Whether the judge has a sealed scorecard (its latest version) for the entry, in any round."""
    return SealedScorecard.objects.filter(judge=judge, entry=entry, is_latest=True).exists()


def receipt_is_judges(*, edition: Edition, judge: Judge, receipt: str) -> bool:
    """Whether the receipt is of one of the judge's latest sealed scorecards in the edition."""
    return SealedScorecard.objects.filter(edition=edition, judge=judge, receipt=receipt, is_latest=True).exists()


SEALED_PER_PAGE = 50


def sealed_scorecards_for_organisers(
    *, edition: Edition, category: Category | None = None
) -> QuerySet[SealedScorecard]:
    """Every sealed version in the edition (of `category`, or all), metadata only, by category, entry, judge and
    version. Slice it."""
    scorecards = SealedScorecard.objects.filter(edition=edition)
    if category is not None:
        scorecards = scorecards.filter(entry__category=category)
    return (
        scorecards.select_related("entry__category", "entry__company", "judge", "round")
        .only(
            "pk", "version", "receipt", "sealed_at", "is_latest", "reopened_at", "reopen_reason",
            "entry__id", "entry__number", "entry__title", "entry__category__code", "entry__company__legal_name",
            "entry__company__brand", "judge__pseudonym", "round__number", "edition_id",
        )
        .order_by("entry__category__ceremony_order", "entry__category__code", "entry__pk", "judge__pseudonym",
                  "version")
    )


def sealed_scorecards_metadata() -> QuerySet[SealedScorecard]:
    """Sealed scorecards without their ciphertext, with what the reopen page names."""
    return SealedScorecard.objects.select_related("edition", "entry__category", "judge").defer("ciphertext")
