"""Where each role lands after signing in: its own workspace, not the home page.

It sits in `config` because it asks both apps' roles, through the navigation's one statement
(config/context_processors.py). A `next` address (a link that needed a sign-in) still wins: allauth
asks the adapter only when there is none.
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from config.context_processors import navigation


def landing_url(request) -> str:
    roles = navigation(request)
    if roles["nav_is_organiser"]:
        return reverse("awards:organiser_dashboard")
    if roles["nav_is_judge"]:
        return reverse("judging:workspace")
    if roles["nav_is_key_holder"]:
        return reverse("judging:share_check")
    # A company's contact, or someone who has not registered a company yet (the dashboard says how).
    return reverse("awards:dashboard")


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return landing_url(request)
