import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from awards.models import Edition
from judging import merkle
from judging.merkle import leaf_from_receipt, verify_inclusion
from judging.models import AREA_ORDER, Assignment, Seal, SealedScorecard
from judging.sealing import fingerprint_display
from judging.services import seal as seal_service
from judging.services.seal import edition_seal
from tests.factories import CompanyFactory, EditionFactory, EntryFactory, UserFactory
from tests.generated_edition import audit_actions, edition_generate, scorecard_seal_row, snapshot

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def expected_root(edition) -> str:
    cards = SealedScorecard.objects.filter(edition=edition, is_latest=True).order_by(
        "round__number", "entry_id", "judge_id"
    )
    return merkle.merkle_root([bytes.fromhex(card.receipt) for card in cards]).hex()


def test_seal_commits_to_the_latest_receipts_and_moves_the_edition():
    generated = edition_generate(categories=1, entries_per_category=2, judges=3)
    entry, judge = generated.entries[0], generated.judges[0]
    scorecard_seal_row(generated=generated, entry=entry, judge=judge, scores={"people-1": 9}, version=2)

    seal = edition_seal(edition=generated.edition, actor=generated.organiser)

    generated.edition.refresh_from_db()
    assert generated.edition.state == Edition.State.SEALED
    assert seal.count == 6
    assert seal.root == expected_root(generated.edition)
    assert len(seal.root) == 64
    assert audit_actions(generated.edition)[-2:] == ["edition.sealed", "seal.committed"]


def test_the_seal_audit_event_carries_root_and_count_but_no_score():
    generated = edition_generate(categories=1, entries_per_category=1, judges=3)
    seal = edition_seal(edition=generated.edition, actor=generated.organiser)
    from awards.models import AuditEvent

    moved = AuditEvent.objects.get(action="edition.sealed")
    assert moved.payload == {"from": "judging", "to": "sealed"}
    committed = AuditEvent.objects.get(action="seal.committed")
    assert committed.payload == {"root": seal.root, "count": 3}
    assert committed.actor == moved.actor == generated.organiser


def test_sealing_twice_is_refused_and_changes_nothing():
    generated = edition_generate(categories=1, entries_per_category=1, judges=3)
    edition_seal(edition=generated.edition, actor=generated.organiser)
    before = snapshot(generated.edition)
    with pytest.raises(ValidationError, match="already sealed"):
        edition_seal(edition=generated.edition, actor=generated.organiser)
    assert snapshot(generated.edition) == before
    assert audit_actions(generated.edition).count("edition.sealed") == 1


@pytest.mark.parametrize("state", ["draft", "registration", "revealed"])
def test_sealing_outside_judging_is_refused(state):
    edition = EditionFactory(state=state, year=2040)
    with pytest.raises(ValidationError):
        edition_seal(edition=edition, actor=None)
    edition.refresh_from_db()
    assert edition.state == state
    assert not Seal.objects.filter(edition=edition).exists()


def test_an_error_in_the_middle_of_the_seal_leaves_judging_open_and_a_rerun_works(monkeypatch):
    generated = edition_generate(categories=1, entries_per_category=2, judges=3)
    before = snapshot(generated.edition)
    events_before = audit_actions()

    def broken_root(receipts):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(seal_service, "commitment_root", broken_root)
    with pytest.raises(RuntimeError):
        edition_seal(edition=generated.edition, actor=generated.organiser)
    assert snapshot(generated.edition) == before
    assert audit_actions() == events_before

    monkeypatch.undo()
    seal = edition_seal(edition=generated.edition, actor=generated.organiser)
    assert seal.root == expected_root(generated.edition)


def test_seal_command_prints_root_and_count(capsys):
    generated = edition_generate(categories=1, entries_per_category=1, judges=3)
    call_command("seal", generated.edition.slug)
    out = capsys.readouterr().out
    seal = Seal.objects.get(edition=generated.edition)
    assert f"root {seal.root}" in out.splitlines()
    assert "count 3" in out.splitlines()


def test_seal_command_refuses_a_second_seal_with_one_line():
    generated = edition_generate(categories=1, entries_per_category=1, judges=3)
    call_command("seal", generated.edition.slug)
    with pytest.raises(CommandError) as caught:
        call_command("seal", generated.edition.slug)
    assert str(caught.value) == f"The edition {generated.edition.slug} is already sealed."


def test_seal_command_refuses_an_unknown_edition():
    with pytest.raises(CommandError, match="No edition"):
        call_command("seal", "nope")


def test_commitment_page_is_404_before_the_seal_and_shows_the_root_after(client):
    generated = edition_generate(categories=1, entries_per_category=1, judges=3)
    url = reverse("judging:commitment", args=[generated.edition.slug])
    assert client.get(url).status_code == 404
    seal = edition_seal(edition=generated.edition, actor=generated.organiser)
    response = client.get(url)
    assert response.status_code == 200
    assert seal.root in response.content.decode()
    assert response.context["seal"].count == 3


def test_organiser_seals_with_the_button(client):
    generated = edition_generate(categories=1, entries_per_category=1, judges=3)
    client.force_login(generated.organiser)
    response = client.post(reverse("judging:seal", args=[generated.edition.slug]), {"confirm": "on"}, follow=True)
    assert response.status_code == 200
    generated.edition.refresh_from_db()
    assert generated.edition.state == Edition.State.SEALED
    assert Seal.objects.get(edition=generated.edition).root in response.content.decode()


def test_the_seal_button_needs_the_confirmation(client):
    generated = edition_generate(categories=1, entries_per_category=1, judges=3)
    client.force_login(generated.organiser)
    response = client.post(reverse("judging:seal", args=[generated.edition.slug]), follow=True)
    assert "Tick the box to confirm" in response.content.decode()
    generated.edition.refresh_from_db()
    assert generated.edition.state == Edition.State.JUDGING


def test_a_judge_cannot_seal(client):
    generated = edition_generate(categories=1, entries_per_category=1, judges=3)
    client.force_login(generated.judges[0].user)
    response = client.post(reverse("judging:seal", args=[generated.edition.slug]))
    assert response.status_code == 403
    generated.edition.refresh_from_db()
    assert generated.edition.state == Edition.State.JUDGING


def test_a_judge_downloads_an_inclusion_proof_that_verifies(client):
    generated = edition_generate(categories=2, entries_per_category=2, judges=3)
    seal = edition_seal(edition=generated.edition, actor=generated.organiser)
    judge = generated.judges[1]
    client.force_login(judge.user)
    for card in SealedScorecard.objects.filter(judge=judge):
        url = reverse("judging:inclusion_proof", args=[generated.edition.slug, card.receipt])
        response = client.get(url)
        assert response.status_code == 200
        proof = response.json()
        assert proof["root"] == seal.root
        assert proof["tree_size"] == 12
        assert verify_inclusion(
            leaf=leaf_from_receipt(card.receipt),
            index=proof["leaf_index"],
            tree_size=proof["tree_size"],
            proof=[bytes.fromhex(node) for node in proof["audit_path"]],
            root=bytes.fromhex(proof["root"]),
        )


def test_a_judge_sees_their_own_receipts_on_the_commitment_page(client):
    generated = edition_generate(categories=1, entries_per_category=2, judges=3)
    edition_seal(edition=generated.edition, actor=generated.organiser)
    judge, other = generated.judges[0], generated.judges[1]
    client.force_login(judge.user)
    body = client.get(reverse("judging:commitment", args=[generated.edition.slug])).content.decode()
    for card in SealedScorecard.objects.filter(judge=judge):
        assert reverse("judging:inclusion_proof", args=[generated.edition.slug, card.receipt]) in body
    for card in SealedScorecard.objects.filter(judge=other):
        assert card.receipt not in body


def test_inclusion_proof_of_another_judges_receipt_is_404(client):
    generated = edition_generate(categories=1, entries_per_category=1, judges=3)
    edition_seal(edition=generated.edition, actor=generated.organiser)
    other = SealedScorecard.objects.filter(judge=generated.judges[0]).first()
    for user in (generated.judges[1].user, UserFactory()):
        client.force_login(user)
        url = reverse("judging:inclusion_proof", args=[generated.edition.slug, other.receipt])
        assert client.get(url).status_code == 404


def test_inclusion_proof_before_the_seal_is_404(client):
    generated = edition_generate(categories=1, entries_per_category=1, judges=3)
    card = SealedScorecard.objects.filter(judge=generated.judges[0]).first()
    client.force_login(generated.judges[0].user)
    url = reverse("judging:inclusion_proof", args=[generated.edition.slug, card.receipt])
    assert client.get(url).status_code == 404


def test_scorecards_sealed_by_the_scoring_service_seal_reveal_and_verify():
    from judging.services.export import award_night_pack_build
    from judging.services.reveal import edition_reveal
    from judging.services.scoring import draft_save, scorecard_seal
    from judging.services.verification import pack_verify

    generated = edition_generate(categories=1, entries_per_category=2, judges=3)
    entry = EntryFactory(
        category=generated.categories[0], company=CompanyFactory(), status="submitted", submitted_at=timezone.now()
    )
    for judge in generated.judges:
        Assignment.objects.create(round=generated.round, entry=entry, judge=judge)
        scores = {f"{area}-{n}": 6 + n for area in AREA_ORDER for n in (1, 2)}
        draft_save(judge=judge, entry=entry, round=generated.round, scores=scores, notes={}, comment="Well done.")
        scorecard_seal(judge=judge, entry=entry, round=generated.round, actor=judge.user)
    seal = edition_seal(edition=generated.edition, actor=generated.organiser)
    assert seal.count == 9
    edition_reveal(edition=generated.edition, shares=generated.share_texts[:2], actor=None)
    assert pack_verify(award_night_pack_build(edition=generated.edition)).ok


def test_a_submission_after_the_seal_is_refused_not_lost():
    from judging.services.scoring import draft_save, scorecard_seal

    generated = edition_generate(categories=1, entries_per_category=1, judges=3)
    judge, entry = generated.judges[0], generated.entries[0]
    SealedScorecard.objects.filter(judge=judge).delete()
    scores = {f"{area}-{n}": 7 for area in AREA_ORDER for n in (1, 2)}
    draft_save(judge=judge, entry=entry, round=generated.round, scores=scores, notes={}, comment="")
    seal = edition_seal(edition=generated.edition, actor=generated.organiser)
    with pytest.raises(ValidationError):
        scorecard_seal(judge=judge, entry=entry, round=generated.round, actor=judge.user)
    assert seal.count == 2
    assert SealedScorecard.objects.filter(edition=generated.edition).count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_submission_racing_the_seal_is_either_in_the_root_or_refused():
    import threading

    from django.db import connection

    from judging.services.scoring import draft_save, scorecard_seal

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    generated = edition_generate(categories=1, entries_per_category=1, judges=3)
    judge, entry = generated.judges[0], generated.entries[0]
    SealedScorecard.objects.filter(judge=judge).delete()
    scores = {f"{area}-{n}": 7 for area in AREA_ORDER for n in (1, 2)}
    draft_save(judge=judge, entry=entry, round=generated.round, scores=scores, notes={}, comment="")
    barrier = threading.Barrier(2)
    outcome = {}

    def submit():
        try:
            barrier.wait(timeout=10)
            outcome["card"] = scorecard_seal(judge=judge, entry=entry, round=generated.round, actor=None)
        except ValidationError:
            outcome["card"] = None
        finally:
            connection.close()

    def close():
        try:
            barrier.wait(timeout=10)
            outcome["seal"] = edition_seal(edition=generated.edition, actor=None)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit), threading.Thread(target=close)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    seal = outcome["seal"]
    stored = SealedScorecard.objects.filter(edition=generated.edition, is_latest=True).count()
    assert seal.count == stored
    assert seal.root == expected_root(generated.edition)
    assert seal.count == (3 if outcome["card"] is not None else 2)


def test_the_public_home_page_shows_the_commitment_from_the_seal_on(client):
    generated = edition_generate(categories=1, entries_per_category=1, judges=3)
    assert "Sealed commitment" not in client.get(reverse("home")).text
    seal = edition_seal(edition=generated.edition, actor=generated.organiser)
    page = client.get(reverse("home")).text
    assert seal.root in page
    assert reverse("judging:commitment", args=[generated.edition.slug]) in page


@pytest.mark.parametrize(
    ("language", "heading"),
    [("id", "Periksa sendiri hasilnya"), ("en", "Verify the results yourself")],
)
def test_commitment_page_shows_the_verify_command_with_root_and_fingerprint(client, settings, language, heading):
    generated = edition_generate(categories=1, entries_per_category=1, judges=3)
    seal = edition_seal(edition=generated.edition, actor=generated.organiser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("judging:commitment", args=[generated.edition.slug]))
    body = response.content.decode()
    fingerprint = generated.key.fingerprint
    command = (
        f"python manage.py verify_results {generated.edition.slug}-award-night.zip "
        f"--expected-root {seal.root} --expected-fingerprint {fingerprint}"
    )
    assert response.context["verify_command"] == command
    assert f'<pre class="verify-command mb-2" id="verify-command"><code>{command}</code></pre>' in body
    assert f'<code class="fingerprint">{fingerprint_display(fingerprint)}</code>' in body
    assert f'<html lang="{language}">' in body
    assert heading in body
    assert "<script>" not in body  # the copy button's script is a static file (CSP)
