"""Administrators' changes to privileged people's accounts: recorded in the audit log and told to the person.

A superuser who could quietly change a judge's or key holder's password, e-mail address or authenticator could
sign in as them. The admin pages (``judging.admin``) cannot stop a superuser from doing it (losing a phone or a
password is real), so every such change made there is appended to the audit log in the change's own transaction
and, in that same transaction, queued in the outbox as an e-mail to the person: to the old address too when the
address changed, so the person hears of it even when the new address is the administrator's own.

The e-mail is in both languages (Indonesian, then English): the person's language is not known, and an
administrator's language says nothing about it.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from awards.audit import audit_append
from awards.models import AuditEvent, Profile
from awards.services.outbox import outbox_queue
from judging.permissions import account_is_privileged

# The changes an administrator can make to someone's account, as audit actions and as the e-mail says them.
PASSWORD_CHANGED = "account.password_changed_by_admin"  # noqa: S105 (an audit action)
PASSWORD_DISABLED = "account.password_disabled_by_admin"  # noqa: S105
EMAIL_CHANGED = "account.email_changed_by_admin"
EMAIL_ADDRESS_ADDED = "account.email_address_added_by_admin"
EMAIL_ADDRESS_REMOVED = "account.email_address_removed_by_admin"
AUTHENTICATOR_REMOVED = "account.authenticator_removed_by_admin"
STANDING_CHANGED = "account.standing_changed_by_admin"

CHANGE_TEXTS = {
    PASSWORD_CHANGED: _("Your password was changed."),
    PASSWORD_DISABLED: _("Signing in with a password was turned off for your account."),
    EMAIL_CHANGED: _("The e-mail address of your account was changed from %(old)s to %(new)s."),
    EMAIL_ADDRESS_ADDED: _("The e-mail address %(new)s was added to your account."),
    EMAIL_ADDRESS_REMOVED: _("The e-mail address %(old)s was removed from your account."),
    AUTHENTICATOR_REMOVED: _("Your two-factor authenticator (%(kind)s) was removed."),
    STANDING_CHANGED: _("What your account may do was changed: %(detail)s."),
}

BOTH_LANGUAGES = ("id", "en")


def account_change_record(
    *, user, actor, change: str, before=None, old_email: str = "", new_email: str = "", kind: str = "",
    detail: str = "", always: bool = False,
) -> AuditEvent | None:
    """Record an administrator's change to ``user``'s account and tell them, if the account is privileged
    (before or after the change: ``before`` is the account as it was) or the change is one that is ``always``
    told. Returns the audit event, or None for an account that is not privileged. Call inside the
    transaction of the change."""
    if change not in CHANGE_TEXTS:
        raise ValueError(f"unknown account change {change!r}")
    if not (always or account_is_privileged(user) or account_is_privileged(before)):
        return None
    payload = {"user": user.pk, "username": user.get_username()}
    if old_email:
        payload["old_email"] = old_email
    if new_email:
        payload["new_email"] = new_email
    if kind:
        payload["authenticator"] = kind
    if detail:
        payload["detail"] = detail
    with transaction.atomic():
        event = audit_append(action=change, actor=actor, payload=payload)
        recipients = sorted({address.strip().lower() for address in (user.email, old_email, new_email) if address})
        context = {
            "change": change,
            "account": user.get_username(),
            "actor": event.actor_label or "—",
            "when": event.created_at,
            "seq": event.seq,
            "old": old_email,
            "new": new_email,
            "kind": kind,
            "detail": detail,
        }
        _tell(recipients=recipients, context=context, languages=_languages_of(user))
    return event


def _languages_of(user) -> tuple[str, ...]:
    """The account's language, or Indonesian then English when it has not said."""
    profile = Profile.objects.filter(user_id=user.pk).exclude(language="").first()
    return (profile.language,) if profile is not None else BOTH_LANGUAGES


def _tell(*, recipients: list[str], context: dict, languages: tuple[str, ...] = BOTH_LANGUAGES) -> None:
    if not recipients:
        return
    subjects, bodies = [], []
    for language in languages:
        with translation.override(language), timezone.override(settings.TIME_ZONE):
            kind = str(Authenticator.Type(context["kind"]).label) if context["kind"] else ""
            text = CHANGE_TEXTS[context["change"]] % {
                "old": context["old"], "new": context["new"], "kind": kind, "detail": context["detail"]
            }
            subjects.append(render_to_string("judging/account/email/changed_subject.txt", context).strip())
            bodies.append(
                render_to_string("judging/account/email/changed_message.txt", {**context, "text": text}).strip()
            )
    subject = " / ".join(dict.fromkeys(subjects))
    body = "\n\n---\n\n".join(bodies) + "\n"
    outbox_queue(kind=context["change"], to=recipients, subject=subject, body=body, language="+".join(languages))


def authenticator_delete(*, authenticator, actor) -> None:
    """An administrator removes someone's authenticator (a lost phone): recorded and told like any change."""
    with transaction.atomic():
        kind = authenticator.type
        user = authenticator.user
        authenticator.delete()
        account_change_record(user=user, actor=actor, change=AUTHENTICATOR_REMOVED, kind=kind)


def account_standing(user, *, groups=None) -> dict:
    """What an account may do, as the admin's user form sets it: active, staff, superuser, its groups."""
    names = groups if groups is not None else user.groups.values_list("name", flat=True)
    return {"active": user.is_active, "staff": user.is_staff, "superuser": user.is_superuser,
            "groups": sorted(names)}


def account_standing_changed(*, user, before: dict, after: dict, actor) -> AuditEvent | None:
    """Record and tell a change of an account's standing (staff, superuser, active, groups), whoever the
    account is: making someone a superuser or an organiser, or taking it away, is always worth knowing."""
    changed = [key for key in before if before[key] != after[key]]
    if not changed:
        return None
    detail = "; ".join(f"{key}: {_standing_value(before[key])} → {_standing_value(after[key])}" for key in changed)
    return account_change_record(user=user, actor=actor, change=STANDING_CHANGED, detail=detail, always=True)


def _standing_value(value) -> str:
    if isinstance(value, list):
        return ", ".join(value) or "—"
    return "yes" if value else "no"


def account_admin_save(*, user, actor) -> None:
    """Save an administrator's edit of ``user`` (the admin's user form); a new e-mail address is recorded and
    told to both addresses, and a change of the account's flags (active, staff, superuser) to the account."""
    with transaction.atomic():
        before = type(user).objects.filter(pk=user.pk).first() if user.pk is not None else None
        user.save()
        if before is None:
            return
        if before.email.strip().lower() != user.email.strip().lower():
            account_change_record(
                user=user, before=before, actor=actor, change=EMAIL_CHANGED, old_email=before.email,
                new_email=user.email,
            )
        groups = list(user.groups.values_list("name", flat=True))  # the form saves groups after this
        account_standing_changed(
            user=user, actor=actor, before=account_standing(before, groups=groups),
            after=account_standing(user, groups=groups),
        )


def account_password_changed(*, user, actor, password_before: str) -> AuditEvent | None:
    """After the admin's password form: record and tell if the stored password changed."""
    user.refresh_from_db(fields=["password"])
    if user.password == password_before:
        return None
    change = PASSWORD_CHANGED if user.has_usable_password() else PASSWORD_DISABLED
    return account_change_record(user=user, actor=actor, change=change)


def email_address_admin_save(*, address, actor) -> None:
    """Save an administrator's edit of one of an account's e-mail addresses (allauth's EmailAddress): a new
    address, or a changed one, is recorded and told to the account and to both addresses."""
    with transaction.atomic():
        before = type(address).objects.filter(pk=address.pk).first() if address.pk is not None else None
        address.save()
        if before is None:
            account_change_record(user=address.user, actor=actor, change=EMAIL_ADDRESS_ADDED, new_email=address.email)
        elif before.email.strip().lower() != address.email.strip().lower():
            account_change_record(
                user=address.user, actor=actor, change=EMAIL_CHANGED, old_email=before.email, new_email=address.email
            )


def email_address_admin_delete(*, address, actor) -> None:
    with transaction.atomic():
        user, email = address.user, address.email
        address.delete()
        account_change_record(user=user, actor=actor, change=EMAIL_ADDRESS_REMOVED, old_email=email)
