"""What the navigation bar needs to know about the signed-in user, in one query for every page.

It sits in `config` because it asks both apps (awards never imports judging). Each app's `permissions.py`
gives its roles as subqueries (`Exists`); this module only puts them in one statement. The links it shows
are conveniences only: every page still asks its app's permissions.
"""

import time
from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection

from awards.permissions import company_contact_exists, in_organiser_group_exists, organiser_by_standing
from config import navigation_roles
from judging.permissions import assessor_exists, judge_exists, key_holder_exists

ANONYMOUS = {
    "nav_is_organiser": False, "nav_company": False, "nav_is_judge": False, "nav_is_key_holder": False,
    "nav_is_assessor": False,
}
ROLES_COUNT = 5

# Stands for the user's id while the statement is compiled; replaced by the real id on each page. It must fit
# the user id's column (auth.User has a 32-bit AutoField): out of range, Django compiles no statement at all
# on PostgreSQL (EmptyResultSet), while SQLite's 64-bit integers would hide the mistake.
_USER_PLACEHOLDER = -1_999_999_937


@cache
def _roles_statement() -> tuple[str, tuple]:
    """The roles' subqueries on the user's row, compiled once per process: the ORM takes ~2.5 ms of
    Python to build this query (PostgreSQL runs it in under 0.1 ms), so each page only binds the user's id."""
    query = (
        get_user_model()
        .objects.filter(pk=_USER_PLACEHOLDER)
        .order_by()
        .values_list(
            in_organiser_group_exists(),
            company_contact_exists(),
            judge_exists(),
            key_holder_exists(),
            assessor_exists(),
        )
    )
    sql, params = query.query.sql_with_params()
    if sum(param == _USER_PLACEHOLDER for param in params) != 1:
        raise RuntimeError("the navigation's roles statement must take the user's id exactly once")
    return sql, tuple(params)


def _roles_read(user) -> list[bool]:
    sql, params = _roles_statement()
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk if param == _USER_PLACEHOLDER else param for param in params])
        row = cursor.fetchone()
    return [bool(flag) for flag in row] if row else [False] * ROLES_COUNT


def _roles_of(request) -> list[bool]:
    """The roles kept in the session (config.navigation_roles), read again when they are missing, belong to
    someone else or are older than REFRESH_SECONDS."""
    user, session = request.user, getattr(request, "session", None)
    now = int(time.time())
    kept = session.get(navigation_roles.SESSION_KEY) if session is not None else None
    # A session kept by an older version holds fewer roles: read them again.
    if (kept and kept[0] == user.pk and 0 <= now - kept[1] < navigation_roles.REFRESH_SECONDS
            and len(kept[2]) == ROLES_COUNT):
        return kept[2]
    roles = _roles_read(user)
    if session is not None:
        session[navigation_roles.SESSION_KEY] = [user.pk, now, roles]
    return roles


def navigation(request):
    user = request.user
    if not user.is_authenticated:
        return ANONYMOUS
    in_organiser_group, company, judge, key_holder, assessor = _roles_of(request)
    return {
        "nav_is_organiser": organiser_by_standing(user, in_organiser_group=in_organiser_group),
        "nav_is_judge": judge,
        "nav_company": company,
        "nav_is_key_holder": key_holder,
        "nav_is_assessor": assessor,
    }
