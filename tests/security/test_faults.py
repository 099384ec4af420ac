"""A database error in the middle of the seal, the reveal or the export changes nothing, and a re-run works.

tests/judging/test_seal.py and test_reveal.py already break the seal at its Merkle root and the reveal at
its tally with a RuntimeError; here the failure is a `DatabaseError` from a write (the row store or the
audit log) after the earlier writes of the same operation have happened.
"""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError

from awards.audit import audit_verify
from awards.models import AuditEvent, Award, Edition
from judging.models import Reveal, Seal
from judging.services import export as export_service
from judging.services.export import award_night_pack_build
from judging.services.reveal import edition_reveal
from judging.services.seal import edition_seal
from tests.generated_edition import audit_actions, edition_generate, generated_revealed, snapshot

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def _raise(*args, **kwargs):
    raise DatabaseError("connection lost")


def _fail_audit(monkeypatch, action: str):
    """AuditEvent rows for `action` cannot be written: the last write of the operation fails."""
    manager_class = type(AuditEvent.objects)
    original = manager_class.create

    def create(self, **kwargs):
        if self.model is AuditEvent and kwargs.get("action") == action:
            raise DatabaseError("audit table locked")
        return original(self, **kwargs)

    monkeypatch.setattr(manager_class, "create", create)


@pytest.mark.parametrize("where", ["seal row", "audit row"])
def test_a_database_error_during_the_seal_changes_nothing_and_a_rerun_seals(monkeypatch, where):
    generated = edition_generate(categories=1, entries_per_category=2, judges=3)
    before, events = snapshot(generated.edition), audit_actions()
    if where == "seal row":
        monkeypatch.setattr(Seal, "save", _raise)
    else:
        _fail_audit(monkeypatch, "seal.committed")  # after the Seal row and the state change are written
    with pytest.raises(DatabaseError):
        edition_seal(edition=generated.edition, actor=generated.organiser)
    assert snapshot(generated.edition) == before
    assert audit_actions() == events
    monkeypatch.undo()

    seal = edition_seal(edition=generated.edition, actor=generated.organiser)
    assert seal.count == 6
    assert Edition.objects.get(pk=generated.edition.pk).state == Edition.State.SEALED
    assert audit_verify().ok


@pytest.mark.parametrize("where", ["awards", "audit row"])
def test_a_database_error_during_the_reveal_leaves_it_sealed_with_one_failure_event(monkeypatch, where):
    generated = edition_generate(categories=2, entries_per_category=2, judges=3)
    edition_seal(edition=generated.edition, actor=generated.organiser)
    before, events = snapshot(generated.edition), audit_actions()
    if where == "awards":
        monkeypatch.setattr(type(Award.objects), "bulk_create", _raise)  # after the Reveal row is saved
    else:
        _fail_audit(monkeypatch, "reveal.completed")  # after the awards and the state change
    with pytest.raises(DatabaseError):
        edition_reveal(edition=generated.edition, shares=generated.share_texts[:2], actor=generated.organiser)
    assert snapshot(generated.edition) == before
    assert not Reveal.objects.filter(edition=generated.edition).exists()
    assert audit_actions() == [*events, "reveal.failed"]
    assert AuditEvent.objects.order_by("-seq").first().payload["error"] == "DatabaseError"
    monkeypatch.undo()

    edition_reveal(edition=generated.edition, shares=generated.share_texts[:2], actor=generated.organiser)
    assert Edition.objects.get(pk=generated.edition.pk).state == Edition.State.REVEALED
    assert Award.objects.filter(edition=generated.edition).count() > 0
    assert audit_verify().ok


def test_a_database_error_while_building_the_pack_records_no_export(monkeypatch):
    generated = generated_revealed(categories=1, entries_per_category=2, judges=3)
    before, events = snapshot(generated.edition), audit_actions()
    monkeypatch.setattr(export_service, "PACK_PARTS", [_raise])  # after the scorecards are opened
    with pytest.raises(DatabaseError):
        award_night_pack_build(edition=generated.edition, actor=generated.organiser)
    monkeypatch.undo()
    assert snapshot(generated.edition) == before
    assert audit_actions() == events and "pack.exported" not in events

    assert award_night_pack_build(edition=generated.edition, actor=generated.organiser)[:2] == b"PK"
    assert audit_actions()[-1] == "pack.exported"
    assert audit_verify().ok


def test_an_export_whose_audit_row_fails_returns_no_pack(monkeypatch, tmp_path):
    generated = generated_revealed(categories=1, entries_per_category=2, judges=3)
    events = audit_actions()
    _fail_audit(monkeypatch, "pack.exported")
    output = tmp_path / "pack.zip"
    with pytest.raises(DatabaseError):
        call_command("export_award_night", generated.edition.slug, "--output", str(output))
    assert not output.exists()
    assert audit_actions() == events


def test_an_export_that_cannot_be_written_is_not_recorded_as_exported(tmp_path):
    generated = generated_revealed(categories=1, entries_per_category=2, judges=3)
    events = audit_actions()
    output = tmp_path / "missing-folder" / "pack.zip"
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_award_night", generated.edition.slug, "--output", str(output))
    assert audit_actions() == events  # no `pack.exported` for a pack nobody received

    call_command("export_award_night", generated.edition.slug, "--output", str(tmp_path / "pack.zip"))
    assert audit_actions() == [*events, "pack.exported"]
