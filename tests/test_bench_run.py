"""Keeps `make bench` (bench/run.py) from rotting: every measure runs at tiny sizes. No timing is asserted."""

import shutil

import pytest
from django.db import connection

from bench.run import measure_all, measure_judge_pages

pytestmark = pytest.mark.slow


@pytest.mark.bench
@pytest.mark.django_db
def test_every_in_process_measure_runs_at_tiny_size_and_query_counts_come_out_equal():
    results = measure_all(size="tiny", database_url=None, skip_load=True)
    assert results["seal"]["scorecards"] == 18  # 6 entries x 3 judges
    assert results["reveal"]["scorecards"] == 18
    assert results["reveal"]["small_scorecards"] == 9
    assert results["certificates"]["count"] > 0
    assert results["pack"]["seconds"] > 0
    for page in ("organiser_edition", "workspace", "results"):
        counts = results["queries"][page]
        assert set(counts) == {"rows_2", "rows_5"}
        assert counts["rows_2"] == counts["rows_5"], page
    from bench.organiser_pages import PAGES

    pages = results["organiser_pages"]
    assert set(pages) == {"edition", "judge_workspace", *PAGES}
    assert all(pages[page]["ms"] > 0 and pages[page]["html_kb"] > 0 for page in (*PAGES, "judge_workspace"))
    assert all(pages[page]["queries"] > 0 for page in (*PAGES, "judge_workspace"))


@pytest.mark.bench
@pytest.mark.django_db(transaction=True)
def test_the_judge_pages_load_runs_against_gunicorn_with_wrk():
    if shutil.which("wrk") is None:
        pytest.skip("wrk is not installed (apt-get install -y wrk): the load part of the benchmark cannot run")
    if connection.vendor != "postgresql":
        pytest.skip("gunicorn must share the test database with this process: only on PostgreSQL (DATABASE_URL)")
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    url = f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    figures = measure_judge_pages(judges=3, requests=100_000, seconds=1, database_url=url)
    assert figures["requests"] > 0
    assert figures["rps"] > 0
    assert figures["bare_rps"] > 0


@pytest.mark.bench
def test_the_bare_benchmark_view_is_routed_only_by_the_bench_settings(client, settings):
    assert settings.ROOT_URLCONF == "config.urls"
    assert client.get("/bench/bare/").status_code == 404
    settings.ROOT_URLCONF = "bench.urls"
    assert client.get("/bench/bare/").content == b"ok\n"


@pytest.mark.bench
def test_a_peer_that_cannot_be_installed_is_skipped_with_pips_reason(tmp_path, monkeypatch):
    import subprocess

    from bench import peer
    from bench.run import table

    monkeypatch.setattr(peer, "VENV", tmp_path / "venv")
    monkeypatch.setattr(peer, "INSTALLED", tmp_path / "venv" / "installed.json")
    monkeypatch.setattr(peer.venv, "create", lambda *args, **kwargs: None)
    refusal = "ERROR: No matching distribution found for pretalx==2025.2.*"
    monkeypatch.setattr(peer.subprocess, "run", lambda *args, **kwargs: subprocess.CompletedProcess(
        args=args, returncode=1, stdout="", stderr=f"Looking in indexes\n{refusal}\n"))
    with pytest.raises(peer.PeerUnavailable, match="No matching distribution found for pretalx"):
        peer.peer_install()
    assert not peer.INSTALLED.exists()  # tried again next run
    printed = table({"seal": {"scorecards": 1, "seconds": 0.1},
                     "reveal": {"scorecards": 1, "seconds": 1, "bare_decrypt_seconds": 1, "ratio": 1,
                                "small_scorecards": 1, "small_seconds": 1, "scaling_16k_over_4k": 1},
                     "queries": {}, "peer": {"skipped": f"pip could not install pretalx: {refusal}"}})
    assert "Peer: pretalx review page  skipped" in printed
