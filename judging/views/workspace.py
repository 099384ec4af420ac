"""The judge's workspace, the entry as a judge reads it, and its documents."""

from pathlib import PurePath
from urllib.parse import urlencode

from csp.decorators import csp
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from awards.downloads import can_show_inline, document_response
from awards.services.entries import FIGURE_FIELDS, NARRATIVE_FIELDS
from judging.finals.selectors import judge_seats_of
from judging.permissions import (
    get_document_for_judge,
    get_entry_for_judge,
    judge_agreement_missing,
)
from judging.selectors.workspace import documents_for_reader, entry_is_blind, scoring_round, workspace_for


@login_required
@require_GET
def workspace(request):
    blocks = workspace_for(user=request.user, params=request.GET)
    if not blocks:
        raise PermissionDenied
    return render(request, "judging/workspace/workspace.html", {
        "blocks": blocks, "finals_seats": judge_seats_of(user=request.user),
    })


def agreement_redirect(request, edition):
    url = reverse("judging:agreement", kwargs={"slug": edition.slug})
    return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")


def judge_gate(request, entry):
    """A response that stops the judge (agreement unsigned, judging not open), or None to go on."""
    edition = entry.category.edition
    if judge_agreement_missing(request.user, edition):
        return agreement_redirect(request, edition)
    if not edition.phase.scoring_open:
        return render(request, "judging/workspace/not_open.html", {"edition": edition, "entry": entry})
    return None


@login_required
@require_GET
def entry_detail(request, pk):
    judge, entry = get_entry_for_judge(request.user, pk)
    stop = judge_gate(request, entry)
    if stop is not None:
        return stop
    figures = [
        (entry._meta.get_field(name).verbose_name, getattr(entry, name))
        for name in FIGURE_FIELDS
        if getattr(entry, name) is not None
    ]
    narratives = [(entry._meta.get_field(name).verbose_name, getattr(entry, name)) for name in NARRATIVE_FIELDS]
    blind = entry_is_blind(entry=entry, round=scoring_round(edition=entry.category.edition))
    documents = documents_for_reader(entry=entry, blind=blind)
    return render(
        request,
        "judging/workspace/entry.html",
        {"judge": judge, "entry": entry, "documents": documents, "figures": figures, "narratives": narratives,
         "blind": blind},
    )


def _served_name(document) -> str:
    """The file name a judge is given: in a blind round the entry's code, since a file name can carry the
    company's."""
    entry = document.entry
    if entry_is_blind(entry=entry, round=scoring_round(edition=entry.category.edition)):
        return f"{entry.reference}-{document.pk}{PurePath(document.original_name).suffix}"
    return document.original_name


@login_required
@require_GET
def document_download(request, pk):
    document = get_document_for_judge(request.user, pk)
    if judge_agreement_missing(request.user, document.entry.category.edition):
        return agreement_redirect(request, document.entry.category.edition)
    response = document_response(request, document=document, filename=_served_name(document))
    response["Cache-Control"] = "private, no-store"
    return response


# The inline document's own policy: nothing may run or load but the document itself. It differs from the
# site's in one directive, object-src 'self', without which Chromium's PDF viewer does not open the file.
INLINE_DOCUMENT_CSP = {
    "default-src": ["'none'"],
    "object-src": ["'self'"],
    "img-src": ["'self'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'none'"],
}


@csp(INLINE_DOCUMENT_CSP)
@login_required
@require_GET
def document_view(request, pk):
    """The document inline, for the reader next to the scorecard (PDF.js fetches it in ranges) or the
    browser's own viewer; the same checks as the download. A type no browser shows is downloaded."""
    document = get_document_for_judge(request.user, pk)
    if judge_agreement_missing(request.user, document.entry.category.edition):
        return agreement_redirect(request, document.entry.category.edition)
    if not can_show_inline(document):
        return redirect("judging:document", pk=document.pk)
    response = document_response(request, document=document, inline=True, filename=_served_name(document))
    response["Cache-Control"] = "private, no-store"
    return response
