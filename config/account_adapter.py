"""allauth's own e-mails (address confirmation, password reset, security notices) go through the outbox too:
rendered by allauth as usual, then queued like every other e-mail, so a mail server that is down delays them
and loses none, and organisers see them. A reset link is a secret: the outbox stores bodies encrypted
(`config.outbox_crypto`)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from awards.services.outbox import outbox_queue


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        message = self.render_mail(
            template_prefix, email, {"request": request, "email": email, "current_site": get_current_site(request),
                                     **context},
        )
        outbox_queue(
            kind="account." + template_prefix.rsplit("/", 1)[-1], to=email, subject=message.subject,
            body=message.body, prefix=False,
        )
