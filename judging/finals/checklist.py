"""The finals day's step of the organiser's checklist (awards/checklist.py asks it through its registry): what is
ready for the day and what still blocks it: the day itself, rooms, each room's panel and chair, finalists without
a slot, final presentations not in yet. Shown for an edition whose final round has presentations: it follows an
earlier round (the finalists present), or the organiser has set a finals day for it."""

from django.db.models import Exists
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards import lifecycle
from awards.checklist import Step
from awards.models import Edition
from judging.finals.selectors import finals_readiness, timetable_editable
from judging.models import Round


def _problems(readiness) -> list[str]:
    problems = []
    if not readiness.rooms:
        problems.append(_("No rooms yet: add the rooms where the finalists present."))
    if readiness.rooms_without_panel:
        names = readiness.rooms_without_panel
        problems.append(
            ngettext("A room has no panel yet: %(rooms)s.", "%(count)d rooms have no panel yet: %(rooms)s.", len(names))
            % {"count": len(names), "rooms": ", ".join(names)}
        )
    if readiness.rooms_without_chair:
        names = readiness.rooms_without_chair
        problems.append(
            ngettext("A room has no chair yet: %(rooms)s.", "%(count)d rooms have no chair yet: %(rooms)s.", len(names))
            % {"count": len(names), "rooms": ", ".join(names)}
        )
    if readiness.unscheduled:
        problems.append(
            ngettext(
                "%(count)d finalist has no slot yet: generate the timetable or adjust it.",
                "%(count)d finalists have no slot yet: generate the timetable or adjust it.",
                readiness.unscheduled,
            )
            % {"count": readiness.unscheduled}
        )
    if readiness.presentations_missing:
        problems.append(
            ngettext(
                "%(count)d finalist has not uploaded its final presentation yet.",
                "%(count)d finalists have not uploaded their final presentation yet.",
                readiness.presentations_missing,
            )
            % {"count": readiness.presentations_missing}
        )
    return problems


def finals_steps(edition: Edition) -> list[Step]:
    # One query for an edition without a finals day: the checklist is read on every visit of the edition's page.
    final = (
        Round.objects.filter(edition=edition, is_final=True)
        .annotate(earlier=Exists(Round.objects.filter(edition=edition, is_final=False)))
        .select_related("finals_day", "edition")
        .first()
    )
    if final is None:
        return []
    day = getattr(final, "finals_day", None)
    if day is None and not final.earlier:
        return []  # a single round judged at the desk: no finals day
    url = reverse("judging:finals", args=[edition.slug])
    common = {
        "order": 105,
        "key": "finals_day",
        "title": _("Finals day"),
        "url": url,
        "action": _("Finals day"),
        "until": lifecycle.State.SEALED,
    }
    if day is None:
        if not timetable_editable(round=final):
            return [Step(done=False, detail=_("The finals day can be set once the finalists are known."), **common)]
        return [Step(done=False, problems=(_("The finals day is not set yet: its date, hours and slots."),), **common)]
    readiness = finals_readiness(day=day)
    problems = _problems(readiness)
    detail = [
        formats.date_format(day.date, "j M Y"),
        ngettext("%(count)d room", "%(count)d rooms", readiness.rooms) % {"count": readiness.rooms},
        _("%(scheduled)d of %(finalists)d finalists scheduled")
        % {"scheduled": readiness.scheduled, "finalists": readiness.finalists},
        _("%(uploaded)d of %(scheduled)d presentations uploaded")
        % {"uploaded": readiness.presentations_uploaded, "scheduled": readiness.scheduled},
    ]
    if day.presentation_deadline is not None and readiness.presentations_missing:
        detail.append(
            _("due by %(deadline)s")
            % {"deadline": formats.date_format(timezone.localtime(day.presentation_deadline), "j M Y H:i")}
        )
    return [
        Step(
            done=readiness.finalists > 0 and not problems,
            detail=" · ".join(detail) + ".",
            problems=tuple(problems),
            **common,
        )
    ]
