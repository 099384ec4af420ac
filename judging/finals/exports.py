"""The finals timetable printed (PDF, through awards.pdf) and as an iCalendar file (.ics), one event per
finalist's slot and per break. Both are for the organisers: they name every finalist and room."""

from datetime import UTC, datetime

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.pdf import render_pdf
from judging.finals.models import FinalsDay
from judging.finals.selectors import at, rooms_with_timetable


def timetable_pdf(*, day: FinalsDay) -> bytes:
    return render_pdf(
        "pdf/finals_timetable.html",
        {
            "day": day,
            "edition": day.round.edition,
            "rooms": rooms_with_timetable(day=day),
            "breaks": list(day.breaks.all()),
            "printed_at": timezone.localtime(),
        },
    )


def timetable_ics(*, day: FinalsDay, now: datetime | None = None) -> bytes:
    """The timetable as iCalendar: stable UIDs (so a calendar updates an event when a slot moves), times in UTC."""
    edition = day.round.edition
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//CCT Awards//Finals timetable//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{edition.name}: {_('Finals day')}")
    stamp = (now or timezone.now()).astimezone(UTC)
    for room in rooms_with_timetable(day=day):
        panel = ", ".join(member.judge.full_name for member in room.panel.all())
        for slot in room.slots.all():
            event = icalendar.Event()
            event.add("uid", f"finals-{day.pk}-entry-{slot.entry_id}@{edition.slug}")
            event.add("dtstamp", stamp)
            event.add("dtstart", at(day.date, slot.starts_at).astimezone(UTC))
            event.add("dtend", at(day.date, slot.ends_at).astimezone(UTC))
            event.add("summary", f"{slot.entry.company.legal_name} ({slot.entry.category.code}): {room.name}")
            event.add("location", ", ".join(part for part in (room.name, day.venue) if part))
            event.add(
                "description",
                _("Category: %(category)s. Panel: %(panel)s.")
                % {"category": slot.entry.category.name, "panel": panel or "–"},
            )
            calendar.add_component(event)
    for pause in day.breaks.all():
        event = icalendar.Event()
        event.add("uid", f"finals-{day.pk}-break-{pause.pk}@{edition.slug}")
        event.add("dtstamp", stamp)
        event.add("dtstart", at(day.date, pause.starts_at).astimezone(UTC))
        event.add("dtend", at(day.date, pause.ends_at).astimezone(UTC))
        event.add("summary", pause.label or _("Break"))
        calendar.add_component(event)
    return calendar.to_ical()
