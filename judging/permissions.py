"""Who may do what in judging. Views, templates and services ask these functions.

A judge only ever learns of entries assigned to them and not conflicted: anything else is a 404,
not even a count. Organisers see progress counts, never a value.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from awards.models import Edition, Entry
from awards.permissions import get_entry_for_company_user, is_organiser
from judging.models import Assignment, ConflictDeclaration, Judge, KeyHolder


def judge_for(user, edition: Edition) -> Judge | None:
    """The user's judge profile on this edition's panel, or None."""
    if not user.is_authenticated:
        return None
    return Judge.objects.filter(edition=edition, user=user).select_related("edition").first()


def is_judge(user) -> bool:
    return user.is_authenticated and Judge.objects.filter(user=user).exists()


# A key holder anywhere: of the active key, or named for a key not made yet (enrolling a holder key is a key
# holder's act).
_HOLDS_A_CURRENT_KEY = Q(ceremony__is_active=True) | Q(ceremony__made_at__isnull=True)


def is_key_holder(user, edition: Edition | None = None) -> bool:
    if not user.is_authenticated:
        return False
    if edition is not None:
        return KeyHolder.objects.filter(user=user, ceremony__is_active=True, ceremony__edition=edition).exists()
    return KeyHolder.objects.filter(user=user).filter(_HOLDS_A_CURRENT_KEY).exists()


def is_privileged(user) -> bool:
    """Organisers (and superusers), judges, key holders and assessors: the people who can see entries, scores,
    keys or the finalists' measured service.

    They sign in with two factors and their sessions time out sooner (``config.two_factor``,
    ``config.security``)."""
    return is_organiser(user) or is_judge(user) or is_key_holder(user) or is_assessor(user)


def account_is_privileged(user) -> bool:
    """Whose account changes an administrator's edit must report (``judging.services.identity``): organisers,
    superusers and other staff, judges, and key holders of any ceremony (active or not)."""
    if user is None or user.pk is None:
        return False
    return bool(
        user.is_staff
        or user.is_superuser
        or is_privileged(user)
        or KeyHolder.objects.filter(user_id=user.pk).exists()
    )


def judge_exists() -> Exists:
    """`is_judge` as a subquery on the outer query's user, for one-statement role
    lookups such as the navigation bar's."""
    return Exists(Judge.objects.filter(user_id=OuterRef("pk")))


def key_holder_exists() -> Exists:
    """`is_key_holder` (anywhere) as a subquery on the outer query's user."""
    return Exists(KeyHolder.objects.filter(user_id=OuterRef("pk")).filter(_HOLDS_A_CURRENT_KEY))


def entries_visible_to_judge(judge: Judge) -> QuerySet[Entry]:
    """Entries assigned to the judge (any round) and not conflicted."""
    conflicted = ConflictDeclaration.objects.filter(judge=judge, company_id=OuterRef("company_id"))
    assigned = Assignment.objects.filter(judge=judge, entry_id=OuterRef("pk"))
    return (
        Entry.objects.filter(category__edition=judge.edition)
        .filter(Exists(assigned))
        .exclude(Exists(conflicted))
        .select_related("category", "company")
    )


def get_entry_for_judge(user, pk) -> tuple[Judge, Entry]:
    """The entry and the user's judge profile, if the entry is assigned to them and not conflicted; else 404.

    Two plain queries (the entry; the user's judge on its edition, assigned to it and not conflicted with
    its company), without the models' default orderings, which join the tables they order by: these run
    on every judge page, and PostgreSQL spent more time planning the joined forms than running them.
    """
    if not user.is_authenticated:
        raise Http404
    # [:1] rather than first(), which would add an ORDER BY to compile and plan
    entries = Entry.objects.select_related("category__edition", "company").filter(pk=pk).order_by()[:1]
    if not entries:
        raise Http404
    entry = entries[0]
    judges = (
        Judge.objects.filter(user=user, edition_id=entry.category.edition_id, assignments__entry=entry)
        .exclude(conflicts__company_id=entry.company_id)
        .order_by()[:1]
    )
    if not judges:
        raise Http404
    judge = judges[0]
    judge.edition = entry.category.edition
    return judge, entry


def require_judging_organiser(user) -> None:
    if not is_organiser(user):
        raise PermissionDenied


# --- h3b: scoring and keys -------------------------------------------------------------------


def get_document_for_judge(user, pk):
    """An entry document, if its entry is assigned to the user and not conflicted, while judging; else 404."""
    from awards.models import EntryDocument

    document = EntryDocument.objects.select_related("entry").filter(pk=pk).first()
    if document is None:
        raise Http404
    _judge, entry = get_entry_for_judge(user, document.entry_id)
    if not entry.category.edition.phase.scoring_open:
        raise Http404
    return document


def key_holding_for(user, ceremony_id) -> KeyHolder:
    """The user's own key holding in a ceremony, or 404."""
    if not user.is_authenticated:
        raise Http404
    holding = KeyHolder.objects.select_related("ceremony__edition").filter(ceremony_id=ceremony_id, user=user).first()
    if holding is None:
        raise Http404
    return holding


# h3a (panel) -------------------------------------------------------------------------------------


def judge_agreement_missing(user, edition: Edition) -> bool:
    """True while the user has not signed the edition's current judges' confidentiality agreement.

    Judges' pages redirect to ``judging:agreement`` (with ``?next=``) while this is true.
    """
    from awards.selectors import nda_current_signed

    return not nda_current_signed(user=user, edition=edition, audience="judge")


def get_judge_or_404(user, edition: Edition) -> Judge:
    """The user's judge profile on this edition, or 404 (a judge of another edition learns nothing)."""
    judge = judge_for(user, edition)
    if judge is None:
        raise Http404
    return judge


# --- h5: seal, reveal, results, audit ---


def can_run_ceremony(user, edition: Edition) -> bool:
    """Organisers and the edition's key holders may open the reveal ceremony page."""
    return is_organiser(user) or is_key_holder(user, edition)


def get_edition_for_ceremony(user, slug: str) -> Edition:
    """The edition whose reveal ceremony page the user may open.

    Anyone who is neither an organiser nor a key holder gets 403 whatever the slug (a page they may not
    use: the answer must not tell an unpublished edition from a missing one); a key holder gets 404 for
    an edition whose key they do not hold.
    """
    if not (is_organiser(user) or is_key_holder(user)):
        raise PermissionDenied
    edition = Edition.objects.filter(slug=slug).first()
    if edition is None or not can_run_ceremony(user, edition):
        raise Http404
    return edition


def get_revealed_edition_for_organiser(user, slug: str) -> Edition:
    """The edition's results page: 404 for everyone before the reveal, then 403 for non-organisers."""
    edition = Edition.objects.filter(slug=slug).first()
    if edition is None or not edition.phase.results_known:  # before the reveal there are no results
        raise Http404
    require_judging_organiser(user)
    return edition


def get_entry_for_feedback(user, pk) -> Entry:
    """An entry of the user's own company in a published edition, for its feedback report, or 404.

    Organisers and judges have the award-night pack; before publication the report does not exist.
    """
    entry = get_entry_for_company_user(user, pk)
    if not entry.category.edition.phase.published:
        raise Http404
    return entry


# --- Assessors (mystery calls) ---------------------------------------------------------------------------


def assessor_for(user, edition: Edition):
    """The user's assessor profile on this edition, or None."""
    from judging.models import Assessor

    if not user.is_authenticated:
        return None
    return Assessor.objects.filter(edition=edition, user=user).select_related("edition").first()


def assessor_exists() -> Exists:
    """`is_assessor` as a subquery on the outer query's user (the navigation bar's)."""
    from judging.models import Assessor

    return Exists(Assessor.objects.filter(user_id=OuterRef("pk")))


def is_assessor(user) -> bool:
    from judging.models import Assessor

    return user.is_authenticated and Assessor.objects.filter(user=user).exists()


def get_assessor_or_404(user, edition: Edition):
    """The user's assessor profile on this edition, or 404: nobody else learns who measures the calls."""
    assessor = assessor_for(user, edition)
    if assessor is None:
        raise Http404
    return assessor


def entries_callable_by(assessor) -> QuerySet[Entry]:
    """The entries an assessor may call: the final round's entries (the finalists, when an earlier round made a
    shortlist; otherwise every submitted entry) of the corporate categories, without the companies the assessor
    declared a conflict with."""
    from awards.models import Category
    from judging.models import AssessorConflict
    from judging.selectors.rounds import finalist_entry_ids

    entries = Entry.objects.filter(category__edition=assessor.edition, status=Entry.Status.SUBMITTED).exclude(
        category__kind=Category.Kind.INDIVIDUAL
    )
    finalists = finalist_entry_ids(edition=assessor.edition)
    if finalists is not None:
        entries = entries.filter(pk__in=finalists)
    conflicted = AssessorConflict.objects.filter(assessor=assessor, company_id=OuterRef("company_id"))
    return entries.exclude(Exists(conflicted)).select_related("category", "company")


def get_entry_for_assessor(user, edition: Edition, pk):
    """The assessor and one entry they may call, or 404 (not an assessor, another edition, not a finalist,
    a conflicted company)."""
    assessor = get_assessor_or_404(user, edition)
    entry = entries_callable_by(assessor).filter(pk=pk).first()
    if entry is None:
        raise Http404
    return assessor, entry
