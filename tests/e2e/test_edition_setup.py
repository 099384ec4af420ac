"""An organiser sets an edition up from an empty database in Debian's Chromium, in English and in Indonesian:
no admin, no command line. The edition, two categories (one in medal bands), a rubric, both agreements
(drafted, read, published), the signatories with their signature images, the timeline, then registration
opened from the checklist. Every page is also looked at 390 px wide (no sideways scrolling). Screenshots go
to test-artifacts/e2e/setup-<language>-*.png. The rest of the lifecycle is test_lifecycle.py's.
"""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import AuditEvent, Category, Edition, NdaVersion
from judging.models import Criterion
from tests.e2e.test_lifecycle import ARGS, ARTIFACTS, CHROMIUM, Scenario, _own_db_connections_closed
from tests.factories import OrganiserFactory
from tests.sample_files import png_bytes

pytestmark = [pytest.mark.slow, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# What the organiser reads on the buttons and in the checklist, per language.
WORDS = {
    "en": {"create": "Create the edition", "save": "Save", "draft": "Save as a draft", "publish": "Publish",
           "open": "Open registration", "rubric": "Save the rubric", "blocked": "blocked", "done": "done"},
    "id": {"create": "Buat edisi", "save": "Simpan", "draft": "Simpan sebagai draf", "publish": "Terbitkan",
           "open": "Buka pendaftaran", "rubric": "Simpan rubrik", "blocked": "terhambat", "done": "selesai"},
}


# The elements that stick out of the screen, not counting those inside a box that scrolls or clips them.
_OVERFLOWING = """
[...document.querySelectorAll('body *')].filter(element => {
  if (element.getBoundingClientRect().right <= window.innerWidth + 1) return false;
  for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
    if (getComputedStyle(up).overflowX !== 'visible') return false;
  }
  return true;
}).slice(0, 5).map(element => element.tagName + '.' + element.className).concat(
  [...document.querySelectorAll('body *')].filter(element => element.scrollWidth > window.innerWidth
    && getComputedStyle(element).overflowX === 'visible').slice(-4).map(element =>
    element.tagName + '.' + element.className + ':' + element.scrollWidth))
"""


@pytest.fixture
def _sync_playwright_in_this_thread(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _local(days: int, hour: int = 9) -> str:
    moment = timezone.localtime(timezone.now() + dt.timedelta(days=days))
    return moment.replace(hour=hour, minute=0).strftime("%Y-%m-%dT%H:%M")


def _press(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).first.click()


def set_up_edition(s, page, *, slug, words, shot, categories):
    """From the organiser's dashboard with no edition: the edition (a refused timeline first), its `categories`
    ((code, in medal bands, kind, minimum judges) each), their rubrics, both agreements, the signatories, the
    timeline, then registration opened from the checklist. Returns the edition."""
    # The dashboard: no edition, a button to make one (not the admin).
    s.go(page, reverse("awards:organiser_dashboard"))
    assert "/admin/" not in page.content()
    shot("dashboard-empty")
    page.locator(f"a[href='{reverse('awards:organiser_edition_create')}']").click()
    page.fill("[name=name]", "Call Center Terbaik Indonesia 2031")
    page.fill("[name=slug]", slug)
    page.fill("[name=year]", "2031")
    page.fill("[name=registration_opens]", _local(-1))
    page.fill("[name=registration_closes]", _local(30, 17))
    page.fill("[name=judging_opens]", _local(31))
    # A mistake first: judging closing before it opens is refused, and nothing is made.
    page.fill("[name=judging_closes]", _local(20))
    page.fill("[name=award_night]", _local(60, 19))
    page.fill("[name=venue]", "Hotel Mulia, Jakarta")
    _press(page, words["create"])
    assert page.locator(".invalid-feedback, .alert-danger").count() >= 1
    assert not Edition.objects.exists()
    shot("create-refused")
    page.fill("[name=judging_closes]", _local(50, 17))
    _press(page, words["create"])
    assert page.url.endswith(reverse("awards:organiser_edition", args=[slug]))
    edition = Edition.objects.get(slug=slug)
    assert edition.state == Edition.State.DRAFT
    assert page.locator("[data-step=categories] .badge").inner_text() == words["blocked"]
    shot("checklist-new")

    # The categories: in medal bands (a large seat class, four judges, normalised) or with ranked places.
    for code, medals, kind, min_judges in categories:
        s.go(page, reverse("awards:organiser_category_create", args=[slug]))
        page.fill("[name=code]", code)
        page.fill("[name=name_id]", f"Kategori {code}")
        page.fill("[name=name_en]", f"Category {code}")
        page.fill("[name=description_id]", "Deskripsi dalam bahasa Indonesia.")
        page.fill("[name=description_en]", "Description in English.")
        if medals:
            page.select_option("[name=seat_class]", "large")
            page.select_option("[name=award_mode]", "medals")
            for name, value in (("platinum", "90"), ("gold", "80"), ("silver", "70"), ("bronze", "60")):
                page.fill(f"[name={name}_threshold]", value)
            page.check("[name=normalise_scores]")
            shot("category-form")
        page.select_option("[name=kind]", kind)
        page.fill("[name=min_judges]", str(min_judges))
        _press(page, words["save"])
        assert page.url.endswith(reverse("awards:organiser_categories", args=[slug])), page.url
    shot("categories")

    # The rubric of each category, saved from its page (the default call-centre rubric).
    for code, *_rest in categories:
        s.go(page, reverse("judging:rubric", args=[slug, code]))
        _press(page, words["rubric"])
    assert Criterion.objects.filter(rubric__category__edition=edition).count() == 12 * len(categories)

    # Both agreements: a draft, read, then published.
    for audience in ("participant", "judge"):
        s.go(page, reverse("awards:organiser_nda", args=[slug]) + f"?audience={audience}")
        page.select_option("[name=audience]", audience)
        page.fill("[name=version_label]", "2031.1")
        page.fill("[name=title_id]", "Perjanjian Kerahasiaan")
        page.fill("[name=title_en]", "Confidentiality Agreement")
        page.fill("[name=text_id]", "Pihak yang menandatangani menjaga kerahasiaan.")
        page.fill("[name=text_en]", "The signatory keeps everything confidential.")
        _press(page, words["draft"])
        _press(page, words["publish"])
    shot("agreements")
    assert NdaVersion.objects.filter(edition=edition, published_at__isnull=False).count() == 2

    # The certificate signatories, with their signature images.
    s.go(page, reverse("awards:organiser_signatories", args=[slug]))
    page.fill("[name=chair_name]", "Dr. Ratna Wijaya")
    page.fill("[name=chair_title]", "Ketua Dewan Juri")
    page.fill("[name=organiser_name]", "Budi Santoso")
    page.fill("[name=organiser_title]", "Ketua Panitia")
    for name in ("chair_signature", "organiser_signature"):
        page.set_input_files(f"[name={name}]", {"name": "ttd.png", "mimeType": "image/png", "buffer": png_bytes()})
    _press(page, words["save"])
    shot("signatories")
    edition.refresh_from_db()
    assert edition.chair_signature and edition.organiser_signature

    # The timeline: the venue moves.
    s.go(page, reverse("awards:organiser_edition_settings", args=[slug]))
    page.fill("[name=venue]", "Jakarta Convention Center")
    _press(page, words["save"])
    shot("timeline")

    # Back on the checklist: registration opens with its button.
    s.go(page, reverse("awards:organiser_edition", args=[slug]))
    shot("checklist-ready")
    for key in ("categories", "nda_participant", "nda_judge", "signatories", "rubrics"):
        assert page.locator(f"[data-step={key}] .badge").inner_text() == words["done"], key
    _press(page, words["open"])
    edition.refresh_from_db()
    assert (edition.state, edition.venue) == (Edition.State.REGISTRATION, "Jakarta Convention Center")
    assert page.locator("[data-step=registration] .badge").inner_text() == words["done"]
    shot("checklist-registration-open")
    return edition


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Debian's Chromium is not installed at {CHROMIUM}")
@pytest.mark.parametrize("language", ["en", "id"])
def test_an_organiser_sets_up_an_edition_from_an_empty_database(
    live_server, mailoutbox, _sync_playwright_in_this_thread, language
):
    from playwright.sync_api import sync_playwright

    words = WORDS[language]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"setup-{language}-*.png"):
        old.unlink()
    assert not Edition.objects.exists()
    organiser = OrganiserFactory(username="panitia@cct.example")  # accounts are made by an administrator
    slug = f"cct-2031-{language}"
    shots = []

    with sync_playwright() as playwright, _own_db_connections_closed():
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        s = Scenario(browser, live_server.url, mailoutbox)
        page = s.person()
        s.log_in(page, organiser.email)
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])

        def shot(name):
            shots.append(page.url)
            page.screenshot(path=str(ARTIFACTS / f"setup-{language}-{len(shots):02d}-{name}.png"), full_page=True)

        edition = set_up_edition(
            s, page, slug=slug, words=words, shot=shot,
            categories=[("inbound-large", True, "corporate", 4), ("agent", False, "individual", 3)],
        )
        assert list(Category.objects.filter(edition=edition).values_list("code", "award_mode", "min_judges")) == [
            ("agent", "places", 3), ("inbound-large", "medals", 4),
        ]

        # Every page at 390 px: nothing runs off the side of the screen, and the current page's tab is in view
        # (the judges' page too: its tab is far along the row).
        page.set_viewport_size({"width": 390, "height": 844})
        shots.append(live_server.url + reverse("judging:judge_invite", args=[slug]))
        for url in dict.fromkeys(shots):
            page.goto(url)
            tab = page.locator(".organiser-edition-nav .nav-link.active")
            if tab.count():
                box = tab.bounding_box()
                assert 0 <= box["x"] and box["x"] + box["width"] <= 390, (url, box)
            shots.append(url)
            page.screenshot(path=str(ARTIFACTS / f"setup-{language}-{len(shots):02d}-narrow.png"), full_page=True)
            wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if wide > 0:
                culprits = page.evaluate(_OVERFLOWING)
                raise AssertionError((url, wide, culprits))
        page.context.close()
        browser.close()
        assert s.errors == []
        assert s.failed == []

    actions = list(AuditEvent.objects.filter(edition__slug=slug).values_list("action", flat=True))
    assert actions[0] == "edition.created"
    assert actions[-1] == "edition.registration"
