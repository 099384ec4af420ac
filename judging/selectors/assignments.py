"""Reads for the organiser's assignments page: the final round, the panel members and assignments an organiser
may act on, a plan's preview with names."""

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from awards.models import Category, Edition, Entry
from judging.models import Assignment, ConflictDeclaration, Judge, PanelMember, Round
from judging.selectors.counts import count_of
from judging.services.assignment_plan import Plan


def final_round_of(*, edition: Edition) -> Round | None:
    """The edition's final round, if it has been made."""
    return Round.objects.filter(edition=edition, is_final=True).order_by("number").first()


def panel_members_of(*, edition: Edition) -> QuerySet[PanelMember]:
    return PanelMember.objects.filter(category__edition=edition)


def assignments_of_edition(*, edition: Edition) -> QuerySet[Assignment]:
    return Assignment.objects.select_related("round", "entry", "judge").filter(round__edition=edition)


def plan_described(*, plan: Plan) -> dict:
    """The plan with names, for the preview table (two queries)."""
    entry_ids = {e for c in plan.categories for e, _j in (*c.add, *c.remove)}
    judge_ids = {j for c in plan.categories for _e, j in (*c.add, *c.remove)}
    entries = Entry.objects.select_related("category", "company").in_bulk(entry_ids)
    judges = Judge.objects.in_bulk(judge_ids)
    categories = Category.objects.in_bulk([c.category_id for c in plan.categories])
    return {
        "signed": plan.sign(),
        "empty": plan.is_empty,
        "add_count": plan.add_count,
        "remove_count": plan.remove_count,
        "categories": [
            {
                "category": categories[c.category_id],
                "keep_count": len(c.keep),
                "add": [(entries[e], judges[j]) for e, j in c.add],
                "remove": [(entries[e], judges[j]) for e, j in c.remove],
                "shortfalls": c.shortfalls,
            }
            for c in plan.categories
        ],
    }


# The assignments page: a summary per category, then one category's entries a page at a time -------------------

ENTRIES_PER_PAGE = 20
JUDGES_SHOWN = 12  # per entry in the list; the entry's own view (filter `entry`) shows all of them


def _conflicted():
    """Whether the assignment's judge declared a conflict with its entry's company (the assignment should go)."""
    return Exists(
        ConflictDeclaration.objects.filter(judge_id=OuterRef("judge_id"), company_id=OuterRef("entry__company_id"))
    )


def _assignable() -> QuerySet[Entry]:
    """The entries that can be assigned: submitted and accepted for judging."""
    return Entry.objects.filter(status=Entry.Status.SUBMITTED, accepted_at__isnull=False)


def _submitted(edition: Edition) -> QuerySet[Entry]:
    return _assignable().filter(category__edition=edition)


def _with_assigned_count(entries: QuerySet[Entry], round_id: int | None) -> QuerySet[Entry]:
    return entries.annotate(
        assigned_count=count_of(Assignment.objects.filter(round_id=round_id, entry_id=OuterRef("pk")))
    )


def _in_round(round_id: int | None) -> Q:
    """The panel members sitting in the round: those of every round and those of this one."""
    return Q(round__isnull=True) | Q(round_id=round_id)


def _taken(entries: QuerySet[Entry], entry_ids: set[int] | None) -> QuerySet[Entry]:
    """Only the entries the round takes (``entry_ids``; None: every accepted entry)."""
    return entries if entry_ids is None else entries.filter(pk__in=entry_ids)


def assignment_summary(
    *, edition: Edition, round_id: int | None, entry_ids: set[int] | None = None
) -> QuerySet[Category]:
    """Every category of the edition with, counted in the database: the accepted entries the round takes, its
    panel in the round, the assignments of the round, the entries below the category's minimum of judges and
    the assignments a conflict broke (one query)."""
    round_assignments = Assignment.objects.filter(round_id=round_id, entry__category_id=OuterRef("pk"))
    assignable = _taken(_assignable(), entry_ids)
    short = _with_assigned_count(assignable.filter(category_id=OuterRef("pk")), round_id).filter(
        assigned_count__lt=OuterRef("min_judges")
    )
    return (
        Category.objects.filter(edition=edition)
        .annotate(
            entry_count=count_of(assignable.filter(category_id=OuterRef("pk"))),
            panel_count=count_of(PanelMember.objects.filter(_in_round(round_id), category_id=OuterRef("pk"))),
            assignment_count=count_of(round_assignments),
            short_count=count_of(short),
            conflict_count=count_of(round_assignments.filter(_conflicted())),
        )
        .order_by("ceremony_order", "code")
    )


def assignment_entries(
    *,
    edition: Edition,
    round_id: int | None,
    category: Category | None = None,
    judge: Judge | None = None,
    short: bool = False,
    conflicts: bool = False,
    entry: Entry | None = None,
    entry_ids: set[int] | None = None,
) -> QuerySet[Entry]:
    """The submitted entries the filters keep (a category; those `judge` is assigned to; those below their
    category's minimum; those with an assignment a conflict broke), in category then number order, each with
    `assigned_count` and its round's assignments as `round_assignments` (each with `conflicted`; the first
    JUDGES_SHOWN unless one `entry` is asked for). Slice it: the assignments are read for the slice only (two
    queries)."""
    entries = _with_assigned_count(_taken(_submitted(edition), entry_ids), round_id).select_related(
        "company", "category"
    )
    if entry is not None:
        entries = entries.filter(pk=entry.pk)
    if category is not None:
        entries = entries.filter(category=category)
    if judge is not None:
        entries = entries.filter(
            Exists(Assignment.objects.filter(round_id=round_id, entry_id=OuterRef("pk"), judge=judge))
        )
    if short:
        entries = entries.filter(assigned_count__lt=F("category__min_judges"))
    if conflicts:
        entries = entries.filter(
            Exists(Assignment.objects.filter(round_id=round_id, entry_id=OuterRef("pk")).filter(_conflicted()))
        )
    assignments = (
        Assignment.objects.filter(round_id=round_id)
        .select_related("judge")
        .only("id", "round_id", "entry_id", "judge_id", "judge__id", "judge__pseudonym")
        .annotate(conflicted=_conflicted())
        .order_by("judge__pseudonym")
    )
    if entry is None:  # the list shows the first judges of each entry; the entry's own view all of them
        assignments = assignments[:JUDGES_SHOWN]
    return entries.prefetch_related(
        Prefetch("assignments", queryset=assignments, to_attr="round_assignments")
    ).order_by("category__ceremony_order", "category__code", "number", "pk")


def panel_of(*, category: Category, round_id: int | None = None) -> QuerySet[PanelMember]:
    """The category's panel sitting in the round (members of every round and of this one)."""
    return (
        PanelMember.objects.filter(_in_round(round_id), category=category)
        .select_related("judge", "round")
        .order_by("judge__pseudonym")
    )
