"""Reads for the key ceremony pages: an edition's active and not-yet-made key, a holder's holdings."""

from django.db.models import QuerySet

from awards.models import Edition
from judging.models import KeyCeremony, KeyHolder


def key_ceremony_active(*, edition: Edition) -> KeyCeremony | None:
    """The key the edition's scorecards are sealed to, if it has been made."""
    return KeyCeremony.objects.filter(edition=edition, is_active=True).first()


def key_ceremony_unmade(*, edition: Edition) -> KeyCeremony | None:
    """A ceremony whose holders are named but whose key is not made yet."""
    return KeyCeremony.objects.filter(edition=edition, made_at__isnull=True).first()


def key_holdings_active(*, user) -> QuerySet[KeyHolder]:
    """The user's holdings of active keys."""
    return KeyHolder.objects.filter(user=user, ceremony__is_active=True).select_related("ceremony__edition")


def key_holdings_unmade(*, user) -> QuerySet[KeyHolder]:
    """The user's holdings of keys not made yet (a holder key still to enrol or check)."""
    return KeyHolder.objects.filter(user=user, ceremony__made_at__isnull=True).select_related("ceremony__edition")
