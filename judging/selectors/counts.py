"""Counting rows in a subquery, for list pages that show a count per row."""

from django.db.models import F, Func, IntegerField, Subquery


def count_of(queryset) -> Subquery:
    """The number of rows of `queryset` (filtered on an OuterRef) as a subquery: `SELECT COUNT(*) ... WHERE ...`
    with no GROUP BY. A grouped subquery with LIMIT 1 (the usual ORM idiom) makes PostgreSQL's planner expect to
    read a fraction of the table and pick a scan of all of it for every outer row."""
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"),
        output_field=IntegerField(),
    )
