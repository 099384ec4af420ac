"""Encrypt the two-factor secrets already stored in plaintext (allauth MFA's TOTP secrets and recovery-code
seeds) under AWARDS_MFA_KEYS; from now on allauth stores them encrypted through the MFA adapter
(config.mfa_crypto). Reversing decrypts them again."""

from django.db import migrations


def encrypt_secrets(apps, schema_editor):
    from config.mfa_crypto import authenticators_reencrypt

    authenticators_reencrypt(apps.get_model("mfa", "Authenticator"))


def decrypt_secrets(apps, schema_editor):
    from config.mfa_crypto import authenticator_data_decrypt

    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.order_by("pk").iterator():
        if isinstance(authenticator.data, dict):
            data = authenticator_data_decrypt(authenticator.data)
            Authenticator.objects.filter(pk=authenticator.pk).update(data=data)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0003_entry_created_by_blank"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets, elidable=False)]
