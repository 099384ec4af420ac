"""An assessor files mystery calls in Debian's Chromium, on a phone (390 px) and a desktop: a refused log shows
its messages and saves nothing, a sealed one shows its receipt."""

import datetime as dt
import os
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from judging.models import Assessor, CallLog
from tests.cast import Cast, sign_judge_nda
from tests.factories import UserFactory

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


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _assessor_session(team) -> str:
    """An assessor of the team's edition who signed the agreement, signed in: the session cookie's value."""
    user = UserFactory(username="ratna@assessor.example.test", two_factor=True)
    assessor = Assessor.objects.create(
        edition=team.edition, user=user, full_name="Ratna Wijayanti", pseudonym="Assessor 01"
    )
    sign_judge_nda(SimpleNamespace(edition=team.edition, user=user, full_name=assessor.full_name, job_title=""))
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's Chromium is not installed")
def test_an_assessor_files_calls_on_a_phone_and_a_desktop(live_server, tmp_path):
    from playwright.sync_api import sync_playwright

    team = Cast().edition_in("judging", scored=False)
    team.entry_a.mystery_call_numbers = "1500-123 · WhatsApp +62 811-0123-2026"
    team.entry_a.save()
    session = _assessor_session(team)
    shots = Path(os.environ.get("E2E_SCREENSHOTS") or tmp_path)
    receipts, overflow, errors = [], {}, []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width, height in ((390, 844), (1280, 900)):
            context = browser.new_context(viewport={"width": width, "height": height})
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(live_server.url + reverse("judging:assessor_home"))
            assert "1500-123" in page.text_content("main")
            page.locator("li", has_text=team.company_a.legal_name).get_by_role("link", name="Log a call").click()
            page.wait_for_url(re.compile(r"/call/$"))
            # A call "tomorrow" with no seconds: refused, field by field.
            page.fill("input[name=called_at]", _local(timezone.now() + dt.timedelta(days=1)))
            page.select_option("select[name=channel]", "phone")
            page.check("input[name=outcome][value=answered]")
            page.click("text=Seal this call log")
            page.wait_for_selector(".invalid-feedback, .alert-danger")
            refused = page.text_content("main form")
            assert "The call cannot be in the future" in refused
            assert "Give the seconds it took to answer." in refused
            page.screenshot(path=str(shots / f"call-log-refused-{width}.png"), full_page=True)
            overflow[width] = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            page.fill("input[name=called_at]", _local(timezone.now() - dt.timedelta(minutes=20)))
            page.check("input[name=outcome][value=answered]")
            page.fill("input[name=answer_seconds]", "17")
            page.check("input[name=answered_by][value=person]")
            page.check("input[name=resolved][value=yes]")
            page.fill("input[name=courtesy]", "9")
            page.fill("input[name=accuracy]", "8")
            page.fill("textarea[name=notes]", "Agent knew the tariff; ticket number given.")
            page.click("text=Seal this call log")
            page.wait_for_url(re.compile(r"/judging/assessor/$"))
            message = page.text_content(".alert-success")
            receipts.append(re.search(r"[0-9a-f]{64}", message).group(0))
            assert receipts[-1] in page.text_content("table")
            page.screenshot(path=str(shots / f"assessor-home-{width}.png"), full_page=True)
            context.close()
        browser.close()

    assert errors == []
    assert overflow == {390: 0, 1280: 0}
    assert sorted(CallLog.objects.values_list("receipt", flat=True)) == sorted(receipts)
    assert [log.number for log in CallLog.objects.order_by("number")] == [1, 2]


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's Chromium is not installed")
def test_an_assessor_records_a_site_visit(live_server, tmp_path):
    from playwright.sync_api import sync_playwright

    from judging.models import SiteVisit
    from judging.services.site_visits import checklist_item_add

    team = Cast().edition_in("judging", scored=False)
    for code, label_en, label_id in (
        ("queue-board", "Live queue board on the floor", "Papan antrean langsung di lantai"),
        ("training-room", "A training room in use", "Ruang pelatihan yang dipakai"),
    ):
        checklist_item_add(category=team.category, code=code, label_en=label_en, label_id=label_id, actor=None)
    session = _assessor_session(team)
    shots = Path(os.environ.get("E2E_SCREENSHOTS") or tmp_path)
    errors = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844})
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(live_server.url + reverse("judging:assessor_home"))
        page.locator("li", has_text=team.company_a.legal_name).get_by_role("link", name="Record a site visit").click()
        page.wait_for_url(re.compile(r"/visit/$"))
        # One item left unanswered: refused with its own message, nothing sealed.
        page.fill("input[name=visited_on]", timezone.localdate().isoformat())
        page.check("input[name=answer_queue-board][value=yes]")
        page.click("text=Seal this site visit")
        page.wait_for_selector(".invalid-feedback, .alert-danger")
        assert "Answer this item: met, not met or not seen." in page.text_content("main form")
        page.screenshot(path=str(shots / "site-visit-refused-390.png"), full_page=True)
        page.check("input[name=answer_queue-board][value=yes]")
        page.check("input[name=answer_training-room][value=not_seen]")
        page.fill("input[name=notes_training-room]", "Door locked during the visit.")
        page.click("text=Seal this site visit")
        page.wait_for_url(re.compile(r"/judging/assessor/$"))
        receipt = re.search(r"[0-9a-f]{64}", page.text_content(".alert-success")).group(0)
        assert receipt in page.text_content("table.site-visits")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        page.screenshot(path=str(shots / "site-visit-sealed-390.png"), full_page=True)
        context.close()
        browser.close()

    assert errors == [] and overflow == 0
    # One sealed visit, the second attempt's: the refused one saved nothing.
    assert list(SiteVisit.objects.values_list("receipt", flat=True)) == [receipt]
