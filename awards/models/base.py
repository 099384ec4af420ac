"""What the awards models share: where private files are stored, the language test, percent validators."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _english() -> bool:
    return (get_language() or settings.LANGUAGE_CODE).startswith("en")


def private_storage():
    """The storage of private files: settings.STORAGES["default"], which no URL serves (a local folder under
    PRIVATE_FILES_ROOT, or an S3-compatible bucket). Django's lazy `default_storage` follows a change of
    STORAGES or MEDIA_ROOT, so tests can point it at a temporary folder or a bucket."""
    return default_storage


PERCENT_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


@deconstructible
class PlausibleRange(MaxValueValidator):
    """A figure must lie in a range a real contact centre can report, with a message that says the range.

    A MaxValueValidator (its limit is ``high``), so Django adds no validator of the database's own limit,
    whose message would quote 9223372036854775807.
    """

    message = _("Enter a number from %(low)s to %(high)s %(unit)s.")
    code = "implausible"

    def __init__(self, low, high, unit=""):
        self.low = low
        self.unit = unit
        super().__init__(high)

    def __call__(self, value):
        if value is None or self.low <= value <= self.limit_value:
            return
        raise ValidationError(
            self.message,
            code=self.code,
            params={
                "low": number_format(self.low, force_grouping=True),
                "high": number_format(self.limit_value, force_grouping=True),
                "unit": self.unit,
            },
        )

    def __eq__(self, other):
        return (
            isinstance(other, PlausibleRange)
            and (self.low, self.limit_value, self.unit) == (other.low, other.limit_value, other.unit)
        )

    def __hash__(self):
        return hash((self.low, self.limit_value, str(self.unit)))


def _document_path(instance, filename):
    # The stored name is random; the original name is kept in a field and only ever sent back sanitised.
    return f"entries/{instance.entry_id}/{uuid.uuid4().hex}"

