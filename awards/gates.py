"""Gates in front of the participants' entry pages: a company, then the edition's NDA."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from awards.models import Edition, NdaVersion
from awards.permissions import company_of
from awards.selectors import nda_acceptance_current


def company_required(view):
    """Signed in and acting for a company; otherwise to the dashboard, which offers to create one.

    The view gets the company as ``request.company``.
    """

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        company = company_of(request.user)
        if company is None:
            messages.info(request, _("Register your company first."))
            return redirect("awards:dashboard")
        request.company = company
        return view(request, *args, **kwargs)

    return wrapper


def nda_redirect(request, edition: Edition) -> HttpResponseRedirect | None:
    """None when the user has signed the edition's current participant NDA; else the way to sign it."""
    if nda_acceptance_current(user=request.user, edition=edition, audience=NdaVersion.Audience.PARTICIPANT):
        return None
    messages.warning(
        request, _("Please read and accept the NDA of %(edition)s before entering.") % {"edition": edition.name}
    )
    next_url = request.get_full_path() if request.method == "GET" else reverse("awards:dashboard")
    url = reverse("awards:nda", kwargs={"slug": edition.slug})
    return HttpResponseRedirect(f"{url}?{urlencode({'next': next_url})}")
