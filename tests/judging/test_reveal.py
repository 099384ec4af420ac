import itertools
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from awards.models import AuditEvent, Award, Edition
from judging import sealing
from judging.models import Reveal, SealedScorecard
from judging.services import reveal as reveal_service
from judging.services.reveal import CERTIFICATE_ALPHABET, RevealError, edition_reveal
from tests.factories import UserFactory
from tests.generated_edition import edition_generate, generated_sealed, snapshot

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def failed_reveal_events(edition) -> list[dict]:
    return list(AuditEvent.objects.filter(edition=edition, action="reveal.failed").values_list("payload", flat=True))


def test_reveal_stores_results_awards_and_moves_the_edition():
    generated = generated_sealed(categories=2, entries_per_category=3, judges=3)
    reveal = edition_reveal(edition=generated.edition, shares=generated.share_texts[:2], actor=generated.organiser)

    generated.edition.refresh_from_db()
    assert generated.edition.state == Edition.State.REVEALED
    assert reveal.holder_indices == [1, 2]
    assert reveal.results["commitment"] == {"root": generated.edition.seal.root, "count": 18}
    assert [block["category"] for block in reveal.results["rankings"]] == [c.code for c in generated.categories]
    awards = Award.objects.filter(edition=generated.edition)
    # Ranked places: winner, 1st and 2nd runner-up in each category of three entries.
    assert sorted(awards.values_list("kind", flat=True)) == sorted(["winner", "runner_up_1", "runner_up_2"] * 2)
    for award in awards:
        assert re.fullmatch(f"[{CERTIFICATE_ALPHABET}]{{10,12}}", award.certificate_code)
    assert len({award.certificate_code for award in awards}) == 6
    key = sealing.private_key_from_pem(bytes(reveal.private_key_pem))
    assert key.public_key().public_bytes_raw() == generated.key.public_key
    events = AuditEvent.objects.filter(edition=generated.edition).order_by("-seq")[:2]
    assert [event.action for event in events] == ["reveal.completed", "edition.revealed"]
    event = events[0]
    assert event.payload == {"root": generated.edition.seal.root, "count": 18, "holders": [1, 2], "awards": 6}
    assert "score" not in str(event.payload)


def test_a_certificate_code_already_printed_for_another_edition_is_never_given_again(monkeypatch):
    first = generated_sealed(categories=1, entries_per_category=3, judges=3)
    edition_reveal(edition=first.edition, shares=first.share_texts[:2], actor=None)
    printed = set(Award.objects.values_list("certificate_code", flat=True))
    fresh = iter(["ACDEFGHJKMNP", "ACDEFGHJKMNQ", "ACDEFGHJKMNR", "ACDEFGHJKMNT"])
    draws = iter([*sorted(printed), "ACDEFGHJKMNP", "ACDEFGHJKMNP"])  # every old code, and one code twice
    monkeypatch.setattr(reveal_service, "_certificate_code_random", lambda: next(draws, None) or next(fresh))

    second = generated_sealed(categories=1, entries_per_category=3, judges=3)
    edition_reveal(edition=second.edition, shares=second.share_texts[:2], actor=None)
    codes = list(Award.objects.filter(edition=second.edition).values_list("certificate_code", flat=True))
    assert len(codes) == len(set(codes)) == 3
    assert not set(codes) & printed


def test_an_award_left_over_for_an_entry_fails_the_reveal_and_changes_nothing():
    generated = generated_sealed(categories=1, entries_per_category=3, judges=3)
    entry = generated.categories[0].entries.order_by("pk").first()
    Award.objects.create(
        edition=generated.edition, category=entry.category, entry=entry, kind="winner", rank=1, score=90,
        certificate_code="ACDEFGHJKMNP",
    )
    before = snapshot(generated.edition)
    with pytest.raises(ValidationError, match="already exists"):
        edition_reveal(edition=generated.edition, shares=generated.share_texts[:2], actor=None)
    assert snapshot(generated.edition) == before
    assert failed_reveal_events(generated.edition)[0]["error"] == "ValidationError"


def test_every_k_subset_of_shares_reveals_and_k_minus_1_fail():
    holders, threshold = 4, 2
    for subset in itertools.combinations(range(holders), threshold):
        generated = generated_sealed(
            categories=1, entries_per_category=1, judges=3, holders=holders, threshold=threshold
        )
        shares = [generated.share_texts[i] for i in subset]
        reveal = edition_reveal(edition=generated.edition, shares=shares, actor=None)
        assert reveal.holder_indices == [i + 1 for i in subset]
    generated = generated_sealed(categories=1, entries_per_category=1, judges=3, holders=4, threshold=3)
    for subset in itertools.combinations(range(4), 2):
        before = snapshot(generated.edition)
        with pytest.raises(RevealError, match="3 shares are needed to reveal; 2 were given"):
            edition_reveal(edition=generated.edition, shares=[generated.share_texts[i] for i in subset], actor=None)
        assert snapshot(generated.edition) == before


def test_a_wrong_share_names_its_holder_and_changes_nothing():
    generated = generated_sealed(categories=1, entries_per_category=2, judges=3)
    other = edition_generate(categories=1, entries_per_category=1, judges=3)  # another ceremony's shares
    before = snapshot(generated.edition)
    foreign_second = other.key.shares[1]
    with pytest.raises(RevealError) as caught:
        edition_reveal(
            edition=generated.edition, shares=[generated.share_texts[0], foreign_second.to_text()], actor=None
        )
    message = str(caught.value)
    assert "key holder 2 (Holder2 Key)" in message
    assert "does not match the commitment" in message
    assert snapshot(generated.edition) == before
    assert failed_reveal_events(generated.edition) == [{"reason": message, "error": "RevealError"}]


def test_a_mistyped_share_fails_clearly():
    generated = generated_sealed(categories=1, entries_per_category=1, judges=3)
    broken = generated.share_texts[1].replace("share: ", "share: 0", 1)
    with pytest.raises(RevealError, match="Share number 2 cannot be read"):
        edition_reveal(edition=generated.edition, shares=[generated.share_texts[0], broken], actor=None)
    generated.edition.refresh_from_db()
    assert generated.edition.state == Edition.State.SEALED


def test_the_same_share_twice_is_refused():
    generated = generated_sealed(categories=1, entries_per_category=1, judges=3)
    with pytest.raises(RevealError, match="was given twice"):
        edition_reveal(edition=generated.edition, shares=[generated.share_texts[0]] * 2, actor=None)


def test_a_swapped_ciphertext_names_the_entry_and_the_judge():
    generated = generated_sealed(categories=1, entries_per_category=2, judges=3)
    first, second = SealedScorecard.objects.filter(edition=generated.edition).order_by("pk")[:2]
    # Move the second ciphertext (and its receipt) onto the first card: the receipt matches, the binding does not.
    SealedScorecard.objects.filter(pk=second.pk).update(receipt="0" * 64)
    SealedScorecard.objects.filter(pk=first.pk).update(ciphertext=bytes(second.ciphertext), receipt=second.receipt)
    first.refresh_from_db()
    before = snapshot(generated.edition)
    with pytest.raises(RevealError) as caught:
        edition_reveal(edition=generated.edition, shares=generated.share_texts[:2], actor=None)
    assert str(caught.value) == (
        f"The scorecard of {first.judge.pseudonym} for {first.entry.reference} cannot be opened with its binding."
    )
    assert snapshot(generated.edition) == before


def test_a_receipt_that_does_not_match_its_ciphertext_is_named():
    generated = generated_sealed(categories=1, entries_per_category=1, judges=3)
    card = SealedScorecard.objects.filter(edition=generated.edition).order_by("pk").first()
    SealedScorecard.objects.filter(pk=card.pk).update(ciphertext=bytes(card.ciphertext)[:-1] + b"\x00")
    expected = f"receipt of the scorecard of {card.judge.pseudonym} for {card.entry.reference}"
    with pytest.raises(RevealError, match=expected):
        edition_reveal(edition=generated.edition, shares=generated.share_texts[:2], actor=None)


def test_a_root_mismatch_fails():
    generated = generated_sealed(categories=1, entries_per_category=1, judges=3)
    seal = generated.edition.seal
    seal.root = "ab" * 32
    seal.save()
    before = snapshot(generated.edition)
    with pytest.raises(RevealError, match="do not give the sealed root"):
        edition_reveal(edition=generated.edition, shares=generated.share_texts[:2], actor=None)
    assert snapshot(generated.edition) == before


def test_revealing_an_edition_that_is_not_sealed_is_refused():
    generated = edition_generate(categories=1, entries_per_category=1, judges=3)
    with pytest.raises(ValidationError, match="cannot be revealed"):
        edition_reveal(edition=generated.edition, shares=generated.share_texts[:2], actor=None)
    generated.edition.refresh_from_db()
    assert generated.edition.state == Edition.State.JUDGING


def test_an_error_in_the_middle_of_the_reveal_leaves_the_edition_sealed_and_a_rerun_works(monkeypatch):
    generated = generated_sealed(categories=2, entries_per_category=2, judges=3)
    before = snapshot(generated.edition)

    def broken_tally(**kwargs):
        raise RuntimeError("tally crashed")

    monkeypatch.setattr(reveal_service, "results_tally", broken_tally)
    with pytest.raises(RuntimeError):
        edition_reveal(edition=generated.edition, shares=generated.share_texts[1:], actor=generated.organiser)
    assert snapshot(generated.edition) == before
    assert failed_reveal_events(generated.edition) == [{"reason": "tally crashed", "error": "RuntimeError"}]

    monkeypatch.undo()
    edition_reveal(edition=generated.edition, shares=generated.share_texts[1:], actor=generated.organiser)
    generated.edition.refresh_from_db()
    assert generated.edition.state == Edition.State.REVEALED


def test_revealing_twice_is_refused():
    generated = generated_sealed(categories=1, entries_per_category=1, judges=3)
    edition_reveal(edition=generated.edition, shares=generated.share_texts[:2], actor=None)
    with pytest.raises(ValidationError, match="not “sealed”"):
        edition_reveal(edition=generated.edition, shares=generated.share_texts[:2], actor=None)
    assert Reveal.objects.filter(edition=generated.edition).count() == 1


def test_reveal_command_with_share_files(tmp_path, capsys):
    generated = generated_sealed(categories=1, entries_per_category=3, judges=3)
    files = []
    for index in (0, 2):
        path = tmp_path / f"share-{index}.txt"
        path.write_text(generated.share_texts[index])
        files += ["--share-file", str(path)]
    call_command("reveal", generated.edition.slug, *files)
    assert capsys.readouterr().out.startswith(f"revealed {generated.edition.slug}: 3 awards")


def test_reveal_command_refuses_an_unsealed_edition_with_one_line(tmp_path):
    generated = edition_generate(categories=1, entries_per_category=1, judges=3)
    path = tmp_path / "share.txt"
    path.write_text(generated.share_texts[0])
    with pytest.raises(CommandError) as caught:
        call_command("reveal", generated.edition.slug, "--share-file", str(path))
    assert "\n" not in str(caught.value)
    assert "cannot be revealed" in str(caught.value)


def test_reveal_command_with_too_few_shares(tmp_path):
    generated = generated_sealed(categories=1, entries_per_category=1, judges=3)
    path = tmp_path / "share.txt"
    path.write_text(generated.share_texts[0])
    with pytest.raises(CommandError, match="2 shares are needed to reveal; 1 was given"):
        call_command("reveal", generated.edition.slug, "--share-file", str(path))


# --- the ceremony page ---


def test_ceremony_page_is_for_organisers_and_key_holders(client):
    generated = generated_sealed(categories=1, entries_per_category=1, judges=3)
    url = reverse("judging:ceremony", args=[generated.edition.slug])
    for user, status in [
        (generated.organiser, 200),
        (generated.holders[0].user, 200),
        (generated.judges[0].user, 403),
        (UserFactory(), 403),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status
        # Who may not use the page at all learns nothing from the slug: an unknown one is 403 too.
        unknown = client.get(reverse("judging:ceremony", args=["unknown"])).status_code
        assert unknown == (404 if status == 200 else 403)


def ceremony_post(client, generated, *, root_prefix=None, count=None, shares=()):
    seal = generated.edition.seal
    data = {
        "confirm_root": root_prefix if root_prefix is not None else seal.root[:8],
        "confirm_count": count if count is not None else seal.count,
    }
    for slot, text in enumerate(shares, start=1):
        data[f"share_{slot}"] = text
    return client.post(reverse("judging:ceremony", args=[generated.edition.slug]), data)


def test_an_organiser_reveals_on_the_ceremony_page_and_sees_the_results(client):
    generated = generated_sealed(categories=1, entries_per_category=2, judges=3)
    client.force_login(generated.organiser)
    response = ceremony_post(client, generated, shares=generated.share_texts[:2])
    assert response.status_code == 302
    assert response["Location"] == reverse("judging:results", args=[generated.edition.slug])
    generated.edition.refresh_from_db()
    assert generated.edition.state == Edition.State.REVEALED


def test_a_share_file_upload_counts(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    generated = generated_sealed(categories=1, entries_per_category=1, judges=3)
    client.force_login(generated.organiser)
    seal = generated.edition.seal
    data = {
        "confirm_root": seal.root[:8],
        "confirm_count": seal.count,
        "share_1": generated.share_texts[0],
        "share_file_2": SimpleUploadedFile("share.txt", generated.share_texts[2].encode()),
    }
    response = client.post(reverse("judging:ceremony", args=[generated.edition.slug]), data)
    assert response.status_code == 302
    assert Reveal.objects.get(edition=generated.edition).holder_indices == [1, 3]


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"root_prefix": "00000000"}, "This is not how the sealed root starts."),
        ({"count": 99}, "This is not the number of scorecards that was sealed."),
    ],
)
def test_the_commitment_must_be_confirmed(client, override, message):
    generated = generated_sealed(categories=1, entries_per_category=1, judges=3)
    client.force_login(generated.organiser)
    before = snapshot(generated.edition)
    response = ceremony_post(client, generated, shares=generated.share_texts[:2], **override)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot(generated.edition) == before


def test_a_failed_reveal_on_the_page_shows_the_reason(client):
    generated = generated_sealed(categories=1, entries_per_category=1, judges=3)
    client.force_login(generated.organiser)
    response = ceremony_post(client, generated, shares=generated.share_texts[:1])
    assert response.status_code == 200
    assert "2 shares are needed to reveal; 1 was given." in response.content.decode()
    generated.edition.refresh_from_db()
    assert generated.edition.state == Edition.State.SEALED


def test_a_judge_cannot_post_shares(client):
    generated = generated_sealed(categories=1, entries_per_category=1, judges=3)
    client.force_login(generated.judges[0].user)
    assert ceremony_post(client, generated, shares=generated.share_texts[:2]).status_code == 403


def test_a_failed_reveal_never_echoes_a_share_back(client):
    generated = generated_sealed(categories=1, entries_per_category=1, judges=3)
    client.force_login(generated.organiser)
    response = ceremony_post(client, generated, shares=generated.share_texts[:1])
    share_line = generated.share_texts[0].splitlines()[2]
    assert share_line not in response.content.decode()


def test_a_key_holder_who_reveals_comes_back_to_the_ceremony_page(client):
    generated = generated_sealed(categories=1, entries_per_category=1, judges=3)
    client.force_login(generated.holders[1].user)
    response = ceremony_post(client, generated, shares=["", generated.share_texts[1], generated.share_texts[2]])
    assert response.status_code == 302
    assert response["Location"] == reverse("judging:ceremony", args=[generated.edition.slug])
    page = client.get(response["Location"])
    assert "The edition is revealed. Thank you, key holders." in page.content.decode()


def test_a_mistyped_share_on_the_page_names_its_slot(client):
    generated = generated_sealed(categories=1, entries_per_category=1, judges=3)
    client.force_login(generated.organiser)
    broken = generated.share_texts[2].replace("check: ", "check: 0", 1)
    response = ceremony_post(client, generated, shares=[generated.share_texts[0], "", broken])
    assert "Share number 3 cannot be read" in response.content.decode()
