"""The judging demo (cct-2026): `demo_data` runs once (twice, to check it is idempotent) for the module."""

import io
import os
import re
import stat
from collections import defaultdict
from itertools import combinations
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from awards.audit import audit_verify
from awards.demo_content import DEMO_TOTP_SECRET
from awards.models import AuditEvent, Category, Company, CompanyContact, Edition, Entry, NdaAcceptance, NdaVersion
from judging import sealing
from judging.models import (
    Assignment,
    ConflictDeclaration,
    Criterion,
    Judge,
    KeyCeremony,
    KeyHolder,
    PanelMember,
    Round,
    Rubric,
    ScorecardDraft,
    SealedScorecard,
    SiteVisit,
    SiteVisitItem,
)
from judging.services.scoring import scorecard_info
from judging.tally import CategorySpec, Scorecard, tally_edition
from judging.tally import Rubric as TallyRubric
from tests.factories import sign_in

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

LOGIN_ROW = re.compile(
    r"^\| (?P<role>.+?) +\| (?P<email>\S+@\S+) +\| (?P<password>\S+) +\| (?P<two_factor>.+?) +\|$"
)
MODELS = (
    Edition, Category, NdaVersion, Company, CompanyContact, Entry, NdaAcceptance, AuditEvent, get_user_model(),
    EmailAddress, Judge, ConflictDeclaration, Round, Rubric, Criterion, PanelMember, Assignment, KeyCeremony,
    KeyHolder, ScorecardDraft, SealedScorecard, SiteVisitItem, SiteVisit,
)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def _run(shares_dir) -> str:
    out = io.StringIO()
    call_command("demo_data", "--shares-dir", str(shares_dir), stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Run demo_data twice in one transaction that is rolled back after the module's tests."""
    shares_dir = tmp_path_factory.mktemp("demo") / "shares"
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with mock.patch.dict(os.environ, clear=False) as environ:
                environ.pop("PORT", None)
                environ.pop("DJANGO_SITE_URL", None)
                first = _run(shares_dir)
                counts = _counts()
                files = {path.name: path.read_text() for path in shares_dir.iterdir()}
                environ["PORT"] = "8111"  # served on another port, DJANGO_SITE_URL left at its default
                second = _run(shares_dir)
            yield {
                "first": first, "second": second, "counts": counts, "files": files, "shares_dir": shares_dir,
                "edition": Edition.objects.get(slug="cct-2026"),
            }
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _logins(output: str) -> list[tuple[str, str, str]]:
    return [
        (m["role"], m["email"], m["password"])
        for line in output.splitlines()
        if (m := LOGIN_ROW.match(line)) and m["email"] != "E-mail"
    ]


def test_a_second_run_changes_nothing_and_keeps_the_key_and_the_share_files(demo):
    assert _counts() == demo["counts"]
    assert SealedScorecard.objects.filter(edition=demo["edition"]).count() == 256
    assert KeyCeremony.objects.filter(edition=demo["edition"]).count() == 1
    assert {path.name: path.read_text() for path in demo["shares_dir"].iterdir()} == demo["files"]
    assert "cct-2026-share-1.txt: kept" in demo["second"]
    assert _logins(demo["second"]) == _logins(demo["first"])
    assert audit_verify().ok


def test_the_edition_is_open_for_judging_with_its_award_night_set(demo):
    edition = demo["edition"]
    now = timezone.now()
    assert (edition.name, edition.year, edition.state) == (
        "Call Center Terbaik Indonesia 2026", 2026, Edition.State.JUDGING,
    )
    assert edition.registration_opens < edition.registration_closes < edition.judging_opens < now
    assert now < edition.judging_closes < edition.award_night
    assert edition.venue and edition.chair_name and edition.chair_title
    assert edition.organiser_name and edition.organiser_title
    for audience in NdaVersion.Audience.values:
        version = NdaVersion.objects.get(edition=edition, audience=audience)
        assert version.is_published and "2026" in version.text_en and "2027" not in version.text_id


def test_categories_and_rubrics_give_about_49_awards(demo):
    categories = list(demo["edition"].categories.all())
    modes = defaultdict(list)
    for category in categories:
        modes[category.award_mode].append(category.code)
    assert (len(modes["places"]), modes["medals"]) == (15, ["technology"])
    assert {category.min_judges for category in categories} == {3, 4, 5}
    for category in categories:
        rubric = category.rubrics.get(round=None)
        assert sum(rubric.weights.values()) == 100
        criteria = list(rubric.criteria.all())
        per_area = defaultdict(int)
        for criterion in criteria:
            per_area[criterion.area] += 1
            assert len(criterion.descriptors_id) == len(criterion.descriptors_en) == 4
            assert criterion.name_id and criterion.name_en
        assert dict(per_area) == {"infrastructure": 3, "technology": 3, "communication": 3, "people": 3}
        assert rubric.frozen_at is not None  # its first scorecard is sealed
    # some categories weigh the areas differently
    assert {c.rubrics.get(round=None).weight_people for c in categories} > {25}


def test_participants_signed_and_submitted_their_entries(demo):
    edition = demo["edition"]
    entries = Entry.objects.filter(category__edition=edition)
    assert entries.count() == 75
    assert set(entries.values_list("status", flat=True)) == {Entry.Status.SUBMITTED}
    per_category = defaultdict(int)
    for code in entries.values_list("category__code", flat=True):
        per_category[code] += 1
    assert len(per_category) == 16 and min(per_category.values()) >= 3 and max(per_category.values()) <= 6
    companies = Company.objects.filter(entries__category__edition=edition).distinct()
    assert companies.count() == 29
    signed = set(
        NdaAcceptance.objects.filter(version__edition=edition, version__audience="participant")
        .values_list("company_id", flat=True)
    )
    assert signed == set(companies.values_list("pk", flat=True))
    corporate = entries.filter(category__kind=Category.Kind.CORPORATE)
    assert all(entry.narrative_people and entry.first_contact_resolution for entry in corporate)
    assert all(entry.nominee_name for entry in entries.filter(category__kind=Category.Kind.INDIVIDUAL))
    for entry in corporate.filter(category__seat_class__gt=""):
        assert entry.company.seat_class == entry.category.seat_class, entry
    contacts = CompanyContact.objects.filter(company__in=companies).select_related("user")
    assert all(EmailAddress.objects.filter(user=c.user, email=c.user.email, verified=True).exists() for c in contacts)


def test_every_entry_has_enough_unconflicted_judges_and_the_load_is_balanced(demo):
    edition = demo["edition"]
    final = Round.objects.get(edition=edition)
    assert (final.number, final.is_final) == (1, True)
    judges = list(Judge.objects.filter(edition=edition).select_related("user"))
    assert len(judges) == 14
    assert {judge.kind for judge in judges} == {Judge.Kind.PRACTITIONER, Judge.Kind.ACADEMIC}
    judge_nda = NdaVersion.objects.get(edition=edition, audience="judge")
    assert NdaAcceptance.objects.filter(version=judge_nda).count() == 14
    conflicts = set(ConflictDeclaration.objects.filter(judge__edition=edition).values_list("judge_id", "company_id"))
    relations = set(ConflictDeclaration.objects.filter(judge__edition=edition).values_list("relation", "automatic"))
    assert relations == {("email_domain", True), ("adviser", False), ("former_employee", False)}
    panel = set(PanelMember.objects.filter(category__edition=edition).values_list("category_id", "judge_id"))
    per_entry, load = defaultdict(int), defaultdict(int)
    for assignment in Assignment.objects.filter(round=final).select_related("entry"):
        assert (assignment.judge_id, assignment.entry.company_id) not in conflicts
        assert (assignment.entry.category_id, assignment.judge_id) in panel
        per_entry[assignment.entry] += 1
        load[assignment.judge_id] += 1
    for entry in Entry.objects.filter(category__edition=edition).select_related("category"):
        assert per_entry[entry] >= entry.category.min_judges, entry
    assert len(load) == 14 and max(load.values()) - min(load.values()) <= 12
    # The conflicted judges sit on panels with their companies' entries: the assigner kept them away.
    assert any((entry.category_id, judge) in panel for judge, company in conflicts
               for entry in Entry.objects.filter(company_id=company, category__edition=edition))


def test_every_assignment_has_exactly_one_latest_sealed_scorecard(demo):
    edition = demo["edition"]
    assigned = sorted(Assignment.objects.filter(round__edition=edition).values_list("entry_id", "judge_id"))
    sealed = sorted(
        SealedScorecard.objects.filter(edition=edition, is_latest=True).values_list("entry_id", "judge_id")
    )
    assert sealed == assigned
    assert SealedScorecard.objects.filter(edition=edition).count() == len(assigned) == 256
    assert not ScorecardDraft.objects.filter(round__edition=edition).exists()


def _open_all(edition, private_key) -> list[tuple[SealedScorecard, dict]]:
    opened = []
    cards = SealedScorecard.objects.filter(edition=edition, is_latest=True).select_related("round", "judge", "entry")
    for card in cards:
        ciphertext = bytes(card.ciphertext)
        assert sealing.receipt_of(ciphertext) == card.receipt
        info = scorecard_info(
            edition=edition, round=card.round, judge=card.judge, entry=card.entry, version=card.version
        )
        opened.append((card, sealing.scorecard_decrypt(ciphertext=ciphertext, private_key=private_key, info=info)))
    return opened


def _tally(edition, opened):
    specs, rubrics = [], {}
    for category in edition.categories.all():
        rubric = category.rubrics.get(round=None)
        criteria = defaultdict(list)
        for criterion in rubric.criteria.all():
            criteria[criterion.area].append(criterion.code)
        rubrics[category.code] = TallyRubric.build(
            criteria=criteria, weights={str(area): weight for area, weight in rubric.weights.items()}
        )
        medals = {}
        if category.award_mode == Category.AwardMode.MEDALS:
            medals = {kind: getattr(category, f"{kind}_threshold") for kind in ("platinum", "gold", "silver", "bronze")}
        specs.append(CategorySpec(
            code=category.code,
            entries=tuple(category.entries.values_list("pk", flat=True)),
            award_mode=category.award_mode,
            min_scorecards=category.min_judges,
            medal_thresholds=medals,
            tie_break_order=tuple(rubric.tie_break_areas),
        ))
    cards = [
        Scorecard(judge=card.judge.pseudonym, entry=card.entry_id, scores=payload["scores"]) for card, payload in opened
    ]
    return tally_edition(categories=specs, rubrics=rubrics, scorecards=cards)


def test_two_share_files_open_every_scorecard_and_the_tally_gives_49_awards_with_close_calls(demo):
    edition = demo["edition"]
    ceremony = KeyCeremony.objects.get(edition=edition, is_active=True)
    holders = list(ceremony.holders.select_related("user"))
    assert (ceremony.threshold, ceremony.holders_count) == (2, 3)
    assert [(h.index, h.user.email) for h in holders] == [
        (1, "organiser@cct-awards.example"), (2, "keyholder1@cct-awards.example"), (3, "keyholder2@cct-awards.example"),
    ]
    assert all(h.encrypted_share and h.public_key for h in holders)  # stored only encrypted to holder keys
    shares = {}
    for holder in holders:
        path = demo["shares_dir"] / f"cct-2026-share-{holder.index}.txt"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        text = path.read_text()
        assert text.startswith(sealing.HOLDER_KEY_HEADER) and sealing.ENCRYPTED_SHARE_HEADER in text
        material = sealing.holder_material_parse(text)
        assert bytes(holder.encrypted_share) == material.encrypted.ciphertext
        shares[holder.index] = sealing.share_decrypt(encrypted=material.encrypted, private_key=material.private_key)
        assert sealing.share_matches_commitment(share=shares[holder.index], commitment=holder.commitment)
    keys = [
        sealing.private_key_recover(
            shares=[shares[a], shares[b]], threshold=2, wrapped_private_key=bytes(ceremony.wrapped_private_key),
            public_key_bytes=bytes(ceremony.public_key),
        )
        for a, b in combinations(sorted(shares), 2)
    ]
    assert len({key.private_bytes_raw() for key in keys}) == 1

    opened = _open_all(edition, keys[0])
    assert len(opened) == 256
    for card, payload in opened:
        assert (payload["edition"], payload["round"], payload["entry"], payload["judge"], payload["version"]) == (
            "cct-2026", 1, card.entry_id, card.judge.pseudonym, 1,
        )
        assert all(1 <= value <= 10 for value in payload["scores"].values()) and payload["comment"]
    assert len({tuple(sorted(payload["scores"].items())) for _card, payload in opened}) > 200  # varied scores

    result = _tally(edition, opened)
    awards = [award for category in result.categories for _entry, award in category.awards]
    assert len(awards) == 49
    assert sorted(award for _entry, award in result.category("technology").awards) == [
        "bronze", "gold", "platinum", "silver",
    ]
    close_calls = [row for category in result.categories for row in category.rows if row.close_call and row.award]
    assert close_calls
    assert not [row for category in result.categories for row in category.rows if row.flags]  # none too thin


def test_every_printed_login_can_log_in(demo):
    logins = _logins(demo["first"])
    roles = [role.split(" (")[0].split(":")[0].split(",")[0] for role, _email, _password in logins]
    assert roles.count("Judge") == 14 and roles.count("Key holder") == 2
    assert ("Participant", "arief.wibisono@bankmandala.example") in [
        (role, email) for role, (_r, email, _p) in zip(roles, logins, strict=True)
    ]
    assert "Key file of key holder 1 (organiser@cct-awards.example), with their encrypted share, written to" in (
        demo["first"]
    )
    two_factor = {m["email"]: m["two_factor"] for line in demo["first"].splitlines() if (m := LOGIN_ROW.match(line))}
    for role, email, _password in logins:
        privileged = role.startswith(("Judge", "Key holder", "Organiser", "Administrator"))
        assert two_factor[email] == ("authenticator app" if privileged else "-"), (role, email)
    assert f"secret is {DEMO_TOTP_SECRET}" in demo["first"]
    for _role, email, password in logins:
        client = Client()
        response = sign_in(client, email=email, password=password, totp_secret=DEMO_TOTP_SECRET)
        assert response.status_code == 302 and "/accounts/" not in response["Location"], email
        assert client.get(reverse("home")).context["user"].email == email


def test_a_demo_judge_sees_their_sealed_assignments(demo, client):
    judge = Judge.objects.get(edition=demo["edition"], user__email="ratna.wijayanti@unr.example")
    client.force_login(judge.user)
    response = client.get(reverse("judging:workspace"))
    assert response.status_code == 200
    receipts = SealedScorecard.objects.filter(judge=judge, is_latest=True).values_list("receipt", flat=True)
    content = response.content.decode()
    assert receipts and all(receipt[:12] in content for receipt in receipts)


def test_the_printed_address_is_the_port_served_and_a_wrong_site_url_is_warned_about(demo):
    assert "Log in at http://127.0.0.1:8000/accounts/login/" in demo["first"]
    assert "DJANGO_SITE_URL is" not in demo["first"]
    assert "Log in at http://127.0.0.1:8111/accounts/login/" in demo["second"]
    assert (
        "DJANGO_SITE_URL is http://127.0.0.1:8000, not http://127.0.0.1:8111: the links in e-mails and the "
        "certificates' QR codes would lead there. Set DJANGO_SITE_URL=http://127.0.0.1:8111"
    ) in demo["second"]


def test_the_two_round_edition_has_its_desk_round_sealed_and_shortlisted_and_its_finals_in_judging(demo):
    from judging.models import CategoryRound, Finalist, RoundKey, RoundSeal
    from judging.selectors.rounds import rounds_of, scoring_round

    edition = Edition.objects.get(slug="cct-2026-dua-babak")
    assert edition.state == Edition.State.JUDGING
    desk, final = (standing for standing in rounds_of(edition=edition))
    assert (desk.round.weight, desk.sealed, desk.shortlisted) == (30, True, True)
    assert (final.round.weight, final.sealed, final.phase.scoring_open) == (70, False, True)
    assert scoring_round(edition=edition) == final.round
    seal = RoundSeal.objects.get(round=desk.round)
    assert seal.count == SealedScorecard.objects.filter(round=desk.round, is_latest=True).count() > 0
    assert RoundKey.objects.filter(round=desk.round).count() == 1
    assert CategoryRound.objects.filter(round=desk.round, blind=True).count() == 1
    finalists = Finalist.objects.filter(round=desk.round)
    per_category = {category.pk: finalists.filter(entry__category=category).count()
                    for category in edition.categories.all()}
    assert all(1 <= count <= 6 for count in per_category.values()), per_category
    finals = Assignment.objects.filter(round=final.round)
    assert set(finals.values_list("entry_id", flat=True)) == set(finalists.values_list("entry_id", flat=True))
    assert not SealedScorecard.objects.filter(round=final.round).exists()
    assert "Edition cct-2026-dua-babak: Call Center Terbaik Indonesia 2026 (dua babak) (" in demo["first"]
    assert "two rounds: desk round sealed" in demo["first"]
    assert (demo["shares_dir"] / "cct-2026-dua-babak-share-1.txt").exists()


def test_the_finals_day_shows_what_the_finalists_gave(demo):
    """Every scheduled finalist named its presenters and all but every third uploaded a presentation, so the
    organiser's finals page shows both and the checklist what is still missing."""
    from awards.checklist import edition_checklist
    from judging.finals.models import FinalsPresentation, FinalsSlot

    edition = Edition.objects.get(slug="cct-2026-dua-babak")
    slots = FinalsSlot.objects.filter(day__round__edition=edition).count()
    given = FinalsPresentation.objects.filter(day__round__edition=edition)
    assert given.exclude(presenters="").count() == slots > 0
    missing = slots // 3
    assert given.exclude(file="").count() == slots - missing
    step = next(step for step in edition_checklist(edition=edition) if step.key == "finals_day")
    assert step.problems == (f"{missing} finalists have not uploaded their final presentation yet.",)
    assert f"{slots - missing} final presentations uploaded" in demo["first"]


def test_the_two_round_edition_has_an_assessor_with_sealed_calls_to_every_finalist(demo, client):
    from judging.models import Assessor, CallLog, Finalist

    edition = Edition.objects.get(slug="cct-2026-dua-babak")
    assessor = Assessor.objects.get(edition=edition)
    finalists = set(Finalist.objects.filter(round__edition=edition).exclude(
        entry__category__kind=Category.Kind.INDIVIDUAL).values_list("entry_id", flat=True))
    logs = CallLog.objects.filter(assessor=assessor)
    assert set(logs.values_list("entry_id", flat=True)) == finalists
    assert logs.count() == 4 * len(finalists)
    assert all(Entry.objects.get(pk=pk).mystery_call_numbers for pk in finalists)
    assert f"{logs.count()} sealed mystery-call logs and " in demo["first"]
    client.force_login(assessor.user)
    page = client.get("/judging/assessor/").content.decode()
    assert logs.first().receipt in page


def test_the_two_round_edition_has_site_visit_checklists_and_a_sealed_visit_in_every_finals_category(demo, client):
    """Every corporate category has the demo checklist; the assessor sealed one visit to a finalist of each, the
    organiser's assessors page counts them, and after the reveal the results and the feedback reports show them."""
    from judging.demo_calls import CHECKLIST
    from judging.models import Assessor, SiteVisit, SiteVisitItem
    from judging.services.feedback import feedback_context, feedback_data

    edition = Edition.objects.get(slug="cct-2026-dua-babak")
    corporate = edition.categories.exclude(kind=Category.Kind.INDIVIDUAL)
    for category in corporate:
        items = SiteVisitItem.objects.filter(category=category).order_by("position")
        assert [(item.code, item.label_en, item.label_id) for item in items] == list(CHECKLIST)
    assert not SiteVisitItem.objects.filter(category__edition=edition, category__kind=Category.Kind.INDIVIDUAL)
    assessor = Assessor.objects.get(edition=edition)
    visits = SiteVisit.objects.filter(assessor=assessor)
    assert sorted(visits.values_list("entry__category__code", flat=True)) == sorted(
        corporate.values_list("code", flat=True)
    )
    assert f"and {visits.count()} sealed site visits by the assessor" in demo["first"]

    client.force_login(get_user_model().objects.get(username="organiser@cct-awards.example"))
    page = client.get(reverse("judging:assessors", args=[edition.slug])).content.decode()
    logs = assessor.call_logs.count()
    assert f'<td class="text-end">{logs}</td><td class="text-end">{visits.count()}</td>' in page

    # Sealed and revealed as the README says (in a savepoint, so the other tests still find the finals open): the
    # results page and each visited entrant's feedback report show the checklist figures.
    with transaction.atomic():
        shares = [str(demo["shares_dir"] / f"{edition.slug}-share-{index}.txt") for index in (1, 2)]
        call_command("seal", edition.slug, stdout=io.StringIO())
        call_command("reveal", edition.slug, "--share-file", shares[0], "--share-file", shares[1], stdout=io.StringIO())
        page = client.get(reverse("judging:results", args=[edition.slug]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Site visits: checklist met" in page
        assert page.count("items, 1 visit") == visits.count()
        reports = feedback_data(edition=edition)
        for visit in visits:
            rows = feedback_context(report=reports[visit.entry_id])["visit_rows"]
            assert [(row["label_en"], row["label_id"]) for row in rows] == [item[1:] for item in CHECKLIST]
            assert all(row["met"] + row["not_met"] + row["not_seen"] == 1 for row in rows)
        assert sum(row["met"] for visit in visits for row in feedback_context(report=reports[visit.entry_id])[
            "visit_rows"]) < len(CHECKLIST) * visits.count()  # not every item met everywhere
        transaction.set_rollback(True)
