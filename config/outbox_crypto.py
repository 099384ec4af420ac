"""Outbox bodies encrypted at rest: an e-mail may carry a link that is a secret (a judge's invitation token, kept
in the database only as its hash), so the stored body is AES-256-GCM under the first key of
``settings.AWARDS_MFA_KEYS`` (the server's environment, never the database), with its own associated data so a
body and a two-factor secret never pass for one another. A stored value is ``box1:`` and URL-safe base64 of the
12-byte nonce and the ciphertext with its tag; reading tries every key of the ring."""

from config.mfa_crypto import KeyRing, ring_decrypt, ring_encrypt

PREFIX = "box1:"
_AAD = b"cct-awards outbox body v1"


class OutboxBodyError(ValueError):
    """A stored body that no configured key opens."""


def body_encrypt(text: str, *, keys: KeyRing | None = None) -> str:
    return ring_encrypt(text, prefix=PREFIX, aad=_AAD, keys=keys)


def body_decrypt(value: str, *, keys: KeyRing | None = None) -> str:
    if not value.startswith(PREFIX):
        raise OutboxBodyError("this outbox body is not encrypted")
    text = ring_decrypt(value, prefix=PREFIX, aad=_AAD, keys=keys)
    if text is None:
        raise OutboxBodyError("no key of AWARDS_MFA_KEYS opens this outbox body")
    return text
