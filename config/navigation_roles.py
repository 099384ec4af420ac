"""The navigation bar's roles kept in the session, so that most pages need no statement for them.

`config.context_processors.navigation` reads the four roles (organiser, company contact, judge, key holder) in
one statement and keeps them in the session with the time they were read. They are read again:
- after REFRESH_SECONDS, so a role that someone else gives or takes (an organiser adding a judge, a company
  removing a contact) shows within that time, on every server (the session lives in the database);
- at once when the signed-in person changes their own roles: the views that do so (registering a company,
  joining a company's team or a panel) call `navigation_forget`;
- when another person signs in on the session (the kept roles name the user they belong to).

They are conveniences only: every page still asks its app's permissions, so a link shown a minute too long
leads to a refusal, never to a page the person may not see.

No app is imported here: awards and judging views call `navigation_forget` without importing each other.
"""

SESSION_KEY = "_nav_roles"
REFRESH_SECONDS = 60


def navigation_forget(request) -> None:
    """The signed-in person's roles changed in this request: the next page reads them afresh."""
    session = getattr(request, "session", None)
    if session is not None and SESSION_KEY in session:
        del session[SESSION_KEY]
