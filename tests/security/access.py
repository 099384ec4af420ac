"""The access tests' machinery: the roles as columns, every URL of the project, and asking one URL.

The cast and their editions in each state come from tests/cast.py (`Cast`, `Cast.edition_in`).
"""

import contextlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.cast import EditionWorld

ANONYMOUS = "anonymous"
PARTICIPANT_A = "participant A"
PARTICIPANT_B = "participant B"
JUDGE = "judge"
CONFLICTED = "conflicted judge"
ORGANISER = "organiser"
KEY_HOLDER = "key holder"
SUPERUSER = "superuser"
ROLES = [ANONYMOUS, PARTICIPANT_A, PARTICIPANT_B, JUDGE, CONFLICTED, ORGANISER, KEY_HOLDER, SUPERUSER]


def role_users(cast) -> dict:
    return {
        ANONYMOUS: None,
        PARTICIPANT_A: cast.participant_a,
        PARTICIPANT_B: cast.participant_b,
        JUDGE: cast.alice,
        CONFLICTED: cast.bob,
        ORGANISER: cast.organiser,
        KEY_HOLDER: cast.holders[0],
        SUPERUSER: cast.admin,
    }


def edition_values(world: EditionWorld) -> dict:
    """Concrete values for the URL arguments, from one edition's world (None: no such object in this state)."""
    entry_pk = world.entry_a.pk if world.entry_a else None
    return {
        "slug": world.edition.slug,
        "pk": None,  # depends on the pattern: see PK_OBJECTS
        "category_id": world.category.pk,
        "category_code": world.category.code,
        "ceremony_id": world.ceremony.pk,
        "entry_pk": entry_pk,
        "receipt": world.scorecard_a.receipt if world.scorecard_a else None,
        "code": world.award_a.certificate_code if world.award_a else None,
        "number": 1,  # the edition's only round, its final round
    }


# --- Walking the URL map ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """One URL pattern: its full route (the prefixes of every include joined), its name, its view."""

    route: str
    name: str | None
    pattern: URLPattern

    @property
    def key(self) -> str:
        return self.name or self.route

    @property
    def arguments(self) -> list[str]:
        return list(self.pattern.pattern.regex.groupindex)


def routes(resolvers=None, prefix: str = "", namespace: str = "") -> list[Route]:
    """Every URL pattern of the project, allauth's and the admin's included, named or not."""
    found = []
    for pattern in get_resolver().url_patterns if resolvers is None else resolvers:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            found.extend(routes(pattern.url_patterns, prefix + str(pattern.pattern), inner))
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            found.append(Route(route=prefix + str(pattern.pattern), name=name, pattern=pattern))
    return found


# --- Asking -------------------------------------------------------------------------------------------

# The answer classes, as letters (see tests/security/test_authorization_matrix.py).
ANSWERS = {"O": 200, "L": 302, "R": 302, "F": 403, "N": 404, "M": 405, "B": 400, "C": 409}
SIGN_IN_PATHS = ("/accounts/login/", "/admin/login/")


def answer(response) -> str:
    """The letter of a response: a redirect to a sign-in page (L) or elsewhere (R), else by status code."""
    if response.status_code in (301, 302):
        return "L" if response["Location"].startswith(SIGN_IN_PATHS) else "R"
    letters = {code: letter for letter, code in ANSWERS.items() if letter not in "LR"}
    return letters.get(response.status_code, str(response.status_code))


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


class _Undo(Exception):
    pass


def ask(client: Client, method: str, url: str, data: dict | None = None) -> str:
    """One request whose database writes are rolled back, so no answer depends on the requests before it."""
    cache.clear()  # allauth's rate limits count in the cache
    session = client.cookies.get("sessionid")
    result = "?"
    with contextlib.suppress(_Undo), transaction.atomic():
        try:
            response = client.get(url, data) if method == "GET" else client.post(url, data or {})
        except Exception as exc:  # noqa: BLE001 - a crash is an answer too, and no test allows it
            result = f"500 ({type(exc).__name__}: {exc})"
        else:
            result = answer(response)
            if getattr(response, "streaming", False):
                # Read it to the end: the test client's wrapper then closes the file without the
                # request_finished handler that would close the database connection mid-transaction.
                b"".join(response.streaming_content)
        raise _Undo
    if session is not None:  # a sign-out or a new session key was rolled back with the rest: keep the old one
        client.cookies["sessionid"] = session.value
    return result
