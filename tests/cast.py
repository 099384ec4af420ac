"""The standing cast of the tests: the same people in every test, and their editions in any state.

`Cast()` (the `cast` fixture in tests/conftest.py) is one set of people:

- carol the organiser (`organiser`), an admin (a superuser), mallory the outsider (`outsider`);
- alice and bob, the judges (users; each edition gives them a `Judge` seat of their own): bob is conflicted
  with company A in every edition where he judges;
- companies A and B (PT Alfa Kontak, PT Beta Layanan), each with a contact (`contact_a`, `contact_b`; their
  users are `participant_a` and `participant_b`; dave is company A's);
- three key holders (`holders`; not organisers: holding a share is the only thing that sets them apart).

`cast.edition_in(state)` makes an edition of them in any lifecycle state (awards/lifecycle.py ORDER) the way
the product gets there: NDAs signed, an entry of each company with a document, the judges' agreements and
bob's conflict, the key ceremony (the holders' files are `share_texts`), assignments of both judges to both
entries, sealed scorecards, and, from `sealed` on, the real seal, reveal and publication services. Several
editions may share one cast, which is how the object tests ask for another edition's objects.
`cast.edition_in_two_rounds()` adds a desk round before the finals and company C's entry;
`cast.revealed_edition()` is an edition with N categories of awards (packs, certificates).

The functions below the cast are steps a test takes (sign an NDA, seal a scorecard, move the dates).
Everyone comes from tests/factories.py, so whatever the factories do to let a user sign in (two-factor
enrolment for staff, judges and holders) applies here too. Large generated editions (every judge
sealing every entry) are in tests/generated_edition.py; sample uploads in tests/sample_files.py.
"""

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from decimal import Decimal

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


def full_scores(world, value=7, **overrides) -> dict:
    """POST data for a complete scorecard of an edition of the cast (every criterion `value`)."""
    data = {f"score_{c.code}": str(overrides.get(c.code, value)) for c in world.criteria}
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


# --- The cast ------------------------------------------------------------------------------------------


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


@dataclass
class EditionWorld:
    """One edition of the cast in one state and the objects of it the tests name (None where they cannot
    exist yet). The cast's people are reachable from it too (`world.organiser`, `world.holders`...)."""

    cast: "Cast"
    state: str
    edition: Edition
    category: Category
    rubric: object
    criteria: list
    alice: Judge  # alice's seat in this edition
    bob: Judge  # bob's seat: conflicted with company A
    conflict: ConflictDeclaration | None
    judge_nda: NdaVersion
    nda_a: NdaAcceptance
    company_invitation_token: str
    judge_invitation_token: str
    ceremony: KeyCeremony | None = None
    share_texts: list[str] = field(default_factory=list)
    entry_a: Entry | None = None
    entry_b: Entry | None = None
    entry_c: Entry | None = None  # two rounds only: company C's entry
    document_a: EntryDocument | None = None
    document_b: EntryDocument | None = None
    round: Round | None = None
    desk: Round | None = None  # two rounds only
    final: Round | None = None  # two rounds only
    scorecard_a: SealedScorecard | None = None  # alice's sealed scorecard of entry A
    scorecard_b: SealedScorecard | None = None  # bob's sealed scorecard of entry B
    award_a: Award | None = None
    award_b: Award | None = None
    company_c: object = None

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.cast, name)


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


class Cast:
    """The same people in every test (see the module's docstring), and their editions."""

    def __init__(self):
        organiser_group_with_admin_rights()
        self.organiser = OrganiserFactory(username="carol@example.test", first_name="Carol", last_name="Wijaya")
        self.admin = UserFactory(username="admin@example.test", is_staff=True, is_superuser=True)
        self.outsider = UserFactory(username="mallory@example.test", first_name="Mallory", last_name="Luar")
        # judges and key holders sign in with two factors: enrolled with an authenticator app
        self.alice = UserFactory(
            username="alice@example.test", first_name="Alice", last_name="Hartono", two_factor=True
        )
        self.bob = UserFactory(username="bob@example.test", first_name="Bob", last_name="Santoso", two_factor=True)
        self.contact_a = ContactFactory(
            company__legal_name="PT Alfa Kontak Tbk", user=UserFactory(username="dave@alpha.example.test")
        )
        self.contact_b = ContactFactory(
            company__legal_name="PT Beta Layanan Tbk", user=UserFactory(username="erin@beta.example.test")
        )
        self.company_a, self.company_b = self.contact_a.company, self.contact_b.company
        self.participant_a, self.participant_b = self.contact_a.user, self.contact_b.user
        self.holders = [
            UserFactory(
                username=f"holder{i}@example.test", first_name="Pemegang", last_name=f"Kunci {i}", two_factor=True
            )
            for i in (1, 2, 3)
        ]

    def edition_in(
        self,
        state: str,
        *,
        scored: bool = True,
        keys: bool = True,
        holders=None,
        submitted: bool | None = None,
        panel: bool = False,
        signed: bool = True,
    ) -> EditionWorld:
        """An edition of the cast in `state`, reached the way the product reaches it.

        From `judging` on both judges are assigned to both entries, and (`scored`) alice has sealed her
        scorecards of A (8) and B (6), bob his of B (7); `scored=False` leaves judging untouched. `keys=False`:
        no key ceremony (the holders are `holders`, the cast's by default). The entries are drafts during
        registration unless `submitted`. `panel`: alice and bob sit on the category's panel (and, before
        judging, are not assigned yet). `signed=False`: the judges have not signed their agreement yet.
        """
        from awards.services.publication import edition_publish
        from judging.services.assignments import round_get_or_create_final
        from judging.services.panel import token_hash
        from judging.services.reveal import edition_reveal
        from judging.services.seal import edition_seal

        position = STATES.index(state)
        at_least = lambda other: position >= STATES.index(other)  # noqa: E731
        live_state = state if position <= STATES.index(Edition.State.JUDGING) else Edition.State.JUDGING
        edition = EditionFactory(state=live_state, **_dates(state))
        category = CategoryFactory(edition=edition, min_judges=2 if panel else 1)
        rubric = RubricFactory(category=category)
        NdaVersionFactory(edition=edition)  # the participants' NDA
        nda_a = sign_nda(self.participant_a, edition, self.company_a)
        sign_nda(self.participant_b, edition, self.company_b)
        alice = JudgeFactory(edition=edition, user=self.alice, full_name="Alice Hartono", pseudonym="Judge 01")
        bob = JudgeFactory(edition=edition, user=self.bob, full_name="Bob Santoso", pseudonym="Judge 02")
        version = judge_nda(edition)
        for member in (alice, bob):
            if signed:
                sign_judge_nda(member, version)
            if panel:
                PanelMember.objects.create(category=category, judge=member)
        conflict = ConflictDeclaration.objects.create(judge=bob, company=self.company_a, relation="employee")
        invitation = CompanyInvitation.objects.create(
            company=self.company_a,
            email=f"colleague-{edition.slug}@example.test",
            token=f"company-{edition.slug}",
            invited_by=self.participant_a,
            expires_at=timezone.now() + dt.timedelta(days=7),
        )
        judge_token = f"judge-{edition.slug}"
        JudgeInvitation.objects.create(
            edition=edition,
            email=f"new-judge-{edition.slug}@example.test",
            full_name="Juri Baru",
            token_hash=token_hash(token=judge_token),
            invited_by=self.organiser,
            expires_at=timezone.now() + dt.timedelta(days=7),
        )
        world = EditionWorld(
            cast=self, state=state, edition=edition, category=category, rubric=rubric,
            criteria=list(rubric.criteria.order_by("area", "order", "code")), alice=alice, bob=bob, conflict=conflict,
            judge_nda=version, nda_a=nda_a, company_invitation_token=invitation.token,
            judge_invitation_token=judge_token,
        )
        if keys:
            world.ceremony, world.share_texts = holder_keyed_ceremony(
                edition=edition, holders=holders or self.holders, threshold=2, actor=self.organiser
            )
        if state == Edition.State.DRAFT:
            return world  # no entry, no document, no assignment can exist before registration opens

        if submitted is None:
            submitted = at_least(Edition.State.JUDGING)
        submitted_at = timezone.now() - dt.timedelta(days=31)  # and accepted for judging (the eligibility review)
        status = {"status": Entry.Status.SUBMITTED, "submitted_at": submitted_at, "accepted_at": submitted_at}
        world.entry_a = complete_entry(
            self.contact_a, category, title="Alfa: omnichannel at scale", **(status if submitted else {})
        )
        world.entry_b = complete_entry(
            self.contact_b, category, title="Beta: agents first", **(status if submitted else {})
        )
        world.document_a = _document(world.entry_a, self.participant_a, "alfa-presentation.pdf")
        world.document_b = _document(world.entry_b, self.participant_b, "beta-presentation.pdf")
        if panel:
            world.round = round_get_or_create_final(edition=edition)
        if not at_least(Edition.State.JUDGING):
            return world

        world.round = world.round or RoundFactory(edition=edition)
        for member in (alice, bob):
            for entry in (world.entry_a, world.entry_b):
                Assignment.objects.create(round=world.round, entry=entry, judge=member, created_by=self.organiser)
        if not scored:
            return world
        world.scorecard_a = _seal_scorecard(judge=alice, entry=world.entry_a, round_=world.round, value=8)
        _seal_scorecard(judge=alice, entry=world.entry_b, round_=world.round, value=6)
        world.scorecard_b = _seal_scorecard(judge=bob, entry=world.entry_b, round_=world.round, value=7)
        if not at_least(Edition.State.SEALED):
            return world

        edition_seal(edition=edition, actor=self.organiser)
        if at_least(Edition.State.REVEALED):
            edition_reveal(edition=edition, shares=world.share_texts[:2], actor=self.organiser)
            world.award_a = Award.objects.get(entry=world.entry_a)
            world.award_b = Award.objects.get(entry=world.entry_b)
        if at_least(Edition.State.PUBLISHED):
            edition_publish(edition=edition, actor=self.organiser)
        edition.refresh_from_db()
        assert edition.state == state, (edition.state, state)
        return world

    def edition_in_two_rounds(self, *, top_n: int = 1, blind: bool = False) -> EditionWorld:
        """An edition with a desk round (30 %) before the finals and a third entry (company C's): alice and bob
        are assigned to every entry in the desk round (bob conflicted with A), the top `top_n` of the category
        go on; judging is open on the desk round (`world.round` is the desk round)."""
        from judging.services.keys import edition_open_judging
        from judging.services.rounds import category_round_set, rounds_configure

        world = self.edition_in(Edition.State.REGISTRATION, submitted=True)
        world.company_c = CompanyFactory(legal_name="PT Cakra Kontak")
        world.entry_c = submitted_entry(category=world.category, company=world.company_c, title="Listening at scale")
        world.desk, world.final = rounds_configure(
            edition=world.edition,
            desk=True,
            desk_name="Desk round",
            desk_weight=30,
            final_name="Finals",
            actor=self.organiser,
        )
        category_round_set(round=world.desk, category=world.category, top_n=top_n, blind=blind, actor=self.organiser)
        for judge in (world.alice, world.bob):
            for entry in (world.entry_a, world.entry_b, world.entry_c):
                Assignment.objects.create(round=world.desk, entry=entry, judge=judge)
        judging_date_reached(world.edition)
        edition_open_judging(edition=world.edition, actor=self.organiser)
        world.edition.refresh_from_db()
        world.round = world.desk
        return world

    def revealed_edition(
        self,
        *,
        categories: int = 3,
        awards_per_category: int = 3,
        medals: bool = False,
        individual_first: bool = True,
        extra_entries: int = 1,
        state: str = Edition.State.REVEALED,
        **edition_fields,
    ) -> Edition:
        """An edition in state `revealed` (or `state`): categories in ceremony order, submitted entries, awards
        (Award rows made directly: the reveal itself is judging's).

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


PLACES = [(Award.Kind.WINNER, 1), (Award.Kind.FIRST_RUNNER_UP, 2), (Award.Kind.SECOND_RUNNER_UP, 3)]
MEDALS = [(Award.Kind.PLATINUM, 1), (Award.Kind.GOLD, 2), (Award.Kind.SILVER, 3), (Award.Kind.BRONZE, 4)]


def seal_scores(*, world, judge, entry, round, value: int) -> SealedScorecard:  # noqa: A002
    """A judge's complete scorecard (every criterion `value`) sealed the way the scorecard page seals it."""
    from judging.services.scoring import scorecard_seal

    draft_create(judge=judge, entry=entry, round=round, scores={c.code: value for c in world.criteria})
    return scorecard_seal(judge=judge, entry=entry, round=round, actor=judge.user)
