"""The award-night pack in Debian's Chromium: the button queues it, the results page shows each stage's progress
while the background worker makes it, then the download."""

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from judging.pack import PACK
from judging.services import pack_exports
from tests.generated_edition import generated_revealed

pytestmark = [pytest.mark.slow, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's Chromium is not installed")
def test_the_page_shows_the_progress_then_the_download(live_server, task_worker, monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop runs in this thread
    generated = generated_revealed(categories=2, entries_per_category=3, judges=3)
    client = Client()
    client.force_login(generated.organiser)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    url = live_server.url + reverse("judging:results", args=[generated.edition.slug])

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(accept_downloads=True)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
        page = context.new_page()
        page.goto(url)
        page.get_by_role("button", name="Make the award-night pack").click()
        page.wait_for_load_state()
        assert "Waiting for the background worker…" in page.locator("#pack").inner_text()
        assert page.get_by_role("button", name="Making the award-night pack…").is_disabled()

        # The worker runs in this thread: at each step it records, the organiser's page is read.
        seen = []
        record = pack_exports._progress_save

        def record_and_look(**kwargs):
            record(**kwargs)
            page.reload()
            seen.append(page.locator("#pack").inner_text())

        monkeypatch.setattr(pack_exports, "_progress_save", record_and_look)
        assert task_worker() == 1

        assert any("Feedback reports" in text and "of 6" in text for text in seen), seen
        assert any("Certificates" in text and "ZIP file" in text for text in seen), seen
        assert all("Making the pack" in text for text in seen)
        page.reload()
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Download the award-night pack").click()
        pack = zipfile.ZipFile(io.BytesIO(Path(download_info.value.path()).read_bytes()))
        manifest = json.loads(pack.read(PACK.manifest))
        assert len([name for name in manifest["files"] if name.startswith(PACK.feedback_dir)]) == 6
        assert all(hashlib.sha256(pack.read(name)).hexdigest() == digest for name, digest in manifest["files"].items())
        browser.close()
