"""The panel: inviting judges, joining, conflicts of interest, recusals, reminders."""

import datetime as dt
import hashlib
import logging
import re
import secrets
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.audit import audit_append
from awards.models import Company, Edition, Entry
from awards.permissions import ORGANISER_GROUP
from judging.models import (
    Assignment,
    ConflictDeclaration,
    Judge,
    JudgeInvitation,
    Recusal,
    ScorecardDraft,
    SealedScorecard,
)

logger = logging.getLogger(__name__)

INVITATION_VALID_FOR = dt.timedelta(days=7)

# Public mail providers: sharing one of these says nothing about an employer.
WEBMAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.id", "ymail.com", "rocketmail.com",
        "outlook.com", "outlook.co.id", "hotmail.com", "live.com", "msn.com", "icloud.com", "me.com",
        "mac.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "mail.com", "zoho.com",
        "yandex.com", "rediffmail.com",
    }
)



def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower() if "@" in email else ""


def _organiser_emails() -> list[str]:
    users = get_user_model().objects.filter(groups__name=ORGANISER_GROUP, is_active=True).exclude(email="")
    return sorted({user.email for user in users})


def _mail(*, template: str, context: dict, to: list[str]) -> None:
    """Send a plain-text e-mail rendered from templates/judging/panel/email/<template>_{subject,message}.txt."""
    if not to:
        return
    context = {**context, "site_url": settings.SITE_URL}
    subject = render_to_string(f"judging/panel/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"judging/panel/email/{template}_message.txt", context)
    try:
        send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, to)
    except OSError:
        logger.exception("Could not send the %s e-mail", template)


# Invitations and joining -------------------------------------------------------------------------


def _ensure_panel_open(edition: Edition) -> None:
    if not edition.phase.panel_open:
        raise ValidationError(_("The panel of this edition can no longer change (it is %(state)s).") % {
            "state": edition.get_state_display()
        })


def judge_invite(*, edition: Edition, email: str, full_name: str, invited_by) -> JudgeInvitation:
    """Invite a judge by e-mail. Earlier unused invitations for the same address stop working."""
    email = email.strip().lower()
    full_name = " ".join(full_name.split())
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        _ensure_panel_open(edition)
        if Judge.objects.filter(edition=edition, user__email__iexact=email).exists():
            raise ValidationError(_("%(email)s is already on this edition's panel.") % {"email": email})
        now = timezone.now()
        JudgeInvitation.objects.filter(
            edition=edition, email__iexact=email, used_at__isnull=True, expires_at__gt=now
        ).update(expires_at=now)
        invitation = JudgeInvitation(
            edition=edition,
            email=email,
            full_name=full_name,
            token_hash=token_hash(token),
            invited_by=invited_by,
            expires_at=now + INVITATION_VALID_FOR,
        )
        invitation.full_clean()
        invitation.save()
        audit_append(
            action="judge.invited", actor=invited_by, edition=edition, payload={"invitation": invitation.pk}
        )
    join_url = settings.SITE_URL.rstrip("/") + reverse("judging:judge_join", args=[token])
    _mail(
        template="judge_invitation",
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
    invitation = JudgeInvitation.objects.select_related("edition").filter(token_hash=token_hash(token)).first()
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
) -> Judge:
    """Use an invitation: create the account (or take the logged-in one) and the judge profile.

    With no user, a new account is made with the invited e-mail as username, a verified address and
    the password given; if an account with that e-mail exists the judge must log in first.
    """
    User = get_user_model()
    with transaction.atomic():
        invitation = (
            JudgeInvitation.objects.select_for_update().filter(token_hash=token_hash(token)).first()
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


# Conflicts of interest ---------------------------------------------------------------------------


def _drop_assignments_for_conflict(*, judge: Judge, company: Company) -> list[Assignment]:
    """Remove the judge's assignments to the company's entries (and their drafts). Returns what went."""
    assignments = list(
        Assignment.objects.select_for_update()
        .filter(judge=judge, entry__company=company)
        .select_related("entry__category", "round")
    )
    for assignment in assignments:
        ScorecardDraft.objects.filter(round=assignment.round, entry=assignment.entry, judge=judge).delete()
        assignment.delete()
    return assignments


def _notify_late_conflict(*, judge: Judge, company: Company, removed: list[Assignment]) -> None:
    if not removed:
        return
    _mail(
        template="late_conflict",
        context={
            "judge": judge,
            "company": company,
            "entries": [assignment.entry for assignment in removed],
            "edition": judge.edition,
            "assignments_path": reverse("judging:assignments", args=[judge.edition.slug]),
        },
        to=_organiser_emails(),
    )


def conflict_declare(*, judge: Judge, company: Company, relation: str, note: str = "") -> ConflictDeclaration:
    """Record a declared conflict. The judge's assignments to that company's entries go at once."""
    if relation == ConflictDeclaration.Relation.EMAIL_DOMAIN:
        raise ValidationError(_("This relation is found automatically; choose another one."))
    with transaction.atomic():
        judge = Judge.objects.select_for_update().select_related("edition").get(pk=judge.pk)
        _ensure_panel_open(judge.edition)
        if not Entry.objects.filter(category__edition=judge.edition, company=company).exists():
            raise ValidationError(_("This company has no entry in this edition."))
        if ConflictDeclaration.objects.filter(judge=judge, company=company, relation=relation).exists():
            raise ValidationError(_("You already declared this relation with this company."))
        conflict = ConflictDeclaration(judge=judge, company=company, relation=relation, note=note.strip())
        conflict.full_clean()
        conflict.save()
        removed = _drop_assignments_for_conflict(judge=judge, company=company)
        audit_append(
            action="conflict.declared",
            actor=judge.user,
            edition=judge.edition,
            payload={
                "judge": judge.pseudonym,
                "company": company.pk,
                "relation": relation,
                "assignments_removed": len(removed),
            },
        )
    _notify_late_conflict(judge=judge, company=company, removed=removed)
    return conflict


def conflict_can_withdraw(conflict: ConflictDeclaration) -> bool:
    """A declared conflict may be withdrawn only until someone is assigned to the company's entries."""
    if conflict.automatic:
        return False
    return not Assignment.objects.filter(
        round__edition_id=conflict.judge.edition_id, entry__company_id=conflict.company_id
    ).exists()


def conflict_withdraw(*, conflict: ConflictDeclaration, user) -> None:
    with transaction.atomic():
        conflict = ConflictDeclaration.objects.select_for_update().select_related("judge__edition").get(pk=conflict.pk)
        if conflict.judge.user_id != user.pk:
            raise ValidationError(_("You can only withdraw your own declarations."))
        if not conflict_can_withdraw(conflict):
            raise ValidationError(
                _("This declaration can no longer be withdrawn: judges are already assigned to this company's entries.")
            )
        audit_append(
            action="conflict.withdrawn",
            actor=user,
            edition=conflict.judge.edition,
            payload={"judge": conflict.judge.pseudonym, "company": conflict.company_id, "relation": conflict.relation},
        )
        conflict.delete()


def conflicts_refresh_automatic(*, judge: Judge) -> list[ConflictDeclaration]:
    """Conflict the judge with every company whose contact shares the judge's (non-webmail) e-mail domain."""
    domain = email_domain(judge.user.email)
    if not domain or domain in WEBMAIL_DOMAINS:
        return []
    already = ConflictDeclaration.objects.filter(
        judge=judge, company=OuterRef("pk"), relation=ConflictDeclaration.Relation.EMAIL_DOMAIN
    )
    companies = list(
        Company.objects.filter(contacts__user__email__iendswith="@" + domain)
        .exclude(Exists(already))
        .distinct()
        .order_by("pk")
    )
    if not companies:
        return []
    created = []
    removed_by_company = []
    with transaction.atomic():
        for company in companies:
            conflict = ConflictDeclaration(
                judge=judge,
                company=company,
                relation=ConflictDeclaration.Relation.EMAIL_DOMAIN,
                note=domain,
                automatic=True,
            )
            conflict.full_clean()
            conflict.save()
            created.append(conflict)
            removed = _drop_assignments_for_conflict(judge=judge, company=company)
            removed_by_company.append((company, removed))
            audit_append(
                action="conflict.automatic",
                edition=judge.edition,
                payload={"judge": judge.pseudonym, "company": company.pk, "assignments_removed": len(removed)},
            )
    for company, removed in removed_by_company:
        _notify_late_conflict(judge=judge, company=company, removed=removed)
    return created


def conflicts_refresh_edition(*, edition: Edition) -> int:
    """Refresh the automatic conflicts of every judge of the edition; returns how many were found."""
    return sum(
        len(conflicts_refresh_automatic(judge=judge))
        for judge in Judge.objects.filter(edition=edition).select_related("user", "edition")
    )


# Recusal -----------------------------------------------------------------------------------------


def assignment_recuse(*, judge: Judge, entry: Entry, reason: str) -> Recusal:
    """The judge steps away from an assigned entry. Refused once they sealed a scorecard for it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for stepping away from this entry."))
    with transaction.atomic():
        judge = Judge.objects.select_for_update().select_related("edition", "user").get(pk=judge.pk)
        _ensure_panel_open(judge.edition)
        assignments = list(
            Assignment.objects.select_for_update().filter(judge=judge, entry=entry).select_related("round")
        )
        if not assignments:
            raise ValidationError(_("This entry is not assigned to you."))
        if SealedScorecard.objects.filter(judge=judge, entry=entry, is_latest=True).exists():
            raise ValidationError(
                _(
                    "You already submitted your scorecard for this entry, so it counts. "
                    "Ask the organisers to reopen it first."
                )
            )
        recusal = None
        for assignment in assignments:
            ScorecardDraft.objects.filter(round=assignment.round, entry=entry, judge=judge).delete()
            recusal = Recusal(round=assignment.round, entry=entry, judge=judge, reason=reason)
            recusal.full_clean()
            recusal.save()
            assignment.delete()
        audit_append(
            action="assignment.recused",
            actor=judge.user,
            edition=judge.edition,
            payload={"judge": judge.pseudonym, "entry": entry.pk, "round": recusal.round_id},
        )
    _mail(
        template="recusal",
        context={
            "judge": judge,
            "entry": entry,
            "recusal": recusal,
            "edition": judge.edition,
            "assignments_path": reverse("judging:assignments", args=[judge.edition.slug]),
        },
        to=_organiser_emails(),
    )
    return recusal


# Reminders ---------------------------------------------------------------------------------------


def judges_remind(*, edition: Edition, actor) -> int:
    """E-mail every judge with open assignments (no sealed scorecard yet) how many are open."""
    from judging.selectors.progress import open_assignment_counts

    counts = open_assignment_counts(edition=edition)
    judges = Judge.objects.filter(pk__in=counts).select_related("user").order_by("pk")
    sent = 0
    for judge in judges:
        _mail(
            template="reminder",
            context={"judge": judge, "edition": edition, "open_count": counts[judge.pk], "workspace_path": "/judging/"},
            to=[judge.user.email],
        )
        sent += 1
    with transaction.atomic():
        audit_append(action="judges.reminded", actor=actor, edition=edition, payload={"judges": sent})
    return sent
