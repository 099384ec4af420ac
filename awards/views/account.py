"""The person's own account page (the language of their e-mails, links to password, e-mail and two-factor
settings) and the language switcher, which also remembers a signed-in person's choice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language

from awards.forms.account import AccountLanguageForm
from awards.selectors import user_language
from awards.services.accounts import profile_language_set


@require_http_methods(["GET", "POST"])
def language_set_view(request):
    """Django's language switcher (a GET only redirects, as Django's does); for a signed-in person the language
    posted is also the language of their e-mails."""
    response = set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        profile_language_set(user=request.user, language=request.POST.get("language", ""))
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_view(request):
    form = AccountLanguageForm(request.POST or None, initial={"language": user_language(user=request.user)})
    if request.method == "POST" and form.is_valid():
        profile_language_set(user=request.user, language=form.cleaned_data["language"])
        messages.success(request, _("Your e-mails now come in %(language)s.") % {"language": form.language_name()})
        return redirect("awards:account")
    return render(request, "awards/account.html", {"form": form})
