"""The accounts adapter: where each role lands after signing in, and allauth's own e-mails through the outbox.

Each role lands on its own workspace, not the home page. The adapter sits in `config` because it asks both
apps' roles, through the navigation's one statement (config/context_processors.py). A `next` address (a link
that needed a sign-in) still wins: allauth asks the adapter only when there is none.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse
from django.utils.translation import get_language

from awards.services.accounts import profile_language_remember, profile_language_set
from awards.services.outbox import outbox_queue
from config.context_processors import navigation


def landing_url(request) -> str:
    roles = navigation(request)
    if roles["nav_is_organiser"]:
        return reverse("awards:organiser_dashboard")
    if roles["nav_is_judge"]:
        return reverse("judging:workspace")
    if roles["nav_is_assessor"]:
        return reverse("judging:assessor_home")
    if roles["nav_is_key_holder"]:
        return reverse("judging:share_check")
    # A company's contact, or someone who has not registered a company yet (the dashboard says how).
    return reverse("awards:dashboard")


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return landing_url(request)

    def save_user(self, request, user, form, commit=True):
        """A new account reads the language its person signed up in (their e-mails are written in it)."""
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            profile_language_set(user=user, language=get_language())
        return user

    def post_login(self, request, user, **kwargs):
        """A first sign-in (a judge or holder accepting an invitation) remembers the language they read."""
        profile_language_remember(user=user, language=get_language())
        return super().post_login(request, user, **kwargs)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's e-mails (address confirmation, password reset, security notices) are rendered by allauth as
        usual, then queued like every other e-mail: a mail server that is down delays them and loses none, and
        organisers see them. A reset link is a secret: the outbox stores bodies encrypted."""
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request), **context},
        )
        outbox_queue(
            kind="account." + template_prefix.rsplit("/", 1)[-1],
            to=email,
            subject=message.subject,
            body=message.body,
            prefix=False,
        )
