"""The eligibility review in Debian's Chromium, in English and in Indonesian: the checklist says what blocks
judging, the organiser reads an entry's PDF in the review page's reader and accepts it, returns the other with a
reason, the entrant reads why, fixes the entry and submits it again after registration closed, the organiser
accepts it, and grants a company a later deadline. Every page is also looked at 390 px wide. Screenshots go to
test-artifacts/e2e/review-<language>-*.png.
"""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from awards.eligibility import review_problems
from awards.models import AuditEvent, DeadlineExtension, Edition, Entry, OutboxMessage
from awards.services.documents import document_add
from awards.services.entries import entry_submit
from tests.cast import complete_entry, participant
from tests.e2e.test_edition_setup import _OVERFLOWING
from tests.e2e.test_lifecycle import ARGS, ARTIFACTS, CHROMIUM, PDF_BYTES, Scenario, _own_db_connections_closed
from tests.factories import CategoryFactory, EditionFactory, OrganiserFactory

pytestmark = [pytest.mark.slow, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def _sync_playwright_in_this_thread(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _submitted(contact, category, title):
    entry = complete_entry(contact, category, title=title)
    document_add(
        entry=entry,
        user=contact.user,
        uploaded_file=SimpleUploadedFile("presentation.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    return entry_submit(entry=entry, user=contact.user)


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Debian's Chromium is not installed at {CHROMIUM}")
@pytest.mark.parametrize("language", ["en", "id"])
def test_an_organiser_reviews_entries_and_an_entrant_fixes_a_returned_one(
    live_server, mailoutbox, _sync_playwright_in_this_thread, language
):
    from playwright.sync_api import sync_playwright

    def say(text):
        with translation.override(language):
            return gettext(text)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"review-{language}-*.png"):
        old.unlink()
    edition = EditionFactory(state=Edition.State.REGISTRATION, slug=f"cct-review-{language}")
    category = CategoryFactory(
        edition=edition, seat_class="", name_en="Best Contact Center", name_id="Contact Center Terbaik"
    )
    alpha = participant(edition, legal_name="PT Alpha Kontak", brand="Alpha Care")
    beta = participant(edition, legal_name="PT Beta Layanan", brand="Beta Care")
    entry_a = _submitted(alpha, category, "Alpha: one queue for every channel")
    entry_b = _submitted(beta, category, "Beta: agents first")
    organiser = OrganiserFactory(username=f"panitia-{language}@cct.example")
    shots = []

    with sync_playwright() as playwright, _own_db_connections_closed():
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        s = Scenario(browser, live_server.url, mailoutbox)
        page = s.person()
        s.log_in(page, organiser.email)
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])

        def shot(who, name):
            shots.append(who.url)
            who.screenshot(path=str(ARTIFACTS / f"review-{language}-{len(shots):02d}-{name}.png"), full_page=True)

        # The checklist names what blocks judging and leads to the review.
        s.go(page, reverse("awards:organiser_edition", args=[edition.slug]))
        review_step = page.locator("[data-step=review]")
        assert say("Eligibility review") in review_step.inner_text()
        with translation.override(language):
            waiting = review_problems(edition=edition)[0]
        assert waiting in review_step.inner_text()
        shot(page, "checklist")
        with page.expect_navigation():
            review_step.get_by_role("link").first.click()
        assert page.url.split("?")[0].endswith(reverse("awards:organiser_review", args=[edition.slug]))
        assert page.locator(".review-queue tbody tr").count() == 2
        shot(page, "queue")

        # Entry A: its PDF opens in the reader, its figures are there; the organiser accepts it.
        page.get_by_role("link", name=entry_a.title).click()
        page.wait_for_load_state()
        assert "1200000" in page.locator(".review-figures").inner_text().replace(",", "").replace(".", "")
        page.locator("a[data-reader-kind=pdf]").first.click()
        page.locator(".reader-view canvas, .reader-view .reader-page").first.wait_for()
        shot(page, "entry-with-reader")
        with page.expect_navigation():
            page.get_by_role("button", name=say("Accept for judging"), exact=True).click()
        entry_a.refresh_from_db()
        assert entry_a.review == Entry.Review.ACCEPTED

        # Entry B goes back to its entrant: first without a reason (refused, nothing changes), then with one.
        s.go(page, reverse("awards:organiser_review_entry", args=[edition.slug, entry_b.pk]))
        page.locator("summary", has_text=say("Return to the entrant…")).click()
        by = timezone.localtime(timezone.now() + dt.timedelta(days=3)).replace(hour=17, minute=0)
        page.fill("[name=return-resubmit_by]", by.strftime("%Y-%m-%dT%H:%M"))
        with page.expect_navigation():
            page.get_by_role("button", name=say("Return with this reason"), exact=True).click()
        assert say("Give a reason: the entrant reads it.") in page.content()
        entry_b.refresh_from_db()
        assert entry_b.review == Entry.Review.AWAITING
        shot(page, "return-refused")
        page.fill("[name=return-reason]", "The KPI report is not signed by your auditor.")
        page.fill("[name=return-resubmit_by]", by.strftime("%Y-%m-%dT%H:%M"))
        with page.expect_navigation():
            page.get_by_role("button", name=say("Return with this reason"), exact=True).click()
        entry_b.refresh_from_db()
        assert entry_b.review == Entry.Review.RETURNED
        s.go(page, reverse("awards:organiser_review", args=[edition.slug]) + "?status=returned")
        assert page.locator(".review-queue tbody tr").count() == 1
        shot(page, "queue-returned")
        [mail] = OutboxMessage.objects.filter(kind="entry.returned")
        assert mail.recipient == beta.user.email

        # Registration closes; the entrant reads why on its dashboard and entry page, fixes it and submits again.
        Edition.objects.filter(pk=edition.pk).update(registration_closes=timezone.now() - dt.timedelta(minutes=5))
        entrant = s.person()
        s.log_in(entrant, beta.user.email)
        entrant.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        s.go(entrant, reverse("awards:dashboard"))
        assert "The KPI report is not signed by your auditor." in entrant.content()
        shot(entrant, "entrant-dashboard")
        s.go(entrant, reverse("awards:entry_edit", args=[entry_b.pk]))
        assert say("The organisers returned this entry for changes") in entrant.content()
        shot(entrant, "entrant-entry-returned")
        entrant.fill("[name=narrative_people]", "Coaching every week; the signed KPI report is now attached.")
        with entrant.expect_navigation():
            entrant.get_by_role("button", name=say("Save draft"), exact=True).click()
        entrant.get_by_role("link", name=say("Submit entry…")).click()
        with entrant.expect_navigation():
            entrant.get_by_role("button", name=say("Yes, submit the entry"), exact=True).click()
        entry_b.refresh_from_db()
        assert entry_b.review == Entry.Review.AWAITING
        assert "signed KPI report is now attached" in entry_b.narrative_people

        # The organiser sees it was returned before, and accepts it: nothing blocks judging on the review's side.
        s.go(page, reverse("awards:organiser_review_entry", args=[edition.slug, entry_b.pk]))
        assert "The KPI report is not signed by your auditor." in page.content()
        with page.expect_navigation():
            page.get_by_role("button", name=say("Accept for judging"), exact=True).click()
        assert review_problems(edition=edition) == []
        s.go(page, reverse("awards:organiser_edition", args=[edition.slug]))
        assert waiting not in page.locator("[data-step=review]").inner_text()

        # A late company gets a later deadline.
        s.go(page, reverse("awards:organiser_extensions", args=[edition.slug]))
        page.select_option("[name=company]", label="PT Alpha Kontak")
        until = timezone.localtime(timezone.now() + dt.timedelta(days=2)).replace(hour=12, minute=0)
        page.fill("[name=until]", until.strftime("%Y-%m-%dT%H:%M"))
        page.fill("[name=reason]", "Power cut on the last day")
        with page.expect_navigation():
            page.get_by_role("button", name=say("Grant"), exact=True).click()
        assert page.locator(".extensions tbody tr").count() == 1
        shot(page, "extensions")
        assert DeadlineExtension.objects.get().company == alpha.company
        assert set(AuditEvent.objects.values_list("action", flat=True)) >= {
            "entry.accepted",
            "entry.returned",
            "entry.resubmitted",
            "entry.deadline_extended",
        }

        # Every page at 390 px: nothing runs off the side of the screen.
        for who in (page, entrant):
            who.set_viewport_size({"width": 390, "height": 844})
        pages = [url for url in dict.fromkeys(shots) if not url.endswith("/return/")]  # a POST's answer
        for number, url in enumerate(pages, start=1):
            who = entrant if "/dashboard/" in url or "/entries/" in url else page
            who.goto(url)
            assert who.evaluate(_OVERFLOWING) == [], url
            who.screenshot(path=str(ARTIFACTS / f"review-{language}-narrow-{number:02d}.png"), full_page=True)
        assert not s.errors, s.errors
        failed = [line for line in s.failed if not line.startswith("400 ")]  # the refused return is a 400
        assert not failed, failed
        browser.close()
