"""Signing an NDA: participants sign their edition's NDA, judges their confidentiality agreement."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.audit import audit_append
from awards.models import Company, NdaAcceptance, NdaVersion
from awards.pdf import nda_acceptance_filename, nda_acceptance_pdf

logger = logging.getLogger(__name__)

USER_AGENT_MAX = NdaAcceptance._meta.get_field("user_agent").max_length


def nda_accept(
    *,
    version: NdaVersion,
    user,
    company: Company | None,
    signer_name: str,
    signer_title: str,
    ip_address: str | None,
    user_agent: str,
) -> NdaAcceptance:
    """Record the user's signature of a published NDA version and e-mail them the signed copy.

    For participants the company is the one they sign for; judges sign with company None.
    Signing a version twice returns the first signature and sends nothing. The e-mail goes out
    after the signature is stored; if it cannot be sent the signature stands (the copy can be
    downloaded) and the failure is logged.
    """
    acceptance, created = _nda_acceptance_store(
        version=version,
        user=user,
        company=company,
        signer_name=signer_name,
        signer_title=signer_title,
        ip_address=ip_address,
        user_agent=user_agent,
    )
    if created:
        try:
            nda_signed_copy_send(acceptance=acceptance)
        except OSError:
            logger.exception("Could not e-mail the signed NDA copy %s", acceptance.pk)
    return acceptance


@transaction.atomic
def _nda_acceptance_store(
    *, version, user, company, signer_name, signer_title, ip_address, user_agent
) -> tuple[NdaAcceptance, bool]:
    get_user_model().objects.select_for_update().get(pk=user.pk)
    existing = NdaAcceptance.objects.filter(version=version, user=user).first()
    if existing is not None:
        return existing, False
    version = NdaVersion.objects.select_related("edition").get(pk=version.pk)
    if not version.is_published:
        raise ValidationError(_("This version of the agreement is not published."))
    if version.audience == NdaVersion.Audience.PARTICIPANT and company is None:
        raise ValidationError(_("Register your company before signing the participant NDA."))
    text_sha256 = version.compute_sha256()
    if version.text_sha256 and version.text_sha256 != text_sha256:
        # The text was changed after it was published: what the user read is not what is stored.
        raise ValidationError(_("This agreement's text was changed after publication. Please tell the organisers."))
    acceptance = NdaAcceptance(
        version=version,
        user=user,
        company=company,
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
        accepted_at=timezone.now(),
        ip_address=ip_address or None,
        user_agent=(user_agent or "")[:USER_AGENT_MAX],
        text_sha256=text_sha256,
    )
    acceptance.full_clean()
    acceptance.save()
    audit_append(
        action="nda.signed",
        actor=user,
        edition=version.edition,
        payload={
            "acceptance": acceptance.pk,
            "version": version.pk,
            "version_label": version.version_label,
            "audience": version.audience,
            "company": company.pk if company else None,
            "text_sha256": text_sha256,
        },
    )
    return acceptance, True


def nda_signed_copy_send(*, acceptance: NdaAcceptance) -> None:
    """E-mail the signer their signed copy as a PDF attachment."""
    version = acceptance.version
    context = {"acceptance": acceptance, "version": version, "edition": version.edition, "site_url": settings.SITE_URL}
    subject = render_to_string("awards/email/nda_signed_subject.txt", context).strip()
    body = render_to_string("awards/email/nda_signed_message.txt", context)
    message = EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body=body, to=[acceptance.user.email]
    )
    message.attach(nda_acceptance_filename(acceptance), nda_acceptance_pdf(acceptance), "application/pdf")
    message.send()
