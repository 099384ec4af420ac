"""The site's public address (DJANGO_SITE_URL), which e-mails and the certificates' QR codes carry, checked
against the address actually in use: at start-up (a system check) and on the award-night pages (a banner),
before 49 certificates are printed with QR codes that lead nowhere.
"""

import os
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
DEFAULT_PORTS = {"http": 80, "https": 443}


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of an address, the port filled in for http and https."""
    parts = urlsplit(url)
    scheme = (parts.scheme or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port or DEFAULT_PORTS.get(scheme)


def origin_text(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def site_url_in_use(request) -> str:
    """The address the visitor is using, as the site URL would spell it."""
    return request.build_absolute_uri("/").rstrip("/")


def site_url_mismatch(request) -> bool:
    return origin(settings.SITE_URL) != origin(site_url_in_use(request))


def demo_address() -> str:
    """The address the demo serves on: DJANGO_SITE_URL when it is set, else 127.0.0.1 on $PORT (8000)."""
    if os.environ.get("DJANGO_SITE_URL"):
        return settings.SITE_URL.rstrip("/")
    return f"http://127.0.0.1:{os.environ.get('PORT') or 8000}"


@register("awards")
def check_site_url(app_configs=None, **kwargs):
    site = settings.SITE_URL
    scheme, host, port = origin(site)
    if scheme not in DEFAULT_PORTS or not host:
        return [Error(
            f"DJANGO_SITE_URL={site!r} is not an http(s) address.",
            hint="Set it to the public address of the site, e.g. https://awards.example.org.",
            id="awards.E001",
        )]
    problems = []
    served_port = os.environ.get("PORT")
    if host in LOCAL_HOSTS and served_port and served_port.isdigit() and int(served_port) != port:
        problems.append(Warning(
            f"DJANGO_SITE_URL is {origin_text(site)} but the server is started on port {served_port}: e-mails "
            "and certificate QR codes would lead to an address where nothing answers.",
            hint=f"Set DJANGO_SITE_URL=http://{host}:{served_port} (make demo does it for you).",
            id="awards.W001",
        ))
    if not settings.DEBUG and host in LOCAL_HOSTS:
        problems.append(Warning(
            f"DJANGO_SITE_URL is {origin_text(site)}, a local address, while DJANGO_DEBUG=0: e-mails and "
            "certificate QR codes would lead to the reader's own computer.",
            hint="Set DJANGO_SITE_URL to the public address of the site.",
            id="awards.W002",
        ))
    allowed = settings.ALLOWED_HOSTS
    if "*" not in allowed and not any(
        host == entry.lower() or (entry.startswith(".") and (host.endswith(entry.lower()) or host == entry[1:]))
        for entry in allowed
    ):
        problems.append(Warning(
            f"The host of DJANGO_SITE_URL ({host}) is not in DJANGO_ALLOWED_HOSTS: links in e-mails and "
            "certificate QR codes would be refused with 400 Bad Request.",
            hint="Add it to DJANGO_ALLOWED_HOSTS, or correct DJANGO_SITE_URL.",
            id="awards.W003",
        ))
    return problems


def site_address_context(request) -> dict:
    """What the award-night pages' banner needs (templates/includes/site_url_warning.html)."""
    return {
        "mismatch": site_url_mismatch(request),
        "configured": origin_text(settings.SITE_URL),
        "in_use": site_url_in_use(request),
    }
