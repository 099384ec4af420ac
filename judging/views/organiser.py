"""Organisers' judging pages: the hub, judges and invitations, rubrics, assignments, progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.models import Category, Edition
from awards.pagination import paginate, query_of
from judging.forms.assignments import (
    ALL_CATEGORIES,
    AssignmentFilterForm,
    CategoryFilterForm,
    ManualAssignmentForm,
    PanelMemberForm,
)
from judging.forms.panel import (
    CriterionFormSet,
    RubricWeightsForm,
    criterion_initial,
)
from judging.models import Criterion, Round, Rubric
from judging.permissions import require_judging_organiser
from judging.selectors.assignments import (
    ENTRIES_PER_PAGE,
    JUDGES_SHOWN,
    assignment_entries,
    assignment_summary,
    assignments_of_edition,
    panel_members_of,
    panel_of,
    plan_described,
)
from judging.selectors.panel import (
    rubric_of,
)
from judging.selectors.progress import PER_PAGE as PROGRESS_PER_PAGE
from judging.selectors.progress import edition_progress, progress_entries, progress_judges
from judging.selectors.rounds import assignments_round_of, round_entry_ids
from judging.services.assignment_plan import Plan
from judging.services.assignments import (
    assignment_add_to_final,
    assignment_apply,
    assignment_plan_for_edition,
    assignment_remove,
    assignments_allowed,
    panel_member_add,
    panel_member_remove,
)
from judging.services.panel import judges_remind
from judging.services.rubrics import default_criteria, rubric_save


def _edition_for_organiser(request, slug) -> Edition:
    require_judging_organiser(request.user)
    return get_object_or_404(Edition, slug=slug)


@login_required
@require_GET
def organiser_home(request):
    """The organisers' area is one per edition, in the awards app; this old address leads there."""
    require_judging_organiser(request.user)
    return redirect("awards:organiser_dashboard")


@login_required
@require_GET
def organiser_edition(request, slug):
    """The old judging hub of an edition: its checklist is now the edition's one organiser page."""
    edition = _edition_for_organiser(request, slug)
    return redirect("awards:organiser_edition", slug=edition.slug)


@login_required
@require_http_methods(["GET", "POST"])
def rubric(request, slug, category_code):
    edition = _edition_for_organiser(request, slug)
    category = get_object_or_404(Category, edition=edition, code=category_code)
    rounds = list(Round.objects.filter(edition=edition).order_by("number"))
    # ?round=N: the round's own rubric (it replaces the category's in that round); without it, the category's.
    round_ = None
    if request.GET.get("round"):
        round_ = next((r for r in rounds if str(r.number) == request.GET["round"]), None)
        if round_ is None:
            raise Http404
    # Reading the page changes nothing: until the first save, a proposal is shown (the category's rubric for a
    # round without its own, else the default rubric).
    the_rubric = rubric_of(category=category, round=round_)
    proposal = the_rubric is None
    inherited = rubric_of(category=category) if proposal and round_ is not None else None
    if inherited is not None:
        the_rubric = Rubric(category=category, round=round_, **{
            field: getattr(inherited, field) for field in (
                "weight_infrastructure", "weight_technology", "weight_communication", "weight_people",
                "tie_break_order")
        })
        criteria = [Criterion(rubric=the_rubric, **{field: getattr(c, field) for field in (
            "area", "code", "order", "name_id", "name_en", "descriptors_id", "descriptors_en")})
            for c in inherited.criteria.all()]
    elif proposal:
        the_rubric = Rubric(category=category, round=round_)
        criteria = default_criteria(rubric=the_rubric)
    else:
        criteria = list(the_rubric.criteria.all())
    frozen = the_rubric.frozen_at is not None
    weights_form = RubricWeightsForm(request.POST or None, rubric=the_rubric)
    formset = CriterionFormSet(request.POST or None, initial=criterion_initial(criteria), prefix="criteria")
    if request.method == "POST" and not frozen and weights_form.is_valid() and formset.is_valid():
        criteria_sent = [
            {
                "pk": item["pk"],
                # A new criterion keeps the code of the default it came from (a saved one keeps its own).
                "code": None if item["pk"] else item.get("code") or None,
                "area": item["area"],
                "name_en": item["name_en"],
                "name_id": item["name_id"],
                "descriptors_en": item["descriptors_en"],
                "descriptors_id": item["descriptors_id"],
            }
            for item in formset.cleaned_data
            if item and not item.get("DELETE")
        ]
        try:
            rubric_save(
                category=category,
                round=round_,
                weights=weights_form.weights,
                tie_break_order=weights_form.tie_break_order,
                criteria=criteria_sent,
                actor=request.user,
            )
        except ValidationError as exc:
            weights_form.add_error(None, exc)
        else:
            messages.success(request, _("The rubric is saved."))
            url = reverse("judging:rubric", args=[edition.slug, category.code])
            return redirect(f"{url}?round={round_.number}" if round_ is not None else url)
    return render(
        request,
        "judging/organiser/rubric.html",
        {
            "edition": edition,
            "category": category,
            "rubric": the_rubric,
            "proposal": proposal,
            "inherited": inherited is not None,
            "rounds": rounds if len(rounds) > 1 else [],
            "round": round_,
            "criteria": criteria,
            "frozen": frozen,
            "weights_form": weights_form,
            "formset": formset,
        },
        status=409 if frozen and request.method == "POST" else 200,
    )


def _filters_of(request) -> QueryDict:
    """The page's filters, round and page number: from the address on a GET; on a POST, from the form's `filters`
    field (the address the organiser acted from), so that after an action they come back to the same view. Only
    these: nothing else the address held is carried into the page's links."""
    sent = request.GET if request.method == "GET" else QueryDict(request.POST.get("filters", ""))
    return query_of(sent, keys=(*AssignmentFilterForm.base_fields, "page", "round"))


def _back(request, edition):
    query = _filters_of(request).urlencode()
    url = reverse("judging:assignments", args=[edition.slug])
    return redirect(f"{url}?{query}" if query else url)


def _assignments_page(request, edition, *, member_form=None, manual_form=None, preview=None):
    """The assignments page of one round (``?round=N``; the round that runs now by default): a summary per
    category, the filters, one category's entries a page at a time with their judges, the forms (an invalid one
    shown again) and a plan's preview if any. Only the round that runs takes changes."""
    current = assignments_round_of(edition=edition)
    rounds = list(Round.objects.filter(edition=edition).order_by("number"))
    params = _filters_of(request)
    shown = current
    if params.get("round"):
        shown = next((r for r in rounds if str(r.number) == params["round"]), None)
        if shown is None:
            raise Http404
    round_id = shown.pk if shown else None
    taken = round_entry_ids(round=shown) if shown is not None else None
    filters = AssignmentFilterForm(params, edition=edition)
    filters.is_valid()
    chosen = filters.chosen()
    category = chosen["category"]
    pager = paginate(
        assignment_entries(edition=edition, round_id=round_id, entry_ids=taken, **chosen),
        params=params,
        per_page=ENTRIES_PER_PAGE,
    )
    return render(
        request,
        "judging/organiser/assignments.html",
        {
            "edition": edition,
            "rounds": rounds if len(rounds) > 1 else [],
            "shown": shown,
            "current": current,
            "summary": assignment_summary(edition=edition, round_id=round_id, entry_ids=taken),
            "filters": filters,
            "query": params,
            "filters_query": params.urlencode(),
            "category": category,
            "category_value": category.code if category is not None else ALL_CATEGORIES,
            "one_entry": chosen["entry"],
            "judges_shown": JUDGES_SHOWN,
            "panel": panel_of(category=category, round_id=round_id) if category is not None else None,
            "pager": pager,
            "member_form": member_form
            or PanelMemberForm(edition=edition, prefix="member", initial={"category": category}),
            "manual_form": manual_form
            or ManualAssignmentForm(
                edition=edition,
                category=category,
                prefix="manual",
                entry_ids=round_entry_ids(round=current) if current is not None else None,
            ),
            "preview": preview,
            "open": assignments_allowed(edition=edition),
            # the assigner and hand assignments work in the round that runs now; the others are shown as they are
            "assigning": assignments_allowed(edition=edition) and (shown is None or current is None
                                                                    or shown.pk == current.pk),
        },
    )


def _refused(request, edition, exc: ValidationError):
    messages.error(request, " ".join(exc.messages))
    return _back(request, edition)


@login_required
@require_GET
def assignments(request, slug):
    return _assignments_page(request, _edition_for_organiser(request, slug))


@login_required
@require_POST
def assignments_member_add(request, slug):
    edition = _edition_for_organiser(request, slug)
    form = PanelMemberForm(request.POST, edition=edition, prefix="member")
    if not form.is_valid():
        return _assignments_page(request, edition, member_form=form)
    try:
        panel_member_add(category=form.cleaned_data["category"], judge=form.cleaned_data["judge"],
                         round=form.cleaned_data.get("round"), actor=request.user)
    except ValidationError as exc:
        return _refused(request, edition, exc)
    messages.success(request, _("Added to the panel."))
    return _back(request, edition)


@login_required
@require_POST
def assignments_member_remove(request, slug):
    edition = _edition_for_organiser(request, slug)
    member = get_object_or_404(panel_members_of(edition=edition), pk=request.POST.get("member"))
    try:
        panel_member_remove(member=member, actor=request.user)
    except ValidationError as exc:
        return _refused(request, edition, exc)
    messages.success(request, _("Taken off the panel. Their assignments stay until you remove them."))
    return _back(request, edition)


@login_required
@require_POST
def assignments_assign(request, slug):
    edition = _edition_for_organiser(request, slug)
    form = ManualAssignmentForm(request.POST, edition=edition, prefix="manual")
    if not form.is_valid():
        return _assignments_page(request, edition, manual_form=form)
    try:
        assignment_add_to_final(
            edition=edition, entry=form.cleaned_data["entry"], judge=form.cleaned_data["judge"], actor=request.user
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _assignments_page(request, edition, manual_form=form)
    messages.success(request, _("Assigned."))
    return _back(request, edition)


@login_required
@require_POST
def assignments_unassign(request, slug):
    edition = _edition_for_organiser(request, slug)
    assignment = get_object_or_404(assignments_of_edition(edition=edition), pk=request.POST.get("assignment"))
    try:
        assignment_remove(assignment=assignment, actor=request.user)
    except ValidationError as exc:
        return _refused(request, edition, exc)
    messages.success(request, _("Assignment removed."))
    return _back(request, edition)


@login_required
@require_POST
def assignments_preview(request, slug):
    edition = _edition_for_organiser(request, slug)
    try:
        plan = assignment_plan_for_edition(edition=edition)
    except ValidationError as exc:
        return _refused(request, edition, exc)
    return _assignments_page(request, edition, preview=plan_described(plan=plan))


@login_required
@require_POST
def assignments_apply(request, slug):
    edition = _edition_for_organiser(request, slug)
    try:
        plan = Plan.unsign(request.POST.get("plan", ""))
        if plan.edition_id != edition.pk:
            raise ValidationError(_("The preview could not be read. Preview the assignments again."))
        counts = assignment_apply(plan=plan, actor=request.user)
    except ValidationError as exc:
        return _refused(request, edition, exc)
    messages.success(
        request,
        _("Assignments applied: %(added)d added, %(removed)d removed.") % counts,
    )
    return _back(request, edition)


@login_required
@require_GET
def progress(request, slug):
    """Counts only: per category, then one category's entries and the judges, each a page at a time."""
    edition = _edition_for_organiser(request, slug)
    summary = edition_progress(edition=edition)
    round_id = summary.round.pk if summary.round else None
    query = query_of(request.GET, keys=(*CategoryFilterForm.base_fields, "page", "judges_page"))
    filters = CategoryFilterForm(query, edition=edition)
    filters.is_valid()
    category = filters.chosen_category()
    return render(
        request,
        "judging/organiser/progress.html",
        {
            "edition": edition,
            "progress": summary,
            "filters": filters,
            "category": category,
            "category_value": category.code if category is not None else ALL_CATEGORIES,
            "query": query,
            "entries": paginate(
                progress_entries(edition=edition, round_id=round_id, category=category),
                params=query,
                per_page=PROGRESS_PER_PAGE,
            ),
            "judges": paginate(
                progress_judges(edition=edition, round_id=round_id),
                params=query,
                per_page=PROGRESS_PER_PAGE,
                param="judges_page",
            ),
        },
    )


@login_required
@require_POST
def progress_remind(request, slug):
    edition = _edition_for_organiser(request, slug)
    sent = judges_remind(edition=edition, actor=request.user)
    if sent:
        messages.success(request, _("Reminders sent to %(count)d judges.") % {"count": sent})
    else:
        messages.info(request, _("No judge has open assignments: nothing was sent."))
    return redirect("judging:progress", edition.slug)
