"""The site address that e-mails and certificate QR codes carry is checked against the address in use."""

import pytest
from django.urls import reverse

from tests.factories import OrganiserFactory

pytestmark = pytest.mark.django_db

BANNER = "data-site-url-warning"


def test_the_award_night_pages_warn_when_the_site_url_is_not_the_address_in_use(client, settings, cast):
    edition = cast.revealed_edition(categories=1)
    client.force_login(OrganiserFactory())
    url = reverse("awards:edition_publish", args=[edition.slug])
    settings.SITE_URL = "http://127.0.0.1:8000"
    page = client.get(url).content.decode()
    assert BANNER in page
    assert "point to http://127.0.0.1:8000 (DJANGO_SITE_URL), but you are using http://testserver." in page
    settings.SITE_URL = "http://testserver/"
    assert BANNER not in client.get(url).content.decode()
    settings.SITE_URL = "https://testserver"  # another scheme is another address
    assert BANNER in client.get(url).content.decode()


def test_the_results_page_where_the_pack_is_made_warns_too_in_both_languages(client, settings, cast, edition_in):
    """The pack (with the certificates and their QR codes) is queued from the results page: the warning must be
    there, before anything is printed, not only on the publish page."""
    world = edition_in("revealed")
    client.force_login(cast.organiser)
    url = reverse("judging:results", args=[world.edition.slug])
    settings.SITE_URL = "http://127.0.0.1:8000"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert BANNER in english
    assert "Check the site address before printing certificates." in english
    settings.LANGUAGE_CODE = "id"
    indonesian = client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Periksa alamat situs sebelum mencetak sertifikat." in indonesian
    settings.SITE_URL = "http://testserver"
    assert BANNER not in client.get(url).content.decode()
