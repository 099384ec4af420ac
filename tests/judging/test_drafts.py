"""Drafts at rest (issue 14, attack 2) and padded scorecards (attack 6): drafts are encrypted with a key that is
not in the database, bound to their row, rotatable, and gone after the seal; every sealed scorecard has the
same length whatever its scores and text."""

import base64
import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from judging import sealing
from judging.forms.scoring import ScorecardForm
from judging.models import AREA_ORDER, COMMENT_MAX_LENGTH, NOTE_MAX_LENGTH, ScorecardDraft, SealedScorecard
from judging.services.scoring import scorecard_seal
from judging.services.seal import edition_seal
from tests.cast import draft_content, draft_create, full_scores

pytestmark = pytest.mark.django_db

OLD_KEY = ("2026a", b"\x01" * 32)
NEW_KEY = ("2026b", b"\x02" * 32)
SEALED_LENGTH = 32 + sealing.SCORECARD_BUCKET_BYTES + 16  # HPKE encapsulated key, one bucket, AES-GCM tag


def _url(name, entry):
    return reverse(f"judging:{name}", kwargs={"pk": entry.pk})


def _save(client, world, judge, entry, **data):
    client.force_login(judge.user)
    response = client.post(_url("scorecard", entry), {**data, "save": "1"})
    assert response.status_code == 302, response.content.decode()


# --- deletion -------------------------------------------------------------------------------------


def test_sealing_a_scorecard_deletes_its_draft_and_the_edition_seal_deletes_every_other(client, world, edition_in):
    _save(client, world, world.alice, world.entry_a, **full_scores(world))
    _save(client, world, world.alice, world.entry_b, comment="half way")
    _save(client, world, world.bob, world.entry_b, comment="started")
    client.force_login(world.alice.user)
    client.post(_url("scorecard_review", world.entry_a))

    assert SealedScorecard.objects.count() == 1
    assert not ScorecardDraft.objects.filter(judge=world.alice, entry=world.entry_a).exists()
    assert ScorecardDraft.objects.filter(round__edition=world.edition).count() == 2
    other = edition_in("judging", scored=False, keys=False)  # another edition, still judging: its drafts stay
    draft_create(judge=other.alice, entry=other.entry_a, round=other.round, comment="elsewhere")

    edition_seal(edition=world.edition, actor=world.organiser)

    assert not ScorecardDraft.objects.filter(round__edition=world.edition).exists()
    assert list(ScorecardDraft.objects.values_list("judge_id", flat=True)) == [other.alice.pk]


def test_reopening_a_scorecard_creates_no_draft_and_audits_no_score(client, world):
    _save(client, world, world.alice, world.entry_a, **{**full_scores(world), "comment": "zebra-canary-4711"})
    client.post(_url("scorecard_review", world.entry_a))
    sealed = SealedScorecard.objects.get()
    client.force_login(world.organiser)
    client.post(reverse("judging:reopen", kwargs={"pk": sealed.pk}), {"reason": "Judge asked"})

    assert SealedScorecard.objects.get().is_latest is False
    assert not ScorecardDraft.objects.exists()
    from awards.models import AuditEvent

    assert AuditEvent.objects.get(action="scorecard.reopened").payload == {
        "receipt": sealed.receipt, "version": 1, "reason": "Judge asked"
    }
    client.force_login(world.alice.user)  # the judge scores again from an empty form
    page = client.get(_url("scorecard", world.entry_a)).content.decode()
    assert "zebra-canary-4711" not in page and " checked>" not in page


# --- binding --------------------------------------------------------------------------------------


def test_a_draft_copied_to_another_judges_row_does_not_open(client, caplog, world):
    _save(client, world, world.alice, world.entry_b, **{**full_scores(world, value=9), "comment": "alice's words"})
    _save(client, world, world.bob, world.entry_b, comment="bob's words")
    alices = ScorecardDraft.objects.get(judge=world.alice)
    ScorecardDraft.objects.filter(judge=world.bob).update(ciphertext=alices.ciphertext, key_id=alices.key_id)

    copied = draft_content(judge=world.bob, entry=world.entry_b, round=world.round)
    assert (copied.readable, copied.scores, copied.notes, copied.comment) == (False, {}, {}, "")
    client.force_login(world.bob.user)
    page = client.get(_url("scorecard", world.entry_b)).content.decode()
    assert "Your saved draft could not be opened" in page
    assert "alice&#x27;s words" not in page and "alice's words" not in page and " checked>" not in page
    with pytest.raises(Exception, match="could not be opened"):
        scorecard_seal(judge=world.bob, entry=world.entry_b, round=world.round, actor=world.bob.user)
    assert not SealedScorecard.objects.exists()
    assert "alice's words" not in caplog.text
    assert draft_content(judge=world.alice, entry=world.entry_b, round=world.round).comment == "alice's words"


@pytest.mark.parametrize("moved", [{"judge": 8}, {"entry": 43}, {"round": 2}, {"key_id": "other"}])
def test_a_draft_opens_only_where_it_was_written(moved):
    place = {"key_id": "k1", "round": 1, "judge": 7, "entry": 42}
    ciphertext = sealing.draft_encrypt(content={"comment": "x"}, key=b"\x03" * 32, **place)
    assert sealing.draft_decrypt(ciphertext=ciphertext, key=b"\x03" * 32, **place) == {"comment": "x"}
    with pytest.raises(sealing.DraftOpenError, match="does not open"):
        sealing.draft_decrypt(ciphertext=ciphertext, key=b"\x03" * 32, **{**place, **moved})
    with pytest.raises(sealing.DraftOpenError):
        sealing.draft_decrypt(ciphertext=ciphertext, key=b"\x04" * 32, **place)
    assert len(ciphertext) == 12 + sealing.SCORECARD_BUCKET_BYTES + 16  # padded like a scorecard


# --- rotation -------------------------------------------------------------------------------------


def test_key_rotation_keeps_drafts_and_rekey_moves_them_to_the_newest_key(client, settings, edition_in):
    settings.DRAFT_KEYS = [OLD_KEY]
    world = edition_in("judging", scored=False)
    first = world.criteria[0].code
    _save(client, world, world.alice, world.entry_a, **{f"score_{first}": "4", "comment": "under the old key"})
    assert ScorecardDraft.objects.get().key_id == "2026a"

    settings.DRAFT_KEYS = [NEW_KEY, OLD_KEY]  # a new key first; the old one still listed
    assert draft_content(judge=world.alice, entry=world.entry_a, round=world.round).comment == "under the old key"
    _save(client, world, world.alice, world.entry_b, comment="under the new key")
    updated_at = ScorecardDraft.objects.get(entry=world.entry_a).updated_at
    call_command("rekey_drafts", stdout=(out := _Output()))
    assert out.text.splitlines() == ["current key 2026b", "re-encrypted 1", "already current 1"]
    assert sorted(ScorecardDraft.objects.values_list("key_id", flat=True)) == ["2026b", "2026b"]
    assert ScorecardDraft.objects.get(entry=world.entry_a).updated_at == updated_at  # not the judge's change

    settings.DRAFT_KEYS = [NEW_KEY]  # the old key dropped: nothing lost
    draft = draft_content(judge=world.alice, entry=world.entry_a, round=world.round)
    assert (draft.readable, draft.scores, draft.comment) == (True, {first: 4}, "under the old key")


def test_dropping_a_key_before_rekeying_loses_its_drafts_and_rekey_says_so(settings, edition_in):
    settings.DRAFT_KEYS = [OLD_KEY]
    world = edition_in("judging", scored=False, keys=False)
    draft = draft_create(judge=world.alice, entry=world.entry_a, round=world.round, comment="old")
    settings.DRAFT_KEYS = [NEW_KEY]
    assert draft_content(judge=world.alice, entry=world.entry_a, round=world.round).readable is False
    with pytest.raises(CommandError, match=rf"1 draft\(s\) did not open .* \(ids {draft.pk}\)"):
        call_command("rekey_drafts", stdout=_Output())
    assert ScorecardDraft.objects.get().key_id == "2026a"  # left as it was


def test_rekey_drafts_prints_a_new_key_entry():
    call_command("rekey_drafts", "--new-key", "2027a", stdout=(out := _Output()))
    key_id, encoded = out.text.strip().split(":")
    assert key_id == "2027a" and len(base64.urlsafe_b64decode(encoded)) == 32


class _Output:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text if text.endswith("\n") else text + "\n"

    def flush(self):
        pass


# --- padding --------------------------------------------------------------------------------------


def test_the_largest_and_the_smallest_scorecard_have_sealed_ciphertexts_of_equal_length(client, world):
    longest = {f"note_{area}": "\U0001f600" * NOTE_MAX_LENGTH for area in AREA_ORDER}  # 4 bytes each in UTF-8
    longest["comment"] = '"' + "\U0001f600" * (COMMENT_MAX_LENGTH - 1)
    _save(client, world, world.alice, world.entry_a, **{**full_scores(world, value=10), **longest})
    client.post(_url("scorecard_review", world.entry_a))
    smallest = {**full_scores(world, value=1), "comment": ""} | {f"note_{area}": "" for area in AREA_ORDER}
    _save(client, world, world.bob, world.entry_b, **smallest)
    client.force_login(world.bob.user)
    client.post(_url("scorecard_review", world.entry_b))

    lengths = sorted(len(bytes(c)) for c in SealedScorecard.objects.values_list("ciphertext", flat=True))
    assert lengths == [SEALED_LENGTH, SEALED_LENGTH] == [16432, 16432]


def test_the_worst_case_payload_fits_one_bucket():
    """The largest payload the form and the models allow: 20 criteria with 40-character codes, every text at
    its limit in 4-byte characters, the longest slug and pseudonym."""
    payload = {
        "scores": {f"{i:02d}" + "c" * 38: 10 for i in range(20)},
        "notes": {str(area): "\U0001f600" * NOTE_MAX_LENGTH for area in AREA_ORDER},
        "comment": "\U0001f600" * COMMENT_MAX_LENGTH,
        "edition": "e" * 60, "round": 32767, "entry": 2**63 - 1, "judge": "J" * 20, "version": 100,
        "rubric": "f" * 64,
    }
    assert len(sealing.canonical_json(payload)) < sealing.SCORECARD_BUCKET_BYTES - 100
    key = os.urandom(32)
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    private_key = X25519PrivateKey.from_private_bytes(key)
    public = private_key.public_key().public_bytes_raw()
    ciphertext = sealing.scorecard_encrypt(payload=payload, public_key_bytes=public, info=b"x|1|J|1|1")
    assert len(ciphertext) == SEALED_LENGTH
    assert sealing.scorecard_decrypt(ciphertext=ciphertext, private_key=private_key, info=b"x|1|J|1|1") == payload


def test_a_scorecard_sealed_before_padding_still_opens_and_bad_padding_is_refused():
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    private_key = X25519PrivateKey.generate()
    payload = {"scores": {"a": 7}, "comment": "old"}
    legacy = sealing.SUITE.encrypt(
        sealing.canonical_json({**payload, "nonce": "0" * 32}), private_key.public_key(), info=b"i"
    )
    assert len(legacy) == 48 + len(sealing.canonical_json({**payload, "nonce": "0" * 32}))
    assert sealing.scorecard_decrypt(ciphertext=legacy, private_key=private_key, info=b"i") == payload
    padded = sealing.pad(b'{"nonce":"x"}')
    assert sealing.unpad(padded) == b'{"nonce":"x"}' and len(padded) == sealing.SCORECARD_BUCKET_BYTES
    for bad in (padded[:-1], padded[:-1] + b"\x01", b'{"nonce":"x"}' + bytes(1024 - 13)):
        damaged = sealing.SUITE.encrypt(bad, private_key.public_key(), info=b"i")
        with pytest.raises(sealing.ScorecardOpenError):
            sealing.scorecard_decrypt(ciphertext=damaged, private_key=private_key, info=b"i")


@pytest.mark.parametrize(
    ("field", "bad", "message"),
    [
        ("comment", "x" * (COMMENT_MAX_LENGTH + 1), f"Keep this to at most {COMMENT_MAX_LENGTH} characters"),
        ("note_people", "x" * (NOTE_MAX_LENGTH + 1), f"Keep this to at most {NOTE_MAX_LENGTH} characters"),
        ("comment", "bell\x07", "Remove the invisible control characters"),
    ],
)
def test_the_form_refuses_text_that_would_not_fit_the_bucket(field, bad, message, edition_in):
    world = edition_in("judging", scored=False, keys=False)
    form = ScorecardForm({field: bad}, criteria=world.criteria)
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


@pytest.mark.parametrize(("field", "limit"), [("comment", COMMENT_MAX_LENGTH), ("note_people", NOTE_MAX_LENGTH)])
def test_the_form_accepts_text_up_to_the_limit_with_tabs_and_line_breaks(field, limit, edition_in):
    world = edition_in("judging", scored=False, keys=False)
    text = "a\t" + "\U0001f600" * (limit - 5) + "\r\nz"
    assert len(text) == limit
    assert ScorecardForm({field: text}, criteria=world.criteria).is_valid()


# --- logs -----------------------------------------------------------------------------------------


def test_scoring_request_bodies_reach_no_log_record(client, caplog, settings, edition_in):
    """Saves, autosaves refused as invalid (400) or closed (409), a seal: at DEBUG level, no log record carries
    what the judge typed; and no log handler mails error reports (which would carry request bodies)."""
    import logging

    assert all("mail_admins" not in logger.get("handlers", []) for logger in settings.LOGGING["loggers"].values())
    caplog.set_level(logging.DEBUG)
    world = edition_in("judging", scored=False)
    canary = "zebra-canary-4711"
    client.force_login(world.alice.user)
    code = world.criteria[0].code
    client.post(_url("scorecard_autosave", world.entry_a), {"note_people": canary})
    client.post(_url("scorecard_autosave", world.entry_a), {f"score_{code}": "11", "comment": canary})
    client.post(_url("scorecard", world.entry_a), {**full_scores(world), "comment": canary, "save": "1"})
    client.post(_url("scorecard_review", world.entry_a))
    client.post(_url("scorecard_autosave", world.entry_a), {"comment": canary})  # sealed: refused
    assert SealedScorecard.objects.count() == 1
    for record in caplog.records:
        assert canary not in record.getMessage()
        assert canary not in repr(record.__dict__)
