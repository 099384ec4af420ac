"""The judge's workspace, the entry as a judge reads it, and its documents."""

from pathlib import PurePath
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from awards.services.entries import FIGURE_FIELDS, NARRATIVE_FIELDS
from judging.permissions import (
    get_document_for_judge,
    get_entry_for_judge,
    judge_agreement_missing,
)
from judging.selectors.workspace import entry_is_blind, scoring_round, workspace_for


@login_required
@require_GET
def workspace(request):
    blocks = workspace_for(user=request.user)
    if not blocks:
        raise PermissionDenied
    return render(request, "judging/workspace/workspace.html", {"blocks": blocks})


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
    documents = list(entry.documents.all())
    figures = [
        (entry._meta.get_field(name).verbose_name, getattr(entry, name))
        for name in FIGURE_FIELDS
        if getattr(entry, name) is not None
    ]
    narratives = [(entry._meta.get_field(name).verbose_name, getattr(entry, name)) for name in NARRATIVE_FIELDS]
    blind = entry_is_blind(entry=entry, round=scoring_round(edition=entry.category.edition))
    return render(
        request,
        "judging/workspace/entry.html",
        {"judge": judge, "entry": entry, "documents": documents, "figures": figures, "narratives": narratives,
         "blind": blind},
    )


@login_required
@require_GET
def document_download(request, pk):
    document = get_document_for_judge(request.user, pk)
    if judge_agreement_missing(request.user, document.entry.category.edition):
        return agreement_redirect(request, document.entry.category.edition)
    entry = document.entry
    name = document.original_name
    if entry_is_blind(entry=entry, round=scoring_round(edition=entry.category.edition)):
        name = f"{entry.reference}-{document.pk}{PurePath(name).suffix}"  # a file name can carry the company's
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=document.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
