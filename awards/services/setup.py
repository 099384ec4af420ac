"""Setting an edition up from the organiser's pages: the edition and its timeline, a copy of last year's,
categories, and the certificate signatories with their signature images.

What each state allows is asked of the edition's phase (awards/lifecycle.py). Copying an edition copies
what the awards app owns (categories, agreement texts, signatories) and then whatever other apps register
with ``register_copier`` (the judging app copies rubrics and rounds), never any entrant's data.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from awards.audit import audit_append
from awards.models import Category, Edition, NdaVersion
from awards.uploads import JPEG, PNG, UploadRefused, check_upload

SIGNATURE_MAX_BYTES = 2 * 1024 * 1024

EDITION_FIELDS = (
    "name", "year", "registration_opens", "registration_closes", "judging_opens", "judging_closes",
    "award_night", "venue",
)
TIMELINE_FIELDS = ("registration_opens", "registration_closes", "judging_opens", "judging_closes", "award_night")
CATEGORY_FIELDS = (
    "code", "name_id", "name_en", "description_id", "description_en", "kind", "seat_class",
    "max_entries_per_company", "award_mode", "platinum_threshold", "gold_threshold", "silver_threshold",
    "bronze_threshold", "min_judges", "normalise_scores", "ceremony_order", "call_threshold_seconds",
    "call_target_percent", "call_criterion",
)
SIGNATORY_FIELDS = ("chair_name", "chair_title", "organiser_name", "organiser_title")

Copier = Callable[..., None]
_copiers: list[Copier] = []


def register_copier(copier: Copier) -> None:
    """Add what another app copies from last year's edition (called with ``source=`` and ``target=``)."""
    if copier not in _copiers:
        _copiers.append(copier)


def _check_dates(edition: Edition) -> None:
    if edition.award_night and edition.judging_closes and edition.award_night < edition.judging_closes:
        raise ValidationError({"award_night": _("The award night cannot come before judging closes.")})


def _copy_file(field) -> ContentFile | None:
    if not field:
        return None
    try:
        with field.open("rb") as handle:
            return ContentFile(handle.read(), name=field.name.rsplit("/", 1)[-1])
    except FileNotFoundError:
        return None


@transaction.atomic
def edition_create(*, actor, slug: str, copy_from: Edition | None = None, **fields) -> Edition:
    """A new edition in draft; with ``copy_from``, last year's categories, agreement texts (as unpublished
    drafts, to be read and published again), signatories, reminder setting, and what other apps copy (rubrics,
    rounds)."""
    edition = Edition(slug=slug, state=Edition.State.DRAFT, **{name: fields[name] for name in EDITION_FIELDS})
    if copy_from is not None:
        for name in SIGNATORY_FIELDS:
            setattr(edition, name, getattr(copy_from, name))
        edition.reminder_days = copy_from.reminder_days
    edition.full_clean()
    _check_dates(edition)
    if copy_from is not None:
        for name in ("chair_signature", "organiser_signature"):
            copied = _copy_file(getattr(copy_from, name))
            if copied is not None:
                getattr(edition, name).save(copied.name, copied, save=False)
    edition.save()
    if copy_from is not None:
        _copy_awards_setup(source=copy_from, target=edition)
        for copier in _copiers:
            copier(source=copy_from, target=edition)
    audit_append(
        action="edition.created", actor=actor, edition=edition,
        payload={"slug": edition.slug, "copied_from": copy_from.slug if copy_from else None},
    )
    return edition


def _copy_awards_setup(*, source: Edition, target: Edition) -> None:
    for category in Category.objects.filter(edition=source).order_by("ceremony_order", "code"):
        copy = Category(edition=target, **{name: getattr(category, name) for name in CATEGORY_FIELDS})
        copy.full_clean()
        copy.save()
    for audience in NdaVersion.Audience.values:
        latest = (
            NdaVersion.objects.filter(edition=source, audience=audience, published_at__isnull=False)
            .order_by("-published_at", "-pk")
            .first()
        )
        if latest is None:
            continue
        draft = NdaVersion(
            edition=target, audience=audience, version_label=latest.version_label, title_id=latest.title_id,
            title_en=latest.title_en, text_id=latest.text_id, text_en=latest.text_en,
        )
        draft.text_sha256 = draft.compute_sha256()
        draft.full_clean()
        draft.save()


@transaction.atomic
def edition_update(*, edition: Edition, actor, **fields) -> Edition:
    """Change the edition's name, year, venue and dates. The dates move only while the phase allows it
    (``timeline_open``: until the judging is sealed, so a judging deadline can be extended)."""
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    changed = {name: value for name, value in fields.items() if getattr(locked, name) != value}
    if any(name in TIMELINE_FIELDS for name in changed) and not locked.phase.timeline_open:
        raise ValidationError(
            _("The dates of an edition in “%(state)s” can no longer change.") % {"state": locked.get_state_display()}
        )
    before = {name: str(getattr(locked, name)) for name in changed}
    for name, value in changed.items():
        setattr(locked, name, value)
    locked.full_clean()
    _check_dates(locked)
    locked.save()
    if changed:
        audit_append(
            action="edition.updated", actor=actor, edition=locked,
            payload={"before": before, "after": {name: str(value) for name, value in changed.items()}},
        )
    return locked


def _check_setup_open(edition: Edition) -> None:
    if not edition.phase.setup_open:
        raise ValidationError(
            _("Categories can change only before judging opens; the edition is in “%(state)s”.")
            % {"state": edition.get_state_display()}
        )


@transaction.atomic
def category_create(*, edition: Edition, actor, **fields) -> Category:
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    _check_setup_open(locked)
    category = Category(edition=locked, **{name: fields[name] for name in CATEGORY_FIELDS})
    category.full_clean()
    category.save()
    audit_append(action="category.created", actor=actor, edition=locked, payload={"code": category.code})
    return category


@transaction.atomic
def category_update(*, category: Category, actor, **fields) -> Category:
    locked_edition = Edition.objects.select_for_update().get(pk=category.edition_id)
    _check_setup_open(locked_edition)
    locked = Category.objects.select_for_update().get(pk=category.pk)
    if fields.get("code", locked.code) != locked.code and locked.entries.exists():
        raise ValidationError({"code": _("The code of a category with entries cannot change.")})
    for name in CATEGORY_FIELDS:
        if name in fields:
            setattr(locked, name, fields[name])
    locked.full_clean()
    locked.save()
    audit_append(action="category.updated", actor=actor, edition=locked_edition, payload={"code": locked.code})
    return locked


@transaction.atomic
def category_delete(*, category: Category, actor) -> None:
    locked_edition = Edition.objects.select_for_update().get(pk=category.edition_id)
    _check_setup_open(locked_edition)
    locked = Category.objects.select_for_update().get(pk=category.pk)
    if locked.entries.exists():
        raise ValidationError(_("A category with entries cannot be deleted."))
    code = locked.code
    locked.delete()
    audit_append(action="category.deleted", actor=actor, edition=locked_edition, payload={"code": code})


def _signature_checked(uploaded) -> None:
    """A signature image: PNG or JPEG by its content, small, and one Pillow can read."""
    checked = check_upload(uploaded, max_bytes=SIGNATURE_MAX_BYTES)
    if checked.file_type not in (PNG, JPEG):
        raise UploadRefused(
            _("“%(name)s” was not accepted: a signature image must be a PNG or JPEG file.") % {"name": checked.name}
        )
    from PIL import Image

    try:
        uploaded.seek(0)
        with Image.open(uploaded) as image:
            image.verify()
    except Exception as exc:  # noqa: BLE001  Pillow raises many kinds for a damaged image
        raise UploadRefused(
            _("“%(name)s” was not accepted: the image cannot be read.") % {"name": checked.name}
        ) from exc
    finally:
        uploaded.seek(0)
    uploaded.name = checked.name


@transaction.atomic
def signatories_update(
    *, edition: Edition, actor, chair_signature=None, organiser_signature=None, **names
) -> Edition:
    """Change the certificate signatories and, when a file is given, their signature images."""
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if not locked.phase.signatories_open:
        raise ValidationError(_("The certificates of a published edition can no longer change."))
    for image in (chair_signature, organiser_signature):
        if image is not None:
            _signature_checked(image)
    for name in SIGNATORY_FIELDS:
        if name in names:
            setattr(locked, name, names[name])
    locked.full_clean()
    if chair_signature is not None:
        locked.chair_signature.save(chair_signature.name, chair_signature, save=False)
    if organiser_signature is not None:
        locked.organiser_signature.save(organiser_signature.name, organiser_signature, save=False)
    locked.save()
    audit_append(
        action="edition.signatories", actor=actor, edition=locked,
        payload={
            **{name: getattr(locked, name) for name in SIGNATORY_FIELDS},
            "chair_signature": bool(chair_signature), "organiser_signature": bool(organiser_signature),
        },
    )
    return locked
