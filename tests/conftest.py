import pytest


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Uploaded files go to a fresh folder per test, never the developer's var/private."""
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.PRIVATE_FILES_ROOT = settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Argon2 is the production hasher; tests hash many passwords and only need them to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background tasks run at once, in the test's own process and transaction (django-tasks' immediate
    backend), so a test sees their effect right after the call that queued them. Tests of the worker itself
    use `task_worker`, which stores tasks in the database as production does."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def task_worker(settings, monkeypatch):
    """Tasks are stored by the database backend, as in production, and run only when the test calls
    `task_worker()`: the real `manage.py db_worker --batch` runs every task that is due, then returns how many
    task rows it finished.

    The worker closes old database connections between tasks; inside a test's transaction Django closes the
    connection itself (on PostgreSQL: the test's data goes with it), so here that step does nothing."""
    import signal

    import django_tasks_db.management.commands.db_worker as db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    # The worker closes "old" connections between tasks, as Django does between requests; the test's connection
    # holds the test's transaction (on PostgreSQL closing it would lose the test's rows), so it stays open.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}

    def run() -> int:
        before = DBTaskResult.objects.filter(finished_at__isnull=False).count()
        try:
            call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0",
                         verbosity=0)
        finally:  # the worker installs its own SIGINT/SIGTERM handlers; pytest's come back
            for number, handler in handlers.items():
                signal.signal(number, handler)
        return DBTaskResult.objects.filter(finished_at__isnull=False).count() - before

    return run


@pytest.fixture(autouse=True)
def _fresh_cache(request, settings):
    """Each test starts with an empty cache: allauth remembers used one-time codes and rate limits there, per
    user id, and ids repeat from one test to the next.

    The cache is the database table (config/cache.py): its rows live in each test's transaction and go with
    it, so only a test that commits (transactional_db, live_server) clears it, at its end. Any other cache
    (a test that sets one) is cleared before and after."""
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    for alias in caches:  # the per-server cache (rubrics' criteria by id and version): ids repeat between tests
        if alias != "default":
            caches[alias].clear()
    cache = caches["default"]
    in_database = isinstance(cache, DatabaseCache)
    if not in_database:
        cache.clear()
    yield
    commits = {"transactional_db", "live_server"} & set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if not in_database or commits or (marker and marker.kwargs.get("transaction")):
        cache.clear()


# --- The standing cast (tests/cast.py) ----------------------------------------------------------------


@pytest.fixture
def cast(db):
    """The standing cast (tests/cast.py `Cast`): carol the organiser, an admin, mallory the outsider, alice and
    bob the judges (bob conflicted with company A), companies A and B with their contacts, three key holders."""
    from tests.cast import Cast

    return Cast()


@pytest.fixture
def edition_in(cast):
    """`edition_in("sealed")`: an edition of the cast in that state (tests/cast.py `Cast.edition_in`)."""
    return cast.edition_in


@pytest.fixture
def world(cast):
    """The cast's edition in `judging` before anyone has scored: alice and bob assigned to entries A and B."""
    return cast.edition_in("judging", scored=False)


@pytest.fixture
def panel_world(cast):
    """The cast's edition during registration with both entries submitted, alice and bob on the category's
    panel (agreement signed, not assigned yet) and the final round made."""
    return cast.edition_in("registration", submitted=True, panel=True)


@pytest.fixture(scope="session", autouse=True)
def _no_straggling_connections_at_the_end(django_db_setup, django_db_blocker):
    """PostgreSQL refuses to drop a test database while another session uses it. Tests start real processes
    (workers, servers, killed exports); one killed at the end may leave its connection open a moment longer
    than the run. Before the test database is dropped, any such straggler is ended."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
