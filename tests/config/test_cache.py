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
