"""The edition lifecycle and the NDA texts organisers publish for it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import lifecycle
from awards.audit import audit_append
from awards.models import Edition, NdaVersion


def edition_next_state(*, edition: Edition) -> str | None:
    """The only state the edition may move to next, or None once it is published."""
    return lifecycle.next_state(edition.state)


def _state_label(state: str) -> str:
    return str(Edition.State(state).label)


def registration_open_problems(*, edition: Edition) -> list[str]:
    """What stops registration from opening, one sentence each (empty when it may open)."""
    problems = []
    if not edition.categories.exists():
        problems.append(_("Registration cannot open: the edition has no category yet."))
    if not NdaVersion.objects.filter(
        edition=edition, audience=NdaVersion.Audience.PARTICIPANT, published_at__isnull=False
    ).exists():
        problems.append(_("Registration cannot open: no participant NDA is published yet."))
    return problems


def _check_ready_for_registration(edition: Edition) -> None:
    problems = registration_open_problems(edition=edition)
    if problems:
        raise ValidationError([ValidationError(problem, code="not_ready") for problem in problems])


@transaction.atomic
def edition_transition(*, edition: Edition, to_state: str, actor) -> Edition:
    """Move the edition one step forward along the lifecycle, or refuse with a ValidationError.

    The edition row is locked, so two organisers clicking at once cannot both move it. The caller's
    instance is updated too. Callers with extra conditions (the judging app) check them first, inside
    their own transaction.
    """
    if to_state not in Edition.State.values:
        raise ValidationError(_("“%(state)s” is not an edition state.") % {"state": to_state}, code="unknown_state")
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    current = locked.state
    expected = edition_next_state(edition=locked)
    if to_state == current:
        raise ValidationError(
            _("The edition is already in the state “%(state)s”.") % {"state": _state_label(current)},
            code="same_state",
        )
    if expected is None:
        raise ValidationError(_("A published edition is final; its state cannot change."), code="final")
    if lifecycle.is_backwards(current=current, target=to_state):
        raise ValidationError(
            _("An edition never goes back: it cannot return from “%(current)s” to “%(target)s”.")
            % {"current": _state_label(current), "target": _state_label(to_state)},
            code="backwards",
        )
    if to_state != expected:
        raise ValidationError(
            _("An edition moves one step at a time: from “%(current)s” the next state is “%(next)s”.")
            % {"current": _state_label(current), "next": _state_label(expected)},
            code="skip",
        )
    if lifecycle.phase_of(to_state).registration_open:
        _check_ready_for_registration(locked)
    locked.state = to_state
    locked.full_clean()
    locked.save(update_fields=["state"])
    audit_append(
        action=f"edition.{to_state}", actor=actor, edition=locked, payload={"from": current, "to": to_state}
    )
    edition.state = to_state
    return locked


def _nda_version_store(version: NdaVersion) -> NdaVersion:
    """Save an unpublished version with the hash of its texts; a published one is never changed."""
    if version.pk is not None:
        stored = NdaVersion.objects.select_for_update().get(pk=version.pk)
        if stored.is_published:
            raise ValidationError(_("A published NDA version cannot be changed."), code="published")
    version.published_at = None
    version.text_sha256 = version.compute_sha256()
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def nda_version_create(
    *, edition: Edition, audience: str, version_label: str, title_id: str, title_en: str, text_id: str, text_en: str
) -> NdaVersion:
    """A new, unpublished NDA version; nobody is asked to sign it until it is published."""
    version = NdaVersion(
        edition=edition,
        audience=audience,
        version_label=version_label,
        title_id=title_id,
        title_en=title_en,
        text_id=text_id,
        text_en=text_en,
    )
    return _nda_version_store(version)


@transaction.atomic
def nda_version_update(*, version: NdaVersion) -> NdaVersion:
    """Save edits to an unpublished version (new or existing), recomputing the hash of its texts."""
    return _nda_version_store(version)


@transaction.atomic
def nda_version_publish(*, version: NdaVersion, actor) -> NdaVersion:
    """Publish a version: its texts are hashed and frozen, and it becomes the one to sign."""
    locked = NdaVersion.objects.select_for_update().select_related("edition").get(pk=version.pk)
    if locked.is_published:
        raise ValidationError(
            _("NDA version %(label)s is already published.") % {"label": locked.version_label},
            code="already_published",
        )
    locked.text_sha256 = locked.compute_sha256()
    locked.published_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["text_sha256", "published_at"])
    audit_append(
        action="nda.published",
        actor=actor,
        edition=locked.edition,
        payload={
            "nda_version": locked.pk,
            "audience": locked.audience,
            "version_label": locked.version_label,
            "text_sha256": locked.text_sha256,
        },
    )
    version.text_sha256 = locked.text_sha256
    version.published_at = locked.published_at
    return locked
