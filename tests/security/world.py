"""A world for the access tests: the standing cast of roles, and an edition in any lifecycle state.

The cast (`cast_build`) is the same people whatever the edition: participant A and participant B (a
contact each of company A and company B), a judge, a conflicted judge (conflicted with company A), an
organiser, a key holder (not an organiser: holding a share is the only thing that sets them apart), a
superuser, and two spare key holders. `edition_build(cast, state)` then makes an edition in `state`
the way the product gets there: NDAs signed, an entry of each company with a document, the judges'
agreements and the conflict, the key ceremony, assignments, sealed scorecards, and, from `sealed` on,
the real seal, reveal and publication services. Several editions may share one cast, which is how the
object tests ask for another edition's objects.

Privileged users come from the factories (OrganiserFactory, JudgeFactory, UserFactory), so whatever
the factories do to make them able to sign in (two-factor enrolment) applies here too.
"""

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from awards import lifecycle
from awards.demo import ORGANISER_PERMISSIONS
from awards.models import Award, Category, CompanyInvitation, Edition, Entry, EntryDocument, NdaAcceptance
from awards.permissions import ORGANISER_GROUP
from judging.models import (
    Assignment,
    ConflictDeclaration,
    Judge,
    JudgeInvitation,
    KeyCeremony,
    Round,
    SealedScorecard,
)
from judging.services.panel import token_hash
from judging.services.reveal import edition_reveal
from judging.services.scoring import draft_save, scorecard_seal
from judging.services.seal import edition_seal
from tests.awards.participants import PDF_BYTES, complete_entry, participant, sign_nda
from tests.factories import CategoryFactory, EditionFactory, NdaVersionFactory, OrganiserFactory, UserFactory
from tests.judging.conftest_h3b import sign_judge_agreement
from tests.judging.factories import JudgeFactory, RubricFactory, holder_keyed_ceremony

STATES = list(lifecycle.ORDER)  # the matrix columns: draft, registration, judging, sealed, revealed, published

ANONYMOUS = "anonymous"
PARTICIPANT_A = "participant A"
PARTICIPANT_B = "participant B"
JUDGE = "judge"
CONFLICTED = "conflicted judge"
ORGANISER = "organiser"
KEY_HOLDER = "key holder"
SUPERUSER = "superuser"
ROLES = [ANONYMOUS, PARTICIPANT_A, PARTICIPANT_B, JUDGE, CONFLICTED, ORGANISER, KEY_HOLDER, SUPERUSER]


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


def cast_build() -> SimpleNamespace:
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


def role_users(cast) -> dict:
    return {
        ANONYMOUS: None,
        PARTICIPANT_A: cast.participant_a,
        PARTICIPANT_B: cast.participant_b,
        JUDGE: cast.judge_user,
        CONFLICTED: cast.conflicted_user,
        ORGANISER: cast.organiser,
        KEY_HOLDER: cast.key_holder,
        SUPERUSER: cast.superuser,
    }


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
    criteria = entry.category.rubric.criteria.all()
    scores = {criterion.code: value for criterion in criteria}
    draft_save(
        judge=judge, entry=entry, round=round_, scores=scores, notes={"people": "Solid."}, comment="Well argued."
    )
    return scorecard_seal(judge=judge, entry=entry, round=round_, actor=judge.user)


def edition_build(cast, state: str, *, key_holder=None) -> EditionWorld:
    """An edition of the cast in `state`, reached the way the product reaches it.

    The key holders are `key_holder` (the cast's by default) and the cast's two spare holders.
    """
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
        sign_judge_agreement(member.user, edition)
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
        state=state,
        edition=edition,
        category=category,
        judge=judge,
        conflicted=conflicted,
        conflict=conflict,
        ceremony=ceremony,
        share_texts=share_texts,
        nda_a=nda_a,
        company_invitation_token=invitation.token,
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

    world.round = Round.objects.create(edition=edition, number=1, name="Final round", is_final=True)
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
        from awards.services.publication import edition_publish

        edition_publish(edition=edition, actor=cast.organiser)
    edition.refresh_from_db()
    assert edition.state == state, (edition.state, state)
    return world


def edition_values(world: EditionWorld) -> dict:
    """Concrete values for the URL arguments, from one edition's world (None: no such object in this state)."""
    entry_pk = world.entry_a.pk if world.entry_a else None
    return {
        "slug": world.edition.slug,
        "pk": None,  # depends on the pattern: see PK_OBJECTS
        "category_id": world.category.pk,
        "category_code": world.category.code,
        "ceremony_id": world.ceremony.pk,
        "entry_pk": entry_pk,
        "receipt": world.scorecard_a.receipt if world.scorecard_a else None,
        "code": world.award_a.certificate_code if world.award_a else None,
    }


# --- Walking the URL map ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """One URL pattern: its full route (the prefixes of every include joined), its name, its view."""

    route: str
    name: str | None
    pattern: URLPattern

    @property
    def key(self) -> str:
        return self.name or self.route

    @property
    def arguments(self) -> list[str]:
        return list(self.pattern.pattern.regex.groupindex)


def routes(resolvers=None, prefix: str = "", namespace: str = "") -> list[Route]:
    """Every URL pattern of the project, allauth's and the admin's included, named or not."""
    found = []
    for pattern in get_resolver().url_patterns if resolvers is None else resolvers:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            found.extend(routes(pattern.url_patterns, prefix + str(pattern.pattern), inner))
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            found.append(Route(route=prefix + str(pattern.pattern), name=name, pattern=pattern))
    return found


# --- Asking -------------------------------------------------------------------------------------------

# The answer classes, as letters (see tests/security/test_authorization_matrix.py).
ANSWERS = {"O": 200, "L": 302, "R": 302, "F": 403, "N": 404, "M": 405, "B": 400, "C": 409}
SIGN_IN_PATHS = ("/accounts/login/", "/admin/login/")


def answer(response) -> str:
    """The letter of a response: a redirect to a sign-in page (L) or elsewhere (R), else by status code."""
    if response.status_code in (301, 302):
        return "L" if response["Location"].startswith(SIGN_IN_PATHS) else "R"
    letters = {code: letter for letter, code in ANSWERS.items() if letter not in "LR"}
    return letters.get(response.status_code, str(response.status_code))


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


class _Undo(Exception):
    pass


def ask(client: Client, method: str, url: str, data: dict | None = None) -> str:
    """One request whose database writes are rolled back, so no answer depends on the requests before it."""
    cache.clear()  # allauth's rate limits count in the cache
    session = client.cookies.get("sessionid")
    result = "?"
    with contextlib.suppress(_Undo), transaction.atomic():
        try:
            response = client.get(url, data) if method == "GET" else client.post(url, data or {})
        except Exception as exc:  # noqa: BLE001 - a crash is an answer too, and no test allows it
            result = f"500 ({type(exc).__name__}: {exc})"
        else:
            result = answer(response)
            if getattr(response, "streaming", False):
                # Read it to the end: the test client's wrapper then closes the file without the
                # request_finished handler that would close the database connection mid-transaction.
                b"".join(response.streaming_content)
        raise _Undo
    if session is not None:  # a sign-out or a new session key was rolled back with the rest: keep the old one
        client.cookies["sessionid"] = session.value
    return result
