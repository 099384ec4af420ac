"""The results of a revealed edition, for organisers, and the award-night pack download."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from awards.site_address import site_address_context
from judging.permissions import get_revealed_edition_for_organiser
from judging.selectors.results import results_for_organisers
from judging.services.export import award_night_pack_build


@login_required
@require_GET
def results(request, slug):
    edition = get_revealed_edition_for_organiser(request.user, slug)
    context = {
        "edition": edition, **results_for_organisers(edition=edition), "site_address": site_address_context(request)
    }
    return render(request, "judging/results/results.html", context)


@login_required
@require_POST
def export_pack(request, slug):
    edition = get_revealed_edition_for_organiser(request.user, slug)
    pack = award_night_pack_build(edition=edition, actor=request.user)
    response = HttpResponse(pack, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{edition.slug}-award-night.zip"'
    return response
