"""Two-factor secrets encrypted at rest: allauth MFA's TOTP secret and recovery-code seed.

allauth passes every secret it stores through the MFA adapter's ``encrypt`` and every one it reads through
``decrypt`` (``config.two_factor.TwoFactorAdapter``), which call the functions here. A stored value is
``mfa1:`` followed by URL-safe base64 of a 12-byte nonce and the AES-256-GCM ciphertext with its tag, under
the first key of ``settings.AWARDS_MFA_KEYS``. Reading tries each key in turn, so a key is rotated by putting
the new one first, running ``manage.py mfa_reencrypt``, then removing the old one. The keys live in the
server's environment, never in the database: a copy of the database alone holds no usable secret.

A value without the prefix is a plaintext one from before encryption: ``authenticator_data_encrypt`` (the
data migration and ``mfa_reencrypt``) recognises and encrypts it; ``secret_decrypt`` refuses it, so a
plaintext secret written into the table does not become a working second factor.
"""

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

PREFIX = "mfa1:"
_AAD = b"cct-awards allauth.mfa secret v1"
_NONCE_BYTES = 12
# The fields of Authenticator.data that allauth encrypts: the TOTP secret, the recovery-code seed and, for
# codes migrated from django-allauth-2fa, the codes themselves.
SECRET_FIELDS = ("secret", "seed")
SECRET_LIST_FIELDS = ("migrated_codes",)


class MfaSecretError(ValueError):
    """A stored two-factor secret that no configured key opens, or that was never encrypted."""


KeyRing = list[tuple[str, bytes]]  # (key id, 32 bytes), newest first: settings.AWARDS_MFA_KEYS


def _keys(keys: KeyRing | None = None) -> list[AESGCM]:
    keys = settings.AWARDS_MFA_KEYS if keys is None else keys
    if not keys:
        raise MfaSecretError("AWARDS_MFA_KEYS is empty")
    return [AESGCM(key) for _key_id, key in keys]


def is_encrypted(value: str) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def ring_encrypt(text: str, *, prefix: str, aad: bytes, keys: KeyRing | None = None) -> str:
    """``prefix`` + URL-safe base64 of a fresh nonce and the AES-256-GCM ciphertext of `text` under the ring's first
    key, bound to `aad` (so values of one kind never pass for another). Shared with the outbox's bodies."""
    nonce = os.urandom(_NONCE_BYTES)
    sealed = _keys(keys)[0].encrypt(nonce, text.encode("utf-8"), aad)
    return prefix + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def ring_decrypt(value: str, *, prefix: str, aad: bytes, keys: KeyRing | None = None) -> str | None:
    """The text of a value made by `ring_encrypt` (which starts with `prefix`), trying each key of the ring;
    None when no key opens it."""
    raw = base64.urlsafe_b64decode(value[len(prefix) :].encode("ascii"))
    nonce, sealed = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
    for key in _keys(keys):
        try:
            return key.decrypt(nonce, sealed, aad).decode("utf-8")
        except InvalidTag:
            continue
    return None


def secret_encrypt(text: str, *, keys: KeyRing | None = None) -> str:
    return ring_encrypt(text, prefix=PREFIX, aad=_AAD, keys=keys)


def secret_decrypt(value: str, *, keys: KeyRing | None = None) -> str:
    if not is_encrypted(value):
        raise MfaSecretError("this two-factor secret is not encrypted: run `manage.py migrate`")
    text = ring_decrypt(value, prefix=PREFIX, aad=_AAD, keys=keys)
    if text is None:
        raise MfaSecretError("no key of AWARDS_MFA_KEYS opens this two-factor secret")
    return text


def _reencrypt(value: str, keys: KeyRing | None) -> str:
    plain = secret_decrypt(value, keys=keys) if is_encrypted(value) else value
    return secret_encrypt(plain, keys=keys)


def authenticator_data_encrypt(data: dict, *, keys: KeyRing | None = None) -> dict:
    """``data`` with every secret (re-)encrypted under the first key: plaintext legacy values are encrypted,
    encrypted ones re-encrypted (rotation). Other fields are kept as they are."""
    data = dict(data)
    for field in SECRET_FIELDS:
        if isinstance(data.get(field), str):
            data[field] = _reencrypt(data[field], keys)
    for field in SECRET_LIST_FIELDS:
        if isinstance(data.get(field), list):
            data[field] = [_reencrypt(value, keys) for value in data[field]]
    return data


def authenticator_data_decrypt(data: dict, *, keys: KeyRing | None = None) -> dict:
    """``data`` with its secrets in plaintext again (the data migration's way back)."""
    data = dict(data)
    for field in SECRET_FIELDS:
        if is_encrypted(data.get(field)):
            data[field] = secret_decrypt(data[field], keys=keys)
    for field in SECRET_LIST_FIELDS:
        if isinstance(data.get(field), list):
            data[field] = [secret_decrypt(v, keys=keys) if is_encrypted(v) else v for v in data[field]]
    return data


def authenticators_reencrypt(model) -> int:
    """(Re-)encrypt the secrets of every row of ``model`` (allauth's Authenticator, or its historical model in a
    migration) under the first key. Returns how many rows changed."""
    changed = 0
    for authenticator in model.objects.order_by("pk").iterator():
        if not isinstance(authenticator.data, dict):
            continue
        data = authenticator_data_encrypt(authenticator.data)
        if data != authenticator.data:
            model.objects.filter(pk=authenticator.pk).update(data=data)
            changed += 1
    return changed
