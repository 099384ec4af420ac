"""The standing cast of the tests, built in one place (fixtures in tests/conftest.py).

Three groupings of the same kinds of people, for three kinds of test:

- `people()`: the roles of the access tests. participant A and participant B (a contact each of
  company A and company B), a judge, a conflicted judge (conflicted with company A), an organiser, a
  key holder (not an organiser: holding a share is the only thing that sets them apart), a superuser,
  and two spare key holders. `edition_in_state(people, state)` then makes an edition in any lifecycle
  state (awards/lifecycle.py ORDER) the way the product gets there: NDAs signed, an entry of each
  company with a document, the judges' agreements and the conflict, the key ceremony, assignments,
  sealed scorecards, and, from `sealed` on, the real seal, reveal and publication services. Several
  editions may share one `people`, which is how the object tests ask for another edition's objects.
- `panel_team()`: the panel pages. alice and bob judge (both signed), carol organises, dave acts for
  company A; two entries in one category.
- `scoring_team()`: scoring and keys. An edition in `judging` with one category and its rubric, two
  companies with an entry each, alice (a judge assigned to both entries), bob (assigned to both,
  conflicted with company B), an organiser (carol), an admin, an outsider (mallory), and three key
  holders whose holder files the test keeps.

Everyone comes from tests/factories.py, so whatever the factories do to let a user sign in (two-factor
enrolment for staff, judges and holders) applies here too. Large generated editions (every judge
sealing every entry) are in tests/generated_edition.py; sample uploads in tests/sample_files.py.
"""

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone

from awards import lifecycle
from awards.demo import ORGANISER_PERMISSIONS
from awards.models import (
    Award,
    Category,
    CompanyInvitation,
    Edition,
    Entry,
    EntryDocument,
    NdaAcceptance,
    NdaVersion,
)
from awards.permissions import ORGANISER_GROUP
from awards.selectors import nda_current
from judging.models import (
    AREA_ORDER,
    Assignment,
    ConflictDeclaration,
    Judge,
    JudgeInvitation,
    KeyCeremony,
    PanelMember,
    Round,
    SealedScorecard,
)
from tests.factories import (
    AwardFactory,
    CategoryFactory,
    CompanyFactory,
    ContactFactory,
    EditionFactory,
    EntryFactory,
    JudgeFactory,
    NdaVersionFactory,
    OrganiserFactory,
    RoundFactory,
    RubricFactory,
    SubmittedEntryFactory,
    UserFactory,
)
from tests.sample_files import PDF_BYTES

STATES = list(lifecycle.ORDER)  # draft, registration, judging, sealed, revealed, published

# --- Participants --------------------------------------------------------------------------------------


def sign_nda(user, edition, company=None, *, version=None, signer_name="Sari Dewi",
             signer_title="Head of Customer Care") -> NdaAcceptance:
    """`user` signs `version`, or the edition's participant NDA (a version is published first if there is none)."""
    version = version or nda_current(edition=edition, audience="participant") or NdaVersionFactory(edition=edition)
    return NdaAcceptance.objects.create(
        version=version,
        user=user,
        company=company,
        signer_name=signer_name,
        signer_title=signer_title,
        text_sha256=version.text_sha256,
    )


def participant(edition=None, *, signed=True, **company_kwargs):
    """A contact of a new company, with the edition's participant NDA signed (unless told otherwise)."""
    edition = edition or EditionFactory()
    contact = ContactFactory(**({"company__" + k: v for k, v in company_kwargs.items()}))
    if signed:
        sign_nda(contact.user, edition, contact.company)
    return contact


COMPLETE_FIGURES = {
    "agent_seats": 120,
    "inbound_contacts_yearly": 1_200_000,
    "outbound_contacts_yearly": 300_000,
    "service_level_percent": Decimal("80"),
    "service_level_seconds": 20,
    "average_speed_of_answer": 18,
    "abandonment_rate": Decimal("3.5"),
    "first_contact_resolution": Decimal("78"),
    "customer_satisfaction": Decimal("91.2"),
    "agent_attrition": Decimal("12"),
}


def complete_entry(contact, category, **kwargs):
    """An entry with every required answer given (figures for corporate categories)."""
    values = {**COMPLETE_FIGURES, **kwargs}
    return EntryFactory(company=contact.company, category=category, created_by=contact.user, **values)


def close_registration(edition):
    """Move the edition's dates so that registration closed yesterday (instead of freezing the clock)."""
    now = timezone.now()
    Edition.objects.filter(pk=edition.pk).update(
        registration_opens=now - dt.timedelta(days=30), registration_closes=now - dt.timedelta(days=1)
    )
    edition.refresh_from_db()



def submitted_entry(**kwargs) -> Entry:
    return SubmittedEntryFactory(**kwargs)


# --- Judges --------------------------------------------------------------------------------------------


def judge_nda(edition) -> NdaVersion:
    """Publish a (new) version of the edition's judges' agreement."""
    return NdaVersionFactory(
        edition=edition,
        audience=NdaVersion.Audience.JUDGE,
        title_en="Judges' Confidentiality Agreement",
        title_id="Perjanjian Kerahasiaan Juri",
    )


def sign_judge_nda(judge, version: NdaVersion | None = None) -> NdaAcceptance:
    """`judge` signs `version`, or the edition's judges' agreement (published first if there is none)."""
    version = version or nda_current(edition=judge.edition, audience="judge") or judge_nda(judge.edition)
    return NdaAcceptance.objects.create(
        version=version,
        user=judge.user,
        signer_name=judge.full_name,
        signer_title=judge.job_title,
        text_sha256=version.text_sha256,
    )


def seal_stand_in(*, judge, entry, round) -> SealedScorecard:  # noqa: A002
    """A sealed scorecard row as the scoring code leaves it (opaque bytes; nobody reads them here)."""
    ciphertext = os.urandom(48)
    return SealedScorecard.objects.create(
        edition=round.edition,
        round=round,
        entry=entry,
        judge=judge,
        ciphertext=ciphertext,
        receipt=hashlib.sha256(ciphertext).hexdigest(),
        sealed_at=timezone.now(),
    )


def draft_create(*, judge, entry, round, scores=None, notes=None, comment=""):  # noqa: A002
    """A judge's draft row as `draft_save` would store it (encrypted), without `draft_save`'s checks: for tests
    that need a draft the judge could not save now (a conflict declared afterwards, judging closed...)."""
    from judging.models import ScorecardDraft
    from judging.services.drafts import draft_encrypt

    key_id, ciphertext = draft_encrypt(
        judge_id=judge.pk, entry_id=entry.pk, round_id=round.pk, scores=scores or {}, notes=notes or {},
        comment=comment,
    )
    return ScorecardDraft.objects.create(judge=judge, entry=entry, round=round, key_id=key_id, ciphertext=ciphertext)


def draft_content(*, judge, entry, round):  # noqa: A002
    """The decrypted draft of a judge (judging.selectors.workspace.draft_of), or None."""
    from judging.selectors.workspace import draft_of

    return draft_of(judge=judge, entry=entry, round=round)


def full_scores(team, value=7, **overrides) -> dict:
    """POST data for a complete scorecard of a `scoring_team()`."""
    data = {f"score_{c.code}": str(overrides.get(c.code, value)) for c in team.criteria}
    data.update({f"note_{area}": f"note on {area}" for area in AREA_ORDER})
    data["comment"] = "Clear plan, well measured."
    return data


# --- Key holders ---------------------------------------------------------------------------------------


def holder_keyed_ceremony(*, edition, holders, threshold=2, actor=None):
    """A key ceremony made the way `keygen` makes it: each holder's key is generated here (as on their own
    device), each share is encrypted to it. Returns the ceremony and each holder's one-file "key +
    encrypted share" text, in share order (what `reveal --share-file` and the share check accept)."""
    from judging import sealing
    from judging.services.keys import key_ceremony_create

    keys = [sealing.holder_key_generate() for _holder in holders]
    ceremony, handed = key_ceremony_create(
        edition=edition, holders=holders, threshold=threshold, actor=actor,
        holder_public_keys=[key.public_key().public_bytes_raw() for key in keys],
    )
    files = [sealing.holder_file_text(key, encrypted) for key, (_holder, encrypted) in zip(keys, handed, strict=True)]
    return ceremony, files


def share_in_holder_file(text):
    """The plain share a holder file opens (for tests that need the raw share)."""
    from judging import sealing

    material = sealing.holder_material_parse(text)
    return sealing.share_decrypt(encrypted=material.encrypted, private_key=material.private_key)


# --- The panel team and the scoring team ---------------------------------------------------------------


def panel_team(*, signed: bool = True) -> SimpleNamespace:
    """alice and bob judge (both signed), carol organises, dave acts for company A; two entries in one category."""
    from judging.services.assignments import round_get_or_create_final

    edition = EditionFactory()
    category = CategoryFactory(edition=edition, min_judges=2)
    company_a = CompanyFactory(legal_name="PT Alpha Kontak")
    company_b = CompanyFactory(legal_name="PT Beta Layanan")
    dave = ContactFactory(company=company_a, user=UserFactory(username="dave@alpha.example.test")).user
    entry_a = SubmittedEntryFactory(category=category, company=company_a)
    entry_b = SubmittedEntryFactory(category=category, company=company_b)
    alice = JudgeFactory(edition=edition, full_name="Alice Hartono")
    bob = JudgeFactory(edition=edition, full_name="Bob Santoso")
    for judge in (alice, bob):
        PanelMember.objects.create(category=category, judge=judge)
    version = judge_nda(edition)
    if signed:
        sign_judge_nda(alice, version)
        sign_judge_nda(bob, version)
    return SimpleNamespace(
        edition=edition, category=category, company_a=company_a, company_b=company_b, entry_a=entry_a,
        entry_b=entry_b, alice=alice, bob=bob, carol=OrganiserFactory(username="carol@panitia.example.test"),
        dave=dave, nda=version, round=round_get_or_create_final(edition=edition),
    )


def scoring_team(*, state=Edition.State.JUDGING, with_keys=True) -> SimpleNamespace:
    """alice and bob judge both entries (bob conflicted with company B); carol organises; holders keep files."""
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
        sign_judge_nda(judge)
        for entry in (entry_a, entry_b):
            Assignment.objects.create(round=round_, entry=entry, judge=judge)
    ConflictDeclaration.objects.create(judge=bob, company=company_b, relation="employee")
    team = SimpleNamespace(
        edition=edition, category=category, rubric=rubric, company_a=company_a, company_b=company_b,
        entry_a=entry_a, entry_b=entry_b, round=round_, alice=alice, bob=bob,
        organiser=OrganiserFactory(username="carol@example.test"),
        admin=UserFactory(username="admin@example.test", is_staff=True, is_superuser=True),
        outsider=UserFactory(username="mallory@example.test"),
        criteria=list(rubric.criteria.order_by("area", "order", "code")), ceremony=None, share_texts=[], holders=[],
    )
    if with_keys:
        team.holders = [UserFactory(username=f"holder{i}@example.test", two_factor=True) for i in (1, 2, 3)]
        team.ceremony, team.share_texts = holder_keyed_ceremony(
            edition=edition, holders=team.holders, threshold=2, actor=team.organiser
        )
    return team


# --- The roles, and an edition in any state ------------------------------------------------------------


def organiser_group_with_admin_rights() -> Group:
    """The organisers' group with the Django-admin rights the project gives it (awards.demo)."""
    group, _created = Group.objects.get_or_create(name=ORGANISER_GROUP)
    group.permissions.add(
        *(
            Permission.objects.get(content_type__app_label="awards", codename=f"{action}_{model}")
            for model, actions in ORGANISER_PERMISSIONS.items()
            for action in actions
        )
    )
    return group


def people() -> SimpleNamespace:
    """The roles: participants A and B, a judge, a conflicted judge, an organiser, a key holder, a superuser."""
    organiser_group_with_admin_rights()
    contact_a = participant(signed=False, legal_name="PT Alfa Kontak Tbk")
    contact_b = participant(signed=False, legal_name="PT Beta Layanan Tbk")
    return SimpleNamespace(
        contact_a=contact_a,
        contact_b=contact_b,
        company_a=contact_a.company,
        company_b=contact_b.company,
        participant_a=contact_a.user,
        participant_b=contact_b.user,
        # judges and key holders sign in with two factors: enrolled with an authenticator app
        judge_user=UserFactory(first_name="Juri", last_name="Satu", two_factor=True),
        conflicted_user=UserFactory(first_name="Juri", last_name="Dua", two_factor=True),
        organiser=OrganiserFactory(),
        key_holder=UserFactory(first_name="Pemegang", last_name="Kunci", two_factor=True),
        spare_holders=[UserFactory(two_factor=True), UserFactory(two_factor=True)],
        superuser=UserFactory(is_staff=True, is_superuser=True),
    )


@dataclass
class EditionWorld:
    """One edition in one state and the objects of it the URLs name (None where they cannot exist yet)."""

    state: str
    edition: Edition
    category: Category
    judge: Judge
    conflicted: Judge
    conflict: ConflictDeclaration
    ceremony: KeyCeremony
    share_texts: list[str]
    nda_a: NdaAcceptance
    company_invitation_token: str
    judge_invitation_token: str
    entry_a: Entry | None = None
    entry_b: Entry | None = None
    document_a: EntryDocument | None = None
    document_b: EntryDocument | None = None
    round: Round | None = None
    scorecard_a: SealedScorecard | None = None  # the judge's sealed scorecard of entry A
    scorecard_b: SealedScorecard | None = None  # the conflicted judge's sealed scorecard of entry B
    award_a: Award | None = None
    award_b: Award | None = None
    extra: dict = field(default_factory=dict)


def _dates(state: str) -> dict:
    now = timezone.now()
    if state in (Edition.State.DRAFT, Edition.State.REGISTRATION):
        return {}  # the factory's dates: registration open now, judging later
    return {
        "registration_opens": now - dt.timedelta(days=60),
        "registration_closes": now - dt.timedelta(days=30),
        "judging_opens": now - dt.timedelta(days=29),
        "judging_closes": now + dt.timedelta(days=1),
    }


def judging_date_reached(edition: Edition) -> Edition:
    """Move the edition's timeline so that registration has closed and judging's opening date has come (the
    state stays as it is): opening the judging is refused before its date."""
    now = timezone.now()
    Edition.objects.filter(pk=edition.pk).update(
        registration_closes=now - dt.timedelta(days=2), judging_opens=now - dt.timedelta(days=1)
    )
    edition.refresh_from_db()
    return edition


def _document(entry: Entry, user, name: str) -> EntryDocument:
    return EntryDocument.objects.create(
        entry=entry,
        file=ContentFile(PDF_BYTES, name=name),
        original_name=name,
        size=len(PDF_BYTES),
        kind=EntryDocument.Kind.PDF,
        content_type="application/pdf",
        sha256="0" * 64,
        uploaded_by=user,
    )


def _seal_scorecard(*, judge: Judge, entry: Entry, round_: Round, value: int) -> SealedScorecard:
    from judging.services.scoring import draft_save, scorecard_seal

    scores = {criterion.code: value for criterion in entry.category.rubrics.get(round=None).criteria.all()}
    draft_save(
        judge=judge, entry=entry, round=round_, scores=scores, notes={"people": "Solid."}, comment="Well argued."
    )
    return scorecard_seal(judge=judge, entry=entry, round=round_, actor=judge.user)


def edition_in_state(cast, state: str, *, key_holder=None) -> EditionWorld:
    """An edition of `cast` (a `people()`) in `state`, reached the way the product reaches it.

    The key holders are `key_holder` (the cast's by default) and the cast's two spare holders.
    """
    from awards.services.publication import edition_publish
    from judging.services.panel import token_hash
    from judging.services.reveal import edition_reveal
    from judging.services.seal import edition_seal

    position = STATES.index(state)
    at_least = lambda other: position >= STATES.index(other)  # noqa: E731
    live_state = state if position <= STATES.index(Edition.State.JUDGING) else Edition.State.JUDGING
    edition = EditionFactory(state=live_state, **_dates(state))
    category = CategoryFactory(edition=edition, min_judges=1)
    RubricFactory(category=category)
    NdaVersionFactory(edition=edition)  # the participants' NDA
    nda_a = sign_nda(cast.participant_a, edition, cast.company_a)
    sign_nda(cast.participant_b, edition, cast.company_b)
    judge = JudgeFactory(edition=edition, user=cast.judge_user, full_name="Juri Satu")
    conflicted = JudgeFactory(edition=edition, user=cast.conflicted_user, full_name="Juri Dua")
    for member in (judge, conflicted):
        sign_judge_nda(member)
    conflict = ConflictDeclaration.objects.create(judge=conflicted, company=cast.company_a, relation="employee")
    ceremony, share_texts = holder_keyed_ceremony(
        edition=edition,
        holders=[key_holder or cast.key_holder, *cast.spare_holders],
        threshold=2,
        actor=cast.organiser,
    )
    invitation = CompanyInvitation.objects.create(
        company=cast.company_a,
        email=f"colleague-{edition.slug}@example.test",
        token=f"company-{edition.slug}",
        invited_by=cast.participant_a,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    judge_token = f"judge-{edition.slug}"
    JudgeInvitation.objects.create(
        edition=edition,
        email=f"new-judge-{edition.slug}@example.test",
        full_name="Juri Baru",
        token_hash=token_hash(token=judge_token),
        invited_by=cast.organiser,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    world = EditionWorld(
        state=state, edition=edition, category=category, judge=judge, conflicted=conflicted, conflict=conflict,
        ceremony=ceremony, share_texts=share_texts, nda_a=nda_a, company_invitation_token=invitation.token,
        judge_invitation_token=judge_token,
    )
    if state == Edition.State.DRAFT:
        return world  # no entry, no document, no assignment can exist before registration opens

    submitted = {} if state == Edition.State.REGISTRATION else {"status": Entry.Status.SUBMITTED}
    if submitted:
        submitted["submitted_at"] = timezone.now() - dt.timedelta(days=31)
    world.entry_a = complete_entry(cast.contact_a, category, title="Alfa: omnichannel at scale", **submitted)
    world.entry_b = complete_entry(cast.contact_b, category, title="Beta: agents first", **submitted)
    world.document_a = _document(world.entry_a, cast.participant_a, "alfa-presentation.pdf")
    world.document_b = _document(world.entry_b, cast.participant_b, "beta-presentation.pdf")
    if not at_least(Edition.State.JUDGING):
        return world

    world.round = RoundFactory(edition=edition)
    for member in (judge, conflicted):
        for entry in (world.entry_a, world.entry_b):
            Assignment.objects.create(round=world.round, entry=entry, judge=member, created_by=cast.organiser)
    world.scorecard_a = _seal_scorecard(judge=judge, entry=world.entry_a, round_=world.round, value=8)
    _seal_scorecard(judge=judge, entry=world.entry_b, round_=world.round, value=6)
    world.scorecard_b = _seal_scorecard(judge=conflicted, entry=world.entry_b, round_=world.round, value=7)
    if not at_least(Edition.State.SEALED):
        return world

    edition_seal(edition=edition, actor=cast.organiser)
    if at_least(Edition.State.REVEALED):
        edition_reveal(edition=edition, shares=world.share_texts[:2], actor=cast.organiser)
        world.award_a = Award.objects.get(entry=world.entry_a)
        world.award_b = Award.objects.get(entry=world.entry_b)
    if at_least(Edition.State.PUBLISHED):
        edition_publish(edition=edition, actor=cast.organiser)
    edition.refresh_from_db()
    assert edition.state == state, (edition.state, state)
    return world


# --- A revealed edition built directly with Award rows (the reveal itself is judging's) ----------------

PLACES = [(Award.Kind.WINNER, 1), (Award.Kind.FIRST_RUNNER_UP, 2), (Award.Kind.SECOND_RUNNER_UP, 3)]
MEDALS = [(Award.Kind.PLATINUM, 1), (Award.Kind.GOLD, 2), (Award.Kind.SILVER, 3), (Award.Kind.BRONZE, 4)]


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
            entry = submitted_entry(
                company=company, category=category, nominee_name=f"Nominee {company.pk}" if individual else ""
            )
            if position < awards_per_category:
                kind, rank = kinds[position % len(kinds)]
                AwardFactory(entry=entry, kind=kind, rank=rank)
    return edition


# --- Two rounds: a desk round before the finals ---------------------------------------------------------


def two_round_team(*, top_n: int = 1, blind: bool = False) -> SimpleNamespace:
    """`scoring_team()` with a desk round (30 %) before the finals and a third entry (company C): alice and
    bob are assigned to every entry in the desk round (bob conflicted with B), the top `top_n` of the
    category go on; judging is open on the desk round."""
    from judging.services.keys import edition_open_judging
    from judging.services.rounds import category_round_set, rounds_configure

    team = scoring_team(state=Edition.State.REGISTRATION)
    team.company_c = CompanyFactory(legal_name="PT Cakra Kontak")
    team.entry_c = submitted_entry(category=team.category, company=team.company_c, title="Listening at scale")
    team.desk, team.final = rounds_configure(
        edition=team.edition, desk=True, desk_name="Desk round", desk_weight=30, final_name="Finals",
        actor=team.organiser,
    )
    category_round_set(round=team.desk, category=team.category, top_n=top_n, blind=blind, actor=team.organiser)
    Assignment.objects.filter(round=team.final).delete()  # the finals panel is assigned after the shortlist
    for judge in (team.alice, team.bob):
        for entry in (team.entry_a, team.entry_b, team.entry_c):
            Assignment.objects.create(round=team.desk, entry=entry, judge=judge)
    judging_date_reached(team.edition)
    edition_open_judging(edition=team.edition, actor=team.organiser)
    team.edition.refresh_from_db()
    team.round = team.desk
    return team


def seal_scores(*, team, judge, entry, round, value: int) -> SealedScorecard:  # noqa: A002
    """A judge's complete scorecard (every criterion `value`) sealed the way the scorecard page seals it."""
    from judging.services.scoring import scorecard_seal

    draft_create(judge=judge, entry=entry, round=round, scores={c.code: value for c in team.criteria})
    return scorecard_seal(judge=judge, entry=entry, round=round, actor=judge.user)
