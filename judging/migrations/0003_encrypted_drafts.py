# Drafts at rest: the plaintext scores, notes and comment columns become one AES-GCM ciphertext and the id of
# the draft key (settings.DRAFT_KEYS, from AWARDS_DRAFT_KEYS) that encrypted it. Existing drafts are encrypted
# under the current key before the plaintext columns are dropped; going back decrypts them again.

from django.conf import settings
from django.db import migrations, models

from judging import sealing


def encrypt_drafts(apps, schema_editor):
    ScorecardDraft = apps.get_model("judging", "ScorecardDraft")
    key_id, key = settings.DRAFT_KEYS[0]
    for draft in ScorecardDraft.objects.all().iterator():
        content = {"scores": draft.scores or {}, "notes": draft.notes or {}, "comment": draft.comment or ""}
        draft.ciphertext = sealing.draft_encrypt(
            content=content, key_id=key_id, key=key, round=draft.round_id, judge=draft.judge_id, entry=draft.entry_id
        )
        draft.key_id = key_id
        draft.save(update_fields=["ciphertext", "key_id"])


def decrypt_drafts(apps, schema_editor):
    ScorecardDraft = apps.get_model("judging", "ScorecardDraft")
    keys = dict(settings.DRAFT_KEYS)
    for draft in ScorecardDraft.objects.all().iterator():
        if draft.key_id not in keys:
            raise RuntimeError(f"Draft {draft.pk} was encrypted with the key {draft.key_id!r}, not configured.")
        content = sealing.draft_decrypt(
            ciphertext=bytes(draft.ciphertext), key_id=draft.key_id, key=keys[draft.key_id],
            round=draft.round_id, judge=draft.judge_id, entry=draft.entry_id,
        )
        draft.scores, draft.notes, draft.comment = content["scores"], content["notes"], content["comment"]
        draft.save(update_fields=["scores", "notes", "comment"])


class Migration(migrations.Migration):

    dependencies = [
        ("judging", "0002_keyholder_pending_share"),
    ]

    operations = [
        migrations.AddField(
            model_name="scorecarddraft",
            name="ciphertext",
            field=models.BinaryField(default=b""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="scorecarddraft",
            name="key_id",
            field=models.CharField(default="", max_length=32),
            preserve_default=False,
        ),
        migrations.RunPython(encrypt_drafts, decrypt_drafts),
        migrations.RemoveField(model_name="scorecarddraft", name="scores"),
        migrations.RemoveField(model_name="scorecarddraft", name="notes"),
        migrations.RemoveField(model_name="scorecarddraft", name="comment"),
    ]
