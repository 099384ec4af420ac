import pytest
from django.urls import reverse

from awards.models import Award
from judging.services.reveal import edition_reveal
from judging.services.seal import edition_seal
from tests.factories import UserFactory
from tests.generated_edition import edition_generate, generated_revealed

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_results_are_404_for_everyone_before_the_reveal(client):
    generated = edition_generate(categories=1, entries_per_category=1, judges=3)
    url = reverse("judging:results", args=[generated.edition.slug])
    for state_change in (None, "seal"):
        if state_change:
            edition_seal(edition=generated.edition, actor=None)
        for user in (generated.organiser, generated.judges[0].user, generated.holders[0].user, UserFactory()):
            client.force_login(user)
            assert client.get(url).status_code == 404
            assert client.post(reverse("judging:export_pack", args=[generated.edition.slug])).status_code == 404


def test_results_after_the_reveal_are_for_organisers(client):
    generated = generated_revealed(categories=1, entries_per_category=1, judges=3)
    url = reverse("judging:results", args=[generated.edition.slug])
    client.force_login(generated.judges[0].user)
    assert client.get(url).status_code == 403
    client.force_login(generated.organiser)
    assert client.get(url).status_code == 200


def test_results_page_shows_ranking_scores_and_awards_per_category(client):
    generated = generated_revealed(categories=2, entries_per_category=3, judges=3, medals=True)
    client.force_login(generated.organiser)
    response = client.get(reverse("judging:results", args=[generated.edition.slug]))
    categories = response.context["categories"]
    assert [c["code"] for c in categories] == [c.code for c in generated.categories]
    body = response.content.decode()
    for award in Award.objects.filter(edition=generated.edition).select_related("entry__company", "entry__category"):
        assert award.entry.company.legal_name in body
        row = next(r for c in categories for r in c["entries"] if r["entry"] == award.entry.reference)
        assert row["score"] == f"{award.score:.2f}"
        assert row["award"] == award.kind
        assert row["scorecards"] == 3
        assert row["method_label"] == "Mean of the judges' totals."
    assert "Secret Judge Name" not in body


def test_an_entry_below_the_minimum_is_flagged(client):
    generated = edition_generate(categories=1, entries_per_category=2, judges=2)
    edition_seal(edition=generated.edition, actor=None)
    edition_reveal(edition=generated.edition, shares=generated.share_texts[:2], actor=None)
    client.force_login(generated.organiser)
    response = client.get(reverse("judging:results", args=[generated.edition.slug]))
    rows = response.context["categories"][0]["entries"]
    assert [row["below_minimum"] for row in rows] == [True, True]
    assert "below minimum" in response.content.decode()


@pytest.mark.parametrize("entries", [1, 3])
def test_results_page_query_count_does_not_grow_with_entries(client, django_assert_num_queries, entries):
    generated = generated_revealed(categories=1, entries_per_category=entries, judges=3)
    client.force_login(generated.organiser)
    url = reverse("judging:results", args=[generated.edition.slug])
    client.get(url)
    with django_assert_num_queries(6):  # includes the navigation bar's one query
        client.get(url)


def test_close_call_reasons_are_said_in_the_readers_language():
    from django.utils import translation

    from judging.selectors.results import close_call_text

    labels = {"winner": "Winner", "runner_up_1": "1st runner-up"}
    row = {"score": "81.94", "joint": False}
    reason = {"code": "without_judge", "award": "runner_up_1", "judge": "Judge 01", "others": [], "message": "x"}
    with translation.override("en"):
        assert close_call_text(reason=reason, row=row, award_labels=labels) == (
            "Without the scorecards of Judge 01, the award would be 1st runner-up."
        )
        trimmed = {"code": "trimmed_mean", "award": None, "judge": None, "others": [], "message": "x"}
        assert close_call_text(reason=trimmed, row=row, award_labels=labels) == (
            "With a trimmed mean (highest and lowest dropped), there would be no award."
        )
        tie = {"code": "tie", "award": "winner", "judge": None, "others": ["E-002"], "message": "x"}
        assert close_call_text(reason=tie, row=row, award_labels=labels) == (
            "Score 81.94 equals that of E-002; the order comes from the tie-break."
        )
    with translation.override("id"):
        assert close_call_text(reason=tie, row=row, award_labels=labels).startswith("Nilai 81,94 sama")
        without = close_call_text(reason=reason, row=row, award_labels=labels)
        assert without.startswith("Tanpa lembar penilaian Juri 01,")


def test_plain_data_is_what_the_json_column_gives_back():
    from decimal import Decimal

    from awards.models import Category
    from judging.services.results_data import plain_data

    value = {"mode": Category.AwardMode.MEDALS, 7: ("a", 1, 2.5, True, None), "rows": [{"ok": False}]}
    converted = plain_data(value=value)
    assert converted == {"mode": "medals", "7": ["a", 1, 2.5, True, None], "rows": [{"ok": False}]}
    assert type(converted["mode"]) is str
    with pytest.raises(TypeError, match="Decimal"):
        plain_data(value={"score": Decimal("1.50")})
