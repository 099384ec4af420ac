"""The panel: inviting judges, joining, reminders. Conflicts of interest and recusals: ``conflicts.py``."""

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.audit import audit_append
from awards.models import Edition
from judging.models import Assessor, Judge, JudgeInvitation
from judging.services.conflicts import conflicts_refresh_automatic
from judging.services.panel_common import panel_mail, panel_open_ensure

INVITATION_VALID_FOR = dt.timedelta(days=7)


def token_hash(*, token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# Invitations and joining -------------------------------------------------------------------------


def judge_invite(
    *, edition: Edition, email: str, full_name: str, invited_by, role: str = JudgeInvitation.Role.JUDGE
) -> JudgeInvitation:
    """Invite a judge (or, with ``role``, an assessor: judging.services.assessors) by e-mail. Earlier unused
    invitations for the same address and role stop working."""
    email = email.strip().lower()
    full_name = " ".join(full_name.split())
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        panel_open_ensure(edition=edition)
        if role == JudgeInvitation.Role.ASSESSOR:
            if Assessor.objects.filter(edition=edition, user__email__iexact=email).exists():
                raise ValidationError(_("%(email)s is already an assessor of this edition.") % {"email": email})
        elif Judge.objects.filter(edition=edition, user__email__iexact=email).exists():
            raise ValidationError(_("%(email)s is already on this edition's panel.") % {"email": email})
        now = timezone.now()
        JudgeInvitation.objects.filter(
            edition=edition, email__iexact=email, role=role, used_at__isnull=True, expires_at__gt=now
        ).update(expires_at=now)
        invitation = JudgeInvitation(
            edition=edition,
            email=email,
            full_name=full_name,
            token_hash=token_hash(token=token),
            invited_by=invited_by,
            expires_at=now + INVITATION_VALID_FOR,
            role=role,
        )
        invitation.full_clean()
        invitation.save()
        audit_append(
            action="assessor.invited" if role == JudgeInvitation.Role.ASSESSOR else "judge.invited",
            actor=invited_by, edition=edition, payload={"invitation": invitation.pk},
        )
        join_url = settings.SITE_URL.rstrip("/") + reverse("judging:judge_join", args=[token])
        panel_mail(
            template="assessor_invitation" if role == JudgeInvitation.Role.ASSESSOR else "judge_invitation",
            context={"invitation": invitation, "edition": edition, "join_url": join_url},
            to=[email],
        )
    return invitation


@dataclass(frozen=True)
class InvitationCheck:
    invitation: JudgeInvitation | None
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def judge_invitation_check(*, token: str) -> InvitationCheck:
    """The invitation behind a token, or the reason it cannot be used."""
    invitation = JudgeInvitation.objects.select_related("edition").filter(token_hash=token_hash(token=token)).first()
    if invitation is None:
        return InvitationCheck(None, _("This invitation link is not valid. Check that you copied the whole link."))
    if invitation.used_at is not None:
        return InvitationCheck(invitation, _("This invitation link was already used. Log in to continue."))
    if invitation.expires_at <= timezone.now():
        return InvitationCheck(
            invitation, _("This invitation link has expired. Ask the organisers to send you a new one.")
        )
    if not invitation.edition.phase.panel_open:
        return InvitationCheck(invitation, _("The panel of this edition is closed."))
    return InvitationCheck(invitation)


def _next_pseudonym(edition: Edition) -> str:
    numbers = [0]
    for pseudonym in Judge.objects.filter(edition=edition).values_list("pseudonym", flat=True):
        match = re.fullmatch(r"Judge (\d+)", pseudonym)
        if match:
            numbers.append(int(match.group(1)))
    return f"Judge {max(numbers) + 1:02d}"


def judge_join(
    *,
    token: str,
    user=None,
    password: str = "",
    full_name: str,
    job_title: str = "",
    organisation: str = "",
    expertise: str = "",
    kind: str = Judge.Kind.PRACTITIONER,
) -> Judge | Assessor:
    """Use an invitation: create the account (or take the logged-in one) and the judge profile (or, for an
    assessor's invitation, the assessor profile).

    With no user, a new account is made with the invited e-mail as username, a verified address and
    the password given; if an account with that e-mail exists the judge must log in first.
    """
    User = get_user_model()
    with transaction.atomic():
        invitation = (
            JudgeInvitation.objects.select_for_update().filter(token_hash=token_hash(token=token)).first()
        )
        check = judge_invitation_check(token=token)
        if not check.ok or invitation is None:
            raise ValidationError(check.error)
        edition = Edition.objects.select_for_update().get(pk=invitation.edition_id)
        if user is None:
            if User.objects.filter(email__iexact=invitation.email).exists() or EmailAddress.objects.filter(
                email__iexact=invitation.email
            ).exists():
                raise ValidationError(
                    _("An account with this e-mail address exists. Log in first, then open the link again.")
                )
            user = User(username=invitation.email, email=invitation.email)
            validate_password(password, user)
            user.set_password(password)
            user.full_clean()
            user.save()
            EmailAddress.objects.create(user=user, email=invitation.email, verified=True, primary=True)
        elif user.email.lower() != invitation.email.lower():
            raise ValidationError(
                _(
                    "This invitation is for %(invited)s but you are logged in as %(current)s. "
                    "Log out and open the link again."
                )
                % {"invited": invitation.email, "current": user.email}
            )
        if invitation.role == JudgeInvitation.Role.ASSESSOR:
            return assessor_join(invitation=invitation, user=user, full_name=full_name, organisation=organisation)
        if Judge.objects.filter(edition=edition, user=user).exists():
            raise ValidationError(_("You are already on this edition's panel."))
        judge = Judge(
            edition=edition,
            user=user,
            full_name=" ".join(full_name.split()),
            job_title=job_title.strip(),
            organisation=organisation.strip(),
            expertise=expertise.strip(),
            kind=kind,
            pseudonym=_next_pseudonym(edition),
        )
        judge.full_clean()
        judge.save()
        invitation.used_at = timezone.now()
        invitation.judge = judge
        invitation.save(update_fields=["used_at", "judge"])
        audit_append(
            action="judge.joined",
            actor=user,
            edition=edition,
            payload={"judge": judge.pk, "pseudonym": judge.pseudonym, "invitation": invitation.pk},
        )
        conflicts_refresh_automatic(judge=judge)
    return judge


# Assessors join by the judges' link and page ----------------------------------------------------


def _next_assessor_pseudonym(edition: Edition) -> str:
    numbers = [0]
    for pseudonym in Assessor.objects.filter(edition=edition).values_list("pseudonym", flat=True):
        match = re.fullmatch(r"Assessor (\d+)", pseudonym)
        if match:
            numbers.append(int(match.group(1)))
    return f"Assessor {max(numbers) + 1:02d}"


def assessor_join(*, invitation: JudgeInvitation, user, full_name: str, organisation: str = "") -> Assessor:
    """The assessor's profile made from a checked, locked invitation (called by ``judge_join`` in its
    transaction, which made or checked the account)."""
    edition = invitation.edition
    if Assessor.objects.filter(edition=edition, user=user).exists():
        raise ValidationError(_("You are already an assessor of this edition."))
    assessor = Assessor(
        edition=edition,
        user=user,
        full_name=" ".join(full_name.split()),
        organisation=organisation.strip(),
        pseudonym=_next_assessor_pseudonym(edition),
    )
    assessor.full_clean()
    assessor.save()
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    audit_append(
        action="assessor.joined",
        actor=user,
        edition=edition,
        payload={"assessor": assessor.pk, "pseudonym": assessor.pseudonym, "invitation": invitation.pk},
    )
    return assessor


# Conflicts of interest ---------------------------------------------------------------------------


# Reminders ---------------------------------------------------------------------------------------


def judges_remind(*, edition: Edition, actor) -> int:
    """E-mail every judge with open assignments (no sealed scorecard yet) how many are open."""
    from judging.selectors.progress import open_assignment_counts

    counts = open_assignment_counts(edition=edition)
    judges = Judge.objects.filter(pk__in=counts).select_related("user").order_by("pk")
    sent = 0
    with transaction.atomic():  # the reminders and their audit event commit together
        for judge in judges:
            panel_mail(
                template="reminder",
                context={"judge": judge, "edition": edition, "open_count": counts[judge.pk],
                         "workspace_path": "/judging/"},
                to=[judge.user.email],
            )
            sent += 1
        audit_append(action="judges.reminded", actor=actor, edition=edition, payload={"judges": sent})
    return sent
