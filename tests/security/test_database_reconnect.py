"""A database restart between two requests costs a reconnect, not a 500.

Production keeps connections (DJANGO_DB_CONN_MAX_AGE=60, as README recommends). When PostgreSQL restarts
or an operator terminates the server's connections, each worker still holds a dead one; Django's health
check (settings: conn_health_checks) finds it at the start of the next request and reconnects. The requests
here go through the real WSGI handler, so the request_started hook that runs the check is the one
production runs (the test client leaves it out).
"""

import io
from wsgiref.util import setup_testing_defaults

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

from awards.models import Edition
from tests.factories import EditionFactory


def _get(handler: WSGIHandler, path: str) -> tuple[str, bytes]:
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO()}
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = status

    body = b"".join(handler(environ, start_response))
    return answer["status"], body


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_next_request_after_postgresql_dropped_the_connection_succeeds(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's; SQLite has no server connection to lose")
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    EditionFactory(state=Edition.State.REGISTRATION, name="Reconnect Awards 2027")
    handler = WSGIHandler()

    status, body = _get(handler, "/")
    assert status == "200 OK"
    assert b"Reconnect Awards 2027" in body
    kept = connection.connection.info.backend_pid  # the connection the worker keeps for the next request

    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432, user=settings["USER"] or "postgres",
        password=settings["PASSWORD"] or None, dbname=settings["NAME"], autocommit=True,
    ) as operator:
        operator.execute("SELECT pg_terminate_backend(%s)", [kept])

    status, body = _get(handler, "/")
    assert status == "200 OK"
    assert b"Reconnect Awards 2027" in body
    assert connection.connection.info.backend_pid != kept
    connection.close()
