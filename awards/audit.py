"""The append-only, hash-chained audit log.

Each row's hash covers the previous row's hash and the row's own content, so editing or deleting a
row breaks the chain from there on. Appends lock the single AuditHead row, so two appends in
parallel transactions are serialised instead of both chaining onto the same predecessor.
"""

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from awards.models import AuditEvent, AuditHead

GENESIS_HASH = "0" * 64


def _row_hash(*, prev_hash: str, seq: int, created_at, actor_label: str, edition_id, action: str, payload) -> str:
    body = json.dumps(
        {
            "prev": prev_hash,
            "seq": seq,
            "at": created_at.isoformat(),
            "actor": actor_label,
            "edition": edition_id,
            "action": action,
            "payload": payload,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def audit_append(*, action: str, actor=None, edition=None, payload: dict | None = None) -> AuditEvent:
    """Append one event. Call inside the transaction of the change it records."""
    payload = json.loads(json.dumps(payload or {}, default=str))  # what the JSON column will give back
    actor_label = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_label = actor.get_username()
    else:
        actor = None
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        seq = head.last_seq + 1
        created_at = timezone.now()
        edition_id = edition.pk if edition is not None else None
        row_hash = _row_hash(
            prev_hash=head.last_hash,
            seq=seq,
            created_at=created_at,
            actor_label=actor_label,
            edition_id=edition_id,
            action=action,
            payload=payload,
        )
        event = AuditEvent.objects.create(
            seq=seq,
            created_at=created_at,
            actor=actor,
            actor_label=actor_label,
            edition=edition,
            action=action,
            payload=payload,
            prev_hash=head.last_hash,
            hash=row_hash,
        )
        head.last_seq = seq
        head.last_hash = row_hash
        head.save(update_fields=["last_seq", "last_hash"])
    return event


@dataclass(frozen=True)
class AuditVerdict:
    ok: bool
    checked: int
    message: str


def audit_verify() -> AuditVerdict:
    """Walk the chain in order; name the first row that is missing, edited or out of place."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    rows = AuditEvent.objects.order_by("seq").values_list(
        "seq", "created_at", "actor_label", "edition_id", "action", "payload", "prev_hash", "hash"
    )
    for seq, created_at, actor_label, edition_id, action, payload, stored_prev, stored_hash in rows.iterator(
        chunk_size=2000
    ):
        if seq != expected_seq:
            return AuditVerdict(False, checked, f"row #{expected_seq} is missing (next row is #{seq})")
        if stored_prev != prev_hash:
            return AuditVerdict(False, checked, f"row #{seq} does not chain to row #{seq - 1}")
        recomputed = _row_hash(
            prev_hash=prev_hash,
            seq=seq,
            created_at=created_at,
            actor_label=actor_label,
            edition_id=edition_id,
            action=action,
            payload=payload,
        )
        if recomputed != stored_hash:
            return AuditVerdict(False, checked, f"row #{seq} ({action}) was edited: its hash does not match")
        prev_hash = stored_hash
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and head.last_seq != checked:
        return AuditVerdict(False, checked, f"row #{checked + 1} is missing (the chain head says #{head.last_seq})")
    return AuditVerdict(True, checked, f"{checked} events, chain intact")
