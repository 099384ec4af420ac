"""The finals timetable generator (pure functions): every finalist exactly once, no room double-booked, no judge
in two rooms at once, never a conflicted judge on the room panel of a finalist, every slot inside the day and
outside the breaks; and the checker that refuses hand-made timetables that break any of these."""

from hypothesis import given, settings
from hypothesis import strategies as st

from judging.finals import timetable
from judging.finals.timetable import Day, Finalist, Placement, Problem, Room, TimetableError


@st.composite
def instances(draw):
    starts = draw(st.integers(7 * 60, 10 * 60))
    slot = draw(st.integers(10, 45))
    changeover = draw(st.integers(0, 15))
    ends = starts + draw(st.integers(slot, 9 * 60))
    breaks = []
    if draw(st.booleans()) and ends - starts > 90:
        pause_start = draw(st.integers(starts, ends - 30))
        breaks.append((pause_start, min(ends, pause_start + draw(st.integers(15, 60)))))
    day = Day(starts=starts, ends=ends, slot_minutes=slot, changeover_minutes=changeover, breaks=tuple(breaks))
    room_count = draw(st.integers(1, 4))
    judges = list(range(1, draw(st.integers(room_count, 12)) + 1))
    shuffled = draw(st.permutations(judges))
    rooms = []
    for index in range(room_count):
        panel = frozenset(shuffled[index::room_count])
        rooms.append(Room(id=100 + index, judges=panel, chair=min(panel)))
    companies = list(range(1, draw(st.integers(1, 10)) + 1))
    finalists = [
        Finalist(
            entry=1000 + i,
            company=draw(st.sampled_from(companies)),
            category_order=draw(st.integers(0, 3)),
            name=f"PT {i:02d}",
        )
        for i in range(draw(st.integers(1, 16)))
    ]
    conflicts = set(draw(st.lists(st.tuples(st.sampled_from(judges), st.sampled_from(companies)), max_size=8)))
    return day, rooms, finalists, conflicts


@settings(max_examples=300, deadline=None)
@given(instances())
def test_a_generated_timetable_keeps_every_rule(instance):
    day, rooms, finalists, conflicts = instance
    try:
        placements = timetable.generate(day=day, rooms=rooms, finalists=finalists, conflicts=conflicts)
    except TimetableError as error:
        # Refused only for a reason it names: a finalist with no conflict-free room, or too few slots for them.
        assert error.problems
        codes = {problem.code for problem in error.problems}
        assert codes <= {"no_room_without_conflict", "not_enough_slots"}
        if codes == {"not_enough_slots"}:
            assert not _seatable(day, rooms, finalists, conflicts)
        return
    # every finalist exactly once
    assert sorted(p.entry for p in placements) == sorted(f.entry for f in finalists)
    company = {f.entry: f.company for f in finalists}
    room_of = {room.id: room for room in rooms}
    for p in placements:
        # inside the day, the slot's length, outside every break
        assert day.starts <= p.starts and p.ends <= day.ends
        assert p.ends - p.starts == day.slot_minutes
        assert not any(timetable.overlaps((p.starts, p.ends), pause) for pause in day.breaks)
        # no conflicted judge on the room's panel
        assert not any((judge, company[p.entry]) in conflicts for judge in room_of[p.room].judges)
    # no room double-booked, with the changeover between slots
    for room in rooms:
        here = sorted((p for p in placements if p.room == room.id), key=lambda p: p.starts)
        for earlier, later in zip(here, here[1:], strict=False):
            assert later.starts >= earlier.ends + day.changeover_minutes
    # no judge in two rooms at once: a judge sits on one panel, and a panel is in one room
    seats = [judge for room in rooms for judge in room.judges]
    assert len(seats) == len(set(seats))
    # the checker agrees that the generated timetable is sound
    assert (
        timetable.problems_of(day=day, rooms=rooms, finalists=finalists, placements=placements, conflicts=conflicts)
        == []
    )


def _seatable(day, rooms, finalists, conflicts) -> bool:
    """Hall's condition, checked on every set of rooms: the finalists who can only go to those rooms fit in
    their slots. True exactly when every finalist can be seated (an independent check of the generator)."""
    per_room = len(timetable.slot_times(day))
    eligible = [frozenset(room.id for room in timetable.eligible_rooms(f, rooms, conflicts)) for f in finalists]
    ids = [room.id for room in rooms]
    for mask in range(1, 2 ** len(ids)):
        chosen = frozenset(room_id for bit, room_id in enumerate(ids) if mask >> bit & 1)
        if sum(1 for rooms_of in eligible if rooms_of <= chosen) > per_room * len(chosen):
            return False
    return True


@settings(max_examples=200, deadline=None)
@given(instances())
def test_without_conflicts_and_with_enough_slots_every_finalist_is_scheduled(instance):
    day, rooms, finalists, _conflicts = instance
    if len(finalists) > len(timetable.slot_times(day)) * len(rooms):
        return
    placements = timetable.generate(day=day, rooms=rooms, finalists=finalists, conflicts=set())
    assert len(placements) == len(finalists)


def test_a_conflicted_judge_sends_the_finalist_to_the_other_room():
    day = Day(starts=540, ends=720, slot_minutes=30, changeover_minutes=10)
    rooms = [Room(id=1, judges=frozenset({1, 2})), Room(id=2, judges=frozenset({3}))]
    finalists = [Finalist(entry=10, company=5, name="PT Alpha"), Finalist(entry=11, company=6, name="PT Beta")]
    placements = timetable.generate(day=day, rooms=rooms, finalists=finalists, conflicts={(2, 5), (3, 6)})
    assert sorted(placements, key=lambda p: p.entry) == [
        Placement(entry=10, room=2, starts=540, ends=570),
        Placement(entry=11, room=1, starts=540, ends=570),
    ]


def test_slots_skip_the_break_and_stop_at_the_end_of_the_day():
    day = Day(starts=9 * 60, ends=13 * 60 + 40, slot_minutes=30, changeover_minutes=10, breaks=((720, 780),))
    assert timetable.slot_times(day) == [(540, 570), (580, 610), (620, 650), (660, 690), (780, 810)]


def test_too_few_slots_and_no_free_room_are_named():
    day = Day(starts=540, ends=600, slot_minutes=30, changeover_minutes=0)
    rooms = [Room(id=1, judges=frozenset({1}))]
    finalists = [Finalist(entry=e, company=e, name=str(e)) for e in (1, 2, 3)]
    try:
        timetable.generate(day=day, rooms=rooms, finalists=finalists, conflicts=set())
    except TimetableError as error:
        assert error.problems == [Problem("not_enough_slots", entry=3)]
    else:
        raise AssertionError("three finalists do not fit two slots")
    try:
        timetable.generate(day=day, rooms=rooms, finalists=finalists[:1], conflicts={(1, 1)})
    except TimetableError as error:
        assert error.problems == [Problem("no_room_without_conflict", entry=1)]
    else:
        raise AssertionError("the only room's judge is conflicted")


def test_the_checker_names_every_kind_of_bad_timetable():
    day = Day(starts=540, ends=720, slot_minutes=30, changeover_minutes=0, breaks=((600, 630),))
    rooms = [Room(id=1, judges=frozenset({1})), Room(id=2, judges=frozenset({1, 2}))]
    finalists = [Finalist(entry=e, company=e) for e in (1, 2, 3, 4, 5)]
    placements = [
        Placement(entry=1, room=1, starts=540, ends=570),
        Placement(entry=2, room=1, starts=555, ends=585),  # overlaps entry 1
        Placement(entry=3, room=1, starts=600, ends=630),  # in the break
        Placement(entry=4, room=2, starts=700, ends=730),  # past the end of the day
        Placement(entry=4, room=2, starts=640, ends=670),  # twice; and judge 2 is conflicted with company 4
    ]
    problems = timetable.problems_of(
        day=day, rooms=rooms, finalists=finalists, placements=placements, conflicts={(2, 4)}
    )
    assert {(p.code, p.entry) for p in problems} == {
        ("judge_in_two_rooms", None),
        ("not_scheduled", 5),
        ("scheduled_twice", 4),
        ("overlap", 2),
        ("in_break", 3),
        ("outside_day", 4),
        ("conflicted_judge", 4),
    }
