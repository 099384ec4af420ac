"""What the panel's services share: its e-mails, and the check that the panel may still change."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from awards.models import Edition
from awards.permissions import ORGANISER_GROUP
from awards.services.outbox import outbox_queue


def organiser_emails() -> list[str]:
    users = get_user_model().objects.filter(groups__name=ORGANISER_GROUP, is_active=True).exclude(email="")
    return sorted({user.email for user in users})


def panel_mail(*, template: str, context: dict, to: list[str], edition: Edition | None = None) -> None:
    """Queue a plain-text e-mail, rendered from templates/judging/panel/email/<template>_{subject,message}.txt,
    in the outbox: one message per recipient, in the transaction of the caller (the worker sends it)."""
    if not to:
        return
    context = {**context, "site_url": settings.SITE_URL}
    subject = render_to_string(f"judging/panel/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"judging/panel/email/{template}_message.txt", context)
    outbox_queue(kind=f"panel.{template}", to=to, subject=subject, body=body,
                 edition=edition or context.get("edition"))


def panel_open_ensure(*, edition: Edition) -> None:
    if not edition.phase.panel_open:
        raise ValidationError(_("The panel of this edition can no longer change (it is %(state)s).") % {
            "state": edition.get_state_display()
        })
