"""Issue 14, attack 1: a copy of the database, the private files and the settings, taken right after a web
key ceremony in which no holder has collected or checked anything, must not rebuild the edition key.

The test does what the attack did, and more: it dumps every table of the connection with `SELECT *`, reads
every file under the private files folder and every setting, collects every value that looks like a share
(a share text, `index:hex`, any 32-hex-character run, any 16-byte value, paired with every holder index),
every X25519 private key it can find (PEM or 32 raw bytes) to try on the encrypted shares, and tries
`sealing.private_key_recover` with every k-combination. On the code before holder keys the plaintext
`pending_share` column alone rebuilt the key.
"""

import base64
import itertools
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from judging import sealing
from judging.models import KeyCeremony
from tests.factories import EditionFactory, OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db

HEX32 = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")


def _dump_values() -> list:
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names only
            for row in cursor.fetchall():
                values.extend(row)
    return values


def _files_and_settings() -> list:
    values = []
    root = Path(settings.PRIVATE_FILES_ROOT)
    if root.exists():
        values += [path.read_bytes() for path in root.rglob("*") if path.is_file()]
    values += [repr(getattr(settings, name)) for name in dir(settings) if name.isupper()]
    return values


def _texts(values) -> list[str]:
    texts = []
    for value in values:
        if isinstance(value, memoryview):
            value = bytes(value)
        if isinstance(value, bytes):
            texts.append(value.decode("latin-1"))
            texts.append(value.hex())
        elif value is not None:
            texts.append(str(value))
    return texts


def _candidate_shares(values, holders: int) -> set:
    shares = set()
    for text in _texts(values):
        for chunk in re.split(r"\n\s*\n", text) + [text]:
            try:
                shares.add(sealing.share_parse(chunk))
            except sealing.SealingError:
                pass
        for found in HEX32.findall(text.lower()):
            shares.update(sealing.Share(index=i, value=bytes.fromhex(found)) for i in range(1, holders + 1))
    for value in values:
        raw = bytes(value) if isinstance(value, (bytes, memoryview)) else None
        if raw is not None and len(raw) == 16:
            shares.update(sealing.Share(index=i, value=raw) for i in range(1, holders + 1))
    return shares


def _candidate_private_keys(values) -> list:
    keys = []
    for text in _texts(values):
        for pem in re.findall(r"-----BEGIN PRIVATE KEY-----[\s\S]*?-----END PRIVATE KEY-----", text):
            try:
                keys.append(sealing.private_key_from_pem(pem.encode()))
            except sealing.SealingError:
                pass
    for value in values:
        raw = bytes(value) if isinstance(value, (bytes, memoryview)) else None
        if raw is not None and len(raw) == 32:
            keys.append(sealing.X25519PrivateKey.from_private_bytes(raw))
    return keys


def _web_ceremony(client, edition, organiser, holders) -> tuple[KeyCeremony, list]:
    """Through the pages: the organiser names the holders, each enrols a key (kept on their device, here in
    this test's memory only), the organiser makes the key. Nobody checks or collects anything after."""
    client.force_login(organiser)
    client.post(reverse("judging:keys", args=[edition.slug]),
                {"emails": "\n".join(h.email for h in holders), "threshold": "2"})
    ceremony = KeyCeremony.objects.get(edition=edition)
    keys = []
    for holder in holders:
        client.force_login(holder)
        keys.append(sealing.holder_key_generate())
        public = keys[-1].public_key().public_bytes_raw()
        client.post(reverse("judging:my_share", args=[ceremony.pk]), {"public_key": base64.b64encode(public).decode()})
    client.force_login(organiser)
    client.post(reverse("judging:keys_make", args=[edition.slug]))
    ceremony.refresh_from_db()
    assert ceremony.is_active and ceremony.holders.filter(encrypted_share=b"").count() == 0
    return ceremony, keys


def _attack(values, ceremony) -> list:
    """Everything the attacker tries; returns the keys rebuilt."""
    shares = _candidate_shares(values, ceremony.holders_count)
    # Any private key found in the dump is tried on every stored encrypted share as well.
    for key in _candidate_private_keys(values):
        for holder in ceremony.holders.all():
            encrypted = sealing.EncryptedShare(
                edition=ceremony.edition.slug, fingerprint=ceremony.fingerprint, index=holder.index, holder_key="",
                ciphertext=bytes(holder.encrypted_share),
            )
            try:
                shares.add(sealing.share_decrypt(encrypted=encrypted, private_key=key))
            except sealing.SealingError:
                pass
    rebuilt = []
    for combination in itertools.combinations(sorted(shares, key=lambda s: (s.index, s.value)), ceremony.threshold):
        if len({share.index for share in combination}) < ceremony.threshold:
            continue
        try:
            rebuilt.append(sealing.private_key_recover(
                shares=list(combination), threshold=ceremony.threshold,
                wrapped_private_key=bytes(ceremony.wrapped_private_key), public_key_bytes=bytes(ceremony.public_key),
            ))
        except sealing.SealingError:
            pass
    return rebuilt


def test_a_dump_of_every_table_files_and_settings_after_a_web_ceremony_does_not_rebuild_the_key(client):
    edition = EditionFactory()
    holders = [UserFactory(two_factor=True) for _ in range(3)]
    ceremony, holder_keys = _web_ceremony(client, edition, OrganiserFactory(), holders)
    values = _dump_values() + _files_and_settings()
    assert _attack(values, ceremony) == []
    # The hunt itself works: with two holders' key files added to the dump, it rebuilds the key.
    with_two_key_files = values + [sealing.holder_key_file_text(key) for key in holder_keys[:2]]
    assert {key.public_key().public_bytes_raw() for key in _attack(with_two_key_files, ceremony)} == {
        bytes(ceremony.public_key)
    }
