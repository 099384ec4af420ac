"""Demo data for the registration phase: an edition open for entries, its categories and NDA texts,
an organiser, an administrator and two participant companies. Safe to run again: nothing is duplicated.

The judging part of the demo (judges, key holders, scorecards) is added by the judging app's
`demo_data` command, which calls `build_registration_demo` first.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from awards import lifecycle
from awards.audit import audit_append
from awards.demo_content import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    ARUNIKA_EMAIL,
    ARUNIKA_PASSWORD,
    CATEGORIES,
    COMPANIES,
    DEMO_TOTP_SECRET,
    EDITION_SLUG,
    JUDGE_NDA,
    MEDALS,
    NUSANTARA_EMAIL,
    NUSANTARA_PASSWORD,
    ORGANISER_EMAIL,
    ORGANISER_PASSWORD,
    PARTICIPANT_NDA,
)
from awards.models import Category, Company, CompanyContact, Edition, Entry, NdaAcceptance, NdaVersion
from awards.permissions import ORGANISER_GROUP
from awards.selectors import entry_number_next, nda_current
from awards.services.editions import edition_transition, nda_version_create, nda_version_publish
from config.two_factor import enrol_authenticator_app

# What organisers may do in the admin: set up editions and texts, look at everything else.
ORGANISER_PERMISSIONS = {
    "edition": ("view", "add", "change"),
    "category": ("view", "add", "change", "delete"),
    "ndaversion": ("view", "add", "change", "delete"),
    "company": ("view", "add", "change"),
    "companycontact": ("view", "add", "change", "delete"),
    "entry": ("view",),
    "entrydocument": ("view",),
    "ndaacceptance": ("view",),
    "auditevent": ("view",),
}

def _jakarta(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo("Asia/Jakarta"))


def _user(*, email: str, password: str, first_name: str, last_name: str, is_staff=False, is_superuser=False):
    user, created = get_user_model().objects.get_or_create(
        username=email,
        defaults={
            "email": email,
            "first_name": first_name,
            "last_name": last_name,
            "is_staff": is_staff,
            "is_superuser": is_superuser,
        },
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _organiser_group() -> Group:
    group, _ = Group.objects.get_or_create(name=ORGANISER_GROUP)
    wanted = [
        Permission.objects.get(content_type__app_label="awards", codename=f"{action}_{model}")
        for model, actions in ORGANISER_PERMISSIONS.items()
        for action in actions
    ]
    group.permissions.add(*wanted)
    return group


def _edition(now: dt.datetime) -> Edition:
    today = now.astimezone(ZoneInfo("Asia/Jakarta")).date()
    edition, created = Edition.objects.get_or_create(
        slug=EDITION_SLUG,
        defaults={
            "name": "Call Center Terbaik Indonesia 2027",
            "year": 2027,
            "state": Edition.State.DRAFT,
            "registration_opens": _jakarta(today - dt.timedelta(days=7), 9),
            "registration_closes": _jakarta(today + dt.timedelta(days=28), 23, 59),
            "judging_opens": _jakarta(today + dt.timedelta(days=35), 9),
            "judging_closes": _jakarta(today + dt.timedelta(days=63), 17),
            "award_night": _jakarta(today + dt.timedelta(days=90), 19),
            "venue": "Grand Ballroom, Hotel Kempinski Indonesia, Jakarta",
            "chair_name": "Dr. Ratna Wijayanti, M.M.",
            "chair_title": "Ketua Dewan Juri",
            "organiser_name": "Budi Santoso",
            "organiser_title": "Ketua Panitia Penyelenggara",
        },
    )
    if created:
        edition.full_clean()
    return edition


def _categories(edition: Edition) -> dict[str, Category]:
    categories = {}
    for order, spec in enumerate(CATEGORIES, start=1):
        spec = dict(spec)
        medals = spec.pop("medals", False)
        defaults = {
            **spec,
            "ceremony_order": order * 10,
            "max_entries_per_company": 3 if spec["kind"] == Category.Kind.INDIVIDUAL else 1,
            "award_mode": Category.AwardMode.MEDALS if medals else Category.AwardMode.PLACES,
            **(MEDALS if medals else {}),
        }
        code = defaults.pop("code")
        category = Category.objects.filter(edition=edition, code=code).first()
        if category is None:
            category = Category(edition=edition, code=code, **defaults)
            category.full_clean()
            category.save()
        categories[code] = category
    return categories


def _nda(edition: Edition, audience: str, texts: dict, actor) -> NdaVersion:
    version = nda_current(edition=edition, audience=audience)
    if version is not None:
        return version
    version = NdaVersion.objects.filter(edition=edition, audience=audience, version_label="2027.1").first()
    if version is None:
        version = nda_version_create(edition=edition, audience=audience, version_label="2027.1", **texts)
    return nda_version_publish(version=version, actor=actor)


def _company(spec: dict) -> tuple[Company, object]:
    user = _user(
        email=spec["email"], password=spec["password"], first_name=spec["first_name"], last_name=spec["last_name"]
    )
    company = Company.objects.filter(legal_name=spec["company"]["legal_name"]).first()
    if company is None:
        company = Company(**spec["company"])
        company.full_clean()
        company.save()
    if not CompanyContact.objects.filter(user=user).exists():
        contact = CompanyContact(user=user, company=company, **spec["contact"])
        contact.full_clean()
        contact.save()
    return company, user


def _sign(*, version: NdaVersion, user, company: Company, signer_name: str, signer_title: str, now) -> None:
    if NdaAcceptance.objects.filter(version=version, user=user).exists():
        return
    acceptance = NdaAcceptance(
        version=version,
        user=user,
        company=company,
        signer_name=signer_name,
        signer_title=signer_title,
        accepted_at=now,
        ip_address="127.0.0.1",
        user_agent="demo_data",
        text_sha256=version.text_sha256,
    )
    acceptance.full_clean()
    acceptance.save()
    audit_append(
        action="nda.signed",
        actor=user,
        edition=version.edition,
        payload={"nda_version": version.pk, "company": company.pk, "text_sha256": version.text_sha256},
    )


def _entry(*, company: Company, category: Category, user, title: str, submitted_at=None, **fields) -> Entry:
    entry = Entry.objects.filter(company=company, category=category, title=title).first()
    if entry is not None:
        return entry
    entry = Entry(
        company=company,
        category=category,
        title=title,
        number=entry_number_next(edition=category.edition),
        created_by=user,
        status=Entry.Status.SUBMITTED if submitted_at else Entry.Status.DRAFT,
        submitted_at=submitted_at,
        **fields,
    )
    entry.full_clean()
    entry.save()
    if submitted_at:
        audit_append(
            action="entry.submitted",
            actor=user,
            edition=category.edition,
            payload={"entry": entry.pk, "reference": entry.reference},
        )
    return entry


@transaction.atomic
def build_registration_demo(*, stdout) -> list[tuple[str, str, str]]:
    """Create (or find) the demo edition and its people; return the logins as (role, e-mail, password)."""
    now = timezone.now()
    organiser = _user(
        email=ORGANISER_EMAIL, password=ORGANISER_PASSWORD, first_name="Budi", last_name="Santoso", is_staff=True
    )
    organiser.groups.add(_organiser_group())
    admin = _user(
        email=ADMIN_EMAIL,
        password=ADMIN_PASSWORD,
        first_name="Admin",
        last_name="Platform",
        is_staff=True,
        is_superuser=True,
    )
    for privileged in (organiser, admin):
        enrol_authenticator_app(user=privileged, secret=DEMO_TOTP_SECRET)

    edition = _edition(now)
    categories = _categories(edition)
    participant_nda = _nda(edition, NdaVersion.Audience.PARTICIPANT, PARTICIPANT_NDA, organiser)
    _nda(edition, NdaVersion.Audience.JUDGE, JUDGE_NDA, organiser)
    if lifecycle.next_state(edition.state) == Edition.State.REGISTRATION:  # a fresh demo edition
        edition_transition(edition=edition, to_state=Edition.State.REGISTRATION, actor=organiser)
    stdout.write(
        f"Edition {edition.slug}: {edition.name} ({edition.get_state_display()}), {len(categories)} categories\n"
    )

    nusantara, _rina = _company(COMPANIES[0])
    arunika, dimas = _company(COMPANIES[1])
    stdout.write(f"Companies: {nusantara.legal_name}; {arunika.legal_name}\n")

    _sign(
        version=participant_nda,
        user=dimas,
        company=arunika,
        signer_name="Dimas Pratama",
        signer_title="Contact Center Division Head",
        now=now - dt.timedelta(days=3),
    )
    _entry(
        company=arunika,
        category=categories["ops-medium"],
        user=dimas,
        title="Satu Pintu untuk Semua Nasabah",
        submitted_at=now - dt.timedelta(days=1),
        narrative_infrastructure=(
            "Two sites in Surabaya and Jakarta run active-active; a failover drill each quarter keeps the "
            "switch-over under four minutes."
        ),
        narrative_technology=(
            "One omnichannel desktop for phone, e-mail, chat and video banking, with a shared knowledge base "
            "and speech analytics on every call."
        ),
        narrative_communication=(
            "Scripts rewritten in plain Indonesian with customers' own words; every template is reviewed "
            "monthly by a panel of agents."
        ),
        narrative_people=(
            "Weekly coaching, a four-step career ladder from agent to supervisor, and a wellbeing programme "
            "that cut attrition by a third."
        ),
        agent_seats=85,
        inbound_contacts_yearly=1_450_000,
        outbound_contacts_yearly=210_000,
        service_level_percent=Decimal("86.50"),
        service_level_seconds=20,
        average_speed_of_answer=14,
        abandonment_rate=Decimal("3.10"),
        first_contact_resolution=Decimal("82.00"),
        customer_satisfaction=Decimal("91.40"),
        agent_attrition=Decimal("14.00"),
    )
    _entry(
        company=arunika,
        category=categories["agent"],
        user=dimas,
        title="Siti Rahmawati, agen video banking",
        nominee_name="Siti Rahmawati",
        nominee_role="Video banking agent",
        nominee_years_in_role=4,
        narrative_people="Mentors every new video-banking agent in their first month.",
    )
    stdout.write(f"Entries of {arunika.display_name}: {arunika.entries.count()}\n")

    return [
        ("Organiser", ORGANISER_EMAIL, ORGANISER_PASSWORD),
        ("Administrator (superuser)", ADMIN_EMAIL, ADMIN_PASSWORD),
        (f"Participant: {nusantara.display_name} (NDA not signed)", NUSANTARA_EMAIL, NUSANTARA_PASSWORD),
        (f"Participant: {arunika.display_name} (NDA signed, 2 entries)", ARUNIKA_EMAIL, ARUNIKA_PASSWORD),
    ]
