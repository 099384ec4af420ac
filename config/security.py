"""Request-level hardening that belongs to no app: client address, Permissions-Policy, sign-in lockout page,
idle timeout of privileged sessions.

The roles that make a session privileged are decided at sign-in (``mark_privileged_session``, connected to
``user_logged_in`` in ``judging.apps``), so ordinary requests pay no query for it.
"""

import ipaddress
import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import render


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind N trusted proxies the N-th X-Forwarded-For entry from the right.

    Each proxy appends the address it received the request from, so only the right-most N entries are
    trustworthy; anything further left is whatever the client chose to send.
    """
    proxy_count = settings.CLIENT_IP_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    candidate = request.META.get("REMOTE_ADDR")
    if proxy_count > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        if len(hops) >= proxy_count:
            candidate = hops[-proxy_count]
    try:
        return str(ipaddress.ip_address(candidate)) if candidate else None
    except ValueError:
        return None


def login_username(request, credentials) -> str | None:
    """The e-mail address a sign-in attempt was for, lower-cased (allauth passes ``email``, the admin ``username``)."""
    credentials = credentials or {}
    login = credentials.get("email") or credentials.get("username")
    if login is None:
        login = request.POST.get("login") or request.POST.get("username")
    return login.strip().lower() if login else None


def lockout_response(request, original_response=None, credentials=None):
    """The translated page shown for a sign-in attempt while its (e-mail, address) pair is locked out."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "account/lockout.html", context, status=429)


class PermissionsPolicyMiddleware:
    """Sends ``Permissions-Policy`` built from ``settings.PERMISSIONS_POLICY`` on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}={allow}" for feature, allow in settings.PERMISSIONS_POLICY.items())

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


PRIVILEGED_SESSION_KEY = "_privileged_seen"
_REFRESH_EVERY_SECONDS = 60  # write the session at most once a minute, not on every request


def mark_privileged_session(sender, request, user, **kwargs):
    """At sign-in: an organiser's, judge's or key holder's session expires after a short inactivity, and is
    held on the enrolment pages until the user has an authenticator app (``config.two_factor``)."""
    from config.two_factor import is_privileged, require_enrolment_if_privileged

    if request is None or not hasattr(request, "session"):
        return
    privileged = is_privileged(user)
    if privileged:
        request.session[PRIVILEGED_SESSION_KEY] = int(time.time())
        request.session.set_expiry(settings.PRIVILEGED_SESSION_IDLE_SECONDS)
    require_enrolment_if_privileged(request=request, user=user, privileged=privileged)


class PrivilegedSessionIdleMiddleware:
    """Signs a privileged session out after ``PRIVILEGED_SESSION_IDLE_SECONDS`` without a request.

    Each use (at most once a minute, to spare a session write per request) restarts the clock and the
    session's own short expiry, so the store and the cookie expire it too. Participants' sessions carry
    no mark and are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        seen = session.get(PRIVILEGED_SESSION_KEY) if session is not None else None
        if seen is not None:
            now = int(time.time())
            if now - seen > settings.PRIVILEGED_SESSION_IDLE_SECONDS:
                logout(request)
            elif now - seen >= _REFRESH_EVERY_SECONDS:
                session[PRIVILEGED_SESSION_KEY] = now
                session.set_expiry(settings.PRIVILEGED_SESSION_IDLE_SECONDS)
        return self.get_response(request)
