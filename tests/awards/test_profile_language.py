"""Each person's language: remembered from the language switcher, at sign-up, on joining a company and on a first
sign-in; changed on their account page; and the language their own e-mails are written in."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from awards.models import Edition, Entry, OutboxMessage, Profile
from awards.services.accounts import profile_language_set
from awards.services.companies import company_invitation_create
from awards.services.eligibility import entry_return
from tests.cast import complete_entry, participant
from tests.factories import PASSWORD, CategoryFactory, ContactFactory, EditionFactory, OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db


def _language(user) -> str:
    return Profile.objects.filter(user=user).values_list("language", flat=True).first() or ""


def test_the_language_switcher_remembers_a_signed_in_persons_choice(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "id", "next": "/dashboard/"})
    assert (response.status_code, response.url) == (302, "/dashboard/")
    assert _language(user) == "id"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert _language(user) == "en"


def test_the_language_switcher_stores_nothing_for_a_visitor_or_an_unknown_language(client):
    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert Profile.objects.count() == 0
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert _language(user) == ""
    assert client.get(reverse("set_language"), {"language": "id"}).status_code == 302  # a GET only redirects
    assert _language(user) == ""


def test_signing_up_in_indonesian_stores_indonesian(client, django_user_model):
    client.cookies["django_language"] = "id"
    client.post(reverse("account_signup"), {"email": "dewi@contoh.test", "password1": PASSWORD, "password2": PASSWORD})
    assert _language(django_user_model.objects.get(email="dewi@contoh.test")) == "id"


def test_a_first_sign_in_remembers_the_language_and_a_later_one_keeps_the_choice(client):
    user = UserFactory()
    user.set_password(PASSWORD)
    user.save()
    client.cookies["django_language"] = "en"
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert _language(user) == "en"
    client.post(reverse("account_logout"))
    client.cookies["django_language"] = "id"
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert _language(user) == "en"  # chosen once; the account page or the switcher change it


def test_joining_a_company_in_indonesian_stores_indonesian(client):
    inviter = ContactFactory()
    invitation = company_invitation_create(company=inviter.company, email="rina@contoh.test", invited_by=inviter.user)
    invitee = UserFactory(email="rina@contoh.test", username="rina@contoh.test")
    client.force_login(invitee)
    client.cookies["django_language"] = "id"
    client.post(
        reverse("awards:company_join", args=[invitation.token]), {"full_name": "Rina Susanti", "job_title": "QA"}
    )
    assert _language(invitee) == "id"


def test_the_account_page_shows_and_changes_the_language_of_ones_emails(client):
    user = UserFactory()
    profile_language_set(user=user, language="id")
    client.force_login(user)
    page = client.get(reverse("awards:account")).content.decode()
    assert re.search(r'<input[^>]*value="id"[^>]*checked', page)
    assert not re.search(r'<input[^>]*value="en"[^>]*checked', page)
    assert "Language of your e-mails" in page and reverse("account_change_password") in page
    response = client.post(reverse("awards:account"), {"language": "en"})
    assert response.url == reverse("awards:account")
    assert _language(user) == "en"
    assert "Your e-mails now come in English." in client.get(response.url).content.decode()


def test_the_account_page_needs_a_sign_in_and_is_linked_from_the_navigation(client):
    assert client.get(reverse("awards:account")).url.startswith(reverse("account_login"))
    user = UserFactory()
    client.force_login(user)
    assert f'href="{reverse("awards:account")}"' in client.get(reverse("awards:dashboard")).content.decode()


def test_a_returned_entry_is_told_to_each_contact_in_their_language():
    edition = EditionFactory(state=Edition.State.REGISTRATION)
    contact = participant(edition)
    colleague = ContactFactory(company=contact.company)
    entry = complete_entry(
        contact,
        CategoryFactory(edition=edition, seat_class=""),
        status=Entry.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    profile_language_set(user=contact.user, language="en")
    entry_return(
        entry=entry,
        actor=OrganiserFactory(),
        reason="Add the signed KPI report.",
        resubmit_by=timezone.now() + dt.timedelta(days=5),
    )
    rows = {row.recipient: row.language for row in OutboxMessage.objects.filter(kind="entry.returned")}
    assert rows == {contact.user.email: "en", colleague.user.email: "id+en"}
    english = next(email for email in mail.outbox if email.to == [contact.user.email])
    assert " / " not in english.subject and "Add the signed KPI report." in english.body
    assert "---" not in english.body


def test_the_publication_email_goes_in_each_contacts_language(cast, django_capture_on_commit_callbacks):
    from awards.models import Award
    from awards.services.publication import edition_publish

    revealed = cast.revealed_edition(categories=1, awards_per_category=1, extra_entries=0)
    company = Award.objects.filter(edition=revealed).first().entry.company
    indonesian, english, unknown = (ContactFactory(company=company) for _ in range(3))
    profile_language_set(user=indonesian.user, language="id")
    profile_language_set(user=english.user, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        edition_publish(edition=revealed, actor=OrganiserFactory())
    sent = {email.to[0]: email for email in mail.outbox}
    assert "Daftar pemenang" in sent[indonesian.user.email].body and "Dear" not in sent[indonesian.user.email].body
    assert sent[indonesian.user.email].subject.endswith(f"Pemenang diumumkan: {revealed.name}")
    assert "The winners" in sent[english.user.email].body and "Yth." not in sent[english.user.email].body
    assert sent[unknown.user.email].body.index("Yth.") < sent[unknown.user.email].body.index("Dear")
