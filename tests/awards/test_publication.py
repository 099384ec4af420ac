"""Publishing a revealed edition, and what the public and the participants may see before and after."""

import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.urls import reverse
from pypdf import PdfReader

from awards.models import AuditEvent, Award, Edition, Entry
from awards.selectors import company_awards_published
from awards.services.publication import edition_publish
from tests.factories import ContactFactory, EditionFactory, EntryFactory, OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db


def _publish(edition, actor=None, capture=None):
    with capture(execute=True):
        return edition_publish(edition=edition, actor=actor)


@pytest.fixture
def revealed(cast):
    return cast.revealed_edition(categories=2, awards_per_category=2, extra_entries=1)


# --- the service ------------------------------------------------------------------------------------


def test_publish_moves_to_published_audits_and_emails_every_contact(revealed, django_capture_on_commit_callbacks):
    organiser = OrganiserFactory()
    # a second contact of one participant, and a company whose only entry is a draft
    participant = Award.objects.filter(edition=revealed).first().entry.company
    second = ContactFactory(company=participant)
    draft_only = EntryFactory(category=revealed.categories.first())
    ContactFactory(company=draft_only.company)

    _publish(revealed, organiser, django_capture_on_commit_callbacks)

    revealed.refresh_from_db()
    assert revealed.state == Edition.State.PUBLISHED
    event = AuditEvent.objects.get(action="edition.published")
    assert (event.edition_id, event.actor_id, event.payload) == (
        revealed.pk, organiser.pk, {"from": "revealed", "to": "published"}
    )
    submitted_companies = {
        entry.company for entry in Entry.objects.filter(category__edition=revealed, status=Entry.Status.SUBMITTED)
    }
    expected = sorted(
        contact.user.email for company in submitted_companies for contact in company.contacts.all()
    )
    assert sorted(address for message in mail.outbox for address in message.to) == expected
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert second.user.email in expected
    body = mail.outbox[0].body
    winners_url = "http://127.0.0.1:8000" + reverse("awards:winners", args=[revealed.slug])
    assert winners_url in body
    assert "Daftar pemenang" in body and "The winners" in body  # both languages
    assert "http://127.0.0.1:8000" + reverse("awards:dashboard") in body


@pytest.mark.parametrize(
    "state", [Edition.State.REGISTRATION, Edition.State.JUDGING, Edition.State.SEALED, Edition.State.PUBLISHED]
)
def test_publish_is_refused_unless_revealed(state, django_capture_on_commit_callbacks, cast):
    edition = cast.revealed_edition(categories=1, awards_per_category=1)
    Edition.objects.filter(pk=edition.pk).update(state=state)
    edition.refresh_from_db()

    with pytest.raises(ValidationError) as refusal:
        _publish(edition, None, django_capture_on_commit_callbacks)

    edition.refresh_from_db()
    assert edition.state == state
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action="edition.published").exists()
    expected = "already published" if state == Edition.State.PUBLISHED else "only after the award-night reveal"
    assert expected in refusal.value.messages[0]


# --- the command ------------------------------------------------------------------------------------


def test_publish_command_publishes_and_says_so(revealed, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the test runs inside a transaction
        call_command("publish", revealed.slug)

    revealed.refresh_from_db()
    assert revealed.state == Edition.State.PUBLISHED
    out = capsys.readouterr().out.strip()
    assert out == (f"Published {revealed.slug}: 4 awards are public; queued an e-mail to 6 participant contact(s) "
                   "in the outbox (the worker sends them).")
    assert len(mail.outbox) == 6


def test_publish_command_refuses_with_one_line():
    sealed = EditionFactory(state=Edition.State.SEALED)
    with pytest.raises(CommandError) as refusal:
        call_command("publish", sealed.slug)
    assert "only after the award-night reveal" in str(refusal.value)
    assert "\n" not in str(refusal.value)
    with pytest.raises(CommandError, match="No edition with the slug"):
        call_command("publish", "no-such-edition")
    sealed.refresh_from_db()
    assert sealed.state == Edition.State.SEALED


# --- the organiser's button ---------------------------------------------------------------------------


def test_organiser_confirms_then_publishes(client, revealed, django_capture_on_commit_callbacks):
    client.force_login(OrganiserFactory())
    url = reverse("awards:edition_publish", args=[revealed.slug])

    page = client.get(url)
    assert page.status_code == 200
    assert b"Publish the results now" in page.content

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:winners", args=[revealed.slug])
    revealed.refresh_from_db()
    assert revealed.state == Edition.State.PUBLISHED
    assert len(mail.outbox) == 6


def test_publish_button_refuses_before_the_reveal(client):
    sealed = EditionFactory(state=Edition.State.SEALED)
    client.force_login(OrganiserFactory())
    url = reverse("awards:edition_publish", args=[sealed.slug])

    page = client.get(url)
    response = client.post(url, follow=True)

    assert b"Publish the results now" not in page.content
    assert "only after the award-night reveal" in page.content.decode()
    assert "only after the award-night reveal" in response.content.decode()
    sealed.refresh_from_db()
    assert sealed.state == Edition.State.SEALED


def test_publish_button_is_for_organisers_only(client, revealed):
    url = reverse("awards:edition_publish", args=[revealed.slug])
    assert client.post(url).status_code == 302  # anonymous: to the login page
    client.force_login(ContactFactory().user)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    client.force_login(OrganiserFactory())
    assert client.get(reverse("awards:edition_publish", args=["no-such-edition"])).status_code == 404
    revealed.refresh_from_db()
    assert revealed.state == Edition.State.REVEALED


# --- public winners page -----------------------------------------------------------------------------


def test_winners_page_only_after_publication(client, revealed):
    url = reverse("awards:winners", args=[revealed.slug])
    assert client.get(url).status_code == 404
    client.force_login(OrganiserFactory())
    assert client.get(url).status_code == 404  # not even organisers: it is the public page
    client.logout()

    Edition.objects.filter(pk=revealed.pk).update(state=Edition.State.PUBLISHED)
    page = client.get(url)

    assert page.status_code == 200
    content = page.content.decode()
    awards = Award.objects.filter(edition=revealed).order_by("category__ceremony_order", "rank")
    for award in awards:
        assert award.entry.company.legal_name in content
        assert award.category.name_id in content and award.category.name_en in content
    first_category = awards[0].category.name_id
    last_category = awards[len(awards) - 1].category.name_id
    assert content.index(first_category) < content.index(last_category)  # ceremony order
    assert "Juara 1" in content and "Winner" in content
    assert "81.25" not in content and "81,25" not in content  # no score


def test_winners_page_names_the_nominee(client, cast):
    edition = cast.revealed_edition(categories=1, awards_per_category=1, individual_first=True,
                               state=Edition.State.PUBLISHED)
    award = Award.objects.get(edition=edition)

    content = client.get(reverse("awards:winners", args=[edition.slug])).content.decode()

    assert award.entry.nominee_name in content


@pytest.mark.parametrize("categories", [1, 3])
def test_winners_page_query_count_does_not_grow(client, django_assert_num_queries, categories, cast):
    edition = cast.revealed_edition(categories=categories, awards_per_category=2)
    Edition.objects.filter(pk=edition.pk).update(state=Edition.State.PUBLISHED)
    with django_assert_num_queries(2):
        assert client.get(reverse("awards:winners", args=[edition.slug])).status_code == 200


# --- verification page -----------------------------------------------------------------------------


def test_verification_page_only_for_a_published_certificate(client, revealed):
    award = Award.objects.filter(edition=revealed).select_related("entry__company", "category").first()
    url = reverse("awards:verify_certificate", args=[award.certificate_code])
    assert client.get(url).status_code == 404
    assert client.get(reverse("awards:verify_certificate", args=["NOPE-0000"])).status_code == 404

    Edition.objects.filter(pk=revealed.pk).update(state=Edition.State.PUBLISHED)
    page = client.get(url)

    assert page.status_code == 200
    content = page.content.decode()
    for text in (revealed.name, award.category.name_id, award.category.name_en, award.entry.company.legal_name,
                 award.certificate_code):
        assert text in content
    assert "81.25" not in content
    assert client.get(reverse("awards:verify_certificate", args=["NOPE-0000"])).status_code == 404
    typed = client.get(reverse("awards:verify_certificate", args=[award.certificate_code.lower()]))
    assert typed.status_code == 200  # a code typed by hand in lower case


# --- the company's certificates --------------------------------------------------------------------


def test_company_downloads_only_its_own_certificates_after_publication(client, revealed):
    award = Award.objects.filter(edition=revealed).select_related("entry__company").first()
    own = award.entry.company.contacts.first().user
    other_award = Award.objects.filter(edition=revealed).exclude(entry__company=award.entry.company).first()
    url = reverse("awards:certificate_pdf", args=[award.certificate_code])

    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(own)
    assert client.get(url).status_code == 404  # not published yet

    Edition.objects.filter(pk=revealed.pk).update(state=Edition.State.PUBLISHED)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) == 1
    assert award.entry.company.legal_name in pages[0].extract_text()

    assert client.get(reverse("awards:certificate_pdf", args=[other_award.certificate_code])).status_code == 404
    client.force_login(OrganiserFactory())
    assert client.get(url).status_code == 404  # organisers have the pack, not a company's download
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_company_awards_block_lists_published_awards_with_links(revealed):
    award = Award.objects.filter(edition=revealed).select_related("entry__company").first()
    company = award.entry.company
    assert company_awards_published(company=company) == []
    assert render_to_string("awards/includes/company_awards.html", {"company_awards": []}).strip() == ""

    Edition.objects.filter(pk=revealed.pk).update(state=Edition.State.PUBLISHED)
    lines = company_awards_published(company=company)
    html = render_to_string("awards/includes/company_awards.html", {"company_awards": lines})

    assert [line.award for line in lines] == list(Award.objects.filter(entry__company=company))
    assert reverse("awards:certificate_pdf", args=[award.certificate_code]) in html
    assert reverse("awards:verify_certificate", args=[award.certificate_code]) in html


def test_the_company_dashboard_offers_its_certificates_once_published(client, revealed):
    award = Award.objects.filter(edition=revealed).select_related("entry__company").first()
    client.force_login(award.entry.company.contacts.first().user)
    certificate_url = reverse("awards:certificate_pdf", args=[award.certificate_code])
    assert certificate_url not in client.get(reverse("awards:dashboard")).text

    Edition.objects.filter(pk=revealed.pk).update(state=Edition.State.PUBLISHED)
    assert certificate_url in client.get(reverse("awards:dashboard")).text


def test_the_home_page_links_the_winners_only_once_published(client, revealed):
    winners_url = reverse("awards:winners", args=[revealed.slug])
    assert winners_url not in client.get(reverse("home")).text
    Edition.objects.filter(pk=revealed.pk).update(state=Edition.State.PUBLISHED)
    assert winners_url in client.get(reverse("home")).text
