import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Category, Edition, Entry, SeatClass
from awards.selectors import categories_open_for_company
from awards.services.documents import document_add
from tests.cast import participant, sign_nda
from tests.factories import (
    CategoryFactory,
    ContactFactory,
    EditionFactory,
    EntryFactory,
    NdaVersionFactory,
    UserFactory,
)
from tests.sample_files import PDF_BYTES, upload

pytestmark = pytest.mark.django_db


def test_a_user_without_company_is_offered_to_register_one(client):
    client.force_login(UserFactory())
    response = client.get(reverse("awards:dashboard"))
    assert response.status_code == 200
    assert reverse("awards:company_create") in response.text
    assert f'href="{reverse("awards:dashboard")}"' not in response.text  # the nav link is for company contacts


def test_dashboard_shows_nda_to_sign_then_signed(client):
    edition = EditionFactory(name="CCT Indonesia 2031")
    contact = participant(edition, signed=False)
    NdaVersionFactory(edition=edition, version_label="v3")
    client.force_login(contact.user)
    page = client.get(reverse("awards:dashboard")).text
    assert "CCT Indonesia 2031" in page
    assert "You must read and sign the NDA before you can enter." in page
    assert reverse("awards:nda", kwargs={"slug": edition.slug}) in page
    acceptance = sign_nda(contact.user, edition, contact.company)
    page = client.get(reverse("awards:dashboard")).text
    assert "(version v3)" in page and "You must read and sign" not in page
    assert f'href="{reverse("awards:dashboard")}"' in page  # the nav link
    copy = reverse("awards:nda_pdf", args=[acceptance.pk])
    assert f'href="{copy}"' in page  # the signed copy, to download again
    response = client.get(copy)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")


def test_last_years_signed_nda_stays_downloadable_once_the_next_edition_opens(client):
    last_year = EditionFactory(name="CCT Indonesia 2030", year=2030, state=Edition.State.PUBLISHED)
    contact = participant(last_year)
    signed = contact.user.nda_acceptances.get()
    this_year = EditionFactory(name="CCT Indonesia 2031", year=2031)
    NdaVersionFactory(edition=this_year, version_label="2031.1")
    copy = reverse("awards:nda_pdf", args=[signed.pk])

    colleague = ContactFactory(company=contact.company)  # the NDA binds the company: its contacts may see it
    for user in (contact.user, colleague.user):
        client.force_login(user)
        page = client.get(reverse("awards:dashboard")).text
        assert "You must read and sign the NDA before you can enter." in page  # this year's, not signed yet
        assert "Signed non-disclosure agreements" in page
        assert f"Version {signed.version.version_label}, signed by {signed.signer_name} on" in page
        assert f'href="{copy}"' in page
        response = client.get(copy)
        assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")

    client.force_login(participant(this_year).user)  # another company's contact, who signed this year only
    page = client.get(reverse("awards:dashboard")).text
    assert "Signed non-disclosure agreements" not in page and copy not in page


def test_open_categories_follow_seat_class_limit_and_dates():
    edition = EditionFactory()
    contact = participant(edition, agent_seats=30)  # small
    anyone = CategoryFactory(edition=edition, code="open", max_entries_per_company=1)
    small = CategoryFactory(edition=edition, code="small", seat_class=SeatClass.SMALL)
    CategoryFactory(edition=edition, code="large", seat_class=SeatClass.LARGE)
    individual = CategoryFactory(edition=edition, code="agent", kind=Category.Kind.INDIVIDUAL)
    CategoryFactory(code="elsewhere")  # another edition
    EntryFactory(company=contact.company, category=anyone)
    EntryFactory(
        company=contact.company, category=small, status=Entry.Status.WITHDRAWN, submitted_at=edition.created_at
    )

    options = categories_open_for_company(company=contact.company, edition=edition)
    assert [(o.category.code, o.used, o.remaining, o.can_enter) for o in options] == [
        ("open", 1, 0, False),
        ("small", 0, 2, True),
        ("agent", 0, 2, True),
    ]
    assert individual in [o.category for o in options]
    Edition.objects.filter(pk=edition.pk).update(state=Edition.State.JUDGING)
    edition.refresh_from_db()
    assert categories_open_for_company(company=contact.company, edition=edition) == []


def test_dashboard_lists_the_entries_with_status_and_links(client):
    edition = EditionFactory()
    contact = participant(edition)
    category = CategoryFactory(edition=edition, name_en="Best Technology")
    entry = EntryFactory(company=contact.company, category=category, title="Smart routing")
    other = participant(edition)
    EntryFactory(company=other.company, category=category, title="Someone else's")
    client.force_login(contact.user)
    page = client.get(reverse("awards:dashboard")).text
    assert "Smart routing" in page and entry.reference in page and "Draft" in page
    assert reverse("awards:entry_edit", kwargs={"pk": entry.pk}) in page
    assert reverse("awards:entry_create", kwargs={"category_id": category.pk}) in page
    assert "Someone else's" not in page


def _add_entries(contact, edition, n):
    for _ in range(n):
        entry = EntryFactory(company=contact.company, category=CategoryFactory(edition=edition))
        document_add(entry=entry, user=contact.user, uploaded_file=upload("a.pdf", PDF_BYTES))


def test_dashboard_query_count_does_not_grow_with_entries(client, django_assert_num_queries):
    edition = EditionFactory()
    contact = participant(edition)
    _add_entries(contact, edition, 1)
    client.force_login(contact.user)
    client.get(reverse("awards:dashboard"))  # warm the session
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("awards:dashboard")).status_code == 200
    _add_entries(contact, edition, 2)
    assert Entry.objects.filter(company=contact.company).count() == 3
    with django_assert_num_queries(len(one)):
        page = client.get(reverse("awards:dashboard")).text
    assert page.count("1 document") == 3
