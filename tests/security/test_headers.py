"""Security headers on every HTML page, and templates that a no-inline Content-Security-Policy can serve."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import OrganiserFactory

ROOT = Path(__file__).resolve().parents[2]
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), fullscreen=(self)"


def _directives(header):
    return sorted(part.strip() for part in header.split(";"))


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "account_login", "account_signup"])
def test_public_pages_send_the_security_headers(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert _directives(response["Content-Security-Policy"]) == _directives(CSP)
    assert response["Permissions-Policy"] == PERMISSIONS
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_signed_in_pages_send_the_policy_too(client):
    client.force_login(OrganiserFactory())
    response = client.get(reverse("home"))
    assert _directives(response["Content-Security-Policy"]) == _directives(CSP)
    assert response["Permissions-Policy"] == PERMISSIONS


def _html_templates():
    for folder in (ROOT / "templates", ROOT / "awards", ROOT / "judging"):
        for path in folder.rglob("*.html"):
            if "pdf" in path.relative_to(ROOT).parts or "email" in path.relative_to(ROOT).parts:
                continue  # WeasyPrint's PDFs and e-mails are not pages a browser runs under the CSP
            yield path


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)


def test_no_page_template_holds_inline_script_or_style():
    offenders = []
    for path in _html_templates():
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE, re.compile(r"javascript:", re.IGNORECASE)):
            offenders += [f"{path.relative_to(ROOT)}: {match.group(0)}" for match in pattern.finditer(text)]
    assert offenders == []
    assert len(list(_html_templates())) > 20  # the scan really reads the templates


def test_the_scan_catches_what_the_policy_would_block():
    assert INLINE_SCRIPT.search('<script>alert(1)</script>')
    assert not INLINE_SCRIPT.search('<script src="/static/js/a.js" defer></script>')
    assert EVENT_HANDLER.search('<button onclick="go()">')
    assert STYLE.search('<div style="color: red">')
