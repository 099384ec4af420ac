"""`make bench`: each figure beside its ceiling, measured in the same run; a table and bench/results/latest.json.

    python bench/run.py            # full sizes (16,000 scorecards, 20 judges under load), < 15 min on 2 cores
    python bench/run.py --quick    # small sizes, < 2 min
    python bench/run.py --tiny     # the self-test's sizes

It creates its own PostgreSQL database `awards_bench_<pid>` (starting PostgreSQL if it is not running),
serves the app with gunicorn on a free loopback port, loads it with wrk, and removes the database and
stops its own processes (by pid) at the end. Never part of `make test` or CI.

Beside our scorecard and the bare view, the same run loads a peer's page with the same gunicorn and wrk
settings: pretalx's reviewer scoring page (bench/peer.py; pretalx installed from PyPI into bench/.pretalx-venv
on first use, in its own database `pretalx_bench_<pid>`). `--no-peer` leaves it out; when it cannot be
installed the run prints why and goes on.
"""

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
CSRF_TOKEN = "benchbenchbenchbenchbenchbench32"  # noqa: S105 - 32 characters: Django accepts it as cookie and header
SIZES = {
    "full": {"load_requests": 100_000, "load_seconds": 30, "judges": 20, "big": 2000, "small": 500,
             "panel": 8, "demo": True, "rows": (10, 1000), "repeats": 2, "pdf_repeats": 3},
    "quick": {"load_requests": 20_000, "load_seconds": 5, "judges": 20, "big": 125, "small": 32,
              "panel": 8, "demo": True, "rows": (10, 1000), "repeats": 2, "pdf_repeats": 3},
    "tiny": {"load_requests": 20_000, "load_seconds": 2, "judges": 4, "big": 6, "small": 3,
             "panel": 3, "demo": False, "rows": (2, 5), "repeats": 1, "pdf_repeats": 1},
}


# --- generation (never timed) ------------------------------------------------------------------------------

def _encrypt(job: tuple[dict, bytes, bytes]) -> bytes:
    from judging.sealing import scorecard_encrypt

    payload, public_key, info = job
    return scorecard_encrypt(payload=payload, public_key_bytes=public_key, info=info)


def edition_build(*, entries: int, judges: int, categories: int = 16, sealed: bool = True, tag: str = "e"):
    """An edition in `judging`: categories with rubrics, submitted entries, judges who signed the agreement,
    every judge assigned to every entry and (if `sealed`) a real HPKE-sealed scorecard for each, bulk-inserted."""
    import random

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from awards.models import Company, Entry, NdaAcceptance
    from bench.world import category_create, edition_in_judging, judge_agreement_create, organiser_create, rubric_create
    from judging import sealing
    from judging.models import AREA_ORDER, Assignment, Judge, KeyCeremony, KeyHolder, Round, SealedScorecard
    from judging.services.scoring import scorecard_info

    rng = random.Random(7)
    now = timezone.now()
    user_model = get_user_model()
    edition = edition_in_judging(now=now)
    organiser = organiser_create()
    final = Round.objects.create(edition=edition, number=1, name="Final")
    key = sealing.ceremony_create(holders=3, threshold=2)
    ceremony = KeyCeremony.objects.create(
        edition=edition, threshold=2, holders_count=3, public_key=key.public_key, fingerprint=key.fingerprint,
        wrapped_private_key=key.wrapped_private_key, created_by=organiser,
    )
    holder_users = user_model.objects.bulk_create(
        user_model(username=f"{edition.slug}-holder{i}@bench.test", email=f"{edition.slug}-holder{i}@bench.test",
                   first_name=f"Holder{i}", last_name="Key", password="!")  # noqa: S106 - unusable
        for i in range(3)
    )
    KeyHolder.objects.bulk_create(
        KeyHolder(ceremony=ceremony, user=user, index=share.index, commitment=commitment)
        for user, share, commitment in zip(holder_users, key.shares, key.commitments, strict=True)
    )
    judge_users = user_model.objects.bulk_create(
        user_model(username=f"{edition.slug}-judge{i}@bench.test", email=f"{edition.slug}-judge{i}@bench.test",
                   password="!")  # noqa: S106 - unusable
        for i in range(judges)
    )
    judge_rows = Judge.objects.bulk_create(
        Judge(edition=edition, user=user, full_name=f"Bench Judge {i}", pseudonym=f"Judge {i + 1:02d}")
        for i, user in enumerate(judge_users)
    )
    nda = judge_agreement_create(edition=edition)
    NdaAcceptance.objects.bulk_create(
        NdaAcceptance(version=nda, user=user, signer_name=user.email, signer_title="Judge", text_sha256=nda.text_sha256)
        for user in judge_users
    )
    category_rows = []
    for number in range(min(categories, entries)):
        category = category_create(edition=edition, number=number, min_judges=min(3, judges))
        rubric_create(category, weights=(25, 25, 25, 25) if number % 2 == 0 else (20, 30, 30, 20))
        category_rows.append(category)
    companies = Company.objects.bulk_create(
        Company(legal_name=f"PT Bench {tag} {edition.pk} {i}", sector="banking", address="Jl. Sudirman",
                city="Jakarta", agent_seats=100 + i)
        for i in range(entries)
    )
    entry_rows = Entry.objects.bulk_create(
        Entry(company=company, category=category_rows[i % len(category_rows)], title=f"Programme {i}",
              number=i + 1, status=Entry.Status.SUBMITTED, submitted_at=now)
        for i, company in enumerate(companies)
    )
    Assignment.objects.bulk_create(
        Assignment(round=final, entry=entry, judge=judge, created_by=organiser)
        for entry in entry_rows for judge in judge_rows
    )
    if sealed:
        bias = {judge.pk: rng.choice([-1, 0, 0, 1]) for judge in judge_rows}
        jobs, keys = [], []
        for entry in entry_rows:
            quality = rng.randint(4, 9)
            for judge in judge_rows:
                scores = {f"{area}-{n}": max(1, min(10, quality + bias[judge.pk] + rng.randint(-1, 1)))
                          for area in AREA_ORDER for n in (1, 2)}
                payload = {
                    "scores": scores,
                    "notes": {area: f"Observations on {area}: clear targets, measured monthly." for area in AREA_ORDER},
                    "comment": "Strong programme with measurable results; the coaching plan could go further. " * 4,
                    "edition": edition.slug, "round": final.number, "entry": entry.pk, "judge": judge.pseudonym,
                    "version": 1,
                }
                info = scorecard_info(edition=edition, round=final, judge=judge, entry=entry, version=1)
                jobs.append((payload, key.public_key, info))
                keys.append((entry, judge))
        if len(jobs) > 2000:
            with ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
                ciphertexts = list(pool.map(_encrypt, jobs, chunksize=500))
        else:
            ciphertexts = [_encrypt(job) for job in jobs]
        SealedScorecard.objects.bulk_create(
            (SealedScorecard(edition=edition, round=final, entry=entry, judge=judge, version=1, ciphertext=ct,
                             receipt=sealing.receipt_of(ct), sealed_at=now)
             for (entry, judge), ct in zip(keys, ciphertexts, strict=True)),
            batch_size=2000,
        )
    return {"edition": edition, "organiser": organiser, "round": final, "entries": entry_rows,
            "judges": judge_rows, "shares": list(key.share_texts), "categories": category_rows}


# --- 2. seal and reveal -------------------------------------------------------------------------------------

def bare_decrypt_seconds(generated) -> float:
    """The ceiling: decrypt the same ciphertexts with the same library in a bare loop, nothing else."""
    from judging import sealing
    from judging.models import KeyCeremony, SealedScorecard
    from judging.services.scoring import scorecard_info

    edition = generated["edition"]
    ceremony = KeyCeremony.objects.get(edition=edition, is_active=True)
    key = sealing.private_key_recover(
        shares=[sealing.share_parse(text) for text in generated["shares"][:2]], threshold=2,
        wrapped_private_key=bytes(ceremony.wrapped_private_key), public_key_bytes=bytes(ceremony.public_key),
    )
    cards = SealedScorecard.objects.filter(edition=edition).select_related("round", "judge", "entry")
    work = [(bytes(card.ciphertext), scorecard_info(edition=edition, round=card.round, judge=card.judge,
                                                    entry=card.entry, version=card.version)) for card in cards]
    started = time.perf_counter()
    for ciphertext, info in work:
        sealing.scorecard_decrypt(ciphertext=ciphertext, private_key=key, info=info)
    return time.perf_counter() - started


def seal_and_reveal(generated) -> dict:
    from judging.models import Seal
    from judging.services.reveal import edition_reveal
    from judging.services.seal import edition_seal

    edition, organiser = generated["edition"], generated["organiser"]
    started = time.perf_counter()
    edition_seal(edition=edition, actor=organiser)
    seal_seconds = time.perf_counter() - started
    started = time.perf_counter()
    edition_reveal(edition=edition, shares=generated["shares"][:2], actor=organiser)
    reveal_seconds = time.perf_counter() - started
    return {"scorecards": Seal.objects.get(edition=edition).count, "seal_seconds": seal_seconds,
            "reveal_seconds": reveal_seconds}


def measure_seal_reveal(*, big: int, small: int, panel: int, repeats: int = 1) -> tuple[dict, dict, dict]:
    """Seal and reveal a big and a small edition, `repeats` times each on fresh editions (a reveal cannot be
    re-run), keeping the best time of each figure: the half-second small reveal is otherwise at the mercy of
    whatever else the machine is doing, and with it the 16k/4k ratio."""
    bigs, smalls, bares, large = [], [], [], None
    for _ in range(repeats):
        large = edition_build(entries=big, judges=panel, tag="big")
        bigs.append(seal_and_reveal(large))
        bares.append(bare_decrypt_seconds(large))
        smalls.append(seal_and_reveal(edition_build(entries=small, judges=panel, tag="small")))
    seal_seconds = min(run["seal_seconds"] for run in bigs)
    reveal_seconds = min(run["reveal_seconds"] for run in bigs)
    small_seconds = min(run["reveal_seconds"] for run in smalls)
    bare = min(bares)
    seal = {"scorecards": bigs[0]["scorecards"], "seconds": round(seal_seconds, 4)}
    reveal = {
        "scorecards": bigs[0]["scorecards"],
        "seconds": round(reveal_seconds, 3),
        "bare_decrypt_seconds": round(bare, 3),
        "ratio": round(reveal_seconds / bare, 2),
        "scaling_16k_over_4k": round(reveal_seconds / small_seconds, 2),
        "small_scorecards": smalls[0]["scorecards"],
        "small_seconds": round(small_seconds, 3),
    }
    return seal, reveal, large


# --- 3. certificates ----------------------------------------------------------------------------------------

def demo_revealed_edition():
    """The demo edition (demo_data), sealed and revealed with two of its key holders' shares."""
    from django.core.management import call_command

    from awards.models import Edition
    from judging.demo import EDITION, share_file_name
    from judging.services.reveal import edition_reveal
    from judging.services.seal import edition_seal

    shares_dir = Path(tempfile.mkdtemp(prefix="awards-bench-shares-"))
    try:
        with open(os.devnull, "w") as quiet:
            call_command("demo_data", shares_dir=shares_dir, stdout=quiet)
        edition = Edition.objects.get(slug=EDITION["slug"])
        shares = [(shares_dir / share_file_name(edition.slug, i)).read_text() for i in (1, 2)]
    finally:
        shutil.rmtree(shares_dir, ignore_errors=True)
    organiser = None  # as the seal and reveal commands do
    edition_seal(edition=edition, actor=organiser)
    edition_reveal(edition=edition, shares=shares, actor=organiser)
    return edition


def bare_weasyprint_seconds(pages: int) -> float:
    """The ceiling: WeasyPrint rendering `pages` pages of minimal HTML with the certificates' fonts."""
    from awards.pdf import render_html_pdf

    base = (ROOT / "templates" / "pdf" / "award_night" / "base.html").read_text()
    fonts = "\n".join(line for line in base.splitlines() if line.startswith("@font-face"))
    body = "".join(
        f'<section><h1>Certificate {n}</h1><p class="s">Winner</p><p>PT Bench Nusantara</p></section>'
        for n in range(pages)
    )
    html = (
        "<html><head><style>" + fonts + "@page { size: A4 landscape; } section { page-break-after: always; }"
        'h1 { font-family: "Cinzel"; } p { font-family: "EB Garamond"; } .s { font-family: "Source Sans 3"; }'
        "</style></head><body>" + body + "</body></html>"
    )
    started = time.perf_counter()
    render_html_pdf(html)
    return time.perf_counter() - started


PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _stat_fields(pid: int) -> list[bytes] | None:
    """/proc/<pid>/stat's fields after the command name (the parent's pid is [1], the resident pages [21])."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except OSError:
        return None
    return stat[stat.rindex(b")") + 2 :].split()


def _tree_pids(root: int) -> set[int]:
    """`root` and every process under it, now (a scan of /proc)."""
    parents = {}
    with os.scandir("/proc") as entries:
        for entry in entries:
            if entry.name.isdigit() and (fields := _stat_fields(int(entry.name))) is not None:
                parents[int(entry.name)] = int(fields[1])
    tree, frontier = {root}, {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - tree
        tree |= frontier
    return tree


def _rss_kb(pids: set[int]) -> int:
    """The resident memory of these processes, summed (kB)."""
    return sum(int(fields[21]) * PAGE_KB for pid in pids if (fields := _stat_fields(pid)) is not None)


class _TreeMemory:
    """The peak resident memory of a process and every process under it, sampled by `sample()`.

    The tree is found by a scan of /proc every tenth sample (about 1 ms of CPU), its members' memory read at every
    sample (two small files): the sampler shares the measured machine's two cores, and scanning /proc every 10 ms
    (as it first did, from each process's `status`) took a fifth of a core from the work it measured."""

    def __init__(self, root: int) -> None:
        self.root, self.peak_kb, self._samples, self._pids = root, 0, 0, {root}

    def sample(self) -> None:
        if self._samples % 10 == 0:
            self._pids = _tree_pids(self.root)
        self._samples += 1
        self.peak_kb = max(self.peak_kb, _rss_kb(self._pids))


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def _pack_in_this_process(edition, folder: Path) -> dict:
    """The pack built here, this process's tree sampled from a thread (the self-test's in-memory database cannot
    be reached from another process)."""
    import threading

    from judging.services.export import award_night_pack_write

    memory, running = _TreeMemory(os.getpid()), [True]

    def sample() -> None:
        while running[0]:
            memory.sample()
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    try:
        award_night_pack_write(edition=edition, path=folder / "pack.zip", actor=None)
    finally:
        seconds = time.perf_counter() - started
        running[0] = False
        sampler.join()
    return {"seconds": round(seconds, 3), "peak_rss_mb": round(memory.peak_kb / 1024, 1),
            "bytes": (folder / "pack.zip").stat().st_size, "in_process": True}


def measure_pack(edition, *, repeat: int = 1, fresh_process: bool = True) -> dict:
    """The award-night pack built and written by a fresh process (best of `repeat`): its seconds, and the peak of
    the resident memory of that process and every process it starts, summed, sampled every 10 ms (a forked worker's
    pages shared with its parent are counted twice: the figure is an upper bound). `uptime`
    with each run: the machine is shared. Without `fresh_process` (a database only this process reaches) it
    is built here, and the peak includes whatever this process held before."""
    runs = []
    for _ in range(repeat):
        folder = Path(tempfile.mkdtemp(prefix="awards-bench-pack-"))
        try:
            uptime = _uptime()
            if not fresh_process:
                runs.append({**_pack_in_this_process(edition, folder), "uptime": uptime})
                continue
            probe = subprocess.Popen([sys.executable, str(ROOT / "bench" / "pack_probe.py"), edition.slug,
                                      str(folder / "pack.zip")], cwd=ROOT, stdout=subprocess.PIPE, text=True)
            memory = _TreeMemory(probe.pid)
            while probe.poll() is None:
                memory.sample()
                time.sleep(0.01)
            output = probe.stdout.read()
            probe.stdout.close()
            if probe.returncode != 0:
                raise RuntimeError(f"the pack probe failed ({probe.returncode})")
            figures = json.loads(output.strip().splitlines()[-1])
            runs.append({"seconds": round(figures["seconds"], 3), "peak_rss_mb": round(memory.peak_kb / 1024, 1),
                         "self_maxrss_mb": round(figures["self_maxrss_mb"], 1),
                         "largest_child_maxrss_mb": round(figures["largest_child_maxrss_mb"], 1),
                         "bytes": figures["bytes"], "uptime": uptime})
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    best = min(runs, key=lambda run: run["seconds"])
    return {"seconds": best["seconds"], "peak_rss_mb": max(run["peak_rss_mb"] for run in runs),
            "feedback_reports": edition_feedback_count(edition), "runs": runs}


def edition_feedback_count(edition) -> int:
    from judging.models import SealedScorecard

    return SealedScorecard.objects.filter(edition=edition).values("entry").distinct().count()


def measure_certificates(edition, *, repeat: int = 1, fresh_process: bool = True) -> tuple[dict, dict]:
    """Certificates beside the bare ceiling (best of `repeat`, alternated), then the pack (`measure_pack`)."""
    from awards.award_night import certificates_pdf

    count = edition.awards.count()
    runs, bares = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        certificates_pdf(edition=edition)
        runs.append(time.perf_counter() - started)
        bares.append(bare_weasyprint_seconds(count))
    seconds, bare = min(runs), min(bares)
    certificates = {"count": count, "seconds": round(seconds, 3), "bare_seconds": round(bare, 3),
                    "ratio": round(seconds / bare, 2), "uptime": _uptime()}
    if repeat > 1:
        certificates["runs"] = [round(value, 3) for value in runs]
        certificates["bare_runs"] = [round(value, 3) for value in bares]
    return certificates, measure_pack(edition, repeat=repeat, fresh_process=fresh_process)


# --- 4. query counts ----------------------------------------------------------------------------------------

def _count(client, url: str) -> int:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # this process runs with DEBUG on: the generation's queries are in the log
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200 or not len(queries):
        raise RuntimeError(f"{url} answered {response.status_code} after {len(queries)} queries")
    return len(queries)


def measure_queries(rows: tuple[int, int]) -> dict:
    from django.test import Client
    from django.urls import reverse

    from config.two_factor import enrol_authenticator_app
    from judging.services.reveal import edition_reveal
    from judging.services.seal import edition_seal

    counts: dict[str, dict[str, int]] = {"organiser_edition": {}, "workspace": {}, "results": {}}
    for n in rows:
        generated = edition_build(entries=n, judges=3, categories=2, tag=f"q{n}")
        edition, organiser = generated["edition"], generated["organiser"]
        organiser_client, judge_client = Client(), Client()
        organiser_client.force_login(organiser)
        # judges sign in with two factors: enrol the one whose pages are counted
        enrol_authenticator_app(user=generated["judges"][0].user, secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")  # noqa: S106
        judge_client.force_login(generated["judges"][0].user)
        slug = {"slug": edition.slug}
        organiser_url = reverse("awards:organiser_edition", kwargs=slug)
        counts["organiser_edition"][f"rows_{n}"] = _count(organiser_client, organiser_url)
        counts["workspace"][f"rows_{n}"] = _count(judge_client, reverse("judging:workspace"))
        edition_seal(edition=edition, actor=organiser)
        edition_reveal(edition=edition, shares=generated["shares"][:2], actor=organiser)
        counts["results"][f"rows_{n}"] = _count(organiser_client, reverse("judging:results", kwargs=slug))
    return counts


# --- 1. judge pages under load ------------------------------------------------------------------------------

LUA = r"""
-- 20 signed-in judges: each request takes the next judge's session; GET the scorecard, then POST a draft.
local cookies = {COOKIES}
local paths = {PATHS}
local body = "BODY"
local limit = LIMIT
local token = "TOKEN"
local counter = 0
local done_count = 0

function setup(thread) end

function request()
  counter = counter + 1
  local judge = (counter % #cookies) + 1
  local path = paths[(math.floor(counter / #cookies) % #paths) + 1]
  local headers = {}
  headers["Cookie"] = "SESSIONCOOKIE=" .. cookies[judge] .. "; CSRFCOOKIE=" .. token
  if counter % 2 == 0 then
    headers["X-CSRFToken"] = token
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", path, headers, body)
  end
  return wrk.format("GET", path, headers)
end

function response(status, headers, body)
  done_count = done_count + 1
  if done_count >= limit then wrk.thread:stop() end
end

function done(summary, latency, requests)
  io.write(string.format(
    'BENCHJSON {"requests": %d, "duration_us": %d, "status_errors": %d, "socket_errors": %d, '
    .. '"p50_us": %d, "p95_us": %d}\n',
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95)))
end
"""


def threads_slack(requests: int) -> int:
    return 2  # wrk stops each of its 2 threads at requests // 2


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _lua(*, cookies: list[str], paths: list[str], body: str, limit: int, session_cookie: str = "sessionid",
         csrf_cookie: str = "csrftoken") -> str:
    def table(items):
        return "{" + ", ".join(json.dumps(item) for item in items) + "}"

    return (LUA.replace("{COOKIES}", table(cookies)).replace("{PATHS}", table(paths)).replace("BODY", body)
            .replace("LIMIT", str(limit)).replace("TOKEN", CSRF_TOKEN).replace("SESSIONCOOKIE", session_cookie)
            .replace("CSRFCOOKIE", csrf_cookie))


def wrk_run(*, port: int, script: str, requests: int, seconds: int, connections: int) -> dict:
    threads = 2
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script.replace("local limit = " + str(requests), f"local limit = {max(1, requests // threads)}"))
        path = handle.name
    try:
        output = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
             "-s", path, f"http://127.0.0.1:{port}/"],
            capture_output=True, text=True, check=True, timeout=seconds + 30,
        ).stdout
    finally:
        os.unlink(path)
    line = next(line for line in output.splitlines() if line.startswith("BENCHJSON "))
    figures = json.loads(line.removeprefix("BENCHJSON "))
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    return figures


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _check_pages(*, port: int, cookie: str, path: str, body: str, form_marker: str = 'name="score_',
                 session_cookie: str = "sessionid", csrf_cookie: str = "csrftoken", name: str = "scorecard") -> int:
    """The load measures the real pages: the GET shows the form, the POST saves and redirects back to it.
    Returns the page's size in bytes as sent to a client that accepts gzip."""
    opener = urllib.request.build_opener(_NoRedirect)
    headers = {"Cookie": f"{session_cookie}={cookie}; {csrf_cookie}={CSRF_TOKEN}"}
    for _ in range(3):  # the first requests of each worker load the templates and catalogues
        started = time.perf_counter()
        page = opener.open(urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers), timeout=60)
        text = page.read().decode()
        if page.status != 200 or form_marker not in text:
            raise RuntimeError(f"the {name} page answered {page.status} without its form")
        print(f"  {name} GET: {(time.perf_counter() - started) * 1000:.0f} ms", file=sys.stderr)
    compressed = opener.open(urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={**headers, "Accept-Encoding": "gzip"}), timeout=60)
    gzip_bytes = len(compressed.read()) if compressed.headers.get("Content-Encoding") == "gzip" else 0
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=body.encode(), method="POST",
        headers={**headers, "X-CSRFToken": CSRF_TOKEN, "Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        opener.open(request, timeout=60)
        raise RuntimeError(f"saving the {name} form did not redirect")
    except urllib.error.HTTPError as answer:
        if answer.code != 302 or not answer.headers["Location"].endswith(path):
            raise RuntimeError(f"saving the {name} form answered {answer.code} {answer.headers['Location']}") from None
    return gzip_bytes


@contextlib.contextmanager
def gunicorn_serving(*, gunicorn: str, app: str, cwd: Path, env: dict, port: int, workers: int, ready_path: str):
    """gunicorn serving `app` with `workers` workers on the loopback `port` until the block ends (the master stops
    its workers gracefully; its process group is killed only if it does not)."""
    server = subprocess.Popen(
        [gunicorn, app, "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=cwd, env=env, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{ready_path}", timeout=10).read()  # noqa: S310
                break
            except urllib.error.HTTPError:
                break  # it answers (a login redirect or a 404 is an answer)
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"gunicorn did not start {app}") from None
                time.sleep(0.3)
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)


def warm_get_statements(*, cookie: str, path: str) -> int:
    """Statements of a warm scorecard GET (the same judge's session and page as under load, its second request),
    counted in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.cookies["sessionid"] = cookie
    first = client.get(path)
    if first.status_code != 200:
        raise RuntimeError(f"the scorecard page answered {first.status_code} in this process")
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return len(queries)


def judge_load_world(*, judges: int) -> dict:
    """The judge pages' load: an edition in judging with `judges` signed-in judges (one database session each,
    as at sign-in) assigned to its 10 entries, their session cookies, the scorecard paths and a draft's form body."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.urls import reverse
    from django.utils.http import urlencode

    from config.security import PRIVILEGED_SESSION_KEY
    from config.sessions import SessionStore
    from judging.models import AREA_ORDER, Criterion

    generated = edition_build(entries=10, judges=judges, categories=1, sealed=False, tag="load")
    cookies = []
    for judge in generated["judges"]:
        session = SessionStore()
        session[SESSION_KEY] = str(judge.user.pk)
        # the backend that loads users (django-axes' backend, listed first, only guards sign-in)
        session[BACKEND_SESSION_KEY] = "config.auth_backends.ModelBackend"
        session[HASH_SESSION_KEY] = judge.user.get_session_auth_hash()
        session[PRIVILEGED_SESSION_KEY] = int(time.time())  # as at a judge's sign-in: the idle clock runs
        session.set_expiry(settings.PRIVILEGED_SESSION_IDLE_SECONDS)
        session.create()
        cookies.append(session.session_key)
    criteria = Criterion.objects.filter(rubric__category=generated["categories"][0])
    form = {f"score_{c.code}": "7" for c in criteria}
    form.update({f"note_{area}": f"note on {area}" for area in AREA_ORDER})
    form["comment"] = "Clear plan, well measured."
    paths = [reverse("judging:scorecard", kwargs={"pk": entry.pk}) for entry in generated["entries"]]
    return {"cookies": cookies, "paths": paths, "body": urlencode(form)}


def measure_judge_pages(*, judges: int, requests: int, seconds: int, database_url: str) -> dict:
    """The scorecard page (GET) and saving a draft (POST) by `judges` signed-in judges, against the bare view."""
    from django.conf import settings

    from config.env import key_ring_text

    world = judge_load_world(judges=judges)
    cookies, paths, body = world["cookies"], world["paths"], world["body"]
    port = _free_port()
    # The same SECRET_KEY (which signed the sessions), draft and MFA keys as this process; production settings
    # otherwise: DEBUG off, persistent database connections (README, production deployment).
    env = dict(os.environ, DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="bench.settings", DJANGO_DEBUG="0",
               DJANGO_DB_CONN_MAX_AGE="60",
               DJANGO_SECRET_KEY=settings.SECRET_KEY, DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_LOG_LEVEL="WARNING",
               AWARDS_DRAFT_KEYS=key_ring_text(settings.DRAFT_KEYS),
               AWARDS_MFA_KEYS=key_ring_text(settings.AWARDS_MFA_KEYS))
    static_root = tempfile.mkdtemp(prefix="awards-bench-static-")
    env["DJANGO_STATIC_ROOT"] = static_root
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                   check=True)  # DEBUG off serves hashed static names, as in production
    workers = int(os.environ.get("BENCH_GUNICORN_WORKERS", "2"))
    statements = warm_get_statements(cookie=cookies[-1], path=paths[-1])
    try:
        with gunicorn_serving(gunicorn=str(Path(sys.executable).parent / "gunicorn"), app="config.wsgi", cwd=ROOT,
                              env=env, port=port, workers=workers, ready_path="/bench/bare/"):
            gzip_bytes = _check_pages(port=port, cookie=cookies[0], path=paths[0], body=body)
            connections = judges
            app_script = _lua(cookies=cookies, paths=paths, body=body, limit=requests)
            bare_script = _lua(cookies=cookies, paths=["/bench/bare/"], body=body, limit=requests)
            wrk_run(port=port, script=app_script, requests=requests, seconds=1, connections=connections)  # warm-up
            app = wrk_run(port=port, script=app_script, requests=requests, seconds=seconds, connections=connections)
            bare = wrk_run(port=port, script=bare_script, requests=requests, seconds=seconds, connections=connections)
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    for figures in (app, bare):
        if figures["requests"] >= requests - threads_slack(requests):
            raise RuntimeError(f"the request cap ({requests}) was reached before {seconds} s: raise it")
    if app["status_errors"] or app["socket_errors"] or bare["status_errors"] or bare["socket_errors"]:
        raise RuntimeError(f"errors under load: app {app}, bare {bare}")
    return {
        "rps": round(app["rps"], 1), "bare_rps": round(bare["rps"], 1), "ratio": round(app["rps"] / bare["rps"], 3),
        "p50_ms": round(app["p50_us"] / 1000, 1), "p95_ms": round(app["p95_us"] / 1000, 1),
        "bare_p50_ms": round(bare["p50_us"] / 1000, 1), "bare_p95_ms": round(bare["p95_us"] / 1000, 1),
        "requests": app["requests"], "judges": judges, "gunicorn_workers": workers, "connections": connections,
        "warm_get_statements": statements, "scorecard_gzip_bytes": gzip_bytes,
        "load": [round(value, 2) for value in os.getloadavg()],
    }


# --- 1b. the peer: pretalx's review page ---------------------------------------------------------------------

def peer_start(*, judges: int) -> dict:
    """pretalx installed (once) and its world made in its own database, before our pages are loaded, so that the
    two loads run minutes apart at most. {"world": PeerWorld, "port": ...} or {"skipped": reason}."""
    from bench.peer import PeerUnavailable, peer_prepare

    port = _free_port()
    database = f"pretalx_bench_{os.getpid()}"
    _admin(f'CREATE DATABASE "{database}"')
    try:
        world = peer_prepare(database=database, reviewers=judges, submissions=10, port=port)
    except (PeerUnavailable, subprocess.TimeoutExpired) as reason:
        print(f"  peer skipped: {reason}", file=sys.stderr)
        return {"skipped": str(reason), "database": database}
    return {"world": world, "port": port, "database": database}


def peer_finish(peer: dict) -> None:
    """Drops the peer's database and files (by name: nothing else of pretalx runs once its gunicorn stopped)."""
    _admin(f'DROP DATABASE IF EXISTS "{peer["database"]}" WITH (FORCE)')
    if "world" in peer:
        shutil.rmtree(peer["world"].data_dir, ignore_errors=True)


def measure_peer(peer: dict, *, judge_pages: dict, requests: int, seconds: int) -> dict:
    """pretalx's reviewer scoring page (GET the proposal's review form, POST a review, as our judges' mix) on the
    same gunicorn settings (workers), with the same wrk script, connections and duration as our scorecard."""
    from bench.peer import VENV, peer_version

    if "world" not in peer:
        return {"skipped": peer["skipped"]}
    world, port = peer["world"], peer["port"]
    workers, connections = judge_pages["gunicorn_workers"], judge_pages["connections"]
    marks = {"session_cookie": "pretalx_session", "csrf_cookie": "pretalx_csrftoken"}
    with gunicorn_serving(gunicorn=str(VENV / "bin" / "gunicorn"), app="pretalx.wsgi", cwd=Path(world.data_dir),
                          env=world.env, port=port, workers=workers, ready_path="/orga/login/"):
        _check_pages(port=port, cookie=world.cookies[0], path=world.paths[0], body=world.body,
                     form_marker="id=review-form", name="pretalx review", **marks)
        script = _lua(cookies=world.cookies, paths=world.paths, body=world.body, limit=requests, **marks)
        wrk_run(port=port, script=script, requests=requests, seconds=1, connections=connections)  # warm-up
        figures = wrk_run(port=port, script=script, requests=requests, seconds=seconds, connections=connections)
    if figures["status_errors"] or figures["socket_errors"]:
        return {"skipped": f"errors under load: {figures}"}
    return {
        "pretalx_version": peer_version(), "pretalx_rps": round(figures["rps"], 2),
        "ratio": round(judge_pages["rps"] / figures["rps"], 1) if figures["rps"] else None,
        "p50_ms": round(figures["p50_us"] / 1000, 1), "p95_ms": round(figures["p95_us"] / 1000, 1),
        "requests": figures["requests"], "gunicorn_workers": workers, "connections": connections,
        "load": [round(value, 2) for value in os.getloadavg()],
    }


def measure_load(*, sizes: dict, database_url: str, peer: bool) -> dict:
    """Our judge pages beside the bare view, then pretalx's review page, in the same run."""
    started = peer_start(judges=sizes["judges"]) if peer else None
    try:
        results = {"judge_pages": measure_judge_pages(judges=sizes["judges"], requests=sizes["load_requests"],
                                                      seconds=sizes["load_seconds"], database_url=database_url)}
        if started is not None:
            results["peer"] = measure_peer(started, judge_pages=results["judge_pages"],
                                           requests=sizes["load_requests"], seconds=sizes["load_seconds"])
    finally:
        if started is not None:
            peer_finish(started)
    return results


# --- the run ------------------------------------------------------------------------------------------------

def machine() -> dict:
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return {"cpu": model, "cores": os.cpu_count(), "load_at_start": list(os.getloadavg()),
            "python": platform.python_version(), "kernel": platform.release()}


def table(results: dict) -> str:
    j, s, r, c, p = (results.get(k, {}) for k in ("judge_pages", "seal", "reveal", "certificates", "pack"))
    rows = [("Figure", "Measured", "Ceiling", "Ratio", "Target")]
    if j:
        rows.append(("Judge pages (req/s; p50/p95 ms)", f"{j['rps']} ({j['p50_ms']}/{j['p95_ms']})",
                     f"{j['bare_rps']} ({j['bare_p50_ms']}/{j['bare_p95_ms']})", f"{j['ratio']:.0%}",
                     ">= 25 % (goal 35 %), p95 < 100 ms"))
        rows.append(("Warm scorecard GET (statements)", str(j["warm_get_statements"]), "", "", "<= 5"))
        rows.append(("Scorecard page, gzip (bytes)", str(j["scorecard_gzip_bytes"]), "", "", "<= 6144"))
    peer = results.get("peer")
    if peer and "skipped" in peer:
        rows.append(("Peer: pretalx review page", "skipped", "", "", peer["skipped"][:60]))
    elif peer:
        rows.append((f"Peer: pretalx {peer['pretalx_version']} review page (req/s)",
                     f"{peer['pretalx_rps']} ({peer['p50_ms']}/{peer['p95_ms']})", "", f"{peer['ratio']}x ours",
                     ">= 10x"))
    rows.append((f"Seal ({s['scorecards']} receipts)", f"{s['seconds']} s", "", "", "< 1 s"))
    rows.append((f"Reveal ({r['scorecards']} scorecards)", f"{r['seconds']} s", f"{r['bare_decrypt_seconds']} s",
                 f"{r['ratio']}x", "< 15 s, <= 3x"))
    rows.append((f"Reveal {r['scorecards']}/{r['small_scorecards']}", f"{r['seconds']}/{r['small_seconds']} s", "",
                 f"{r['scaling_16k_over_4k']}", "<= 4.5"))
    if c:
        rows.append((f"Certificates ({c['count']})", f"{c['seconds']} s", f"{c['bare_seconds']} s", f"{c['ratio']}x",
                     "< 5 s, <= 2x"))
        rows.append((f"Award-night pack ({c['count']} certificates, {p['feedback_reports']} feedback reports)",
                     f"{p['seconds']} s, {p['peak_rss_mb']} MB peak", "", "", "< 5 s, < 400 MB"))
    if results.get("organiser_pages"):
        from bench.organiser_pages import rows as organiser_rows

        rows.extend(organiser_rows(results["organiser_pages"]))
    for page, counts in results["queries"].items():
        small, large = counts.values()
        rows.append((f"Queries: {page}", " / ".join(f"{k}={v}" for k, v in counts.items()), "", "",
                     "equal" + (" (ok)" if small == large else " (MISSED)")))
    widths = [max(len(str(row[i])) for row in rows) for i in range(5)]
    return "\n".join("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows)


def measure_all(*, size: str, database_url: str | None, skip_load: bool = False, peer: bool = True) -> dict:
    """Every measure at the given size, in the current database (Django is set up)."""
    sizes = SIZES[size]
    results: dict = {"machine": machine(), "size": size}
    if not skip_load:
        results.update(measure_load(sizes=sizes, database_url=database_url, peer=peer))
    results["seal"], results["reveal"], large = measure_seal_reveal(
        big=sizes["big"], small=sizes["small"], panel=sizes["panel"], repeats=sizes["repeats"])
    edition = demo_revealed_edition() if sizes["demo"] else large["edition"]
    # best of three, alternated with the bare render: one bare render of 0.2 s swung between 0.19 and 0.32 s
    results["certificates"], results["pack"] = measure_certificates(
        edition, repeat=sizes["pdf_repeats"], fresh_process=database_url is not None)
    results["queries"] = measure_queries(sizes["rows"])
    results["organiser_pages"] = _organiser_pages(size)
    results["machine"]["load_at_end"] = list(os.getloadavg())
    return results


def _organiser_pages(size: str, profile_page: str | None = None) -> dict:
    from bench.organiser_pages import measure_organiser_pages

    if size == "tiny":
        return measure_organiser_pages(edition_build=edition_build, entries=6, judges=3, repeats=1,
                                       profile_page=profile_page)
    return measure_organiser_pages(edition_build=edition_build, profile_page=profile_page)


def _postgres_ready() -> bool:
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432"], capture_output=True).returncode == 0


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
        connection.execute(sql)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes, under 2 minutes")
    parser.add_argument("--tiny", action="store_true", help="the self-test's sizes")
    parser.add_argument("--only-load", action="store_true",
                        help="only the judge pages under load (and the peer's review page)")
    parser.add_argument("--no-peer", action="store_true",
                        help="leave out pretalx's review page (bench/peer.py), e.g. on a machine without PyPI")
    parser.add_argument("--only-reveal", action="store_true",
                        help="only the seal and the reveal beside the bare decrypt (printed, latest.json untouched)")
    parser.add_argument("--only-pdfs", action="store_true",
                        help="only the demo edition's certificates (best of 3) beside bare WeasyPrint, and its pack "
                             "(printed, latest.json untouched)")
    parser.add_argument("--only-organiser", action="store_true",
                        help="only the organiser's pages at 500 entries x 100 judges (printed, latest.json untouched)")
    parser.add_argument("--profile-page", metavar="PAGE",
                        help="with --only-organiser: where that page's time goes (cProfile), printed after the figures")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args()
    size = "tiny" if args.tiny else "quick" if args.quick else "full"
    printed_only = args.only_reveal or args.only_pdfs or args.only_organiser
    if shutil.which("wrk") is None and not printed_only:
        sys.exit("wrk is missing: apt-get install -y wrk")
    if not _postgres_ready():
        subprocess.run(["service", "postgresql", "start"], check=False)
        for _ in range(30):
            if _postgres_ready():
                break
            time.sleep(1)
        else:
            sys.exit("PostgreSQL is not running on 127.0.0.1:5432 and could not be started")
    name = f"awards_bench_{os.getpid()}"
    database_url = f"postgres://postgres@127.0.0.1:5432/{name}"
    _admin(f'CREATE DATABASE "{name}"')
    try:
        os.environ["DATABASE_URL"] = database_url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        if args.only_load:
            results = measure_load(sizes=SIZES[size], database_url=database_url, peer=not args.no_peer)
            print(json.dumps(results, indent=2))
        elif args.only_reveal:
            sizes = SIZES[size]
            measured = measure_seal_reveal(
                big=sizes["big"], small=sizes["small"], panel=sizes["panel"], repeats=sizes["repeats"])
            results = dict(zip(("seal", "reveal"), measured[:2], strict=True))
            print(json.dumps(results, indent=2))
        elif args.only_organiser:
            results = {"organiser_pages": _organiser_pages(size, profile_page=args.profile_page)}
            print(json.dumps(results, indent=2))
            from bench.organiser_pages import rows as organiser_rows

            for row in organiser_rows(results["organiser_pages"]):
                print("  ".join(str(cell) for cell in row if cell))
        elif args.only_pdfs:
            results = dict(zip(("certificates", "pack"), measure_certificates(demo_revealed_edition(), repeat=3),
                               strict=True))
            print(json.dumps(results, indent=2))
        else:
            results = measure_all(size=size, database_url=database_url, peer=not args.no_peer)
            print(table(results))
        results["elapsed_seconds"] = round(time.perf_counter() - started, 1)
        if not printed_only:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(results, indent=2) + "\n")
            print(f"written: {args.out}  ({results['elapsed_seconds']} s)")
        connections.close_all()
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
