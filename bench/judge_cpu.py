"""CPU time per request of the judge pages' mix, measured in one process: `python bench/judge_cpu.py`.

On a shared machine wall-clock requests per second say more about the other processes than about the code; the
CPU a request costs does not (much). This serves the same mix as `make bench`'s load (bench/run.py: 20 signed-in
judges, the next judge's session on each request, the scorecard GET alternating with a draft POST, in the Lua
script's order) straight through the WSGI application, as a gunicorn worker would call it, with the same
production settings (`bench.settings`, DEBUG off, persistent database connections, PostgreSQL), and prints:

- the process's CPU milliseconds per GET, per POST and per request of the mix (`time.process_time`), each round;
- the PostgreSQL backend's CPU per request (from /proc, 10 ms ticks: a figure over the round);
- with `--profile`, where the process's CPU time goes (cProfile on the CPU clock, over one more round).

It makes its own database `awards_cpu_<pid>` and drops it at the end. Never part of `make test` or CI.
"""

import argparse
import base64
import cProfile
import io
import os
import pstats
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

JUDGES = 20
_TICK = os.sysconf("SC_CLK_TCK")


def _key_ring(name: str) -> str:
    return f"{name}:" + base64.b64encode(secrets.token_bytes(32)).decode()


def _production_environment(*, database_url: str, static_root: str) -> None:
    """The environment bench/run.py gives gunicorn (DEBUG off, persistent connections), before Django starts."""
    os.environ.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="0",
        DJANGO_DB_CONN_MAX_AGE="60",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_LOG_LEVEL="WARNING",
        AWARDS_DRAFT_KEYS=_key_ring("cpu"),
        AWARDS_MFA_KEYS=_key_ring("cpu"),
        DJANGO_STATIC_ROOT=static_root,
    )


def _requests(world: dict, count: int, start: int = 0) -> list[tuple[str, str, str]]:
    """(method, path, session cookie) in the order of bench/run.py's Lua script (counter from 1)."""
    cookies, paths = world["cookies"], world["paths"]
    out = []
    for counter in range(start + 1, start + count + 1):
        cookie = cookies[counter % len(cookies)]
        path = paths[(counter // len(cookies)) % len(paths)]
        out.append(("POST" if counter % 2 == 0 else "GET", path, cookie))
    return out


def _environ(*, method: str, path: str, cookie: str, body: bytes, token: str) -> dict:
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_COOKIE": f"sessionid={cookie}; csrftoken={token}",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.input": io.BytesIO(b""),
    }
    if method == "POST":
        environ.update(
            {
                "wsgi.input": io.BytesIO(body),
                "CONTENT_LENGTH": str(len(body)),
                "CONTENT_TYPE": "application/x-www-form-urlencoded",
                "HTTP_X_CSRFTOKEN": token,
            }
        )
    return environ


class _Served:
    def __init__(self):
        self.status = ""

    def start_response(self, status, headers, exc_info=None):
        self.status = status


def _serve(application, environ) -> str:
    served = _Served()
    result = application(environ, served.start_response)
    try:
        for _chunk in result:
            pass
    finally:
        if hasattr(result, "close"):
            result.close()
    return served.status


def _backend() -> tuple[int, float]:
    """(pid, CPU seconds so far) of this process's PostgreSQL backend."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return pid, (int(fields[11]) + int(fields[12])) / _TICK


def _round(application, world: dict, requests: list, token: str) -> dict:
    body = world["body"].encode()
    spent = {"GET": 0.0, "POST": 0.0}
    counts = {"GET": 0, "POST": 0}
    pid_before, backend_before = _backend()
    for method, path, cookie in requests:
        environ = _environ(method=method, path=path, cookie=cookie, body=body, token=token)
        started = time.process_time()
        status = _serve(application, environ)
        spent[method] += time.process_time() - started
        counts[method] += 1
        expected = "302" if method == "POST" else "200"
        if not status.startswith(expected):
            raise RuntimeError(f"{method} {path} answered {status}, not {expected}")
    pid_after, backend_after = _backend()
    total = len(requests)
    return {
        "get_ms": 1000 * spent["GET"] / counts["GET"],
        "post_ms": 1000 * spent["POST"] / counts["POST"],
        "mix_ms": 1000 * (spent["GET"] + spent["POST"]) / total,
        "postgres_ms": 1000 * (backend_after - backend_before) / total if pid_before == pid_after else None,
    }


def _median_known(values) -> str:
    known = [value for value in values if value is not None]
    return f"{statistics.median(known):.2f}" if known else "n/a"


def _template_name() -> str:
    import hashlib

    names = sorted(str(path.relative_to(ROOT)) for path in ROOT.glob("*/migrations/0*.py"))
    return "awards_cpu_template_" + hashlib.sha256("\n".join(names).encode()).hexdigest()[:12]


def _database_exists(name: str) -> bool:
    import psycopg

    from bench.run import PG_ADMIN_URL

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def _print_statements(application, world: dict, token: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    body = world["body"].encode()
    for method, path, cookie in _requests(world, 2, start=1000):
        with CaptureQueriesContext(connection) as queries:
            _serve(application, _environ(method=method, path=path, cookie=cookie, body=body, token=token))
        print(f"--- {method} {path}: {len(queries)} statements")
        for query in queries:
            print(f"  [{query['time']}] {query['sql'][:300]}")
            if query["sql"].startswith("SELECT"):  # PostgreSQL's own planning and execution times
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON) " + query["sql"])
                    plan = [row[0] for row in cursor.fetchall()]
                times = [line.strip() for line in plan if line.strip().endswith(" ms")]
                print("      " + "; ".join(times))
                if os.environ.get("JUDGE_CPU_PLANS"):
                    print(query["sql"])
                    print("\n".join(plan))


# --split: CPU spent inside these (module, attribute), per request of the kind that calls them; nested ones count
# in their callers too.
SPLIT = [
    ("config.sessions", "SessionStore.load"),
    ("config.sessions", "SessionStore.save"),
    ("django.contrib.auth", "get_user"),
    ("judging.views.scoring", "scorecard_standing"),
    ("judging.views.scoring", "draft_of"),
    ("judging.views.scoring", "documents_for_reader"),
    ("judging.views.scoring", "ScorecardForm"),
    ("judging.views.scoring", "render"),
    ("judging.views.scoring", "_save_from_form"),
    ("judging.services.scoring", "_check_can_score"),
    ("judging.services.scoring", "draft_encrypt"),
    ("judging.views.scoring", "redirect"),
    ("django.contrib.messages.storage.fallback", "FallbackStorage._store"),
    ("config.context_processors", "navigation"),
    ("django.middleware.csrf", "CsrfViewMiddleware.process_view"),
]


def _instrument() -> dict:
    import functools
    import importlib

    spent: dict[str, list] = {}
    for module_name, attribute in SPLIT:
        owner = importlib.import_module(module_name)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        original = getattr(owner, name)
        label = f"{module_name.rsplit('.', 1)[-1]}.{attribute}"
        spent[label] = [0.0, 0]

        def wrap(original=original, label=label):
            if isinstance(original, type):

                class Timed(original):
                    def __init__(self, *args, **kwargs):
                        started = time.process_time()
                        try:
                            super().__init__(*args, **kwargs)
                        finally:
                            spent[label][0] += time.process_time() - started
                            spent[label][1] += 1

                Timed.__name__ = original.__name__
                return Timed

            @functools.wraps(original)
            def timed(*args, **kwargs):
                started = time.process_time()
                try:
                    return original(*args, **kwargs)
                finally:
                    spent[label][0] += time.process_time() - started
                    spent[label][1] += 1

            return timed

        setattr(owner, name, wrap())
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=600, help="requests per measured round (half GET, half POST)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warm", type=int, default=80, help="requests before measuring")
    parser.add_argument("--profile", action="store_true", help="then one more round under cProfile")
    parser.add_argument("--sort", default="tottime", help="cProfile sort key (tottime, cumulative)")
    parser.add_argument("--limit", type=int, default=45)
    parser.add_argument("--split", action="store_true", help="then one more round timing the calls in SPLIT")
    parser.add_argument("--statements", action="store_true", help="print the SQL of one GET and one POST")
    parser.add_argument(
        "--then",
        metavar="FILE.py",
        help="then run FILE.py's run(application, world, token) in this process (ad hoc measures)",
    )
    parser.add_argument(
        "--template",
        action="store_true",
        help="keep a migrated database (awards_cpu_template_<migrations' digest>) to copy next time; "
        "drop it by hand when done",
    )
    args = parser.parse_args()

    from bench.run import _admin, judge_load_world

    name = f"awards_cpu_{os.getpid()}"
    static_root = tempfile.mkdtemp(prefix="awards-cpu-static-")
    template = _template_name() if args.template else None
    if template is not None and _database_exists(template):
        _admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    else:
        _admin(f'CREATE DATABASE "{name}"')
    try:
        _production_environment(database_url=f"postgres://postgres@127.0.0.1:5432/{name}", static_root=static_root)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        if template is not None and not _database_exists(template):
            connections.close_all()
            _admin(f'CREATE DATABASE "{template}" TEMPLATE "{name}"')
        call_command("collectstatic", interactive=False, verbosity=0)
        world = judge_load_world(judges=JUDGES)
        from config.wsgi import application

        token = "benchbenchbenchbenchbenchbench32"  # noqa: S105 - bench/run.py's CSRF_TOKEN
        _round(application, world, _requests(world, args.warm), token)
        rounds = []
        for number in range(args.rounds):
            figures = _round(application, world, _requests(world, args.requests, start=args.warm), token)
            rounds.append(figures)
            postgres = "n/a" if figures["postgres_ms"] is None else f"{figures['postgres_ms']:.2f}"
            print(
                f"round {number + 1}: GET {figures['get_ms']:.2f} ms, POST {figures['post_ms']:.2f} ms, "
                f"mix {figures['mix_ms']:.2f} ms CPU per request; PostgreSQL backend {postgres} ms",
                flush=True,
            )
        mix = [r["mix_ms"] for r in rounds]
        print(
            f"median of {len(rounds)} rounds: GET {statistics.median(r['get_ms'] for r in rounds):.2f} ms, "
            f"POST {statistics.median(r['post_ms'] for r in rounds):.2f} ms, mix {statistics.median(mix):.2f} ms "
            f"(min {min(mix):.2f}); PostgreSQL backend {_median_known(r['postgres_ms'] for r in rounds)} ms; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        if args.split:
            spent = _instrument()
            count = args.requests
            figures = _round(application, world, _requests(world, count, start=args.warm), token)
            print(f"split round: mix {figures['mix_ms']:.2f} ms per request (timers included)")
            for label, (seconds, calls) in spent.items():
                print(f"  {label:55} {1000 * seconds / count:6.3f} ms per request of the mix ({calls} calls)")
        if args.then:
            import runpy

            runpy.run_path(args.then)["run"](application, world, token)
        if args.statements:
            _print_statements(application, world, token)
        if args.profile:
            profiler = cProfile.Profile(time.process_time)  # CPU time: waiting on PostgreSQL is not ours
            profiler.enable()
            _round(application, world, _requests(world, args.requests, start=args.warm), token)
            profiler.disable()
            stats = pstats.Stats(profiler, stream=sys.stdout)
            stats.sort_stats(args.sort).print_stats(args.limit)
        connections.close_all()
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(static_root, ignore_errors=True)


if __name__ == "__main__":
    main()
