"""Structured logs with a request id (config/logs.py): the id comes back in a header and is on every line written
while serving the request; no line carries a body, a query string or a path that can hold a secret."""

import json
import logging
import re

import pytest

from config.logs import JsonFormatter, RequestIdFilter
from tests.cast import participant
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def json_lines(caplog) -> list[dict]:
    """The records as the production handler writes them: the request-id filter, then the JSON formatter."""
    request_filter, formatter = RequestIdFilter(), JsonFormatter()
    lines = []
    for record in caplog.records:
        if getattr(record, "request_id", None) is None:  # the console handler's filter already ran on the others
            request_filter.filter(record)
        lines.append(json.loads(formatter.format(record)))
    return lines


def test_each_response_names_its_request_and_the_request_line_carries_the_same_id(client, caplog):
    caplog.set_level(logging.INFO)
    first = client.get("/health/")
    second = client.get("/")

    ids = [first["X-Request-ID"], second["X-Request-ID"]]
    assert all(re.fullmatch(r"[0-9a-f]{32}", value) for value in ids) and ids[0] != ids[1]
    requests = [line for line in json_lines(caplog) if line["logger"] == "awards.request"]
    assert [(line["request_id"], line["method"], line["route"], line["status"]) for line in requests] == [
        (ids[0], "GET", "/health/", 200),
        (ids[1], "GET", "/", 200),
    ]
    assert requests[0]["user_id"] is None and requests[0]["duration_ms"] >= 0


def test_a_signed_in_request_logs_the_user_id_only(client, caplog):
    caplog.set_level(logging.INFO)
    contact = participant(CategoryFactory().edition)
    client.force_login(contact.user)
    client.get("/")
    (line,) = [line for line in json_lines(caplog) if line["logger"] == "awards.request"]
    assert line["user_id"] == contact.user.pk
    assert contact.user.email not in json.dumps(line)


def test_a_token_in_the_path_a_query_string_and_a_body_reach_no_log_line(client, caplog):
    """A mistyped invitation link (404, which Django itself logs as "Not Found: <path>") and a failed sign-in."""
    caplog.set_level(logging.DEBUG)
    response = client.get("/judging/join/secret-token-4711/?next=query-canary-4712")
    assert response.status_code == 404
    client.post("/accounts/login/", {"login": "someone@example.test", "password": "body-canary-4713"})

    lines = json_lines(caplog)
    text = "\n".join(json.dumps(line) for line in lines)
    for canary in ("secret-token-4711", "query-canary-4712", "body-canary-4713"):
        assert canary not in text
        assert all(canary not in repr(vars(record)) or record.name == "django.request" for record in caplog.records)
    not_found = [line for line in lines if line["logger"] == "django.request"]
    assert [line["message"] for line in not_found] == ["Not Found: /judging/join/<str:token>/"]
    assert not_found[0]["request_id"] == response["X-Request-ID"]


@pytest.mark.parametrize(
    ("behind_proxy", "incoming", "kept"),
    [
        (True, "lb-7f3a9c2e-0001", True),
        (True, "bad id\nwith a newline", False),
        (False, "lb-7f3a9c2e-0001", False),
    ],
)
def test_a_trusted_proxys_request_id_is_kept_when_it_is_well_formed(client, settings, behind_proxy, incoming, kept):
    settings.BEHIND_PROXY = behind_proxy
    response = client.get("/health/", headers={"X-Request-ID": incoming})
    assert (response["X-Request-ID"] == incoming) is kept
    assert re.fullmatch(r"[A-Za-z0-9._:-]{8,128}", response["X-Request-ID"])


def test_an_error_is_one_json_line_with_its_traceback_and_request_id():
    record = logging.LogRecord("judging", logging.ERROR, __file__, 1, "export failed for %s", ("expo-2026",), None)
    try:
        raise ValueError("disk full")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    record.request_id = "abc123"
    record.request = object()  # Django attaches the request object: it is left out, not stringified

    line = JsonFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "export failed for expo-2026" and entry["level"] == "ERROR"
    assert entry["request_id"] == "abc123" and "request" not in entry
    assert "ValueError: disk full" in entry["exception"]
