"""The results of a revealed edition, for organisers, and the award-night pack: queued, shown, downloaded."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards.site_address import site_address_context
from judging.permissions import get_revealed_edition_for_organiser
from judging.selectors.pack_exports import pack_open, pack_state
from judging.selectors.results import results_for_organisers
from judging.services.pack_exports import pack_export_request


@login_required
@require_GET
def results(request, slug):
    edition = get_revealed_edition_for_organiser(request.user, slug)
    context = {
        "edition": edition,
        "pack": pack_state(edition=edition),
        **results_for_organisers(edition=edition),
        "site_address": site_address_context(request),
    }
    return render(request, "judging/results/results.html", context)


@login_required
@require_POST
def export_pack(request, slug):
    """Queue a build of the pack (or show the one already running) and return at once to the results page."""
    edition = get_revealed_edition_for_organiser(request.user, slug)
    _export, queued = pack_export_request(edition=edition, actor=request.user)
    if queued:
        messages.success(request, _("The award-night pack is being made; this page shows its progress."))
    else:
        messages.info(request, _("The award-night pack is already being made; this page shows its progress."))
    return redirect("judging:results", slug=edition.slug)


@login_required
@require_GET
def download_pack(request, slug):
    edition = get_revealed_edition_for_organiser(request.user, slug)
    if pack_state(edition=edition).ready is None:
        raise Http404
    return FileResponse(
        pack_open(edition=edition), as_attachment=True, filename=f"{edition.slug}-award-night.zip",
        content_type="application/zip",
    )
