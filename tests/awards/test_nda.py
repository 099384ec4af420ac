"""The participants' NDA: reading, signing, the signed copy as PDF, and new versions."""

import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from awards.models import AuditEvent, NdaAcceptance, NdaVersion, OutboxMessage
from awards.pdf import nda_acceptance_pdf
from awards.services.nda import nda_accept
from tests.factories import ContactFactory, EditionFactory, NdaVersionFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGN = {"accept": "on", "signer_name": "Dewi  Lestari", "signer_title": "Direktur Layanan"}


class FailingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def contact():
    return ContactFactory(full_name="Dewi Lestari", job_title="Head of Customer Care")


@pytest.fixture
def version():
    return NdaVersionFactory(
        edition=EditionFactory(slug="cct-2031"),
        version_label="2031-1",
        text_id="Peserta wajib menjaga kerahasiaan seluruh materi penjurian.",
        text_en="The participant must keep all judging material confidential.",
    )


def _url(version, **query):
    url = reverse("awards:nda", args=[version.edition.slug])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def _post(client, version, data=None, **extra):
    return client.post(_url(version), {"version": version.pk, **SIGN, **(data or {})}, **extra)


def test_the_page_shows_the_current_text_in_the_active_language(client, contact, version, settings):
    client.force_login(contact.user)
    response = client.get(_url(version))
    assert response.status_code == 200
    assert version.text_en in response.text and version.text_id not in response.text
    form = response.context["form"]
    assert (form["signer_name"].value(), form["signer_title"].value()) == ("Dewi Lestari", "Head of Customer Care")
    settings.LANGUAGE_CODE = "id"
    response = client.get(_url(version))
    assert '<html lang="id">' in response.text
    assert version.text_id in response.text and version.text_en not in response.text
    with translation.override("id"):
        assert translation.gettext("Sign the NDA") in response.text


def test_sign_the_nda(client, contact, version):
    client.force_login(contact.user)
    response = _post(client, version, HTTP_USER_AGENT="Mozilla/5.0 " + "x" * 600, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    assert response.url == reverse("awards:dashboard")
    acceptance = NdaAcceptance.objects.get()
    assert (acceptance.version, acceptance.user, acceptance.company) == (version, contact.user, contact.company)
    assert (acceptance.signer_name, acceptance.signer_title) == ("Dewi Lestari", "Direktur Layanan")
    assert acceptance.ip_address == "203.0.113.7"
    assert len(acceptance.user_agent) == 500 and acceptance.user_agent.startswith("Mozilla/5.0 x")
    assert acceptance.text_sha256 == version.compute_sha256() == version.text_sha256
    event = AuditEvent.objects.get()
    assert (event.action, event.edition, event.actor) == ("nda.signed", version.edition, contact.user)
    assert event.payload["text_sha256"] == acceptance.text_sha256

    [message] = mail.outbox
    assert message.to == [contact.user.email]
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == (f"cct-2031-participant-nda-2031-1-signed-{acceptance.pk}.pdf", "application/pdf")
    assert content.startswith(b"%PDF-")

    page = client.get(_url(version))
    assert "You signed version 2031-1" in page.text
    assert reverse("awards:nda_pdf", args=[acceptance.pk]) in page.text
    assert "form" not in page.context or page.context.get("form") is None


@pytest.mark.parametrize(
    ("data", "field"),
    [({"accept": ""}, "accept"), ({"signer_name": "   "}, "signer_name"), ({"signer_title": ""}, "signer_title")],
)
def test_missing_tick_name_or_title_saves_nothing(client, contact, version, data, field):
    client.force_login(contact.user)
    response = _post(client, version, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "invalid-feedback" in response.text
    assert not NdaAcceptance.objects.exists()
    assert not AuditEvent.objects.exists()
    assert mail.outbox == []


def test_signing_twice_creates_nothing_new(client, contact, version):
    first = nda_accept(
        version=version, user=contact.user, company=contact.company, signer_name="Dewi", signer_title="Head",
        ip_address="127.0.0.1", user_agent="test",
    )
    again = nda_accept(
        version=version, user=contact.user, company=contact.company, signer_name="Other", signer_title="Other",
        ip_address="10.0.0.1", user_agent="other",
    )
    assert again == first
    assert NdaAcceptance.objects.count() == 1
    assert AuditEvent.objects.count() == 1
    assert len(mail.outbox) == 1
    client.force_login(contact.user)
    _post(client, version)
    assert NdaAcceptance.objects.count() == 1


def test_a_new_version_must_be_signed_again(client, contact, version):
    client.force_login(contact.user)
    _post(client, version)
    newer = NdaVersionFactory(edition=version.edition, version_label="2031-2", text_en="Stricter terms.")
    page = client.get(_url(version))
    assert "A new version of the NDA was published since you signed version 2031-1" in page.text
    assert "Stricter terms." in page.text
    assert page.context["form"] is not None
    # A form still carrying the old version is not taken as a signature of the new one.
    response = _post(client, version)
    assert response.status_code == 200
    assert "A new version of the agreement was published while you were reading" in response.text
    assert f'name="version" value="{newer.pk}"' in response.text
    assert NdaAcceptance.objects.count() == 1
    response = _post(client, newer)
    assert response.status_code == 302
    assert list(NdaAcceptance.objects.order_by("pk").values_list("version__version_label", flat=True)) == [
        "2031-1", "2031-2"
    ]


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/company/edit/", "/company/edit/"),
        ("https://evil.example/", None),
        ("//evil.example/path", None),
        ("javascript:alert(1)", None),
    ],
)
def test_after_signing_go_to_next_only_if_it_is_local(client, contact, version, next_url, expected):
    client.force_login(contact.user)
    response = _post(client, version, {"next": next_url})
    assert response.url == (expected or reverse("awards:dashboard"))


def test_the_signed_copy_pdf_holds_the_text_the_signer_and_the_hash(contact, version):
    acceptance = nda_accept(
        version=version, user=contact.user, company=contact.company, signer_name="Dewi Lestari",
        signer_title="Direktur Layanan", ip_address="203.0.113.7", user_agent="test",
    )
    text = " ".join(_pdf_text(nda_acceptance_pdf(acceptance)).split())
    for expected in (
        version.title_id, version.text_id, version.title_en, version.text_en, "Dewi Lestari", "Direktur Layanan",
        contact.company.legal_name, "203.0.113.7", "2031-1", acceptance.text_sha256,
    ):
        assert expected in text
    assert text.index(version.text_id) < text.index(version.text_en)  # Indonesian first, English beneath


def test_only_the_signer_and_their_company_can_download_the_signed_copy(client, contact, version):
    acceptance = nda_accept(
        version=version, user=contact.user, company=contact.company, signer_name="Dewi Lestari",
        signer_title="Head", ip_address=None, user_agent="",
    )
    url = reverse("awards:nda_pdf", args=[acceptance.pk])
    assert client.get(url).url.startswith(reverse("account_login"))
    for other in (ContactFactory().user, UserFactory(), UserFactory(is_staff=True)):
        client.force_login(other)
        assert client.get(url).status_code == 404
    colleague = ContactFactory(company=contact.company)
    for member in (contact.user, colleague.user):  # the NDA binds the company: its contacts may keep a copy
        client.force_login(member)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith('attachment; filename="cct-2031-participant-nda-')
        assert "Dewi Lestari" in _pdf_text(response.content)
    assert client.get(reverse("awards:nda_pdf", args=[acceptance.pk + 1000])).status_code == 404


def test_judges_sign_with_the_same_service_without_a_company(version):
    judge_version = NdaVersionFactory(
        edition=version.edition, audience=NdaVersion.Audience.JUDGE, title_en="Judge's Confidentiality Agreement"
    )
    judge = UserFactory()
    acceptance = nda_accept(
        version=judge_version, user=judge, company=None, signer_name="Prof. Hadi", signer_title="Juri",
        ip_address="127.0.0.1", user_agent="test",
    )
    assert acceptance.company is None
    text = _pdf_text(mail.outbox[0].attachments[0][1])
    assert "Prof. Hadi" in text and "Judge's Confidentiality Agreement" in text


def test_the_participant_nda_needs_a_company_and_a_published_version(contact, version):
    draft = NdaVersionFactory(edition=version.edition, published_at=None)
    with pytest.raises(ValidationError):
        nda_accept(version=version, user=UserFactory(), company=None, signer_name="A", signer_title="B",
                   ip_address=None, user_agent="")
    with pytest.raises(ValidationError):
        nda_accept(version=draft, user=contact.user, company=contact.company, signer_name="A", signer_title="B",
                   ip_address=None, user_agent="")
    assert not NdaAcceptance.objects.exists()


def test_a_text_changed_after_publication_cannot_be_signed(contact, version):
    NdaVersion.objects.filter(pk=version.pk).update(text_en="Quietly changed terms.")
    version.refresh_from_db()
    with pytest.raises(ValidationError):
        nda_accept(version=version, user=contact.user, company=contact.company, signer_name="A", signer_title="B",
                   ip_address=None, user_agent="")
    assert not NdaAcceptance.objects.exists()


def test_the_signature_stands_when_the_e_mail_cannot_be_sent(client, contact, version, settings):
    settings.EMAIL_BACKEND = "tests.awards.test_nda.FailingEmailBackend"
    client.force_login(contact.user)
    response = _post(client, version)
    assert response.status_code == 302
    assert NdaAcceptance.objects.count() == 1
    message = OutboxMessage.objects.get()  # the copy waits in the outbox for the mail server
    assert (message.kind, message.recipient, message.status) == ("nda.signed", contact.user.email, "queued")
    assert message.last_error == "ConnectionRefusedError: the mail server is down"


def test_without_a_company_the_user_registers_one_first(client, version):
    client.force_login(UserFactory())
    assert client.get(_url(version)).url == reverse("awards:company_create")
    assert _post(client, version).url == reverse("awards:company_create")
    assert not NdaAcceptance.objects.exists()


def test_unpublished_nda_and_draft_edition(client, contact):
    client.force_login(contact.user)
    edition = EditionFactory()
    NdaVersionFactory(edition=edition, published_at=None)
    response = client.get(reverse("awards:nda", args=[edition.slug]))
    assert "have not published the NDA" in response.text
    assert response.context.get("form") is None
    draft = EditionFactory(state="draft")
    NdaVersionFactory(edition=draft, published_at=timezone.now())
    assert client.get(reverse("awards:nda", args=[draft.slug])).status_code == 404
    assert client.get(reverse("awards:nda", args=["no-such-edition"])).status_code == 404
