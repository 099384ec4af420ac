"""The benchmark measures every organiser page (issue: "every organiser page under 300 ms and 500 KB at 500 entries
x 100 judges"): a page added to the organiser's area and not to bench/organiser_pages.py fails here."""

import pytest
from django.urls import URLResolver, get_resolver, reverse

from bench.organiser_pages import PAGES

pytestmark = pytest.mark.django_db


def _routes(resolver, prefix="", namespace=None):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + str(pattern.pattern), pattern.namespace or namespace)
        elif pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name, set(pattern.pattern.converters)


def test_every_organiser_page_a_get_shows_is_in_the_benchmark(client, cast, edition_in):
    world = edition_in("judging")
    client.force_login(cast.organiser)
    arguments = {"slug": world.edition.slug, "category_code": world.category.code}
    measured = {name for name, _kind in PAGES.values()}
    unmeasured = []
    for route, name, converters in _routes(get_resolver()):
        # Downloads (a PDF, a CSV, a calendar, the pack) are not pages; a URL with an object's id is reached from
        # a page and measured where the bench has such an object (an entry's review page).
        if "organiser" not in route or name in measured or route.rsplit("/", 1)[-1] or "pk" in converters:
            continue
        if "number" in converters:
            continue
        response = client.get(reverse(name, kwargs={key: arguments[key] for key in converters}))
        # POST-only actions answer 405, redirects 302; results and the presenter do not exist before the reveal.
        if response.status_code == 200:
            unmeasured.append(name)
    assert unmeasured == []
