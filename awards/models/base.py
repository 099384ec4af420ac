"""What the awards models share: where private files are stored, the language test, percent validators."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import get_language


def _english() -> bool:
    return (get_language() or settings.LANGUAGE_CODE).startswith("en")


def private_storage():
    """The storage of private files: settings.STORAGES["default"], which no URL serves (a local folder under
    PRIVATE_FILES_ROOT, or an S3-compatible bucket). Django's lazy `default_storage` follows a change of
    STORAGES or MEDIA_ROOT, so tests can point it at a temporary folder or a bucket."""
    return default_storage


PERCENT_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


def _document_path(instance, filename):
    # The stored name is random; the original name is kept in a field and only ever sent back sanitised.
    return f"entries/{instance.entry_id}/{uuid.uuid4().hex}"

