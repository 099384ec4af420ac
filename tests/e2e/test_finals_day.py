"""The finals day in Debian's Chromium: the organiser builds the timetable (English), a finalist sees its own slot
(Indonesian, on a 390 px phone), names its presenters and uploads its presentation, which the organiser then sees
and downloads (Indonesian, wide and 390 px) beside the checklist's finals-day step; a judge scores a finalist of
their room on a tablet (English) and the room's running order reads in Indonesian too; the chair sees who
submitted."""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from judging.finals.models import FinalsSlot, RoomPanelMember
from judging.models import SealedScorecard
from tests.judging.test_finals import finalists_world
from tests.sample_files import PDF_BYTES

pytestmark = [pytest.mark.slow, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SHOTS = os.environ.get("FINALS_SCREENSHOTS")  # a folder to keep the screenshots in, to look at them


def _session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _context(browser, live_server, user, *, language="en", width=1280, height=900):
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=width < 1000)
    context.add_cookies(
        [
            {"name": settings.SESSION_COOKIE_NAME, "value": _session(user), "url": live_server.url},
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
        ]
    )
    return context


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _sideways(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's Chromium is not installed")
def test_the_finals_day_from_every_side(live_server, monkeypatch, tmp_path):
    from playwright.sync_api import sync_playwright

    # The test reads the database between the browser's steps, inside Playwright's event loop (this thread only).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    team = finalists_world()
    errors, csp = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)

        # The organiser sets the day, two rooms and their panels, and generates the timetable.
        context = _context(browser, live_server, team.organiser)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "console", lambda message: csp.append(message.text) if "Content Security Policy" in message.text else None
        )
        page.goto(live_server.url + reverse("awards:organiser_edition", args=[team.edition.slug]))
        page.click("nav.organiser-edition-nav >> text=Finals day")
        page.fill("input[name=date]", timezone.localdate().isoformat())  # today: the chair's timer runs
        page.fill("input[name=starts_at]", "09:00")
        page.fill("input[name=ends_at]", "12:00")
        page.fill("textarea[name=breaks]", "10:20-10:40 Coffee")
        page.fill("input[name=venue]", "Hotel Mulia")
        page.fill("textarea[name=instructions]", "Bring your team badge.")
        page.click("text=Save the day")
        page.locator(".alert", has_text="The finals day is saved.").wait_for()
        for name in ("Room 1", "Room 2"):
            page.fill("input[name=name]", name)
            page.click("text=Add the room")
            page.locator(".alert", has_text="The room is added.").wait_for()
        for room, judge, chair in (
            ("Room 1", team.alice, True),
            ("Room 1", team.bob, False),
            ("Room 2", team.cici, True),
        ):
            page.select_option("select[name=room] >> nth=0", label=room)
            page.select_option("select[name=judge]", label=judge.full_name)
            page.set_checked("input[name=is_chair]", chair)
            page.click("text=Seat the judge")
            page.locator(".alert", has_text="The judge is on the room's panel.").wait_for()
        with page.expect_navigation():
            page.click("button:has-text('Generate a draft timetable')")
        generated = " ".join(page.locator(".alert").all_text_contents())
        assert "A draft timetable of 3 slots is ready" in generated, generated
        _shot(page, "organiser-finals-desktop")
        page.set_viewport_size({"width": 390, "height": 844})
        organiser_sideways = _sideways(page)
        _shot(page, "organiser-finals-390")
        context.close()

        slot_b = FinalsSlot.objects.select_related("room").get(entry=team.entry_a)
        assert slot_b.room.name == "Room 2"  # bob, in Room 1, declared a conflict with company A

        # The finalist (company A) reads its slot in Indonesian on a phone.
        context = _context(browser, live_server, team.contact_a, language="id", width=390, height=844)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(live_server.url + reverse("awards:dashboard"))
        page.click("text=Slot final Anda")
        mine = page.text_content("main")
        finalist_sideways = _sideways(page)
        _shot(page, "finalist-slot-390-id")
        # It names who presents and uploads its final presentation.
        page.fill("input[name=presenters]", "Dimas Pratama (Kepala Layanan)")
        page.click("text=Simpan pembicara")
        page.locator(".alert", has_text="Pembicara telah disimpan.").wait_for()
        presentation = tmp_path / "alfa-final.pdf"
        presentation.write_bytes(PDF_BYTES)
        page.set_input_files("input[name=file]", str(presentation))
        page.click("text=Unggah presentasi")
        page.locator(".alert", has_text="Presentasi final Anda telah diunggah.").wait_for()
        context.close()

        # The organiser, in Indonesian, sees who presents in each slot and which presentations are in, downloads
        # company A's, and finds the finals day in the edition's checklist; on a wide screen and on a phone.
        context = _context(browser, live_server, team.organiser, language="id")
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(live_server.url + reverse("judging:finals", args=[team.edition.slug]))
        row_a = page.text_content(f"tr.finals-slot[data-entry='{team.entry_a.pk}']")
        row_b = page.text_content(f"tr.finals-slot[data-entry='{team.entry_b.pk}']")
        uploaded_count = page.text_content(".finals-presentations-count")
        with page.expect_download() as download:
            page.click(f"tr.finals-slot[data-entry='{team.entry_a.pk}'] >> text=alfa-final.pdf")
        downloaded = Path(download.value.path()).read_bytes()
        _shot(page, "organiser-finals-given-id")
        page.set_viewport_size({"width": 390, "height": 844})
        organiser_given_sideways = _sideways(page)
        _shot(page, "organiser-finals-given-390-id")
        page.goto(live_server.url + reverse("awards:organiser_edition", args=[team.edition.slug]))
        finals_step = page.text_content("[data-step=finals_day]")
        checklist_sideways = _sideways(page)
        _shot(page, "organiser-checklist-390-id")
        context.close()

        # A judge of Room 1 opens the running order and scores its first finalist on a tablet.
        room_1_entry = FinalsSlot.objects.filter(room__name="Room 1").order_by("starts_at").first().entry
        context = _context(browser, live_server, team.bob.user, width=768, height=1024)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(live_server.url + reverse("judging:workspace"))
        page.click(".finals-seat >> text=Running order")
        running_order = page.text_content(".finals-room-order")
        _shot(page, "judge-room-768")
        page.click(f"a[href='{reverse('judging:scorecard', args=[room_1_entry.pk])}']")
        for index in range(len(team.criteria)):
            page.locator(".score-radios").nth(index).locator("label", has_text=re.compile(r"^8$")).click()
        page.click("button[name=review]")
        page.wait_for_url(re.compile(r"/review/$"))
        page.click("text=Seal and submit")
        page.wait_for_selector("#receipt")
        context.close()

        # The same running order in Indonesian, and the chair (alice) sees who submitted.
        context = _context(browser, live_server, team.alice.user, language="id", width=390, height=844)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(live_server.url + reverse("judging:finals_room", args=[team.edition.slug]))
        room_id = page.text_content("main")
        page.click("text=Tampilan ketua ruang")
        page.goto(page.url + f"?slot={FinalsSlot.objects.get(entry=room_1_entry).pk}")
        chair = page.text_content("main")
        page.locator(".finals-timer-label").wait_for()
        timer = page.text_content(".finals-timer")
        chair_sideways = _sideways(page)
        _shot(page, "chair-390-id")
        browser.close()

    assert "Room 2" in mine and slot_b.starts_at.strftime("%H:%M") in mine and "Bring your team badge." in mine
    assert team.company_b.legal_name not in mine and team.company_c.legal_name not in mine
    assert room_1_entry.company.legal_name in running_order and team.company_a.legal_name not in running_order
    assert SealedScorecard.objects.filter(judge=team.bob, entry=room_1_entry, round=team.final).count() == 1
    assert "Susunan acara" in room_id and room_1_entry.company.legal_name in room_id
    assert "Kartu nilai terkirim: 1 dari 2" in chair and team.bob.full_name in chair
    assert re.fullmatch(r"\+?(\d+:)?\d\d:\d\d", timer.strip())
    assert RoomPanelMember.objects.get(judge=team.alice).is_chair
    assert "Dimas Pratama (Kepala Layanan)" in row_a and "alfa-final.pdf" in row_a and "diunggah" in row_a
    assert "Pembicara belum disebutkan" in row_b and "Belum ada presentasi" in row_b
    assert "1 dari 3 presentasi final sudah diunggah." in uploaded_count
    assert downloaded == PDF_BYTES
    assert "Hari final" in finals_step and "2 finalis belum mengunggah presentasi finalnya." in finals_step
    assert (organiser_sideways, finalist_sideways, chair_sideways) == (0, 0, 0)
    assert (organiser_given_sideways, checklist_sideways) == (0, 0)
    assert errors == []
    assert csp == []
