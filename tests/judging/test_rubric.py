"""The default rubric, validated edits, and the freeze."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from judging.models import AREA_ORDER, Criterion, Rubric
from judging.services.rubrics import (
    DEFAULT_CRITERIA,
    default_criteria,
    rubric_create_default,
    rubric_freeze,
    rubric_update,
)
from tests.factories import CategoryFactory, OrganiserFactory, RubricFactory

pytestmark = pytest.mark.django_db

WEIGHTS = {"infrastructure": 25, "technology": 25, "communication": 25, "people": 25}
ORDER = "people,communication,technology,infrastructure"


def _criteria(rubric: Rubric, **per_area: int) -> list[dict]:
    """The rubric's criteria as rubric_update takes them, trimmed or padded per area."""
    items = []
    for area in AREA_ORDER:
        existing = [c for c in rubric.criteria.order_by("order") if c.area == area]
        wanted = per_area.get(area, len(existing))
        for n in range(wanted):
            if n < len(existing):
                c = existing[n]
                items.append(
                    {"pk": c.pk, "area": area, "name_id": c.name_id, "name_en": c.name_en,
                     "descriptors_id": c.descriptors_id, "descriptors_en": c.descriptors_en}
                )
            else:
                items.append(
                    {"area": area, "name_id": f"Kriteria {area} {n}", "name_en": f"Criterion {area} {n}",
                     "descriptors_id": ["a", "b", "c", "d"], "descriptors_en": ["a", "b", "c", "d"]}
                )
    return items


def test_the_default_rubric_has_four_areas_of_three_bilingual_criteria():
    rubric = RubricFactory()
    assert rubric.weights == WEIGHTS
    criteria = list(rubric.criteria.all())
    assert len(criteria) == 12
    for area in AREA_ORDER:
        assert [c.order for c in criteria if c.area == area] == [1, 2, 3]
    for criterion in criteria:
        assert criterion.name_id and criterion.name_en and criterion.name_id != criterion.name_en
        assert len(criterion.descriptors_id) == 4 and len(criterion.descriptors_en) == 4
    with pytest.raises(ValidationError):
        rubric_create_default(category=rubric.category)


def test_weights_must_add_up_to_100():
    rubric = RubricFactory()
    with pytest.raises(ValidationError) as error:
        rubric_update(rubric=rubric, weights={**WEIGHTS, "people": 30}, tie_break_order=ORDER)
    assert "add up to 100" in error.value.messages[0]
    rubric.refresh_from_db()
    assert rubric.weight_people == 25
    updated = rubric_update(
        rubric=rubric, weights={**WEIGHTS, "people": 40, "infrastructure": 10}, tie_break_order=ORDER
    )
    assert updated.weights["people"] == 40


def test_the_tie_break_order_names_each_area_once():
    rubric = RubricFactory()
    with pytest.raises(ValidationError):
        rubric_update(rubric=rubric, weights=WEIGHTS, tie_break_order="people,people,technology,infrastructure")


@pytest.mark.parametrize("count", [1, 6])
def test_each_area_keeps_two_to_five_criteria(count):
    rubric = RubricFactory()
    with pytest.raises(ValidationError) as error:
        rubric_update(rubric=rubric, weights=WEIGHTS, tie_break_order=ORDER, criteria=_criteria(rubric, people=count))
    assert f"has {count}" in error.value.messages[0]
    assert Criterion.objects.filter(rubric=rubric).count() == 12


@pytest.mark.parametrize("count", [2, 5])
def test_two_and_five_criteria_are_fine(count):
    rubric = RubricFactory()
    rubric_update(rubric=rubric, weights=WEIGHTS, tie_break_order=ORDER, criteria=_criteria(rubric, technology=count))
    assert rubric.criteria.filter(area="technology").count() == count
    assert rubric.criteria.count() == 9 + count


def test_each_criterion_needs_four_descriptors_in_each_language():
    rubric = RubricFactory()
    items = _criteria(rubric)
    items[0]["descriptors_en"] = ["only", "three", "bands"]
    with pytest.raises(ValidationError) as error:
        rubric_update(rubric=rubric, weights=WEIGHTS, tie_break_order=ORDER, criteria=items)
    assert "exactly four descriptors" in error.value.messages[0]


def test_a_frozen_rubric_cannot_be_edited():
    rubric = RubricFactory()
    frozen = rubric_freeze(rubric=rubric)
    assert frozen.frozen_at is not None
    assert rubric_freeze(rubric=rubric).frozen_at == frozen.frozen_at
    with pytest.raises(ValidationError) as error:
        rubric_update(rubric=rubric, weights=WEIGHTS, tie_break_order=ORDER)
    assert "frozen" in error.value.messages[0]


def _page_data(rubric, **changes):
    return _form_data(list(rubric.criteria.all()), **changes)


def _form_data(criteria, **changes):
    data = {
        "weight_infrastructure": 25, "weight_technology": 25, "weight_communication": 25, "weight_people": 25,
        "tie_break_1": "people", "tie_break_2": "communication", "tie_break_3": "technology",
        "tie_break_4": "infrastructure",
        # What a browser sends: the twelve criteria plus the untouched blank one.
        "criteria-TOTAL_FORMS": 13, "criteria-INITIAL_FORMS": 12,
        "criteria-12-pk": "", "criteria-12-area": "", "criteria-12-name_en": "", "criteria-12-name_id": "",
        "criteria-12-descriptors_en": "", "criteria-12-descriptors_id": "", "criteria-MIN_NUM_FORMS": 0,
        "criteria-MAX_NUM_FORMS": 20,
    }
    criteria = sorted(criteria, key=lambda c: (AREA_ORDER.index(c.area), c.order))
    for n, c in enumerate(criteria):
        data.update({
            f"criteria-{n}-pk": c.pk or "", f"criteria-{n}-code": c.code, f"criteria-{n}-area": c.area,
            f"criteria-{n}-name_en": c.name_en,
            f"criteria-{n}-name_id": c.name_id, f"criteria-{n}-descriptors_en": "\n".join(c.descriptors_en),
            f"criteria-{n}-descriptors_id": "\n".join(c.descriptors_id),
        })
    data.update(changes)
    return data


def test_the_rubric_page_edits_weights_and_texts(client):
    category = CategoryFactory()
    client.force_login(OrganiserFactory())
    url = reverse("judging:rubric", args=[category.edition.slug, category.code])
    assert client.get(url).status_code == 200
    rubric = RubricFactory(category=category)
    bad = client.post(url, _page_data(rubric, weight_people=50))
    assert "must add up to 100" in bad.content.decode()
    ok = client.post(
        url, _page_data(rubric, weight_people=40, weight_infrastructure=10, **{"criteria-0-name_en": "Resilience"})
    )
    assert ok.status_code == 302
    rubric.refresh_from_db()
    assert rubric.weights["people"] == 40
    assert rubric.criteria.filter(name_en="Resilience").count() == 1


def test_the_rubric_page_refuses_edits_when_frozen(client):
    rubric = RubricFactory()
    rubric_freeze(rubric=rubric)
    client.force_login(OrganiserFactory())
    url = reverse("judging:rubric", args=[rubric.category.edition.slug, rubric.category.code])
    page = client.get(url).content.decode()
    assert "frozen" in page
    assert 'name="weight_people"' not in page
    response = client.post(url, _page_data(rubric, weight_people=40, weight_infrastructure=10))
    assert response.status_code == 409
    rubric.refresh_from_db()
    assert rubric.weight_people == 25


def test_reading_the_rubric_page_creates_nothing_and_the_first_save_keeps_the_default_codes(client):
    category = CategoryFactory()
    client.force_login(OrganiserFactory())
    url = reverse("judging:rubric", args=[category.edition.slug, category.code])
    page = client.get(url).content.decode()
    assert "nothing is saved until you press" in page
    assert page.count('class="card h-100 rubric-criterion"') == 13  # the 12 proposed criteria and a blank one
    assert not Rubric.objects.filter(category=category).exists()
    assert not Criterion.objects.exists()

    data = _form_data(default_criteria(rubric=Rubric(category=category)), weight_people=40, weight_infrastructure=10)
    assert client.post(url, data).status_code == 302
    rubric = Rubric.objects.get(category=category)
    assert rubric.weights["people"] == 40
    assert sorted(rubric.criteria.values_list("code", flat=True)) == sorted(c[1] for c in DEFAULT_CRITERIA)


def test_the_rubric_page_titles_each_criterion_in_the_readers_language(client):
    rubric = RubricFactory()
    client.force_login(OrganiserFactory())
    url = reverse("judging:rubric", args=[rubric.category.edition.slug, rubric.category.code])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Ketahanan lokasi dan kelangsungan layanan</legend>" in page
    assert "Site resilience and business continuity</legend>" not in page
