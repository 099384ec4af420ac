"""What the panel's services share: its e-mails, and the check that the panel may still change."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from awards.communications import language_or_both, render_both_languages
from awards.models import Edition, Profile
from awards.permissions import ORGANISER_GROUP
from awards.services.outbox import outbox_queue


def organiser_emails() -> list[str]:
    users = get_user_model().objects.filter(groups__name=ORGANISER_GROUP, is_active=True).exclude(email="")
    return sorted({user.email for user in users})


def languages_by_email(*, emails: list[str]) -> dict[str, str]:
    """The language each address's account reads ("id" or "en"), by lower-cased address; addresses without an
    account, or whose account has not said, are left out."""
    lowered = {email.lower() for email in emails}
    rows = (
        Profile.objects.exclude(language="")
        .annotate(address=Lower("user__email"))
        .filter(address__in=lowered)
        .values_list("address", "language")
    )
    return dict(rows)


def panel_mail(*, template: str, context: dict, to: list[str], edition: Edition | None = None) -> None:
    """Queue a plain-text e-mail, rendered from templates/judging/panel/email/<template>_{subject,message}.txt,
    in the outbox: one message per recipient, in the transaction of the caller (the worker sends it). Each is in
    the language of the recipient's account, or Indonesian then English for an address the site cannot tell."""
    if not to:
        return
    context = {**context, "site_url": settings.SITE_URL}
    known = languages_by_email(emails=to)
    by_language: dict[str, list[str]] = {}
    for address in to:
        by_language.setdefault(language_or_both(known.get(address.lower(), "")), []).append(address)
    for language, addresses in by_language.items():
        rendered = render_both_languages(f"judging/panel/email/{template}", context, language=language)
        outbox_queue(kind=f"panel.{template}", to=addresses, subject=rendered.subject, body=rendered.body,
                     edition=edition or context.get("edition"), language=language)


def panel_open_ensure(*, edition: Edition) -> None:
    if not edition.phase.panel_open:
        raise ValidationError(_("The panel of this edition can no longer change (it is %(state)s).") % {
            "state": edition.get_state_display()
        })
