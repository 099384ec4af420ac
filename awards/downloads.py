"""Serving an uploaded document: as a download or inline (a judge reads it next to the scorecard), with
HTTP Range requests, so a PDF viewer fetches only the pages it shows and a broken download resumes.

Documents are at most AWARDS_DOCUMENT_MAX_BYTES (20 MB by default); a range is read into memory.
"""

import re

from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

# One range of bytes: "bytes=0-499", "bytes=500-" or a suffix "bytes=-500". Several ranges at once
# (multipart/byteranges) are answered with the whole file, which RFC 9110 allows.
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")

# What a browser may show inline: the types our upload check recognises and a browser renders itself.
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg"}


def can_show_inline(document) -> bool:
    return document.content_type in INLINE_TYPES


def _byte_range(header: str, size: int) -> tuple[int, int] | None | bool:
    """(first, last) for a satisfiable single range; None when there is no usable Range header (send the
    whole file); False when the range lies outside the file (416)."""
    match = _RANGE.match(header.strip())
    if match is None or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":
        length = int(last)
        if length == 0:
            return False
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        return False
    return start, end


def document_response(request, *, document, inline: bool = False, filename: str = "") -> HttpResponse:
    """The document's bytes with its safe name and type; a 206 for a Range request, a 416 for a range
    outside the file. The caller has already checked who may read it."""
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    size = document.file.size
    content_type = document.content_type or "application/octet-stream"
    wanted = _byte_range(request.headers.get("Range", ""), size) if request.method == "GET" else None
    if wanted is False:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    elif wanted is not None:
        start, end = wanted
        try:
            handle.seek(start)
            body = handle.read(end - start + 1)
        finally:
            handle.close()
        response = HttpResponse(body, status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    else:
        response = FileResponse(handle, content_type=content_type)
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = content_disposition_header(not inline, filename or document.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
