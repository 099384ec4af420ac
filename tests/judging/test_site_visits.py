"""Assessors' site visits: the organisers' checklists, the visit form, sealing, the seal's count and root, the
reveal's evidence, the pack and its verification, the results page, the feedback report, who sees what."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from judging import sealing
from judging.models import CallLog, Reveal, SiteVisit, SiteVisitItem
from judging.pack import PACK
from judging.services.assessors import assessor_conflict_declare
from judging.services.call_logs import call_log_submit
from judging.services.export import award_night_pack_build, pack_zip
from judging.services.seal import commitment_root, edition_seal
from judging.services.site_visits import checklist_item_add, checklist_item_remove, site_visit_submit
from judging.services.verification import pack_verify
from judging.tally.evidence import EvidenceInputError, Visit, visit_figures
from tests.judging.test_call_logs import a_call, make_assessor, reveal

pytestmark = pytest.mark.django_db

CHECKLIST = (
    ("queue-board", "Live queue board on the floor", "Papan antrean langsung di lantai"),
    ("quality-desk", "A quality team listens to calls", "Tim mutu mendengarkan panggilan"),
    ("training-room", "A training room in use", "Ruang pelatihan yang dipakai"),
    ("backup-power", "Backup power tested this year", "Daya cadangan diuji tahun ini"),
)


@pytest.fixture
def team(world):
    team = world
    team.assessor = make_assessor(team)
    for code, label_en, label_id in CHECKLIST:
        checklist_item_add(category=team.category, code=code, label_en=label_en, label_id=label_id, actor=None)
    return team


def a_visit(**overrides):
    visit = {
        "visited_on": timezone.localdate() - dt.timedelta(days=1),
        "answers": {
            "queue-board": ("yes", "Wallboard by the entrance."),
            "quality-desk": ("yes", ""),
            "training-room": ("no", "Used as a store room."),
            "backup-power": ("not_seen", "Not shown."),
        },
        "notes": "Met the floor manager.",
    }
    return {**visit, **overrides}


def _pack_files(pack: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(pack)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# --- The figures (pure) ---------------------------------------------------------------------------------------


def test_the_checklist_score_is_the_share_of_items_met_over_every_visit():
    first = Visit(visited_on="2026-11-02", answers=(("a", "yes"), ("b", "no"), ("c", "not_seen")))
    second = Visit(visited_on="2026-11-20", answers=(("a", "yes"), ("b", "yes"), ("c", "yes")))
    figures = visit_figures(visits=[first, second])
    assert figures == {
        "visits": 2,
        "days": ["2026-11-02", "2026-11-20"],
        "items_answered": 6,
        "items_met": 4,
        "items_not_seen": 1,
        "checklist_score": "66.67",
        "items": [
            {"code": "a", "yes": 2, "no": 0, "not_seen": 0},
            {"code": "b", "yes": 1, "no": 1, "not_seen": 0},
            {"code": "c", "yes": 1, "no": 0, "not_seen": 1},
        ],
    }


def test_a_visit_where_nothing_was_seen_scores_zero_and_no_visit_has_no_figures():
    blind = Visit(visited_on="2026-11-02", answers=(("a", "not_seen"), ("b", "not_seen")))
    assert visit_figures(visits=[blind])["checklist_score"] == "0.00"
    assert visit_figures(visits=[]) is None


@pytest.mark.parametrize(
    "answers", [(), (("a", "yes"), ("a", "no")), (("a", "maybe"),)], ids=["empty", "twice", "unknown answer"]
)
def test_a_visit_that_makes_no_sense_is_refused_by_the_tally(answers):
    with pytest.raises(EvidenceInputError):
        visit_figures(visits=[Visit(visited_on="2026-11-02", answers=answers)])


# --- The organisers' checklists -----------------------------------------------------------------------------


def test_the_organiser_writes_a_checklist_on_its_page_and_others_cannot(client, team):
    url = reverse("judging:site_visit_checklists", args=[team.edition.slug])
    client.force_login(team.organiser)
    page = client.get(url).content.decode()
    assert "Live queue board on the floor" in page and "Papan antrean langsung di lantai" in page
    added = client.post(
        url,
        {"category": team.category.pk, "code": "csat-survey", "label_en": "CSAT survey  results", "label_id": "Survei"},
    )
    assert added.status_code == 302
    item = SiteVisitItem.objects.get(code="csat-survey")
    assert (item.label_en, item.position) == ("CSAT survey results", 4)
    twice = client.post(url, {"category": team.category.pk, "code": "csat-survey", "label_en": "x", "label_id": "y"})
    assert twice.status_code == 400 and "already has an item with the code" in twice.content.decode()
    removed = client.post(reverse("judging:site_visit_checklist_remove", args=[team.edition.slug, item.pk]))
    assert removed.status_code == 302 and not SiteVisitItem.objects.filter(code="csat-survey").exists()
    for user in (team.alice.user, team.assessor.user, team.outsider):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_a_checklist_is_frozen_once_a_visit_in_its_category_is_sealed(team):
    site_visit_submit(assessor=team.assessor, entry=team.entry_a, visit=a_visit(), actor=None)
    with pytest.raises(ValidationError, match="can no longer change"):
        checklist_item_add(category=team.category, code="late", label_en="Late", label_id="Terlambat", actor=None)
    with pytest.raises(ValidationError, match="can no longer change"):
        checklist_item_remove(item=SiteVisitItem.objects.get(code="queue-board"), actor=None)
    assert SiteVisitItem.objects.filter(category=team.category).count() == 4


# --- Sealing ------------------------------------------------------------------------------------------------


def test_a_visit_seals_on_submit_with_a_receipt_a_fixed_length_and_its_own_binding(team):
    short = site_visit_submit(assessor=team.assessor, entry=team.entry_a, visit=a_visit(notes=""), actor=None)
    long = site_visit_submit(assessor=team.assessor, entry=team.entry_a, visit=a_visit(notes="ü" * 1000), actor=None)
    assert (short.number, long.number) == (1, 2)
    assert short.receipt == sealing.receipt_of(bytes(short.ciphertext))
    assert len(bytes(short.ciphertext)) == len(bytes(long.ciphertext))
    assert b"Wallboard" not in bytes(long.ciphertext)
    reveal(team)
    key = sealing.private_key_from_pem(bytes(Reveal.objects.get(edition=team.edition).private_key_pem))
    place = {
        "edition": team.edition.slug,
        "round": team.round.number,
        "assessor": "Assessor 01",
        "entry": team.entry_a.pk,
        "number": 1,
    }
    content = sealing.evidence_decrypt(
        ciphertext=bytes(short.ciphertext), private_key=key, info=sealing.evidence_binding(kind="site-visit", **place)
    )
    assert [(item["code"], item["answer"]) for item in content["items"]] == [
        ("queue-board", "yes"),
        ("quality-desk", "yes"),
        ("training-room", "no"),
        ("backup-power", "not_seen"),
    ]
    with pytest.raises(sealing.EvidenceOpenError):  # a visit never opens as a call log of the same place
        sealing.evidence_decrypt(
            ciphertext=bytes(short.ciphertext), private_key=key, info=sealing.call_log_binding(**place)
        )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"visited_on": timezone.localdate() + dt.timedelta(days=2)}, "The visit cannot be in the future"),
        ({"visited_on": timezone.localdate() - dt.timedelta(days=400)}, "more than 120 days old"),
        ({"visited_on": None}, "Give the date of the visit"),
        ({"answers": {"queue-board": ("yes", "")}}, "Answer every item of the checklist"),
        ({"answers": {**a_visit()["answers"], "queue-board": ("perhaps", "")}}, "met, not met or not seen"),
        ({"answers": {**a_visit()["answers"], "queue-board": ("yes", "x" * 301)}}, "at most 300 characters"),
        ({"notes": "bell \x07"}, "control characters"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(team, overrides, message):
    with pytest.raises(ValidationError) as refused:
        site_visit_submit(assessor=team.assessor, entry=team.entry_a, visit=a_visit(**overrides), actor=None)
    assert message in " ".join(refused.value.messages)
    assert SiteVisit.objects.count() == 0


def test_no_visit_without_a_checklist_to_a_conflicted_company_or_after_the_seal(team):
    SiteVisitItem.objects.all().delete()
    with pytest.raises(ValidationError, match="not written a site-visit checklist"):
        site_visit_submit(assessor=team.assessor, entry=team.entry_a, visit=a_visit(), actor=None)
    assessor_conflict_declare(assessor=team.assessor, company=team.company_a, relation="employee")
    with pytest.raises(ValidationError, match="cannot record a visit to it"):
        site_visit_submit(assessor=team.assessor, entry=team.entry_a, visit=a_visit(), actor=None)
    edition_seal(edition=team.edition, actor=team.organiser)
    with pytest.raises(ValidationError, match="it takes no more site visits"):
        site_visit_submit(assessor=team.assessor, entry=team.entry_b, visit=a_visit(), actor=None)
    assert SiteVisit.objects.count() == 0


# --- The seal, the reveal, the pack -------------------------------------------------------------------------


def test_the_seal_counts_visits_after_the_scorecards_and_the_call_logs(team):
    visit = site_visit_submit(assessor=team.assessor, entry=team.entry_a, visit=a_visit(), actor=None)
    log = call_log_submit(assessor=team.assessor, entry=team.entry_b, call=a_call(), actor=None)
    from tests.cast import seal_scores

    card = seal_scores(world=team, judge=team.alice, entry=team.entry_a, round=team.round, value=7)
    seal = edition_seal(edition=team.edition, actor=team.organiser)
    assert seal.count == 3
    assert seal.root == commitment_root(receipts=[card.receipt, log.receipt, visit.receipt])


def test_the_reveal_writes_the_checklist_figures_into_the_evidence(team):
    site_visit_submit(assessor=team.assessor, entry=team.entry_a, visit=a_visit(), actor=None)
    reveal(team)
    evidence = Reveal.objects.get(edition=team.edition).results["evidence"]
    line = evidence["entries"][team.entry_a.reference]
    assert line["measured"] is None  # visited, never called
    visits = line["site_visits"]
    assert (visits["visits"], visits["items_met"], visits["items_answered"], visits["checklist_score"]) == (
        1,
        2,
        4,
        "50.00",
    )
    assert "site_visits" not in evidence["entries"][team.entry_b.reference]
    assert evidence["checklists"][team.category.code][0] == {
        "code": "queue-board",
        "label_en": "Live queue board on the floor",
        "label_id": "Papan antrean langsung di lantai",
    }
    assert "checklist_score" in evidence["method"]


def test_an_edition_with_calls_only_keeps_the_evidence_it_had_before_visits(team):
    call_log_submit(assessor=team.assessor, entry=team.entry_a, call=a_call(), actor=None)
    reveal(team)
    evidence = Reveal.objects.get(edition=team.edition).results["evidence"]
    assert "checklists" not in evidence and "checklist_score" not in evidence["method"]
    assert all("site_visits" not in line for line in evidence["entries"].values())


@pytest.fixture
def pack(team, monkeypatch):
    from judging.services import export
    from judging.services.feedback import feedback_pdfs

    monkeypatch.setattr(export, "PACK_PARTS", [part for part in export.PACK_PARTS if part is not feedback_pdfs])
    call_log_submit(assessor=team.assessor, entry=team.entry_a, call=a_call(), actor=None)
    site_visit_submit(assessor=team.assessor, entry=team.entry_a, visit=a_visit(), actor=None)
    site_visit_submit(assessor=team.assessor, entry=team.entry_b, visit=a_visit(notes="Second site."), actor=None)
    team.seal = reveal(team)
    return award_night_pack_build(edition=team.edition)


def test_the_pack_carries_the_visits_and_verifies_against_the_published_root(team, pack):
    files = _pack_files(pack)
    visits = json.loads(files[PACK.site_visits_json])["site_visits"]
    assert [(visit["entry"], visit["assessor"], visit["number"]) for visit in visits] == [
        (team.entry_a.reference, "Assessor 01", 1),
        (team.entry_b.reference, "Assessor 01", 1),
    ]
    assert team.seal.count == 4  # a scorecard, a call log, two visits
    verdict = pack_verify(pack, expected_root=team.seal.root)
    assert verdict.ok, verdict.message


def test_verification_catches_a_changed_visit(team, pack):
    files = _pack_files(pack)
    document = json.loads(files[PACK.site_visits_json])
    document["site_visits"][0]["content"]["items"][2]["answer"] = "yes"
    files[PACK.site_visits_json] = json.dumps(document).encode()
    verdict = pack_verify(pack_zip(files=files))
    assert not verdict.ok and verdict.message.startswith("site visit ")
    assert "the listed content differs from the decrypted ciphertext" in verdict.message


def test_verification_catches_a_changed_checklist_score_and_a_missing_visit_file(team, pack):
    files = _pack_files(pack)
    results = json.loads(files[PACK.results_json])
    results["evidence"]["entries"][team.entry_a.reference]["site_visits"]["checklist_score"] = "100.00"
    changed = {**files, PACK.results_json: json.dumps(results).encode()}
    verdict = pack_verify(pack_zip(files=changed))
    assert not verdict.ok and "checklist_score" in verdict.message
    missing = {name: data for name, data in files.items() if name != PACK.site_visits_json}
    verdict = pack_verify(pack_zip(files=missing))
    assert not verdict.ok and "site-visits.json is missing" in verdict.message


# --- The pages ----------------------------------------------------------------------------------------------


def test_the_visit_form_refuses_bad_input_with_field_messages_then_seals(client, team):
    client.force_login(team.assessor.user)
    url = reverse("judging:site_visit_new", args=[team.entry_a.pk])
    page = client.get(url).content.decode()
    assert "Live queue board on the floor" in page and "Not seen" in page
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    refused = client.post(url, {"visited_on": tomorrow, "answer_queue-board": "yes"})
    text = refused.content.decode()
    assert refused.status_code == 400
    assert "The visit cannot be in the future" in text and "Answer this item: met, not met or not seen." in text
    assert SiteVisit.objects.count() == 0
    data = {"visited_on": timezone.localdate().isoformat(), "notes": "Good floor."}
    for code, _en, _id in CHECKLIST:
        data[f"answer_{code}"] = "yes"
    sealed = client.post(url, data)
    assert sealed.status_code == 302 and sealed.url == reverse("judging:assessor_home")
    home = client.get(sealed.url).content.decode()
    assert SiteVisit.objects.get().receipt in home and "Record a site visit" in home


def test_the_visit_form_speaks_indonesian(client, team):
    client.force_login(team.assessor.user)
    page = client.get(
        reverse("judging:site_visit_new", args=[team.entry_a.pk]), HTTP_ACCEPT_LANGUAGE="id"
    ).content.decode()
    assert "Papan antrean langsung di lantai" in page and "Catat kunjungan lapangan" in page


@pytest.mark.parametrize("who", ["judge", "organiser", "outsider", "conflicted"])
def test_no_one_else_finds_the_visit_form(client, team, who):
    if who == "conflicted":
        assessor_conflict_declare(assessor=team.assessor, company=team.company_a, relation="adviser")
    user = {
        "judge": team.alice.user,
        "organiser": team.organiser,
        "outsider": team.outsider,
        "conflicted": team.assessor.user,
    }[who]
    client.force_login(user)
    url = reverse("judging:site_visit_new", args=[team.entry_a.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


def test_the_organiser_sees_counts_of_visits_only(client, team):
    site_visit_submit(assessor=team.assessor, entry=team.entry_a, visit=a_visit(), actor=None)
    client.force_login(team.organiser)
    page = client.get(reverse("judging:assessors", args=[team.edition.slug])).content.decode()
    assert "Sealed site visits" in page and "Wallboard" not in page
    assert SiteVisit.objects.get().receipt not in page


def test_the_results_page_shows_the_checklist_beside_the_calls(client, team):
    call_log_submit(assessor=team.assessor, entry=team.entry_a, call=a_call(), actor=None)
    site_visit_submit(assessor=team.assessor, entry=team.entry_a, visit=a_visit(), actor=None)
    reveal(team)
    client.force_login(team.organiser)
    page = " ".join(client.get(reverse("judging:results", args=[team.edition.slug])).content.decode().split())
    assert "Site visits: checklist met" in page and "50.00%" in page and "2 of 4 items, 1 visit" in page
    assert "not visited" in page  # entry B
    assert "1 of them mystery-call logs, 1 site visits" in page


def test_the_entrant_sees_nothing_of_a_visit_before_publication_then_its_checklist(client, team):
    from judging.services.feedback import feedback_data, feedback_pdf
    from tests.factories import ContactFactory
    from tests.judging.test_feedback import pdf_text

    site_visit_submit(assessor=team.assessor, entry=team.entry_a, visit=a_visit(), actor=None)
    contact = ContactFactory(company=team.company_a)
    client.force_login(contact.user)
    for url in (reverse("awards:dashboard"), reverse("awards:entry_receipt", args=[team.entry_a.pk])):
        page = client.get(url).content.decode()
        assert "site visit" not in page.lower() and "Wallboard" not in page and "queue board" not in page
    reveal(team)
    assert client.get(reverse("judging:feedback_pdf", args=[team.entry_a.pk])).status_code == 404
    report = feedback_data(edition=team.edition, entries=[team.entry_a])[team.entry_a.pk]
    text = " ".join(pdf_text(feedback_pdf(report=report)).split())
    assert "Kunjungan lapangan" in text and "Site visit: the checklist" in text
    assert "skor daftar periksa 50.00%" in text and "checklist score 50.00%" in text
    assert "Papan antrean langsung di lantai" in text and "Backup power tested this year" in text
    assert "Assessor 01" not in text and "Wallboard" not in text  # no assessor and no note reach the entrant
    assert CallLog.objects.count() == 0


def test_the_checklists_page_and_the_assessors_page_use_as_many_queries_for_1_and_3_rows(client, team):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.judging.test_call_logs import make_assessor as another

    client.force_login(team.organiser)
    urls = [reverse(name, args=[team.edition.slug]) for name in ("judging:site_visit_checklists", "judging:assessors")]
    for url in urls:
        client.get(url)  # the session's first page keeps the navigation's roles in it
    counts = []
    for extra in (0, 2):
        for number in range(extra):
            checklist_item_add(
                category=team.category, code=f"extra-{number}", label_en="Extra", label_id="Tambahan", actor=None
            )
            assessor = another(team, pseudonym=f"Assessor 1{number}", username=f"a{number}@assessor.example.test")
            call_log_submit(assessor=assessor, entry=team.entry_a, call=a_call(), actor=None)
        row = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            row.append(len(captured.captured_queries))
        counts.append(row)
    assert counts[0] == counts[1]
