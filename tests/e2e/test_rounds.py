"""Two rounds in Debian's Chromium, in both languages: the organiser sets a desk round and its rule (in
Indonesian), seals it (in English), two key holders reveal the shortlist with their key files on the ceremony
page (in Indonesian), the organiser publishes the finalists, and the public nominees page shows them in both
languages, alphabetically and without a score."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from judging.models import Finalist, Round, RoundSeal
from judging.services.keys import edition_open_judging
from tests.cast import judging_date_reached, seal_scores, submitted_entry
from tests.factories import CategoryFactory, CompanyFactory, RubricFactory

pytestmark = [pytest.mark.slow, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"


@pytest.fixture
def _sync_playwright_in_this_thread(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _page(browser, live_server, *, user=None, language: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    if user is not None:
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": _session(user), "url": live_server.url})
    context.add_cookies(cookies)
    page = context.new_page()
    page.set_default_timeout(20000)
    return page


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's Chromium is not installed")
def test_two_rounds_in_chromium_in_both_languages(live_server, tmp_path, _sync_playwright_in_this_thread, cast):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    world = cast.edition_in("registration", submitted=True)
    company_c = CompanyFactory(legal_name="PT Cakra Kontak")
    entry_c = submitted_entry(category=world.category, company=company_c, title="Listening at scale")
    direct = CategoryFactory(edition=world.edition, code="direct", name_en="Best Newcomer", name_id="Pendatang Baru")
    RubricFactory(category=direct)
    rounds_url = live_server.url + reverse("judging:rounds", args=[world.edition.slug])
    key_files = []
    for index, text in enumerate(world.share_texts[:2], start=1):
        path = tmp_path / f"holder-{index}.txt"
        path.write_text(text)
        key_files.append(path)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        # 1. The organiser, in Indonesian, sets a desk round (40 %) and the rule: the best 2 go on.
        page = _page(browser, live_server, user=world.organiser, language="id")
        page.goto(rounds_url)
        assert "Atur babak" in page.content()
        page.check("[name=rounds-desk]")
        page.fill("[name=rounds-desk_name]", "Penilaian berkas")
        page.fill("[name=rounds-desk_weight]", "40")
        page.fill("[name=rounds-final_name]", "Presentasi")
        with page.expect_navigation():
            page.get_by_role("button", name="Simpan babak").click()
        page.select_option("[name=rule-category]", str(world.category.pk))
        page.select_option("[name=rule-mode]", "top")
        page.fill("[name=rule-top_n]", "2")
        page.fill("[name=rule-desk_weight]", "50")
        with page.expect_navigation():
            page.get_by_role("button", name="Simpan kategori").click()
        # the second category has no desk round: straight to the finals, 100 %
        page.select_option("[name=rule-category]", str(direct.pk))
        page.check("[name=rule-straight_to_finals]")
        with page.expect_navigation():
            page.get_by_role("button", name="Simpan kategori").click()
        assert "Aturan daftar pendek" in page.content()
        table = page.locator("table.rounds-per-category").inner_text()
        assert "langsung ke final" in table and "50 %" in table and "100 %" in table
        page.screenshot(path=str(ARTIFACTS / "rounds-01-setup-id.png"), full_page=True)
        english = _page(browser, live_server, user=world.organiser, language="en")
        english.goto(rounds_url)
        assert "straight to the finals" in english.locator("table.rounds-per-category").inner_text()
        english.screenshot(path=str(ARTIFACTS / "rounds-01-setup-en.png"), full_page=True)
        english.set_viewport_size({"width": 390, "height": 844})
        english.screenshot(path=str(ARTIFACTS / "rounds-01-setup-en-390.png"), full_page=True)
        desk, final = Round.objects.filter(edition=world.edition).order_by("number")
        assert (desk.name, desk.weight, final.name, final.weight) == ("Penilaian berkas", 40, "Presentasi", 60)

        # Judging opens (its own page is covered elsewhere); alice scores the desk round: A 9, B 5, C 7.
        for entry in (world.entry_a, world.entry_b, entry_c):
            desk.assignments.create(entry=entry, judge=world.alice)
        judging_date_reached(world.edition)
        edition_open_judging(edition=world.edition, actor=world.organiser)
        for entry, value in ((world.entry_a, 9), (world.entry_b, 5), (entry_c, 7)):
            seal_scores(world=world, judge=world.alice, entry=entry, round=desk, value=value)

        # 2. The organiser, in English, seals the desk round.
        page = _page(browser, live_server, user=world.organiser, language="en")
        page.goto(rounds_url)
        page.check("[name=confirm]")
        with page.expect_navigation():
            page.get_by_role("button", name="Seal this round").click()
        seal = RoundSeal.objects.get()
        assert seal.root in page.content()

        # 3. A key holder, in Indonesian, runs the shortlist reveal with two key files.
        holder = world.holders[0]
        page = _page(browser, live_server, user=holder, language="id")
        page.goto(live_server.url + reverse("judging:shortlist", args=[world.edition.slug, 1]))
        page.fill("[name=confirm_root]", seal.root[:8])
        page.fill("[name=confirm_count]", str(seal.count))
        page.set_input_files("[name=share_file_1]", str(key_files[0]))
        page.set_input_files("[name=share_file_2]", str(key_files[1]))
        with page.expect_navigation():
            page.get_by_role("button", name="Buka daftar pendek").click()
        content = page.content()
        names = sorted([world.company_a.legal_name, company_c.legal_name])
        assert content.index(names[0]) < content.index(names[1])
        assert world.company_b.legal_name not in content
        assert "90.00" not in content and "70.00" not in content
        page.screenshot(path=str(ARTIFACTS / "rounds-02-shortlist-id.png"), full_page=True)
        assert Finalist.objects.count() == 2

        # 4. The organiser publishes the finalists; the public sees them in both languages.
        page = _page(browser, live_server, user=world.organiser, language="en")
        page.goto(rounds_url)
        with page.expect_navigation():
            page.get_by_role("button", name="Publish the finalists and tell every company").click()
        nominees = live_server.url + reverse("judging:nominees", args=[world.edition.slug])
        for language, heading in (("id", "Finalis"), ("en", "Finalists")):
            public = _page(browser, live_server, language=language)
            public.goto(nominees)
            assert public.locator("h1").inner_text() == heading
            text = public.content()
            assert text.index(names[0]) < text.index(names[1]) and world.company_b.legal_name not in text
            public.screenshot(path=str(ARTIFACTS / f"rounds-03-nominees-{language}.png"), full_page=True)
        browser.close()
