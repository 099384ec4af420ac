"""A standing cast for the scoring and key tests (h3b), built with tests/judging/factories.py.

The cast: an edition in `judging` with one category and its rubric, two companies with an entry each,
alice (a judge assigned to both entries), bob (a judge assigned to both but conflicted with company B),
an organiser, an admin, an outsider, and three key holders whose shares the test keeps.
"""

from types import SimpleNamespace

from django.utils import timezone

from awards.models import Edition, Entry, NdaAcceptance, NdaVersion
from judging.models import AREA_ORDER, Assignment, ConflictDeclaration
from tests.factories import (
    CategoryFactory,
    CompanyFactory,
    EditionFactory,
    EntryFactory,
    NdaVersionFactory,
    OrganiserFactory,
    UserFactory,
)
from tests.judging.factories import JudgeFactory, RoundFactory, RubricFactory, holder_keyed_ceremony


def sign_judge_agreement(user, edition) -> None:
    version = NdaVersion.objects.filter(edition=edition, audience="judge").first() or NdaVersionFactory(
        edition=edition, audience="judge", title_en="Judges' agreement", title_id="Perjanjian juri"
    )
    NdaAcceptance.objects.create(
        version=version, user=user, signer_name=user.get_full_name() or user.email, signer_title="Judge",
        text_sha256=version.text_sha256,
    )


def submitted_entry(**kwargs) -> Entry:
    return EntryFactory(status=Entry.Status.SUBMITTED, submitted_at=timezone.now(), **kwargs)


def judging_cast(*, state=Edition.State.JUDGING, with_keys=True) -> SimpleNamespace:
    edition = EditionFactory(state=state)
    category = CategoryFactory(edition=edition)
    rubric = RubricFactory(category=category)
    company_a, company_b = CompanyFactory(), CompanyFactory()
    entry_a = submitted_entry(category=category, company=company_a, title="Omnichannel at scale")
    entry_b = submitted_entry(category=category, company=company_b, title="Agents first")
    round_ = RoundFactory(edition=edition)
    alice = JudgeFactory(edition=edition, user=UserFactory(username="alice@example.test"), pseudonym="Judge 01")
    bob = JudgeFactory(edition=edition, user=UserFactory(username="bob@example.test"), pseudonym="Judge 02")
    for judge in (alice, bob):
        sign_judge_agreement(judge.user, edition)
        for entry in (entry_a, entry_b):
            Assignment.objects.create(round=round_, entry=entry, judge=judge)
    ConflictDeclaration.objects.create(judge=bob, company=company_b, relation="employee")
    cast = SimpleNamespace(
        edition=edition, category=category, rubric=rubric, company_a=company_a, company_b=company_b,
        entry_a=entry_a, entry_b=entry_b, round=round_, alice=alice, bob=bob,
        organiser=OrganiserFactory(username="carol@example.test"),
        admin=UserFactory(username="admin@example.test", is_staff=True, is_superuser=True),
        outsider=UserFactory(username="mallory@example.test"),
        criteria=list(rubric.criteria.order_by("area", "order", "code")), ceremony=None, share_texts=[], holders=[],
    )
    if with_keys:
        cast.holders = [UserFactory(username=f"holder{i}@example.test", two_factor=True) for i in (1, 2, 3)]
        cast.ceremony, cast.share_texts = holder_keyed_ceremony(
            edition=edition, holders=cast.holders, threshold=2, actor=cast.organiser
        )
    return cast


def full_scores(cast, value=7, **overrides) -> dict:
    """POST data for a complete scorecard."""
    data = {f"score_{c.code}": str(overrides.get(c.code, value)) for c in cast.criteria}
    data.update({f"note_{area}": f"note on {area}" for area in AREA_ORDER})
    data["comment"] = "Clear plan, well measured."
    return data
