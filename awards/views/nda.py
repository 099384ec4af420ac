"""The participants' NDA: read, sign, download the signed copy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from awards.forms.nda import NdaAcceptForm
from awards.models import NdaVersion
from awards.pdf import nda_acceptance_filename, nda_acceptance_pdf
from awards.permissions import company_of, get_nda_acceptance_for_signer
from awards.selectors import editions_public, nda_acceptance_latest, nda_current
from awards.services.nda import nda_accept

PARTICIPANT = NdaVersion.Audience.PARTICIPANT


def _safe_next(request) -> str | None:
    """A local path to return to after signing, or None (never another site)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(candidate, allowed_hosts=None):
        return candidate
    return None


@login_required
@require_http_methods(["GET", "POST"])
def nda_sign(request, slug):
    edition = get_object_or_404(editions_public(), slug=slug)
    company = company_of(request.user)
    if company is None:
        messages.info(request, _("Register your company first: you sign the NDA on its behalf."))
        return redirect("awards:company_create")
    version = nda_current(edition=edition, audience=PARTICIPANT)
    latest = nda_acceptance_latest(user=request.user, edition=edition, audience=PARTICIPANT)
    signed = latest if latest is not None and version is not None and latest.version_id == version.pk else None
    context = {
        "edition": edition,
        "company": company,
        "version": version,
        "acceptance": signed,
        "previous_acceptance": latest if signed is None else None,
        "next": _safe_next(request),
    }
    if version is None or signed is not None:
        return render(request, "awards/nda.html", context)
    contact = request.user.contact
    form = NdaAcceptForm(
        request.POST or None,
        current_version=version,
        initial={"signer_name": contact.full_name, "signer_title": contact.job_title},
    )
    if request.method == "POST" and form.is_valid():
        try:
            nda_accept(
                version=version,
                user=request.user,
                company=company,
                signer_name=form.cleaned_data["signer_name"],
                signer_title=form.cleaned_data["signer_title"],
                ip_address=request.META.get("REMOTE_ADDR"),
                user_agent=request.headers.get("user-agent", ""),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you. The NDA is signed and a copy is on its way to your e-mail."))
            return redirect(context["next"] or "awards:dashboard")
    context["form"] = form
    return render(request, "awards/nda.html", context)


@login_required
@require_GET
def nda_pdf(request, pk):
    acceptance = get_nda_acceptance_for_signer(request.user, pk)
    response = HttpResponse(nda_acceptance_pdf(acceptance), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{nda_acceptance_filename(acceptance)}"'
    response["Cache-Control"] = "private, no-store"
    return response
