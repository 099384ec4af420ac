"""In Debian's Chromium: the entry page keeps typed text when a document is uploaded, and a judge reads the
entry's PDF and image beside the scorecard (PDF.js, under the site's CSP). Screenshots of the pages this
work changed, at 1280 px and 390 px, in Indonesian and English, go to test-artifacts/e2e/console-*.png."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from awards.models import Entry, EntryDocument
from tests.cast import complete_entry, participant
from tests.factories import CategoryFactory
from tests.sample_files import png_bytes

pytestmark = [pytest.mark.slow, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
WIDTHS = (1280, 390)


def _pdf(pages: int) -> bytes:
    from weasyprint import HTML

    body = "".join(
        f'<section style="page-break-after: always"><h1>Halaman {n}</h1><p>Rencana layanan pelanggan.</p></section>'
        for n in range(1, pages + 1)
    )
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def _document(entry, name, body, content_type, kind):
    document = EntryDocument(
        entry=entry, original_name=name, size=len(body), kind=kind, content_type=content_type,
        sha256=str(len(body)).rjust(64, "0"),
    )
    document.file.save("x", ContentFile(body), save=False)
    document.save()
    return document


def _session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


class Browser:
    def __init__(self, playwright, base):
        self.browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        self.base = base
        self.errors = []
        self.console = []

    def page(self, session, *, width=1280, language="en"):
        context = self.browser.new_context(
            viewport={"width": width, "height": 900}, locale=language, extra_http_headers={"Accept-Language": language}
        )
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": self.base}])
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": self.base}])
        page = context.new_page()
        page.set_default_timeout(20000)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", lambda message: self.console.append(message.text))
        return page

    def shots(self, session, path, name, *, ready=None):
        for language in ("id", "en"):
            for width in WIDTHS:
                page = self.page(session, width=width, language=language)
                page.goto(self.base + path)
                if ready:
                    page.locator(ready).first.wait_for()
                overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                assert overflow == 0, (name, language, width)
                page.screenshot(path=str(ARTIFACTS / f"console-{name}-{language}-{width}.png"), full_page=True)
                page.context.close()


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's Chromium is not installed")
def test_typed_text_survives_an_upload_and_a_judge_reads_beside_the_scorecard(live_server, settings, monkeypatch, cast):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test reads the database there.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.DEBUG = True  # the demo's setting: a missing page must still be the site's own
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    category = CategoryFactory()
    contact = participant(category.edition)
    entry = complete_entry(contact, category)
    world = cast.edition_in("judging", scored=False, keys=False)
    world.entry_a.documents.all().delete()  # the deck and the map below are the entry's only documents
    deck = _pdf(3)
    pdf_document = _document(world.entry_a, "Rencana Layanan 2027.pdf", deck, "application/pdf", "pdf")
    _document(world.entry_a, "Denah lokasi.png", png_bytes(), "image/png", "png")
    judge_session = _session(world.alice.user)
    entrant_session = _session(contact.user)
    organiser_session = _session(world.organiser)

    with sync_playwright() as playwright:
        browser = Browser(playwright, live_server.url)
        # The entrant types, then uploads without pressing "Save draft": the text is saved first.
        page = browser.page(entrant_session)
        page.goto(live_server.url + reverse("awards:entry_edit", kwargs={"pk": entry.pk}))
        page.fill("[name=narrative_people]", "Pelatihan mingguan untuk setiap agen.")
        assert page.locator("[data-unsaved-notice]").is_visible()
        page.set_input_files("input[name=file]", {"name": "rencana.png", "mimeType": "image/png",
                                                  "buffer": png_bytes()})
        with page.expect_navigation():
            page.get_by_role("button", name="Upload", exact=True).click()
        page.locator(".document-list").wait_for()
        assert page.locator("[name=narrative_people]").input_value() == "Pelatihan mingguan untuk setiap agen."
        # Deleting asks first.
        page.get_by_role("link", name="Delete rencana.png").click()
        page.get_by_role("button", name="Yes, delete the document").wait_for()
        page.context.close()

        # The judge's scorecard: the PDF is drawn page by page beside the scores, then the image.
        page = browser.page(judge_session)
        page.goto(live_server.url + reverse("judging:scorecard", kwargs={"pk": world.entry_a.pk}))
        page.locator(".reader-view[data-rendered=true]").wait_for()
        pages = page.locator(".reader-view canvas.reader-page")
        assert pages.count() == 3
        reader_box = page.locator("#document-reader").bounding_box()
        form_box = page.locator("#scorecard-form").bounding_box()
        assert reader_box["x"] > form_box["x"] + form_box["width"] - 1  # side by side at 1280 px
        page.get_by_role("link", name="Denah lokasi.png").click()
        page.locator(".reader-view img.reader-image").wait_for()
        # Without the reader (a new tab, no JavaScript): Chromium's own PDF viewer opens the inline file
        # under its own strict policy.
        page.goto(live_server.url + reverse("judging:document_view", kwargs={"pk": pdf_document.pk}), timeout=15000)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(ARTIFACTS / "console-pdf-in-browser-viewer.png"), timeout=10000)
        page.context.close()

        entry_path = reverse("awards:entry_edit", kwargs={"pk": entry.pk})
        browser.shots(entrant_session, entry_path, "entry-page")
        document = Entry.objects.get(pk=entry.pk).documents.first()
        browser.shots(entrant_session, reverse("awards:document_delete", kwargs={"pk": document.pk}), "document-delete")
        browser.shots(
            judge_session,
            reverse("judging:scorecard", kwargs={"pk": world.entry_a.pk}),
            "scorecard-reader",
            ready=".reader-view[data-rendered=true]",
        )
        browser.shots(
            organiser_session, reverse("judging:organiser_edition", args=[world.edition.slug]), "organiser-edition"
        )
        browser.shots(
            organiser_session, reverse("judging:rubric", args=[world.edition.slug, world.category.code]), "rubric"
        )
        browser.shots(organiser_session, "/no-such-page/", "not-found")
        browser.shots(entrant_session, "/", "home")
        browser.browser.close()

    assert entry.documents.count() == 1
    assert browser.errors == []
    assert [text for text in browser.console if "Content Security Policy" in text] == []
