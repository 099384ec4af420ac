"""Migration 0003_encrypted_drafts: drafts saved in plaintext before it are encrypted, not lost, and the
plaintext columns are gone; going back decrypts them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from judging.models import ScorecardDraft
from tests.cast import draft_content

pytestmark = pytest.mark.slow

BEFORE = [("judging", "0002_keyholder_pending_share")]
AFTER = [("judging", "0003_encrypted_drafts")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_plaintext_drafts_are_encrypted_by_the_migration_and_decrypted_going_back(edition_in):
    world = edition_in("judging", scored=False, keys=False)
    first = world.criteria[0].code
    try:
        old_apps = _migrate(BEFORE)
        OldDraft = old_apps.get_model("judging", "ScorecardDraft")
        OldDraft.objects.create(
            judge_id=world.alice.pk,
            entry_id=world.entry_a.pk,
            round_id=world.round.pk,
            scores={first: 8},
            notes={"people": "okapi-canary-0815"},
            comment="zebra-canary-4711",
        )

        _migrate(AFTER)
        columns = {c.name for c in connection.introspection.get_table_description(
            connection.cursor(), "judging_scorecarddraft")}
        assert not {"scores", "notes", "comment"} & columns
        row = ScorecardDraft.objects.get()
        assert b"canary" not in bytes(row.ciphertext) and row.key_id == "dev-insecure"
        draft = draft_content(judge=world.alice, entry=world.entry_a, round=world.round)
        assert (draft.scores, draft.notes, draft.comment) == (
            {first: 8}, {"people": "okapi-canary-0815"}, "zebra-canary-4711"
        )

        old_apps = _migrate(BEFORE)
        back = old_apps.get_model("judging", "ScorecardDraft").objects.get()
        assert (back.scores, back.comment) == ({first: 8}, "zebra-canary-4711")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
