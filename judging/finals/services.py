"""Writes of the finals day: the day's settings and breaks, rooms and their panels, the generated timetable and
its adjustments by hand, the finalist's presenters and final presentation, a judge's private interview notes.

Every change is checked whole by judging.finals.timetable.problems_of before anything is saved: a bad timetable
is refused with its problems worded for the organiser, and nothing changes. Each room's panel is assigned to the
finalists of its room in the final round, so its judges open the (existing) scorecard for them.
"""

from datetime import datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from awards.audit import audit_append
from awards.models import Edition, Entry
from awards.uploads import check_upload, sanitise_name
from judging import sealing
from judging.finals import timetable
from judging.finals.models import (
    INTERVIEW_NOTE_MAX_LENGTH,
    FinalsBreak,
    FinalsDay,
    FinalsPresentation,
    FinalsRoom,
    FinalsSlot,
    InterviewNote,
    RoomPanelMember,
)
from judging.finals.selectors import (
    Plain,
    clock,
    finalists_for,
    interview_notes_open,
    minutes,
    plain_of,
    timetable_editable,
)
from judging.models import Assignment, Judge, Round, ScorecardDraft, SealedScorecard
from judging.services.assignments import assignment_add
from judging.services.conflicts import conflicts_refresh_automatic
from judging.services.drafts import draft_current_key, draft_keys
from judging.services.seal import edition_lock


def _ensure_editable(round: Round) -> None:  # noqa: A002
    if not timetable_editable(round=round):
        raise ValidationError(
            _(
                "The finals timetable can change only while the final round takes assignments: its finalists are "
                "known and it is not sealed. Nothing was saved."
            )
        )


def _locked_day(day: FinalsDay) -> FinalsDay:
    """The day's row locked: two organisers editing the timetable at once take turns."""
    return FinalsDay.objects.select_for_update().select_related("round__edition").get(pk=day.pk)


def _names(day: FinalsDay) -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    entries = {e.pk: f"{e.company.legal_name} ({e.category.code})" for e in finalists_for(round=day.round)}
    rooms = dict(FinalsRoom.objects.filter(day=day).values_list("pk", "name"))
    judges = dict(Judge.objects.filter(edition_id=day.round.edition_id).values_list("pk", "full_name"))
    return entries, rooms, judges


def problem_messages(*, day: FinalsDay, problems: list[timetable.Problem]) -> list[str]:
    """Each problem as a sentence for the organiser, in their language."""
    entries, rooms, judges = _names(day)
    texts = {
        "judge_in_two_rooms": _("%(judge)s sits on two room panels: a judge can be in one room at a time."),
        "no_room_without_conflict": _(
            "%(entry)s has no room whose panel is free of conflicts of interest: change a panel first."
        ),
        "not_enough_slots": _(
            "%(entry)s does not fit: the day has too few slots. Add a room, shorten the slots or the breaks, or "
            "end the day later."
        ),
        "not_scheduled": _("%(entry)s has no slot."),
        "scheduled_twice": _("%(entry)s has more than one slot."),
        "not_a_finalist": _("%(entry)s is not a finalist."),
        "wrong_length": _("The slot of %(entry)s does not last the day's slot length."),
        "outside_day": _("The slot of %(entry)s is outside the finals day."),
        "in_break": _("The slot of %(entry)s overlaps a break."),
        "no_such_room": _("The slot of %(entry)s is in a room that does not exist."),
        "conflicted_judge": _("%(judge)s, on the panel of %(room)s, declared a conflict of interest with %(entry)s."),
        "overlap": _("In %(room)s the slots of %(other)s and %(entry)s overlap."),
    }
    messages = []
    for problem in problems:
        messages.append(
            texts[problem.code]
            % {
                "entry": entries.get(problem.entry, "?"),
                "room": rooms.get(problem.room, "?"),
                "judge": judges.get(problem.judge, "?"),
                "other": entries.get(problem.other_entry, "?"),
            }
        )
    return list(dict.fromkeys(messages))


def _refuse_problems(day: FinalsDay, problems: list[timetable.Problem]) -> None:
    if problems:
        raise ValidationError(problem_messages(day=day, problems=problems))


def _refuse_bad_placements(day: FinalsDay, plain: Plain, placements: list[timetable.Placement]) -> None:
    """Refuse placements of the day (saved or proposed) that have a problem, each worded for the organiser."""
    _refuse_problems(
        day,
        timetable.problems_of(
            day=plain.day,
            rooms=plain.rooms,
            finalists=plain.finalists,
            placements=placements,
            conflicts=plain.conflicts,
        ),
    )


def _check(day: FinalsDay) -> None:
    """Refuse (inside the caller's transaction, which then rolls back) when the saved timetable has a problem."""
    plain = plain_of(day=day)
    if plain.placements:
        _refuse_bad_placements(day, plain, plain.placements)


def _assign_room_panels(day: FinalsDay, actor) -> int:
    """Put each room's judges on the finalists of their room in the final round (those assignments that are not
    there yet), and take a room judge off a finalist of another room while nothing of theirs depends on it."""
    round_ = day.round
    slots = list(FinalsSlot.objects.filter(day=day).select_related("entry__category__edition", "entry__company"))
    members = list(RoomPanelMember.objects.filter(day=day).select_related("judge"))
    existing = set(Assignment.objects.filter(round=round_).values_list("entry_id", "judge_id"))
    wanted = {(s.entry_id, m.judge_id) for s in slots for m in members if m.room_id == s.room_id}
    added = 0
    for slot in slots:
        for member in members:
            if member.room_id == slot.room_id and (slot.entry_id, member.judge_id) not in existing:
                assignment_add(round=round_, entry=slot.entry, judge=member.judge, actor=actor)
                added += 1
    scheduled = {s.entry_id for s in slots}
    room_judges = {m.judge_id for m in members}
    for entry_id, judge_id in existing - wanted:
        if entry_id not in scheduled or judge_id not in room_judges:
            continue
        worked = (
            SealedScorecard.objects.filter(round=round_, entry_id=entry_id, judge_id=judge_id).exists()
            or ScorecardDraft.objects.filter(round=round_, entry_id=entry_id, judge_id=judge_id).exists()
        )
        if not worked:
            Assignment.objects.filter(round=round_, entry_id=entry_id, judge_id=judge_id).delete()
    return added


# --- The day -------------------------------------------------------------------------------------------------


@transaction.atomic
def finals_day_save(
    *,
    edition: Edition,
    date,
    starts_at: time,
    ends_at: time,
    slot_minutes: int,
    changeover_minutes: int,
    venue: str = "",
    instructions: str = "",
    presentation_deadline: datetime | None = None,
    breaks: list[tuple[time, time, str]] = (),
    actor,
) -> FinalsDay:
    """Create or change the finals day of the edition's final round, with its breaks (replaced as a whole).
    Refused when a break falls outside the day or two breaks overlap, or when the slots already scheduled would
    no longer fit."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    round_ = Round.objects.filter(edition=edition, is_final=True).first()
    if round_ is None:
        raise ValidationError(_("This edition has no final round yet: set up its rounds first."))
    _ensure_editable(round_)
    day = FinalsDay.objects.filter(round=round_).first() or FinalsDay(round=round_)
    day.date, day.starts_at, day.ends_at = date, starts_at, ends_at
    day.slot_minutes, day.changeover_minutes = slot_minutes, changeover_minutes
    day.venue, day.instructions, day.presentation_deadline = venue, instructions, presentation_deadline
    day.full_clean()
    spans = sorted((minutes(start), minutes(end), label) for start, end, label in breaks)
    for start, end, _label in spans:
        if end <= start:
            raise ValidationError(_("A break must end after it starts."))
        if start < minutes(starts_at) or end > minutes(ends_at):
            raise ValidationError(_("A break must be inside the finals day."))
    for earlier, later in zip(spans, spans[1:], strict=False):
        if later[0] < earlier[1]:
            raise ValidationError(_("Two breaks overlap."))
    day.save()
    FinalsBreak.objects.filter(day=day).delete()
    for start, end, label in spans:
        pause = FinalsBreak(day=day, starts_at=clock(start), ends_at=clock(end), label=label)
        pause.full_clean()
        pause.save()
    _check(day)
    audit_append(action="finals.day_saved", actor=actor, edition=edition, payload={"date": str(date)})
    return day


# --- Rooms and panels ----------------------------------------------------------------------------------------


@transaction.atomic
def finals_room_add(*, day: FinalsDay, name: str, actor) -> FinalsRoom:
    day = _locked_day(day)
    _ensure_editable(day.round)
    name = name.strip()
    if FinalsRoom.objects.filter(day=day, name__iexact=name).exists():
        raise ValidationError(_("There is already a room called %(name)s.") % {"name": name})
    order = FinalsRoom.objects.filter(day=day).count()
    room = FinalsRoom(day=day, name=name, order=order)
    room.full_clean()
    room.save()
    return room


@transaction.atomic
def finals_room_remove(*, room: FinalsRoom, actor) -> None:
    day = _locked_day(room.day)
    _ensure_editable(day.round)
    if FinalsSlot.objects.filter(room=room).exists():
        raise ValidationError(
            _("%(name)s has finalists scheduled: move them or generate the timetable again first.")
            % {"name": room.name}
        )
    room.delete()


@transaction.atomic
def room_panel_add(*, room: FinalsRoom, judge: Judge, is_chair: bool, actor) -> RoomPanelMember:
    """Seat a judge on a room's panel (and, if asked, make them its chair). Refused for a judge of another
    edition, a judge already in another room, or a judge conflicted with a finalist scheduled in the room."""
    day = _locked_day(room.day)
    _ensure_editable(day.round)
    if judge.edition_id != day.round.edition_id:
        raise ValidationError(_("This judge is not on this edition's panel."))
    seat = RoomPanelMember.objects.filter(day=day, judge=judge).select_related("room").first()
    if seat is not None:
        raise ValidationError(
            _("%(judge)s already sits on the panel of %(room)s: a judge can be in one room at a time.")
            % {"judge": judge.full_name, "room": seat.room.name}
        )
    conflicts_refresh_automatic(judge=judge)
    if is_chair:
        RoomPanelMember.objects.filter(room=room, is_chair=True).update(is_chair=False)
    member = RoomPanelMember(day=day, room=room, judge=judge, is_chair=is_chair)
    member.full_clean(validate_constraints=False)
    member.save()
    _check(day)
    _assign_room_panels(day, actor)
    return member


@transaction.atomic
def room_panel_remove(*, member: RoomPanelMember, actor) -> None:
    """Take a judge off a room's panel. Their assignments stay: they may have scored already."""
    day = _locked_day(member.day)
    _ensure_editable(day.round)
    member.delete()


# --- The timetable ------------------------------------------------------------------------------------------


def _write_placements(day: FinalsDay, placements: list[timetable.Placement]) -> None:
    FinalsSlot.objects.filter(day=day).delete()
    FinalsSlot.objects.bulk_create(
        [
            FinalsSlot(day=day, room_id=p.room, entry_id=p.entry, starts_at=clock(p.starts), ends_at=clock(p.ends))
            for p in placements
        ]
    )


def _placements_replace(day: FinalsDay, plain: Plain, placements: list[timetable.Placement], actor) -> None:
    """A change by hand: the whole timetable checked with it (refused with its problems, nothing saved), then
    written, and each room's panel assigned to the finalists now in its room."""
    _refuse_bad_placements(day, plain, placements)
    _write_placements(day, placements)
    _assign_room_panels(day, actor)


@transaction.atomic
def timetable_generate(*, day: FinalsDay, actor) -> int:
    """Replace the timetable by a generated draft (judging.finals.timetable.generate); returns the slots made.
    What the finalists gave (presenters, presentations) stays. Refused with its reasons, nothing changed."""
    day = _locked_day(day)
    _ensure_editable(day.round)
    for member in RoomPanelMember.objects.filter(day=day).select_related("judge__user", "judge__edition"):
        conflicts_refresh_automatic(judge=member.judge)  # the e-mail domain conflicts, as the assigner sees them
    plain = plain_of(day=day)
    if not plain.rooms:
        raise ValidationError(_("Add a room first."))
    if not plain.finalists:
        raise ValidationError(_("The final round has no finalists yet."))
    try:
        placements = timetable.generate(
            day=plain.day, rooms=plain.rooms, finalists=plain.finalists, conflicts=plain.conflicts
        )
    except timetable.TimetableError as error:
        _refuse_problems(day, error.problems)
    _write_placements(day, placements)
    _check(day)
    _assign_room_panels(day, actor)
    audit_append(
        action="finals.timetable_generated", actor=actor, edition=day.round.edition, payload={"slots": len(placements)}
    )
    return len(placements)


@transaction.atomic
def slot_move(*, slot: FinalsSlot, room: FinalsRoom, starts_at: time, actor) -> FinalsSlot:
    """Move one finalist's slot to another time and/or room (same length). Refused when the result overlaps
    another slot or a break, leaves the day, or puts the finalist before a conflicted judge."""
    day = _locked_day(slot.day)
    _ensure_editable(day.round)
    if room.day_id != day.pk:
        raise ValidationError(_("This room is not on this finals day."))
    start = minutes(starts_at)
    end = start + day.slot_minutes
    if end >= 24 * 60:
        raise ValidationError(_("The slot of this finalist would end after midnight: it is outside the finals day."))
    plain = plain_of(day=day)
    placements = [p for p in plain.placements if p.entry != slot.entry_id]
    placements.append(timetable.Placement(entry=slot.entry_id, room=room.pk, starts=start, ends=end))
    _placements_replace(day, plain, placements, actor)
    audit_append(
        action="finals.slot_moved",
        actor=actor,
        edition=day.round.edition,
        payload={"entry": slot.entry_id, "room": room.pk, "starts_at": str(starts_at)},
    )
    return FinalsSlot.objects.get(day=day, entry_id=slot.entry_id)


@transaction.atomic
def slots_swap(*, slot: FinalsSlot, other: FinalsSlot, actor) -> None:
    """Exchange two finalists' rooms and times. Refused when either would then face a conflicted judge."""
    day = _locked_day(slot.day)
    _ensure_editable(day.round)
    if other.day_id != day.pk or other.pk == slot.pk:
        raise ValidationError(_("Choose two different slots of this finals day."))
    plain = plain_of(day=day)
    here = {p.entry: p for p in plain.placements}
    a, b = here[slot.entry_id], here[other.entry_id]
    placements = [p for p in plain.placements if p.entry not in (a.entry, b.entry)] + [
        timetable.Placement(entry=a.entry, room=b.room, starts=b.starts, ends=b.ends),
        timetable.Placement(entry=b.entry, room=a.room, starts=a.starts, ends=a.ends),
    ]
    _placements_replace(day, plain, placements, actor)
    audit_append(
        action="finals.slots_swapped", actor=actor, edition=day.round.edition, payload={"entries": [a.entry, b.entry]}
    )


# --- The finalist -------------------------------------------------------------------------------------------


def _presentation_of(day: FinalsDay, entry: Entry) -> FinalsPresentation:
    if not FinalsSlot.objects.filter(day=day, entry=entry).exists():
        raise ValidationError(_("This entry has no finals slot."))
    presentation, _created = FinalsPresentation.objects.select_for_update().get_or_create(day=day, entry=entry)
    return presentation


@transaction.atomic
def presenters_set(*, day: FinalsDay, entry: Entry, presenters: str, user) -> FinalsPresentation:
    """Name who presents. In an individual category the nominee presents, so their name must be among them."""
    presentation = _presentation_of(day, entry)
    presenters = " ".join(presenters.split())
    if not presenters:
        raise ValidationError(_("Name at least one person who presents."))
    nominee = (entry.nominee_name or "").strip()
    if entry.category.is_individual and nominee and nominee.casefold() not in presenters.casefold():
        raise ValidationError(
            _("In an individual category the nominee presents: name %(nominee)s among the presenters.")
            % {"nominee": nominee}
        )
    presentation.presenters = presenters
    presentation.full_clean()
    presentation.save()
    return presentation


@transaction.atomic
def presentation_upload(*, day: FinalsDay, entry: Entry, uploaded_file, user) -> FinalsPresentation:
    """Store the finalist's final presentation (checked like entry documents), replacing an earlier one, until
    the deadline. A refused file leaves nothing behind."""
    shown_name = sanitise_name(getattr(uploaded_file, "name", "")) or _("the file")
    deadline = day.presentation_deadline
    if deadline is not None and timezone.now() >= deadline:
        raise ValidationError(
            _("%(name)s was not accepted: final presentations were due by %(deadline)s.")
            % {"name": shown_name, "deadline": timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")}
        )
    presentation = _presentation_of(day, entry)
    checked = check_upload(uploaded_file, max_bytes=settings.ENTRY_DOCUMENT_MAX_BYTES)
    old = presentation.file.name if presentation.file else ""
    storage = presentation.file.storage
    presentation.file.save(checked.name, uploaded_file, save=False)
    presentation.original_name = checked.name
    presentation.size = checked.size
    presentation.content_type = checked.file_type.content_type
    presentation.sha256 = checked.sha256
    presentation.uploaded_at = timezone.now()
    presentation.uploaded_by = user
    try:
        presentation.full_clean()
        presentation.save()
    except Exception:
        presentation.file.delete(save=False)
        raise
    if old:
        transaction.on_commit(lambda: storage.delete(old))
    return presentation


# --- The judge ----------------------------------------------------------------------------------------------


_CONTROL_CHARACTERS = {chr(code) for code in range(32)} - {"\t", "\n", "\r"}


@sensitive_variables("text", "key")
@transaction.atomic
def interview_note_save(*, judge: Judge, entry: Entry, round: Round, text: str) -> InterviewNote | None:  # noqa: A002
    """Keep the judge's private notes on a finalist, encrypted with the current draft key; empty text deletes
    them. Only the judge ever reads them (interview_note_read). Refused once the round is sealed: the seal deletes
    every note (judging.services.seal), and one saved after it would outlive the judging."""
    # The seal locks the edition row too: a note saved while the round is being sealed is either deleted with the
    # others or refused, never left behind.
    locked = edition_lock(edition=round.edition)
    if not interview_notes_open(round=round, edition=locked):
        raise ValidationError(
            _("The round “%(name)s” is sealed: interview notes were deleted with it, and nothing was saved.")
            % {"name": round.name}
        )
    text = text.strip()
    if len(text) > INTERVIEW_NOTE_MAX_LENGTH:
        raise ValidationError(
            _("Notes can be at most %(limit)d characters: nothing was saved.") % {"limit": INTERVIEW_NOTE_MAX_LENGTH}
        )
    if _CONTROL_CHARACTERS.intersection(text):
        raise ValidationError(_("The notes contain control characters: nothing was saved."))
    if not text:
        InterviewNote.objects.filter(judge=judge, entry=entry, round=round).delete()
        return None
    key_id, key = draft_current_key()
    ciphertext = sealing.interview_note_encrypt(
        text=text, key_id=key_id, key=key, round=round.pk, judge=judge.pk, entry=entry.pk
    )
    note, _created = InterviewNote.objects.update_or_create(
        judge=judge, entry=entry, round=round, defaults={"ciphertext": ciphertext, "key_id": key_id}
    )
    return note


@sensitive_variables("key")
def interview_note_read(*, note: InterviewNote | None) -> tuple[str, bool]:
    """(text, readable): the note's text for its judge; ("", False) when it does not open (its key was dropped)."""
    if note is None:
        return "", True
    key = draft_keys().get(note.key_id)
    if key is None:
        return "", False
    try:
        return sealing.interview_note_decrypt(
            ciphertext=bytes(note.ciphertext),
            key_id=note.key_id,
            key=key,
            round=note.round_id,
            judge=note.judge_id,
            entry=note.entry_id,
        ), True
    except sealing.DraftOpenError:
        return "", False
