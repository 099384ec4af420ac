"""Strict readers for settings that come from the environment."""

import base64
import binascii
import os
import re

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    """A string from NAME, or from the file named by NAME_FILE (for container secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        with open(file_name, encoding="utf-8") as fh:
            return fh.read().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false, yes/no), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_key_ring(name: str, *, key_bytes: int) -> list[tuple[str, bytes]]:
    """Keys from NAME (or NAME_FILE): comma-separated ``id:base64`` pairs, newest first; [] when unset.

    Each key decodes (standard or URL-safe base64) to exactly ``key_bytes`` bytes; ids are 1-32 letters,
    digits, ``_``, ``.`` or ``-`` and unique. Anything else stops the start-up, naming the variable but never
    printing a key."""
    raw = env_str(name) or ""
    ring: list[tuple[str, bytes]] = []
    for position, item in enumerate((part.strip() for part in raw.split(",")), start=1):
        if not item:
            continue
        key_id, separator, encoded = item.partition(":")
        key_id = key_id.strip()
        if not separator or not re.fullmatch(r"[A-Za-z0-9_.-]{1,32}", key_id):
            raise ImproperlyConfigured(
                f"{name}: key {position} must be written id:base64, the id made of 1-32 letters, digits, _ . or -"
            )
        try:
            key = base64.b64decode(encoded.strip().replace("-", "+").replace("_", "/"), validate=True)
        except (binascii.Error, ValueError):
            key = b""
        if len(key) != key_bytes:
            raise ImproperlyConfigured(f"{name}: key {key_id!r} must be {key_bytes} bytes in base64")
        if any(key_id == known for known, _key in ring):
            raise ImproperlyConfigured(f"{name}: the key id {key_id!r} appears twice")
        ring.append((key_id, key))
    return ring


def key_ring_text(ring: list[tuple[str, bytes]]) -> str:
    """A key ring written back as env_key_ring reads it (``id:base64,...``), e.g. for a child process."""
    return ",".join(f"{key_id}:{base64.b64encode(key).decode()}" for key_id, key in ring)
