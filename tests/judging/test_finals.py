"""The finals day: the organiser's timetable (bad input refused, nothing saved), the finalist's own slot, the judge's
running order and private notes, the room chair's view (names, never scores), the PDF and the .ics."""

import base64
import io
import threading
from datetime import datetime, time, timedelta

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from awards.models import Category
from judging.finals import services as finals
from judging.finals.models import FinalsPresentation, FinalsSlot, InterviewNote, RoomPanelMember
from judging.models import Assignment, ConflictDeclaration
from judging.services.rounds import round_seal
from judging.services.shortlist import shortlist_reveal
from tests.cast import Cast, seal_scores, sign_judge_nda
from tests.factories import ContactFactory, JudgeFactory, UserFactory
from tests.sample_files import PDF_BYTES, upload


def finalists_world():
    """Three finalists (A, B, C) after the desk round; alice and bob (conflicted with A) and cici judge the
    finals; every company has a contact (on its own e-mail domain)."""
    team = Cast().edition_in_two_rounds(top_n=3)
    for entry, value in ((team.entry_b, 9), (team.entry_a, 5), (team.entry_c, 7)):
        seal_scores(world=team, judge=team.alice, entry=entry, round=team.desk, value=value)
    round_seal(edition=team.edition, number=1, actor=team.organiser)
    shortlist_reveal(edition=team.edition, number=1, texts=team.share_texts[:2], actor=team.organiser)
    team.cici = JudgeFactory(
        edition=team.edition,
        user=UserFactory(username="cici@example.test"),
        full_name="Cici Wulandari",
        pseudonym="Judge 03",
    )
    sign_judge_nda(team.cici)
    team.contact_b, team.contact_a, team.contact_c = (
        ContactFactory(company=company, user=UserFactory(username=f"cx@{domain}.co.id")).user
        for company, domain in ((team.company_b, "alpha"), (team.company_a, "beta"), (team.company_c, "cakra"))
    )
    return team


@pytest.fixture
def finals_team(db):
    return finals_day_world()


def finals_day_world():
    """`finalists_world()` with a finals day: Room 1 (alice chairs, bob) and Room 2 (cici chairs)."""
    team = finalists_world()
    team.day = finals.finals_day_save(
        edition=team.edition,
        date=timezone.localdate() + timedelta(days=3),
        starts_at=time(9, 0),
        ends_at=time(12, 0),
        slot_minutes=30,
        changeover_minutes=10,
        venue="Hotel Mulia",
        instructions="Arrive 30 minutes early.",
        breaks=[(time(10, 20), time(10, 40), "Coffee")],
        presentation_deadline=timezone.now() + timedelta(days=2),
        actor=team.organiser,
    )
    team.room_1 = finals.finals_room_add(day=team.day, name="Room 1", actor=team.organiser)
    team.room_2 = finals.finals_room_add(day=team.day, name="Room 2", actor=team.organiser)
    finals.room_panel_add(room=team.room_1, judge=team.alice, is_chair=True, actor=team.organiser)
    finals.room_panel_add(room=team.room_1, judge=team.bob, is_chair=False, actor=team.organiser)
    finals.room_panel_add(room=team.room_2, judge=team.cici, is_chair=True, actor=team.organiser)
    return team


def _slots(team) -> dict:
    return {
        s.entry_id: (s.room.name, s.starts_at.strftime("%H:%M"))
        for s in FinalsSlot.objects.filter(day=team.day).select_related("room")
    }


def _generated(team):
    finals.timetable_generate(day=team.day, actor=team.organiser)
    return _slots(team)


# --- The organiser's timetable -----------------------------------------------------------------------------


def test_the_generated_timetable_keeps_the_conflicted_judge_away_and_assigns_each_room(finals_team):
    team = finals_team
    slots = _generated(team)
    assert set(slots) == {team.entry_b.pk, team.entry_a.pk, team.entry_c.pk}
    assert slots[team.entry_a.pk][0] == "Room 2"  # bob (Room 1) declared a conflict with company A
    assigned = set(Assignment.objects.filter(round=team.final).values_list("entry_id", "judge_id"))
    room_of = {entry: room for entry, (room, _start) in slots.items()}
    panel = {"Room 1": {team.alice.pk, team.bob.pk}, "Room 2": {team.cici.pk}}
    assert assigned == {(entry, judge) for entry, room in room_of.items() for judge in panel[room]}


def test_the_organiser_builds_the_day_on_the_page(client, finals_team):
    team = finals_team
    client.force_login(team.organiser)
    url = reverse("judging:finals", args=[team.edition.slug])
    response = client.post(reverse("judging:finals_generate", args=[team.edition.slug]), follow=True)
    page = response.content.decode()
    assert "A draft timetable of 3 slots is ready" in page
    for company in (team.company_b, team.company_a, team.company_c):
        assert company.legal_name in page
    assert "Coffee" in page and "Room 1" in page and "Room 2" in page
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "breaks, message",
    [
        ("08:00-09:30 Too early", "A break must be inside the finals day."),
        ("10:00-10:30 One\n10:15-10:45 Two", "Two breaks overlap."),
        ("lunch at noon", "is not a break"),
        ("25:00-26:00 Night", "has a time that does not exist"),
    ],
)
def test_bad_breaks_are_refused_and_change_nothing(client, finals_team, breaks, message):
    team = finals_team
    client.force_login(team.organiser)
    response = client.post(
        reverse("judging:finals", args=[team.edition.slug]),
        {
            "date": str(team.day.date),
            "starts_at": "09:00",
            "ends_at": "12:00",
            "slot_minutes": "30",
            "changeover_minutes": "10",
            "breaks": breaks,
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(team.day.breaks.values_list("label", flat=True)) == ["Coffee"]


def test_a_day_that_ends_before_it_starts_is_refused(client, finals_team):
    team = finals_team
    client.force_login(team.organiser)
    response = client.post(
        reverse("judging:finals", args=[team.edition.slug]),
        {
            "date": str(team.day.date),
            "starts_at": "15:00",
            "ends_at": "09:00",
            "slot_minutes": "30",
            "changeover_minutes": "10",
        },
    )
    assert response.status_code == 400
    assert "The day must end after its first slot starts." in response.content.decode()
    team.day.refresh_from_db()
    assert team.day.starts_at == time(9, 0)


def test_a_judge_cannot_sit_in_two_rooms(finals_team):
    team = finals_team
    with pytest.raises(ValidationError) as refused:
        finals.room_panel_add(room=team.room_2, judge=team.bob, is_chair=False, actor=team.organiser)
    assert refused.value.messages == [
        f"{team.bob.full_name} already sits on the panel of Room 1: a judge can be in one room at a time."
    ]
    assert RoomPanelMember.objects.filter(judge=team.bob).count() == 1


def test_a_conflicted_judge_cannot_join_the_room_of_that_finalist(finals_team):
    team = finals_team
    _generated(team)
    finals.room_panel_remove(member=RoomPanelMember.objects.get(judge=team.bob), actor=team.organiser)
    with pytest.raises(ValidationError) as refused:
        finals.room_panel_add(room=team.room_2, judge=team.bob, is_chair=False, actor=team.organiser)
    assert refused.value.messages == [
        f"{team.bob.full_name}, on the panel of Room 2, declared a conflict of interest with "
        f"{team.company_a.legal_name} ({team.category.code})."
    ]
    assert not RoomPanelMember.objects.filter(judge=team.bob).exists()


def test_moving_a_slot_onto_another_a_break_or_past_the_day_is_refused(finals_team):
    team = finals_team
    before = _generated(team)
    slot_a = FinalsSlot.objects.get(entry=team.entry_b)
    other = FinalsSlot.objects.filter(room=slot_a.room).exclude(pk=slot_a.pk).first()
    cases = [
        (time(10, 20), slot_a.room, "overlaps a break"),
        (time(11, 45), slot_a.room, "is outside the finals day"),
        (time(8, 0), slot_a.room, "is outside the finals day"),
    ]
    if other is not None:
        cases.append((other.starts_at, slot_a.room, "overlap"))
    for starts_at, room, message in cases:
        with pytest.raises(ValidationError) as refused:
            finals.slot_move(slot=slot_a, room=room, starts_at=starts_at, actor=team.organiser)
        assert message in " ".join(refused.value.messages)
    assert _slots(team) == before


def test_moving_a_finalist_before_a_conflicted_judge_is_refused(client, finals_team):
    team = finals_team
    before = _generated(team)
    client.force_login(team.organiser)
    slot_b = FinalsSlot.objects.get(entry=team.entry_a)
    response = client.post(
        reverse("judging:finals_move", args=[team.edition.slug]),
        {"slot": slot_b.pk, "room": team.room_1.pk, "starts_at": "11:20"},
        follow=True,
    )
    assert (
        f"{team.bob.full_name}, on the panel of Room 1, declared a conflict of interest with "
        f"{team.company_a.legal_name}"
    ) in response.content.decode()
    assert _slots(team) == before


def test_a_move_and_a_swap_by_hand(finals_team):
    team = finals_team
    _generated(team)
    slot_a, slot_c = FinalsSlot.objects.get(entry=team.entry_b), FinalsSlot.objects.get(entry=team.entry_c)
    finals.slot_move(slot=slot_a, room=team.room_2, starts_at=time(11, 20), actor=team.organiser)
    assert _slots(team)[team.entry_b.pk] == ("Room 2", "11:20")
    assert Assignment.objects.filter(round=team.final, entry=team.entry_b, judge=team.cici).exists()
    before = _slots(team)
    finals.slots_swap(slot=FinalsSlot.objects.get(entry=team.entry_b), other=slot_c, actor=team.organiser)
    after = _slots(team)
    assert (after[team.entry_b.pk], after[team.entry_c.pk]) == (before[team.entry_c.pk], before[team.entry_b.pk])


def test_a_day_too_short_for_its_finalists_is_refused_with_the_reason(finals_team):
    team = finals_team
    RoomPanelMember.objects.filter(room=team.room_2).delete()
    team.room_2.delete()
    RoomPanelMember.objects.filter(judge=team.bob).delete()  # so that every finalist may go to Room 1
    finals.finals_day_save(
        edition=team.edition,
        date=team.day.date,
        starts_at=time(9, 0),
        ends_at=time(10, 0),
        slot_minutes=30,
        changeover_minutes=0,
        actor=team.organiser,
    )
    with pytest.raises(ValidationError) as refused:
        finals.timetable_generate(day=team.day, actor=team.organiser)
    assert any("the day has too few slots" in message for message in refused.value.messages)
    assert not FinalsSlot.objects.exists()


def test_the_timetable_no_longer_changes_once_the_finals_are_sealed(finals_team):
    team = finals_team
    _generated(team)
    team.edition.state = "sealed"
    team.edition.save(update_fields=["state"])
    with pytest.raises(ValidationError) as refused:
        finals.timetable_generate(day=team.day, actor=team.organiser)
    assert "can change only while the final round takes assignments" in refused.value.messages[0]


def test_the_organiser_page_query_count_does_not_grow_with_rooms(client, finals_team, django_assert_num_queries):
    team = finals_team
    _generated(team)
    client.force_login(team.organiser)
    url = reverse("judging:finals", args=[team.edition.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as two_rooms:
        assert client.get(url).status_code == 200
    room_3 = finals.finals_room_add(day=team.day, name="Room 3", actor=team.organiser)
    extra = JudgeFactory(edition=team.edition, pseudonym="Judge 09")
    finals.room_panel_add(room=room_3, judge=extra, is_chair=True, actor=team.organiser)
    _generated(team)
    with django_assert_num_queries(len(two_rooms)):
        assert client.get(url).status_code == 200


# --- The PDF and the .ics ---------------------------------------------------------------------------------


def test_the_timetable_pdf_names_rooms_panels_and_finalists_in_both_languages(client, finals_team, settings):
    team = finals_team
    slots = _generated(team)
    client.force_login(team.organiser)
    response = client.get(reverse("judging:finals_pdf", args=[team.edition.slug]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Finals timetable" in text and "Coffee" in text
    for name in ("Room 1", "Room 2", team.alice.full_name, team.cici.full_name, team.company_a.legal_name):
        assert name in text
    assert f"{slots[team.entry_a.pk][1]}" in text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    response = client.get(reverse("judging:finals_pdf", args=[team.edition.slug]), HTTP_ACCEPT_LANGUAGE="id")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Jadwal final" in text and "Finals timetable" not in text


def test_the_ics_parses_back_to_one_event_per_slot_and_break(client, finals_team):
    team = finals_team
    slots = _generated(team)
    client.force_login(team.organiser)
    response = client.get(reverse("judging:finals_ics", args=[team.edition.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 4
    summary_b = f"{team.company_a.legal_name} ({team.category.code}): {slots[team.entry_a.pk][0]}"
    event = events[summary_b]
    starts = timezone.make_aware(datetime.combine(team.day.date, time.fromisoformat(slots[team.entry_a.pk][1])))
    assert event.decoded("dtstart") == starts
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=30)
    assert "Hotel Mulia" in str(event["location"])
    assert events["Coffee"].decoded("dtstart") == timezone.make_aware(datetime.combine(team.day.date, time(10, 20)))


# --- The finalist -----------------------------------------------------------------------------------------


def test_a_finalist_sees_only_its_own_slot_and_its_dashboard_says_where(client, finals_team):
    team = finals_team
    slots = _generated(team)
    client.force_login(team.contact_a)
    page = client.get(reverse("judging:finals_mine", args=[team.edition.slug])).content.decode()
    room, start = slots[team.entry_a.pk]
    assert room in page and start in page and "Arrive 30 minutes early." in page
    assert team.company_b.legal_name not in page and team.company_c.legal_name not in page
    dashboard = client.get(reverse("awards:dashboard")).content.decode()
    assert f"you present in {room}" in dashboard
    assert reverse("judging:finals_mine", args=[team.edition.slug]) in dashboard


def test_another_company_or_a_company_without_a_slot_gets_404(client, finals_team):
    team = finals_team
    client.force_login(team.contact_b)
    assert client.get(reverse("judging:finals_mine", args=[team.edition.slug])).status_code == 404  # no timetable
    _generated(team)
    outsider = ContactFactory().user
    client.force_login(outsider)
    assert client.get(reverse("judging:finals_mine", args=[team.edition.slug])).status_code == 404
    client.force_login(team.contact_b)
    response = client.post(
        reverse("judging:finals_mine", args=[team.edition.slug]), {"entry": team.entry_a.pk, "presenters": "Someone"}
    )
    assert response.status_code == 404
    assert not FinalsPresentation.objects.exists()


def test_a_finalist_names_its_presenters_and_uploads_its_presentation(client, finals_team):
    team = finals_team
    _generated(team)
    client.force_login(team.contact_b)
    url = reverse("judging:finals_mine", args=[team.edition.slug])
    assert client.post(url, {"entry": team.entry_b.pk, "presenters": "Rina (Head of CX)"}).status_code == 302
    response = client.post(
        reverse("judging:finals_presentation_upload", args=[team.edition.slug]),
        {"entry": team.entry_b.pk, "file": upload("final.pdf", PDF_BYTES)},
    )
    assert response.status_code == 302
    given = FinalsPresentation.objects.get(entry=team.entry_b)
    assert (given.presenters, given.original_name, given.size) == ("Rina (Head of CX)", "final.pdf", len(PDF_BYTES))
    response = client.get(reverse("judging:finals_presentation", args=[team.entry_b.pk]))
    assert b"".join(response.streaming_content) == PDF_BYTES
    client.force_login(team.contact_a)
    assert client.get(reverse("judging:finals_presentation", args=[team.entry_b.pk])).status_code == 404
    room = FinalsSlot.objects.get(entry=team.entry_b).room
    inside, outside = (team.alice, team.cici) if room == team.room_1 else (team.cici, team.alice)
    client.force_login(inside.user)
    assert (
        reverse("judging:finals_presentation", args=[team.entry_b.pk])
        in client.get(reverse("judging:finals_room", args=[team.edition.slug])).content.decode()
    )
    response = client.get(reverse("judging:finals_presentation", args=[team.entry_b.pk]))
    assert b"".join(response.streaming_content) == PDF_BYTES
    client.force_login(outside.user)
    assert client.get(reverse("judging:finals_presentation", args=[team.entry_b.pk])).status_code == 404


def test_a_file_that_is_not_a_presentation_or_late_is_refused(client, finals_team):
    team = finals_team
    _generated(team)
    client.force_login(team.contact_b)
    url = reverse("judging:finals_presentation_upload", args=[team.edition.slug])
    response = client.post(url, {"entry": team.entry_b.pk, "file": upload("final.pdf", b"MZ not a pdf")})
    assert response.status_code == 400
    assert "final.pdf" in response.content.decode()
    team.day.presentation_deadline = timezone.now() - timedelta(minutes=1)
    team.day.save()
    response = client.post(url, {"entry": team.entry_b.pk, "file": upload("final.pdf", PDF_BYTES)})
    assert response.status_code == 400
    assert "final presentations were due by" in response.content.decode()
    assert not FinalsPresentation.objects.exclude(file="").exists()


def test_in_an_individual_category_the_nominee_presents(finals_team):
    team = finals_team
    _generated(team)
    Category.objects.filter(pk=team.category.pk).update(kind=Category.Kind.INDIVIDUAL)
    team.entry_b.refresh_from_db()
    team.entry_b.nominee_name = "Dewi Lestari"
    team.entry_b.save()
    with pytest.raises(ValidationError) as refused:
        finals.presenters_set(day=team.day, entry=team.entry_b, presenters="Budi", user=team.contact_b)
    assert refused.value.messages == [
        "In an individual category the nominee presents: name Dewi Lestari among the presenters."
    ]
    finals.presenters_set(day=team.day, entry=team.entry_b, presenters="Dewi Lestari, Budi", user=team.contact_b)


# --- The judge and the chair -------------------------------------------------------------------------------


def test_a_judge_sees_the_running_order_of_their_room_only(client, finals_team, django_assert_num_queries):
    team = finals_team
    slots = _generated(team)
    client.force_login(team.bob.user)
    url = reverse("judging:finals_room", args=[team.edition.slug])
    page = client.get(url).content.decode()
    in_room_1 = [e for e, (room, _s) in slots.items() if room == "Room 1"]
    for entry in (team.entry_b, team.entry_a, team.entry_c):
        assert (entry.company.legal_name in page) == (entry.pk in in_room_1)
        assert (reverse("judging:scorecard", args=[entry.pk]) in page) == (entry.pk in in_room_1)
    assert client.get(reverse("judging:finals_notes", args=[team.entry_a.pk])).status_code == 404
    assert client.get(reverse("judging:finals_chair", args=[team.edition.slug])).status_code == 403
    outsider = JudgeFactory(edition=team.edition, pseudonym="Judge 10")
    client.force_login(outsider.user)
    assert client.get(url).status_code == 404


def test_the_running_order_query_count_does_not_grow_with_the_room(client, finals_team, django_assert_num_queries):
    team = finals_team
    _generated(team)
    for entry in (team.entry_b, team.entry_c):  # Room 2 holds B alone
        slot = FinalsSlot.objects.get(entry=entry)
        if slot.room_id == team.room_2.pk:
            finals.slot_move(slot=slot, room=team.room_1, starts_at=time(11, 20), actor=team.organiser)
    assert FinalsSlot.objects.filter(room=team.room_2).count() == 1
    client.force_login(team.cici.user)
    url = reverse("judging:finals_room", args=[team.edition.slug])
    client.get(url)  # the session's first page writes the session
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for entry, start in ((team.entry_b, time(9, 40)), (team.entry_c, time(10, 40))):
        finals.slot_move(
            slot=FinalsSlot.objects.get(entry=entry), room=team.room_2, starts_at=start, actor=team.organiser
        )
    with django_assert_num_queries(len(one)):
        page = client.get(url).content.decode()
    assert page.count(reverse("judging:finals_notes", args=[team.entry_b.pk])) == 1


def test_interview_notes_are_private_and_encrypted(client, finals_team):
    team = finals_team
    slots = _generated(team)
    entry = next(e for e in (team.entry_b, team.entry_c) if slots[e.pk][0] == "Room 1")
    client.force_login(team.alice.user)
    url = reverse("judging:finals_notes", args=[entry.pk])
    assert client.post(url, {"text": "Strong on workforce planning; ask about attrition."}).status_code == 302
    assert "Strong on workforce planning" in client.get(url).content.decode()
    stored = InterviewNote.objects.get()
    assert b"workforce" not in bytes(stored.ciphertext)
    client.force_login(team.bob.user)
    assert "Strong on workforce planning" not in client.get(url).content.decode()
    client.force_login(team.organiser)
    assert client.get(url).status_code == 404
    client.force_login(team.alice.user)
    response = client.post(url, {"text": "x" * 3001})
    assert response.status_code == 400
    assert "Strong on workforce planning" in client.get(url).content.decode()


def test_the_chair_sees_who_submitted_never_a_score(client, finals_team):
    team = finals_team
    _generated(team)
    first = FinalsSlot.objects.filter(room=team.room_1).order_by("starts_at").first()
    sealed = seal_scores(world=team, judge=team.bob, entry=first.entry, round=team.final, value=8)
    client.force_login(team.alice.user)
    url = reverse("judging:finals_chair", args=[team.edition.slug])
    page = client.get(f"{url}?slot={first.pk}").content.decode()
    assert first.entry.company.legal_name in page
    assert "Scorecards submitted: 1 of 2" in page
    assert team.bob.full_name in page and team.alice.full_name in page
    assert "80.00" not in page and sealed.receipt not in page  # bob's total (every criterion 8) and his receipt


def test_a_judge_in_a_room_opens_the_scorecard_of_its_finalists(client, finals_team):
    team = finals_team
    slots = _generated(team)
    entry = next(e for e in (team.entry_b, team.entry_c) if slots[e.pk][0] == "Room 1")
    client.force_login(team.bob.user)
    assert client.get(reverse("judging:scorecard", args=[entry.pk])).status_code == 200
    assert client.get(reverse("judging:scorecard", args=[team.entry_a.pk])).status_code == 404
    assert ConflictDeclaration.objects.filter(judge=team.bob, company=team.company_a).exists()


def test_the_seal_deletes_every_interview_note_and_takes_no_new_one(client, finals_team):
    team = finals_team
    slots = _generated(team)
    entry = next(e for e in (team.entry_b, team.entry_c) if slots[e.pk][0] == "Room 1")
    client.force_login(team.alice.user)
    url = reverse("judging:finals_notes", args=[entry.pk])
    secret = "Ask about the attrition figures of the third quarter."
    assert client.post(url, {"text": secret}).status_code == 302
    ciphertext = bytes(InterviewNote.objects.get().ciphertext)
    room_url = reverse("judging:finals_room", args=[team.edition.slug])
    assert url in client.get(room_url).content.decode()

    round_seal(edition=team.edition, number=team.final.number, actor=team.organiser)

    assert not InterviewNote.objects.exists()
    dump = io.StringIO()
    call_command("dumpdata", format="json", stdout=dump)
    assert secret not in dump.getvalue()
    assert base64.b64encode(ciphertext).decode() not in dump.getvalue()
    room_page = client.get(room_url).content.decode()
    assert entry.company.legal_name in room_page and url not in room_page
    assert "The final round is sealed: it takes no more scorecards" in room_page
    page = client.get(url).content.decode()
    assert secret not in page and "deleted with the seal" in page and 'name="text"' not in page
    response = client.post(url, {"text": "A last thought after the seal."})
    assert response.status_code == 400
    assert "is sealed: interview notes were deleted with it, and nothing was saved." in response.content.decode()
    assert not InterviewNote.objects.exists()
    with pytest.raises(ValidationError) as refused:
        finals.interview_note_save(judge=team.alice, entry=entry, round=team.final, text="Still here?")
    assert refused.value.messages == [
        f"The round “{team.final.name}” is sealed: interview notes were deleted with it, and nothing was saved."
    ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_note_saved_while_the_round_is_being_sealed_is_refused_not_left_behind():
    """The seal holds the edition's row lock until it commits; a note saved meanwhile waits for it, then finds the
    round sealed. (Without the lock the note would be written after the seal deleted the others, and outlive it.)"""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    team = finals_day_world()
    _generated(team)
    entry = FinalsSlot.objects.filter(room=team.room_1).first().entry
    sealed_uncommitted, note_done = threading.Event(), threading.Event()
    outcome = {}

    def seal():
        try:
            with transaction.atomic():
                round_seal(edition=team.edition, number=team.final.number, actor=team.organiser)
                sealed_uncommitted.set()
                # Commit only once the note is waiting for the edition's lock (or, without the lock, has been saved).
                for _attempt in range(200):
                    with connection.cursor() as cursor:
                        cursor.execute(
                            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                            "AND datname = current_database()"
                        )
                        if cursor.fetchone()[0] or note_done.is_set():
                            break
                    note_done.wait(0.05)
        finally:
            connection.close()

    def note():
        try:
            sealed_uncommitted.wait(10)
            finals.interview_note_save(judge=team.alice, entry=entry, round=team.final, text="Written at the seal.")
            outcome["note"] = "saved"
        except ValidationError as error:
            outcome["note"] = error.messages[0]
        finally:
            note_done.set()
            connection.close()

    threads = [threading.Thread(target=seal), threading.Thread(target=note)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcome["note"] == (
        f"The round “{team.final.name}” is sealed: interview notes were deleted with it, and nothing was saved."
    )
    assert not InterviewNote.objects.exists()
