"""The shared cache (config/cache.py): the database table by default, made by migrate; Redis by URL."""

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from config.cache import CACHE_TABLE, shared_cache


def test_by_default_the_cache_is_the_database_table_that_migrate_made(db):
    assert shared_cache(None) == {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE}
    assert CACHE_TABLE in connection.introspection.table_names()
    caches["default"].set("probe", "shared", 30)
    with connection.cursor() as cursor:  # in the table every app server reads, not in this process's memory
        cursor.execute(f"SELECT COUNT(*) FROM {CACHE_TABLE}")  # noqa: S608 (a constant)
        assert cursor.fetchone() == (1,)


@pytest.mark.parametrize("url", ["redis://cache:6379/1", "rediss://:secret@cache.example:6380/0", "unix:///run/r.sock"])
def test_a_redis_url_makes_redis_the_cache(url):
    assert shared_cache(url) == {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}


def test_an_unknown_cache_url_stops_the_start_without_echoing_it():
    with pytest.raises(ImproperlyConfigured, match="must start with redis://") as refused:
        shared_cache("memcached://:secret@cache:11211")
    assert "secret" not in str(refused.value)


@pytest.fixture
def redis_socket(tmp_path):
    """A throw-away redis-server on a Unix socket in the test's folder (no port, no disk writes)."""
    import shutil
    import subprocess
    import time

    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    socket_path = tmp_path / "redis.sock"
    server = subprocess.Popen(
        ["redis-server", "--port", "0", "--unixsocket", str(socket_path), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while not socket_path.exists():
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail("redis-server did not start")
            time.sleep(0.1)
        yield f"unix://{socket_path}"
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_with_redis_configured_the_health_check_and_the_sign_in_limit_use_it(client, settings, redis_socket, db):
    """REDIS_URL's cache: /health/ writes and reads it, and allauth's failed sign-in limit is counted there."""
    import redis

    settings.CACHES = {"default": shared_cache(redis_socket)}
    health = client.get("/health/?format=json")
    assert health.status_code == 200 and health.json()["Cache(alias='default')"] == "OK"

    for attempt in range(10):
        client.post("/accounts/login/", {"login": f"nobody-{attempt}@example.test", "password": "wrong-password"})
    refused = client.post("/accounts/login/", {"login": "someone@example.test", "password": "wrong-password"})
    assert "Too many failed login attempts" in refused.text
    keys = redis.Redis(unix_socket_path=redis_socket.removeprefix("unix://")).keys("*")
    assert any(b"login_failed" in key for key in keys)
    caches["default"].clear()
