"""The organisers' pages (not the Django admin): editions, registrations, NDA signatures, the CSV export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from awards.checklist import edition_checklist
from awards.csv_export import csv_write
from awards.forms.registrations import RegistrationFilterForm
from awards.models import Edition, NdaVersion
from awards.pagination import paginate
from awards.permissions import require_organiser
from awards.selectors import (
    nda_current,
    organiser_category_registrations,
    organiser_companies_nda,
    organiser_editions,
    organiser_entries,
)
from awards.services.editions import edition_transition

ENTRIES_PER_PAGE = 50
COMPANIES_PER_PAGE = 25

CSV_HEADER = [
    "edition",
    "category_code",
    "category_name",
    "entry_reference",
    "title",
    "company_legal_name",
    "brand",
    "city",
    "agent_seats",
    "status",
    "submitted_at",
    "documents",
    "nda_signed",
]


@login_required
@require_safe
def dashboard(request):
    require_organiser(request.user)
    return render(request, "awards/organiser/dashboard.html", {"editions": organiser_editions()})


@login_required
@require_safe
def edition_overview(request, slug):
    """The edition's one organiser area: the checklist of its lifecycle, each step with its page or button."""
    require_organiser(request.user)
    edition = get_object_or_404(Edition, slug=slug)
    steps = edition_checklist(edition=edition)
    context = {
        "edition": edition,
        "steps": steps,
        "next_step": next((step for step in steps if step.is_next), None),
    }
    return render(request, "awards/organiser/overview.html", context)


@login_required
@require_safe
def edition_detail(request, slug):
    """Registrations: categories, NDA signatures and entries."""
    require_organiser(request.user)
    edition = get_object_or_404(Edition, slug=slug)
    version = nda_current(edition=edition, audience=NdaVersion.Audience.PARTICIPANT)
    filters = RegistrationFilterForm(request.GET, edition=edition)
    filters.is_valid()
    context = {
        "edition": edition,
        "categories": organiser_category_registrations(edition=edition),
        "nda_version": version,
        "companies_signed": paginate(
            organiser_companies_nda(edition=edition, version=version, signed=True),
            params=request.GET,
            per_page=COMPANIES_PER_PAGE,
            param="signed_page",
        ),
        "companies_unsigned": paginate(
            organiser_companies_nda(edition=edition, version=version, signed=False),
            params=request.GET,
            per_page=COMPANIES_PER_PAGE,
            param="unsigned_page",
        ),
        "filters": filters,
        "entries": paginate(
            organiser_entries(edition=edition, version=version, **filters.chosen()),
            params=request.GET,
            per_page=ENTRIES_PER_PAGE,
        ),
        "can_open_registration": edition.phase.setup_open and not edition.phase.registration_open,
    }
    return render(request, "awards/organiser/edition.html", context)


@login_required
@require_POST
def edition_open_registration(request, slug):
    require_organiser(request.user)
    edition = get_object_or_404(Edition, slug=slug)
    try:
        edition_transition(edition=edition, to_state=Edition.State.REGISTRATION, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Registration is open for %(edition)s.") % {"edition": edition.name})
    return redirect("awards:organiser_edition", slug=edition.slug)


@login_required
@require_safe
def registrations_csv(request, slug):
    require_organiser(request.user)
    edition = get_object_or_404(Edition, slug=slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{edition.slug}-registrations.csv"'
    response.write("\ufeff")  # a byte-order mark, so spreadsheet programs read the file as UTF-8
    version = nda_current(edition=edition, audience=NdaVersion.Audience.PARTICIPANT)
    rows = (
        (
            edition.slug,
            entry.category.code,
            entry.category.name,
            entry.reference,
            entry.title,
            entry.company.legal_name,
            entry.company.brand,
            entry.company.city,
            entry.company.agent_seats,
            entry.status,
            timezone.localtime(entry.submitted_at).isoformat() if entry.submitted_at else "",
            entry.document_count,
            "yes" if entry.nda_signed else "no",
        )
        for entry in organiser_entries(edition=edition, version=version)
    )
    csv_write(response, header=CSV_HEADER, rows=rows)
    return response
