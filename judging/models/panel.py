"""The panel: judges, their invitations and declared conflicts, panel seats, assignments and recusals."""

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from awards.models import Category, Company, Edition, Entry
from judging.models.rounds import Round


class Judge(models.Model):
    """A member of an edition's panel."""

    class Kind(models.TextChoices):
        PRACTITIONER = "practitioner", _("Practitioner")
        ACADEMIC = "academic", _("Academic")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="judge_roles")
    full_name = models.CharField(_("full name"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    expertise = models.TextField(_("expertise"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PRACTITIONER)
    # Names judges in exports and feedback without revealing who they are ("Judge 07").
    pseudonym = models.CharField(_("pseudonym"), max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["edition", "full_name"]
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="judge_once_per_edition"),
            models.UniqueConstraint(fields=["edition", "pseudonym"], name="judge_pseudonym_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.edition.slug})"

    @property
    def pseudonym_shown(self) -> str:
        """The pseudonym in the reader's language ("Juri 07" in Indonesian). The stored "Judge 07" stays as it
        is: it is sealed into scorecards and printed in the award-night pack."""
        return pseudonym_shown(self.pseudonym)


def pseudonym_shown(pseudonym: str) -> str:
    match = re.fullmatch(r"Judge (\d+)", pseudonym)
    if match is None:
        return pseudonym
    return pgettext("judge pseudonym", "Judge %(number)s") % {"number": match.group(1)}


class JudgeInvitation(models.Model):
    """A single-use, expiring link by which an invited judge (or assessor) sets a password and joins the panel."""

    class Role(models.TextChoices):
        JUDGE = "judge", _("Judge")
        ASSESSOR = "assessor", _("Assessor (mystery calls)")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="judge_invitations")
    email = models.EmailField(_("e-mail"))
    full_name = models.CharField(_("full name"), max_length=200)
    # Only the hash of the token is stored; the token itself is only in the e-mail.
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    judge = models.ForeignKey(Judge, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # An assessor joins by the same link and page as a judge; the role says which profile the link makes.
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.JUDGE)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("judge invitation")
        verbose_name_plural = _("judge invitations")

    def __str__(self) -> str:
        return f"{self.email} ({self.edition.slug})"


class ConflictDeclaration(models.Model):
    class Relation(models.TextChoices):
        EMPLOYEE = "employee", _("I work for this company")
        FORMER_EMPLOYEE = "former_employee", _("I worked for this company in the last three years")
        ADVISER = "adviser", _("I advise this company")
        SUPPLIER = "supplier", _("I supply this company (or it supplies me: outsourcer and clients)")
        EMAIL_DOMAIN = "email_domain", _("My e-mail domain matches a company contact's (automatic)")
        OTHER = "other", _("Other conflict")

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="conflicts")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="judge_conflicts")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    automatic = models.BooleanField(default=False)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["judge", "company"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["judge", "company", "relation"], name="conflict_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.judge} × {self.company}: {self.get_relation_display()}"


class PanelMember(models.Model):
    """A judge sitting on a category's panel; the assigner draws from these. Without a round the judge sits in
    every round of the category; with one, in that round only (a finals panel that differs from the desk's)."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="panel")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="panels")
    round = models.ForeignKey(
        "Round", on_delete=models.CASCADE, null=True, blank=True, related_name="panel", verbose_name=_("round")
    )

    class Meta:
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [
            models.UniqueConstraint(fields=["category", "judge"], condition=Q(round__isnull=True),
                                    name="panel_member_unique"),
            models.UniqueConstraint(fields=["category", "judge", "round"], name="panel_member_round_unique"),
        ]

    def __str__(self) -> str:
        if self.round_id is None:
            return f"{self.judge} on {self.category.code}"
        return f"{self.judge} on {self.category.code} (round {self.round.number})"


class Assignment(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="assignments")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="assignments")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["round", "entry", "judge"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["round", "entry", "judge"], name="assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.judge} → {self.entry}"


class Recusal(models.Model):
    """A judge stepped away from an assigned entry; the assignment is removed, this record stays."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="recusals")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="recusals")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="recusals")
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")

    def __str__(self) -> str:
        return f"{self.judge} recused from {self.entry}"
