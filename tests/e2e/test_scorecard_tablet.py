"""The scorecard on a tablet in Debian's Chromium: no sideways scrolling, autosave, review, seal."""

import re
import shutil

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from judging.models import ScorecardDraft, SealedScorecard

pytestmark = [pytest.mark.slow, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's Chromium is not installed")
def test_scorecard_on_a_tablet(live_server, edition_in):
    from playwright.sync_api import sync_playwright

    world = edition_in("judging", scored=False)
    client = Client()
    client.force_login(world.alice.user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    url = live_server.url + reverse("judging:scorecard", kwargs={"pk": world.entry_a.pk})
    criteria = len(world.criteria)
    widths = {}

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width, height in ((768, 1024), (1024, 768)):
            context = browser.new_context(viewport={"width": width, "height": height}, has_touch=True)
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
            page = context.new_page()
            page.goto(url)
            widths[width] = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            smallest = page.eval_on_selector_all(
                ".score-option", "els => Math.min(...els.map(e => Math.min(e.offsetWidth, e.offsetHeight)))"
            )
            assert smallest >= 44  # a finger-sized target
            context.close()
        context = browser.new_context(viewport={"width": 768, "height": 1024}, has_touch=True)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        console = []
        page.on("console", lambda message: console.append(message.text))
        page.goto(url)
        for index in range(criteria):
            page.locator(".score-radios").nth(index).locator("label", has_text=re.compile(r"^7$")).click()
        page.fill("textarea[name=comment]", "Typed on a tablet")
        # A locator wait, not wait_for_function: the CSP (no 'unsafe-eval') refuses a string predicate.
        page.locator("#autosave-status", has_text=":").wait_for(timeout=10000)
        autosaved = page.text_content("#autosave-status")
        page.click("button[name=review]")
        page.wait_for_url(re.compile(r"/review/$"))
        total = page.text_content("#review-total")
        page.click("text=Seal and submit")
        page.wait_for_selector("#receipt")
        receipt = page.text_content("#receipt")
        browser.close()

    assert widths == {768: 0, 1024: 0}
    assert "saved" in autosaved.lower()
    assert total == "70.00"
    assert errors == []
    assert [text for text in console if "Content Security Policy" in text] == []  # no CSP violation (s3)
    assert SealedScorecard.objects.get().receipt == receipt
    assert not ScorecardDraft.objects.exists()
