"""A person's preferences: the language their own e-mails are written in."""

from django.db import transaction

from awards.models import Profile

_LANGUAGES = Profile.Language.values


@transaction.atomic
def profile_language_set(*, user, language: str) -> Profile:
    """Store the language the user reads ("id" or "en"; anything else is ignored and changes nothing)."""
    profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
    if language in _LANGUAGES and profile.language != language:
        profile.language = language
        profile.full_clean()
        profile.save(update_fields=["language"])
    return profile


def profile_language_remember(*, user, language: str) -> None:
    """Store the language the user is reading now, unless they have chosen one already (a first sign-in, such as
    a judge accepting an invitation, tells us their language without asking)."""
    if language in _LANGUAGES and not Profile.objects.filter(user=user).exclude(language="").exists():
        profile_language_set(user=user, language=language)
