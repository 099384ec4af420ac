"""The app's settings plus the benchmark's bare view (bench/urls.py); only `make bench` serves with these."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
