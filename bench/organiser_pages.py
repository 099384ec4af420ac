"""The organiser's pages on a large edition: time (best of 3, in-process client) and size of each page's HTML.

`organiser_pages.<page>.ms` and `organiser_pages.<page>.html_kb` in bench/results/latest.json, on an edition of
500 entries and 100 judges (every judge assigned to every entry, none sealed), built by bench/run.py's
`edition_build`. Target (issue 18): every organiser page under 300 ms and 500 KB of HTML.
"""

import time

PAGES = {
    "checklist": ("awards:organiser_edition", True),
    "edition_settings": ("awards:organiser_edition_settings", True),
    "categories": ("awards:organiser_categories", True),
    "agreements": ("awards:organiser_nda", True),
    "signatories": ("awards:organiser_signatories", True),
    "registrations": ("awards:organiser_registrations", True),
    "dashboard": ("awards:organiser_dashboard", False),
    "judges": ("judging:judge_invite", True),
    "assignments": ("judging:assignments", True),
    "progress": ("judging:progress", True),
    "keys": ("judging:keys", True),
    "sealed_scorecards": ("judging:sealed_list", True),
}
TARGET_MS, TARGET_KB = 300, 500


def measure_organiser_pages(*, edition_build, entries: int = 500, judges: int = 100, repeats: int = 3) -> dict:
    from django.test import Client
    from django.urls import reverse

    generated = edition_build(entries=entries, judges=judges, sealed=False, tag="organiser")
    edition = generated["edition"]
    client = Client()
    client.force_login(generated["organiser"])
    results = {"edition": {"entries": entries, "judges": judges}}
    for page, (name, per_edition) in PAGES.items():
        url = reverse(name, kwargs={"slug": edition.slug}) if per_edition else reverse(name)
        best, size = None, 0
        for _ in range(repeats):
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
            size = len(response.content)
            best = elapsed if best is None else min(best, elapsed)
        results[page] = {"ms": round(best * 1000, 1), "html_kb": round(size / 1024, 1)}
    return results


def rows(results: dict) -> list[tuple]:
    """Lines for bench/run.py's table."""
    lines = []
    for page, figures in results.items():
        if page == "edition":
            continue
        ok = figures["ms"] < TARGET_MS and figures["html_kb"] < TARGET_KB
        lines.append((f"Organiser page: {page}", f"{figures['ms']} ms, {figures['html_kb']} KB", "", "",
                      f"< {TARGET_MS} ms, < {TARGET_KB} KB" + (" (ok)" if ok else " (MISSED)")))
    return lines
