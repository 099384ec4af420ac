"""One chain through the organiser's console in Debian's Chromium, in English and in Indonesian, from an empty
database: the organiser (an account an administrator made) creates the edition, its category, rubric, agreements,
signatories and timeline from the browser (no admin, no command line) and opens registration; two companies
register and submit an entry; the organiser invites the judges and names the key holders; reviews both entries and
accepts them; writes to every entrant (the request only queues the message: the background worker writes each
e-mail and delivers it); and the rest of the lifecycle follows to publication.

The console's pages are read in the language of the run, each looked at 1280 and 390 px wide (nothing runs off
the side, no link to the admin); the steps shared with test_lifecycle.py (the judges, the key ceremony, scoring,
the seal and reveal, the pack and publication) are its functions, in English as there. Screenshots go to
test-artifacts/e2e/chain-<language>-*.png.
"""

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from awards.models import Category, Company, Edition, GroupMessage, OutboxMessage
from tests.e2e.test_edition_setup import _OVERFLOWING, WORDS, set_up_edition
from tests.e2e.test_lifecycle import (
    ARGS,
    ARTIFACTS,
    CHROMIUM,
    Scenario,
    _own_db_connections_closed,
    _register_company,
    accept_every_entry,
    assign_and_score,
    hold_key_ceremony,
    invite_judges,
    judges_join,
    open_judging,
    pack_and_publish,
    public_winners_and_certificate,
    seal_and_reveal,
)
from tests.factories import OrganiserFactory

pytestmark = [pytest.mark.slow, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def _sync_playwright_in_this_thread(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Debian's Chromium is not installed at {CHROMIUM}")
@pytest.mark.parametrize("language", ["en", "id"])
def test_an_organiser_runs_an_edition_from_an_empty_database_to_publication(
    live_server, mailoutbox, settings, task_worker, _sync_playwright_in_this_thread, language
):
    from playwright.sync_api import sync_playwright

    def say(text):
        with translation.override(language):
            return gettext(text)

    # The lifecycle's steps rely on tasks run at once (e-mails with links, the pack); only the message is left
    # to the real worker, as in production.
    settings.TASKS = IMMEDIATE
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"chain-{language}-*.png"):
        old.unlink()
    assert not Edition.objects.exists()
    slug = f"cct-chain-{language}"
    chair = OrganiserFactory(username="chair@cct.example", first_name="Ratna", last_name="Wijaya")
    holders = [chair, *(OrganiserFactory(username=f"{role}@cct.example") for role in ("treasurer", "notary"))]
    judges = [
        ("juri.satu@example.test", "Juri Satu"),
        ("juri.dua@example.test", "Juri Dua"),
        ("juri.tiga@example.test", "Juri Tiga"),
    ]
    looked = []

    with sync_playwright() as playwright, _own_db_connections_closed():
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        s = Scenario(browser, live_server.url, mailoutbox, prefix=f"chain-{language}-step")
        organiser = s.person()
        s.log_in(organiser, chair.email)

        def speak(code):
            organiser.context.add_cookies([{"name": "django_language", "value": code, "url": live_server.url}])

        def look(name):
            """The page at 1280 and at 390 px: nothing runs off the side, nothing links to the admin."""
            looked.append(name)
            stem = ARTIFACTS / f"chain-{language}-{len(looked):02d}-{name}"
            assert "/admin/" not in organiser.content(), name
            organiser.screenshot(path=f"{stem}.png", full_page=True)
            organiser.set_viewport_size({"width": 390, "height": 844})
            wide = organiser.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert wide <= 0, (name, wide, organiser.evaluate(_OVERFLOWING))
            organiser.screenshot(path=f"{stem}-390.png", full_page=True)
            organiser.set_viewport_size({"width": 1280, "height": 900})

        # The edition, set up from the browser in the run's language, and registration opened.
        speak(language)
        edition = set_up_edition(
            s, organiser, slug=slug, words=WORDS[language], shot=look, categories=[("best-cc", False, "corporate", 2)]
        )
        assert edition.state == Edition.State.REGISTRATION

        # Two companies register, sign the NDA and submit an entry each.
        _register_company(s, email="care@alpha.example", legal_name="PT Alpha Kontak Nusantara Tbk", brand="Alpha Care")
        _register_company(s, email="care@beta.example", legal_name="PT Beta Layanan Prima", brand="Beta Care")
        alpha = Company.objects.get(brand="Alpha Care")

        # Judges and key holders (the lifecycle's steps, in English).
        speak("en")
        invite_judges(s, organiser, slug, judges)
        judges_join(s, slug, judges, conflicted_with=alpha)
        key_files = hold_key_ceremony(s, organiser, slug, holders)

        # The eligibility review in the run's language: both entries accepted.
        speak(language)
        s.go(organiser, reverse("awards:organiser_review", args=[slug]))
        look("review-queue")
        organiser.locator(".review-queue tbody tr a").first.click()
        organiser.wait_for_load_state()
        look("review-entry")
        accepted = say("Entry %(reference)s is accepted for judging.").split("%(reference)s")[1].strip()
        accept_every_entry(s, organiser, slug, 2, accept=say("Accept for judging"), accepted=accepted)
        s.go(organiser, reverse("awards:organiser_edition", args=[slug]))
        look("checklist-entries-accepted")

        # A message to every entrant: previewed, sent, queued; the worker writes and delivers it.
        s.go(organiser, reverse("awards:organiser_message_new", args=[slug]))
        organiser.select_option("[name=group]", "entrants")
        assert organiser.input_value("select[name=language]") == "recipient"
        organiser.fill("[name=subject_id]", "Entri {company} diterima")
        organiser.fill("[name=subject_en]", "The entry of {company} is accepted")
        organiser.fill("[name=body_id]", "Yth. {name},\n\nEntri Anda untuk {edition} diterima.\n{dashboard_url}")
        organiser.fill("[name=body_en]", "Dear {name},\n\nYour entry to {edition} is accepted.\n{dashboard_url}")
        s.press(organiser, say("Preview"))
        look("message-preview")
        settings.TASKS = DATABASE  # the worker's turn: the request only records the message
        with organiser.expect_navigation():
            organiser.locator("button[name=action][value=send]").click()
        assert organiser.locator(".message-status").inner_text() == say("Queued")
        assert OutboxMessage.objects.filter(kind="message.group").count() == 0
        look("message-queued")
        assert task_worker() >= 3  # writes the two e-mails, then delivers each
        settings.TASKS = IMMEDIATE
        organiser.reload()
        assert organiser.locator(".message-status").inner_text() == say("Sent")
        message = GroupMessage.objects.get()
        assert message.status == GroupMessage.Status.PREPARED
        assert sorted(OutboxMessage.objects.filter(group_message=message).values_list("recipient", "status")) == [
            ("care@alpha.example", "sent"),
            ("care@beta.example", "sent"),
        ]
        look("message-sent")
        s.go(organiser, reverse("awards:organiser_messages", args=[slug]))
        look("messages")
        s.go(organiser, reverse("awards:account"))
        look("account")

        # The rest of the lifecycle (its steps, in English) to publication.
        speak("en")
        open_judging(s, organiser, slug)
        assignments = assign_and_score(s, organiser, slug, judges, favourite=alpha)
        seal_and_reveal(s, organiser, slug, holders, key_files, assignments)
        pack_and_publish(s, organiser, slug, "PT Alpha Kontak Nusantara Tbk")
        organiser.context.close()
        public_winners_and_certificate(
            s,
            slug,
            Category.objects.get(edition__slug=slug),
            first="PT Alpha Kontak Nusantara Tbk",
            second="PT Beta Layanan Prima",
            category_name_id="Kategori best-cc",
            winner_email="care@alpha.example",
        )
        browser.close()

    assert s.errors == []
    assert s.failed == []
    assert Edition.objects.get(slug=slug).state == Edition.State.PUBLISHED
