"""Object-level access: an object id in a URL asked for by the wrong company, judge, holder or edition is a 404.

One cast (the fixture `cast`, tests/cast.py) takes part in several editions at once: registration, judging, sealed,
revealed (results exist, not yet published) and published, whose key is held by another holder. Each case
names an object, the answer its owner gets (so the 404 below is not a page that is 404 for everyone) and
who asks for it wrongly: another company, another judge (conflicted, or on the panel but not assigned),
the holder of another edition's key, or the owner through another edition's URL. For GET and for POST
(empty body, unless the case gives one) the wrong asker gets 404; where the page does not take the method
at all, everyone gets the same 405, whatever the id.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.urls import reverse

from awards.models import AuditEvent, NdaAcceptance
from judging.models import Assignment, KeyHolder, PanelMember
from tests.cast import sign_judge_nda
from tests.factories import ContactFactory, JudgeFactory, UserFactory
from tests.security import access as w

pytestmark = pytest.mark.django_db


@pytest.fixture
def worlds(cast, edition_in):
    cast.colleague_a = ContactFactory(company=cast.company_a, full_name="Rekan Alfa").user
    cast.other_holder = UserFactory(first_name="Pemegang", last_name="Lain", two_factor=True)
    found = SimpleNamespace(
        cast=cast,
        draft=edition_in("draft"),
        registration=edition_in("registration"),
        judging=edition_in("judging"),
        sealed=edition_in("sealed"),
        revealed=edition_in("revealed"),
        published=edition_in("published", holders=[cast.other_holder, *cast.holders[1:]]),
    )
    unassigned = JudgeFactory(edition=found.judging.edition, full_name="Juri Tiga")
    sign_judge_nda(unassigned)
    cast.unassigned_judge = unassigned.user  # on the judging edition's panel, assigned nothing, on no other panel
    return found


@dataclass
class Case:
    what: str
    url: str
    owner: object
    owner_answers: str  # the owner's answer to GET, then to POST (letters of world.ANSWERS)
    wrong: list[tuple[str, str, object]]  # (who, url, user)
    data: dict = field(default_factory=dict)
    methods: tuple[str, ...] = ("GET", "POST")


def check(cases: list[Case]) -> list[str]:
    clients = {}

    def client(user):
        if user.pk not in clients:
            clients[user.pk] = w.client_for(user)
        return clients[user.pk]

    problems = []
    for case in cases:
        for method in case.methods:
            want = case.owner_answers[("GET", "POST").index(method)]
            mine = w.ask(client(case.owner), method, case.url, case.data)
            if mine != want:
                problems.append(f"{case.what}, {method} {case.url} by its owner: expected {want}, got {mine}")
            for who, url, user in case.wrong:
                theirs = w.ask(client(user), method, url, case.data)
                should = "M" if want == "M" else "N"
                if theirs != should:
                    problems.append(f"{case.what}, {method} {url} by {who}: expected {should}, got {theirs}")
    return problems


def test_a_companys_objects_are_404_for_another_company_and_outside_their_edition(worlds):
    cast, reg, jud, rev, pub = worlds.cast, worlds.registration, worlds.judging, worlds.revealed, worlds.published
    other = ("participant B (another company)", cast.participant_b)

    def entry_case(name, world, answers, what=None, obj="entry_a"):
        url = reverse(name, args=[getattr(world, obj).pk])
        return Case(what or name, url, cast.participant_a, answers, [(other[0], url, other[1])])

    judge_nda = NdaAcceptance.objects.get(user=cast.alice, version__edition=jud.edition)
    cases = [
        entry_case("awards:entry_edit", reg, "OB"),
        entry_case("awards:entry_submit", reg, "OR"),
        entry_case("awards:entry_withdraw", jud, "RR"),
        entry_case("awards:entry_delete", reg, "OR"),
        entry_case("awards:entry_receipt", jud, "OM", "the entry receipt PDF"),
        entry_case("awards:document_upload", reg, "MB"),
        entry_case("awards:document_download", reg, "OM", obj="document_a"),
        entry_case("awards:document_delete", reg, "OR", obj="document_a"),
        Case(
            "a signed NDA copy",
            reverse("awards:nda_pdf", args=[jud.nda_a.pk]),
            cast.participant_a,
            "OM",
            [
                (*other[:1], reverse("awards:nda_pdf", args=[jud.nda_a.pk]), other[1]),
                ("a judge", reverse("awards:nda_pdf", args=[jud.nda_a.pk]), cast.alice),
            ],
        ),
        # the NDA binds the company: the signer's colleagues may download the copy too
        Case("a signed NDA copy, by a colleague of the signer", reverse("awards:nda_pdf", args=[jud.nda_a.pk]),
             cast.colleague_a, "OM", []),
        Case(
            "a judge's signed agreement",
            reverse("awards:nda_pdf", args=[judge_nda.pk]),
            cast.alice,
            "OM",
            [
                ("a participant", reverse("awards:nda_pdf", args=[judge_nda.pk]), cast.participant_a),
                ("another judge", reverse("awards:nda_pdf", args=[judge_nda.pk]), cast.bob),
            ],
        ),
        Case(
            "a certificate",
            reverse("awards:certificate_pdf", args=[pub.award_a.certificate_code]),
            cast.participant_a,
            "OM",
            [
                (*other[:1], reverse("awards:certificate_pdf", args=[pub.award_a.certificate_code]), other[1]),
                (
                    "its own company, for an edition revealed but not published",
                    reverse("awards:certificate_pdf", args=[rev.award_a.certificate_code]),
                    cast.participant_a,
                ),
            ],
        ),
        Case(
            "a feedback report",
            reverse("judging:feedback_pdf", args=[pub.entry_a.pk]),
            cast.participant_a,
            "OM",
            [
                (*other[:1], reverse("judging:feedback_pdf", args=[pub.entry_a.pk]), other[1]),
                (
                    "its own company, for an edition revealed but not published",
                    reverse("judging:feedback_pdf", args=[rev.entry_a.pk]),
                    cast.participant_a,
                ),
                ("the judge who scored it", reverse("judging:feedback_pdf", args=[pub.entry_a.pk]), cast.alice),
            ],
        ),
        Case(
            "a category to enter",
            reverse("awards:entry_create", args=[reg.category.pk]),
            cast.participant_a,
            "OO",
            [
                (
                    "a participant, for a category of an edition still in draft",
                    reverse("awards:entry_create", args=[worlds.draft.category.pk]),
                    cast.participant_a,
                )
            ],
        ),
    ]
    assert check(cases) == []


def test_an_entry_is_404_for_a_judge_it_is_not_assigned_to_or_conflicted_with(worlds):
    cast, jud, pub, rev = worlds.cast, worlds.judging, worlds.published, worlds.revealed
    wrong_judges = [
        ("the conflicted judge", cast.bob),
        ("a judge on the panel not assigned to it", cast.unassigned_judge),
        ("its own entrant", cast.participant_a),
        ("an organiser", cast.organiser),
    ]

    def judge_case(name, answers, obj="entry_a"):
        url = reverse(name, args=[getattr(jud, obj).pk])
        return Case(name, url, cast.alice, answers, [(who, url, user) for who, user in wrong_judges])

    proof = reverse("judging:inclusion_proof", args=[pub.edition.slug, pub.scorecard_a.receipt])
    cases = [
        judge_case("judging:entry", "OM"),
        judge_case("judging:document", "OM", obj="document_a"),
        judge_case("judging:document_view", "OM", obj="document_a"),
        judge_case("judging:scorecard", "OR"),  # its scorecard is sealed: a draft is refused, back to it
        judge_case("judging:scorecard_autosave", "MC"),
        judge_case("judging:scorecard_review", "RR"),
        judge_case("judging:receipt", "OM"),
        judge_case("judging:recuse", "OC"),
        Case(
            "an inclusion proof of a receipt",
            proof,
            cast.alice,
            "OM",
            [
                ("another judge of the edition", proof, cast.bob),
                ("the key holder", proof, cast.holders[0]),
                (
                    "its own judge, through another sealed edition's URL",
                    reverse("judging:inclusion_proof", args=[rev.edition.slug, pub.scorecard_a.receipt]),
                    cast.alice,
                ),
            ],
        ),
        Case(
            "a conflict declaration",
            reverse("judging:conflict_withdraw", args=[jud.edition.slug, jud.conflict.pk]),
            cast.bob,
            "MR",
            [
                (
                    "another judge of the edition",
                    reverse("judging:conflict_withdraw", args=[jud.edition.slug, jud.conflict.pk]),
                    cast.alice,
                ),
                (
                    "its own judge, through another edition's URL",
                    reverse("judging:conflict_withdraw", args=[pub.edition.slug, jud.conflict.pk]),
                    cast.bob,
                ),
            ],
        ),
        *(
            Case(
                f"{name} of an edition",
                reverse(name, args=[jud.edition.slug]),
                cast.unassigned_judge,
                "OO",
                [
                    (
                        "a judge of another edition's panel",
                        reverse(name, args=[pub.edition.slug]),
                        cast.unassigned_judge,
                    ),
                    ("a participant", reverse(name, args=[jud.edition.slug]), cast.participant_a),
                ],
            )
            for name in ("judging:agreement", "judging:conflicts")
        ),
    ]
    assert check(cases) == []


def test_a_key_share_and_a_ceremony_are_404_for_the_holder_of_another_editions_key(worlds):
    cast, sealed, pub = worlds.cast, worlds.sealed, worlds.published
    share = reverse("judging:my_share", args=[sealed.ceremony.pk])
    ceremony = reverse("judging:ceremony", args=[sealed.edition.slug])
    cases = [
        Case(
            "a key holder's share page",
            share,
            cast.holders[0],
            "OR",
            [
                ("the holder of another edition's key", share, cast.other_holder),
                ("an organiser who holds no share", share, cast.organiser),
                (
                    "a holder, for another edition's ceremony",
                    reverse("judging:my_share", args=[pub.ceremony.pk]),
                    cast.holders[0],
                ),
            ],
        ),
        Case(
            "the reveal ceremony of a sealed edition",
            ceremony,
            cast.holders[0],
            "OO",
            [
                ("the holder of another edition's key", ceremony, cast.other_holder),
                (
                    "a holder, for an edition whose key they do not hold",
                    reverse("judging:ceremony", args=[pub.edition.slug]),
                    cast.holders[0],
                ),
            ],
        ),
    ]
    assert check(cases) == []


def test_a_share_check_never_checks_another_holders_share(client, worlds):
    """The share check takes the holding from the form, among the user's own: another holder's holding is
    refused exactly like one that does not exist, and nothing is checked or logged."""
    cast, pub = worlds.cast, worlds.published
    theirs = KeyHolder.objects.get(ceremony=pub.ceremony, user=cast.other_holder)
    url = reverse("judging:share_check")
    client.force_login(cast.holders[0])
    before = AuditEvent.objects.filter(action="keys.share_checked").count()
    answers = {}
    for label, holding in (("theirs", theirs.pk), ("missing", 10**9)):
        response = client.post(url, {"holding": holding, "share_text": pub.share_texts[0]})
        answers[label] = (response.status_code, response.context["form"].errors.as_data()["holding"][0].code)
    assert answers["theirs"] == answers["missing"] == (200, "invalid_choice")
    assert AuditEvent.objects.filter(action="keys.share_checked").count() == before
    theirs.refresh_from_db()
    assert theirs.last_checked_at is None
    # Their own holder can check it, which is what the refusal above is not.
    client.force_login(cast.other_holder)
    response = client.post(url, {"holding": theirs.pk, "share_text": pub.share_texts[0]})
    assert response.status_code == 200 and response.context["result"] is True


def test_an_organiser_asking_for_another_editions_object_through_an_editions_url_gets_404(worlds):
    cast, reg, pub = worlds.cast, worlds.registration, worlds.published
    for world in (reg, pub):
        PanelMember.objects.create(category=world.category, judge=world.alice)
    jud = worlds.judging
    own_assignment = Assignment.objects.filter(round__edition=jud.edition).first()
    theirs_assignment = Assignment.objects.filter(round__edition=pub.edition).first()
    own_member = PanelMember.objects.create(category=jud.category, judge=jud.alice)
    theirs_member = PanelMember.objects.get(category=pub.category)
    unassign = reverse("judging:assignments_unassign", args=[jud.edition.slug])
    member_remove = reverse("judging:assignments_member_remove", args=[jud.edition.slug])
    cases = [
        Case(
            "a category's rubric",
            reverse("judging:rubric", args=[reg.edition.slug, reg.category.code]),
            cast.organiser,
            "OO",
            [
                (
                    "an organiser, with another edition's category",
                    reverse("judging:rubric", args=[reg.edition.slug, pub.category.code]),
                    cast.organiser,
                )
            ],
        ),
        Case(
            "an assignment",
            unassign,
            cast.organiser,
            "-R",
            [("an organiser, with another edition's assignment", unassign, cast.organiser)],
            data={"assignment": own_assignment.pk},
            methods=("POST",),
        ),
        Case(
            "a panel membership",
            member_remove,
            cast.organiser,
            "-R",
            [("an organiser, with another edition's panel member", member_remove, cast.organiser)],
            data={"member": own_member.pk},
            methods=("POST",),
        ),
    ]
    problems = check(cases[:1])
    # The two POST cases differ only in the id they carry: the owner's request names this edition's object.
    for case, foreign in ((cases[1], {"assignment": theirs_assignment.pk}), (cases[2], {"member": theirs_member.pk})):
        organiser = w.client_for(cast.organiser)
        mine = w.ask(organiser, "POST", case.url, case.data)
        wrong = w.ask(organiser, "POST", case.url, {**case.data, **foreign})
        if (mine, wrong) != ("R", "N"):
            problems.append(f"{case.what}: own edition's answered {mine} (want R), another's {wrong} (want N)")
    assert problems == []


def test_an_organisers_page_is_403_for_other_roles_whatever_the_id(worlds):
    """Pages a role may not use at all answer 403 before looking the id up: no id tells anything."""
    cast, jud = worlds.cast, worlds.judging
    for user in (cast.alice, cast.participant_a, cast.holders[0]):
        client = w.client_for(user)
        for method in ("GET", "POST"):
            real = w.ask(client, method, reverse("judging:reopen", args=[jud.scorecard_a.pk]))
            missing = w.ask(client, method, reverse("judging:reopen", args=[10**9]))
            assert real == missing == "F", (user, method, real, missing)


def test_a_holder_cannot_enrol_or_see_the_enrolment_of_another_holder(client, worlds):
    """While a new key waits for its holders' keys, each holder's enrolment page is theirs alone: another
    holder (of this edition's current key, or of another edition) gets 404 and enrols nothing."""
    import base64

    from judging import sealing
    from judging.services.keys import key_ceremony_begin

    cast, reg = worlds.cast, worlds.registration
    mine = UserFactory(two_factor=True)
    unmade = key_ceremony_begin(
        edition=reg.edition, holders=[mine, *cast.holders[1:]], threshold=2, actor=cast.organiser, invite=False
    )
    url = reverse("judging:my_share", args=[unmade.pk])
    public = base64.b64encode(sealing.holder_key_generate().public_key().public_bytes_raw()).decode()
    for outsider in (cast.holders[0], cast.other_holder, cast.organiser):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.post(url, {"public_key": public}).status_code == 404
    assert not KeyHolder.objects.filter(ceremony=unmade, enrolled_at__isnull=False).exists()
    client.force_login(mine)
    assert client.get(url).status_code == 200
    assert client.post(url, {"public_key": public}).status_code == 302
    assert KeyHolder.objects.get(ceremony=unmade, user=mine).is_enrolled
