"""The organiser's view of the finals day: who presents in each slot and whether its final presentation is in
(downloadable by organisers, never by another finalist), the page's query count whatever the number of
finalists, and the finals-day step of the organiser's checklist (what is done, what blocks)."""

from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.checklist import edition_checklist
from judging.finals import services as finals
from judging.finals.models import FinalsSlot, RoomPanelMember
from judging.services.rounds import round_seal
from tests.cast import submitted_entry
from tests.factories import CompanyFactory, JudgeFactory
from tests.judging.test_finals import finals_day_world
from tests.sample_files import PDF_BYTES, upload


@pytest.fixture
def finals_team(db):
    return finals_day_world()


def _give(team, entry, *, presenters: str = "", name: str = ""):
    """What the finalist gives for its slot: presenters and/or a presentation file (as its contact would)."""
    contact = {team.entry_a.pk: team.contact_a, team.entry_b.pk: team.contact_b, team.entry_c.pk: team.contact_c}
    if presenters:
        finals.presenters_set(day=team.day, entry=entry, presenters=presenters, user=contact[entry.pk])
    if name:
        finals.presentation_upload(
            day=team.day, entry=entry, uploaded_file=upload(name, PDF_BYTES), user=contact[entry.pk]
        )


def _row(page: str, entry) -> str:
    """The organiser page's timetable row of one finalist."""
    start = page.index(f'data-entry="{entry.pk}"')
    return page[start : page.index("</tr>", start)]


def test_the_organiser_sees_who_presents_and_which_presentations_are_in(client, finals_team):
    team = finals_team
    finals.timetable_generate(day=team.day, actor=team.organiser)
    _give(team, team.entry_b, presenters="Rina Hakim (Head of CX)", name="beta-final.pdf")
    _give(team, team.entry_a, presenters="Dimas Pratama")
    client.force_login(team.organiser)
    page = client.get(reverse("judging:finals", args=[team.edition.slug])).content.decode()

    row_b, row_a, row_c = (_row(page, entry) for entry in (team.entry_b, team.entry_a, team.entry_c))
    download = reverse("judging:finals_presentation", args=[team.entry_b.pk])
    assert "Rina Hakim (Head of CX)" in row_b and "beta-final.pdf" in row_b and download in row_b
    assert f"{len(PDF_BYTES)}\xa0bytes" in row_b or "KB" in row_b  # the file's size, as Django writes it
    assert "uploaded " in row_b
    assert "Dimas Pratama" in row_a and "No presentation yet" in row_a
    assert "Presenters not named yet" in row_c and "No presentation yet" in row_c
    assert "1 of 3 final presentations uploaded." in page

    response = client.get(download)
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert 'filename="beta-final.pdf"' in response["Content-Disposition"]


def test_no_other_finalist_may_download_a_presentation(client, finals_team):
    team = finals_team
    finals.timetable_generate(day=team.day, actor=team.organiser)
    _give(team, team.entry_b, name="beta-final.pdf")
    download = reverse("judging:finals_presentation", args=[team.entry_b.pk])
    for user in (team.contact_a, team.contact_c, team.cast.outsider):
        client.force_login(user)
        assert client.get(download).status_code == 404
    client.force_login(team.contact_a)
    assert client.get(reverse("judging:finals", args=[team.edition.slug])).status_code == 403


def _one_round_world(cast, finalists: int):
    """A one-round edition in judging whose `finalists` submitted entries all present: two rooms (alice chairs
    Room 1, cici Room 2; bob, conflicted with company A, sits in neither), each finalist's presenters named and
    every other presentation uploaded."""
    team = cast.edition_in("judging", scored=False)
    for index in range(finalists - 2):
        company = CompanyFactory(legal_name=f"PT Finalis {finalists}-{index:02d}")
        submitted_entry(category=team.category, company=company)
    team.day = finals.finals_day_save(
        edition=team.edition,
        date=timezone.localdate() + timedelta(days=3),
        starts_at=time(8, 0),
        ends_at=time(17, 0),
        slot_minutes=20,
        changeover_minutes=5,
        actor=team.organiser,
    )
    cici = JudgeFactory(edition=team.edition, full_name="Cici Wulandari", pseudonym="Judge 03")
    for name, judge in (("Room 1", team.alice), ("Room 2", cici)):
        room = finals.finals_room_add(day=team.day, name=name, actor=team.organiser)
        finals.room_panel_add(room=room, judge=judge, is_chair=True, actor=team.organiser)
    finals.timetable_generate(day=team.day, actor=team.organiser)
    for position, slot in enumerate(FinalsSlot.objects.filter(day=team.day).select_related("entry")):
        finals.presenters_set(day=team.day, entry=slot.entry, presenters=f"Presenter {position}", user=team.organiser)
        if position % 2 == 0:
            finals.presentation_upload(
                day=team.day,
                entry=slot.entry,
                uploaded_file=upload(f"final-{position}.pdf", PDF_BYTES),
                user=team.organiser,
            )
    return team


def _organiser_page_queries(client, team) -> tuple[int, str]:
    client.force_login(team.organiser)
    url = reverse("judging:finals", args=[team.edition.slug])
    client.get(url)  # the session's first page writes the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_organiser_page_reads_as_many_queries_for_2_and_for_20_finalists(client, cast):
    two, page_two = _organiser_page_queries(client, _one_round_world(cast, 2))
    twenty, page_twenty = _organiser_page_queries(client, _one_round_world(cast, 20))
    assert page_two.count('class="finals-slot"') == 2 and page_twenty.count('class="finals-slot"') == 20
    assert "1 of 2 final presentations uploaded." in page_two
    assert "10 of 20 final presentations uploaded." in page_twenty
    assert twenty == two


# --- The checklist ---------------------------------------------------------------------------------------


def _finals_step(edition):
    return next(step for step in edition_checklist(edition=edition) if step.key == "finals_day")


def test_the_checklist_says_what_blocks_the_finals_day_until_it_is_ready(finals_team):
    team = finals_team
    finals.finals_room_add(day=team.day, name="Room 3", actor=team.organiser)
    RoomPanelMember.objects.filter(judge=team.cici).update(is_chair=False)
    step = _finals_step(team.edition)
    assert (step.done, step.url) == (False, reverse("judging:finals", args=[team.edition.slug]))
    assert list(step.problems) == [
        "A room has no panel yet: Room 3.",
        "A room has no chair yet: Room 2.",
        "3 finalists have no slot yet: generate the timetable or adjust it.",
    ]

    finals.finals_room_remove(room=team.day.rooms.get(name="Room 3"), actor=team.organiser)
    RoomPanelMember.objects.filter(judge=team.cici).update(is_chair=True)
    finals.timetable_generate(day=team.day, actor=team.organiser)
    _give(team, team.entry_b, name="beta-final.pdf")
    step = _finals_step(team.edition)
    assert list(step.problems) == ["2 finalists have not uploaded their final presentation yet."]
    assert "3 of 3 finalists scheduled" in step.detail and "1 of 3 presentations uploaded" in step.detail

    _give(team, team.entry_a, name="alfa-final.pdf")
    _give(team, team.entry_c, name="cakra-final.pdf")
    step = _finals_step(team.edition)
    assert (step.done, step.status, step.problems) == (True, "done", ())


def test_the_checklist_asks_for_the_finals_day_once_the_finalists_are_known(finals_team):
    team = finals_team
    team.day.delete()
    step = _finals_step(team.edition)
    assert step.problems == ("The finals day is not set yet: its date, hours and slots.",)


def test_before_the_shortlist_the_checklist_only_says_when_the_day_can_be_set(cast):
    desk_only = cast.edition_in_two_rounds(top_n=3)
    step = _finals_step(desk_only.edition)
    assert (step.done, step.problems) == (False, ())
    assert step.detail == "The finals day can be set once the finalists are known."


def test_an_edition_without_a_finals_day_has_no_finals_step(edition_in):
    world = edition_in("judging", scored=False)
    assert [step for step in edition_checklist(edition=world.edition) if step.key == "finals_day"] == []


def test_a_step_left_undone_at_the_seal_has_passed(finals_team):
    team = finals_team
    round_seal(edition=team.edition, number=team.final.number, actor=team.organiser)
    team.edition.refresh_from_db()
    assert _finals_step(team.edition).status == "passed"


def test_the_saved_day_shows_in_its_date_field_in_both_languages(client, finals_team, settings):
    """A date input takes only an ISO date: in the Indonesian format ("09-12-2026") the saved date would show
    as empty, and saving the day again would be refused."""
    team = finals_team
    client.force_login(team.organiser)
    url = reverse("judging:finals", args=[team.edition.slug])
    for language in ("en", "id"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = client.get(url).content.decode()
        assert f'name="date" value="{team.day.date.isoformat()}"' in page, language
