"""Holder keys: each share is stored only HPKE-encrypted to its holder's own key; `pending_share` goes.

A key made before this migration whose shares were not all collected cannot be trusted: its uncollected
shares sat in plaintext in the database (and in any backup of it). Such a key cannot have opened judging
(judging refused to open with an uncollected share), so no scorecard is sealed to it: the migration
retires it (no active key), the edition's keys page then asks for a new key ceremony, and judging cannot
open until the edition is re-keyed with holder keys. Keys whose shares were all collected stay valid;
their holders keep their plain shares, which share check and reveal still accept.
"""

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def retire_keys_with_uncollected_shares(apps, schema_editor):
    KeyCeremony = apps.get_model("judging", "KeyCeremony")
    SealedScorecard = apps.get_model("judging", "SealedScorecard")
    KeyHolder = apps.get_model("judging", "KeyHolder")
    for ceremony in KeyCeremony.objects.filter(is_active=True):
        uncollected = KeyHolder.objects.filter(ceremony=ceremony).filter(
            models.Q(share_shown_at__isnull=True) | ~models.Q(pending_share="")
        )
        if uncollected.exists() and not SealedScorecard.objects.filter(edition_id=ceremony.edition_id).exists():
            ceremony.is_active = False
            ceremony.save(update_fields=["is_active"])
    KeyHolder.objects.exclude(pending_share="").update(pending_share="")


def made_when_created(apps, schema_editor):
    KeyCeremony = apps.get_model("judging", "KeyCeremony")
    KeyCeremony.objects.update(made_at=models.F("created_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0003_entry_created_by_blank'),
        ('judging', '0003_encrypted_drafts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(retire_keys_with_uncollected_shares, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='keyholder',
            name='pending_share',
        ),
        migrations.RemoveField(
            model_name='keyholder',
            name='share_shown_at',
        ),
        migrations.AddField(
            model_name='keyceremony',
            name='made_at',
            field=models.DateTimeField(blank=True, default=django.utils.timezone.now, null=True),
        ),
        migrations.RunPython(made_when_created, migrations.RunPython.noop),
        migrations.AddField(
            model_name='keyholder',
            name='encrypted_share',
            field=models.BinaryField(blank=True, default=b''),
        ),
        migrations.AddField(
            model_name='keyholder',
            name='enrolled_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='keyholder',
            name='public_key',
            field=models.BinaryField(blank=True, default=b''),
        ),
        migrations.AlterField(
            model_name='keyceremony',
            name='fingerprint',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AlterField(
            model_name='keyceremony',
            name='public_key',
            field=models.BinaryField(blank=True, default=b''),
        ),
        migrations.AlterField(
            model_name='keyceremony',
            name='wrapped_private_key',
            field=models.BinaryField(blank=True, default=b''),
        ),
        migrations.AlterField(
            model_name='keyholder',
            name='commitment',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddConstraint(
            model_name='keyceremony',
            constraint=models.CheckConstraint(condition=models.Q(('is_active', False), ('made_at__isnull', False), _connector='OR'), name='ceremony_active_made'),
        ),
    ]
