"""PDFs from Django templates (WeasyPrint). Templates live under templates/pdf/ and extend pdf/base.html."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML, default_url_fetcher

from awards.models import NdaAcceptance


def _static_root() -> Path:
    return (Path(settings.BASE_DIR) / "static").resolve()


def _url_fetcher(url: str, *args, **kwargs):
    """Only inline data and our own static files: a PDF never fetches anything from the network."""
    if url.startswith("data:"):
        return default_url_fetcher(url, *args, **kwargs)
    if url.startswith("file://"):
        path = Path(url.removeprefix("file://")).resolve()
        if path.is_relative_to(_static_root()):
            return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"PDF resources are limited to static files; refused {url[:80]}")


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template to PDF bytes. Relative URLs (images, CSS) resolve against static/."""
    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(_static_root()) + "/", url_fetcher=_url_fetcher).write_pdf()


def nda_acceptance_pdf(acceptance: NdaAcceptance) -> bytes:
    """The signed copy of an NDA or a judge's confidentiality agreement: both languages and the signature."""
    version = acceptance.version
    return render_pdf(
        "pdf/nda.html",
        {
            "acceptance": acceptance,
            "version": version,
            "edition": version.edition,
            "company": acceptance.company,
            "accepted_at": timezone.localtime(acceptance.accepted_at),
        },
    )


def nda_acceptance_filename(acceptance: NdaAcceptance) -> str:
    version = acceptance.version
    return f"{version.edition.slug}-{version.audience}-nda-{version.version_label}-signed-{acceptance.pk}.pdf"
