"""Two rounds: the desk round sealed with its own key and root, its shortlist revealed by k holders (only the
set of finalists stored), then the finals; the rounds frozen once judging opens."""

import logging

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from awards.models import AuditEvent, Edition
from judging import sealing
from judging.models import Assignment, Finalist, Round, RoundKey, RoundKeyShare, RoundSeal, Seal, SealedScorecard
from judging.selectors.rounds import rounds_of, scoring_round
from judging.services.reveal import RevealError, SealedRow, sealed_row_open
from judging.services.rounds import category_round_set, round_seal, rounds_configure
from judging.services.seal import SealStateError, edition_seal
from judging.services.shortlist import round_private_key_open, shortlist_reveal
from tests.cast import seal_scores, share_in_holder_file


@pytest.fixture
def rounds(db, cast):
    return cast.edition_in_two_rounds(top_n=1)


def _score_desk(world, *, a=8, b=6, c=8):
    """alice scores all three; bob scores B and C (conflicted with A): A and C tie at the top."""
    for entry, value in ((world.entry_a, a), (world.entry_b, b), (world.entry_c, c)):
        seal_scores(world=world, judge=world.alice, entry=entry, round=world.desk, value=value)
    for entry, value in ((world.entry_b, b), (world.entry_c, c)):
        seal_scores(world=world, judge=world.bob, entry=entry, round=world.desk, value=value)


def _audit_actions(edition):
    return list(AuditEvent.objects.filter(edition=edition).order_by("pk").values_list("action", flat=True))


def test_a_single_round_edition_has_one_final_round_scored_and_sealed_as_before(db, cast):
    world = cast.edition_in("judging", scored=False)
    assert [(s.number, s.round.is_final, s.phase.scoring_open) for s in rounds_of(edition=world.edition)] == [
        (1, True, True)
    ]
    seal_scores(world=world, judge=world.alice, entry=world.entry_a, round=world.round, value=7)
    seal = round_seal(edition=world.edition, number=1, actor=world.organiser)
    assert isinstance(seal, Seal) and seal.count == 1
    assert world.edition.state == Edition.State.SEALED


def test_each_earlier_round_gets_its_own_key_with_a_share_per_holder_when_judging_opens(rounds):
    key = RoundKey.objects.get(round=rounds.desk)
    assert key.ceremony == rounds.ceremony
    assert key.fingerprint not in (rounds.ceremony.fingerprint, "")
    assert RoundKeyShare.objects.filter(key=key).count() == 3
    assert scoring_round(edition=rounds.edition) == rounds.desk


def test_desk_scorecards_are_sealed_to_the_round_key_not_the_edition_key(rounds):
    card = seal_scores(world=rounds, judge=rounds.alice, entry=rounds.entry_a, round=rounds.desk, value=7)
    assert card.round == rounds.desk
    round_key, _indices = round_private_key_open(edition=rounds.edition, round=rounds.desk,
                                                 texts=rounds.share_texts[:2])
    opened = sealed_row_open(private_key=round_key, edition_slug=rounds.edition.slug, row=SealedRow.of(card))
    assert opened["round"] == 1 and set(opened["scores"].values()) == {7}
    edition_key = sealing.private_key_recover(
        shares=[share_in_holder_file(text) for text in rounds.share_texts[:2]], threshold=2,
        wrapped_private_key=bytes(rounds.ceremony.wrapped_private_key),
        public_key_bytes=bytes(rounds.ceremony.public_key),
    )
    with pytest.raises(RevealError):
        sealed_row_open(private_key=edition_key, edition_slug=rounds.edition.slug, row=SealedRow.of(card))
    # The finals cannot be scored while the desk round runs.
    Assignment.objects.create(round=rounds.final, entry=rounds.entry_a, judge=rounds.alice)
    with pytest.raises(ValidationError, match="has not opened yet"):
        seal_scores(world=rounds, judge=rounds.alice, entry=rounds.entry_a, round=rounds.final, value=7)


def test_rounds_are_frozen_once_judging_opens(rounds):
    with pytest.raises(ValidationError, match="frozen"):
        rounds_configure(edition=rounds.edition, desk=False, actor=rounds.organiser)
    with pytest.raises(ValidationError, match="frozen"):
        category_round_set(round=rounds.desk, category=rounds.category, top_n=3, actor=rounds.organiser)
    assert list(Round.objects.filter(edition=rounds.edition).values_list("number", "weight")) == [(1, 30), (2, 70)]


def test_sealing_the_desk_round_commits_its_own_root_and_refuses_more_desk_scorecards(rounds):
    _score_desk(rounds)
    seal = round_seal(edition=rounds.edition, number=1, actor=rounds.organiser)
    assert isinstance(seal, RoundSeal) and seal.count == 5
    rounds.edition.refresh_from_db()
    assert rounds.edition.state == Edition.State.JUDGING
    card = SealedScorecard.objects.get(judge=rounds.alice, entry=rounds.entry_a, round=rounds.desk)
    card.is_latest = False  # as if reopened: the sealed round still refuses a new version
    card.save()
    with pytest.raises(ValidationError, match="is sealed"):
        seal_scores(world=rounds, judge=rounds.alice, entry=rounds.entry_a, round=rounds.desk, value=9)
    with pytest.raises(SealStateError, match="already sealed"):
        round_seal(edition=rounds.edition, number=1, actor=rounds.organiser)
    # The edition cannot be sealed before the desk round's shortlist.
    with pytest.raises(SealStateError, match="shortlist"):
        edition_seal(edition=rounds.edition, actor=rounds.organiser)


def test_the_shortlist_reveal_stores_only_the_alphabetical_set_and_a_commitment(rounds):
    _score_desk(rounds, a=8, b=9, c=8)  # B has the best score but one scorecard: the default minimum is 1
    category_settings = rounds.desk.category_settings.get()
    assert category_settings.shortlist_top_n == 1
    round_seal(edition=rounds.edition, number=1, actor=rounds.organiser)
    seal = shortlist_reveal(edition=rounds.edition, number=1, texts=rounds.share_texts[:2], actor=rounds.organiser)
    # top 1 is B alone (9 beats the tie of A and C at 8)
    assert list(Finalist.objects.filter(round=rounds.desk).values_list("entry", flat=True)) == [rounds.entry_b.pk]
    assert seal.shortlisted_at is not None and len(seal.shortlist_commitment) == 64
    assert seal.shortlist_commitment == sealing.shortlist_commitment(
        edition=rounds.edition.slug, round=1, root=seal.root,
        finalists={rounds.category.code: [rounds.entry_b.reference]},
    )
    assert scoring_round(edition=rounds.edition) == rounds.final


def test_ties_at_the_cut_all_go_through_and_rows_are_written_alphabetically(rounds):
    _score_desk(rounds, a=8, b=6, c=8)  # A (PT ... ) and C (PT Cakra Kontak) tie for the one place
    round_seal(edition=rounds.edition, number=1, actor=rounds.organiser)
    shortlist_reveal(edition=rounds.edition, number=1, texts=rounds.share_texts[1:], actor=rounds.organiser)
    finalists = list(Finalist.objects.filter(round=rounds.desk).order_by("pk").values_list(
        "entry__company__legal_name", flat=True))
    assert finalists == sorted([rounds.company_a.legal_name, rounds.company_c.legal_name])


@pytest.mark.parametrize("texts", [lambda t: t.share_texts[:1], lambda t: [t.share_texts[0], t.share_texts[0]],
                                   lambda t: [t.share_texts[0], "not a key file"]])
def test_too_few_or_wrong_keys_change_nothing(rounds, texts):
    _score_desk(rounds)
    round_seal(edition=rounds.edition, number=1, actor=rounds.organiser)
    with pytest.raises(RevealError):
        shortlist_reveal(edition=rounds.edition, number=1, texts=texts(rounds), actor=rounds.organiser)
    assert not Finalist.objects.exists()
    assert RoundSeal.objects.get().shortlisted_at is None
    assert _audit_actions(rounds.edition)[-1] == "shortlist.failed"


def test_a_second_shortlist_reveal_is_refused(rounds):
    _score_desk(rounds)
    round_seal(edition=rounds.edition, number=1, actor=rounds.organiser)
    shortlist_reveal(edition=rounds.edition, number=1, texts=rounds.share_texts[:2], actor=rounds.organiser)
    before = list(Finalist.objects.values_list("pk", flat=True))
    with pytest.raises(SealStateError, match="already revealed"):
        shortlist_reveal(edition=rounds.edition, number=1, texts=rounds.share_texts[:2], actor=rounds.organiser)
    assert list(Finalist.objects.values_list("pk", flat=True)) == before


def test_a_crash_half_way_leaves_the_round_sealed_and_nothing_stored(rounds, monkeypatch):
    _score_desk(rounds)
    round_seal(edition=rounds.edition, number=1, actor=rounds.organiser)

    def crash(*args, **kwargs):
        raise RuntimeError("the server fell over")

    monkeypatch.setattr(sealing, "shortlist_commitment", crash)  # after the finalists are computed
    with pytest.raises(RuntimeError):
        shortlist_reveal(edition=rounds.edition, number=1, texts=rounds.share_texts[:2], actor=rounds.organiser)
    assert not Finalist.objects.exists()
    assert RoundSeal.objects.get().shortlist_commitment == ""


def test_a_shortlist_reveal_before_the_seal_is_refused(rounds):
    with pytest.raises(SealStateError, match="not sealed"):
        shortlist_reveal(edition=rounds.edition, number=1, texts=rounds.share_texts[:2], actor=rounds.organiser)


def test_after_the_shortlist_reveal_nothing_stored_or_logged_orders_the_finalists(rounds, caplog):
    """Three finalists with distinct desk scores: no table, log line or page lets anyone order them."""
    rounds.desk.category_settings.update(shortlist_top_n=3)
    _score_desk(rounds, a=9, b=5, c=7)
    round_seal(edition=rounds.edition, number=1, actor=rounds.organiser)
    with caplog.at_level(logging.DEBUG):
        shortlist_reveal(edition=rounds.edition, number=1, texts=rounds.share_texts[:2], actor=rounds.organiser)
    # The finalists table holds the round and the entry, nothing else, its rows written alphabetically.
    assert [field.name for field in Finalist._meta.concrete_fields] == ["id", "round", "entry"]
    finalists = list(Finalist.objects.order_by("pk").values_list("entry__company__legal_name", flat=True))
    assert finalists == sorted(finalists) and len(finalists) == 3
    # The round's seal: its root and count (from the seal), then who revealed and the commitment; no score.
    seal = RoundSeal.objects.get()
    assert {field.name for field in RoundSeal._meta.concrete_fields} == {
        "id", "round", "root", "count", "sealed_at", "sealed_by", "shortlisted_at", "shortlisted_by",
        "shortlist_commitment", "holder_indices", "finalists_published_at",
    }
    # The audit row says how many finalists, never which score or order.
    payload = AuditEvent.objects.filter(action="shortlist.revealed").values_list("payload", flat=True).get()
    assert payload == {"round": 1, "root": seal.root, "commitment": seal.shortlist_commitment, "holders": [1, 2],
                       "finalists": {rounds.category.code: 3}}
    # No log line of the reveal names a score (as the tally writes them) or an entry.
    logged = " ".join(record.getMessage() for record in caplog.records)
    for text in ("90.00", "70.00", "50.00", rounds.entry_a.reference, rounds.entry_b.reference,
                 rounds.entry_c.reference):
        assert text not in logged
    # The scorecards stay encrypted, and no key that opens them is stored.
    assert RoundKey.objects.get(round=rounds.desk).wrapped_private_key
    assert not RoundKeyShare.objects.filter(encrypted_share=b"").exists()


def test_seal_and_reveal_shortlist_commands(rounds, tmp_path, capsys):
    _score_desk(rounds)
    call_command("seal", rounds.edition.slug, "--round", "1")
    assert "round 1" in capsys.readouterr().out
    files = []
    for position, text in enumerate(rounds.share_texts[:2]):
        path = tmp_path / f"holder{position}.txt"
        path.write_text(text)
        files += ["--key-file", str(path)]
    with pytest.raises(CommandError, match="key holders are needed"):
        call_command("reveal_shortlist", rounds.edition.slug, "--round", "1", *files[:2])
    call_command("reveal_shortlist", rounds.edition.slug, "--round", "1", *files)
    out = capsys.readouterr().out
    assert "finalists" in out and RoundSeal.objects.get().shortlist_commitment in out
    with pytest.raises(CommandError, match="already revealed"):
        call_command("reveal_shortlist", rounds.edition.slug, "--round", "1", *files)


def test_assignments_go_to_the_open_round_and_the_finals_take_only_the_finalists(rounds):
    from judging.models import PanelMember
    from judging.services.assignments import assignment_add_to_final, assignment_plan_for_edition

    for judge in (rounds.alice, rounds.bob):
        PanelMember.objects.get_or_create(category=rounds.category, judge=judge)
    assert assignment_plan_for_edition(edition=rounds.edition).round_id == rounds.desk.pk
    _score_desk(rounds, a=8, b=6, c=7)
    round_seal(edition=rounds.edition, number=1, actor=rounds.organiser)
    shortlist_reveal(edition=rounds.edition, number=1, texts=rounds.share_texts[:2], actor=rounds.organiser)
    plan = assignment_plan_for_edition(edition=rounds.edition)
    assert plan.round_id == rounds.final.pk
    planned = {entry_id for category in plan.categories for entry_id, _judge in category.add}
    assert planned == {rounds.entry_a.pk}  # top 1: A alone
    with pytest.raises(ValidationError, match="Only the finalists"):
        assignment_add_to_final(edition=rounds.edition, entry=rounds.entry_c, judge=rounds.alice,
                                actor=rounds.organiser)
    assert assignment_add_to_final(edition=rounds.edition, entry=rounds.entry_a, judge=rounds.alice,
                                   actor=rounds.organiser).round == rounds.final


def test_a_key_made_again_while_judging_runs_gives_the_desk_round_a_new_key(rounds):
    from tests.cast import holder_keyed_ceremony

    ceremony, files = holder_keyed_ceremony(edition=rounds.edition, holders=rounds.holders, threshold=2,
                                            actor=rounds.organiser)
    assert RoundKey.objects.filter(round=rounds.desk, ceremony=ceremony).count() == 1
    card = seal_scores(world=rounds, judge=rounds.alice, entry=rounds.entry_a, round=rounds.desk, value=6)
    round_key, _indices = round_private_key_open(edition=rounds.edition, round=rounds.desk, texts=files[:2])
    opened = sealed_row_open(private_key=round_key, edition_slug=rounds.edition.slug, row=SealedRow.of(card))
    assert set(opened["scores"].values()) == {6}


def test_the_checklist_counts_the_judges_of_the_round_that_runs_on_the_entries_it_takes(rounds, client):
    """In the finals the assignments step looks at the finalists' final-round judges, not at every accepted entry
    (the desk round's other entries are not judged again and are not 'short of judges')."""
    from django.urls import reverse

    def assignments_step():
        client.force_login(rounds.organiser)
        page = client.get(reverse("awards:organiser_edition", args=[rounds.edition.slug]))
        return {step.key: step for step in page.context["steps"]}["assignments"]

    desk = assignments_step()
    assert desk.detail == "3 entries accepted for judging." and desk.problems == ()
    _score_desk(rounds, a=8, b=9, c=8)
    round_seal(edition=rounds.edition, number=1, actor=rounds.organiser)
    shortlist_reveal(edition=rounds.edition, number=1, texts=rounds.share_texts[:2], actor=rounds.organiser)
    finals = assignments_step()  # B is the one finalist, with no judge yet in the finals
    assert finals.detail == "1 entry accepted for judging."
    assert finals.problems == ("1 accepted entry has fewer judges than its category's minimum.",)
    for judge in (rounds.alice, rounds.bob):
        Assignment.objects.create(round=rounds.final, entry=rounds.entry_b, judge=judge)
    assert assignments_step().problems == ()
