"""Reads about assessors, their call logs and site visits: who they are, how many (counts only), one's own receipts;
and the site-visit checklists."""

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from awards.models import Category, Company, Edition, Entry
from judging.models import Assessor, AssessorConflict, CallLog, SiteVisit, SiteVisitItem


def assessors_with_counts(*, edition: Edition) -> QuerySet[Assessor]:
    """The edition's assessors, each with the number of call logs (``log_count``) and site visits
    (``visit_count``) sealed: counts, never content."""
    return (
        Assessor.objects.filter(edition=edition)
        .select_related("user")
        .annotate(log_count=Count("call_logs", distinct=True), visit_count=Count("site_visits", distinct=True))
        .order_by("pseudonym")
    )


def call_log_count(*, edition: Edition) -> int:
    return CallLog.objects.filter(edition=edition).count()


def site_visit_count(*, edition: Edition) -> int:
    return SiteVisit.objects.filter(edition=edition).count()


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


def own_site_visits(*, assessor: Assessor) -> QuerySet[SiteVisit]:
    """The assessor's own visits, newest first: the entry, the number and the receipt."""
    return (
        SiteVisit.objects.filter(assessor=assessor)
        .select_related("entry__company")
        .only("entry__number", "entry__company__legal_name", "number", "receipt", "sealed_at")
        .order_by("-sealed_at", "-pk")
    )


def checklist_of(*, category_id: int) -> list[SiteVisitItem]:
    """A category's site-visit checklist, in order."""
    return list(SiteVisitItem.objects.filter(category_id=category_id).order_by("position", "pk"))


def checklists_by_category(*, edition: Edition) -> list[dict]:
    """Every corporate category of the edition with its checklist items (``site_visit_items``) and whether a
    sealed visit froze it (``frozen``): two queries however many categories."""
    categories = (
        Category.objects.filter(edition=edition)
        .exclude(kind=Category.Kind.INDIVIDUAL)
        .annotate(frozen=Exists(SiteVisit.objects.filter(entry__category=OuterRef("pk"))))
        .prefetch_related(Prefetch("site_visit_items", queryset=SiteVisitItem.objects.order_by("position", "pk")))
        .order_by("ceremony_order", "code")
    )
    return list(categories)
