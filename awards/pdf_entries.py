"""The entry receipt as a PDF (WeasyPrint), for the download and the confirmation e-mail."""

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from awards.models import Entry


def render_entry_receipt(entry: Entry) -> bytes:
    context = {
        "entry": entry,
        "edition": entry.category.edition,
        "documents": list(entry.documents.order_by("uploaded_at", "pk")),
        "generated_at": timezone.now(),
    }
    html = render_to_string("pdf/entry_receipt.html", context)
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
