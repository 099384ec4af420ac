"""Reads for the organiser's assignments page: the final round, the panel members and assignments an organiser
may act on, a plan's preview with names."""

from django.db.models import QuerySet

from awards.models import Category, Edition, Entry
from judging.models import Assignment, Judge, PanelMember, Round
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
