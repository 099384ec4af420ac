"""Award night with two rounds: the holders open every round, the tally combines them by weight, the pack
carries every round's key, scorecards and root, and verify_results re-derives the shortlist."""

import json

import pytest

from awards.models import Award
from judging.models import Assignment, RoundSeal, Seal
from judging.pack import PACK
from judging.services import export
from judging.services.export import award_night_pack_build, pack_zip
from judging.services.feedback import feedback_pdfs
from judging.services.reveal import edition_reveal
from judging.services.rounds import round_seal
from judging.services.shortlist import shortlist_reveal
from judging.services.verification import pack_verify
from tests.cast import seal_scores
from tests.generated_edition import unzip


@pytest.fixture
def night(db, monkeypatch, cast):
    """Desk: A 5, B 9, C 7 (alice) and B 9, C 7 (bob, conflicted with A): top 2 are B and C. Finals: B 6, C 8
    (alice and bob). Combined (30 % desk, 70 % finals): B 0.3*90 + 0.7*60 = 69.00, C 0.3*70 + 0.7*80 = 77.00:
    C wins."""
    monkeypatch.setattr(export, "PACK_PARTS", [part for part in export.PACK_PARTS if part is not feedback_pdfs])
    world = cast.edition_in_two_rounds(top_n=2)
    world.category.min_judges = 2
    world.category.save(update_fields=["min_judges"])
    for entry, value in ((world.entry_a, 5), (world.entry_b, 9), (world.entry_c, 7)):
        seal_scores(world=world, judge=world.alice, entry=entry, round=world.desk, value=value)
    for entry, value in ((world.entry_b, 9), (world.entry_c, 7)):
        seal_scores(world=world, judge=world.bob, entry=entry, round=world.desk, value=value)
    round_seal(edition=world.edition, number=1, actor=world.organiser)
    shortlist_reveal(edition=world.edition, number=1, texts=world.share_texts[:2], actor=world.organiser)
    for judge in (world.alice, world.bob):
        for entry, value in ((world.entry_b, 6), (world.entry_c, 8)):
            Assignment.objects.create(round=world.final, entry=entry, judge=judge)
            seal_scores(world=world, judge=judge, entry=entry, round=world.final, value=value)
    round_seal(edition=world.edition, number=2, actor=world.organiser)
    edition_reveal(edition=world.edition, shares=world.share_texts[1:], actor=world.organiser)
    return world


def test_the_reveal_combines_the_rounds_by_weight(night):
    awards = {award.entry_id: (award.kind, str(award.score)) for award in Award.objects.all()}
    assert awards == {night.entry_c.pk: ("winner", "77.00"), night.entry_b.pk: ("runner_up_1", "69.00")}
    results = night.edition.reveal.results
    assert [(r["number"], r["name"], r["weight"], r["final"], r["count"]) for r in results["rounds"]] == [
        (1, "Desk round", 30, False, 5), (2, "Finals", 70, True, 4)
    ]
    assert results["rounds"][0]["finalists"] == {
        night.category.code: sorted([night.entry_b.reference, night.entry_c.reference])
    }
    assert results["rounds"][0]["shortlist"][night.category.code] == {
        "mode": "top", "top_n": 2, "threshold": None, "min_scorecards": 1
    }
    assert results["rounds"][0]["shortlist_commitment"] == RoundSeal.objects.get().shortlist_commitment
    assert results["rounds"][1]["root"] == Seal.objects.get().root
    row = results["rankings"][0]["entries"][0]
    assert (row["entry"], row["score"], row["method"]) == (night.entry_c.reference, "77.00", "weighted_rounds")
    assert results["tally"]["method"]["rounds"].startswith("weighted mean of the round scores")


def test_the_pack_carries_every_round_and_verifies(night):
    pack = award_night_pack_build(edition=night.edition)
    files = unzip(pack)
    assert PACK.round_key(1) in files and PACK.edition_key in files
    scorecards = json.loads(files[PACK.scorecards_json])
    assert [len(item["scorecards"]) for item in scorecards["rounds"]] == [5]
    assert len(scorecards["scorecards"]) == 4
    roots = [RoundSeal.objects.get().root, Seal.objects.get().root]
    verdict = pack_verify(pack, expected_root=roots)
    assert (verdict.ok, verdict.rounds, verdict.awards) == (True, 2, 2), verdict.message
    wrong = pack_verify(pack, expected_root=roots[::-1])
    assert not wrong.ok and "round 1: the root differs" in wrong.message
    assert "one --expected-root per round" in pack_verify(pack, expected_root=roots[:1]).message


def test_a_pack_whose_shortlist_was_changed_fails(night):
    files = unzip(award_night_pack_build(edition=night.edition))
    results = json.loads(files[PACK.results_json])
    code = night.category.code
    results["rounds"][0]["finalists"][code] = sorted([night.entry_a.reference, night.entry_c.reference])
    files[PACK.results_json] = json.dumps(results).encode()
    verdict = pack_verify(pack_zip(files=files))
    assert not verdict.ok
    assert verdict.message.startswith("round 1: the shortlist differs from what its scorecards and rule give")


def test_a_pack_whose_shortlist_rule_was_changed_fails(night):
    files = unzip(award_night_pack_build(edition=night.edition))
    results = json.loads(files[PACK.results_json])
    results["rounds"][0]["shortlist"][night.category.code]["top_n"] = 3
    files[PACK.results_json] = json.dumps(results).encode()
    assert pack_verify(pack_zip(files=files)).message.startswith("round 1: the shortlist differs")


def test_the_command_takes_one_expected_root_per_round(night, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "pack.zip"
    path.write_bytes(award_night_pack_build(edition=night.edition))
    call_command("verify_results", str(path), "--expected-root", RoundSeal.objects.get().root,
                 "--expected-root", Seal.objects.get().root)
    out = capsys.readouterr().out
    assert "rounds: 2, each shortlist derived again and matching its commitment" in out


def test_the_public_commitment_page_gives_one_root_per_round_in_the_command(night, client):
    from django.urls import reverse

    page = client.get(reverse("judging:commitment", args=[night.edition.slug])).content.decode()
    desk, final = RoundSeal.objects.get(), Seal.objects.get()
    assert f"--expected-root {desk.root} --expected-root {final.root}" in page
    assert desk.shortlist_commitment in page
