"""The organiser's edition setup pages and the checklist: an edition set up without the admin."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from awards.models import AuditEvent, Category, Edition, Entry, NdaAcceptance, NdaVersion
from awards.selectors import nda_current_signed
from judging.models import Criterion, Judge, Round, Rubric
from tests.cast import sign_nda
from tests.factories import (
    CategoryFactory,
    ContactFactory,
    EditionFactory,
    EntryFactory,
    JudgeFactory,
    KeyCeremonyFactory,
    KeyHolderFactory,
    NdaVersionFactory,
    OrganiserFactory,
    RubricFactory,
    SubmittedEntryFactory,
)
from tests.sample_files import PDF_BYTES, png_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser_client(client):
    client.force_login(OrganiserFactory())
    return client


def _local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def _edition_data(**overrides) -> dict:
    now = timezone.now().replace(second=0, microsecond=0)
    data = {
        "name": "Call Center Terbaik Indonesia 2031",
        "slug": "cct-2031",
        "year": "2031",
        "venue": "Hotel Mulia, Jakarta",
        "registration_opens": _local(now + dt.timedelta(days=1)),
        "registration_closes": _local(now + dt.timedelta(days=30)),
        "judging_opens": _local(now + dt.timedelta(days=31)),
        "judging_closes": _local(now + dt.timedelta(days=50)),
        "award_night": _local(now + dt.timedelta(days=60)),
        "copy_from": "",
    }
    data.update(overrides)
    return data


def _category_data(**overrides) -> dict:
    data = {
        "code": "inbound-large", "ceremony_order": "1", "name_id": "Layanan Masuk Terbaik",
        "name_en": "Best Inbound Operation", "description_id": "", "description_en": "", "kind": "corporate",
        "seat_class": "large", "max_entries_per_company": "1", "award_mode": "places", "platinum_threshold": "",
        "gold_threshold": "", "silver_threshold": "", "bronze_threshold": "", "min_judges": "3",
    }
    data.update(overrides)
    return data


def _world_counts() -> tuple:
    return (
        Edition.objects.count(), Category.objects.count(), NdaVersion.objects.count(), AuditEvent.objects.count(),
        list(Edition.objects.values_list("name", "judging_opens", "chair_name", "chair_signature")),
        list(Category.objects.values_list("code", "name_en", "min_judges")),
    )


def _pages(edition, category) -> list[str]:
    slug = edition.slug
    return [
        reverse("awards:organiser_edition_create"),
        reverse("awards:organiser_edition", args=[slug]),
        reverse("awards:organiser_edition_settings", args=[slug]),
        reverse("awards:organiser_categories", args=[slug]),
        reverse("awards:organiser_category_create", args=[slug]),
        reverse("awards:organiser_category_edit", args=[slug, category.code]),
        reverse("awards:organiser_nda", args=[slug]),
        reverse("awards:organiser_signatories", args=[slug]),
    ]


# --- Who may use the pages ---------------------------------------------------------------------------


def test_only_organisers_use_the_setup_pages(client):
    edition = EditionFactory(state=Edition.State.DRAFT)
    category = CategoryFactory(edition=edition)
    pages = _pages(edition, category)
    for url in pages:
        assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    client.force_login(ContactFactory().user)
    for url in pages:
        assert client.get(url).status_code == 403
        if url not in pages[1:4:2]:  # the checklist and the categories list are read-only (405 to a POST)
            assert client.post(url).status_code == 403
    for name in ("awards:organiser_nda_publish",):
        assert client.post(reverse(name, args=[edition.slug])).status_code == 403
    client.force_login(JudgeFactory(edition=edition).user)
    assert client.get(pages[2]).status_code == 403
    client.force_login(OrganiserFactory())
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_unknown_edition_or_category_is_404_for_organisers(organiser_client):
    edition = EditionFactory(state=Edition.State.DRAFT)
    assert organiser_client.get(reverse("awards:organiser_edition_settings", args=["nope"])).status_code == 404
    assert organiser_client.get(reverse("awards:organiser_categories", args=["nope"])).status_code == 404
    assert organiser_client.get(
        reverse("awards:organiser_category_edit", args=[edition.slug, "nope"])
    ).status_code == 404
    other = CategoryFactory()  # a category of another edition does not exist in this one
    assert organiser_client.get(
        reverse("awards:organiser_category_edit", args=[edition.slug, other.code])
    ).status_code == 404


def test_a_get_changes_nothing(organiser_client):
    edition = EditionFactory(state=Edition.State.DRAFT)
    category = CategoryFactory(edition=edition)
    before = _world_counts()
    for url in _pages(edition, category):
        assert organiser_client.get(url).status_code == 200
    assert _world_counts() == before


def test_no_organiser_template_links_to_the_admin():
    templates = Path(settings.BASE_DIR) / "templates"
    offenders = []
    for path in templates.rglob("*.html"):
        if path.relative_to(templates).parts[0] == "admin":
            continue  # the admin's own templates
        text = path.read_text(encoding="utf-8")
        if "{% url 'admin:" in text or '{% url "admin:' in text or "/admin/" in text:
            offenders.append(str(path.relative_to(templates)))
    assert offenders == []


def test_the_dashboard_creates_editions_here_not_in_the_admin(organiser_client):
    page = organiser_client.get(reverse("awards:organiser_dashboard")).text
    assert f'href="{reverse("awards:organiser_edition_create")}"' in page
    assert "/admin/" not in page


# --- Creating an edition ----------------------------------------------------------------------------


def test_an_organiser_creates_an_edition_in_draft(organiser_client):
    response = organiser_client.post(reverse("awards:organiser_edition_create"), _edition_data())
    edition = Edition.objects.get()
    assert response.url == reverse("awards:organiser_edition", args=["cct-2031"])
    assert (edition.name, edition.state, edition.year) == ("Call Center Terbaik Indonesia 2031", "draft", 2031)
    assert _local(edition.judging_opens) == _edition_data()["judging_opens"]
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["edition.created"]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"judging_opens": "2026-01-01T09:00"}, "Judging cannot open before registration closes."),
        ({"registration_closes": "2020-01-01T09:00"}, "Registration must close after it opens."),
        ({"award_night": "2020-01-01T09:00"}, "The award night cannot come before judging closes."),
        ({"slug": "new"}, "is reserved; choose another address."),
        ({"slug": "Not A Slug!"}, "Enter a valid “slug”"),
        ({"year": "1999"}, "Ensure this value is greater than or equal to 2000."),
        ({"judging_closes": "next week"}, "Enter a valid date/time."),
        ({"copy_from": "999999"}, "Select a valid choice."),
    ],
)
def test_bad_input_creates_nothing_and_says_why(organiser_client, overrides, message):
    response = organiser_client.post(reverse("awards:organiser_edition_create"), _edition_data(**overrides))
    assert response.status_code == 200
    assert message in response.text
    assert not Edition.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_taken_address_is_refused(organiser_client):
    EditionFactory(slug="cct-2031")
    response = organiser_client.post(reverse("awards:organiser_edition_create"), _edition_data())
    assert "Edition with this Slug already exists." in response.text
    assert Edition.objects.count() == 1


def test_copying_last_years_edition_copies_its_setup_and_no_entrant_data(organiser_client):
    source = EditionFactory(  # never the copy's own slug or year, whatever the factory's sequence has reached
        slug="cct-last-year", year=2030, state=Edition.State.PUBLISHED, chair_name="Dr. Ratna Wijaya"
    )
    source.chair_signature.save("chair.png", ContentFile(png_bytes()), save=True)
    ops = CategoryFactory(edition=source, code="ops", award_mode="medals", platinum_threshold=90, gold_threshold=80,
                          silver_threshold=70, bronze_threshold=60, min_judges=4, normalise_scores=True)
    CategoryFactory(edition=source, code="agent", kind="individual")
    RubricFactory(category=ops)
    Rubric.objects.filter(category=ops).update(tie_break_order="technology,people,communication,infrastructure")
    Round.objects.create(edition=source, number=1, name="Desk", is_final=False)
    Round.objects.create(edition=source, number=2, name="Finals", is_final=True)
    NdaVersionFactory(edition=source, version_label="2030.2", text_en="Keep it secret.")
    NdaVersionFactory(edition=source, audience=NdaVersion.Audience.JUDGE, version_label="j1")
    SubmittedEntryFactory(category=ops)
    JudgeFactory(edition=source)

    response = organiser_client.post(
        reverse("awards:organiser_edition_create"), _edition_data(copy_from=str(source.pk))
    )
    assert response.status_code == 302
    copy = Edition.objects.get(slug="cct-2031")
    assert copy.state == Edition.State.DRAFT
    assert copy.chair_name == "Dr. Ratna Wijaya"
    with copy.chair_signature.open("rb") as handle:
        assert handle.read() == png_bytes()
    categories = {c.code: c for c in Category.objects.filter(edition=copy)}
    assert sorted(categories) == ["agent", "ops"]
    copied = categories["ops"]
    assert (copied.award_mode, copied.platinum_threshold, copied.min_judges, copied.normalise_scores) == (
        "medals", 90, 4, True,
    )
    rubric = Rubric.objects.get(category=copied)
    assert rubric.tie_break_order == "technology,people,communication,infrastructure"
    assert rubric.frozen_at is None
    assert Criterion.objects.filter(rubric=rubric).count() == Criterion.objects.filter(rubric__category=ops).count()
    assert list(Round.objects.filter(edition=copy).values_list("number", "name", "is_final")) == [
        (1, "Desk", False), (2, "Finals", True),
    ]
    drafts = NdaVersion.objects.filter(edition=copy).order_by("audience")
    assert [(v.audience, v.version_label, v.published_at) for v in drafts] == [
        ("judge", "j1", None), ("participant", "2030.2", None),
    ]
    assert drafts[1].text_en == "Keep it secret."
    assert not Entry.objects.filter(category__edition=copy).exists()
    assert not Judge.objects.filter(edition=copy).exists()


# --- The edition and its timeline ----------------------------------------------------------------------


def test_the_timeline_is_saved_and_audited(organiser_client):
    edition = EditionFactory(state=Edition.State.DRAFT, slug="cct-2031")
    data = _edition_data()
    response = organiser_client.post(reverse("awards:organiser_edition_settings", args=[edition.slug]), data)
    assert response.status_code == 302
    edition.refresh_from_db()
    assert _local(edition.judging_closes) == data["judging_closes"]
    assert AuditEvent.objects.get().action == "edition.updated"


def test_a_bad_timeline_changes_nothing(organiser_client):
    edition = EditionFactory(state=Edition.State.DRAFT)
    before = _world_counts()
    data = _edition_data(judging_closes=_edition_data()["judging_opens"])
    response = organiser_client.post(reverse("awards:organiser_edition_settings", args=[edition.slug]), data)
    assert "Judging must close after it opens." in response.text
    assert _world_counts() == before


def test_judging_can_be_extended_while_judges_score_but_not_after_the_seal(organiser_client):
    judging = EditionFactory(state=Edition.State.JUDGING)
    later = judging.judging_closes + dt.timedelta(days=3)
    data = {
        "name": judging.name, "year": judging.year, "venue": judging.venue,
        "registration_opens": _local(judging.registration_opens),
        "registration_closes": _local(judging.registration_closes),
        "judging_opens": _local(judging.judging_opens), "judging_closes": _local(later),
        "award_night": _local(judging.award_night),
    }
    organiser_client.post(reverse("awards:organiser_edition_settings", args=[judging.slug]), data)
    judging.refresh_from_db()
    assert _local(judging.judging_closes) == _local(later)

    sealed = EditionFactory(state=Edition.State.SEALED)
    closes = sealed.judging_closes
    data["name"] = "Renamed"
    page = organiser_client.post(reverse("awards:organiser_edition_settings", args=[sealed.slug]), data)
    assert page.status_code == 302
    sealed.refresh_from_db()
    assert (sealed.name, sealed.judging_closes) == ("Renamed", closes)  # the dates are not taken


# --- Categories ---------------------------------------------------------------------------------------


def test_an_organiser_adds_and_edits_a_category(organiser_client):
    edition = EditionFactory(state=Edition.State.DRAFT)
    url = reverse("awards:organiser_category_create", args=[edition.slug])
    response = organiser_client.post(url, _category_data(award_mode="medals", platinum_threshold="90",
                                                         gold_threshold="80", silver_threshold="70",
                                                         bronze_threshold="60", normalise_scores="on"))
    assert response.url == reverse("awards:organiser_categories", args=[edition.slug])
    category = Category.objects.get(edition=edition)
    assert (category.code, category.seat_class, category.award_mode, category.normalise_scores) == (
        "inbound-large", "large", "medals", True,
    )
    edit = reverse("awards:organiser_category_edit", args=[edition.slug, "inbound-large"])
    organiser_client.post(edit, _category_data(name_en="Best Inbound Centre", min_judges="5"))
    category.refresh_from_db()
    assert (category.name_en, category.min_judges, category.award_mode) == ("Best Inbound Centre", 5, "places")
    assert list(AuditEvent.objects.order_by("seq").values_list("action", flat=True)) == [
        "category.created", "category.updated",
    ]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"award_mode": "medals"}, "Medal bands need all four thresholds."),
        ({"award_mode": "medals", "platinum_threshold": "60", "gold_threshold": "70", "silver_threshold": "50",
          "bronze_threshold": "40"}, "Medal thresholds must fall from platinum to bronze."),
        ({"kind": "individual"}, "Individual categories have no seat-size class."),
        ({"min_judges": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"name_en": ""}, "This field is required."),
        ({"code": "new"}, "is reserved; choose another code."),
    ],
)
def test_a_bad_category_is_not_saved(organiser_client, overrides, message):
    edition = EditionFactory(state=Edition.State.DRAFT)
    before = _world_counts()
    response = organiser_client.post(
        reverse("awards:organiser_category_create", args=[edition.slug]), _category_data(**overrides)
    )
    assert message in response.text
    assert _world_counts() == before


def test_a_code_is_unique_in_its_edition(organiser_client):
    edition = EditionFactory(state=Edition.State.DRAFT)
    CategoryFactory(edition=edition, code="inbound-large")
    CategoryFactory(code="agent")  # another edition's code is free here
    url = reverse("awards:organiser_category_create", args=[edition.slug])
    assert "already has a category with the code" in organiser_client.post(url, _category_data()).text
    assert organiser_client.post(url, _category_data(code="agent", seat_class="")).status_code == 302


def test_categories_are_frozen_once_judging_opens(organiser_client):
    edition = EditionFactory(state=Edition.State.JUDGING)
    category = CategoryFactory(edition=edition, name_en="Kept")
    before = _world_counts()
    response = organiser_client.post(
        reverse("awards:organiser_category_create", args=[edition.slug]), _category_data()
    )
    assert "Categories can change only before judging opens" in response.text
    organiser_client.post(
        reverse("awards:organiser_category_edit", args=[edition.slug, category.code]),
        _category_data(code=category.code, name_en="Changed"),
    )
    organiser_client.post(reverse("awards:organiser_category_delete", args=[edition.slug, category.code]))
    assert _world_counts() == before


def test_a_category_with_entries_is_not_deleted(organiser_client):
    edition = EditionFactory(state=Edition.State.REGISTRATION)
    used, empty = CategoryFactory(edition=edition), CategoryFactory(edition=edition)
    EntryFactory(category=used)
    response = organiser_client.post(
        reverse("awards:organiser_category_delete", args=[edition.slug, used.code]), follow=True
    )
    assert "A category with entries cannot be deleted." in response.text
    organiser_client.post(reverse("awards:organiser_category_delete", args=[edition.slug, empty.code]))
    assert list(Category.objects.filter(edition=edition).values_list("pk", flat=True)) == [used.pk]
    assert organiser_client.get(
        reverse("awards:organiser_category_delete", args=[edition.slug, used.code])
    ).status_code == 405


# --- Agreements -----------------------------------------------------------------------------------------


def _nda_data(**overrides) -> dict:
    data = {
        "audience": "participant", "version_label": "2", "title_id": "Perjanjian Kerahasiaan",
        "title_en": "Non-Disclosure Agreement", "text_id": "Isi baru.", "text_en": "New text.",
    }
    data.update(overrides)
    return data


def test_publishing_a_new_version_asks_everyone_to_sign_again(organiser_client):
    edition = EditionFactory(state=Edition.State.REGISTRATION)
    first = NdaVersionFactory(edition=edition, version_label="1")
    contact = ContactFactory()
    sign_nda(contact.user, edition, contact.company, version=first)
    assert nda_current_signed(user=contact.user, edition=edition, audience="participant")

    url = reverse("awards:organiser_nda", args=[edition.slug])
    assert organiser_client.post(url, _nda_data()).status_code == 302
    draft = NdaVersion.objects.get(edition=edition, version_label="2")
    assert draft.published_at is None  # a draft: nobody is asked to sign it yet
    assert nda_current_signed(user=contact.user, edition=edition, audience="participant")

    response = organiser_client.post(
        reverse("awards:organiser_nda_publish", args=[edition.slug]), {"version": draft.pk}, follow=True
    )
    assert "Version 2 is published: everyone signs it again before they go on." in response.text
    draft.refresh_from_db()
    assert draft.published_at is not None
    assert draft.text_sha256 == draft.compute_sha256()
    assert not nda_current_signed(user=contact.user, edition=edition, audience="participant")
    assert AuditEvent.objects.filter(action="nda.published").count() == 1


def test_bad_agreement_input_changes_nothing(organiser_client):
    edition = EditionFactory(state=Edition.State.DRAFT)
    published = NdaVersionFactory(edition=edition, version_label="1")
    before = _world_counts()
    url = reverse("awards:organiser_nda", args=[edition.slug])
    assert "This agreement already has a version “1”." in organiser_client.post(url, _nda_data(version_label="1")).text
    assert "This field is required." in organiser_client.post(url, _nda_data(text_en="")).text
    publish = reverse("awards:organiser_nda_publish", args=[edition.slug])
    response = organiser_client.post(publish, {"version": published.pk}, follow=True)
    assert "This draft does not exist or is already published." in response.text
    other = NdaVersionFactory(published_at=None)  # another edition's draft is not published from here
    organiser_client.post(publish, {"version": other.pk})
    organiser_client.post(publish, {})
    other.refresh_from_db()
    assert other.published_at is None
    assert _world_counts()[:4] == (before[0] + 1, before[1], before[2] + 1, before[3])  # only `other`


# --- Signatories -------------------------------------------------------------------------------------------


def test_signatories_and_their_images_are_saved(organiser_client):
    edition = EditionFactory(state=Edition.State.REGISTRATION)
    url = reverse("awards:organiser_signatories", args=[edition.slug])
    data = {"chair_name": "Prof. Sari", "chair_title": "Ketua Dewan Juri", "organiser_name": "Budi",
            "organiser_title": "Ketua Panitia", "chair_signature": upload("ttd.png", png_bytes(), "image/png")}
    assert organiser_client.post(url, data).status_code == 302
    edition.refresh_from_db()
    assert edition.chair_name == "Prof. Sari"
    with edition.chair_signature.open("rb") as handle:
        assert handle.read() == png_bytes()
    assert not edition.organiser_signature  # none given: none set
    assert AuditEvent.objects.get().action == "edition.signatories"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("ttd.pdf", PDF_BYTES, "a signature image must be a PNG or JPEG file."),
        ("ttd.png", b"not an image at all", "only PDF, PowerPoint (PPTX), Word (DOCX), PNG and JPEG files"),
        ("ttd.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "the image cannot be read."),
        ("ttd.png", b"", "The submitted file is empty."),
    ],
)
def test_a_bad_signature_image_changes_nothing(organiser_client, name, content, message):
    edition = EditionFactory(state=Edition.State.REGISTRATION)
    before = _world_counts()
    data = {"chair_name": "Changed", "chair_title": "", "organiser_name": "", "organiser_title": "",
            "chair_signature": upload(name, content)}
    response = organiser_client.post(reverse("awards:organiser_signatories", args=[edition.slug]), data)
    assert message in response.text
    assert _world_counts() == before


# --- The checklist ----------------------------------------------------------------------------------------


def _steps(client, edition) -> dict:
    response = client.get(reverse("awards:organiser_edition", args=[edition.slug]))
    assert response.status_code == 200
    return {step.key: step for step in response.context["steps"]}


def test_an_empty_draft_shows_categories_as_the_blocked_next_step(organiser_client):
    edition = EditionFactory(state=Edition.State.DRAFT)
    steps = _steps(organiser_client, edition)
    assert [key for key, step in steps.items() if step.status == "done"] == ["edition"]
    assert steps["categories"].status == "blocked"
    assert steps["categories"].problems == ("The edition has no category yet.",)
    assert steps["registration"].problems == (
        "Registration cannot open: the edition has no category yet.",
        "Registration cannot open: no participant NDA is published yet.",
    )
    assert steps["registration"].post
    assert {step.status for step in steps.values()} == {"done", "blocked", "later"}


def test_the_checklist_names_what_blocks_judging(organiser_client):
    edition = EditionFactory(state=Edition.State.REGISTRATION)
    with_rubric, bare, bare_too = (CategoryFactory(edition=edition, code=code) for code in ("a", "b", "c"))
    RubricFactory(category=with_rubric)
    SubmittedEntryFactory(category=bare)
    SubmittedEntryFactory(category=bare_too)
    NdaVersionFactory(edition=edition)
    ceremony = KeyCeremonyFactory(edition=edition, made_at=None, is_active=False)
    KeyHolderFactory(ceremony=ceremony, index=1, enrolled_at=timezone.now())
    late = KeyHolderFactory(ceremony=ceremony, index=3, enrolled_at=None)
    steps = _steps(organiser_client, edition)
    assert steps["rubrics"].problems == ("2 categories have entries but no rubric: b, c.",)
    assert steps["keys"].problems == (f"Holder 3 ({late.user.email}) has not enrolled a key.",)
    assert steps["registration"].status == "done"
    assert "These categories have entries but no rubric: b, c." in steps["open_judging"].problems
    page = organiser_client.get(reverse("awards:organiser_edition", args=[edition.slug])).text
    assert f"Holder 3 ({late.user.email}) has not enrolled a key." in page


def test_the_checklist_of_a_judging_edition_leads_to_the_seal(organiser_client, world):
    world.category.min_judges = 3
    world.category.save(update_fields=["min_judges"])
    # this edition never had a participants' NDA
    NdaAcceptance.objects.filter(version__edition=world.edition, version__audience="participant").delete()
    NdaVersion.objects.filter(edition=world.edition, audience="participant").delete()
    steps = _steps(organiser_client, world.edition)
    assert steps["open_judging"].status == "done"
    # the edition never published a participants' NDA: too late now, shown, but not what comes next
    assert steps["nda_participant"].status == "passed"
    # two judges where the category asks for three: that still matters while judges score
    assert steps["judges"].status == "blocked"
    assert steps["judges"].problems == ("The panel has 2 judges; a category needs at least 3.",)
    assert steps["scoring"].url == reverse("judging:progress", args=[world.edition.slug])
    assert steps["seal"].status == "later"


def test_the_assignments_step_counts_only_the_entries_accepted_for_judging(organiser_client, world):
    # an entry still awaiting the eligibility review is not judged: it is neither counted nor short of judges
    SubmittedEntryFactory(category=world.category, accepted_at=None)
    steps = _steps(organiser_client, world.edition)
    assert steps["assignments"].detail == "2 entries accepted for judging."
    assert steps["assignments"].problems == ()
    world.category.min_judges = 3
    world.category.save(update_fields=["min_judges"])
    steps = _steps(organiser_client, world.edition)
    assert steps["assignments"].problems == ("2 accepted entries have fewer judges than their category's minimum.",)


def test_the_checklist_of_a_published_edition_is_done(organiser_client, edition_in):
    world = edition_in(Edition.State.PUBLISHED)
    steps = _steps(organiser_client, world.edition)
    assert steps["publish"].status == "done"
    assert not [step for step in steps.values() if step.status in ("next", "blocked")]


@pytest.mark.parametrize("categories", [1, 3])
def test_the_checklist_query_count_does_not_grow(organiser_client, categories, django_assert_num_queries):
    edition = EditionFactory(state=Edition.State.REGISTRATION)
    for _ in range(categories):
        category = CategoryFactory(edition=edition)
        SubmittedEntryFactory(category=category)
        JudgeFactory(edition=edition)
    organiser_client.get(reverse("awards:organiser_dashboard"))  # the session's first page keeps the roles
    with django_assert_num_queries(24):
        organiser_client.get(reverse("awards:organiser_edition", args=[edition.slug]))


SETUP_QUERIES = {
    # session, user, organiser check (the navigation's roles are in the session); then the edition and the page's
    # reads
    "awards:organiser_edition_settings": 4,
    "awards:organiser_categories": 5,
    "awards:organiser_nda": 6,
    "awards:organiser_signatories": 4,
    "awards:organiser_category_create": 4,
}


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize("name", sorted(SETUP_QUERIES))
def test_setup_page_query_counts_do_not_grow_with_rows(organiser_client, name, rows, django_assert_num_queries):
    edition = EditionFactory(state=Edition.State.REGISTRATION)
    for number in range(rows):
        CategoryFactory(edition=edition)
        NdaVersionFactory(edition=edition, version_label=f"v{number}")
    organiser_client.get(reverse("awards:organiser_dashboard"))  # the session's first page keeps the roles
    with django_assert_num_queries(SETUP_QUERIES[name]):
        assert organiser_client.get(reverse(name, args=[edition.slug])).status_code == 200
