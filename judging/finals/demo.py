"""The demo's finals day for the two-round edition: four rooms with a panel of three (one chairing), a lunch
break, the generated timetable, and what the finalists gave (every one names its presenters, all but every third
uploaded its final presentation), so a new user sees the finals day from every side. The finals panel is
the rooms' panels: the category-panel assignments the demo made for the final round give way to them."""

from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import escape

from awards.models import Edition
from awards.pdf import render_html_pdf
from judging.finals import timetable
from judging.finals.models import FinalsDay, FinalsSlot
from judging.finals.selectors import finalists_for
from judging.finals.services import (
    finals_day_save,
    finals_room_add,
    presentation_upload,
    presenters_set,
    room_panel_add,
    timetable_generate,
)
from judging.models import Assignment, ConflictDeclaration, Judge, Round, ScorecardDraft, SealedScorecard

ROOMS = ["Ruang Melati / Room A", "Ruang Anggrek / Room B", "Ruang Mawar / Room C", "Ruang Kenanga / Room D"]
PANEL_SIZE = 3
INSTRUCTIONS = (
    "Datang 30 menit sebelum slot Anda dan lapor ke meja registrasi. Presentasi 20 menit, tanya jawab 10 menit.\n"
    "Arrive 30 minutes before your slot and check in at the registration desk. 20 minutes of presentation, "
    "10 minutes of questions."
)


PRESENTERS = [
    "Rina Hakim (Head of Customer Experience)",
    "Dimas Pratama (Workforce Manager)",
    "Sari Wulandari (Quality Lead)",
    "Agus Setiawan (Contact Centre Director)",
]


def _finalists_give(*, day: FinalsDay) -> int:
    """Each scheduled finalist names who presents (in an individual category, its nominee first) and all but every
    third upload their final presentation (one small PDF laid out once, under the company's name): the
    organiser's page then shows both, and its checklist what is still missing. Returns the uploads."""
    deck = render_html_pdf(
        "<html><body><h1>Final presentation</h1><p>Presentasi final (demo)</p>"
        f"<p>{escape(day.round.edition.name)}</p></body></html>"
    )
    slots = FinalsSlot.objects.filter(day=day).select_related("entry__company", "entry__category", "entry__created_by")
    uploads = 0
    for position, slot in enumerate(slots.order_by("entry__category__ceremony_order", "entry__company__legal_name")):
        entry = slot.entry
        presenters = PRESENTERS[position % len(PRESENTERS)]
        if entry.category.is_individual and entry.nominee_name:
            presenters = f"{entry.nominee_name}, {presenters}"
        presenters_set(day=day, entry=entry, presenters=presenters, user=entry.created_by)
        if position % 3 != 2:
            name = f"{entry.company.legal_name} - {entry.category.code} final.pdf"
            presentation_upload(
                day=day,
                entry=entry,
                uploaded_file=SimpleUploadedFile(name, deck, content_type="application/pdf"),
                user=entry.created_by,
            )
            uploads += 1
    return uploads


def _panels(*, judges: list[Judge], finalists, conflicts: set[tuple[int, int]]) -> list[list[Judge]]:
    """Panels of PANEL_SIZE judges for the rooms, taken in pseudonym order, with which every finalist has at least
    one room free of conflicts (the generator then finds a timetable)."""
    ordered = sorted(judges, key=lambda judge: judge.pseudonym)
    for shift in range(len(ordered)):
        turned = ordered[shift:] + ordered[:shift]
        panels = [turned[i * PANEL_SIZE : (i + 1) * PANEL_SIZE] for i in range(len(ROOMS))]
        rooms = [timetable.Room(id=i, judges=frozenset(j.pk for j in panel)) for i, panel in enumerate(panels)]
        plain = [timetable.Finalist(entry=e.pk, company=e.company_id) for e in finalists]
        if all(timetable.eligible_rooms(f, rooms, conflicts) for f in plain):
            return panels
    raise RuntimeError("No demo panels leave every finalist a room without a conflict.")


def build_finals_day_demo(*, edition: Edition, actor) -> str:
    final = Round.objects.get(edition=edition, is_final=True)
    today = timezone.localdate()
    date = today + timedelta(days=2)
    day = finals_day_save(
        edition=edition,
        date=date,
        starts_at=time(8, 0),
        ends_at=time(18, 30),
        slot_minutes=30,
        changeover_minutes=10,
        venue="Hotel Mulia Senayan, Jakarta",
        instructions=INSTRUCTIONS,
        presentation_deadline=timezone.make_aware(datetime.combine(date - timedelta(days=1), time(17, 0))),
        breaks=[(time(12, 0), time(13, 0), "Istirahat siang / Lunch")],
        actor=actor,
    )
    finalists = finalists_for(round=final)
    conflicts = set(ConflictDeclaration.objects.filter(judge__edition=edition).values_list("judge_id", "company_id"))
    panels = _panels(judges=list(Judge.objects.filter(edition=edition)), finalists=finalists, conflicts=conflicts)
    for name, panel in zip(ROOMS, panels, strict=True):
        room = finals_room_add(day=day, name=name, actor=actor)
        for position, judge in enumerate(panel):
            room_panel_add(room=room, judge=judge, is_chair=position == 0, actor=actor)
    slots = timetable_generate(day=day, actor=actor)
    uploads = _finalists_give(day=day)
    # The rooms' panels are the finals panel: drop the demo's other final-round assignments nobody worked on.
    seated = [judge.pk for panel in panels for judge in panel]
    worked = set(SealedScorecard.objects.filter(round=final).values_list("entry_id", "judge_id")) | set(
        ScorecardDraft.objects.filter(round=final).values_list("entry_id", "judge_id")
    )
    for assignment in Assignment.objects.filter(round=final).exclude(judge_id__in=seated):
        if (assignment.entry_id, assignment.judge_id) not in worked:
            assignment.delete()
    return f"finals day {day.date}: {len(ROOMS)} rooms, {slots} slots, {uploads} final presentations uploaded"
