"""What the awards models share: where private files are stored, the language test, percent validators."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import get_language


def _english() -> bool:
    return (get_language() or settings.LANGUAGE_CODE).startswith("en")


def private_storage():
    """Uploaded files live under MEDIA_ROOT (= PRIVATE_FILES_ROOT), which no URL serves.

    The storage reads MEDIA_ROOT lazily, so tests can point it at a temporary folder.
    """
    return FileSystemStorage()


PERCENT_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


def _document_path(instance, filename):
    # The stored name is random; the original name is kept in a field and only ever sent back sanitised.
    return f"entries/{instance.entry_id}/{uuid.uuid4().hex}"

