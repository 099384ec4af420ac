"""The finals timetable as pure functions over plain data: the slot times of a day, a generated draft timetable,
and the problems of any timetable (generated or adjusted by hand). No database, no Django models: the services
turn rows into these values and back.

Times are minutes after midnight. A room's panel sits for the whole day, so "no judge in two rooms at once"
holds when no judge sits on two panels; a finalist goes only to a room whose panel has no judge conflicted with
its company.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Day:
    starts: int  # the first slot starts
    ends: int  # every slot ends by then
    slot_minutes: int
    changeover_minutes: int
    breaks: tuple[tuple[int, int], ...] = ()  # (start, end), no slot overlaps one


@dataclass(frozen=True)
class Room:
    id: int
    judges: frozenset[int]
    chair: int | None = None


@dataclass(frozen=True)
class Finalist:
    entry: int
    company: int
    category_order: int = 0  # finalists of a category present one after another where the rooms allow
    name: str = ""


@dataclass(frozen=True)
class Placement:
    entry: int
    room: int
    starts: int
    ends: int


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a timetable. `code` says what, the ids say where; the services word it."""

    code: str
    entry: int | None = None
    room: int | None = None
    judge: int | None = None
    other_entry: int | None = None


@dataclass
class TimetableError(Exception):
    problems: list[Problem] = field(default_factory=list)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def slot_times(day: Day) -> list[tuple[int, int]]:
    """The day's slots in one room: from the start, a slot and a changeover after another, skipping breaks
    (a slot that would overlap a break starts when the break ends), each ending by the end of the day."""
    times = []
    start = day.starts
    breaks = sorted(day.breaks)
    while start + day.slot_minutes <= day.ends:
        slot = (start, start + day.slot_minutes)
        blocking = next((pause for pause in breaks if overlaps(slot, pause)), None)
        if blocking is not None:
            start = blocking[1]
            continue
        times.append(slot)
        start = slot[1] + day.changeover_minutes
    return times


def eligible_rooms(finalist: Finalist, rooms: list[Room], conflicts: set[tuple[int, int]]) -> list[Room]:
    """The rooms whose panel has no judge conflicted with the finalist's company."""
    return [room for room in rooms if not any((judge, finalist.company) in conflicts for judge in room.judges)]


def generate(
    *, day: Day, rooms: list[Room], finalists: list[Finalist], conflicts: set[tuple[int, int]]
) -> list[Placement]:
    """A draft timetable: every finalist once, in a room without a conflicted judge, rooms filled evenly.

    Rooms are matched to finalists as a bipartite matching (augmenting paths), so a timetable is found whenever
    one exists; within a room finalists present in category order, then by name. Raises TimetableError naming
    the finalists that cannot be placed (no room without a conflict, or not enough slots)."""
    problems = [Problem("judge_in_two_rooms", judge=judge) for judge in _judges_in_two_rooms(rooms)]
    if problems:
        raise TimetableError(problems)
    times = slot_times(day)
    # The seats: each room's n-th slot, ordered so that the earliest slots of every room fill first.
    seats = [(index, room.id) for index in range(len(times)) for room in rooms]
    ordered = sorted(finalists, key=lambda f: (f.category_order, f.name, f.entry))
    allowed = {f.entry: {room.id for room in eligible_rooms(f, rooms, conflicts)} for f in ordered}
    unplaceable = [f for f in ordered if not allowed[f.entry]]
    if unplaceable:
        raise TimetableError([Problem("no_room_without_conflict", entry=f.entry) for f in unplaceable])
    holder: dict[tuple[int, int], int] = {}  # seat -> entry

    def place(entry: int, seen: set) -> bool:
        for seat in seats:
            if seat[1] not in allowed[entry] or seat in seen:
                continue
            seen.add(seat)
            if seat not in holder or place(holder[seat], seen):
                holder[seat] = entry
                return True
        return False

    missing = [f for f in ordered if not place(f.entry, set())]
    if missing:
        raise TimetableError([Problem("not_enough_slots", entry=f.entry) for f in missing])
    # Within each room: the running order by category then name, in the room's first slots.
    by_entry = {f.entry: f for f in ordered}
    placements = []
    for room in rooms:
        here = sorted(
            (entry for (_index, room_id), entry in holder.items() if room_id == room.id),
            key=lambda entry: (by_entry[entry].category_order, by_entry[entry].name, entry),
        )
        for (starts, ends), entry in zip(times, here, strict=False):
            placements.append(Placement(entry=entry, room=room.id, starts=starts, ends=ends))
    return placements


def _judges_in_two_rooms(rooms: list[Room]) -> list[int]:
    seen: set[int] = set()
    twice = []
    for room in rooms:
        for judge in sorted(room.judges):
            if judge in seen:
                twice.append(judge)
            seen.add(judge)
    return twice


def problems_of(
    *,
    day: Day,
    rooms: list[Room],
    finalists: list[Finalist],
    placements: list[Placement],
    conflicts: set[tuple[int, int]],
) -> list[Problem]:
    """Everything wrong with a timetable, whether generated or adjusted by hand: a finalist missing or twice, a
    slot outside the day or in a break or of the wrong length, two slots of a room overlapping, a judge on two
    panels, a conflicted judge on the panel of a finalist's room. Empty when the timetable is sound."""
    problems: list[Problem] = [Problem("judge_in_two_rooms", judge=judge) for judge in _judges_in_two_rooms(rooms)]
    room_by_id = {room.id: room for room in rooms}
    company = {f.entry: f.company for f in finalists}
    counts: dict[int, int] = {}
    for placement in placements:
        counts[placement.entry] = counts.get(placement.entry, 0) + 1
    for f in finalists:
        if counts.get(f.entry, 0) == 0:
            problems.append(Problem("not_scheduled", entry=f.entry))
        elif counts[f.entry] > 1:
            problems.append(Problem("scheduled_twice", entry=f.entry))
    for placement in placements:
        span = (placement.starts, placement.ends)
        if placement.entry not in company:
            problems.append(Problem("not_a_finalist", entry=placement.entry))
        if placement.ends - placement.starts != day.slot_minutes:
            problems.append(Problem("wrong_length", entry=placement.entry))
        if placement.starts < day.starts or placement.ends > day.ends:
            problems.append(Problem("outside_day", entry=placement.entry))
        if any(overlaps(span, pause) for pause in day.breaks):
            problems.append(Problem("in_break", entry=placement.entry))
        room = room_by_id.get(placement.room)
        if room is None:
            problems.append(Problem("no_such_room", entry=placement.entry))
            continue
        for judge in sorted(room.judges):
            if (judge, company.get(placement.entry)) in conflicts:
                problems.append(Problem("conflicted_judge", entry=placement.entry, room=room.id, judge=judge))
    by_room: dict[int, list[Placement]] = {}
    for placement in placements:
        by_room.setdefault(placement.room, []).append(placement)
    for room_id, here in by_room.items():
        here.sort(key=lambda p: (p.starts, p.entry))
        for earlier, later in zip(here, here[1:], strict=False):
            if later.starts < earlier.ends:
                problems.append(Problem("overlap", entry=later.entry, room=room_id, other_entry=earlier.entry))
    return problems
