"""The shared cache (settings.CACHES["default"]): what every app server must agree on lives there, such as
allauth's sign-in rate limits and its record of used one-time codes.

The default is Django's database cache in the table `awards_cache` (made by `manage.py migrate`, see
awards/migrations/0006_cache_table.py, and again by `createcachetable`), so several app servers sharing the one
database share it with nothing more to run. With REDIS_URL (or DJANGO_CACHE_URL) set, Redis holds it instead.
"""

from django.core.exceptions import ImproperlyConfigured

CACHE_TABLE = "awards_cache"


def shared_cache(url: str | None) -> dict:
    """The default cache from a URL: unset or ``db://`` is the database table, ``redis://``/``rediss://``/
    ``unix://`` is Redis, ``locmem://`` a per-process memory cache (one server only: tests, development)."""
    if not url or url == "db://":
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE}
    scheme = url.partition("://")[0].lower()
    if scheme in {"redis", "rediss", "unix"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ImproperlyConfigured(
        "DJANGO_CACHE_URL (or REDIS_URL) must start with redis://, rediss://, unix://, db:// or locmem://"
    )
