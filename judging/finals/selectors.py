"""Reads of the finals day: the day and its timetable, a finalist's own slot, a judge's room and running order,
the room chair's view (who submitted, never a score). Every list is read in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from awards.models import Company, Edition, Entry
from judging.finals import timetable
from judging.finals.models import (
    FinalsBreak,
    FinalsDay,
    FinalsPresentation,
    FinalsRoom,
    FinalsSlot,
    InterviewNote,
    RoomPanelMember,
)
from judging.models import ConflictDeclaration, Judge, Round, SealedScorecard
from judging.selectors.rounds import round_entry_ids, round_standing, round_standing_of


def minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def clock(value: int) -> time:
    return time(value // 60, value % 60)


def at(day_date: date, value: time) -> datetime:
    """An aware datetime of a time on the finals day, in the site's time zone."""
    return timezone.make_aware(datetime.combine(day_date, value))


def final_round_of(*, edition: Edition) -> Round | None:
    return Round.objects.filter(edition=edition, is_final=True).order_by("number").first()


def finals_day_of(*, edition: Edition) -> FinalsDay | None:
    return FinalsDay.objects.filter(round__edition=edition, round__is_final=True).select_related("round").first()


def timetable_editable(*, round: Round) -> bool:  # noqa: A002
    """The organisers change the timetable while the final round takes assignments (its finalists are known and
    it is not sealed): the timetable puts each room's panel on its finalists."""
    return round_standing_of(round=round).phase.assignments_open


def finalists_for(*, round: Round) -> list[Entry]:  # noqa: A002
    """The entries that present on the finals day: the previous round's finalists, or every submitted entry of
    an edition of one round; in category order, then by company."""
    entries = Entry.objects.filter(category__edition_id=round.edition_id).select_related("company", "category")
    ids = round_entry_ids(round=round)
    entries = entries.filter(status=Entry.Status.SUBMITTED) if ids is None else entries.filter(pk__in=ids)
    return list(entries.order_by("category__ceremony_order", "category__code", "company__legal_name", "pk"))


@dataclass(frozen=True)
class Plain:
    """A finals day as plain values for judging.finals.timetable."""

    day: timetable.Day
    rooms: list[timetable.Room]
    finalists: list[timetable.Finalist]
    placements: list[timetable.Placement]
    conflicts: set[tuple[int, int]]


def plain_of(*, day: FinalsDay) -> Plain:
    """The day, its rooms and panels, its finalists, its slots and the panel's conflicts as plain values."""
    breaks = tuple((minutes(b.starts_at), minutes(b.ends_at)) for b in FinalsBreak.objects.filter(day=day))
    members = list(RoomPanelMember.objects.filter(day=day).values_list("room_id", "judge_id", "is_chair"))
    rooms = []
    for room_id in FinalsRoom.objects.filter(day=day).order_by("order", "name", "pk").values_list("pk", flat=True):
        judges = frozenset(judge for room, judge, _chair in members if room == room_id)
        chair = next((judge for room, judge, is_chair in members if room == room_id and is_chair), None)
        rooms.append(timetable.Room(id=room_id, judges=judges, chair=chair))
    finalists = [
        timetable.Finalist(
            entry=e.pk, company=e.company_id, category_order=e.category.ceremony_order, name=e.company.legal_name
        )
        for e in finalists_for(round=day.round)
    ]
    placements = [
        timetable.Placement(entry=entry, room=room, starts=minutes(starts), ends=minutes(ends))
        for entry, room, starts, ends in FinalsSlot.objects.filter(day=day).values_list(
            "entry_id", "room_id", "starts_at", "ends_at"
        )
    ]
    conflicts = set(
        ConflictDeclaration.objects.filter(judge__edition_id=day.round.edition_id).values_list("judge_id", "company_id")
    )
    plain_day = timetable.Day(
        starts=minutes(day.starts_at),
        ends=minutes(day.ends_at),
        slot_minutes=day.slot_minutes,
        changeover_minutes=day.changeover_minutes,
        breaks=breaks,
    )
    return Plain(day=plain_day, rooms=rooms, finalists=finalists, placements=placements, conflicts=conflicts)


def _slots():
    return FinalsSlot.objects.select_related("entry__company", "entry__category").order_by("starts_at", "pk")


def rooms_with_timetable(*, day: FinalsDay, with_presentations: bool = False) -> list[FinalsRoom]:
    """Every room with its panel (chair first) and its running order: three queries, whatever their number.
    `with_presentations` (the organiser's page): each slot's entry also carries `day_presentations`, what the
    finalist gave for this day (who presents, the file; at most one), in one query more."""
    panel = RoomPanelMember.objects.select_related("judge").order_by("-is_chair", "judge__full_name")
    slots = _slots()
    if with_presentations:
        given = FinalsPresentation.objects.filter(day=day).only(
            "pk", "day_id", "entry_id", "presenters", "file", "original_name", "size", "uploaded_at"
        )
        slots = slots.prefetch_related(
            Prefetch("entry__finals_presentations", queryset=given, to_attr="day_presentations")
        )
    return list(
        FinalsRoom.objects.filter(day=day)
        .order_by("order", "name", "pk")
        .prefetch_related(Prefetch("panel", queryset=panel), Prefetch("slots", queryset=slots))
    )


def unscheduled_finalists(*, day: FinalsDay) -> list[Entry]:
    scheduled = set(FinalsSlot.objects.filter(day=day).values_list("entry_id", flat=True))
    return [entry for entry in finalists_for(round=day.round) if entry.pk not in scheduled]


@dataclass(frozen=True)
class Readiness:
    """How ready the finals day is, for the organiser's page and checklist: counts and names, never a score."""

    rooms: int
    rooms_without_panel: list[str]
    rooms_without_chair: list[str]
    finalists: int
    unscheduled: int
    scheduled: int
    presentations_uploaded: int  # scheduled finalists whose final presentation is in

    @property
    def presentations_missing(self) -> int:
        return self.scheduled - self.presentations_uploaded


def finals_readiness(*, day: FinalsDay) -> Readiness:
    """Rooms without a panel or a chair, finalists without a slot, presentations not in yet: a fixed number of
    queries, whatever the day holds."""
    rooms = list(
        FinalsRoom.objects.filter(day=day)
        .order_by("order", "name", "pk")
        .annotate(members=Count("panel"), chairs=Count("panel", filter=Q(panel__is_chair=True)))
        .values_list("name", "members", "chairs")
    )
    finalist_ids = {entry.pk for entry in finalists_for(round=day.round)}
    scheduled = set(FinalsSlot.objects.filter(day=day).values_list("entry_id", flat=True)) & finalist_ids
    uploaded = set(
        FinalsPresentation.objects.filter(day=day, entry_id__in=scheduled)
        .exclude(file="")
        .values_list("entry_id", flat=True)
    )
    return Readiness(
        rooms=len(rooms),
        rooms_without_panel=[name for name, members, _chairs in rooms if not members],
        rooms_without_chair=[name for name, members, chairs in rooms if members and not chairs],
        finalists=len(finalist_ids),
        unscheduled=len(finalist_ids - scheduled),
        scheduled=len(scheduled),
        presentations_uploaded=len(uploaded),
    )


def day_judges_free(*, day: FinalsDay) -> list[Judge]:
    """The edition's judges who sit on no room's panel yet."""
    seated = RoomPanelMember.objects.filter(day=day).values_list("judge_id", flat=True)
    return list(Judge.objects.filter(edition_id=day.round.edition_id).exclude(pk__in=seated).order_by("full_name"))


# --- The finalist -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompanySlot:
    entry: Entry
    slot: FinalsSlot | None
    presentation: FinalsPresentation | None
    day: FinalsDay


def company_slots(*, company: Company, day: FinalsDay) -> list[CompanySlot]:
    """The company's own finalist entries on the day, each with its slot (if scheduled) and what it gave."""
    entries = [entry for entry in finalists_for(round=day.round) if entry.company_id == company.pk]
    slots = {s.entry_id: s for s in FinalsSlot.objects.filter(day=day, entry__in=entries).select_related("room")}
    given = {p.entry_id: p for p in FinalsPresentation.objects.filter(day=day, entry__in=entries)}
    return [CompanySlot(entry=e, slot=slots.get(e.pk), presentation=given.get(e.pk), day=day) for e in entries]


def company_finals_days(*, company: Company) -> list[FinalsDay]:
    """The finals days on which the company has a scheduled slot (for its dashboard)."""
    return list(
        FinalsDay.objects.filter(slots__entry__company=company)
        .select_related("round__edition")
        .distinct()
        .order_by("date")
    )


# --- The judge and the chair --------------------------------------------------------------------------------


def judge_seat(*, judge: Judge) -> RoomPanelMember | None:
    """The judge's seat on a room panel of the edition's finals day, or None."""
    return (
        RoomPanelMember.objects.filter(judge=judge, day__round__edition_id=judge.edition_id)
        .select_related("room", "day__round")
        .first()
    )


def judge_seats_of(*, user) -> list[RoomPanelMember]:
    """The user's seats on room panels of finals days (one per edition at most), for the judge's workspace."""
    return list(
        RoomPanelMember.objects.filter(judge__user=user)
        .select_related("room", "day__round__edition")
        .order_by("day__date")
    )


@dataclass(frozen=True)
class RunningItem:
    slot: FinalsSlot
    sealed: bool  # the judge's own scorecard of this finalist is sealed
    has_note: bool
    has_presentation: bool  # the finalist uploaded its final presentation (the room's judges may open it)
    starts: datetime
    ends: datetime


def running_order(*, seat: RoomPanelMember) -> list[RunningItem]:
    """The room's finalists in order, with whether this judge has submitted and kept notes, and whether the finalist
    gave its presentation: four queries, whatever the room holds."""
    slots = list(_slots().filter(room=seat.room))
    entry_ids = [s.entry_id for s in slots]
    round_ = seat.day.round
    sealed = set(
        SealedScorecard.objects.filter(
            round=round_, judge_id=seat.judge_id, entry_id__in=entry_ids, is_latest=True
        ).values_list("entry_id", flat=True)
    )
    noted = set(
        InterviewNote.objects.filter(round=round_, judge_id=seat.judge_id, entry_id__in=entry_ids).values_list(
            "entry_id", flat=True
        )
    )
    given = set(
        FinalsPresentation.objects.filter(day_id=seat.day_id, entry_id__in=entry_ids)
        .exclude(file="")
        .values_list("entry_id", flat=True)
    )
    return [
        RunningItem(
            slot=s,
            sealed=s.entry_id in sealed,
            has_note=s.entry_id in noted,
            has_presentation=s.entry_id in given,
            starts=at(seat.day.date, s.starts_at),
            ends=at(seat.day.date, s.ends_at),
        )
        for s in slots
    ]


def current_item(*, items: list[RunningItem], now: datetime) -> RunningItem | None:
    """Who presents now: the slot running at `now`, else the next one, else the last of the day."""
    if not items:
        return None
    running = next((item for item in items if item.starts <= now < item.ends), None)
    if running is not None:
        return running
    upcoming = next((item for item in items if item.starts > now), None)
    return upcoming or items[-1]


@dataclass(frozen=True)
class Submissions:
    submitted: list[Judge]
    waiting: list[Judge]


def submissions_for(*, seat: RoomPanelMember, entry_id: int) -> Submissions:
    """Which of the room's judges have sealed their scorecard of this finalist: names and counts, never a score."""
    panel = [
        m.judge
        for m in RoomPanelMember.objects.filter(room_id=seat.room_id)
        .select_related("judge")
        .order_by("judge__full_name")
    ]
    sealed = set(
        SealedScorecard.objects.filter(
            round=seat.day.round, entry_id=entry_id, is_latest=True, judge__in=panel
        ).values_list("judge_id", flat=True)
    )
    return Submissions(submitted=[j for j in panel if j.pk in sealed], waiting=[j for j in panel if j.pk not in sealed])


def interview_notes_open(*, round: Round, edition: Edition | None = None) -> bool:  # noqa: A002
    """Whether the round's judges may keep interview notes: until it is sealed (the seal deletes them all).
    `edition`: the round's edition when the caller holds it (locked)."""
    standing = round_standing(edition=edition or round.edition, number=round.number)
    return standing is not None and not standing.sealed


def interview_note_of(*, judge: Judge, entry: Entry, round: Round) -> InterviewNote | None:  # noqa: A002
    return InterviewNote.objects.filter(judge=judge, entry=entry, round=round).first()
