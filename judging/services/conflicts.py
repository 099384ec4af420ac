"""Conflicts of interest (declared, withdrawn, found automatically from e-mail domains) and recusals."""


from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from awards.audit import audit_append
from awards.models import Company, Edition, Entry
from judging.models import (
    Assignment,
    ConflictDeclaration,
    Judge,
    Recusal,
    ScorecardDraft,
    SealedScorecard,
)
from judging.services.panel_common import organiser_emails, panel_mail, panel_open_ensure

# Public mail providers: sharing one of these says nothing about an employer.
WEBMAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.id", "ymail.com", "rocketmail.com",
        "outlook.com", "outlook.co.id", "hotmail.com", "live.com", "msn.com", "icloud.com", "me.com",
        "mac.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "mail.com", "zoho.com",
        "yandex.com", "rediffmail.com",
    }
)


def email_domain(*, email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower() if "@" in email else ""


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
    panel_mail(
        template="late_conflict",
        context={
            "judge": judge,
            "company": company,
            "entries": [assignment.entry for assignment in removed],
            "edition": judge.edition,
            "assignments_path": reverse("judging:assignments", args=[judge.edition.slug]),
        },
        to=organiser_emails(),
    )


def conflict_declare(*, judge: Judge, company: Company, relation: str, note: str = "") -> ConflictDeclaration:
    """Record a declared conflict. The judge's assignments to that company's entries go at once."""
    if relation == ConflictDeclaration.Relation.EMAIL_DOMAIN:
        raise ValidationError(_("This relation is found automatically; choose another one."))
    with transaction.atomic():
        judge = Judge.objects.select_for_update().select_related("edition").get(pk=judge.pk)
        panel_open_ensure(edition=judge.edition)
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


def conflict_can_withdraw(*, conflict: ConflictDeclaration) -> bool:
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
        if not conflict_can_withdraw(conflict=conflict):
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
    domain = email_domain(email=judge.user.email)
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


def conflicts_refresh_for_entry(entry: Entry) -> int:
    """When an entry is accepted for judging: conflict every judge of its edition who shares a (non-webmail)
    e-mail domain with the entry's company. A company may register after the judges joined, so this is the moment
    that catches it, before anyone is assigned; the conflicts page itself only reads. Returns how many were found."""
    domains = {
        email_domain(email=email)
        for email in entry.company.contacts.values_list("user__email", flat=True)
    } - WEBMAIL_DOMAINS - {""}
    if not domains:
        return 0
    matching = Q()
    for domain in domains:
        matching |= Q(user__email__iendswith="@" + domain)
    judges = Judge.objects.filter(matching, edition_id=entry.category.edition_id).select_related("user", "edition")
    return sum(len(conflicts_refresh_automatic(judge=judge)) for judge in judges.order_by("pk"))


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
        panel_open_ensure(edition=judge.edition)
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
        panel_mail(
            template="recusal",
            context={
                "judge": judge,
                "entry": entry,
                "recusal": recusal,
                "edition": judge.edition,
                "assignments_path": reverse("judging:assignments", args=[judge.edition.slug]),
            },
            to=organiser_emails(),
        )
    return recusal
