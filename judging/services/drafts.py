"""Drafts at rest: which key encrypts a draft, opening one, and moving every draft to the newest key.

The keys are `settings.DRAFT_KEYS` (from `AWARDS_DRAFT_KEYS` in the server's environment, never the
database): a list of `(key id, 32 bytes)`, newest first. The first encrypts; every listed key decrypts the
drafts that name it. To rotate: put a new key first, restart, run `manage.py rekey_drafts` (which calls
`drafts_rekey`), then drop the old key. The crypto itself is `judging.sealing.draft_encrypt/draft_decrypt`.

Nothing here logs, audits or returns a draft's content to anyone but the code that shows it to its judge.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.views.decorators.debug import sensitive_variables

from judging import sealing
from judging.models import ScorecardDraft

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DraftContent:
    """A draft as its judge sees it. `readable` is False when the stored draft does not open (its key was
    dropped from the settings, or the row was copied or damaged): the content is then empty."""

    scores: dict = field(default_factory=dict)
    notes: dict = field(default_factory=dict)
    comment: str = ""
    updated_at: datetime | None = None
    readable: bool = True

    def __repr__(self) -> str:  # never print a draft into a log by accident
        return f"DraftContent(readable={self.readable}, updated_at={self.updated_at!r}, content=<hidden>)"


def draft_keys() -> dict[str, bytes]:
    """Every configured draft key, by id."""
    return dict(settings.DRAFT_KEYS)


def draft_current_key() -> tuple[str, bytes]:
    """The key new drafts are encrypted with: the first of `settings.DRAFT_KEYS`."""
    return settings.DRAFT_KEYS[0]


@sensitive_variables("scores", "notes", "comment", "key")
def draft_encrypt(*, judge_id: int, entry_id: int, round_id: int, scores: dict, notes: dict, comment: str
                  ) -> tuple[str, bytes]:
    """(key id, ciphertext) of a draft's content under the current key, bound to its round, judge and entry."""
    key_id, key = draft_current_key()
    ciphertext = sealing.draft_encrypt(
        content={"scores": scores, "notes": notes, "comment": comment},
        key_id=key_id, key=key, round=round_id, judge=judge_id, entry=entry_id,
    )
    return key_id, ciphertext


def _decrypt(draft: ScorecardDraft) -> dict:
    key = draft_keys().get(draft.key_id)
    if key is None:
        raise sealing.DraftOpenError(f"The draft key {draft.key_id!r} is not configured.")
    return sealing.draft_decrypt(
        ciphertext=bytes(draft.ciphertext), key_id=draft.key_id, key=key,
        round=draft.round_id, judge=draft.judge_id, entry=draft.entry_id,
    )


@sensitive_variables("content")
def draft_open(*, draft: ScorecardDraft) -> DraftContent:
    """The content of a stored draft, or an empty unreadable one (logged by row id and key id only)."""
    try:
        content = _decrypt(draft)
    except sealing.DraftOpenError as error:
        logger.warning("Draft %s (key %r) does not open: %s", draft.pk, draft.key_id, error)
        return DraftContent(updated_at=draft.updated_at, readable=False)
    scores, notes, comment = content.get("scores"), content.get("notes"), content.get("comment")
    if not isinstance(scores, dict) or not isinstance(notes, dict) or not isinstance(comment, str):
        logger.warning("Draft %s opened but is not in the expected format.", draft.pk)
        return DraftContent(updated_at=draft.updated_at, readable=False)
    return DraftContent(scores=scores, notes=notes, comment=comment, updated_at=draft.updated_at)


@dataclass(frozen=True)
class RekeyOutcome:
    moved: int  # re-encrypted under the current key
    current: int  # already under it
    unreadable: list[int]  # ids of drafts that did not open (left as they are)


@sensitive_variables("content")
def drafts_rekey(*, batch_size: int = 200) -> RekeyOutcome:
    """Re-encrypt every draft not under the current key with it, so an older key can be dropped.

    One transaction per batch, each row locked while it moves (an autosave racing it either lands before,
    and is then re-encrypted, or after, already under the current key). Drafts that do not open are left
    alone and listed: dropping their key loses them."""
    key_id, _key = draft_current_key()
    current = ScorecardDraft.objects.filter(key_id=key_id).count()
    moved = 0
    unreadable: list[int] = []
    while True:
        with transaction.atomic():
            rows = list(
                ScorecardDraft.objects.select_for_update()
                .exclude(key_id=key_id)
                .exclude(pk__in=unreadable)
                .order_by("pk")[:batch_size]
            )
            if not rows:
                break
            for draft in rows:
                try:
                    content = _decrypt(draft)
                except sealing.DraftOpenError:
                    unreadable.append(draft.pk)
                    continue
                draft.key_id, draft.ciphertext = draft_encrypt(
                    judge_id=draft.judge_id, entry_id=draft.entry_id, round_id=draft.round_id,
                    scores=content.get("scores", {}), notes=content.get("notes", {}),
                    comment=content.get("comment", ""),
                )
                # the judge's "last saved" time stays: this is not the judge's change
                ScorecardDraft.objects.filter(pk=draft.pk).update(key_id=draft.key_id, ciphertext=draft.ciphertext)
                moved += 1
    return RekeyOutcome(moved=moved, current=current, unreadable=unreadable)
