"""Assessors' mystery calls: joining, the call log form, sealing, the seal's root, the reveal's evidence,
verification, who sees what."""

import base64
import datetime as dt
import io
import json
import zipfile
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from awards.models import OutboxMessage
from config.outbox_crypto import body_decrypt
from judging import sealing
from judging.models import Assessor, AssessorConflict, CallLog, JudgeInvitation, Reveal
from judging.pack import PACK
from judging.services.assessors import assessor_conflict_declare, assessor_invite
from judging.services.call_logs import call_log_binding, call_log_submit
from judging.services.export import award_night_pack_build, pack_zip
from judging.services.panel import judge_join, token_hash
from judging.services.reveal import edition_reveal
from judging.services.seal import commitment_root, edition_seal, receipt_inclusion_proof
from judging.services.verification import pack_verify
from tests.cast import Cast, seal_scores, sign_judge_nda
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make_assessor(team, *, pseudonym="Assessor 01", username="asih@assessor.example.test", signed=True):
    user = UserFactory(username=username, two_factor=True)
    assessor = Assessor.objects.create(edition=team.edition, user=user, full_name="Asih Lestari", pseudonym=pseudonym)
    if signed:
        sign_judge_nda(SimpleNamespace(edition=team.edition, user=user, full_name=assessor.full_name, job_title=""))
    return assessor


def a_call(**overrides):
    call = {
        "called_at": timezone.now() - dt.timedelta(minutes=30),
        "channel": "phone",
        "answered": True,
        "answer_seconds": 18,
        "answered_by": "person",
        "resolved": True,
        "courtesy": 8,
        "accuracy": 7,
        "notes": "Friendly agent, knew the tariff.",
    }
    return {**call, **overrides}


@pytest.fixture
def team(world):
    team = world
    team.entry_a.service_level_percent, team.entry_a.service_level_seconds = 90, 20
    team.entry_a.average_speed_of_answer, team.entry_a.abandonment_rate = 10, 2
    team.entry_a.first_contact_resolution = 85
    team.entry_a.mystery_call_numbers = "+62 21 500 123"
    team.entry_a.save()
    team.assessor = make_assessor(team)
    return team


def reveal(team):
    seal_scores(world=team, judge=team.alice, entry=team.entry_a, round=team.round, value=7)
    seal = edition_seal(edition=team.edition, actor=team.organiser)
    edition_reveal(edition=team.edition, shares=team.share_texts[:2], actor=team.organiser)
    return seal


# --- Joining -----------------------------------------------------------------------------------------


def test_an_assessor_is_invited_and_joins_by_the_judges_link_with_the_assessors_profile(cast):
    team = cast.edition_in("registration", keys=False)
    invitation = assessor_invite(
        edition=team.edition, email="Budi@Mystery.example.test", full_name="Budi", invited_by=team.organiser
    )
    assert invitation.role == JudgeInvitation.Role.ASSESSOR
    message = OutboxMessage.objects.get(kind="panel.assessor_invitation")
    body = body_decrypt(message.body_encrypted)
    assert message.recipient == "budi@mystery.example.test" and "mystery calls" in body
    token = body.split("/join/")[1].split("/")[0]
    assert token_hash(token=token) == invitation.token_hash
    assessor = judge_join(
        token=token, password="a long enough passphrase 42", full_name="Budi  Santoso", organisation="Mystery Shop ID"
    )
    assert isinstance(assessor, Assessor)
    assert (assessor.pseudonym, assessor.full_name, assessor.organisation) == (
        "Assessor 01",
        "Budi Santoso",
        "Mystery Shop ID",
    )
    assert not team.edition.judges.filter(user=assessor.user).exists()  # an assessor is not a judge


# --- Sealing ------------------------------------------------------------------------------------------


def test_a_call_log_seals_on_submit_with_a_receipt_and_a_fixed_length(team):
    short = call_log_submit(assessor=team.assessor, entry=team.entry_a, call=a_call(notes=""), actor=None)
    long = call_log_submit(assessor=team.assessor, entry=team.entry_a, call=a_call(notes="ü" * 1000), actor=None)
    assert (short.number, long.number) == (1, 2)
    assert short.receipt == sealing.receipt_of(bytes(short.ciphertext))
    assert len(bytes(short.ciphertext)) == len(bytes(long.ciphertext))
    assert b"Friendly" not in bytes(long.ciphertext)


def test_the_sealed_log_opens_only_at_its_own_place(team):
    log = call_log_submit(assessor=team.assessor, entry=team.entry_a, call=a_call(), actor=None)
    reveal(team)
    key = sealing.private_key_from_pem(bytes(Reveal.objects.get(edition=team.edition).private_key_pem))
    info = call_log_binding(
        edition_slug=team.edition.slug,
        round_number=team.round.number,
        pseudonym="Assessor 01",
        entry_id=team.entry_a.pk,
        number=1,
    )
    content = sealing.call_log_decrypt(ciphertext=bytes(log.ciphertext), private_key=key, info=info)
    assert (content["answer_seconds"], content["courtesy"], content["notes"]) == (
        18,
        8,
        "Friendly agent, knew the tariff.",
    )
    moved = call_log_binding(
        edition_slug=team.edition.slug,
        round_number=team.round.number,
        pseudonym="Assessor 01",
        entry_id=team.entry_b.pk,
        number=1,
    )
    with pytest.raises(sealing.CallLogOpenError):
        sealing.call_log_decrypt(ciphertext=bytes(log.ciphertext), private_key=key, info=moved)
    scorecard_info = sealing.binding_info(
        edition=team.edition.slug, round=1, judge="Assessor 01", entry=team.entry_a.pk, version=1
    )
    with pytest.raises(sealing.ScorecardOpenError):
        sealing.scorecard_decrypt(ciphertext=bytes(log.ciphertext), private_key=key, info=scorecard_info)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"called_at": timezone.now() + dt.timedelta(hours=2)}, "The call cannot be in the future"),
        ({"called_at": timezone.now() - dt.timedelta(days=400)}, "more than 120 days old"),
        ({"answer_seconds": -3}, "whole number of seconds"),
        ({"answer_seconds": 7200}, "cannot be more than 3600 seconds"),
        ({"answered": False, "abandoned_after": 99999}, "cannot be more than 3600 seconds"),
        ({"courtesy": 11}, "rated from 1 to 10"),
        ({"answered_by": "robot"}, "a person or only the IVR"),
        ({"channel": "pigeon"}, "Choose the channel"),
        ({"notes": "bell \x07"}, "control characters"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(team, overrides, message):
    with pytest.raises(ValidationError) as refused:
        call_log_submit(assessor=team.assessor, entry=team.entry_a, call=a_call(**overrides), actor=None)
    assert message in " ".join(refused.value.messages)
    assert CallLog.objects.count() == 0


def test_a_conflicted_assessor_cannot_log_calls_to_that_company(team):
    assessor_conflict_declare(assessor=team.assessor, company=team.company_a, relation="employee")
    with pytest.raises(ValidationError, match="conflict of interest"):
        call_log_submit(assessor=team.assessor, entry=team.entry_a, call=a_call(), actor=None)
    assert CallLog.objects.count() == 0
    assert AssessorConflict.objects.get().company == team.company_a


def test_no_call_log_once_the_finals_round_is_sealed(team):
    edition_seal(edition=team.edition, actor=team.organiser)
    with pytest.raises(ValidationError, match="The finals round is sealed"):
        call_log_submit(assessor=team.assessor, entry=team.entry_a, call=a_call(), actor=None)
    assert CallLog.objects.count() == 0


# --- The seal, the reveal, the pack ----------------------------------------------------------------------


def test_the_seal_commits_to_the_call_logs_after_the_scorecards(team):
    logs = [call_log_submit(assessor=team.assessor, entry=team.entry_a, call=a_call(), actor=None) for _ in range(2)]
    card = seal_scores(world=team, judge=team.alice, entry=team.entry_a, round=team.round, value=7)
    seal = edition_seal(edition=team.edition, actor=team.organiser)
    assert seal.count == 3
    assert seal.root == commitment_root(receipts=[card.receipt, logs[0].receipt, logs[1].receipt])
    proof = receipt_inclusion_proof(seal=seal, receipt=card.receipt)
    assert (proof.leaf_index, proof.tree_size) == (0, 3)


def test_the_reveal_measures_each_entrant_beside_its_claims(team):
    call_log_submit(assessor=team.assessor, entry=team.entry_a, call=a_call(answer_seconds=10), actor=None)
    call_log_submit(
        assessor=team.assessor, entry=team.entry_a, call=a_call(answer_seconds=60, resolved=False), actor=None
    )
    call_log_submit(
        assessor=team.assessor, entry=team.entry_a, call=a_call(answered=False, abandoned_after=120), actor=None
    )
    reveal(team)
    evidence = Reveal.objects.get(edition=team.edition).results["evidence"]
    line = evidence["entries"][team.entry_a.reference]
    assert line["claimed"] == {
        "service_level_percent": "90.00",
        "service_level_seconds": "20",
        "average_speed_of_answer": "10",
        "abandonment_rate": "2.00",
        "first_contact_resolution": "85.00",
    }
    assert {
        key: line["measured"][key]
        for key in ("calls", "service_level", "average_speed_of_answer", "abandonment_rate", "resolution_rate")
    } == {
        "calls": 3,
        "service_level": "33.33",
        "average_speed_of_answer": "35.00",
        "abandonment_rate": "33.33",
        "resolution_rate": "50.00",
    }
    assert line["flagged"] == ["abandonment_rate", "average_speed_of_answer", "resolution_rate", "service_level"]
    assert evidence["entries"][team.entry_b.reference]["measured"] is None  # a finalist nobody called
    assert evidence["settings"][team.category.code] == {"threshold_seconds": 25, "target_percent": 85, "criterion": ""}


def test_an_edition_without_call_logs_has_no_evidence_section(team):
    reveal(team)
    assert "evidence" not in Reveal.objects.get(edition=team.edition).results


def _pack_files(pack: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(pack)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture
def pack(team, monkeypatch):
    from judging.services import export
    from judging.services.feedback import feedback_pdfs

    monkeypatch.setattr(export, "PACK_PARTS", [part for part in export.PACK_PARTS if part is not feedback_pdfs])
    call_log_submit(assessor=team.assessor, entry=team.entry_a, call=a_call(), actor=None)
    call_log_submit(
        assessor=team.assessor, entry=team.entry_b, call=a_call(answered=False, abandoned_after=45), actor=None
    )
    seal = reveal(team)
    team.seal = seal
    return award_night_pack_build(edition=team.edition)


def test_the_pack_carries_the_call_logs_and_verifies_against_the_published_root(team, pack):
    files = _pack_files(pack)
    logs = json.loads(files[PACK.call_logs_json])["call_logs"]
    assert [(log["entry"], log["assessor"], log["number"]) for log in logs] == [
        (team.entry_a.reference, "Assessor 01", 1),
        (team.entry_b.reference, "Assessor 01", 1),
    ]
    verdict = pack_verify(pack, expected_root=team.seal.root)
    assert verdict.ok, verdict.message


def test_verification_catches_a_changed_call_log(team, pack):
    files = _pack_files(pack)
    document = json.loads(files[PACK.call_logs_json])
    document["call_logs"][0]["content"]["answer_seconds"] = 3
    files[PACK.call_logs_json] = json.dumps(document).encode()
    verdict = pack_verify(pack_zip(files=files))
    assert not verdict.ok and "the listed content differs from the decrypted ciphertext" in verdict.message


def test_verification_catches_a_re_encrypted_call_log_by_the_published_root(team, pack):
    files = _pack_files(pack)
    document = json.loads(files[PACK.call_logs_json])
    results = json.loads(files[PACK.results_json])
    key = sealing.private_key_from_pem(files[PACK.edition_key])
    log = document["call_logs"][0]
    content = {**log["content"], "answer_seconds": 3}
    info = sealing.call_log_binding(
        edition=team.edition.slug,
        round=log["round"],
        assessor=log["assessor"],
        entry=log["entry_id"],
        number=log["number"],
    )
    ciphertext = sealing.call_log_encrypt(
        payload=content, public_key_bytes=key.public_key().public_bytes_raw(), info=info
    )
    log.update(
        ciphertext=base64.b64encode(ciphertext).decode(), receipt=sealing.receipt_of(ciphertext), content=content
    )
    files[PACK.call_logs_json] = json.dumps(document).encode()
    # The receipts no longer give the committed root; and a forger who also rewrote the commitment in
    # results.json is caught by the root published at the seal.
    verdict = pack_verify(pack_zip(files=files))
    assert not verdict.ok and "committed" in verdict.message
    receipts = [card["receipt"] for card in json.loads(files[PACK.scorecards_json])["scorecards"]]
    leaves = receipts + [item["receipt"] for item in document["call_logs"]]
    results["commitment"]["root"] = commitment_root(receipts=leaves)
    files[PACK.results_json] = json.dumps(results).encode()
    verdict = pack_verify(pack_zip(files=files), expected_root=team.seal.root)
    assert not verdict.ok and "differs from the one published at the seal" in verdict.message


def test_verification_catches_changed_measured_figures(team, pack):
    files = _pack_files(pack)
    results = json.loads(files[PACK.results_json])
    results["evidence"]["entries"][team.entry_a.reference]["measured"]["service_level"] = "99.00"
    files[PACK.results_json] = json.dumps(results).encode()
    verdict = pack_verify(pack_zip(files=files))
    assert not verdict.ok and "evidence" in verdict.message and "service_level" in verdict.message


# --- Who sees what ---------------------------------------------------------------------------------------


def test_the_assessor_sees_the_finalists_numbers_and_only_their_own_receipts(client, team):
    other = make_assessor(team, pseudonym="Assessor 02", username="other@assessor.example.test")
    theirs = call_log_submit(assessor=other, entry=team.entry_a, call=a_call(), actor=None)
    mine = call_log_submit(assessor=team.assessor, entry=team.entry_b, call=a_call(), actor=None)
    client.force_login(team.assessor.user)
    page = client.get(reverse("judging:assessor_home")).content.decode()
    assert "+62 21 500 123" in page and team.entry_b.company.legal_name in page
    assert mine.receipt in page and theirs.receipt not in page
    assert "Friendly agent" not in page


def test_the_call_log_form_seals_and_refuses_bad_input_with_field_messages(client, team):
    client.force_login(team.assessor.user)
    url = reverse("judging:call_log_new", args=[team.entry_a.pk])
    assert client.get(url).status_code == 200
    when = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    refused = client.post(url, {"called_at": when, "channel": "phone", "outcome": "answered"})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "The call cannot be in the future" in text and "Give the seconds it took to answer." in text
    assert CallLog.objects.count() == 0
    when = (timezone.localtime() - dt.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    sealed = client.post(
        url,
        {
            "called_at": when,
            "channel": "whatsapp",
            "outcome": "abandoned",
            "abandoned_after": "75",
            "notes": "Nobody answered.",
        },
    )
    assert sealed.status_code == 302 and sealed.url == reverse("judging:assessor_home")
    assert CallLog.objects.get().receipt in client.get(sealed.url).content.decode()


def test_an_unsigned_assessor_is_sent_to_the_judges_agreement_first(client, team):
    unsigned = make_assessor(team, pseudonym="Assessor 02", username="new@assessor.example.test", signed=False)
    client.force_login(unsigned.user)
    response = client.get(reverse("judging:assessor_home"))
    assert response.status_code == 302 and response.url.startswith(
        reverse("judging:agreement", args=[team.edition.slug])
    )
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize("who", ["judge", "organiser", "participant", "outsider"])
def test_no_one_else_finds_the_assessors_pages(client, team, who):
    from tests.factories import ContactFactory

    user = {
        "judge": lambda: team.alice.user,
        "organiser": lambda: team.organiser,
        "participant": lambda: ContactFactory(company=team.company_a).user,
        "outsider": lambda: team.outsider,
    }[who]()
    client.force_login(user)
    assert client.get(reverse("judging:assessor_home")).status_code == 403
    assert client.get(reverse("judging:call_log_new", args=[team.entry_a.pk])).status_code == 404
    assert client.post(reverse("judging:call_log_new", args=[team.entry_a.pk]), {}).status_code == 404
    assert client.get(reverse("judging:assessor_conflicts", args=[team.edition.slug])).status_code == 404


def test_a_conflicted_assessor_does_not_find_that_entry(client, team):
    assessor_conflict_declare(assessor=team.assessor, company=team.company_a, relation="adviser")
    client.force_login(team.assessor.user)
    assert client.get(reverse("judging:call_log_new", args=[team.entry_a.pk])).status_code == 404
    assert team.company_a.legal_name not in client.get(reverse("judging:assessor_home")).content.decode()


def test_the_organiser_sees_counts_only(client, team):
    call_log_submit(assessor=team.assessor, entry=team.entry_a, call=a_call(), actor=None)
    client.force_login(team.organiser)
    page = client.get(reverse("judging:assessors", args=[team.edition.slug])).content.decode()
    assert "Assessor 01" in page and "Friendly agent" not in page and "+62 21 500 123" not in page
    log = CallLog.objects.get()
    assert log.receipt not in page


def test_the_entrant_sees_no_call_log_or_assessor_before_publication(client, team):
    from tests.factories import ContactFactory

    call_log_submit(assessor=team.assessor, entry=team.entry_a, call=a_call(), actor=None)
    contact = ContactFactory(company=team.company_a)
    client.force_login(contact.user)
    for url in (reverse("awards:dashboard"), reverse("awards:entry_receipt", args=[team.entry_a.pk])):
        page = client.get(url).content.decode()
        assert "Assessor" not in page and "Asih" not in page and "Friendly agent" not in page
    reveal(team)
    assert client.get(reverse("judging:feedback_pdf", args=[team.entry_a.pk])).status_code == 404


def test_the_organisers_results_page_flags_large_gaps(client, team):
    call_log_submit(
        assessor=team.assessor, entry=team.entry_a, call=a_call(answered=False, abandoned_after=90), actor=None
    )
    reveal(team)
    client.force_login(team.organiser)
    page = client.get(reverse("judging:results", args=[team.edition.slug])).content.decode()
    assert "Mystery calls: claimed and measured" in page
    assert "90.00 / 0.00" in page and "below target" in page and "service level" in page


def test_the_feedback_report_shows_the_measured_figures_against_the_claims(team):
    from judging.services.feedback import feedback_data, feedback_pdf
    from tests.judging.test_feedback import pdf_text

    for seconds in (10, 45):
        call_log_submit(assessor=team.assessor, entry=team.entry_a, call=a_call(answer_seconds=seconds), actor=None)
    reveal(team)
    report = feedback_data(edition=team.edition, entries=[team.entry_a])[team.entry_a.pk]
    text = " ".join(pdf_text(feedback_pdf(report=report)).split())
    assert "Panggilan misteri" in text and "Mystery calls: measured against your claims" in text
    assert "2 panggilan oleh asesor" in text and "2 calls by the assessors" in text
    assert "90.00 klaim" in text and "50.00 terukur" in text and "selisih besar" in text
    assert "27.50 detik terukur" in text
    assert "Assessor 01" not in text and "Friendly agent" not in text  # no assessor and no note reach the entrant


def test_a_criterion_scored_from_the_measurement_enters_the_tally_and_verification(team, monkeypatch):
    from judging.services import export
    from judging.services.feedback import feedback_pdfs

    monkeypatch.setattr(export, "PACK_PARTS", [part for part in export.PACK_PARTS if part is not feedback_pdfs])
    criterion = team.criteria[0]
    team.category.call_criterion = criterion.code
    team.category.save()
    for _ in range(2):  # 2 of 4 calls in time: 50 %, 35 points short of 85 %: band score 4 instead of the judge's 7
        call_log_submit(assessor=team.assessor, entry=team.entry_a, call=a_call(answer_seconds=10), actor=None)
        call_log_submit(assessor=team.assessor, entry=team.entry_a, call=a_call(answer_seconds=90), actor=None)
    seal = reveal(team)
    results = Reveal.objects.get(edition=team.edition).results
    assert results["evidence"]["settings"][team.category.code]["criterion"] == criterion.code
    assert results["evidence"]["entries"][team.entry_a.reference]["criterion_score"] == 4
    row = next(row for row in results["rankings"][0]["entries"] if row["entry"] == team.entry_a.reference)
    same_area = [c for c in team.criteria if c.area == criterion.area]
    expected = (4 + 7 * (len(same_area) - 1)) / len(same_area) * 10
    assert row["areas"][criterion.area] == f"{expected:.2f}"
    pack = award_night_pack_build(edition=team.edition)
    verdict = pack_verify(pack, expected_root=seal.root)
    assert verdict.ok, verdict.message
    files = _pack_files(pack)
    changed = json.loads(files[PACK.results_json])
    changed["evidence"]["settings"][team.category.code]["criterion"] = ""
    files[PACK.results_json] = json.dumps(changed).encode()
    assert not pack_verify(pack_zip(files=files)).ok


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_call_log_racing_the_seal_is_in_its_root_or_refused():
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    team = Cast().edition_in("judging", scored=False)
    assessor = make_assessor(team)
    barrier = threading.Barrier(2)
    outcome = {}

    def submit():
        try:
            barrier.wait(timeout=10)
            outcome["log"] = call_log_submit(assessor=assessor, entry=team.entry_a, call=a_call(), actor=None).receipt
        except ValidationError:
            outcome["log"] = None
        finally:
            connection.close()

    def close():
        try:
            barrier.wait(timeout=10)
            outcome["seal"] = edition_seal(edition=team.edition, actor=None)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit), threading.Thread(target=close)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    seal = outcome["seal"]
    if outcome["log"] is None:
        assert (seal.count, CallLog.objects.count()) == (0, 0)
    else:
        assert seal.count == 1 and seal.root == commitment_root(receipts=[outcome["log"]])
