"""Who may do what in the awards app. Views and templates ask these functions.

Objects a user may not know exist raise Http404; pages a role may not use raise PermissionDenied.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from awards import lifecycle
from awards.eligibility import document_for_review, entry_deadline, entry_for_review, window_open
from awards.models import Award, Category, Company, CompanyContact, Edition, Entry, EntryDocument, NdaAcceptance

ORGANISER_GROUP = "organiser"


def is_organiser(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    in_group = user.is_staff and not user.is_superuser and user.groups.filter(name=ORGANISER_GROUP).exists()
    return organiser_by_standing(user, in_organiser_group=in_group)


def organiser_by_standing(user, *, in_organiser_group: bool) -> bool:
    """`is_organiser` for a caller that already knows whether the user is in the organisers' group."""
    return user.is_authenticated and user.is_active and (user.is_superuser or (user.is_staff and in_organiser_group))


def in_organiser_group_exists() -> Exists:
    """Whether the outer query's user is in the organisers' group, as a subquery: the
    navigation asks it with the other roles in one statement, then `organiser_by_standing`."""
    from django.contrib.auth import get_user_model

    memberships = get_user_model().groups.through
    return Exists(memberships.objects.filter(user_id=OuterRef("pk"), group__name=ORGANISER_GROUP))


def company_contact_exists() -> Exists:
    """Whether the outer query's user acts for a company, as a subquery."""
    return Exists(CompanyContact.objects.filter(user_id=OuterRef("pk")))


def organiser_users():
    """Everyone `is_organiser` is true for, as a queryset of users (by e-mail): the active superusers, and the
    active staff in the organisers' group."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(is_staff=True, groups__name=ORGANISER_GROUP))
        .distinct()
        .order_by("email")
    )


def require_organiser(user) -> None:
    if not is_organiser(user):
        raise PermissionDenied


def company_of(user) -> Company | None:
    """The company the user acts for, or None."""
    if not user.is_authenticated:
        return None
    try:
        return user.contact.company
    except CompanyContact.DoesNotExist:
        return None


def require_company(user) -> Company:
    company = company_of(user)
    if company is None:
        raise PermissionDenied
    return company


def get_entry_for_company_user(user, pk) -> Entry:
    """An entry of the user's own company, or 404 (another company's entry does not exist for them)."""
    company = company_of(user)
    if company is None:
        raise Http404
    try:
        return Entry.objects.select_related("category__edition", "company").get(pk=pk, company=company)
    except Entry.DoesNotExist as exc:
        raise Http404 from exc


def get_document_for_company_user(user, pk) -> EntryDocument:
    company = company_of(user)
    if company is None:
        raise Http404
    try:
        return EntryDocument.objects.select_related("entry__category__edition").get(
            pk=pk, entry__company=company
        )
    except EntryDocument.DoesNotExist as exc:
        raise Http404 from exc


def get_nda_acceptance_for_signer(user, pk) -> NdaAcceptance:
    """A signed NDA the user may download again, or 404: no one else may know it exists.

    The signer may, and so may the other contacts of the company they signed for (a participant's NDA binds
    the company); a judge's agreement (signed without a company) is the judge's alone.
    """
    if not user.is_authenticated:
        raise Http404
    company = company_of(user)
    mine = Q(user=user) | Q(company=company) if company is not None else Q(user=user)
    try:
        return NdaAcceptance.objects.select_related("version__edition", "company", "user").get(mine, pk=pk)
    except NdaAcceptance.DoesNotExist as exc:
        raise Http404 from exc


# --- Entries: what the edition's state and dates allow (used by the entry services and views) ---


def entry_is_editable(entry: Entry, now=None) -> bool:
    """A draft, or an entry the organisers returned, can be changed (fields and documents) until its deadline
    (the edition's registration close, later for an extension or a return) while the edition takes entries."""
    return entry.status in (Entry.Status.DRAFT, Entry.Status.RETURNED) and _before_deadline(entry, now)


def entry_can_submit(entry: Entry, now=None) -> bool:
    return entry_is_editable(entry, now)


def entry_can_withdraw(entry: Entry, now=None) -> bool:
    """A submitted or returned entry can be withdrawn by its entrant until its deadline."""
    return entry.status in (Entry.Status.SUBMITTED, Entry.Status.RETURNED) and _before_deadline(entry, now)


def _before_deadline(entry: Entry, now=None) -> bool:
    now = now or timezone.now()
    edition = entry.category.edition
    return window_open(edition=edition, deadline=entry_deadline(entry=entry, now=now), now=now)


def get_entry_for_review(user, slug: str, pk) -> Entry:
    """A submitted entry of the edition, for the organisers' review (403 for anyone else; 404 for a draft, an
    entry of another edition, or one that does not exist)."""
    edition = get_edition_for_organiser(user, slug)
    entry = entry_for_review(edition=edition, pk=pk)
    if entry is None:
        raise Http404
    return entry


def get_document_for_review(user, slug: str, pk) -> EntryDocument:
    edition = get_edition_for_organiser(user, slug)
    document = document_for_review(edition=edition, pk=pk)
    if document is None:
        raise Http404
    return document


# --- Award night (branch h6) ---

def get_published_edition(slug: str) -> Edition:
    """An edition whose winners are public, or 404 (before publication its results do not exist)."""
    try:
        return Edition.objects.get(slug=slug, state__in=lifecycle.states_where("published"))
    except Edition.DoesNotExist as exc:
        raise Http404 from exc


def get_edition_for_presenter(user, slug: str) -> Edition:
    """The presenter screen is for organisers (403 otherwise) and exists from the reveal on (404 before)."""
    require_organiser(user)
    try:
        return Edition.objects.get(slug=slug, state__in=lifecycle.states_where("results_known"))
    except Edition.DoesNotExist as exc:
        raise Http404 from exc


def get_edition_for_organiser(user, slug: str) -> Edition:
    require_organiser(user)
    try:
        return Edition.objects.get(slug=slug)
    except Edition.DoesNotExist as exc:
        raise Http404 from exc


def get_certificate_for_company_user(user, code: str) -> Award:
    """An award of the user's own company in a published edition, or 404."""
    company = company_of(user)
    if company is None:
        raise Http404
    try:
        return Award.objects.select_related("edition", "category", "entry__company").get(
            certificate_code=code, entry__company=company, edition__state__in=lifecycle.states_where("published")
        )
    except Award.DoesNotExist as exc:
        raise Http404 from exc


def get_category_for_organiser(user, slug: str, code: str):
    """A category of an edition, for organisers only (403 otherwise, 404 if either does not exist)."""
    edition = get_edition_for_organiser(user, slug)
    try:
        return Category.objects.select_related("edition").get(edition=edition, code=code)
    except Category.DoesNotExist as exc:
        raise Http404 from exc
