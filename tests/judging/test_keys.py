"""Key ceremony: shares shown once, share checks, re-keying rules, keygen/check_share/open_judging commands."""

import os
import stat

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from awards.models import AuditEvent, Edition
from judging import sealing
from judging.models import KeyCeremony, KeyHolder, Round, Rubric
from judging.services.keys import key_ceremony_create
from judging.services.scoring import scorecard_seal
from tests.factories import CategoryFactory, EditionFactory, OrganiserFactory, UserFactory
from tests.judging.conftest_h3b import judging_cast, submitted_entry
from tests.judging.factories import draft_create

pytestmark = pytest.mark.django_db


def _web_ceremony(client, edition, organiser, holders, threshold=2):
    client.force_login(organiser)
    return client.post(
        reverse("judging:keys", kwargs={"slug": edition.slug}),
        {"emails": "\n".join(u.email for u in holders), "threshold": str(threshold)},
    )


def test_organiser_holds_the_ceremony_and_each_holder_sees_the_share_once(client, mailoutbox,
                                                                           django_capture_on_commit_callbacks):
    edition = EditionFactory()
    organiser = OrganiserFactory()
    holders = [UserFactory(two_factor=True) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        response = _web_ceremony(client, edition, organiser, holders)
    assert response.status_code == 302
    ceremony = KeyCeremony.objects.get(edition=edition, is_active=True)
    assert (ceremony.threshold, ceremony.holders_count) == (2, 3)
    rows = list(ceremony.holders.order_by("index"))
    assert [(h.index, h.user) for h in rows] == [(1, holders[0]), (2, holders[1]), (3, holders[2])]
    assert AuditEvent.objects.get(action="keys.created").payload["fingerprint"] == ceremony.fingerprint

    url = reverse("judging:my_share", kwargs={"ceremony_id": ceremony.pk})
    assert sorted(m.to[0] for m in mailoutbox) == sorted(h.email for h in holders)
    assert all(url in m.body for m in mailoutbox)
    client.force_login(holders[1])
    assert url in client.get(reverse("judging:share_check")).content.decode()
    assert "Show my share now" in client.get(url).content.decode()
    shown = client.post(url)
    share_text = shown.context["share_text"]
    share = sealing.share_parse(share_text)
    assert share.index == 2
    assert sealing.share_matches_commitment(share=share, commitment=rows[1].commitment)
    assert share.hex[:4] in shown.content.decode()
    assert not any(share.hex[:8] in m.body for m in mailoutbox)
    assert "no-store" in shown["Cache-Control"]
    again = client.post(url)
    assert "share_text" not in again.context
    assert "no longer on the server" in again.content.decode()
    assert share.hex[:4] not in client.get(url).content.decode()
    assert url not in client.get(reverse("judging:share_check")).content.decode()
    assert KeyHolder.objects.get(pk=rows[1].pk).pending_share == ""
    assert AuditEvent.objects.filter(action="keys.share_viewed").count() == 1

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(holders[0])
    assert client.get(url).status_code == 200


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


def test_share_check_right_wrong_and_malformed(client):
    cast = judging_cast(state=Edition.State.REGISTRATION)
    url = reverse("judging:share_check")
    holder = KeyHolder.objects.get(ceremony=cast.ceremony, index=1)
    client.force_login(holder.user)
    response = client.post(url, {"holding": holder.pk, "share_text": cast.share_texts[0]})
    assert response.context["result"] is True
    assert "Your share matches" in response.content.decode()
    assert KeyHolder.objects.get(pk=holder.pk).last_checked_at is not None
    response = client.post(url, {"holding": holder.pk, "share_text": cast.share_texts[1]})
    assert response.context["result"] is False
    assert "does not match" in response.content.decode()
    response = client.post(url, {"holding": holder.pk, "share_text": "hello"})
    assert response.context["result"] is None
    assert "share" in str(response.context["form"].non_field_errors()).lower()
    upload = SimpleUploadedFile("share.txt", cast.share_texts[0].encode(), content_type="text/plain")
    response = client.post(url, {"holding": holder.pk, "share_file": upload})
    assert response.context["result"] is True
    assert [e.payload["matches"] for e in AuditEvent.objects.filter(action="keys.share_checked")] == [True, False, True]
    share_hex = sealing.share_parse(cast.share_texts[0]).hex
    assert not KeyHolder.objects.filter(pending_share__contains=share_hex[:8]).exists()
    client.force_login(cast.alice.user)  # not a key holder
    assert client.get(url).status_code == 403


def test_rekey_allowed_before_any_sealed_scorecard_and_refused_after(client):
    cast = judging_cast()
    first = cast.ceremony
    second, _handed = key_ceremony_create(edition=cast.edition, holders=cast.holders, threshold=2,
                                          actor=cast.organiser)
    first.refresh_from_db()
    assert (first.is_active, second.is_active) == (False, True)
    draft_create(judge=cast.alice, entry=cast.entry_a, round=cast.round,
                 scores={c.code: 6 for c in cast.criteria})
    scorecard_seal(judge=cast.alice, entry=cast.entry_a, round=cast.round, actor=cast.alice.user)
    response = _web_ceremony(client, cast.edition, cast.organiser, cast.holders)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "losing more than n - k of them loses the results" in page
    assert KeyCeremony.objects.get(edition=cast.edition, is_active=True) == second
    with pytest.raises(Exception, match="cannot be re-keyed"):
        key_ceremony_create(edition=cast.edition, holders=cast.holders, threshold=2, actor=cast.organiser)


def test_keygen_and_check_share_commands(tmp_path, capsys):
    edition = EditionFactory()
    holders = [UserFactory(two_factor=True) for _ in range(3)]
    call_command("keygen", edition.slug, "--holders", "3", "--threshold", "2", "--shares-dir", str(tmp_path),
                 "--holder-emails", ",".join(h.email for h in holders))
    out = capsys.readouterr().out
    ceremony = KeyCeremony.objects.get(edition=edition, is_active=True)
    assert sealing.fingerprint_display(ceremony.fingerprint) in out
    files = sorted(tmp_path.iterdir())
    assert [f.name for f in files] == [f"{edition.slug}-share-{i}.txt" for i in (1, 2, 3)]
    assert all(stat.S_IMODE(os.stat(f).st_mode) == 0o600 for f in files)
    assert all(h.share_shown_at is not None and h.pending_share == "" for h in ceremony.holders.all())
    call_command("check_share", edition.slug, "--share-file", str(files[1]))
    assert "Share 2" in capsys.readouterr().out
    share = sealing.share_parse(files[1].read_text())
    forged = sealing.Share(index=2, value=bytes(16 - len(b"x")) + b"x").to_text()
    bad = tmp_path / "forged.txt"
    bad.write_text(forged)
    with pytest.raises(CommandError, match="does NOT match"):
        call_command("check_share", edition.slug, "--share-file", str(bad))
    assert share.index == 2
    with pytest.raises(CommandError, match="overwrite"):
        call_command("keygen", edition.slug, "--shares-dir", str(tmp_path),
                     "--holder-emails", ",".join(h.email for h in holders))


def test_keygen_refusals(tmp_path):
    edition = EditionFactory()
    holders = [UserFactory(two_factor=True) for _ in range(3)]
    with pytest.raises(CommandError, match="spare key holder"):
        call_command("keygen", edition.slug, "--holders", "3", "--threshold", "3", "--shares-dir", str(tmp_path),
                     "--holder-emails", ",".join(h.email for h in holders))
    with pytest.raises(CommandError, match="give --holder-emails"):
        call_command("keygen", edition.slug, "--shares-dir", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="No edition"):
        call_command("keygen", "nope", "--shares-dir", str(tmp_path))
    assert not KeyCeremony.objects.exists()
    assert list(tmp_path.glob("*.txt")) == []


def test_open_judging_checks_then_opens(tmp_path, client):
    edition = EditionFactory(state=Edition.State.REGISTRATION)
    category = CategoryFactory(edition=edition)
    submitted_entry(category=category)
    with pytest.raises(CommandError, match="No key ceremony"):
        call_command("open_judging", edition.slug)
    organiser = OrganiserFactory()
    holders = [UserFactory(two_factor=True) for _ in range(3)]
    key_ceremony_create(edition=edition, holders=holders, threshold=2, actor=organiser)
    with pytest.raises(CommandError, match="3 key holder\\(s\\) have not collected their share") as error:
        call_command("open_judging", edition.slug)
    assert "no rubric: " + category.code in str(error.value)
    KeyHolder.objects.update(pending_share="", share_shown_at="2030-01-01T00:00:00Z")
    from tests.judging.factories import RubricFactory

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


def test_open_judging_command_success(capsys):
    cast = judging_cast(state=Edition.State.REGISTRATION)
    Round.objects.all().delete()
    call_command("open_judging", cast.edition.slug)
    assert "Judging is open" in capsys.readouterr().out
    cast.edition.refresh_from_db()
    assert cast.edition.state == Edition.State.JUDGING
    assert Round.objects.filter(edition=cast.edition, is_final=True).count() == 1
