"""Revealed editions built directly with Award rows (the reveal itself lives in `judging`)."""

import factory
from django.utils import timezone

from awards.models import Award, Category, Edition, Entry
from tests.factories import CategoryFactory, CompanyFactory, ContactFactory, EditionFactory, EntryFactory

PLACES = [(Award.Kind.WINNER, 1), (Award.Kind.FIRST_RUNNER_UP, 2), (Award.Kind.SECOND_RUNNER_UP, 3)]
MEDALS = [(Award.Kind.PLATINUM, 1), (Award.Kind.GOLD, 2), (Award.Kind.SILVER, 3), (Award.Kind.BRONZE, 4)]


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    entry = factory.SubFactory(
        EntryFactory, status=Entry.Status.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
    )
    category = factory.LazyAttribute(lambda o: o.entry.category)
    edition = factory.LazyAttribute(lambda o: o.entry.category.edition)
    kind = Award.Kind.WINNER
    rank = 1
    score = "81.25"
    certificate_code = factory.Sequence(lambda n: f"CCT-{n:04d}-{(n * 7919) % 10000:04d}")


def revealed_edition(*, categories: int = 3, awards_per_category: int = 3, medals: bool = False,
                     individual_first: bool = True, extra_entries: int = 1, state: str = Edition.State.REVEALED,
                     **edition_fields) -> Edition:
    """An edition in state `revealed` (or `state`): categories in ceremony order, submitted entries, awards.

    Each category gets `awards_per_category` awarded entries from distinct companies, plus
    `extra_entries` submitted entries without an award. The first category is an individual one when
    `individual_first` (its entries name a nominee). Every company has one contact.
    """
    edition = EditionFactory(state=state, **edition_fields)
    kinds = MEDALS if medals else PLACES
    for index in range(categories):
        individual = individual_first and index == 0
        category = CategoryFactory(
            edition=edition,
            ceremony_order=categories - index,  # ceremony order differs from creation order on purpose
            kind=Category.Kind.INDIVIDUAL if individual else Category.Kind.CORPORATE,
            award_mode=Category.AwardMode.MEDALS if medals else Category.AwardMode.PLACES,
        )
        for position in range(awards_per_category + extra_entries):
            company = CompanyFactory()
            ContactFactory(company=company)
            entry = EntryFactory(
                company=company,
                category=category,
                status=Entry.Status.SUBMITTED,
                submitted_at=timezone.now(),
                nominee_name=f"Nominee {company.pk}" if individual else "",
            )
            if position < awards_per_category:
                kind, rank = kinds[position % len(kinds)]
                AwardFactory(entry=entry, kind=kind, rank=rank)
    return edition
