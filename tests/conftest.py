import pytest


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Uploaded files go to a fresh folder per test, never the developer's var/private."""
    settings.MEDIA_ROOT = tmp_path / "private"
    settings.PRIVATE_FILES_ROOT = settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Argon2 is the production hasher; tests hash many passwords and only need them to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: allauth remembers used one-time codes and rate limits there, per
    user id, and ids repeat from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
