"""Company profiles, their contacts, and invitations of colleagues."""

import datetime as dt
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.audit import audit_append
from awards.models import Company, CompanyContact, CompanyInvitation
from awards.services.accounts import profile_language_set
from awards.services.outbox import outbox_queue

INVITATION_LIFETIME = dt.timedelta(days=7)

def _lock_user(user):
    """Serialise a user's own concurrent requests (two tabs, a double click)."""
    return get_user_model().objects.select_for_update().get(pk=user.pk)


def _has_company(user) -> bool:
    return CompanyContact.objects.filter(user=user).exists()


@transaction.atomic
def company_create(
    *,
    user,
    legal_name: str,
    brand: str,
    sector: str,
    address: str,
    city: str,
    agent_seats: int,
    channels: list[str],
    full_name: str,
    job_title: str,
    phone: str = "",
) -> Company:
    """Register a company; the user becomes its first contact."""
    _lock_user(user)
    if _has_company(user):
        raise ValidationError(_("You already act for a company; a user cannot register a second one."))
    if Company.objects.filter(legal_name__iexact=legal_name.strip()).exists():
        raise ValidationError({"legal_name": _("A company with this legal name is already registered.")})
    company = Company(
        legal_name=legal_name,
        brand=brand,
        sector=sector,
        address=address,
        city=city,
        agent_seats=agent_seats,
        channels=list(channels),
    )
    company.full_clean()
    company.save()
    contact = CompanyContact(user=user, company=company, full_name=full_name, job_title=job_title, phone=phone)
    contact.full_clean()
    contact.save()
    audit_append(action="company.created", actor=user, payload={"company": company.pk, "legal_name": legal_name})
    return company


@transaction.atomic
def company_update(
    *,
    company: Company,
    user,
    legal_name: str,
    brand: str,
    sector: str,
    address: str,
    city: str,
    agent_seats: int,
    channels: list[str],
) -> Company:
    """Change the company profile; the audit log records which fields changed."""
    company = Company.objects.select_for_update().get(pk=company.pk)
    if Company.objects.filter(legal_name__iexact=legal_name.strip()).exclude(pk=company.pk).exists():
        raise ValidationError({"legal_name": _("A company with this legal name is already registered.")})
    values = {
        "legal_name": legal_name,
        "brand": brand,
        "sector": sector,
        "address": address,
        "city": city,
        "agent_seats": agent_seats,
        "channels": list(channels),
    }
    changed = sorted(name for name, value in values.items() if getattr(company, name) != value)
    for name, value in values.items():
        setattr(company, name, value)
    company.full_clean()
    company.save()
    if changed:
        audit_append(action="company.updated", actor=user, payload={"company": company.pk, "fields": changed})
    return company


def _user_with_email(email: str):
    address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
    if address is not None:
        return address.user
    return get_user_model().objects.filter(email__iexact=email).first()


@transaction.atomic
def company_invitation_create(*, company: Company, email: str, invited_by) -> CompanyInvitation:
    """Invite a colleague by e-mail. The link is single-use and expires after seven days.

    An earlier pending invitation of the same address to the same company stops working, so only
    the newest link is live. The e-mail is written to the outbox with the invitation: a mail server that is
    down delays it, and the organisers' outbox page shows it.
    """
    email = email.strip()
    invitee = _user_with_email(email)
    if invitee is not None and _has_company(invitee):
        raise ValidationError({"email": _("The person with this e-mail address already acts for a company.")})
    now = timezone.now()
    CompanyInvitation.objects.filter(
        company=company, email__iexact=email, accepted_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now)
    invitation = CompanyInvitation(
        company=company,
        email=email,
        token=secrets.token_urlsafe(32),
        invited_by=invited_by,
        expires_at=now + INVITATION_LIFETIME,
    )
    invitation.full_clean()
    invitation.save()
    audit_append(
        action="company.invitation_sent",
        actor=invited_by,
        payload={"company": company.pk, "invitation": invitation.pk},
    )
    _invitation_send(invitation=invitation)
    return invitation


def _invitation_send(*, invitation: CompanyInvitation) -> None:
    inviter = CompanyContact.objects.filter(user=invitation.invited_by).first()
    context = {
        "invitation": invitation,
        "company": invitation.company,
        "inviter_name": inviter.full_name if inviter else "",
        "join_url": settings.SITE_URL.rstrip("/") + reverse("awards:company_join", args=[invitation.token]),
        "site_url": settings.SITE_URL,
    }
    subject = render_to_string("awards/email/company_invitation_subject.txt", context).strip()
    body = render_to_string("awards/email/company_invitation_message.txt", context)
    outbox_queue(kind="company.invitation", to=invitation.email, subject=subject, body=body)


def company_invitation_check(*, invitation: CompanyInvitation | None, user) -> None:
    """Raise ValidationError (with a code) if the user cannot accept this invitation now."""
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid. Check that you copied the whole link."), "unknown")
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used. Ask your colleague for a new one."), "used")
    if invitation.expires_at <= timezone.now():
        raise ValidationError(_("This invitation has expired. Ask your colleague for a new one."), "expired")
    if _has_company(user):
        raise ValidationError(
            _("You already act for a company. A user can belong to one company only."), "has_company"
        )
    if not EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True).exists():
        raise ValidationError(
            _(
                "This invitation was sent to another e-mail address. Log in with the address it was sent to, "
                "or add and confirm that address in your account."
            ),
            "wrong_email",
        )


@transaction.atomic
def company_invitation_accept(
    *, token: str, user, full_name: str, job_title: str, language: str = ""
) -> CompanyContact:
    """Make the invited user a contact of the company; the invitation is used up. `language`: the one they
    accepted in, which their e-mails are written in from now on."""
    _lock_user(user)
    invitation = (
        CompanyInvitation.objects.select_for_update().select_related("company").filter(token=token).first()
    )
    company_invitation_check(invitation=invitation, user=user)
    contact = CompanyContact(user=user, company=invitation.company, full_name=full_name, job_title=job_title)
    contact.full_clean()
    contact.save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    profile_language_set(user=user, language=language)
    audit_append(
        action="company.contact_joined",
        actor=user,
        payload={"company": invitation.company_id, "invitation": invitation.pk},
    )
    return contact
