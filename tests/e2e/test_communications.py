"""An organiser writes to a group in Debian's Chromium, in English and in Indonesian: the message in both languages,
a refused placeholder, the preview (recipient count, the message as one entrant reads it), the send (the message
queued, no e-mail written by the request), then, once the background worker has run, each recipient's e-mail
written and sent. The reminders page is looked at too.
Every page is also looked at 390 px wide (no sideways scrolling). Screenshots go to
test-artifacts/e2e/comms-<language>-*.png."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from awards.models import GroupMessage, OutboxMessage
from tests.e2e.test_edition_setup import _OVERFLOWING
from tests.e2e.test_lifecycle import ARGS, ARTIFACTS, CHROMIUM, _own_db_connections_closed
from tests.factories import (
    CategoryFactory,
    ContactFactory,
    EditionFactory,
    EntryFactory,
    OrganiserFactory,
    SubmittedEntryFactory,
    UserFactory,
)

pytestmark = [pytest.mark.slow, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {
        "preview": "Preview",
        "send": "Send to 2 recipients",
        "count": "2 recipients receive this message",
        "queued": "Queued",
        "sent": "Sent",
        "refused": "{score} is not a placeholder a message may use",
        "reminders": "Scheduled reminders",
    },
    "id": {
        "preview": "Pratinjau",
        "send": "Kirim ke 2 penerima",
        "count": "2 penerima menerima pesan ini",
        "queued": "Dalam antrean",
        "sent": "Terkirim",
        "refused": "{score} bukan penanda yang boleh dipakai",
        "reminders": "Pengingat terjadwal",
    },
}


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's Chromium is not installed")
@pytest.mark.parametrize("language", ["en", "id"])
def test_an_organiser_sends_a_message_to_a_group_and_sees_it_queued_then_sent(
    live_server, task_worker, monkeypatch, language
):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop runs in this thread
    words = WORDS[language]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"comms-{language}-*.png"):
        old.unlink()
    edition = EditionFactory(name="Call Center Terbaik Indonesia 2031")
    category = CategoryFactory(edition=edition)
    rina = ContactFactory(
        user=UserFactory(username="rina@alfa.example.test"),
        full_name="Rina Wulandari",
        company__legal_name="PT Alfa Kontak",
    )
    ContactFactory(
        user=UserFactory(username="budi@beta.example.test"),
        full_name="Budi Santoso",
        company__legal_name="PT Beta Layanan",
    )
    EntryFactory(company=rina.company, category=category)
    SubmittedEntryFactory(
        company=ContactFactory._meta.model.objects.get(full_name="Budi Santoso").company, category=category
    )
    client = Client()
    client.force_login(OrganiserFactory())
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    shots = []

    with sync_playwright() as playwright, _own_db_connections_closed():
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies(
            [
                {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url},
                {"name": "django_language", "value": language, "url": live_server.url},
            ]
        )
        page = context.new_page()

        def shot(name):
            shots.append(name)
            page.screenshot(path=str(ARTIFACTS / f"comms-{language}-{len(shots):02d}-{name}.png"), full_page=True)
            page.set_viewport_size({"width": 390, "height": 844})
            assert page.evaluate(_OVERFLOWING) == [], f"{name} scrolls sideways at 390 px"
            page.screenshot(path=str(ARTIFACTS / f"comms-{language}-{len(shots):02d}-{name}-390.png"), full_page=True)
            page.set_viewport_size({"width": 1280, "height": 900})

        # From the checklist to a new message.
        page.goto(live_server.url + reverse("awards:organiser_edition", args=[edition.slug]))
        page.locator(f"a[href='{reverse('awards:organiser_message_new', args=[edition.slug])}']").first.click()
        page.select_option("[name=group]", "entrants")
        page.fill("[name=subject_id]", "Pengingat untuk {company}")
        page.fill("[name=subject_en]", "A reminder for {company}")
        page.fill("[name=body_id]", "Yth. {name},\n\nPendaftaran {edition} ditutup {entry_deadline}.\n{dashboard_url}")
        page.fill("[name=body_en]", "Dear {name},\n\nYour score so far: {score}.")
        with page.expect_navigation():
            page.get_by_role("button", name=words["preview"], exact=True).click()
        assert words["refused"] in page.content()
        shot("refused-placeholder")

        page.fill("[name=body_en]", "Dear {name},\n\nEntries to {edition} close on {entry_deadline}.\n{dashboard_url}")
        with page.expect_navigation():
            page.get_by_role("button", name=words["preview"], exact=True).click()
        preview = page.locator("#preview-title").locator("..").inner_text()
        assert words["count"] in preview
        assert "Dear Rina Wulandari" in preview and "Yth. Rina Wulandari" in preview  # the first entrant, by company
        assert GroupMessage.objects.count() == 0 and OutboxMessage.objects.count() == 0  # a preview sends nothing
        shot("preview")

        with page.expect_navigation():
            page.get_by_role("button", name=words["send"]).click()
        # Recorded and queued: the worker, not the request, writes the e-mails.
        assert page.locator(".message-status").inner_text() == words["queued"]
        assert "rina@alfa.example.test" not in page.locator("table").inner_text()
        assert OutboxMessage.objects.count() == 0
        shot("queued")

        assert task_worker() >= 3  # the real worker writes both e-mails, then delivers each
        page.reload()
        table = page.locator("table").inner_text()
        assert table.count(words["sent"]) == 2 and words["queued"] not in table and "rina@alfa.example.test" in table
        assert page.locator(".message-status").inner_text() == words["sent"]
        shot("sent")

        page.goto(live_server.url + reverse("awards:organiser_messages", args=[edition.slug]))
        shot("messages")
        page.get_by_role("link", name=words["reminders"]).first.click()
        page.wait_for_load_state()
        assert words["reminders"] in page.locator("h1").inner_text()
        shot("reminders")
        browser.close()
