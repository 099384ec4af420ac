import csv
import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from awards.models import AuditEvent, Edition, EntryDocument, NdaVersion
from tests.cast import sign_nda
from tests.factories import (
    CategoryFactory,
    CompanyFactory,
    ContactFactory,
    EditionFactory,
    EntryFactory,
    NdaVersionFactory,
    OrganiserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HEADER = [
    "edition", "category_code", "category_name", "entry_reference", "title", "company_legal_name", "brand",
    "city", "agent_seats", "status", "submitted_at", "documents", "nda_signed",
]


def _sign(version, contact):
    return sign_nda(
        contact.user, version.edition, contact.company, version=version, signer_name=contact.full_name,
        signer_title=contact.job_title,
    )


def _document(entry, name="presentation.pdf"):
    return EntryDocument.objects.create(
        entry=entry, file=ContentFile(b"%PDF-1.7 demo", name=name), original_name=name, size=13,
        kind=EntryDocument.Kind.PDF, content_type="application/pdf", sha256="0" * 64,
    )


def _csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def organiser_client(client):
    client.force_login(OrganiserFactory())
    return client


@pytest.fixture
def edition():
    return EditionFactory(slug="cct-test", name="Call Center Terbaik Indonesia (test)")


PAGES = [
    "awards:organiser_dashboard", "awards:organiser_edition", "awards:organiser_registrations",
    "awards:organiser_registrations_csv",
]


def _url(name, edition):
    return reverse(name) if name == "awards:organiser_dashboard" else reverse(name, args=[edition.slug])


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, edition, name):
    url = _url(name, edition)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("name", PAGES)
def test_participants_and_staff_outside_the_organiser_group_get_403(client, edition, name):
    client.force_login(ContactFactory().user)
    assert client.get(_url(name, edition)).status_code == 403
    client.force_login(UserFactory(is_staff=True))
    assert client.get(_url(name, edition)).status_code == 403


def test_open_registration_is_refused_to_participants_and_anonymous(client):
    draft = EditionFactory(state=Edition.State.DRAFT)
    url = reverse("awards:organiser_open_registration", args=[draft.slug])
    assert client.post(url).status_code == 302
    client.force_login(ContactFactory().user)
    assert client.post(url).status_code == 403
    draft.refresh_from_db()
    assert draft.state == Edition.State.DRAFT


def test_unknown_edition_is_404_for_organisers(organiser_client):
    assert organiser_client.get(reverse("awards:organiser_edition", args=["nope"])).status_code == 404


def test_nav_link_only_for_organisers(client):
    client.force_login(ContactFactory().user)
    assert reverse("awards:organiser_dashboard") not in client.get(reverse("home")).text
    client.force_login(OrganiserFactory())
    assert f'href="{reverse("awards:organiser_dashboard")}"' in client.get(reverse("home")).text


def test_dashboard_lists_every_edition_with_counts(organiser_client, edition):
    draft = EditionFactory(name="Call Center Terbaik Indonesia 2032 (draft)", state=Edition.State.DRAFT)
    category = CategoryFactory(edition=edition)
    EntryFactory(category=category, status="submitted", submitted_at=timezone.now())
    EntryFactory(category=category)
    response = organiser_client.get(reverse("awards:organiser_dashboard"))
    assert response.status_code == 200
    rows = {e.slug: (e.category_count, e.submitted_count, e.draft_count) for e in response.context["editions"]}
    assert rows == {edition.slug: (1, 1, 1), draft.slug: (0, 0, 0)}
    assert draft.name in response.text


def test_edition_page_shows_registrations_signatures_and_entries(organiser_client, edition):
    version = NdaVersionFactory(edition=edition, version_label="2031.1")
    ops, agent = CategoryFactory(edition=edition, code="ops"), CategoryFactory(edition=edition, code="agent")
    signed = ContactFactory(company__legal_name="PT Sudah Tanda Tangan", full_name="Ayu Lestari")
    unsigned = ContactFactory(company__legal_name="PT Belum Tanda Tangan")
    _sign(version, signed)
    # A company without contacts that entered this edition counts too; one with neither is not listed.
    entrant = CompanyFactory(legal_name="PT Tanpa Kontak")
    CompanyFactory(legal_name="PT Tidak Terlibat")
    EntryFactory(company=signed.company, category=ops, status="submitted", submitted_at=timezone.now())
    EntryFactory(company=signed.company, category=agent)
    EntryFactory(company=unsigned.company, category=ops, status="withdrawn", submitted_at=timezone.now(),
                 withdrawn_at=timezone.now())
    EntryFactory(company=entrant, category=agent)

    response = organiser_client.get(reverse("awards:organiser_registrations", args=[edition.slug]))
    assert response.status_code == 200
    counts = [(c.code, c.draft_count, c.submitted_count, c.withdrawn_count) for c in response.context["categories"]]
    assert counts == [("ops", 0, 1, 1), ("agent", 2, 0, 0)]
    assert [c.legal_name for c in response.context["companies_signed"].items] == ["PT Sudah Tanda Tangan"]
    assert response.context["companies_signed"].items[0].signer_name == "Ayu Lestari"
    assert [c.legal_name for c in response.context["companies_unsigned"].items] == [
        "PT Belum Tanda Tangan", "PT Tanpa Kontak",
    ]
    entries = response.context["entries"].items
    assert [(e.company.legal_name, e.category.code, e.status, e.nda_signed) for e in entries] == [
        ("PT Belum Tanda Tangan", "ops", "withdrawn", False),
        ("PT Sudah Tanda Tangan", "ops", "submitted", True),
        ("PT Sudah Tanda Tangan", "agent", "draft", True),
        ("PT Tanpa Kontak", "agent", "draft", False),
    ]
    assert "PT Tidak Terlibat" not in response.text


def test_a_signature_of_an_older_version_does_not_count(organiser_client, edition):
    old = NdaVersionFactory(edition=edition, version_label="v1", published_at=timezone.now() - dt.timedelta(days=5))
    NdaVersionFactory(edition=edition, version_label="v2")
    contact = ContactFactory()
    _sign(old, contact)
    response = organiser_client.get(reverse("awards:organiser_registrations", args=[edition.slug]))
    assert list(response.context["companies_signed"].items) == []
    assert [c.pk for c in response.context["companies_unsigned"].items] == [contact.company_id]


def test_registrations_csv_has_one_row_per_entry(organiser_client, edition):
    version = NdaVersionFactory(edition=edition)
    category = CategoryFactory(edition=edition, code="ops-medium", name_en="Best Operations — Medium")
    signed = ContactFactory(
        company__legal_name="PT Bank Arunika Sejahtera Tbk", company__brand="Arunika", company__city="Surabaya",
        company__agent_seats=85,
    )
    _sign(version, signed)
    submitted_at = dt.datetime(2031, 3, 1, 3, 30, tzinfo=dt.UTC)
    submitted = EntryFactory(company=signed.company, category=category, title="Satu Pintu", status="submitted",
                             submitted_at=submitted_at)
    _document(submitted)
    _document(submitted, "evidence.pdf")
    EntryFactory(
        company__legal_name="PT Nusantara", company__brand="", company__city="Jakarta", company__agent_seats=320,
        category=category, title="=HYPERLINK(\"http://evil.example\")",
    )
    EntryFactory(category=CategoryFactory())  # another edition's entry stays out

    response = organiser_client.get(reverse("awards:organiser_registrations_csv", args=[edition.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="cct-test-registrations.csv"'
    assert _csv_rows(response) == [
        HEADER,
        ["cct-test", "ops-medium", "Best Operations — Medium", "E-001", "Satu Pintu",
         "PT Bank Arunika Sejahtera Tbk", "Arunika", "Surabaya", "85", "submitted", "2031-03-01T10:30:00+07:00",
         "2", "yes"],
        ["cct-test", "ops-medium", "Best Operations — Medium", "E-002",
         "'=HYPERLINK(\"http://evil.example\")", "PT Nusantara", "", "Jakarta", "320", "draft", "", "0", "no"],
    ]


@pytest.mark.parametrize("name", ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)"])
def test_registrations_csv_escapes_formula_company_names_and_keeps_numbers(organiser_client, edition, name):
    category = CategoryFactory(edition=edition, code="ops")
    entry = EntryFactory(
        company__legal_name=name, company__brand=name, company__city="@city", company__agent_seats=40,
        category=category, title="-title",
    )
    response = organiser_client.get(reverse("awards:organiser_registrations_csv", args=[edition.slug]))
    assert response.content.startswith("\ufeff".encode())
    assert _csv_rows(response)[1] == [
        "cct-test", "ops", category.name, entry.reference, "'-title", "'" + name, "'" + name, "'@city", "40",
        "draft", "", "0", "no",
    ]


def _populate(edition, n):
    version = NdaVersion.objects.filter(edition=edition).first() or NdaVersionFactory(edition=edition)
    for _ in range(n):
        category = CategoryFactory(edition=edition)
        contact = ContactFactory()
        _sign(version, contact)
        entry = EntryFactory(company=contact.company, category=category, status="submitted",
                             submitted_at=timezone.now())
        _document(entry)
        ContactFactory()  # a company that has not signed


QUERIES = {
    # session, user, organiser check in the view; the navigation bar's one query (roles and company), kept in the
    # session by a write on the session's first page (config/navigation_roles.py; savepoint, update, release here)
    "awards:organiser_dashboard": 8,
    # + edition, current NDA version, the filter's categories, categories; companies signed and not signed and
    # entries, each a page: its count, then its rows
    "awards:organiser_registrations": 17,
    # + edition, then the checklist: categories, agreements, signatories; rubrics, judges, invitations, minimum
    # judges, key ceremonies, the round assigned now and the entries it takes, its assignments, the open-judging
    # checks, scorecards, rounds, the final round's finals day
    "awards:organiser_edition": 28,
    # + edition, current NDA version, entries (a CSV has no navigation)
    "awards:organiser_registrations_csv": 6,
}


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize("name", PAGES)
def test_query_count_does_not_grow_with_rows(organiser_client, edition, name, rows, django_assert_num_queries):
    _populate(edition, rows)
    for _ in range(rows):
        EditionFactory()  # more editions on the dashboard
    url = _url(name, edition)
    with django_assert_num_queries(QUERIES[name]):
        response = organiser_client.get(url)
    assert response.status_code == 200


def test_open_registration_button_opens_a_ready_draft(organiser_client):
    draft = EditionFactory(state=Edition.State.DRAFT)
    CategoryFactory(edition=draft)
    NdaVersionFactory(edition=draft)
    page = reverse("awards:organiser_edition", args=[draft.slug])
    action = reverse("awards:organiser_open_registration", args=[draft.slug])
    assert f'action="{action}"' in organiser_client.get(page).text

    response = organiser_client.post(action, follow=True)
    assert response.redirect_chain == [(page, 302)]
    draft.refresh_from_db()
    assert draft.state == Edition.State.REGISTRATION
    assert AuditEvent.objects.get().action == "edition.registration"
    assert f"Registration is open for {draft.name}." in response.text
    assert f'action="{action}"' not in response.text  # no button once the edition has moved on


def test_open_registration_button_explains_why_it_cannot(organiser_client):
    draft = EditionFactory(state=Edition.State.DRAFT)
    action = reverse("awards:organiser_open_registration", args=[draft.slug])
    response = organiser_client.post(action, follow=True)
    assert "Registration cannot open: the edition has no category yet." in response.text
    assert "Registration cannot open: no participant NDA is published yet." in response.text
    draft.refresh_from_db()
    assert draft.state == Edition.State.DRAFT
    assert not AuditEvent.objects.exists()


def test_open_registration_needs_post(organiser_client):
    draft = EditionFactory(state=Edition.State.DRAFT)
    assert organiser_client.get(reverse("awards:organiser_open_registration", args=[draft.slug])).status_code == 405
