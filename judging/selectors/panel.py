"""Reads for the panel pages: the panel, invitations, conflicts, assignments."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from awards.models import Category, Company, Edition, Entry
from judging.models import Assignment, ConflictDeclaration, Judge, JudgeInvitation, PanelMember, Round, Rubric


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


def assignment_board(*, edition: Edition, round_id: int | None) -> list[dict]:
    """Per category: its panel in the round, and the submitted entries the round takes with their assigned
    judges (a later round: the previous round's finalists and the categories that went straight to it)."""
    from judging.selectors.rounds import round_entry_ids

    round_ = Round.objects.filter(pk=round_id).first() if round_id is not None else None
    taken = round_entry_ids(round=round_) if round_ is not None else None
    categories = list(Category.objects.filter(edition=edition).order_by("ceremony_order", "code"))
    members: dict[int, list[PanelMember]] = {}
    in_round = Q(round__isnull=True) | Q(round_id=round_id)  # the panel sitting in the round shown
    for member in PanelMember.objects.filter(in_round, category__edition=edition).select_related(
        "judge", "round"
    ).order_by("judge__pseudonym"):
        members.setdefault(member.category_id, []).append(member)
    entries: dict[int, list[Entry]] = {}
    for entry in (
        Entry.objects.filter(category__edition=edition, status=Entry.Status.SUBMITTED)
        .filter(**({} if taken is None else {"pk__in": taken}))
        .select_related("company", "category")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(round_id=round_id).select_related("judge").order_by("judge__pseudonym"),
                to_attr="round_assignments",
            )
        )
        .order_by("pk")
    ):
        entries.setdefault(entry.category_id, []).append(entry)
    return [
        {"category": category, "members": members.get(category.pk, []), "entries": entries.get(category.pk, [])}
        for category in categories
    ]
