"""What the navigation bar needs to know about the signed-in user, in one query for every page.

It sits in `config` because it asks both apps (awards never imports judging). The links it shows are
conveniences only: every page still asks its app's permissions.
"""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection

from awards.models import CompanyContact
from awards.permissions import ORGANISER_GROUP, organiser_by_standing
from judging.models import Judge, KeyCeremony, KeyHolder

ANONYMOUS = {"nav_is_organiser": False, "nav_company": False, "nav_is_judge": False, "nav_is_key_holder": False}


@cache
def _roles_sql() -> str:
    """Four EXISTS in one statement, written out: the ORM took ~2.5 ms of Python to build this query on every
    page (PostgreSQL runs it in under 0.1 ms). Table and column names come from the models."""

    def table(model):
        return connection.ops.quote_name(model._meta.db_table)

    memberships = get_user_model().groups.through
    # Only table names from the models are interpolated; the user and the group name are parameters.
    return (
        "SELECT "  # noqa: S608
        f"EXISTS(SELECT 1 FROM {table(memberships)} m INNER JOIN {table(Group)} g ON g.id = m.group_id "
        "WHERE m.user_id = %(user)s AND g.name = %(group)s), "
        f"EXISTS(SELECT 1 FROM {table(CompanyContact)} c WHERE c.user_id = %(user)s), "
        f"EXISTS(SELECT 1 FROM {table(Judge)} j WHERE j.user_id = %(user)s), "
        f"EXISTS(SELECT 1 FROM {table(KeyHolder)} k INNER JOIN {table(KeyCeremony)} kc ON kc.id = k.ceremony_id "
        "WHERE k.user_id = %(user)s AND (kc.is_active OR kc.made_at IS NULL))"
    )


def navigation(request):
    user = request.user
    if not user.is_authenticated:
        return ANONYMOUS
    with connection.cursor() as cursor:
        cursor.execute(_roles_sql(), {"user": user.pk, "group": ORGANISER_GROUP})
        in_organiser_group, company, judge, key_holder = (bool(flag) for flag in cursor.fetchone())
    return {
        "nav_is_organiser": organiser_by_standing(user, in_organiser_group=in_organiser_group),
        "nav_is_judge": judge,
        "nav_company": company,
        "nav_is_key_holder": key_holder,
    }
