"""Races on PostgreSQL that tests/judging does not already cover.

tests/judging/test_seal.py races one submission against the seal and test_scoring.py two submits of one
scorecard; here several judges submit from their own connections while the seal runs, and several
threads append to the audit chain at once.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from awards.audit import audit_append, audit_verify
from awards.models import AuditEvent
from judging import merkle
from judging.models import AREA_ORDER, Seal, SealedScorecard
from judging.services.scoring import draft_save, scorecard_seal
from judging.services.seal import edition_seal
from tests.generated_edition import edition_generate

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _require_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite locks the whole database file, so these races cannot happen there; PostgreSQL only")


def _run_together(targets, timeout=60):
    barrier = threading.Barrier(len(targets))
    errors = []

    def wrap(target):
        try:
            barrier.wait(timeout=timeout)
            target()
        except Exception as exc:  # noqa: BLE001 - reported below, with its thread
            errors.append(exc)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=wrap, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (deadlock?)"
    assert errors == []


def test_judges_submitting_while_the_seal_runs_are_in_the_root_or_refused():
    _require_postgres()
    generated = edition_generate(categories=1, entries_per_category=2, judges=5)
    entry = generated.entries[0]
    racing = generated.judges
    SealedScorecard.objects.filter(entry=entry).delete()
    already = list(SealedScorecard.objects.filter(edition=generated.edition).values_list("receipt", flat=True))
    for number, judge in enumerate(racing):
        scores = {f"{area}-{n}": 1 + (number + n) % 10 for area in AREA_ORDER for n in (1, 2)}
        draft_save(judge=judge, entry=entry, round=generated.round, scores=scores, notes={}, comment="")
    acknowledged, refused = [], []

    def submit(judge):
        def run():
            try:
                card = scorecard_seal(judge=judge, entry=entry, round=generated.round, actor=judge.user)
            except ValidationError:
                refused.append(judge.pk)
            else:
                acknowledged.append(card.receipt)

        return run

    seal_holder = {}

    def seal():
        seal_holder["seal"] = edition_seal(edition=generated.edition, actor=None)

    _run_together([*(submit(judge) for judge in racing), seal])
    assert len(acknowledged) + len(refused) == len(racing)
    seal = Seal.objects.get(edition=generated.edition)
    stored = set(SealedScorecard.objects.filter(edition=generated.edition).values_list("receipt", flat=True))
    assert stored == set(already) | set(acknowledged)  # nothing was stored without an acknowledgement
    assert seal.count == len(already) + len(acknowledged)  # none accepted after the seal
    cards = SealedScorecard.objects.filter(edition=generated.edition, is_latest=True).order_by(
        "round__number", "entry_id", "judge_id"
    )
    assert seal.root == merkle.merkle_root([bytes.fromhex(card.receipt) for card in cards]).hex()
    assert set(acknowledged) <= {card.receipt for card in cards}


def test_concurrent_audit_appends_keep_one_contiguous_chain():
    _require_postgres()
    before = AuditEvent.objects.count()
    threads, per_thread = 6, 5

    def append(number):
        def run():
            for step in range(per_thread):
                audit_append(action="test.race", payload={"thread": number, "step": step})

        return run

    _run_together([append(number) for number in range(threads)])
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, before + threads * per_thread + 1))
    verdict = audit_verify()
    assert verdict.ok, verdict.message
