"""Structured logs: one JSON object per line, each carrying the id of the request it belongs to.

`RequestIdMiddleware` (first in MIDDLEWARE) gives every request an id, returns it in the `X-Request-ID`
response header and writes one `awards.request` line per request: method, URL pattern, view, status, duration
and the user's id. Behind a trusted proxy (DJANGO_BEHIND_PROXY=1) an incoming `X-Request-ID` of a sane shape is
kept, so the proxy's log and ours share the id.

What is never logged: request bodies, query strings, cookies, headers, and raw paths. A path can carry a secret
(a password-reset key, an e-mail confirmation key, an invitation token), so the request line names the URL
pattern (`accounts/password/reset/key/<uidb36>-<key>/`) and Django's own request warnings ("Not Found: ...")
have their path replaced the same way.
"""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.conf import settings

REQUEST_ID_HEADER = "X-Request-ID"
_INCOMING_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

request_logger = logging.getLogger("awards.request")

# LogRecord's own attributes: everything else on a record came through `extra=` and is written as a field.
_RECORD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
_FIELD_TYPES = (str, int, float, bool, type(None))


def request_id() -> str | None:
    """The id of the request being served in this context, or None outside a request."""
    return _request_id.get()


def route_of(request) -> str:
    """The URL pattern the request matched, never its path (which can hold a key or a token)."""
    match = getattr(request, "resolver_match", None)
    return "/" + match.route if match is not None and match.route is not None else "(no route)"


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        trusted = settings.BEHIND_PROXY and _INCOMING_ID.fullmatch(incoming)
        request.request_id = incoming if trusted else uuid.uuid4().hex
        token = _request_id.set(request.request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request.request_id
            user = getattr(request, "user", None)
            request_logger.log(
                logging.ERROR if response.status_code >= 500 else logging.INFO,
                "%s %s %s",
                request.method,
                route_of(request),
                response.status_code,
                extra={
                    "method": request.method,
                    "route": route_of(request),
                    "view": getattr(getattr(request, "resolver_match", None), "view_name", None),
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            return response
        finally:
            _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record (None outside a request), and takes the path out of the
    records Django writes about a request (django.request, django.security)."""

    def filter(self, record):
        request = getattr(record, "request", None)
        # Django logs an error response ("Not Found: ...") after the middleware has returned: the id is on it.
        record.request_id = _request_id.get() or getattr(request, "request_id", None)
        path = getattr(request, "path", None)
        if path and isinstance(record.args, tuple) and path in record.args:
            record.args = tuple(route_of(request) if arg == path else arg for arg in record.args)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request_id, the record's extra fields of
    plain types (a request object or any other value is left out), and the exception's traceback if any."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for name, value in vars(record).items():
            if name not in _RECORD_ATTRIBUTES and name not in entry and isinstance(value, _FIELD_TYPES):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(*, level: str, fmt: str) -> dict:
    """settings.LOGGING: every logger writes through one console handler in `fmt` ("json" or "text")."""
    if fmt not in {"json", "text"}:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be json or text, not {fmt!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "config.logs.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "config.logs.JsonFormatter"},
            "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": fmt, "filters": ["request_id"]},
        },
        "root": {"handlers": ["console"], "level": "WARNING"},
        # Our own code and Django at the chosen level; libraries at WARNING. All propagate to the one handler.
        "loggers": {name: {"level": level} for name in ("django", "awards", "judging", "config")},
    }
