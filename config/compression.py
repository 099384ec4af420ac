"""Compressed pages: gzip for HTML, JSON and other text, never for files that are compressed already.

Django's GZipMiddleware compresses every response the client accepts gzip for, file downloads included; an
entry's PDF or slide deck is compressed already, and gzipping a 20 MB download only costs the server CPU.
"""

from django.middleware.gzip import GZipMiddleware

_TEXT_TYPES = ("text/", "application/json", "application/javascript", "image/svg+xml")


class PageGZipMiddleware(GZipMiddleware):
    """GZipMiddleware (random padding against BREACH included) for text responses only."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(_TEXT_TYPES):
            return response
        return super().process_response(request, response)
