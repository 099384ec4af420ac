"""Scorecard pages: draft, autosave, review, seal, receipt; and the organiser's reopen.

Request bodies here carry scores and notes: every view that accepts them is marked with
sensitive_post_parameters() so error reports hide them, and nothing here logs them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.models import Edition
from awards.pagination import paginate
from judging.forms.assignments import ALL_CATEGORIES, CategoryFilterForm
from judging.forms.scoring import ScorecardForm
from judging.permissions import get_entry_for_judge, require_judging_organiser
from judging.selectors.keys import key_ceremony_active
from judging.selectors.rounds import round_dates_refusal
from judging.selectors.scorecards import (
    SEALED_PER_PAGE,
    sealed_scorecards_for_organisers,
    sealed_scorecards_metadata,
)
from judging.selectors.scoring import rubric_criteria, scorecard_standing, scorecard_standing_read
from judging.selectors.workspace import (
    documents_for_reader,
    draft_of,
    entry_is_blind,
    latest_sealed_of,
    scoring_round,
)
from judging.services.scoring import draft_save, scorecard_reopen, scorecard_seal, scorecard_total
from judging.views.workspace import agreement_redirect, judge_gate


def _context_for(request, pk):
    """(standing, stop response): stop is set when the judge may not score now.

    The usual request (assigned in the scoring round, agreement signed, judging open) is answered from one read
    (`scorecard_standing`); anything else takes the general path, which tells a 404 from a page saying why not."""
    standing = scorecard_standing(user=request.user, entry_pk=pk)
    if standing is not None:
        edition = standing.entry.category.edition
        if not standing.agreement_signed:
            return standing, agreement_redirect(request, edition)
        if not edition.phase.scoring_open:
            return standing, render(
                request, "judging/workspace/not_open.html", {"edition": edition, "entry": standing.entry}
            )
        return standing, _round_dates_stop(request, standing.round, standing.entry)
    judge, entry = get_entry_for_judge(request.user, pk)
    stop = judge_gate(request, entry)
    round_ = scoring_round(edition=entry.category.edition)
    if stop is None and round_ is None:
        stop = render(request, "judging/workspace/not_open.html", {"edition": entry.category.edition, "entry": entry})
    if stop is None:
        stop = _round_dates_stop(request, round_, entry)
    if stop is not None:
        return None, stop
    return scorecard_standing_read(judge=judge, entry=entry, round=round_), None


def _round_dates_stop(request, round_, entry):
    """The page saying the round takes no scorecard today (before it opens, after it closes), or None."""
    refusal = round_dates_refusal(opens_on=round_.opens_on, closes_on=round_.closes_on)
    if refusal is None:
        return None
    return render(request, "judging/scoring/round_dates.html",
                  {"entry": entry, "round": round_, "refusal": refusal},
                  status=200 if request.method == "GET" else 409)


def _criteria(standing) -> list:
    return rubric_criteria(rubric=standing.rubric) if standing.rubric is not None else []


_UNREADABLE_DRAFT = gettext_lazy(
    "Your saved draft could not be opened (the server's draft key changed, or the draft was damaged): "
    "score the entry again and save it."
)


def _error_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


@sensitive_variables("form", "draft")
def _save_from_form(*, form, judge, entry, round_):
    return draft_save(
        judge=judge,
        entry=entry,
        round=round_,
        scores=form.cleaned_scores(),
        notes=form.cleaned_notes(),
        comment=form.cleaned_comment(),
        criteria=form.criteria,
    )


@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "POST"])
@sensitive_variables()
def scorecard(request, pk):
    standing, stop = _context_for(request, pk)
    if stop is not None:
        return stop
    judge, entry, round_, rubric = standing.judge, standing.entry, standing.round, standing.rubric
    criteria = form = None
    if request.method == "POST":
        criteria = _criteria(standing)
        form = ScorecardForm(request.POST, criteria=criteria) if criteria else None
        if form is not None and form.is_valid():
            # Straight to the save, which refuses a sealed scorecard inside its transaction (the judge then
            # lands on the sealed page with the reason).
            try:
                _save_from_form(form=form, judge=judge, entry=entry, round_=round_)
            except ValidationError as error:
                messages.error(request, _error_text(error))
                return redirect("judging:scorecard", pk=entry.pk)
            if "review" in request.POST:
                return redirect("judging:scorecard_review", pk=entry.pk)
            messages.success(request, _("Draft saved. Only you can see it."))
            return redirect("judging:scorecard", pk=entry.pk)
    if standing.sealed_pk is not None:
        sealed = latest_sealed_of(judge=judge, entry=entry, round=round_)
        if sealed is not None:
            return render(request, "judging/scoring/sealed.html", {"entry": entry, "sealed": sealed})
    if criteria is None:
        criteria = _criteria(standing)
    if not criteria:
        return render(request, "judging/scoring/no_rubric.html", {"entry": entry}, status=409)
    if form is not None:
        messages.error(request, _("Please correct the marked scores: nothing was saved."))
    draft = draft_of(judge=judge, entry=entry, round=round_)  # read only here: a successful save redirects
    if draft is not None and not draft.readable:
        messages.warning(request, _UNREADABLE_DRAFT)
    if form is None:
        initial = {}
        if draft is not None:
            initial = ScorecardForm.initial_from(
                scores=draft.scores, notes=draft.notes, comment=draft.comment, criteria=criteria
            )
        form = ScorecardForm(initial=initial, criteria=criteria)
    blind = entry_is_blind(entry=entry, round=round_)
    return render(
        request,
        "judging/scoring/scorecard.html",
        {
            "entry": entry, "form": form, "draft": draft, "rubric": rubric, "judge": judge,
            "documents": documents_for_reader(entry=entry, blind=blind), "blind": blind,
        },
    )


@sensitive_post_parameters()
@login_required
@require_POST
@sensitive_variables()
def scorecard_autosave(request, pk):
    standing, stop = _context_for(request, pk)
    if stop is not None:
        return JsonResponse({"ok": False, "message": _("Judging is not open: nothing was saved.")}, status=409)
    judge, entry, round_, criteria = standing.judge, standing.entry, standing.round, _criteria(standing)
    form = ScorecardForm(request.POST, criteria=criteria)
    if not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"ok": False, "message": _("Some scores are not valid."), "errors": errors}, status=400)
    try:
        draft = _save_from_form(form=form, judge=judge, entry=entry, round_=round_)
    except ValidationError as error:
        return JsonResponse({"ok": False, "message": _error_text(error)}, status=409)
    saved_at = timezone.localtime(draft.updated_at)
    return JsonResponse(
        {"ok": True, "message": _("Draft saved at %(time)s.") % {"time": saved_at.strftime("%H:%M:%S")}}
    )


@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "POST"])
@sensitive_variables()
def scorecard_review(request, pk):
    standing, stop = _context_for(request, pk)
    if stop is not None:
        return stop
    judge, entry, round_ = standing.judge, standing.entry, standing.round
    if request.method == "POST":
        try:
            sealed = scorecard_seal(judge=judge, entry=entry, round=round_, actor=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error) + " " + _("Nothing was sealed."))
            return redirect("judging:scorecard", pk=entry.pk)
        messages.success(request, _("Your scorecard is sealed. Keep the receipt."))
        return redirect("judging:scorecard", pk=sealed.entry_id)
    if standing.sealed_pk is not None:
        return redirect("judging:scorecard", pk=entry.pk)
    draft = draft_of(judge=judge, entry=entry, round=round_)
    if draft is None or not draft.readable:
        messages.error(request, _("There is no draft to submit: score the entry first."))
        return redirect("judging:scorecard", pk=entry.pk)
    rubric, criteria = standing.rubric, _criteria(standing)
    missing = [c for c in criteria if c.code not in draft.scores]
    if missing:
        messages.error(
            request,
            _("Score every criterion before you submit. Missing: %(names)s.")
            % {"names": ", ".join(c.name for c in missing)},
        )
        return redirect("judging:scorecard", pk=entry.pk)
    form = ScorecardForm(criteria=criteria)
    rows = [
        {"label": area["label"], "code": area["code"], "note": draft.notes.get(area["code"], ""),
         "criteria": [(row["criterion"], draft.scores.get(row["criterion"].code)) for row in area["rows"]]}
        for area in form.areas()
    ]
    total = scorecard_total(scores=draft.scores, rubric=rubric, criteria=criteria)
    return render(
        request,
        "judging/scoring/review.html",
        {"entry": entry, "draft": draft, "areas": rows, "total": total},
    )


@login_required
@require_GET
def receipt(request, pk):
    judge, entry = get_entry_for_judge(request.user, pk)
    round_ = scoring_round(edition=entry.category.edition)
    sealed = latest_sealed_of(judge=judge, entry=entry, round=round_) if round_ else None
    if sealed is None:
        raise Http404
    ceremony = key_ceremony_active(edition=entry.category.edition)
    fingerprint = ceremony.fingerprint if ceremony else ""
    lines = [
        _("Sealed scorecard receipt"),
        f"{_('Edition')}: {entry.category.edition.name} ({entry.category.edition.slug})",
        f"{_('Entry')}: {entry.reference}",
        f"{_('Version')}: {sealed.version}",
        f"{_('Receipt (SHA-256 of the ciphertext)')}: {sealed.receipt}",
        f"{_('Sealed at')}: {timezone.localtime(sealed.sealed_at).isoformat()}",
        f"{_('Edition key fingerprint')}: {fingerprint}",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    name = f"receipt-{entry.category.edition.slug}-{entry.reference}-v{sealed.version}.txt"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Organisers: sealed scorecards (metadata only) and reopening -------------------------------


@login_required
@require_GET
def sealed_list(request, slug):
    require_judging_organiser(request.user)
    edition = get_object_or_404(Edition, slug=slug)
    filters = CategoryFilterForm(request.GET, edition=edition, first_by_default=False)
    filters.is_valid()
    category = filters.chosen_category()
    scorecards = paginate(sealed_scorecards_for_organisers(edition=edition, category=category), params=request.GET,
                          per_page=SEALED_PER_PAGE)
    return render(
        request,
        "judging/scoring/organiser_sealed.html",
        {
            "edition": edition,
            "scorecards": scorecards,
            "filters": filters,
            "category": category,
            "category_value": category.code if category is not None else ALL_CATEGORIES,
            "can_reopen": edition.phase.scoring_open,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request, pk):
    require_judging_organiser(request.user)
    sealed = get_object_or_404(sealed_scorecards_metadata(), pk=pk)
    if request.method == "POST":
        try:
            scorecard_reopen(sealed=sealed, actor=request.user, reason=request.POST.get("reason", ""))
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return render(request, "judging/scoring/reopen.html", {"sealed": sealed,
                                                                   "reason": request.POST.get("reason", "")})
        messages.success(request, _("The scorecard is reopened; the judge must score it again and seal it."))
        return redirect("judging:sealed_list", slug=sealed.edition.slug)
    return render(request, "judging/scoring/reopen.html", {"sealed": sealed, "reason": ""})
