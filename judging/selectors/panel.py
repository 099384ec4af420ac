"""Reads for the panel pages: the panel, invitations, conflicts, assignments."""

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from awards.models import Category, Company, Edition, Entry
from judging.models import Assignment, ConflictDeclaration, Judge, JudgeInvitation, Rubric


def account_exists(*, email: str) -> bool:
    """Whether an account already uses the address (as its e-mail or one of its addresses)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    return (
        get_user_model().objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )


def panel_judges(*, edition: Edition) -> QuerySet[Judge]:
    return Judge.objects.filter(edition=edition).select_related("user").order_by("pseudonym")


def invitations_pending(*, edition: Edition, role: str = JudgeInvitation.Role.JUDGE) -> QuerySet[JudgeInvitation]:
    return JudgeInvitation.objects.filter(
        edition=edition, role=role, used_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by").order_by("-created_at")


def companies_with_entries(*, edition: Edition) -> QuerySet[Company]:
    entries = Entry.objects.filter(company_id=OuterRef("pk"), category__edition=edition).exclude(
        status=Entry.Status.WITHDRAWN
    )
    return Company.objects.filter(Exists(entries)).order_by("legal_name")


def companies_assigned(*, edition: Edition) -> set[int]:
    """Ids of companies whose entries have at least one judge assigned (declarations on them stay)."""
    return set(
        Assignment.objects.filter(round__edition=edition).values_list("entry__company_id", flat=True).distinct()
    )


def judge_conflicts(*, judge: Judge) -> QuerySet[ConflictDeclaration]:
    return ConflictDeclaration.objects.filter(judge=judge).select_related("company").order_by("company__legal_name")


def rubric_of(*, category: Category, round=None) -> Rubric | None:
    """The category's saved rubric (``round`` None), or the round's own; None while none is saved."""
    return Rubric.objects.filter(category=category, round=round).first()
