"""The superuser cannot become a judge or a key holder through the admin (issue 14, attack 3).

No admin page swaps the person behind a judge, a panel seat, an assignment, a conflict, a company contact or an
e-mail address; judges and key holders are not added there; authenticators are view-only and their secrets are
neither shown nor stored in plaintext; and an administrator's change to a privileged person's password, e-mail
address or authenticator is in the audit log and e-mailed to that person (to the old address too).
"""

from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, reverse

from awards.audit import audit_verify
from awards.models import AuditEvent
from judging.models import ConflictDeclaration, Judge, KeyCeremony, KeyHolder
from judging.services.identity import (
    AUTHENTICATOR_REMOVED,
    EMAIL_ADDRESS_ADDED,
    EMAIL_CHANGED,
    PASSWORD_CHANGED,
)
from tests.factories import (
    TOTP_SECRET,
    AssignmentFactory,
    ContactFactory,
    EditionFactory,
    JudgeFactory,
    KeyHolderFactory,
    PanelMemberFactory,
    UserFactory,
    sign_in,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-long-passphrase-42"  # noqa: S105 (tests only)


class _FormReader(HTMLParser):
    """The values a browser would post from the admin's change form, as it shows them."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select = None
        self._textarea = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(name, attrs.get("value") or ("on" if attrs.get("type") == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data


def _form_data(response, **changes) -> dict:
    reader = _FormReader()
    reader.feed(response.content.decode())
    data = {name: values if len(values) > 1 else values[0] for name, values in reader.data.items()}
    data.pop("csrfmiddlewaretoken", None)
    data.update(changes)
    data["_save"] = "Save"
    return data


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def _events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


# --- No identity swaps ------------------------------------------------------------------------------------


def test_the_superuser_cannot_make_a_judge_their_own_account(admin_client, superuser):
    judge = JudgeFactory(full_name="Juri Satu")
    other_edition = EditionFactory()
    url = reverse("admin:judging_judge_change", args=[judge.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="user"' not in page.text and 'name="edition"' not in page.text
    response = admin_client.post(
        url, _form_data(page, user=str(superuser.pk), edition=str(other_edition.pk), full_name="Juri Satu B.")
    )
    assert response.status_code == 302
    judge.refresh_from_db()
    assert (judge.user_id, judge.edition_id, judge.full_name) == (judge.user.pk, judge.edition.pk, "Juri Satu B.")
    assert judge.user != superuser and judge.edition != other_edition


def test_judges_are_not_added_in_the_admin_they_join_by_invitation(admin_client, superuser):
    edition = EditionFactory()
    assert admin_client.get(reverse("admin:judging_judge_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:judging_judge_add"),
        {"edition": edition.pk, "user": superuser.pk, "full_name": "Me", "pseudonym": "Judge 99", "kind": "academic"},
    )
    assert response.status_code == 403
    assert not Judge.objects.filter(user=superuser).exists()


def test_key_ceremonies_and_key_holders_are_not_in_the_admin():
    assert KeyHolder not in admin.site._registry and KeyCeremony not in admin.site._registry
    for name in ("admin:judging_keyholder_change", "admin:judging_keyceremony_change"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[1])


@pytest.mark.parametrize(
    ("model", "make", "fields"),
    [
        ("panelmember", lambda: PanelMemberFactory(), ("judge", "category")),
        ("assignment", lambda: AssignmentFactory(), ("judge", "entry", "round")),
        (
            "conflictdeclaration",
            lambda: ConflictDeclaration.objects.create(
                judge=JudgeFactory(), company=ContactFactory().company, relation="employee"
            ),
            ("judge", "company"),
        ),
    ],
)
def test_the_people_behind_panel_seats_and_assignments_are_read_only(admin_client, model, make, fields):
    obj = make()
    page = admin_client.get(reverse(f"admin:judging_{model}_change", args=[obj.pk]))
    assert page.status_code == 200
    for field in fields:
        assert f'name="{field}"' not in page.text


def test_a_company_contacts_account_cannot_be_swapped_or_added(admin_client, superuser):
    contact = ContactFactory()
    url = reverse("admin:awards_company_change", args=[contact.company_id])
    page = admin_client.get(url)
    assert 'name="contacts-0-user"' not in page.text
    assert page.context["inline_admin_formsets"][0].has_add_permission is False
    data = _form_data(page, **{"contacts-0-user": str(superuser.pk)})
    assert admin_client.post(url, data).status_code == 302
    contact.refresh_from_db()
    assert contact.user != superuser


# --- Authenticators: view-only, no secret ---------------------------------------------------------------


def test_an_authenticators_secret_is_neither_shown_nor_editable(admin_client):
    judge = JudgeFactory()
    totp = Authenticator.objects.get(user=judge.user, type=Authenticator.Type.TOTP)
    stored = dict(totp.data)
    url = reverse("admin:mfa_authenticator_change", args=[totp.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert TOTP_SECRET not in page.text and stored["secret"] not in page.text and 'name="data"' not in page.text
    forged = {"user": judge.user.pk, "type": "totp", "data": '{"secret": "AAAA"}'}
    assert admin_client.post(url, forged).status_code == 403
    assert admin_client.get(reverse("admin:mfa_authenticator_add")).status_code == 403
    totp.refresh_from_db()
    assert totp.data == stored and totp.user == judge.user


def test_the_database_holds_no_plaintext_two_factor_secret():
    judge = JudgeFactory()
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, data FROM mfa_authenticator WHERE user_id = %s ORDER BY type", [judge.user.pk])
        rows = cursor.fetchall()
    assert [kind for kind, _data in rows] == ["recovery_codes", "totp"]
    for _kind, data in rows:
        text = data if isinstance(data, str) else str(data)
        assert TOTP_SECRET not in text
        assert '"mfa1:' in text or "'mfa1:" in text
    recovery = Authenticator.objects.get(user=judge.user, type=Authenticator.Type.RECOVERY_CODES)
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    seed = RecoveryCodes(recovery).generate_codes()
    assert len(seed) == 10 and all(code not in str(rows) for code in seed)


def test_removing_a_judges_authenticator_is_recorded_and_told(
    admin_client, superuser, mailoutbox, django_capture_on_commit_callbacks
):
    judge = JudgeFactory()
    totp = Authenticator.objects.get(user=judge.user, type=Authenticator.Type.TOTP)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:mfa_authenticator_delete", args=[totp.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(pk=totp.pk).exists()
    [event] = _events(AUTHENTICATOR_REMOVED)
    assert (event.actor, event.payload["user"], event.payload["authenticator"]) == (superuser, judge.user.pk, "totp")
    [mail] = mailoutbox
    assert mail.to == [judge.user.email]
    assert "TOTP" in mail.body and f"#{event.seq}" in mail.body and superuser.email in mail.body
    assert audit_verify().ok


# --- Passwords and e-mail addresses changed by an administrator ------------------------------------------


def test_an_admin_password_change_of_a_judge_is_recorded_and_told(
    admin_client, superuser, mailoutbox, django_capture_on_commit_callbacks
):
    judge = JudgeFactory()
    url = reverse("admin:auth_user_password_change", args=[judge.user.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
        )
    assert response.status_code == 302
    judge.user.refresh_from_db()
    assert judge.user.check_password(NEW_PASSWORD)
    [event] = _events(PASSWORD_CHANGED)
    assert (event.actor, event.payload["user"]) == (superuser, judge.user.pk)
    assert NEW_PASSWORD not in str(event.payload)
    [mail] = mailoutbox
    assert mail.to == [judge.user.email]
    # in both languages: the person's language is not known
    assert "Your password was changed." in mail.body and "Kata sandi Anda diubah." in mail.body
    assert NEW_PASSWORD not in mail.body


def test_the_password_change_is_told_in_the_judges_own_language_when_the_account_says_it(
    admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    from awards.services.accounts import profile_language_set

    judge = JudgeFactory()
    profile_language_set(user=judge.user, language="id")
    url = reverse("admin:auth_user_password_change", args=[judge.user.pk])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    [mail] = mailoutbox
    assert "Kata sandi Anda diubah." in mail.body and "Your password was changed." not in mail.body


def test_an_admin_password_change_of_a_participant_is_not_a_privileged_change(
    admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    contact = ContactFactory()
    url = reverse("admin:auth_user_password_change", args=[contact.user.pk])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    contact.user.refresh_from_db()
    assert contact.user.check_password(NEW_PASSWORD)
    assert _events(PASSWORD_CHANGED) == [] and mailoutbox == []


def test_a_refused_password_form_records_nothing(admin_client, mailoutbox, django_capture_on_commit_callbacks):
    judge = JudgeFactory()
    url = reverse("admin:auth_user_password_change", args=[judge.user.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"password1": NEW_PASSWORD, "password2": "other", "usable_password": "true"})
    assert response.status_code == 200
    assert _events(PASSWORD_CHANGED) == [] and mailoutbox == []


def test_an_admin_email_change_of_a_key_holder_is_told_to_both_addresses(
    admin_client, superuser, mailoutbox, django_capture_on_commit_callbacks
):
    holder = UserFactory(two_factor=True)
    KeyHolderFactory(user=holder, ceremony__created_by=superuser)
    old_email = holder.email
    url = reverse("admin:auth_user_change", args=[holder.pk])
    page = admin_client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, _form_data(page, email="attacker@example.test"))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    holder.refresh_from_db()
    assert holder.email == "attacker@example.test"
    [event] = _events(EMAIL_CHANGED)
    assert event.payload["old_email"] == old_email and event.payload["new_email"] == "attacker@example.test"
    assert sorted(address for mail in mailoutbox for address in mail.to) == sorted([old_email, "attacker@example.test"])
    assert all(old_email in mail.body and "attacker@example.test" in mail.body for mail in mailoutbox)


def test_an_email_address_stays_with_its_account_and_changes_to_it_are_told(
    admin_client, superuser, mailoutbox, django_capture_on_commit_callbacks
):
    judge = JudgeFactory()
    address = EmailAddress.objects.get(user=judge.user)
    old_email = address.email
    url = reverse("admin:account_emailaddress_change", args=[address.pk])
    page = admin_client.get(url)
    assert 'name="user"' not in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, _form_data(page, email="mine@example.test", user=str(superuser.pk)))
    assert response.status_code == 302
    address.refresh_from_db()
    assert (address.user, address.email) == (judge.user, "mine@example.test")
    [event] = _events(EMAIL_CHANGED)
    assert event.payload["old_email"] == old_email
    assert sorted(address for mail in mailoutbox for address in mail.to) == sorted(
        {old_email, "mine@example.test", judge.user.email}
    )

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:account_emailaddress_add"),
            {"user": judge.user.pk, "email": "second@example.test", "_save": "Save"},
        )
    [added] = _events(EMAIL_ADDRESS_ADDED)
    assert added.payload["new_email"] == "second@example.test"
    assert sorted(address for mail in mailoutbox for address in mail.to) == sorted(
        {judge.user.email, "second@example.test"}
    )


def test_a_judge_still_signs_in_with_the_code_after_an_admin_looked_at_the_authenticator(admin_client):
    client = Client()
    judge = JudgeFactory()
    totp = Authenticator.objects.get(user=judge.user, type=Authenticator.Type.TOTP)
    admin_client.get(reverse("admin:mfa_authenticator_change", args=[totp.pk]))
    response = sign_in(client, email=judge.user.email)
    assert response.status_code == 302 and not response.url.startswith("/accounts/")
    assert client.get(reverse("judging:workspace")).status_code == 200


def test_making_someone_a_superuser_or_an_organiser_is_recorded_and_told(
    admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    from awards.permissions import ORGANISER_GROUP
    from judging.services.identity import STANDING_CHANGED

    organisers, _created = Group.objects.get_or_create(name=ORGANISER_GROUP)
    someone = UserFactory()
    url = reverse("admin:auth_user_change", args=[someone.pk])
    page = admin_client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, _form_data(page, is_staff="on", is_superuser="on", groups=[str(organisers.pk)])
        )
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    someone.refresh_from_db()
    assert someone.is_superuser and list(someone.groups.values_list("name", flat=True)) == [ORGANISER_GROUP]
    details = [event.payload["detail"] for event in _events(STANDING_CHANGED)]
    assert details == ["staff: no → yes; superuser: no → yes", f"groups: — → {ORGANISER_GROUP}"]
    assert [mail.to for mail in mailoutbox] == [[someone.email], [someone.email]]
    assert "superuser: no → yes" in mailoutbox[0].body
    assert audit_verify().ok


def test_assignments_are_not_added_in_the_admin(admin_client):
    response = admin_client.get(reverse("admin:judging_assignment_add"))
    assert response.status_code == 403
