"""The company profile, its contacts, and invitations of colleagues."""

import datetime as dt
import re
from urllib.parse import quote

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from awards.models import AuditEvent, Company, CompanyContact, CompanyInvitation
from awards.services.companies import company_create, company_invitation_accept, company_invitation_create
from tests.factories import PASSWORD, CompanyFactory, ContactFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "legal_name": "PT Suara Pelanggan Nusantara",
    "brand": "SuaraCare",
    "sector": "telecom",
    "address": "Jl. M.H. Thamrin No. 10\nJakarta Pusat",
    "city": "Jakarta",
    "agent_seats": "320",
    "channels": ["chat", "phone"],
    "full_name": "Dewi Lestari",
    "job_title": "Head of Customer Experience",
    "phone": "+62 21 555 0100",
}


def _join_url(message):
    match = re.search(r"http://[^/\s]+(/company/join/[-\w]+/)", message.body)
    assert match, message.body
    return match.group(1)


# --- creating the company --------------------------------------------------------------------------


def test_register_a_company_and_become_its_first_contact(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("awards:company_create")).status_code == 200
    response = client.post(reverse("awards:company_create"), VALID)
    assert response.status_code == 302
    assert response.url == reverse("awards:dashboard")
    company = Company.objects.get()
    assert (company.legal_name, company.brand, company.sector, company.city, company.agent_seats) == (
        "PT Suara Pelanggan Nusantara", "SuaraCare", "telecom", "Jakarta", 320
    )
    assert company.channels == ["phone", "chat"]  # in the list's order
    contact = CompanyContact.objects.get()
    assert (contact.user, contact.company, contact.full_name, contact.job_title, contact.phone) == (
        user, company, "Dewi Lestari", "Head of Customer Experience", "+62 21 555 0100"
    )
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["company.created"]
    # The navigation now leads to the profile.
    assert reverse("awards:company_edit") in client.get(reverse("home")).text


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"agent_seats": "0"}, "agent_seats", "Ensure this value is greater than or equal to 1."),
        ({"channels": []}, "channels", "Choose at least one channel your contact centre serves."),
        ({"channels": ["phone", "telepathy"]}, "channels", "Select a valid choice."),
        ({"legal_name": "  pt  existing   company "}, "legal_name", "already registered"),
        ({"full_name": ""}, "full_name", "This field is required."),
        ({"sector": "mining"}, "sector", "Select a valid choice."),
    ],
)
def test_bad_input_shows_the_error_and_saves_nothing(client, change, field, message):
    CompanyFactory(legal_name="PT Existing Company")
    client.force_login(UserFactory())
    response = client.post(reverse("awards:company_create"), {**VALID, **change})
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert 'class="invalid-feedback' in response.text or "alert-block" in response.text
    assert Company.objects.count() == 1
    assert not CompanyContact.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_user_with_a_company_cannot_register_another(client):
    contact = ContactFactory()
    client.force_login(contact.user)
    assert client.get(reverse("awards:company_create")).url == reverse("awards:company_edit")
    response = client.post(reverse("awards:company_create"), VALID)
    assert response.url == reverse("awards:company_edit")
    assert Company.objects.count() == 1
    with pytest.raises(ValidationError):
        company_create(user=contact.user, **{**VALID, "agent_seats": 320})
    assert Company.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client):
    for name in ("awards:company_create", "awards:company_edit", "awards:company_invite"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login") + "?next=")


# --- editing ---------------------------------------------------------------------------------------


def _edit_data(company, **change):
    data = {
        "legal_name": company.legal_name,
        "brand": company.brand,
        "sector": company.sector,
        "address": company.address,
        "city": company.city,
        "agent_seats": str(company.agent_seats),
        "channels": company.channels,
    }
    return {**data, **change}


def test_edit_the_profile(client):
    contact = ContactFactory()
    client.force_login(contact.user)
    response = client.post(
        reverse("awards:company_edit"), _edit_data(contact.company, city="Surabaya", agent_seats="45")
    )
    assert response.url == reverse("awards:company_edit")
    contact.company.refresh_from_db()
    assert (contact.company.city, contact.company.agent_seats, contact.company.seat_class) == ("Surabaya", 45, "small")
    event = AuditEvent.objects.get()
    assert (event.action, event.payload["fields"]) == ("company.updated", ["agent_seats", "city"])


@pytest.mark.parametrize(
    ("change", "field"),
    [({"agent_seats": "0"}, "agent_seats"), ({"channels": []}, "channels"), ({"legal_name": "PT OTHER"}, "legal_name")],
)
def test_bad_edits_change_nothing(client, change, field):
    CompanyFactory(legal_name="PT Other")
    contact = ContactFactory(company__legal_name="PT Mine", company__agent_seats=120)
    client.force_login(contact.user)
    response = client.post(reverse("awards:company_edit"), _edit_data(contact.company, city="Medan", **change))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    contact.company.refresh_from_db()
    company = contact.company
    assert (company.legal_name, company.city, company.agent_seats) == ("PT Mine", "Jakarta", 120)
    assert "PT Mine" in response.text  # the page heading keeps the saved name
    assert not AuditEvent.objects.exists()


def test_a_user_without_a_company_is_sent_to_register_one(client):
    client.force_login(UserFactory())
    assert client.get(reverse("awards:company_edit")).url == reverse("awards:company_create")
    assert client.get(reverse("awards:company_invite")).url == reverse("awards:company_create")


def test_edit_page_shows_contacts_and_pending_invitations(client):
    contact = ContactFactory(full_name="Dewi Lestari")
    ContactFactory(company=contact.company, full_name="Agus Salim")
    ContactFactory(full_name="Someone Elsewhere")
    pending = company_invitation_create(company=contact.company, email="rina@contoh.test", invited_by=contact.user)
    used = company_invitation_create(company=contact.company, email="used@contoh.test", invited_by=contact.user)
    CompanyInvitation.objects.filter(pk=used.pk).update(accepted_at=timezone.now())
    expired = company_invitation_create(company=contact.company, email="old@contoh.test", invited_by=contact.user)
    CompanyInvitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    client.force_login(contact.user)
    response = client.get(reverse("awards:company_edit"))
    assert [c.full_name for c in response.context["contacts"]] == ["Dewi Lestari", "Agus Salim"]
    assert [i.email for i in response.context["invitations"]] == [pending.email]
    assert "Agus Salim" in response.text and "Someone Elsewhere" not in response.text
    assert "rina@contoh.test" in response.text and "used@contoh.test" not in response.text


@pytest.mark.parametrize("rows", [1, 3])
def test_edit_page_query_count_does_not_grow_with_rows(client, django_assert_num_queries, rows):
    contact = ContactFactory()
    for _ in range(rows - 1):
        ContactFactory(company=contact.company)
    for n in range(rows):
        company_invitation_create(company=contact.company, email=f"guest{n}@contoh.test", invited_by=contact.user)
    client.force_login(contact.user)
    # + the navigation asks whether the user judges or holds a key, and keeps the answer in the session (a write on
    # the session's first page, in a savepoint here; config/navigation_roles.py)
    with django_assert_num_queries(11):
        client.get(reverse("awards:company_edit"))


# --- invitations -----------------------------------------------------------------------------------


def test_invite_a_colleague_who_joins(client):
    inviter = ContactFactory(full_name="Dewi Lestari")
    client.force_login(inviter.user)
    response = client.post(reverse("awards:company_invite"), {"email": "Rina@Contoh.test"})
    assert response.url == reverse("awards:company_edit")
    invitation = CompanyInvitation.objects.get()
    assert abs(invitation.expires_at - invitation.created_at - dt.timedelta(days=7)) < dt.timedelta(seconds=5)
    [message] = mail.outbox
    assert message.to == ["Rina@Contoh.test"]
    assert "Dewi Lestari" in message.body and inviter.company.legal_name in message.body
    join_url = _join_url(message)
    assert join_url == reverse("awards:company_join", args=[invitation.token])

    invitee = UserFactory(email="rina@contoh.test", username="rina@contoh.test", first_name="Rina", last_name="S")
    client.force_login(invitee)
    page = client.get(join_url)
    assert page.status_code == 200
    assert inviter.company.legal_name in page.text
    response = client.post(join_url, {"full_name": "Rina  Susanti", "job_title": "Quality Lead"})
    assert response.url == reverse("awards:dashboard")
    contact = CompanyContact.objects.get(user=invitee)
    assert (contact.company, contact.full_name, contact.job_title) == (inviter.company, "Rina Susanti", "Quality Lead")
    invitation.refresh_from_db()
    assert invitation.accepted_by == invitee and invitation.accepted_at is not None
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [
        "company.invitation_sent", "company.contact_joined"
    ]


def test_a_new_user_signs_up_from_the_invitation_and_lands_back_on_it(client):
    inviter = ContactFactory()
    invitation = company_invitation_create(company=inviter.company, email="baru@contoh.test", invited_by=inviter.user)
    join_url = reverse("awards:company_join", args=[invitation.token])
    response = client.get(join_url)
    assert response.url == f"{reverse('account_login')}?next={join_url}"
    login_page = client.get(response.url)
    assert "You were invited to join your company" in login_page.text
    signup_url = f"{reverse('account_signup')}?next={quote(join_url, safe='')}"
    assert signup_url in login_page.text
    client.post(
        signup_url, {"email": "baru@contoh.test", "password1": PASSWORD, "password2": PASSWORD, "next": join_url}
    )
    confirm = re.search(r"http://testserver(/accounts/confirm-email/[-:\w]+/)", mail.outbox[-1].body).group(1)
    response = client.post(confirm)
    assert response.url == join_url
    response = client.post(join_url, {"full_name": "Baru Saja", "job_title": "Analyst"})
    assert response.url == reverse("awards:dashboard")
    assert CompanyContact.objects.get(full_name="Baru Saja").company == inviter.company


def _invitation(**change):
    inviter = ContactFactory()
    invitation = company_invitation_create(company=inviter.company, email="rina@contoh.test", invited_by=inviter.user)
    if change:
        CompanyInvitation.objects.filter(pk=invitation.pk).update(**change)
    return invitation


@pytest.mark.parametrize(
    ("case", "status", "message"),
    [
        ("expired", 400, "This invitation has expired."),
        ("used", 400, "This invitation has already been used."),
        ("unknown", 404, "This invitation link is not valid."),
        ("has_company", 400, "You already act for a company."),
        ("wrong_email", 400, "This invitation was sent to another e-mail address."),
    ],
)
def test_an_invitation_that_cannot_be_used_says_why_and_changes_nothing(client, case, status, message):
    invitation = _invitation()
    user = UserFactory(email="rina@contoh.test", username="rina@contoh.test")
    token = invitation.token
    if case == "expired":
        CompanyInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    elif case == "used":
        CompanyInvitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    elif case == "unknown":
        token = ("y" if token[0] == "x" else "x") + token[1:]  # never the real token, even one starting with x
    elif case == "has_company":
        ContactFactory(user=user)
    elif case == "wrong_email":
        user = UserFactory(email="someone.else@contoh.test", username="someone.else@contoh.test")
    contacts_before = CompanyContact.objects.count()
    client.force_login(user)
    url = reverse("awards:company_join", args=[token])
    for response in (client.get(url), client.post(url, {"full_name": "Rina", "job_title": "Lead"})):
        assert response.status_code == status
        assert message in response.text
        assert 'name="full_name"' not in response.text
    assert CompanyContact.objects.count() == contacts_before
    assert CompanyInvitation.objects.filter(accepted_by__isnull=False).count() == 0
    assert not AuditEvent.objects.filter(action="company.contact_joined").exists()
    with pytest.raises(ValidationError) as raised:
        company_invitation_accept(token=token, user=user, full_name="Rina", job_title="Lead")
    assert raised.value.code == case


def test_an_invitation_works_once(client):
    invitation = _invitation()
    first = UserFactory(email="rina@contoh.test", username="rina@contoh.test")
    company_invitation_accept(token=invitation.token, user=first, full_name="Rina", job_title="Lead")
    first.contact.delete()  # even after leaving, the link stays used
    with pytest.raises(ValidationError) as raised:
        company_invitation_accept(token=invitation.token, user=first, full_name="Rina", job_title="Lead")
    assert raised.value.code == "used"


def test_join_form_needs_name_and_title(client):
    invitation = _invitation()
    user = UserFactory(email="rina@contoh.test", username="rina@contoh.test")
    client.force_login(user)
    response = client.post(reverse("awards:company_join", args=[invitation.token]), {"full_name": " ", "job_title": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"full_name", "job_title"}
    assert not CompanyContact.objects.filter(user=user).exists()


def test_inviting_someone_who_already_acts_for_a_company_is_refused(client):
    inviter = ContactFactory()
    other = ContactFactory()
    client.force_login(inviter.user)
    response = client.post(reverse("awards:company_invite"), {"email": other.user.email.upper()})
    assert response.status_code == 200
    assert "already acts for a company" in response.text
    assert not CompanyInvitation.objects.exists()
    assert mail.outbox == []


def test_a_bad_address_is_refused(client):
    client.force_login(ContactFactory().user)
    response = client.post(reverse("awards:company_invite"), {"email": "not-an-address"})
    assert "email" in response.context["form"].errors
    assert not CompanyInvitation.objects.exists()


def test_inviting_again_replaces_the_earlier_link():
    inviter = ContactFactory()
    first = company_invitation_create(company=inviter.company, email="rina@contoh.test", invited_by=inviter.user)
    second = company_invitation_create(company=inviter.company, email="RINA@contoh.test", invited_by=inviter.user)
    user = UserFactory(email="rina@contoh.test", username="rina@contoh.test")
    with pytest.raises(ValidationError) as raised:
        company_invitation_accept(token=first.token, user=user, full_name="Rina", job_title="Lead")
    assert raised.value.code == "expired"
    company_invitation_accept(token=second.token, user=user, full_name="Rina", job_title="Lead")
    assert user.contact.company == inviter.company


@pytest.mark.parametrize("language", ["id", "en"])
def test_company_pages_render_in_the_active_language(client, settings, language):
    settings.LANGUAGE_CODE = language
    contact = ContactFactory()
    client.force_login(contact.user)
    with translation.override(language):
        expected = translation.gettext("Invite a colleague")
    for name in ("awards:company_edit", "awards:company_invite"):
        response = client.get(reverse(name))
        assert f'<html lang="{language}">' in response.text
        assert expected in response.text


def test_signed_in_with_another_address_the_page_offers_to_log_out_and_come_back(client):
    invitation = _invitation()
    client.force_login(UserFactory(email="someone.else@contoh.test", username="someone.else@contoh.test"))
    join_url = reverse("awards:company_join", args=[invitation.token])
    page = client.get(join_url)
    assert f'<input type="hidden" name="next" value="{join_url}">' in page.text
    response = client.post(reverse("account_logout"), {"next": join_url})
    assert response.url == join_url
    assert client.get(join_url).url == f"{reverse('account_login')}?next={join_url}"
