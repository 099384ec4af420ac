"""The factory_boy factories of both apps, and signing in as a factory-made user.

The standing cast built from them is tests/cast.py (fixtures in tests/conftest.py).
"""

import datetime as dt
import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from awards.models import Award, Category, Company, CompanyContact, Edition, Entry, NdaVersion
from awards.selectors import entry_number_next
from config.two_factor import enrol_authenticator_app
from judging.models import Assignment, Judge, KeyCeremony, KeyHolder, PanelMember, Round

PASSWORD = "correct-horse-battery"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 (tests only)


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The current code of an authenticator app holding ``secret``."""
    return format_hotp_value(hotp_value(secret, int(time.time() // 30)))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.test")
    email = factory.LazyAttribute(lambda o: o.username)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )

    @factory.post_generation
    def two_factor(obj, create, extracted, **kwargs):
        """Staff and superusers come enrolled with an authenticator app, as the platform requires of them."""
        if create and (extracted or (extracted is None and (obj.is_staff or obj.is_superuser))):
            enrol_authenticator_app(user=obj, secret=TOTP_SECRET)


class OrganiserFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(Group.objects.get_or_create(name="organiser")[0])


def _days(state: str, before_judging: int, from_judging: int):
    from awards import lifecycle

    judging = lifecycle.reached(state, lifecycle.State.JUDGING)
    return timezone.now() + dt.timedelta(days=from_judging if judging else before_judging)


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Call Center Terbaik Indonesia {2030 + n}")
    slug = factory.Sequence(lambda n: f"cct-{2030 + n}")
    year = factory.Sequence(lambda n: 2030 + n % 70)  # Edition.year stays <= 2100 however many tests run
    state = Edition.State.REGISTRATION
    # Before judging: registration open now, judging later. From judging on: registration over, judging open
    # now (the scoring services enforce the judging dates).
    registration_opens = factory.LazyAttribute(lambda o: _days(o.state, -10, -60))
    registration_closes = factory.LazyAttribute(lambda o: _days(o.state, 20, -30))
    judging_opens = factory.LazyAttribute(lambda o: _days(o.state, 21, -29))
    judging_closes = factory.LazyAttribute(lambda o: _days(o.state, 40, 1))
    award_night = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=60))
    venue = "Hotel Mulia, Jakarta"
    chair_name = "Dr. Ratna Wijaya"
    chair_title = "Ketua Dewan Juri"
    organiser_name = "Budi Santoso"
    organiser_title = "Ketua Panitia"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    edition = factory.SubFactory(EditionFactory)
    code = factory.Sequence(lambda n: f"cat-{n}")
    name_id = factory.Sequence(lambda n: f"Kategori {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    description_id = "Deskripsi kategori."
    description_en = "Category description."
    kind = Category.Kind.CORPORATE
    max_entries_per_company = 2
    ceremony_order = factory.Sequence(lambda n: n)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    legal_name = factory.Sequence(lambda n: f"PT Layanan Pelanggan {n} Tbk")
    brand = factory.Sequence(lambda n: f"Brand {n}")
    sector = Company.Sector.BANKING
    address = "Jl. Jend. Sudirman Kav. 1"
    city = "Jakarta"
    agent_seats = 120
    channels = factory.LazyFunction(lambda: ["phone", "email", "chat"])


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompanyContact

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)
    full_name = factory.Faker("name")
    job_title = "Head of Customer Care"


class NdaVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NdaVersion

    edition = factory.SubFactory(EditionFactory)
    audience = NdaVersion.Audience.PARTICIPANT
    version_label = factory.Sequence(lambda n: f"v{n + 1}")
    title_id = "Perjanjian Kerahasiaan Peserta"
    title_en = "Participant Non-Disclosure Agreement"
    text_id = "Peserta menjaga kerahasiaan seluruh informasi penjurian."
    text_en = "The participant keeps all judging information confidential."
    text_sha256 = factory.LazyAttribute(
        lambda o: NdaVersion.hash_texts(title_id=o.title_id, text_id=o.text_id, title_en=o.title_en, text_en=o.text_en)
    )
    published_at = factory.LazyFunction(timezone.now)


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    company = factory.SubFactory(CompanyFactory)
    category = factory.SubFactory(CategoryFactory)
    title = factory.Sequence(lambda n: f"Entry {n}")
    number = factory.LazyAttribute(lambda entry: entry_number_next(edition=entry.category.edition))
    status = Entry.Status.DRAFT
    narrative_infrastructure = "Two data centres, active-active."
    narrative_technology = "Omnichannel routing with a shared knowledge base."
    narrative_communication = "Plain-language scripts reviewed monthly."
    narrative_people = "Coaching every week; a career ladder for agents."
    agent_seats = 120


class SubmittedEntryFactory(EntryFactory):
    """A submitted entry the organisers accepted for judging (the eligibility review): what judging works on."""

    status = Entry.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    accepted_at = factory.LazyAttribute(lambda entry: entry.submitted_at)


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    entry = factory.SubFactory(SubmittedEntryFactory)
    category = factory.LazyAttribute(lambda o: o.entry.category)
    edition = factory.LazyAttribute(lambda o: o.entry.category.edition)
    kind = Award.Kind.WINNER
    rank = 1
    score = "81.25"
    certificate_code = factory.Sequence(lambda n: f"CCT-{n:04d}-{(n * 7919) % 10000:04d}")


# --- judging ---------------------------------------------------------------------------------------


class JudgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Judge
        skip_postgeneration_save = True

    edition = factory.SubFactory(EditionFactory)
    user = factory.SubFactory(UserFactory, username=factory.Sequence(lambda n: f"judge{n}@juri.example.test"))
    full_name = factory.Faker("name")
    job_title = "Customer Experience Director"
    organisation = "Asosiasi Contact Center"
    expertise = "Workforce management, quality assurance."
    kind = Judge.Kind.PRACTITIONER
    pseudonym = factory.Sequence(lambda n: f"Judge {n + 1:02d}")

    @factory.post_generation
    def two_factor(obj, create, extracted, **kwargs):
        """Judges come enrolled with an authenticator app, as the platform requires of them."""
        if create and extracted is not False:
            enrol_authenticator_app(user=obj.user, secret=TOTP_SECRET)


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round
        django_get_or_create = ("edition", "number")

    edition = factory.SubFactory(EditionFactory)
    number = 1
    name = "Final round"
    is_final = True


class RubricFactory(factory.Factory):
    """A category's rubric with the default four areas and twelve criteria (rubric_create_default)."""

    class Meta:
        model = dict  # built by the service below

    category = factory.SubFactory(CategoryFactory)

    @classmethod
    def _create(cls, model_class, *args, category, **kwargs):
        from judging.services.rubrics import rubric_create_default

        return rubric_create_default(category=category)

    _build = _create


class PanelMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelMember

    category = factory.SubFactory(CategoryFactory)
    judge = factory.SubFactory(JudgeFactory, edition=factory.SelfAttribute("..category.edition"))


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    entry = factory.SubFactory(SubmittedEntryFactory)
    round = factory.SubFactory(RoundFactory, edition=factory.SelfAttribute("..entry.category.edition"))
    judge = factory.SubFactory(JudgeFactory, edition=factory.SelfAttribute("..entry.category.edition"))


class KeyCeremonyFactory(factory.django.DjangoModelFactory):
    """A ceremony row with stand-in key bytes: enough to make someone a key holder (for sign-in, session and
    admin tests). A ceremony whose shares open anything comes from tests/cast.py `holder_keyed_ceremony`."""

    class Meta:
        model = KeyCeremony

    edition = factory.SubFactory(EditionFactory)
    threshold = 2
    holders_count = 3
    public_key = b"k"
    fingerprint = "f" * 64
    wrapped_private_key = b"w"


class KeyHolderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyHolder

    ceremony = factory.SubFactory(KeyCeremonyFactory)
    user = factory.SubFactory(UserFactory)
    index = factory.Sequence(lambda n: n + 1)
    commitment = "c" * 64


def sign_in(client, *, email: str, password: str = PASSWORD, totp_secret: str = TOTP_SECRET):
    """Sign in through the real form, answering the two-factor step when the account has one.

    Returns the last response: a redirect away from the sign-in pages on success.
    """
    from django.urls import reverse

    response = client.post(reverse("account_login"), {"login": email, "password": password})
    if response.status_code == 302 and response["Location"] == reverse("mfa_authenticate"):
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(totp_secret)})
    return response


def enrol_in_browser(client, *, password: str = PASSWORD):
    """Enrol an authenticator app the way a user does: confirm the password (allauth asks before any change to
    the second factor), read the secret off the activation page, send a code.

    Returns the page shown after enrolment (the recovery codes).
    """
    from django.urls import reverse

    page = client.get(reverse("mfa_activate_totp"))
    if page.status_code == 302 and page.url.startswith(reverse("account_reauthenticate")):
        confirmed = client.post(page.url, {"password": password})
        assert confirmed.status_code == 302, confirmed
        page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200, page
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)}, follow=True)
    assert response.redirect_chain and response.redirect_chain[-1][0] == reverse("mfa_view_recovery_codes")
    return response
