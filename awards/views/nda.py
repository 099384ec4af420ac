"""The one NDA page: read, sign, download the signed copy.

Participants sign their edition's NDA for their company here; judges sign the panel's confidentiality
agreement through the same page (judging.views.panel.agreement checks the judge and calls `nda_page`).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from awards.forms.nda import NdaAcceptForm
from awards.models import Company, Edition, NdaVersion
from awards.pdf import nda_acceptance_filename, nda_acceptance_pdf
from awards.permissions import company_of, get_nda_acceptance_for_signer
from awards.selectors import editions_public, nda_acceptance_latest, nda_current
from awards.services.nda import nda_accept

PARTICIPANT = NdaVersion.Audience.PARTICIPANT
JUDGE = NdaVersion.Audience.JUDGE

# What the page says to each audience (the rest of the page is the same for both).
WORDING = {
    PARTICIPANT: {
        "title": gettext_lazy("Non-disclosure agreement"),
        "not_published": gettext_lazy(
            "The organisers have not published the NDA for this edition yet. Please come back later."
        ),
        "before_signing": "",
        "sign_button": gettext_lazy("Sign the NDA"),
        "signed_message": gettext_lazy("Thank you. The NDA is signed and a copy is on its way to your e-mail."),
        "done_label": gettext_lazy("Go to your dashboard"),
    },
    JUDGE: {
        "title": gettext_lazy("Judges' confidentiality agreement"),
        "not_published": gettext_lazy(
            "The organisers have not published the judges' agreement for this edition yet. You will see entries "
            "only after signing it; please come back later."
        ),
        "before_signing": gettext_lazy(
            "Before you see any entry, please read and sign the confidentiality agreement of the panel."
        ),
        "sign_button": gettext_lazy("Sign the agreement"),
        "signed_message": gettext_lazy(
            "Thank you. The agreement is signed and a copy is on its way to your e-mail."
        ),
        "done_label": gettext_lazy("Declare your conflicts of interest"),
    },
}


@dataclass(frozen=True)
class Signer:
    """Who signs on the page: the audience, the line naming them, what the form starts with, where to go after."""

    audience: str
    shown_as: str  # "PT Alfa Kontak" or "Alice Hartono (Judge 01)"
    company: Company | None  # participants sign for their company; judges for themselves
    name: str
    title: str
    done_url: str


def safe_next(request) -> str | None:
    """A local path to return to after signing, or None (never another site)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(candidate, allowed_hosts=None):
        return candidate
    return None


def nda_page(request, *, edition: Edition, signer: Signer):
    """The agreement of `signer.audience` for `edition`: its current text, the signature form until the user
    signed the current version (a new version asks again), and the signed copy's download once signed."""
    version = nda_current(edition=edition, audience=signer.audience)
    latest = nda_acceptance_latest(user=request.user, edition=edition, audience=signer.audience)
    signed = latest if latest is not None and version is not None and latest.version_id == version.pk else None
    context = {
        "edition": edition,
        "signer": signer,
        "wording": WORDING[signer.audience],
        "version": version,
        "acceptance": signed,
        "previous_acceptance": latest if signed is None else None,
        "next": safe_next(request),
    }
    if version is None or signed is not None:
        return render(request, "awards/nda.html", context)
    initial = {"signer_name": signer.name, "signer_title": signer.title}
    form = NdaAcceptForm(request.POST or None, current_version=version, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            nda_accept(
                version=version,
                user=request.user,
                company=signer.company,
                signer_name=form.cleaned_data["signer_name"],
                signer_title=form.cleaned_data["signer_title"],
                ip_address=request.META.get("REMOTE_ADDR"),
                user_agent=request.headers.get("user-agent", ""),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, WORDING[signer.audience]["signed_message"])
            return redirect(context["next"] or signer.done_url)
    context["form"] = form
    return render(request, "awards/nda.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def nda_sign(request, slug):
    """The participants' NDA, signed on behalf of the user's company."""
    edition = get_object_or_404(editions_public(), slug=slug)
    company = company_of(request.user)
    if company is None:
        messages.info(request, _("Register your company first: you sign the NDA on its behalf."))
        return redirect("awards:company_create")
    contact = request.user.contact
    signer = Signer(
        audience=PARTICIPANT,
        shown_as=company.display_name,
        company=company,
        name=contact.full_name,
        title=contact.job_title,
        done_url=reverse("awards:dashboard"),
    )
    return nda_page(request, edition=edition, signer=signer)


@login_required
@require_GET
def nda_pdf(request, pk):
    """The signed copy, again: for the signer, and for the other contacts of the company they signed for."""
    acceptance = get_nda_acceptance_for_signer(request.user, pk)
    response = HttpResponse(nda_acceptance_pdf(acceptance), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{nda_acceptance_filename(acceptance)}"'
    response["Cache-Control"] = "private, no-store"
    return response
