"""Outbox bodies encrypted at rest: an e-mail may carry a link that is a secret (a judge's invitation token, kept
in the database only as its hash), so the stored body is AES-256-GCM under the first key of
``settings.AWARDS_MFA_KEYS`` (the server's environment, never the database), with its own associated data so a
body and a two-factor secret never pass for one another. A stored value is ``box1:`` and URL-safe base64 of the
12-byte nonce and the ciphertext with its tag; reading tries every key of the ring."""

import base64
import os

from cryptography.exceptions import InvalidTag

from config.mfa_crypto import KeyRing, _keys

PREFIX = "box1:"
_AAD = b"cct-awards outbox body v1"
_NONCE_BYTES = 12


class OutboxBodyError(ValueError):
    """A stored body that no configured key opens."""


def body_encrypt(text: str, *, keys: KeyRing | None = None) -> str:
    nonce = os.urandom(_NONCE_BYTES)
    sealed = _keys(keys)[0].encrypt(nonce, text.encode("utf-8"), _AAD)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def body_decrypt(value: str, *, keys: KeyRing | None = None) -> str:
    if not value.startswith(PREFIX):
        raise OutboxBodyError("this outbox body is not encrypted")
    raw = base64.urlsafe_b64decode(value[len(PREFIX) :].encode("ascii"))
    nonce, sealed = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
    for key in _keys(keys):
        try:
            return key.decrypt(nonce, sealed, _AAD).decode("utf-8")
        except InvalidTag:
            continue
    raise OutboxBodyError("no key of AWARDS_MFA_KEYS opens this outbox body")
