"""Reads shared by several views."""

from dataclasses import dataclass

from django.db.models import BooleanField, Count, Exists, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone

from awards import lifecycle
from awards.award_texts import award_label_en, award_label_id
from awards.eligibility import company_may_enter
from awards.models import (
    AuditEvent,
    Award,
    Category,
    Company,
    CompanyContact,
    CompanyInvitation,
    Edition,
    Entry,
    NdaAcceptance,
    NdaVersion,
    OutboxMessage,
    Profile,
)


def editions_public() -> QuerySet[Edition]:
    """Editions the public may know about: every edition past its draft."""
    return Edition.objects.filter(state__in=lifecycle.states_where("announced")).order_by("-year", "name")


def edition_open_for_entries() -> Edition | None:
    """The newest edition a company can enter now (registration open by its state and its dates)."""
    now = timezone.now()
    return (
        Edition.objects.filter(
            state__in=lifecycle.states_where("registration_open"), registration_opens__lte=now,
            registration_closes__gt=now,
        )
        .order_by("-year")
        .first()
    )


def edition_current() -> Edition | None:
    """The edition participants work in: the newest one open for registration, else the newest public one."""
    open_edition = (
        Edition.objects.filter(state__in=lifecycle.states_where("registration_open")).order_by("-year").first()
    )
    return open_edition or editions_public().first()


def _versions_newest_first(*, edition: Edition, audience: str) -> QuerySet[NdaVersion]:
    return NdaVersion.objects.filter(edition=edition, audience=audience, published_at__isnull=False).order_by(
        "-published_at", "-pk"
    )


def nda_current(*, edition: Edition, audience: str) -> NdaVersion | None:
    """The latest published NDA version of an edition for participants or judges."""
    return _versions_newest_first(edition=edition, audience=audience).first()


def nda_acceptance_current(*, user, edition: Edition, audience: str) -> NdaAcceptance | None:
    """The user's signature of the current version, or None (a new version asks again). One query."""
    if not user.is_authenticated:
        return None
    current = _versions_newest_first(edition=edition, audience=audience).values("pk")[:1]
    # at most one row (one signature per version and user): get() needs no ORDER BY, as first() would
    try:
        return NdaAcceptance.objects.get(version=Subquery(current), user=user)
    except NdaAcceptance.DoesNotExist:
        return None


def nda_current_signed(*, user, edition: Edition, audience: str) -> bool:
    """Whether the user signed the current version (as `nda_acceptance_current`, in one query)."""
    if not user.is_authenticated:
        return False
    current = _versions_newest_first(edition=edition, audience=audience).values("pk")[:1]
    return NdaAcceptance.objects.filter(version=Subquery(current), user=user).exists()


def nda_current_signed_exists(*, user_id: int, edition_ref: str, audience: str) -> Exists:
    """`nda_current_signed` as a subquery: whether the user signed the current version of the NDA of the edition
    whose id is the outer query's `edition_ref`, read in the outer query's statement (no version kept anywhere
    that could go stale when a new version is published)."""
    current = (
        NdaVersion.objects.filter(edition_id=OuterRef(OuterRef(edition_ref)), audience=audience,
                                  published_at__isnull=False)
        .order_by("-published_at", "-pk")
        .values("pk")[:1]
    )
    return Exists(NdaAcceptance.objects.filter(version_id=Subquery(current), user_id=user_id))


def nda_acceptance_latest(*, user, edition: Edition, audience: str) -> NdaAcceptance | None:
    """The user's most recent signature of any version of an edition's NDA, or None."""
    if not user.is_authenticated:
        return None
    return (
        NdaAcceptance.objects.filter(user=user, version__edition=edition, version__audience=audience)
        .select_related("version")
        .order_by("-accepted_at", "-pk")
        .first()
    )


def company_invitation_for_token(*, token: str) -> CompanyInvitation | None:
    return CompanyInvitation.objects.select_related("company").filter(token=token).first()


def company_members(*, company: Company) -> QuerySet[CompanyContact]:
    return company.contacts.select_related("user").order_by("created_at", "pk")


def company_invitations_pending(*, company: Company) -> QuerySet[CompanyInvitation]:
    return company.invitations.filter(accepted_at__isnull=True, expires_at__gt=timezone.now()).order_by(
        "-created_at", "-pk"
    )


# --- Organiser dashboard -------------------------------------------------------------------------
# Each function below runs a fixed number of queries, however many entries or companies there are.


def _participant_signed(*, version: NdaVersion | None, company_ref: str):
    """Exists(): someone signed `version` for the company at `company_ref` (or as one of its contacts)."""
    if version is None:
        return Value(False, output_field=BooleanField())
    company = OuterRef(company_ref)
    return Exists(
        NdaAcceptance.objects.filter(version=version).filter(Q(company=company) | Q(user__contact__company=company))
    )


def audit_events_newest_first() -> QuerySet[AuditEvent]:
    return AuditEvent.objects.select_related("edition").order_by("-seq")


def company_fresh(*, company: Company) -> Company:
    """A fresh copy of the company from the database (a form may write into it while the page shows the original)."""
    return Company.objects.get(pk=company.pk)


def categories_with_edition() -> QuerySet[Category]:
    return Category.objects.select_related("edition")


def editions_by_year() -> QuerySet[Edition]:
    """Every edition, drafts included, newest first."""
    return Edition.objects.order_by("-year", "name")


def organiser_editions() -> QuerySet[Edition]:
    """Every edition, drafts included, with its number of categories and of entries by status."""
    return Edition.objects.annotate(
        category_count=Count("categories", distinct=True),
        submitted_count=Count("categories__entries", filter=Q(categories__entries__status=Entry.Status.SUBMITTED)),
        draft_count=Count("categories__entries", filter=Q(categories__entries__status=Entry.Status.DRAFT)),
    ).order_by("-year", "name")


def organiser_category_registrations(*, edition: Edition) -> QuerySet[Category]:
    """The edition's categories with the number of draft, submitted and withdrawn entries in each."""
    return edition.categories.annotate(
        draft_count=Count("entries", filter=Q(entries__status=Entry.Status.DRAFT)),
        submitted_count=Count("entries", filter=Q(entries__status=Entry.Status.SUBMITTED)),
        withdrawn_count=Count("entries", filter=Q(entries__status=Entry.Status.WITHDRAWN)),
    ).order_by("ceremony_order", "code")


def organiser_companies_nda(*, edition: Edition, version: NdaVersion | None, signed: bool) -> QuerySet[Company]:
    """The companies that have a contact or an entry in the edition and have (`signed`) or have not signed
    `version` (the edition's current participant NDA, see nda_current), by name. Signed companies carry
    `signer_name` and `signed_at` of their first signature. Slice it."""
    companies = Company.objects.filter(
        Exists(CompanyContact.objects.filter(company=OuterRef("pk")))
        | Exists(Entry.objects.filter(company=OuterRef("pk"), category__edition=edition))
    ).annotate(nda_signed=_participant_signed(version=version, company_ref="pk"))
    companies = companies.filter(nda_signed=signed)
    if version is not None and signed:
        first_signature = (
            NdaAcceptance.objects.filter(version=version)
            .filter(Q(company=OuterRef("pk")) | Q(user__contact__company=OuterRef("pk")))
            .order_by("accepted_at", "pk")
        )
        companies = companies.annotate(
            signer_name=Subquery(first_signature.values("signer_name")[:1]),
            signed_at=Subquery(first_signature.values("accepted_at")[:1]),
        )
    return companies.order_by("legal_name", "pk")


def organiser_entries(
    *, edition: Edition, version: NdaVersion | None, category: Category | None = None, status: str = ""
) -> QuerySet[Entry]:
    """Every entry of the edition (of `category`, with `status`, when given) with its company, category, number of
    documents and whether the company signed `version` (the edition's current participant NDA, see nda_current)
    as `nda_signed`."""
    entries = Entry.objects.filter(category__edition=edition)
    if category is not None:
        entries = entries.filter(category=category)
    if status:
        entries = entries.filter(status=status)
    return (
        entries
        .select_related("company", "category__edition")
        .annotate(
            document_count=Count("documents"),
            nda_signed=_participant_signed(version=version, company_ref="company"),
        )
        .order_by("category__ceremony_order", "category__code", "company__legal_name", "pk")
    )
# --- Participants: the company dashboard ---


def company_entries(*, company: Company, edition: Edition) -> QuerySet[Entry]:
    """The company's entries in an edition, with their category and document count (one query)."""
    return (
        Entry.objects.filter(company=company, category__edition=edition)
        .select_related("category")
        .annotate(document_count=Count("documents"))
        .order_by("category__ceremony_order", "category__code", "pk")
    )


@dataclass(frozen=True)
class CategoryOption:
    """A category a company may enter, with how many of its places the company has used."""

    category: Category
    used: int

    @property
    def remaining(self) -> int:
        return max(self.category.max_entries_per_company - self.used, 0)

    @property
    def can_enter(self) -> bool:
        return self.remaining > 0


def category_fits_company(*, category: Category, company: Company) -> bool:
    """The seat-size class: blank means any company, otherwise it must be the company's class."""
    return not category.seat_class or category.seat_class == company.seat_class


def categories_open_for_company(*, company: Company, edition: Edition, now=None) -> list[CategoryOption]:
    """Categories open to the company now (registration open, seat class fits), with places used.

    Withdrawn entries give their place back. One query whatever the number of categories.
    """
    if not company_may_enter(company=company, edition=edition, now=now):
        return []
    categories = (
        Category.objects.filter(edition=edition)
        .filter(Q(seat_class="") | Q(seat_class=company.seat_class))
        .annotate(
            used=Count("entries", filter=Q(entries__company=company) & ~Q(entries__status=Entry.Status.WITHDRAWN))
        )
        .order_by("ceremony_order", "code")
    )
    return [CategoryOption(category=category, used=category.used) for category in categories]


# --- Award night (branch h6): results as the public, the stage and the certificates read them. ---

FINALISTS_LIST_ALL_UP_TO = 8


@dataclass(frozen=True)
class AwardLine:
    """One award with its bilingual wording, ready for a template or the presenter's JSON."""

    award: Award
    label_id: str
    label_en: str

    @property
    def company_name(self) -> str:
        return self.award.entry.company.legal_name

    @property
    def nominee(self) -> str:
        return self.award.entry.nominee_name if self.award.category.is_individual else ""


@dataclass(frozen=True)
class CategoryResults:
    category: Category
    awards: list[AwardLine]
    finalists: list[Entry]

    @property
    def announce(self) -> list[AwardLine]:
        """The awards in the order they are announced: lowest place first, the winner last."""
        return sorted(self.awards, key=lambda line: (-line.award.rank, line.company_name))


def award_line(*, award: Award) -> AwardLine:
    return AwardLine(award=award, label_id=award_label_id(award), label_en=award_label_en(award))


def awards_in_running_order(*, edition: Edition) -> QuerySet[Award]:
    """Every award of the edition in ceremony order: category ceremony_order, then rank."""
    return (
        Award.objects.filter(edition=edition)
        .select_related("edition", "category", "entry__company")
        .order_by("category__ceremony_order", "category__code", "rank", "entry__company__legal_name", "pk")
    )


def results_by_category(*, edition: Edition, with_finalists: bool = False) -> list[CategoryResults]:
    """Categories in ceremony order with their awards (and, for the stage, their finalists).

    Finalists: every submitted entry of the category when there are at most FINALISTS_LIST_ALL_UP_TO
    of them (a master of ceremonies can read that many names), otherwise only the awarded entries.
    Either way in alphabetical order of company, then nominee. Categories without any award are left
    out: nothing is announced for them.
    """
    lines: dict[int, list[AwardLine]] = {}
    categories: dict[int, Category] = {}
    for award in awards_in_running_order(edition=edition):
        lines.setdefault(award.category_id, []).append(award_line(award=award))
        categories.setdefault(award.category_id, award.category)
    submitted: dict[int, list[Entry]] = {}
    if with_finalists:
        entries = Entry.objects.filter(
            category_id__in=list(categories), status=Entry.Status.SUBMITTED
        ).select_related("company", "category")
        for entry in entries:
            submitted.setdefault(entry.category_id, []).append(entry)
    results = []
    for category_id, category_lines in lines.items():
        finalists: list[Entry] = []
        if with_finalists:
            pool = submitted.get(category_id, [])
            awarded = {line.award.entry for line in category_lines}
            if not pool or len(pool) > FINALISTS_LIST_ALL_UP_TO:
                pool = list(awarded)
            else:
                pool = list({*pool, *awarded})
            finalists = sorted(pool, key=lambda entry: (entry.company.legal_name.casefold(), entry.nominee_name))
        results.append(CategoryResults(category=categories[category_id], awards=category_lines, finalists=finalists))
    return results


def award_published_by_code(*, code: str) -> Award | None:
    """The award a certificate code names, once its edition is published; None otherwise."""
    return (
        Award.objects.filter(
            certificate_code=code.strip().upper(), edition__state__in=lifecycle.states_where("published")
        )
        .select_related("edition", "category", "entry__company")
        .first()
    )


def company_awards_published(*, company: Company) -> list[AwardLine]:
    """The company's awards in published editions, newest edition first, for its dashboard."""
    awards = (
        Award.objects.filter(entry__company=company, edition__state__in=lifecycle.states_where("published"))
        .select_related("edition", "category", "entry__company")
        .order_by("-edition__year", "edition__name", "category__ceremony_order", "rank", "pk")
    )
    return [award_line(award=award) for award in awards]


# The stage speaks both languages at once (Indonesian, English beneath): fixed data, not messages.
PRESENTER_LABELS = {
    "category": ["Kategori", "Category"],
    "of": ["dari", "of"],
    "finalists": ["Para Finalis", "The finalists"],
    "winners": ["Para Pemenang", "The winners"],
    "welcome": ["Malam Penganugerahan", "Award Night"],
    "closing": ["Selamat kepada para pemenang", "Congratulations to all the winners"],
}


def presenter_data(*, edition: Edition, results: list[CategoryResults]) -> dict:
    """What the stage shows, as plain data for the presenter's script: no score ever goes in."""
    categories = []
    for result in results:
        category = result.category
        categories.append(
            {
                "name_id": category.name_id,
                "name_en": category.name_en,
                "finalists": [
                    {
                        "company": entry.company.legal_name,
                        "nominee": entry.nominee_name if category.is_individual else "",
                    }
                    for entry in result.finalists
                ],
                "awards": [
                    {
                        "label_id": line.label_id,
                        "label_en": line.label_en,
                        "kind": line.award.kind,
                        "company": line.company_name,
                        "nominee": line.nominee,
                    }
                    for line in result.announce
                ],
            }
        )
    return {"edition": edition.name, "year": edition.year, "labels": PRESENTER_LABELS, "categories": categories}


def company_feedback_entries(*, company: Company) -> list[Entry]:
    """The company's judged entries in published editions (each has a feedback report), newest edition first."""
    return list(
        Entry.objects.filter(
            company=company,
            status=Entry.Status.SUBMITTED,
            category__edition__state__in=lifecycle.states_where("published"),
        )
        .select_related("category__edition")
        .order_by("-category__edition__year", "category__edition__name", "category__ceremony_order", "pk")
    )


def company_signed_agreements(*, company: Company, except_edition: Edition | None = None) -> list[NdaAcceptance]:
    """The participant NDAs signed for the company, newest first, for its dashboard: a signed copy stays
    downloadable after the next edition takes the dashboard's edition box (which shows that edition's own)."""
    acceptances = NdaAcceptance.objects.filter(company=company, version__audience=NdaVersion.Audience.PARTICIPANT)
    if except_edition is not None:
        acceptances = acceptances.exclude(version__edition=except_edition)
    return list(acceptances.select_related("version__edition").order_by("-accepted_at", "-pk"))


def outbox_due_ids(*, now=None) -> list[int]:
    """Queued messages whose next attempt is due and that no live delivery holds (for `outbox_retry`)."""
    now = now or timezone.now()
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    return list(
        OutboxMessage.objects.filter(free, status=OutboxMessage.Status.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)
    )


def outbox_messages(*, status: str = "") -> QuerySet[OutboxMessage]:
    """The organisers' outbox page: newest first, optionally one status; the body is never read here."""
    messages = OutboxMessage.objects.select_related("edition").defer("body_encrypted").order_by("-created_at", "-pk")
    if status:
        messages = messages.filter(status=status)
    return messages


def outbox_counts() -> dict[str, int]:
    """How many messages are in each status (every status present, zero when none)."""
    counts = dict.fromkeys(OutboxMessage.Status.values, 0)
    for row in OutboxMessage.objects.values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    return counts


def entry_number_next(*, edition: Edition) -> int:
    """The next entry number of the edition (the caller holds the edition's row lock)."""
    highest = Entry.objects.filter(category__edition=edition).aggregate(highest=Max("number"))["highest"]
    return (highest or 0) + 1


# --- The organiser's edition setup pages ---


def organiser_nda_versions(*, edition: Edition) -> QuerySet[NdaVersion]:
    """Every agreement version of the edition (drafts first, then published newest first, per audience), with its
    number of signatures."""
    return (
        NdaVersion.objects.filter(edition=edition)
        .annotate(signature_count=Count("acceptances"))
        .order_by("audience", "-published_at", "-pk")
    )


def nda_draft_initial(*, edition: Edition, audience: str) -> dict:
    """The texts a new version starts from: the newest version of that agreement, or nothing."""
    latest = NdaVersion.objects.filter(edition=edition, audience=audience).order_by("-published_at", "-pk").first()
    if latest is None:
        return {"audience": audience, "version_label": "1"}
    return {
        "audience": audience,
        "title_id": latest.title_id,
        "title_en": latest.title_en,
        "text_id": latest.text_id,
        "text_en": latest.text_en,
    }


def outbox_oldest_queued_at():
    """When the oldest e-mail still waiting to go out was queued (None when none waits): the health endpoint's
    measure of mail that is not leaving (the mail server down, or no worker)."""
    return (
        OutboxMessage.objects.filter(status=OutboxMessage.Status.QUEUED)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )


def user_languages(*, user_ids) -> dict[int, str]:
    """Each user's preferred language ("id" or "en") by user id; users whose language is not known are left out."""
    return dict(
        Profile.objects.filter(user_id__in=list(user_ids)).exclude(language="").values_list("user_id", "language")
    )


def user_language(*, user) -> str:
    """The user's preferred language, "" when not known (a profile loaded with select_related costs no query)."""
    profile = getattr(user, "profile", None)  # a reverse one-to-one that does not exist raises AttributeError
    return profile.language if profile is not None else ""
