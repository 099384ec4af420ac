"""The organiser's pages on a large edition: time (best of 3, in-process client), size of each page's HTML and its
number of SQL statements.

`organiser_pages.<page>.ms`, `.html_kb` and `.queries` in bench/results/latest.json, on an edition of 500 entries
and 100 judges (every judge assigned to every entry, two in five of those scorecards sealed), built by
bench/run.py's `edition_build`. Target (issue 18): every organiser page under 300 ms and 500 KB of HTML. The
judge's workspace (one judge, 500 assigned entries) is measured beside them as `judge_workspace`.

A page that misses its target can be profiled: `bench/run.py --only-organiser --profile-page assignments` prints
where its time goes (cProfile, the slowest calls by cumulative time) after the table.
"""

import cProfile
import io
import os
import pstats
import sys
import time

# page -> (URL name, what the URL takes: "edition" (its slug), "category" (slug and first category's code),
# "entry" (slug and the first entry's id) or None), for every organiser page that answers in `judging` (results
# and presenter exist from the reveal on; tests/test_bench_run.py checks that no organiser page is left out).
PAGES = {
    "checklist": ("awards:organiser_edition", "edition"),
    "edition_settings": ("awards:organiser_edition_settings", "edition"),
    "categories": ("awards:organiser_categories", "edition"),
    "category_edit": ("awards:organiser_category_edit", "category"),
    "rubric": ("judging:rubric", "category"),
    "agreements": ("awards:organiser_nda", "edition"),
    "signatories": ("awards:organiser_signatories", "edition"),
    "registrations": ("awards:organiser_registrations", "edition"),
    "eligibility_review": ("awards:organiser_review", "edition"),
    "review_entry": ("awards:organiser_review_entry", "entry"),
    "extensions": ("awards:organiser_extensions", "edition"),
    "messages": ("awards:organiser_messages", "edition"),
    "message_new": ("awards:organiser_message_new", "edition"),
    "reminders": ("awards:organiser_reminders", "edition"),
    "dashboard": ("awards:organiser_dashboard", None),
    "edition_create": ("awards:organiser_edition_create", None),
    "category_create": ("awards:organiser_category_create", "edition"),
    "outbox": ("awards:outbox", None),
    "judges": ("judging:judge_invite", "edition"),
    "assessors": ("judging:assessors", "edition"),
    "site_visit_checklists": ("judging:site_visit_checklists", "edition"),
    "rounds": ("judging:rounds", "edition"),
    "finals_day": ("judging:finals", "edition"),
    "assignments": ("judging:assignments", "edition"),
    "progress": ("judging:progress", "edition"),
    "keys": ("judging:keys", "edition"),
    "sealed_scorecards": ("judging:sealed_list", "edition"),
    "seal_and_reveal": ("judging:ceremony", "edition"),
    "publish": ("awards:edition_publish", "edition"),
    "audit": ("judging:audit", None),
}
TARGET_MS, TARGET_KB = 300, 500
SEALED_SHARE = 0.4  # of the assignments, sealed (stand-in ciphertexts: the pages read metadata, never open them)


def _seal_stand_ins(generated) -> int:
    """Sealed scorecards for the first two in five of each judge's entries: random bytes as ciphertext (no page
    measured here decrypts), so progress and the sealed list have rows to show."""
    from django.utils import timezone

    from judging import sealing
    from judging.models import SealedScorecard

    entries = generated["entries"][: int(len(generated["entries"]) * SEALED_SHARE)]
    rows, now = [], timezone.now()
    for entry in entries:
        for judge in generated["judges"]:
            ciphertext = os.urandom(96)
            rows.append(
                SealedScorecard(
                    edition=generated["edition"],
                    round=generated["round"],
                    entry=entry,
                    judge=judge,
                    version=1,
                    ciphertext=ciphertext,
                    receipt=sealing.receipt_of(ciphertext),
                    sealed_at=now,
                )
            )
    SealedScorecard.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _url(name: str, kind: str | None, generated) -> str:
    from django.urls import reverse

    edition = generated["edition"]
    if kind == "edition":
        return reverse(name, kwargs={"slug": edition.slug})
    if kind == "category":
        return reverse(name, kwargs={"slug": edition.slug, "category_code": generated["categories"][0].code})
    if kind == "entry":
        return reverse(name, kwargs={"slug": edition.slug, "pk": generated["entries"][0].pk})
    return reverse(name)


def _measure(client, url: str, repeats: int) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    best, size = None, 0
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        size = len(response.content)
        best = elapsed if best is None else min(best, elapsed)
    reset_queries()  # this process may run with DEBUG on: the generation's queries are in the log
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return {"ms": round(best * 1000, 1), "html_kb": round(size / 1024, 1), "queries": len(queries)}


def _profile(client, url: str) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(url)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
    return out.getvalue()


def measure_organiser_pages(
    *, edition_build, entries: int = 500, judges: int = 100, repeats: int = 3, profile_page: str | None = None
) -> dict:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from config.two_factor import enrol_authenticator_app

    generated = edition_build(entries=entries, judges=judges, sealed=False, tag="organiser")
    sealed = _seal_stand_ins(generated)
    if connection.vendor == "postgresql":
        # the planner's statistics, as autovacuum gathers them within a minute of a bulk change like this one;
        # without them PostgreSQL takes every table for one row and picks other plans than in production
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client()
    client.force_login(generated["organiser"])
    results = {
        "edition": {
            "entries": entries,
            "judges": judges,
            "sealed_scorecards": sealed,
            "load_at_start": [round(value, 2) for value in os.getloadavg()],
        }
    }
    urls = {page: _url(name, kind, generated) for page, (name, kind) in PAGES.items()}
    for page, url in urls.items():
        client.get(url)  # the first request of a page loads its templates and catalogues
        results[page] = _measure(client, url, repeats)
    judge = generated["judges"][0]
    # judges sign in with two factors: enrol the one whose workspace is measured
    enrol_authenticator_app(user=judge.user, secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")  # noqa: S106
    judge_client = Client()
    judge_client.force_login(judge.user)
    urls["judge_workspace"] = reverse("judging:workspace")
    judge_client.get(urls["judge_workspace"])
    results["judge_workspace"] = _measure(judge_client, urls["judge_workspace"], repeats)
    results["edition"]["load_at_end"] = [round(value, 2) for value in os.getloadavg()]
    if profile_page:
        which = judge_client if profile_page == "judge_workspace" else client
        print(f"--- profile of {profile_page} ({urls[profile_page]})", file=sys.stderr)
        print(_profile(which, urls[profile_page]), file=sys.stderr)
    return results


def rows(results: dict) -> list[tuple]:
    """Lines for bench/run.py's table."""
    lines = []
    for page, figures in results.items():
        if page == "edition":
            continue
        ok = figures["ms"] < TARGET_MS and figures["html_kb"] < TARGET_KB
        lines.append(
            (
                f"Organiser page: {page}",
                f"{figures['ms']} ms, {figures['html_kb']} KB",
                f"{figures['queries']} queries",
                "",
                f"< {TARGET_MS} ms, < {TARGET_KB} KB" + (" (ok)" if ok else " (MISSED)"),
            )
        )
    return lines
