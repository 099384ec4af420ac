"""The presenter screen in Debian's Chromium: keys step through title, finalists and awards."""

import shutil

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import OrganiserFactory

pytestmark = [pytest.mark.slow, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's Chromium is not installed")
def test_keys_step_through_a_category(live_server, cast):
    from playwright.sync_api import sync_playwright

    edition = cast.revealed_edition(categories=1, awards_per_category=3, extra_entries=1, individual_first=False)
    category = edition.categories.get()
    winner = category.awards.get(rank=1).entry.company.legal_name
    third = category.awards.get(rank=3).entry.company.legal_name
    client = Client()
    client.force_login(OrganiserFactory())
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    url = live_server.url + reverse("awards:presenter", args=[edition.slug])

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        console = []
        page.on("console", lambda message: console.append(message.text))
        page.goto(url)
        stage = page.locator("#stage")

        assert edition.name in stage.inner_text()
        page.keyboard.press("ArrowRight")
        assert category.name_id in stage.inner_text() and category.name_en in stage.inner_text()
        page.keyboard.press("PageDown")
        assert "The finalists" in stage.inner_text()
        page.keyboard.press("Space")
        first_reveal = stage.inner_text()
        assert third in first_reveal and winner not in first_reveal  # lowest place first
        page.keyboard.press("Space")
        page.keyboard.press("Space")
        assert winner in stage.locator(".award-row.is-top").inner_text()  # the winner last
        page.keyboard.press("PageUp")
        assert winner not in stage.inner_text()
        page.keyboard.press("End")
        assert "Congratulations to all the winners" in stage.inner_text()
        page.keyboard.press("Home")
        assert edition.name in stage.inner_text()
        assert errors == []
        assert [text for text in console if "Content Security Policy" in text] == []  # no violation (s3)
        # The listener does see one: markup with an inline style is refused by the policy.
        page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">probe</p>')")
        page.locator("p", has_text="probe").wait_for()
        page.wait_for_timeout(200)
        assert len([text for text in console if "Content Security Policy" in text]) == 1
        browser.close()
