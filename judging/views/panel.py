"""The judge's side of the panel: joining, the confidentiality agreement, conflicts, recusal."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards.models import Edition, NdaVersion
from awards.views.nda import Signer, nda_page, safe_next
from config.navigation_roles import navigation_forget
from judging.forms.assessors import AssessorJoinForm
from judging.forms.panel import JudgeJoinForm, RecuseForm
from judging.models import ConflictDeclaration, Judge, JudgeInvitation
from judging.permissions import assessor_for, get_entry_for_judge, get_judge_or_404, judge_agreement_missing, judge_for
from judging.selectors.panel import account_exists
from judging.selectors.scorecards import scorecard_is_sealed
from judging.services.conflicts import (
    assignment_recuse,
    conflict_withdraw,
)
from judging.services.panel import judge_invitation_check, judge_join
from judging.views.workspace import agreement_redirect


@require_http_methods(["GET", "POST"])
def judge_join_view(request, token):
    check = judge_invitation_check(token=token)
    if not check.ok:
        return render(request, "judging/panel/join_invalid.html", {"error": check.error}, status=404)
    invitation = check.invitation
    user = request.user if request.user.is_authenticated else None
    context = {"invitation": invitation, "edition": invitation.edition}
    if user is not None and user.email.lower() != invitation.email.lower():
        context["error"] = _(
            "This invitation is for %(invited)s but you are logged in as %(current)s. Log out and open the link again."
        ) % {"invited": invitation.email, "current": user.email}
        return render(request, "judging/panel/join_invalid.html", context, status=403)
    if user is None and account_exists(email=invitation.email):
        return redirect_to_login(request.get_full_path(), reverse("account_login"))
    is_assessor = invitation.role == JudgeInvitation.Role.ASSESSOR
    form_class = AssessorJoinForm if is_assessor else JudgeJoinForm
    form = form_class(
        request.POST or None, with_password=user is None, initial={"full_name": invitation.full_name}
    )
    context["is_assessor"] = is_assessor
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            judge = judge_join(
                token=token,
                user=user,
                password=data.get("password1", ""),
                full_name=data["full_name"],
                job_title=data.get("job_title", ""),
                organisation=data["organisation"],
                expertise=data.get("expertise", ""),
                kind=data.get("kind", Judge.Kind.PRACTITIONER),
            )
        except ValidationError as exc:
            form.add_error("password1" if user is None and _is_password_error(exc) else None, exc)
        else:
            navigation_forget(request)  # the navigation now offers the judge's pages
            if user is None:
                login(request, judge.user, backend="config.auth_backends.ModelBackend")
            messages.success(request, _("Welcome to the panel. Please read and sign the confidentiality agreement."))
            return redirect("judging:agreement", judge.edition.slug)
    context["form"] = form
    return render(request, "judging/panel/join.html", context)


def _workspace_url(edition: Edition) -> str:
    """The judge's workspace (built on another branch) if it is there, else their conflicts page."""
    try:
        return reverse("judging:workspace")
    except NoReverseMatch:
        return reverse("judging:conflicts", args=[edition.slug])


def _is_password_error(exc: ValidationError) -> bool:
    return any(getattr(error, "code", "") and error.code.startswith("password") for error in exc.error_list)


@login_required
@require_http_methods(["GET", "POST"])
def agreement(request, slug):
    """The judges' confidentiality agreement: the one NDA page (awards.views.nda), for a judge of the edition."""
    edition = get_object_or_404(Edition, slug=slug)
    assessor = assessor_for(request.user, edition)
    if assessor is not None and judge_for(request.user, edition) is None:
        # An assessor signs the same agreement as the judges, for themselves.
        person, title, done = assessor, assessor.organisation, "judging:assessor_conflicts"
    else:
        person = get_judge_or_404(request.user, edition)
        title, done = person.job_title, "judging:conflicts"
    signer = Signer(
        audience=NdaVersion.Audience.JUDGE,
        shown_as=f"{person.full_name} ({person.pseudonym})",
        company=None,
        name=person.full_name,
        title=title,
        done_url=reverse(done, args=[edition.slug]),
    )
    return nda_page(request, edition=edition, signer=signer)


@login_required
@require_POST
def conflict_withdraw_view(request, slug, pk):
    edition = get_object_or_404(Edition, slug=slug)
    judge = get_judge_or_404(request.user, edition)
    conflict = get_object_or_404(ConflictDeclaration, pk=pk, judge=judge)
    try:
        conflict_withdraw(conflict=conflict, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The declaration is withdrawn."))
    return redirect("judging:conflicts", edition.slug)


@login_required
@require_http_methods(["GET", "POST"])
def recuse(request, pk):
    judge, entry = get_entry_for_judge(request.user, pk)
    if judge_agreement_missing(request.user, judge.edition):
        return agreement_redirect(request, judge.edition)
    sealed = scorecard_is_sealed(judge=judge, entry=entry)
    form = RecuseForm(request.POST or None)
    if request.method == "POST" and not sealed and form.is_valid():
        try:
            assignment_recuse(judge=judge, entry=entry, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("You stepped away from %(entry)s. The organisers were told.") % {"entry": entry.reference}
            )
            return redirect(safe_next(request) or _workspace_url(judge.edition))
    return render(
        request,
        "judging/panel/recuse.html",
        {"edition": judge.edition, "judge": judge, "entry": entry, "form": form, "sealed": sealed},
        status=409 if sealed and request.method == "POST" else 200,
    )
