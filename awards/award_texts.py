"""Fixed bilingual wording of awards, for certificates, the stage and the public pages.

Certificates, the running order and the presenter screen always show Indonesian with English
beneath, whatever the reader's language, so these texts are data (both languages at once), not
messages for the translation catalogue.
"""

from django.utils import formats, timezone, translation

from awards.models import Award, Edition

# kind -> (Indonesian, English)
AWARD_LABELS: dict[str, tuple[str, str]] = {
    Award.Kind.WINNER: ("Juara 1", "Winner"),
    Award.Kind.FIRST_RUNNER_UP: ("Juara 2", "1st Runner-up"),
    Award.Kind.SECOND_RUNNER_UP: ("Juara 3", "2nd Runner-up"),
    Award.Kind.PLATINUM: ("Platinum", "Platinum"),
    Award.Kind.GOLD: ("Emas", "Gold"),
    Award.Kind.SILVER: ("Perak", "Silver"),
    Award.Kind.BRONZE: ("Perunggu", "Bronze"),
}

JOINT_LABEL = ("bersama", "joint")


def award_label_id(award: Award) -> str:
    label = AWARD_LABELS[award.kind][0]
    return f"{label} ({JOINT_LABEL[0]})" if award.joint else label


def award_label_en(award: Award) -> str:
    label = AWARD_LABELS[award.kind][1]
    return f"{label} ({JOINT_LABEL[1]})" if award.joint else label


def award_night_dates(edition: Edition) -> tuple[str, str]:
    """The award-night date written out in Indonesian and in English, in the site's time zone."""
    moment = timezone.localtime(edition.award_night)
    texts = []
    for language in ("id", "en"):
        with translation.override(language):
            texts.append(formats.date_format(moment, "j F Y"))
    return texts[0], texts[1]
