"""Database sessions that a copy of the database can neither use nor read.

Django's database sessions keep the session key (the cookie's value) as the row's primary key and the data
in readable form. A copy of the table would then hand its holder every signed-in organiser's, judge's and
key holder's session (a cookie away from their pages and a judge's draft), and, while someone enrols an
authenticator app, the secret allauth keeps in the session until enrolment ends.

Here the row holds only a keyed hash of the session key (BLAKE2b, 160 bits, 40 hex characters: the
column's width), and the data is encrypted with AES-256-GCM under a key derived from the session key
itself (HKDF-SHA256), with the row's key as associated data. The session key exists only in the
person's cookie, so only a request that carries it finds and opens its row. Rows written before this
engine (plain keys, plain data) are simply not found: their users sign in again once.

settings: ``SESSION_ENGINE = "config.sessions"``.
"""

import base64
import datetime
import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends import db
from django.utils import timezone

from config.auth_backends import LEGACY_PATHS
from config.statements import Compiled, Slot

PREFIX = "s1:"
_NONCE_BYTES = 12


def _live_row_query(key, now):
    """`SessionStore._live_row` as a statement of its own (the store's model is Django's Session)."""
    return SessionStore.get_model_class().objects.filter(session_key=key, expire_date__gt=now).order_by()[:1]


# The live row of a session: stand-ins for its row key (40 characters, never a hex digest) and the time now.
_LIVE_ROW = Compiled(
    "config.sessions.live-row",
    _live_row_query,
    Slot("~" * 40),
    Slot(datetime.datetime(1901, 2, 3, 4, 5, 6, 789, tzinfo=datetime.UTC),
         adapt=lambda connection, value: connection.ops.adapt_datetimefield_value(value)),
)


def row_key(session_key: str) -> str:
    """What the database keeps instead of the session key."""
    return hashlib.blake2b(session_key.encode(), digest_size=20, person=b"cct-session-row").hexdigest()


def _cipher(session_key: str) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"cct-awards session data v1").derive(
        session_key.encode()
    )
    return AESGCM(key)


class SessionStore(db.SessionStore):
    def encode(self, session_dict) -> str:
        signed = super().encode(session_dict).encode()
        nonce = os.urandom(_NONCE_BYTES)
        sealed = _cipher(self._session_key).encrypt(nonce, signed, row_key(self._session_key).encode())
        return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")

    def decode(self, session_data: str) -> dict:
        if not session_data.startswith(PREFIX) or not self._session_key:
            return {}
        try:
            raw = base64.b64decode(session_data[len(PREFIX):])
            signed = _cipher(self._session_key).decrypt(
                raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], row_key(self._session_key).encode()
            )
        except (InvalidTag, ValueError):
            return {}
        data = super().decode(signed.decode())
        backend = data.get(BACKEND_SESSION_KEY)
        if backend in LEGACY_PATHS:  # signed in before the backends moved to config.auth_backends
            data[BACKEND_SESSION_KEY] = LEGACY_PATHS[backend]
        return data

    def _live_row(self):
        return self.model.objects.filter(session_key=row_key(self.session_key), expire_date__gt=timezone.now())

    def _get_session_from_db(self):
        # Read on every signed-in request: the statement is compiled once per connection (the ORM took ~0.5 ms of
        # Python to build `_live_row().first()` each time, the database well under 0.1 ms to answer it).
        rows = _LIVE_ROW.instances(row_key(self.session_key), timezone.now())
        session = rows[0] if rows else None
        if session is None:
            self._session_key = None
        return session

    async def _aget_session_from_db(self):
        session = await self._live_row().afirst()
        if session is None:
            self._session_key = None
        return session

    def exists(self, session_key):
        return self.model.objects.filter(session_key=row_key(session_key)).exists()

    async def aexists(self, session_key):
        return await self.model.objects.filter(session_key=row_key(session_key)).aexists()

    def create_model_instance(self, data):
        session_key = self._get_or_create_session_key()
        return self.model(
            session_key=row_key(session_key), session_data=self.encode(data), expire_date=self.get_expiry_date()
        )

    async def acreate_model_instance(self, data):
        session_key = await self._aget_or_create_session_key()
        return self.model(
            session_key=row_key(session_key), session_data=self.encode(data),
            expire_date=await self.aget_expiry_date(),
        )

    def delete(self, session_key=None):
        session_key = session_key or self.session_key
        if session_key is not None:
            self.model.objects.filter(session_key=row_key(session_key)).delete()

    async def adelete(self, session_key=None):
        session_key = session_key or self.session_key
        if session_key is not None:
            await self.model.objects.filter(session_key=row_key(session_key)).adelete()
