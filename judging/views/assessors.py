"""Assessors' pages (mystery calls) and the organisers' page of assessors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from awards.models import Edition, Entry
from judging.forms.assessors import AssessorConflictForm, CallLogForm, ChecklistItemForm, SiteVisitForm
from judging.forms.panel import JudgeInviteForm
from judging.models import JudgeInvitation, SiteVisitItem
from judging.permissions import (
    entries_callable_by,
    get_assessor_or_404,
    get_entry_for_assessor,
    judge_agreement_missing,
    require_judging_organiser,
)
from judging.selectors.assessors import (
    assessor_conflicts,
    assessor_latest,
    assessors_with_counts,
    call_log_count,
    checklist_of,
    checklists_by_category,
    companies_to_declare,
    own_call_logs,
    own_site_visits,
    site_visit_count,
)
from judging.selectors.panel import invitations_pending
from judging.services.assessors import assessor_conflict_declare, assessor_invite
from judging.services.call_logs import call_log_submit, call_logs_allowed
from judging.services.site_visits import checklist_item_add, checklist_item_remove, site_visit_submit
from judging.views.workspace import agreement_redirect


@login_required
@require_http_methods(["GET", "POST"])
def assessors(request, slug):
    """The organisers' page: the assessors with how many calls each logged (counts only), and invitations."""
    require_judging_organiser(request.user)
    edition = get_object_or_404(Edition, slug=slug)
    form = JudgeInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = assessor_invite(
                edition=edition,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                invited_by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("judging:assessors", edition.slug)
    return render(
        request,
        "judging/assessors/organiser.html",
        {
            "edition": edition,
            "form": form,
            "assessors": assessors_with_counts(edition=edition),
            "total": call_log_count(edition=edition),
            "visits_total": site_visit_count(edition=edition),
            "invitations": invitations_pending(edition=edition, role=JudgeInvitation.Role.ASSESSOR),
        },
    )


@login_required
@require_http_methods(["GET"])
def assessor_home(request):
    """The assessor's page: the finalists to call with their service numbers, and the receipts of their logs."""
    assessor = assessor_latest(user=request.user)
    if assessor is None:
        raise PermissionDenied  # a page only assessors use
    edition = assessor.edition
    if judge_agreement_missing(request.user, edition):
        return agreement_redirect(request, edition)
    allowed = call_logs_allowed(edition=edition)
    entries = (
        list(entries_callable_by(assessor).order_by("category__ceremony_order", "company__legal_name"))
        if allowed
        else []
    )
    return render(
        request,
        "judging/assessors/home.html",
        {
            "edition": edition,
            "assessor": assessor,
            "allowed": allowed,
            "entries": entries,
            "logs": own_call_logs(assessor=assessor)[:200],
            "visits": own_site_visits(assessor=assessor)[:200],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessor_conflicts_view(request, slug):
    edition = get_object_or_404(Edition, slug=slug)
    assessor = get_assessor_or_404(request.user, edition)
    if judge_agreement_missing(request.user, edition):
        return agreement_redirect(request, edition)
    form = AssessorConflictForm(request.POST or None, companies=companies_to_declare(edition=edition))
    if request.method == "POST" and form.is_valid():
        try:
            assessor_conflict_declare(
                assessor=assessor,
                company=form.cleaned_data["company"],
                relation=form.cleaned_data["relation"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your declaration is recorded. You will not call this company."))
            return redirect("judging:assessor_conflicts", edition.slug)
    return render(
        request,
        "judging/assessors/conflicts.html",
        {
            "edition": edition,
            "assessor": assessor,
            "form": form,
            "conflicts": assessor_conflicts(assessor=assessor),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_log_new(request, pk):
    """The call log form for one finalist; on submit the log is sealed at once and its receipt shown."""
    entry = Entry.objects.select_related("category__edition").filter(pk=pk).first()
    if entry is None:
        raise Http404
    edition = entry.category.edition
    assessor, entry = get_entry_for_assessor(request.user, edition, pk)
    if judge_agreement_missing(request.user, edition):
        return agreement_redirect(request, edition)
    form = CallLogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            log = call_log_submit(assessor=assessor, entry=entry, call=form.call(), actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The call log is sealed. Your receipt: %(receipt)s") % {"receipt": log.receipt})
            return redirect("judging:assessor_home")
    return render(
        request,
        "judging/assessors/call_log.html",
        {
            "edition": edition,
            "assessor": assessor,
            "entry": entry,
            "form": form,
            "allowed": call_logs_allowed(edition=edition),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def site_visit_new(request, pk):
    """The site-visit form for one finalist, built from its category's checklist; sealed at once on submit."""
    entry = Entry.objects.select_related("category__edition").filter(pk=pk).first()
    if entry is None:
        raise Http404
    edition = entry.category.edition
    assessor, entry = get_entry_for_assessor(request.user, edition, pk)
    if judge_agreement_missing(request.user, edition):
        return agreement_redirect(request, edition)
    items = checklist_of(category_id=entry.category_id)
    form = SiteVisitForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            visit = site_visit_submit(assessor=assessor, entry=entry, visit=form.visit(), actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("The site visit is sealed. Your receipt: %(receipt)s") % {"receipt": visit.receipt}
            )
            return redirect("judging:assessor_home")
    return render(
        request,
        "judging/assessors/site_visit.html",
        {
            "edition": edition,
            "assessor": assessor,
            "entry": entry,
            "form": form,
            "items": items,
            "allowed": call_logs_allowed(edition=edition),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def site_visit_checklists(request, slug):
    """The organisers' page: each category's site-visit checklist, with a form to add an item."""
    require_judging_organiser(request.user)
    edition = get_object_or_404(Edition, slug=slug)
    categories = checklists_by_category(edition=edition)
    open_ids = [category.pk for category in categories if not category.frozen]
    form = ChecklistItemForm(request.POST or None, categories=edition.categories.filter(pk__in=open_ids))
    if request.method == "POST" and form.is_valid():
        try:
            checklist_item_add(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The item is added to the checklist."))
            return redirect("judging:site_visit_checklists", edition.slug)
    return render(
        request,
        "judging/assessors/checklists.html",
        {"edition": edition, "categories": categories, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["POST"])
def site_visit_checklist_remove(request, slug, pk):
    require_judging_organiser(request.user)
    edition = get_object_or_404(Edition, slug=slug)
    item = get_object_or_404(SiteVisitItem, pk=pk, category__edition=edition)
    try:
        checklist_item_remove(item=item, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The item is removed from the checklist."))
    return redirect("judging:site_visit_checklists", edition.slug)
