"""Strict readers for settings that come from the environment."""

import os

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


def env_key_list(name: str) -> list[str]:
    """Symmetric keys from NAME (or NAME_FILE): URL-safe base64 of 32 random bytes each, separated by commas,
    spaces or new lines. The first encrypts, all decrypt (rotation). An empty list when unset."""
    import base64
    import binascii
    import re

    raw = env_str(name) or ""
    keys = [key for key in re.split(r"[\s,]+", raw) if key]
    for position, key in enumerate(keys, start=1):
        try:
            decoded = base64.urlsafe_b64decode(key.encode("ascii"))
        except (binascii.Error, UnicodeEncodeError, ValueError) as exc:
            raise ImproperlyConfigured(f"{name}: key {position} is not URL-safe base64") from exc
        if len(decoded) != 32:
            raise ImproperlyConfigured(f"{name}: key {position} must be 32 bytes, not {len(decoded)}")
    return keys
