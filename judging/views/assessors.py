"""Assessors' pages (mystery calls) and the organisers' page of assessors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from awards.models import Edition, Entry
from judging.forms.assessors import CallLogForm, ChecklistItemForm, SiteVisitForm
from judging.models import SiteVisitItem
from judging.permissions import (
    entries_callable_by,
    get_entry_for_assessor,
    judge_agreement_missing,
    require_judging_organiser,
)
from judging.selectors.assessors import (
    assessor_latest,
    checklist_of,
    checklists_by_category,
    own_call_logs,
    own_site_visits,
)
from judging.services.call_logs import call_log_submit, call_logs_allowed
from judging.services.site_visits import checklist_item_add, checklist_item_remove, site_visit_submit
from judging.views.people import form_submit
from judging.views.workspace import agreement_redirect


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


def _evidence_page(request, pk, *, make_form, submit, sealed: str, template: str, context=None):
    """The page of one piece of evidence for one finalist (a call log, a site visit): the form, sealed at once on
    a valid submit and its receipt shown on the assessor's page. ``make_form(data, entry)``; ``submit(assessor,
    entry, form)`` seals; ``sealed`` the success message with ``%(receipt)s``."""
    entry = Entry.objects.select_related("category__edition").filter(pk=pk).first()
    if entry is None:
        raise Http404
    edition = entry.category.edition
    assessor, entry = get_entry_for_assessor(request.user, edition, pk)
    if judge_agreement_missing(request.user, edition):
        return agreement_redirect(request, edition)
    form = make_form(request.POST or None, entry)
    done = form_submit(
        request,
        form,
        act=lambda data: submit(assessor, entry, form),
        success=lambda piece: sealed % {"receipt": piece.receipt},
        to=("judging:assessor_home",),
    )
    if done is not None:
        return done
    return render(
        request,
        template,
        {
            "edition": edition,
            "assessor": assessor,
            "entry": entry,
            "form": form,
            "allowed": call_logs_allowed(edition=edition),
            **(context(entry) if context else {}),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_log_new(request, pk):
    """The call log form for one finalist; on submit the log is sealed at once and its receipt shown."""
    return _evidence_page(
        request,
        pk,
        make_form=lambda data, entry: CallLogForm(data),
        submit=lambda assessor, entry, form: call_log_submit(
            assessor=assessor, entry=entry, call=form.call(), actor=request.user
        ),
        sealed=_("The call log is sealed. Your receipt: %(receipt)s"),
        template="judging/assessors/call_log.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def site_visit_new(request, pk):
    """The site-visit form for one finalist, built from its category's checklist; sealed at once on submit."""
    return _evidence_page(
        request,
        pk,
        make_form=lambda data, entry: SiteVisitForm(data, items=checklist_of(category_id=entry.category_id)),
        submit=lambda assessor, entry, form: site_visit_submit(
            assessor=assessor, entry=entry, visit=form.visit(), actor=request.user
        ),
        sealed=_("The site visit is sealed. Your receipt: %(receipt)s"),
        template="judging/assessors/site_visit.html",
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
    done = form_submit(
        request,
        form,
        act=lambda data: checklist_item_add(actor=request.user, **data),
        success=_("The item is added to the checklist."),
        to=("judging:site_visit_checklists", edition.slug),
    )
    if done is not None:
        return done
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
