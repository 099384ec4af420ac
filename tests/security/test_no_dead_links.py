"""No link leads to "not found": every role, in every edition state, follows the links of its pages.

An organiser trying the demo (DEBUG on) who clicks a card that cannot work yet must not land on Django's
technical 404 page; and with DEBUG on, an address that does not exist shows the site's own 404 page.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests.cast import STATES

pytestmark = pytest.mark.django_db

HREF = re.compile(r'<a\b[^>]*\bhref="([^"#]+)')
# Not followed: the admin (its own world), signing out, and downloads (their answers are tested elsewhere).
SKIP = ("/admin/", "/accounts/logout/", "/static/", "/i18n/")
TECHNICAL = "You’re seeing this error because you have"


def _crawl(client: Client, start: list[str], limit: int = 120) -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)  # a download: read it to the end, which closes the file
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            href = href.replace("&amp;", "&")
            parts = urlsplit(urljoin(url, href))
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if not target.startswith(SKIP) and target not in seen:
                queue.append(target)
    return seen


@pytest.mark.slow
@pytest.mark.parametrize("state", STATES)
def test_no_role_finds_a_link_to_a_missing_page(state, cast, edition_in):
    edition_in(state)
    for user in (cast.organiser, cast.participant_a, cast.alice, cast.holders[0]):
        client = Client()
        client.force_login(user)
        answers = _crawl(client, ["/", reverse("awards:dashboard"), reverse("judging:organiser_home")])
        dead = {url: code for url, code in answers.items() if code == 404}
        assert dead == {}, (state, user.email)


def test_with_debug_on_a_missing_page_is_the_sites_own_page(client, settings, cast):
    settings.DEBUG = True
    client.force_login(cast.organiser)
    for url in ("/no-such-page/", reverse("judging:results", args=["no-such-edition"])):
        response = client.get(url)
        assert response.status_code == 404
        page = response.content.decode()
        assert TECHNICAL not in page
        assert "Page not found" in page
    settings.TECHNICAL_404 = True
    assert TECHNICAL in client.get("/no-such-page/").content.decode()


def test_before_the_reveal_the_edition_page_offers_no_results_link(client, cast, edition_in):
    """The edition's organiser page links to the results only once they exist (no link to a 404 before)."""
    world = edition_in("sealed")
    client.force_login(cast.organiser)
    page = client.get(reverse("judging:organiser_edition", args=[world.edition.slug]), follow=True).content.decode()
    assert world.edition.name in page
    assert reverse("judging:results", args=[world.edition.slug]) not in page
    # The results' place in the menu says when they come, in the reader's language.
    for language, words in (("id", "Hasil (setelah pembukaan segel)"), ("en", "Results (after the reveal)")):
        client.cookies["django_language"] = language
        menu = client.get(reverse("judging:organiser_edition", args=[world.edition.slug]), follow=True)
        assert words in menu.content.decode()
    revealed = edition_in("revealed")
    page = client.get(reverse("judging:organiser_edition", args=[revealed.edition.slug]), follow=True).content.decode()
    assert reverse("judging:results", args=[revealed.edition.slug]) in page
    assert "Results (after the reveal)" not in page
