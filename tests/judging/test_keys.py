"""Key ceremony: holders named, holder keys enrolled, shares encrypted to them; share checks with key files,
re-keying rules, keygen/check_share/open_judging commands."""

import base64
import os
import stat

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from awards.models import AuditEvent, Edition
from judging import holder_key, sealing
from judging.models import KeyCeremony, KeyHolder, Round, Rubric
from judging.services.keys import encrypted_share_of, judging_open_problems, key_ceremony_begin
from judging.services.scoring import scorecard_seal
from tests.cast import (
    draft_create,
    holder_keyed_ceremony,
    judging_date_reached,
    share_in_holder_file,
    submitted_entry,
)
from tests.factories import CategoryFactory, EditionFactory, OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db


def _web_ceremony(client, edition, organiser, holders, threshold=2):
    client.force_login(organiser)
    return client.post(
        reverse("judging:keys", kwargs={"slug": edition.slug}),
        {"emails": "\n".join(u.email for u in holders), "threshold": str(threshold)},
    )


def _public(key) -> str:
    return base64.b64encode(key.public_key().public_bytes_raw()).decode()


def _enrol_all(client, ceremony, holders) -> list:
    """Each holder enrols a key of their own on their page (as the browser's button does); returns the keys."""
    keys = []
    for holder in holders:
        key = sealing.holder_key_generate()
        client.force_login(holder)
        response = client.post(reverse("judging:my_share", kwargs={"ceremony_id": ceremony.pk}),
                               {"public_key": _public(key)})
        assert response.status_code == 302, response.content.decode()
        keys.append(key)
    return keys


def test_organiser_names_the_holders_each_enrols_a_key_then_the_key_is_made(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    edition = EditionFactory()
    organiser = OrganiserFactory()
    holders = [UserFactory(two_factor=True) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        response = _web_ceremony(client, edition, organiser, holders)
    assert response.status_code == 302
    assert not KeyCeremony.objects.filter(edition=edition, is_active=True).exists()
    ceremony = KeyCeremony.objects.get(edition=edition, made_at__isnull=True)
    assert (ceremony.threshold, ceremony.holders_count, ceremony.public_key) == (2, 3, b"")
    rows = list(ceremony.holders.order_by("index"))
    assert [(h.index, h.user) for h in rows] == [(1, holders[0]), (2, holders[1]), (3, holders[2])]
    url = reverse("judging:my_share", kwargs={"ceremony_id": ceremony.pk})
    assert sorted(m.to[0] for m in mailoutbox) == sorted(h.email for h in holders)
    assert all(url in m.body and "enrol" in m.body for m in mailoutbox)

    client.force_login(holders[1])
    assert url in client.get(reverse("judging:share_check")).content.decode()
    page = client.get(url).content.decode()
    assert "data-holder-key-generate" in page and "js/holder_key.js" in page
    client.force_login(organiser)
    assert "1 key holder(s)" not in client.get(reverse("judging:keys", kwargs={"slug": edition.slug})).content.decode()
    refused = client.post(reverse("judging:keys_make", kwargs={"slug": edition.slug}))
    assert refused.status_code == 302
    assert KeyCeremony.objects.get(pk=ceremony.pk).made_at is None

    keys = _enrol_all(client, ceremony, holders)
    assert AuditEvent.objects.filter(action="keys.holder_enrolled").count() == 3
    mailoutbox.clear()
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        made = client.post(reverse("judging:keys_make", kwargs={"slug": edition.slug}))
    assert made.status_code == 302
    ceremony.refresh_from_db()
    assert ceremony.is_active and ceremony.made_at is not None and len(bytes(ceremony.public_key)) == 32
    assert AuditEvent.objects.get(action="keys.created").payload["fingerprint"] == ceremony.fingerprint
    assert sorted(m.to[0] for m in mailoutbox) == sorted(h.email for h in holders)
    for holder, key in zip(ceremony.holders.order_by("index"), keys, strict=True):
        encrypted = encrypted_share_of(holding=holder)
        share = sealing.share_decrypt(encrypted=encrypted, private_key=key)
        assert sealing.share_matches_commitment(share=share, commitment=holder.commitment)
        assert not any(share.hex[:8] in m.body for m in mailoutbox)

    # The holder checks the share with the key file alone; the page after it shows the state, not a share.
    client.force_login(holders[1])
    upload = SimpleUploadedFile("key.txt", sealing.holder_key_file_text(keys[1]).encode(), content_type="text/plain")
    response = client.post(reverse("judging:share_check"), {"holding": rows[1].pk, "share_file": upload})
    assert response.context["result"] is True
    page = client.get(url).content.decode()
    assert "If your key file is lost, your share is lost" in page
    assert f'download="{edition.slug}-share-2.txt"' in page  # the encrypted share, for the command line
    assert client.post(url, {"public_key": _public(sealing.holder_key_generate())}).status_code == 302
    assert bytes(KeyHolder.objects.get(pk=rows[1].pk).public_key) == keys[1].public_key().public_bytes_raw()

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_enrolment_refuses_a_bad_or_shared_key_and_judging_waits_for_every_holder(client):
    edition = EditionFactory(state=Edition.State.REGISTRATION)
    organiser = OrganiserFactory()
    holders = [UserFactory(two_factor=True) for _ in range(3)]
    _web_ceremony(client, edition, organiser, holders)
    ceremony = KeyCeremony.objects.get(edition=edition)
    url = reverse("judging:my_share", kwargs={"ceremony_id": ceremony.pk})
    client.force_login(holders[0])
    response = client.post(url, {"public_key": "not a key"})
    assert response.status_code == 200
    assert "This is not a holder public key" in response.content.decode()
    key = _public(sealing.holder_key_generate())
    assert client.post(url, {"public_key": key}).status_code == 302
    client.force_login(holders[1])
    response = client.post(url, {"public_key": key})
    assert "Another key holder enrolled this same key" in response.content.decode()
    assert KeyHolder.objects.filter(ceremony=ceremony, enrolled_at__isnull=False).count() == 1
    assert "2 key holder(s) have not enrolled their holder key yet." in judging_open_problems(edition=edition)


def test_keys_page_validates_holders_and_threshold(client):
    edition = EditionFactory()
    organiser = OrganiserFactory()
    holders = [UserFactory(two_factor=True) for _ in range(3)]
    response = _web_ceremony(client, edition, organiser, holders, threshold=3)
    assert "k can be at most 2" in response.content.decode()
    response = _web_ceremony(client, edition, organiser, holders[:2])
    assert "at least three key holders" in response.content.decode()
    client.post(reverse("judging:keys", kwargs={"slug": edition.slug}),
                {"emails": "nobody@example.test, a@b.c, " + holders[0].email, "threshold": "2"})
    assert not KeyCeremony.objects.exists()


def test_keys_page_is_for_organisers(client):
    edition = EditionFactory()
    client.force_login(UserFactory())
    assert client.get(reverse("judging:keys", kwargs={"slug": edition.slug})).status_code == 403
    assert client.post(reverse("judging:open_judging", kwargs={"slug": edition.slug})).status_code == 403
    assert client.post(reverse("judging:keys_make", kwargs={"slug": edition.slug})).status_code == 403


def test_share_check_right_wrong_and_malformed(client, edition_in):
    world = edition_in("registration", submitted=True)
    url = reverse("judging:share_check")
    holder = KeyHolder.objects.get(ceremony=world.ceremony, index=1)
    client.force_login(holder.user)
    response = client.post(url, {"holding": holder.pk, "share_text": world.share_texts[0]})
    assert response.context["result"] is True
    assert "Your share matches" in response.content.decode()
    assert KeyHolder.objects.get(pk=holder.pk).last_checked_at is not None
    # Another holder's plain share (backwards compatible: a plain share is still read) does not match.
    other_plain = share_in_holder_file(world.share_texts[1]).to_text()
    response = client.post(url, {"holding": holder.pk, "share_text": other_plain})
    assert response.context["result"] is False
    assert "does not match" in response.content.decode()
    response = client.post(url, {"holding": holder.pk, "share_text": "hello"})
    assert response.context["result"] is None
    assert "share" in str(response.context["form"].non_field_errors()).lower()
    upload = SimpleUploadedFile(
        "share.txt", share_in_holder_file(world.share_texts[0]).to_text().encode(), content_type="text/plain"
    )
    response = client.post(url, {"holding": holder.pk, "share_file": upload})
    assert response.context["result"] is True
    assert [e.payload["matches"] for e in AuditEvent.objects.filter(action="keys.share_checked")] == [True, False, True]
    client.force_login(world.alice.user)  # not a key holder
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This key file does not open the share of key holder 1"),
        ("id", "Berkas kunci ini tidak membuka bagian pemegang kunci 1"),
    ],
)
def test_a_wrong_key_file_gives_a_clear_translated_error_and_changes_nothing(client, language, message, edition_in):
    world = edition_in("registration", submitted=True)
    holder = KeyHolder.objects.get(ceremony=world.ceremony, index=1)
    client.force_login(holder.user)
    client.cookies["django_language"] = language
    before = AuditEvent.objects.count()
    for wrong in (
        sealing.holder_key_file_text(sealing.holder_key_generate()),  # a key of no holder
        sealing.holder_key_file_text(sealing.holder_material_parse(world.share_texts[1]).private_key),
    ):
        upload = SimpleUploadedFile("key.txt", wrong.encode(), content_type="text/plain")
        response = client.post(reverse("judging:share_check"), {"holding": holder.pk, "share_file": upload},
)
        assert response.status_code == 200
        assert response.context["result"] is None
        assert message in response.content.decode()
    assert AuditEvent.objects.count() == before
    assert KeyHolder.objects.get(pk=holder.pk).last_checked_at is None


def test_rekey_allowed_before_any_sealed_scorecard_and_refused_after(client, world):
    first = world.ceremony
    second, _files = holder_keyed_ceremony(edition=world.edition, holders=world.holders, actor=world.organiser)
    first.refresh_from_db()
    assert (first.is_active, second.is_active) == (False, True)
    draft_create(judge=world.alice, entry=world.entry_a, round=world.round, scores={c.code: 6 for c in world.criteria})
    scorecard_seal(judge=world.alice, entry=world.entry_a, round=world.round, actor=world.alice.user)
    response = _web_ceremony(client, world.edition, world.organiser, world.holders)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "losing more than n - k of them loses the results" in page
    assert KeyCeremony.objects.get(edition=world.edition, is_active=True) == second
    assert not KeyCeremony.objects.filter(made_at__isnull=True).exists()
    with pytest.raises(Exception, match="cannot be re-keyed"):
        holder_keyed_ceremony(edition=world.edition, holders=world.holders, actor=world.organiser)
    client.force_login(world.holders[0])
    page = client.get(reverse("judging:my_share", kwargs={"ceremony_id": second.pk})).content.decode()
    assert "If your key file is lost, your share is lost" in page and "cannot be re-keyed" in page


def _holder_key_files(tmp_path, count):
    """What each holder runs on their own machine: `python -m judging.holder_key generate --out FILE`."""
    files = []
    tmp_path.mkdir(parents=True, exist_ok=True)
    for index in range(1, count + 1):
        path = tmp_path / f"holder-{index}-key.txt"
        assert holder_key.main(["generate", "--out", str(path)]) == 0
        files.append(path)
    return files


def test_keygen_and_check_share_commands(tmp_path, capsys):
    edition = EditionFactory()
    holders = [UserFactory(two_factor=True) for _ in range(3)]
    key_files = _holder_key_files(tmp_path, 3)
    publics = capsys.readouterr().out.split()[-1::-1]
    assert stat.S_IMODE(os.stat(key_files[0]).st_mode) == 0o600
    shares_dir = tmp_path / "shares"
    pairs = []
    for holder, key_file in zip(holders, key_files, strict=True):
        public = holder_key.public_of(key_file.read_text())
        assert public in publics
        pairs += ["--holder-key", f"{holder.email}={public}"]
    call_command("keygen", edition.slug, "--threshold", "2", "--shares-dir", str(shares_dir), *pairs)
    out = capsys.readouterr().out
    ceremony = KeyCeremony.objects.get(edition=edition, is_active=True)
    assert sealing.fingerprint_display(ceremony.fingerprint) in out
    files = sorted(shares_dir.iterdir())
    assert [f.name for f in files] == [f"{edition.slug}-share-{i}.txt" for i in (1, 2, 3)]
    assert all(stat.S_IMODE(os.stat(f).st_mode) == 0o600 for f in files)
    assert all(f.read_text().startswith(sealing.ENCRYPTED_SHARE_HEADER) for f in files)
    with pytest.raises(sealing.ShareFormatError):
        sealing.share_parse(files[1].read_text())  # no plain share anywhere
    # The key file alone (the server keeps the encrypted share), or with the encrypted share file.
    call_command("check_share", edition.slug, "--share-file", str(key_files[1]))
    assert "Share 2" in capsys.readouterr().out
    call_command("check_share", edition.slug, "--share-file", str(key_files[2]), "--share-file", str(files[2]))
    assert "Share 3" in capsys.readouterr().out
    with pytest.raises(CommandError, match="belongs to no key holder"):
        call_command("check_share", edition.slug, "--share-file", str(_holder_key_files(tmp_path / "x", 1)[0]))
    with pytest.raises(CommandError, match="opens only with its holder key file"):
        call_command("check_share", edition.slug, "--share-file", str(files[1]))
    forged = sealing.Share(index=2, value=bytes(16 - len(b"x")) + b"x").to_text()
    bad = tmp_path / "forged.txt"
    bad.write_text(forged)
    with pytest.raises(CommandError, match="does NOT match"):
        call_command("check_share", edition.slug, "--share-file", str(bad))
    with pytest.raises(CommandError, match="overwrite"):
        call_command("keygen", edition.slug, "--shares-dir", str(shares_dir), *pairs)


def test_keygen_makes_the_key_of_holders_enrolled_on_the_web(tmp_path, client):
    edition = EditionFactory()
    holders = [UserFactory(two_factor=True) for _ in range(3)]
    _web_ceremony(client, edition, OrganiserFactory(), holders)
    ceremony = KeyCeremony.objects.get(edition=edition)
    with pytest.raises(CommandError, match="3 key holder"):
        call_command("keygen", edition.slug, "--enrolled", "--shares-dir", str(tmp_path))
    keys = _enrol_all(client, ceremony, holders)
    call_command("keygen", edition.slug, "--enrolled", "--shares-dir", str(tmp_path))
    ceremony.refresh_from_db()
    assert ceremony.is_active
    text = (tmp_path / f"{edition.slug}-share-2.txt").read_text()
    share = sealing.share_decrypt(encrypted=sealing.encrypted_share_parse(text), private_key=keys[1])
    assert sealing.share_matches_commitment(share=share, commitment=ceremony.holders.get(index=2).commitment)


def test_keygen_refusals(tmp_path):
    edition = EditionFactory()
    holders = [UserFactory(two_factor=True) for _ in range(3)]
    pairs = [arg for h in holders for arg in ("--holder-key", f"{h.email}={_public(sealing.holder_key_generate())}")]
    with pytest.raises(CommandError, match="spare key holder"):
        call_command("keygen", edition.slug, "--threshold", "3", "--shares-dir", str(tmp_path), *pairs)
    with pytest.raises(CommandError, match="either --holder-key"):
        call_command("keygen", edition.slug, "--shares-dir", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="No edition"):
        call_command("keygen", "nope", "--shares-dir", str(tmp_path), *pairs)
    key_file = _holder_key_files(tmp_path, 1)[0]
    with pytest.raises(CommandError, match="holds a private key"):
        call_command("keygen", edition.slug, "--shares-dir", str(tmp_path), *pairs[:4],
                     "--holder-key", f"{holders[2].email}={key_file}")
    with pytest.raises(CommandError, match="not a holder public key"):
        call_command("keygen", edition.slug, "--shares-dir", str(tmp_path), *pairs[:4],
                     "--holder-key", f"{holders[2].email}=abc")
    assert not KeyCeremony.objects.exists()
    assert list(tmp_path.glob("*share*.txt")) == []


def test_open_judging_checks_then_opens(tmp_path, client):
    edition = EditionFactory(state=Edition.State.REGISTRATION)
    category = CategoryFactory(edition=edition)
    submitted_entry(category=category)
    with pytest.raises(CommandError, match="The timeline opens judging on .*; to open it earlier, move the date"):
        call_command("open_judging", edition.slug)
    judging_date_reached(edition)
    with pytest.raises(CommandError, match="No key ceremony") as error:
        call_command("open_judging", edition.slug)
    assert "The timeline opens judging" not in str(error.value)
    organiser = OrganiserFactory()
    holders = [UserFactory(two_factor=True) for _ in range(3)]
    key_ceremony_begin(edition=edition, holders=holders, threshold=2, actor=organiser)
    with pytest.raises(CommandError, match="3 key holder\\(s\\) have not enrolled their holder key") as error:
        call_command("open_judging", edition.slug)
    assert "no rubric: " + category.code in str(error.value)
    KeyCeremony.objects.all().delete()
    holder_keyed_ceremony(edition=edition, holders=holders, actor=organiser)
    from tests.factories import RubricFactory

    RubricFactory(category=category)
    client.force_login(organiser)
    response = client.post(reverse("judging:open_judging", kwargs={"slug": edition.slug}))
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.state == Edition.State.JUDGING
    assert list(Round.objects.filter(edition=edition).values_list("number", "is_final")) == [(1, True)]
    assert AuditEvent.objects.get(action="edition.judging").payload == {"from": "registration", "to": "judging"}
    with pytest.raises(CommandError, match="Judging opens from the registration state"):
        call_command("open_judging", edition.slug)
    assert Rubric.objects.filter(category=category).count() == 1


def test_open_judging_command_success(capsys, edition_in):
    world = edition_in("registration", submitted=True)
    judging_date_reached(world.edition)
    Round.objects.all().delete()
    call_command("open_judging", world.edition.slug)
    assert "Judging is open" in capsys.readouterr().out
    world.edition.refresh_from_db()
    assert world.edition.state == Edition.State.JUDGING
    assert Round.objects.filter(edition=world.edition, is_final=True).count() == 1
