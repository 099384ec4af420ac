"""Reads about assessors and their call logs: who they are, how many logs (counts only), one's own receipts."""

from django.db.models import Count, QuerySet

from awards.models import Company, Edition, Entry
from judging.models import Assessor, AssessorConflict, CallLog


def assessors_with_counts(*, edition: Edition) -> QuerySet[Assessor]:
    """The edition's assessors, each with the number of call logs sealed (``log_count``): counts, never content."""
    return (
        Assessor.objects.filter(edition=edition)
        .select_related("user")
        .annotate(log_count=Count("call_logs"))
        .order_by("pseudonym")
    )


def call_log_count(*, edition: Edition) -> int:
    return CallLog.objects.filter(edition=edition).count()


def assessor_latest(*, user) -> Assessor | None:
    """The user's assessor profile on the newest edition they assess."""
    if not user.is_authenticated:
        return None
    return (
        Assessor.objects.filter(user=user)
        .select_related("edition")
        .order_by("-edition__year", "-edition__registration_opens", "-pk")
        .first()
    )


def own_call_logs(*, assessor: Assessor) -> QuerySet[CallLog]:
    """The assessor's own logs, newest first: what they can see of them is the entry, the number and the receipt."""
    return (
        CallLog.objects.filter(assessor=assessor)
        .select_related("entry__company")
        .only("entry__number", "entry__company__legal_name", "number", "receipt", "sealed_at")
        .order_by("-sealed_at", "-pk")
    )


def assessor_conflicts(*, assessor: Assessor) -> QuerySet[AssessorConflict]:
    return AssessorConflict.objects.filter(assessor=assessor).select_related("company").order_by("company__legal_name")


def companies_to_declare(*, edition: Edition) -> QuerySet[Company]:
    """Companies with an entry in the edition (what an assessor may declare a conflict with)."""
    ids = Entry.objects.filter(category__edition=edition).values("company_id")
    return Company.objects.filter(pk__in=ids).order_by("legal_name")
