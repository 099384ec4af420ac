"""Signing an NDA: participants sign their edition's NDA, judges their confidentiality agreement."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.audit import audit_append
from awards.models import Company, NdaAcceptance, NdaVersion
from awards.services.outbox import outbox_queue

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
    Signing a version twice returns the first signature and sends nothing. The e-mail is written to the
    outbox with the signature (the PDF is attached when the worker sends it); a mail server that is down
    delays it, and the signature stands (the copy can be downloaded meanwhile).
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
    nda_signed_copy_send(acceptance=acceptance)
    return acceptance, True


def nda_signed_copy_send(*, acceptance: NdaAcceptance) -> None:
    """Queue the signer's signed copy (the PDF attached at delivery), in the signer's language."""
    version = acceptance.version
    context = {"acceptance": acceptance, "version": version, "edition": version.edition, "site_url": settings.SITE_URL}
    subject = render_to_string("awards/email/nda_signed_subject.txt", context).strip()
    body = render_to_string("awards/email/nda_signed_message.txt", context)
    outbox_queue(
        kind="nda.signed", to=acceptance.user.email, subject=subject, body=body, edition=version.edition,
        attachment={"kind": "nda_acceptance", "pk": acceptance.pk},
    )
