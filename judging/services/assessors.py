"""Assessors: invited like judges (judging.services.panel, which also makes the profile when they join),
declaring conflicts."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards.audit import audit_append
from awards.models import Company, Edition
from judging.models import Assessor, AssessorConflict, JudgeInvitation
from judging.services.panel import judge_invite


def assessor_invite(*, edition: Edition, email: str, full_name: str, invited_by) -> JudgeInvitation:
    """Invite an assessor by e-mail: the judges' invitation, link and joining page, with the assessor's role."""
    return judge_invite(
        edition=edition, email=email, full_name=full_name, invited_by=invited_by, role=JudgeInvitation.Role.ASSESSOR
    )


@transaction.atomic
def assessor_conflict_declare(
    *, assessor: Assessor, company: Company, relation: str, note: str = ""
) -> AssessorConflict:
    """Record an assessor's conflict: from now on the company's entries are neither listed nor callable. A
    conflict declared after calls were logged does not unseal them: the organisers are told by the audit log."""
    if company.pk not in set(
        Company.objects.filter(entries__category__edition=assessor.edition).values_list("pk", flat=True)
    ):
        raise ValidationError(_("This company has no entry in this edition."))
    if AssessorConflict.objects.filter(assessor=assessor, company=company).exists():
        raise ValidationError(_("You already declared a conflict with this company."))
    conflict = AssessorConflict(assessor=assessor, company=company, relation=relation, note=note.strip())
    conflict.full_clean()
    conflict.save()
    audit_append(
        action="assessor.conflict_declared",
        actor=assessor.user,
        edition=assessor.edition,
        payload={"assessor": assessor.pseudonym, "company": company.pk, "relation": relation},
    )
    return conflict
