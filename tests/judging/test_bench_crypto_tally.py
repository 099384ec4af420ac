import pytest

from bench.crypto_tally import run


@pytest.mark.bench
def test_the_crypto_and_tally_benchmark_runs_at_tiny_size():
    timings = run(scorecards=60, categories=2, judges=5)
    assert set(timings) == {"encrypt", "decrypt", "merkle_root", "tally (60 scorecards)"}
