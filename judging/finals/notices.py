"""The participant dashboard's notice of a company's finals slot (awards.dashboard_notices)."""

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from awards.dashboard_notices import Notice
from awards.models import Company
from judging.finals.models import FinalsSlot


def finals_notices(company: Company) -> list[Notice]:
    """One notice per slot of the company on a finals day: its room and time, and a link to its own page."""
    slots = (
        FinalsSlot.objects.filter(entry__company=company)
        .select_related("room", "day__round__edition", "entry__category")
        .order_by("day__date", "starts_at")
    )
    return [
        Notice(
            title=_("Finals day: %(edition)s") % {"edition": slot.day.round.edition.name},
            text=_("%(category)s: you present in %(room)s on %(date)s at %(time)s.")
            % {
                "category": slot.entry.category.name,
                "room": slot.room.name,
                "date": formats.date_format(slot.day.date, "l j F Y"),
                "time": slot.starts_at.strftime("%H:%M"),
            },
            url=reverse("judging:finals_mine", kwargs={"slug": slot.day.round.edition.slug}),
            link_text=_("Your finals slot"),
        )
        for slot in slots
    ]
