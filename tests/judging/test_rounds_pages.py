"""The organiser's rounds page and the shortlist reveal ceremony page."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from judging.models import CategoryRound, Finalist, Round, RoundSeal
from tests.cast import seal_scores


def _score_desk(world, *, a, b, c):
    for entry, value in ((world.entry_a, a), (world.entry_b, b), (world.entry_c, c)):
        seal_scores(world=world, judge=world.alice, entry=entry, round=world.desk, value=value)


def test_an_organiser_sets_a_desk_round_and_a_rule_before_judging_opens(client, db, cast):
    world = cast.edition_in("registration", submitted=True)
    client.force_login(world.organiser)
    response = client.post(reverse("judging:rounds_setup", args=[world.edition.slug]), {
        "rounds-desk": "on", "rounds-desk_name": "Penilaian berkas", "rounds-desk_weight": "40",
        "rounds-final_name": "Presentasi", "rounds-final_opens_on": "2032-09-01",
        "rounds-final_closes_on": "2032-09-03",
    })
    assert response.status_code == 302
    assert list(Round.objects.filter(edition=world.edition).values_list("number", "name", "weight", "is_final")) == [
        (1, "Penilaian berkas", 40, False), (2, "Presentasi", 60, True)
    ]
    response = client.post(reverse("judging:rounds_rule", args=[world.edition.slug]), {
        "rule-category": world.category.pk, "rule-mode": "threshold", "rule-top_n": "6", "rule-threshold": "72.5",
        "rule-min_scorecards": "2",
    })
    assert response.status_code == 302
    rule = CategoryRound.objects.get()
    assert (rule.shortlist_mode, str(rule.shortlist_threshold), rule.shortlist_min_scorecards) == (
        "threshold", "72.50", 2)
    page = client.get(reverse("judging:rounds", args=[world.edition.slug])).content.decode()
    assert "Penilaian berkas" in page and "40 %" in page and "72.50" in page


def test_a_threshold_rule_without_its_score_is_refused_and_changes_nothing(client, db, cast):
    world = cast.edition_in("registration", submitted=True)
    client.force_login(world.organiser)
    client.post(reverse("judging:rounds_setup", args=[world.edition.slug]), {"rounds-desk": "on",
                                                                           "rounds-desk_weight": "30"})
    response = client.post(reverse("judging:rounds_rule", args=[world.edition.slug]), {
        "rule-category": world.category.pk, "rule-mode": "threshold", "rule-top_n": "6", "rule-min_scorecards": "1",
    })
    assert response.status_code == 400
    assert "Give the lowest score that reaches the finals." in response.content.decode()
    assert not CategoryRound.objects.exists()


def test_changing_rounds_after_judging_opened_is_refused(client, db, cast):
    world = cast.edition_in_two_rounds()
    client.force_login(world.organiser)
    response = client.post(reverse("judging:rounds_setup", args=[world.edition.slug]), {}, follow=True)
    assert "The rounds are frozen once judging opens" in response.content.decode()
    assert Round.objects.filter(edition=world.edition).count() == 2


def test_rounds_page_is_for_organisers_only(client, db, cast):
    world = cast.edition_in_two_rounds()
    client.force_login(world.alice.user)
    assert client.get(reverse("judging:rounds", args=[world.edition.slug])).status_code == 403
    client.force_login(world.outsider)
    assert client.get(reverse("judging:shortlist", args=[world.edition.slug, 1])).status_code == 403


def test_rounds_page_shows_counts_only_in_a_fixed_number_of_queries(client, db, cast):
    world = cast.edition_in_two_rounds()
    client.force_login(world.organiser)
    url = reverse("judging:rounds", args=[world.edition.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    _score_desk(world, a=8, b=3, c=5)
    with CaptureQueriesContext(connection) as after:
        page = client.get(url).content.decode()
    assert len(after) == len(before)
    assert "80.00" not in page and "30.00" not in page
    assert ">6</td>" in page and ">3</td>" in page  # desk assignments and sealed scorecards: counts only


def test_the_shortlist_ceremony_page_reveals_the_finalists_alphabetically(client, db, cast):
    world = cast.edition_in_two_rounds(top_n=2)
    _score_desk(world, a=5, b=9, c=7)  # B then C: shown as alphabetical B, C without scores
    client.force_login(world.organiser)
    response = client.post(reverse("judging:rounds_seal", args=[world.edition.slug, 1]), {"confirm": "on"})
    assert response.status_code == 302
    seal = RoundSeal.objects.get()
    url = reverse("judging:shortlist", args=[world.edition.slug, 1])
    assert "Reveal the shortlist" in client.get(url).content.decode()
    # One key file is not enough: nothing changes.
    response = client.post(url, {"confirm_root": seal.root[:8], "confirm_count": seal.count,
                                 "share_file_1": SimpleUploadedFile("k1.txt", world.share_texts[0].encode())})
    assert response.status_code == 200
    assert "2 key holders are needed; 1 key file was given." in response.content.decode()
    assert not Finalist.objects.exists()
    response = client.post(url, {
        "confirm_root": seal.root[:8], "confirm_count": seal.count,
        "share_file_1": SimpleUploadedFile("k1.txt", world.share_texts[0].encode()),
        "share_file_3": SimpleUploadedFile("k3.txt", world.share_texts[2].encode()),
    }, follow=True)
    page = response.content.decode()
    names = sorted([world.company_b.legal_name, world.company_c.legal_name])
    assert page.index(names[0]) < page.index(names[1])
    assert world.company_a.legal_name not in page
    for score in ("90.00", "70.00", "50.00"):
        assert score not in page
    rounds_page = client.get(reverse("judging:rounds", args=[world.edition.slug])).content.decode()
    assert "shortlisted: 2 finalists" in rounds_page


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_rounds_page_speaks_both_languages(client, db, language, cast):
    world = cast.edition_in_two_rounds()
    client.force_login(world.organiser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    text = client.get(reverse("judging:rounds", args=[world.edition.slug])).content.decode()
    assert ("Babak" in text) == (language == "id")
    assert ("Seal this round" in text) == (language == "en")


def test_the_judge_workspace_is_grouped_by_round(client, db, cast):
    world = cast.edition_in_two_rounds()
    from judging.models import Assignment

    Assignment.objects.create(round=world.final, entry=world.entry_a, judge=world.alice)
    client.force_login(world.alice.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("judging:workspace")).content.decode()
    assert page.index("Round 1: Desk round") < page.index("Round 2: Finals")
    assert page.count(world.entry_a.reference) == 2


def test_a_blind_desk_round_shows_judges_the_entry_code_never_the_company(client, db, cast):
    from tests.cast import _document

    world = cast.edition_in_two_rounds(blind=True)
    document = _document(world.entry_a, world.organiser, f"{world.company_a.legal_name} deck.pdf")
    client.force_login(world.alice.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for url in (reverse("judging:workspace"), reverse("judging:entry", args=[world.entry_a.pk]),
                reverse("judging:scorecard", args=[world.entry_a.pk])):
        page = client.get(url).content.decode()
        assert world.entry_a.reference in page
        assert world.company_a.display_name not in page and world.company_a.legal_name not in page, url
        assert "Blind round: the company is not shown" in page
    response = client.get(reverse("judging:document", args=[document.pk]))
    response.close()
    assert world.company_a.legal_name not in response["Content-Disposition"]
    assert f"{world.entry_a.reference}-{document.pk}.pdf" in response["Content-Disposition"]


def test_a_conflict_still_holds_in_a_blind_round(client, db, cast):
    """bob is conflicted with company A: judged on the real company, invisibly."""
    world = cast.edition_in_two_rounds(blind=True)
    client.force_login(world.bob.user)
    page = client.get(reverse("judging:workspace")).content.decode()
    assert world.entry_a.reference not in page and world.entry_b.reference in page
    assert client.get(reverse("judging:entry", args=[world.entry_a.pk])).status_code == 404
