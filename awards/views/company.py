"""The company profile, its contacts, and invitations of colleagues."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from awards.forms.company import CompanyCreateForm, CompanyForm, CompanyInviteForm, CompanyJoinForm
from awards.permissions import company_of
from awards.selectors import (
    company_fresh,
    company_invitation_for_token,
    company_invitations_pending,
    company_members,
)
from awards.services import companies as services
from config.navigation_roles import navigation_forget


@login_required
@require_http_methods(["GET", "POST"])
def company_create(request):
    if company_of(request.user) is not None:
        messages.info(request, _("You already act for a company; here is its profile."))
        return redirect("awards:company_edit")
    form = CompanyCreateForm(request.POST or None, initial={"full_name": request.user.get_full_name()})
    if request.method == "POST" and form.is_valid():
        try:
            company = services.company_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            navigation_forget(request)  # the navigation now offers the company's pages
            messages.success(request, _("%(company)s is registered. You can now enter categories.") % {
                "company": company.display_name
            })
            return redirect("awards:dashboard")
    return render(request, "awards/company_create.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def company_edit(request):
    company = company_of(request.user)
    if company is None:
        return redirect("awards:company_create")
    # A fresh copy: the form writes its input into the instance, and the navigation shows the original.
    form = CompanyForm(request.POST or None, instance=company_fresh(company=company))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in CompanyForm.Meta.fields}
        try:
            services.company_update(company=company, user=request.user, **fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The company profile is saved."))
            return redirect("awards:company_edit")
    return render(
        request,
        "awards/company_edit.html",
        {
            "company": company,
            "form": form,
            "invite_form": CompanyInviteForm(),
            "contacts": company_members(company=company),
            "invitations": company_invitations_pending(company=company),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def company_invite(request):
    company = company_of(request.user)
    if company is None:
        return redirect("awards:company_create")
    form = CompanyInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.company_invitation_create(
                company=company, email=form.cleaned_data["email"], invited_by=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The invitation is on its way to %(email)s.") % {"email": invitation.email})
            return redirect("awards:company_edit")
    return render(request, "awards/company_invite.html", {"company": company, "form": form})


@require_http_methods(["GET", "POST"])
def company_join(request, token):
    if not request.user.is_authenticated:
        messages.info(
            request,
            _("You were invited to join your company's team. Log in, or sign up with the e-mail address "
              "the invitation was sent to."),
        )
        return redirect_to_login(request.get_full_path())
    invitation = company_invitation_for_token(token=token)
    try:
        services.company_invitation_check(invitation=invitation, user=request.user)
    except ValidationError as exc:
        return _join_problem(request, exc)
    form = CompanyJoinForm(request.POST or None, initial={"full_name": request.user.get_full_name()})
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.company_invitation_accept(
                token=token, user=request.user, language=request.LANGUAGE_CODE, **form.cleaned_data
            )
        except ValidationError as exc:
            return _join_problem(request, exc)
        navigation_forget(request)  # the navigation now offers the company's pages
        messages.success(request, _("Welcome to %(company)s's team.") % {"company": contact.company.display_name})
        return redirect("awards:dashboard")
    return render(request, "awards/company_join.html", {"invitation": invitation, "form": form})


def _join_problem(request, exc: ValidationError):
    status = 404 if exc.code == "unknown" else 400
    return render(
        request, "awards/company_join.html", {"problem": exc.messages[0], "problem_code": exc.code}, status=status
    )
