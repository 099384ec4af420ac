"""What every judging model shares: the four areas, the score scale and the text limits of a scorecard."""


from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _english() -> bool:
    return (get_language() or settings.LANGUAGE_CODE).startswith("en")


class Area(models.TextChoices):
    """The four areas every entry is judged on, in their canonical order."""

    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    TECHNOLOGY = "technology", _("Technology")
    COMMUNICATION = "communication", _("Communication")
    PEOPLE = "people", _("People and HR")


AREA_ORDER = [Area.INFRASTRUCTURE, Area.TECHNOLOGY, Area.COMMUNICATION, Area.PEOPLE]
SCORE_MIN = 1
SCORE_MAX = 10
# Text limits of a scorecard (characters). With control characters refused, a character takes at most 4 bytes
# of the sealed JSON, so the largest scorecard still fits one padding bucket (judging.sealing): every sealed
# scorecard has the same length.
COMMENT_MAX_LENGTH = 1500
NOTE_MAX_LENGTH = 500


SCORE_BANDS = [(1, 3), (4, 6), (7, 8), (9, 10)]
