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
    """Each test starts with empty caches: allauth remembers used one-time codes and rate limits in the default
    cache, per user id, and the per-server cache keeps rubrics' criteria by id and version; ids repeat from one
    test to the next."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


# --- The standing cast (tests/cast.py) ----------------------------------------------------------------


@pytest.fixture
def people(db):
    """The roles: participant_a/participant_b (contacts of company_a/company_b), judge_user, conflicted_user
    (conflicted with company A in every edition), organiser, key_holder (+ spare_holders), superuser."""
    from tests.cast import people

    return people()


@pytest.fixture
def edition_in(people):
    """`edition_in("sealed")`: an edition of `people` in that state (tests/cast.py `EditionWorld`)."""
    from tests.cast import edition_in_state

    return lambda state, **options: edition_in_state(people, state, **options)


@pytest.fixture
def team(db):
    """The panel team: judges alice and bob (agreement signed), organiser carol, dave for company A."""
    from tests.cast import panel_team

    return panel_team()


@pytest.fixture
def cast(db):
    """The scoring cast in `judging`: alice, bob (conflicted with company B), organiser, admin, outsider
    (mallory), criteria, and three key holders whose holder files are `share_texts` (tests/cast.py
    `scoring_team`; `scoring_team(with_keys=False)` or another state: call it)."""
    from tests.cast import scoring_team

    return scoring_team()
