"""Scorecards: private drafts, sealing (binding, receipt, nothing left in the clear), bad input, reopen."""

import hashlib
import re
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from awards.models import AuditEvent, Edition
from judging import sealing
from judging.models import Criterion, Rubric, ScorecardDraft, SealedScorecard
from judging.services.rubrics import rubric_update
from judging.services.scoring import scorecard_info, scorecard_seal, scorecard_total
from judging.tally import Rubric as TallyRubric
from judging.tally import judge_total, round2
from tests.cast import draft_content, draft_create, full_scores, share_in_holder_file

pytestmark = pytest.mark.django_db

CANARY_COMMENT = "zebra-canary-4711"
CANARY_NOTE = "okapi-canary-0815"


def _url(name, entry):
    return reverse(f"judging:{name}", kwargs={"pk": entry.pk})


def _draft(world, judge, entry):
    return draft_content(judge=judge, entry=entry, round=world.round)


def _recovered_key(world):
    shares = [share_in_holder_file(text) for text in world.share_texts[1:]]
    return sealing.private_key_recover(
        shares=shares,
        threshold=world.ceremony.threshold,
        wrapped_private_key=bytes(world.ceremony.wrapped_private_key),
        public_key_bytes=bytes(world.ceremony.public_key),
    )


def _seal_via_pages(client, world, judge, entry, **data_overrides):
    client.force_login(judge.user)
    data = full_scores(world, **data_overrides)
    response = client.post(_url("scorecard", entry), {**data, "review": "1"})
    assert response.status_code == 302 and response["Location"] == _url("scorecard_review", entry)
    return client.post(_url("scorecard_review", entry))


# --- drafts ---------------------------------------------------------------------------------------


def test_save_draft_is_lenient_and_reloads(client, world):
    client.force_login(world.alice.user)
    first = world.criteria[0].code
    response = client.post(
        _url("scorecard", world.entry_a), {f"score_{first}": "8", "note_people": "Coaching looks real", "save": "1"}
    )
    assert response.status_code == 302
    draft = _draft(world, world.alice, world.entry_a)
    assert (draft.scores, draft.notes, draft.comment) == ({first: 8}, {"people": "Coaching looks real"}, "")
    page = client.get(_url("scorecard", world.entry_a)).content.decode()
    assert "Coaching looks real" in page
    checked = re.findall(r'<input type="radio" name="([^"]+)" value="(\d+)"[^>]*checked>', page)
    assert checked == [(f"score_{first}", "8")]


def test_the_scorecard_page_and_saving_a_draft_take_a_fixed_small_number_of_queries(
    client, django_assert_num_queries, world
):
    """The pages judges load most in the last days before the deadline: pinned, so an added lookup shows."""
    client.force_login(world.alice.user)
    first = world.criteria[0].code
    client.get(_url("scorecard", world.entry_a))  # the first request keeps the criteria and the navigation's roles
    # warm: session, user; the entry with its assignment, judge, round, rubric version, agreement and seal in one
    # read; the draft; the entry's documents for the reader beside the scorecard. The criteria come from the
    # per-server cache, the navigation's roles from the session.
    with django_assert_num_queries(5):
        assert client.get(_url("scorecard", world.entry_a)).status_code == 200
    # session, user, the one read; then one statement that writes the draft (insert, then update) only where the
    # judge is assigned, not conflicted, not sealed and the round takes scorecards today
    with django_assert_num_queries(4):
        response = client.post(_url("scorecard", world.entry_a), {f"score_{first}": "6", "save": "1"})
    assert response.status_code == 302
    assert _draft(world, world.alice, world.entry_a).scores == {first: 6}
    with django_assert_num_queries(4):
        client.post(_url("scorecard", world.entry_a), {f"score_{first}": "9", "save": "1"})
    assert _draft(world, world.alice, world.entry_a).scores == {first: 9}


def _prepared_runs(statement_like: str) -> int:
    """How many times this connection has run its prepared statements whose text is like `statement_like`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(generic_plans + custom_plans), 0) FROM pg_prepared_statements WHERE statement LIKE %s",
            [statement_like],
        )
        return cursor.fetchone()[0]


@pytest.mark.postgres
def test_the_scorecard_standing_is_prepared_on_postgresql_and_still_answers_for_each_judge_and_entry(client, world):
    """The standing statement (config/statements.py) is prepared on the server after its first run on a connection;
    the prepared statement then takes each request's judge and entry, and refuses what the text statement refused."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's; on SQLite the compiled statement is sent as text")
    client.force_login(world.alice.user)
    before = _prepared_runs("%judging_assignment%judging_sealedscorecard%")  # the connection outlives a test
    for _ in range(3):
        assert client.get(_url("scorecard", world.entry_a)).status_code == 200
    assert _prepared_runs("%judging_assignment%judging_sealedscorecard%") - before >= 2  # prepared at the 2nd run
    client.force_login(world.bob.user)  # bob declared a conflict with entry A's company
    assert client.get(_url("scorecard", world.entry_a)).status_code == 404
    page = client.get(_url("scorecard", world.entry_b))
    assert page.status_code == 200 and escape(world.entry_b.title) in page.text
    client.force_login(world.alice.user)
    page = client.get(_url("scorecard", world.entry_b))
    assert page.status_code == 200 and escape(world.entry_b.title) in page.text


@pytest.mark.postgres
def test_with_prepared_statements_turned_off_the_scorecard_is_read_and_saved_as_text(client, world, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's; on SQLite the compiled statement is always sent as text")
    monkeypatch.delitem(connection.settings_dict["OPTIONS"], "prepare_threshold")  # DJANGO_DB_PREPARED_STATEMENTS=0
    client.force_login(world.alice.user)
    first = world.criteria[0].code
    before = _prepared_runs("%")  # statements earlier tests prepared on this connection stay, unused here
    for score in ("4", "5", "6"):
        assert client.get(_url("scorecard", world.entry_a)).status_code == 200
        client.post(_url("scorecard", world.entry_a), {f"score_{first}": score, "save": "1"})
    assert _draft(world, world.alice, world.entry_a).scores == {first: 6}
    assert _prepared_runs("%") == before


def _draft_writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith("INSERT") and "scorecarddraft" in q["sql"]]


@pytest.mark.parametrize(
    "refusal",
    ["sealed", "conflicted", "not_assigned", "round_sealed", "earlier_round_open", "opens_tomorrow",
     "closed_yesterday"],
)
def test_the_one_statement_that_saves_a_draft_writes_nothing_where_the_checks_refuse(cast, refusal):
    """The draft's write carries every refusal that reads the database as a condition: where one holds, the
    statement writes nothing and the checks one by one give the reason."""
    import datetime as dt

    from django.utils import timezone

    from judging.models import Assignment, Round, RoundSeal
    from judging.selectors.workspace import rubric_of
    from judging.services.scoring import draft_save

    world = cast.edition_in_two_rounds(top_n=1)
    judge, entry, round_ = world.alice, world.entry_a, world.desk
    expected = {
        "sealed": "already sealed", "conflicted": "conflict of interest", "not_assigned": "not assigned to you",
        "round_sealed": "is sealed: it takes no more", "earlier_round_open": "has not opened yet",
        "opens_tomorrow": "opens on", "closed_yesterday": "closed on",
    }[refusal]
    today = timezone.localdate()
    if refusal == "sealed":
        from tests.cast import seal_scores

        seal_scores(world=world, judge=judge, entry=entry, round=round_, value=7)
    elif refusal == "conflicted":
        judge = world.bob  # bob declared a conflict with entry_a's company
    elif refusal == "not_assigned":
        Assignment.objects.filter(judge=judge, entry=entry, round=round_).delete()
    elif refusal == "round_sealed":
        RoundSeal.objects.create(round=round_, root="0" * 64, count=0, sealed_at=timezone.now())
    elif refusal == "earlier_round_open":
        round_ = world.final  # the desk round has had no shortlist reveal
        Assignment.objects.create(round=round_, entry=entry, judge=judge)
    elif refusal == "opens_tomorrow":
        Round.objects.filter(pk=round_.pk).update(opens_on=today + dt.timedelta(days=1))
    else:
        Round.objects.filter(pk=round_.pk).update(opens_on=today - dt.timedelta(days=5),
                                                  closes_on=today - dt.timedelta(days=1))
    round_.refresh_from_db()
    _rubric, criteria = rubric_of(category=entry.category, round=round_)
    code = criteria[0].code
    with CaptureQueriesContext(connection) as queries, pytest.raises(ValidationError, match=expected):
        draft_save(judge=judge, entry=entry, round=round_, scores={code: 7}, notes={}, comment="", criteria=criteria)
    assert len(_draft_writes(queries)) == 1  # the one statement ran, and wrote nothing
    assert not ScorecardDraft.objects.exists()


def test_the_one_statement_inserts_then_updates_the_draft(cast):
    from judging.selectors.workspace import rubric_of
    from judging.services.scoring import draft_save

    world = cast.edition_in("judging", scored=False)
    _rubric, criteria = rubric_of(category=world.entry_a.category, round=world.round)
    code = criteria[0].code
    for value in (4, 9):
        with CaptureQueriesContext(connection) as queries:
            draft = draft_save(judge=world.alice, entry=world.entry_a, round=world.round, scores={code: value},
                               notes={"people": "coaching"}, comment="clear", criteria=criteria)
        assert len(queries) == 1 and len(_draft_writes(queries)) == 1
        assert draft.pk == ScorecardDraft.objects.get().pk and draft.updated_at is not None
        content = _draft(world, world.alice, world.entry_a)
        assert (content.scores, content.notes, content.comment) == ({code: value}, {"people": "coaching"}, "clear")


def test_scorecard_shows_every_criterion_with_its_four_bands(client, world):
    client.force_login(world.alice.user)
    page = client.get(_url("scorecard", world.entry_a)).content.decode()
    for criterion in world.criteria:
        assert criterion.name_en in page
        assert page.count(f'name="score_{criterion.code}"') == 10
        for descriptor in criterion.descriptors_en:
            assert escape(descriptor) in page
    assert len(world.criteria) == 12
    assert "9–10" in page


def test_autosave_returns_json_and_saves(client, world):
    client.force_login(world.alice.user)
    response = client.post(_url("scorecard_autosave", world.entry_a), {"comment": "half way"})
    assert response.status_code == 200
    assert response.json()["ok"] is True
    assert _draft(world, world.alice, world.entry_a).comment == "half way"
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"


@pytest.mark.parametrize("bad", ["11", "0", "seven"])
def test_score_out_of_range_is_refused_and_nothing_saved(client, bad, world):
    client.force_login(world.alice.user)
    code = world.criteria[0].code
    response = client.post(_url("scorecard", world.entry_a), {f"score_{code}": bad, "comment": "x", "save": "1"})
    assert response.status_code == 200
    assert "Give a score from 1 to 10." in response.content.decode()
    auto = client.post(_url("scorecard_autosave", world.entry_a), {f"score_{code}": bad})
    assert auto.status_code == 400 and auto.json()["ok"] is False
    assert not ScorecardDraft.objects.exists()


def test_draft_is_private_to_its_judge(client, world):
    client.force_login(world.alice.user)
    client.post(
        _url("scorecard", world.entry_b), {"comment": CANARY_COMMENT, "note_technology": CANARY_NOTE, "save": "1"}
    )
    assert ScorecardDraft.objects.filter(judge=world.alice).count() == 1
    client.force_login(world.bob.user)  # another judge on the same entry sees only their own, empty form
    page = client.get(_url("scorecard", world.entry_b)).content.decode()
    assert CANARY_COMMENT not in page and CANARY_NOTE not in page
    for user in (world.organiser, world.admin, world.outsider):
        client.force_login(user)
        for name in ("scorecard", "scorecard_review", "entry"):
            response = client.get(_url(name, world.entry_b))
            assert response.status_code == 404
            assert CANARY_COMMENT not in response.content.decode()
    client.force_login(world.admin)
    assert client.get("/admin/judging/scorecarddraft/").status_code == 404
    assert client.get("/admin/judging/sealedscorecard/").status_code == 404
    for path in ("/admin/", reverse("judging:sealed_list", kwargs={"slug": world.edition.slug})):
        assert CANARY_COMMENT not in client.get(path).content.decode()


# --- sealing --------------------------------------------------------------------------------------


def test_review_shows_scores_and_total_then_seals(client, world):
    client.force_login(world.alice.user)
    client.post(_url("scorecard", world.entry_a), {**full_scores(world, value=8), "save": "1"})
    review = client.get(_url("scorecard_review", world.entry_a))
    assert review.status_code == 200
    assert review.context["total"] == 80
    assert not SealedScorecard.objects.exists()
    response = client.post(_url("scorecard_review", world.entry_a))
    assert response.status_code == 302
    sealed = SealedScorecard.objects.get()
    page = client.get(_url("scorecard", world.entry_a)).content.decode()
    assert sealed.receipt in page


def test_the_review_total_is_the_tallys_judge_total_rounded():
    """One computation: the review page's total is the tally's judge total, rounded half up to 2 places."""
    counts = {"infrastructure": 4, "technology": 3, "communication": 3, "people": 3}
    criteria = [Criterion(code=f"{area}-{n}", area=area) for area, count in counts.items() for n in range(count)]
    values = [9, 9, 5, 4, 6, 9, 2, 6, 10, 10, 10, 1, 5]
    scores = {criterion.code: value for criterion, value in zip(criteria, values, strict=True)}
    rubric = Rubric(weight_infrastructure=17, weight_technology=26, weight_communication=26, weight_people=31)
    tally_rubric = TallyRubric.build(
        criteria={area: [c.code for c in criteria if c.area == area] for area in counts}, weights=rubric.weights
    )
    # Exactly 65.275: half up gives 65.28 (the page's former Decimal arithmetic, inexact in thirds, said 65.27).
    assert judge_total(scores, tally_rubric) == Decimal("65.275")
    assert scorecard_total(scores=scores, rubric=rubric, criteria=criteria) == Decimal("65.28")
    assert scorecard_total(scores=scores, rubric=rubric, criteria=criteria) == round2(judge_total(scores, tally_rubric))
    del scores["people-2"]
    assert scorecard_total(scores=scores, rubric=rubric, criteria=criteria) is None


def test_sealing_encrypts_binds_and_forgets(client, world):
    scores = {world.criteria[0].code: 9}
    response = _seal_via_pages(client, world, world.alice, world.entry_a, **scores)
    assert response.status_code == 302
    sealed = SealedScorecard.objects.get()
    ciphertext = bytes(sealed.ciphertext)
    assert sealed.receipt == hashlib.sha256(ciphertext).hexdigest()
    assert (sealed.version, sealed.is_latest, sealed.judge, sealed.entry) == (1, True, world.alice, world.entry_a)
    assert not ScorecardDraft.objects.exists()
    key = _recovered_key(world)
    info = scorecard_info(edition=world.edition, round=world.round, judge=world.alice, entry=world.entry_a, version=1)
    payload = sealing.scorecard_decrypt(ciphertext=ciphertext, private_key=key, info=info)
    expected_scores = {c.code: 7 for c in world.criteria} | scores
    assert payload["scores"] == expected_scores
    assert payload["comment"] == "Clear plan, well measured."
    assert payload["notes"]["people"] == "note on people"
    assert (payload["edition"], payload["round"], payload["entry"], payload["judge"], payload["version"]) == (
        world.edition.slug,
        1,
        world.entry_a.pk,
        "Judge 01",
        1,
    )
    wrong = scorecard_info(edition=world.edition, round=world.round, judge=world.alice, entry=world.entry_b, version=1)
    with pytest.raises(sealing.SealingError):
        sealing.scorecard_decrypt(ciphertext=ciphertext, private_key=key, info=wrong)
    other_judge = scorecard_info(
        edition=world.edition, round=world.round, judge=world.bob, entry=world.entry_a, version=1
    )
    with pytest.raises(sealing.SealingError):
        sealing.scorecard_decrypt(ciphertext=ciphertext, private_key=key, info=other_judge)
    event = AuditEvent.objects.get(action="scorecard.sealed")
    assert event.payload == {"receipt": sealed.receipt}
    assert Rubric.objects.get(pk=world.rubric.pk).frozen_at is not None


def _database_contains(needle: str) -> list[str]:
    """Every table and column whose value contains the needle (text, JSON or binary)."""
    hits = []
    raw = needle.encode()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (our own table names)
            columns = [col[0] for col in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, memoryview | bytes | bytearray):
                        found = raw in bytes(value)
                    elif isinstance(value, dict | list):
                        found = needle in repr(value)
                    else:
                        found = value is not None and needle in str(value)
                    if found:
                        hits.append(f"{table}.{column}")
    return hits


def test_a_draft_and_a_sealed_scorecard_leave_the_plaintext_in_no_table(client, world):
    client.force_login(world.alice.user)
    data = {**full_scores(world), "comment": CANARY_COMMENT, "note_communication": CANARY_NOTE, "save": "1"}
    assert client.post(_url("scorecard", world.entry_a), data).status_code == 302
    assert _database_contains(world.alice.user.email) != []  # the scan does find things
    assert ScorecardDraft.objects.count() == 1
    assert _database_contains(CANARY_COMMENT) == []  # the draft is encrypted at rest
    assert _database_contains(CANARY_NOTE) == []
    page = client.get(_url("scorecard", world.entry_a)).content.decode()
    assert CANARY_COMMENT in page and CANARY_NOTE in page  # its judge still sees it
    client.post(_url("scorecard_review", world.entry_a))
    assert SealedScorecard.objects.count() == 1
    assert _database_contains(CANARY_COMMENT) == []
    assert _database_contains(CANARY_NOTE) == []


def test_submitting_twice_seals_once(client, world):
    _seal_via_pages(client, world, world.alice, world.entry_a)
    second = client.post(_url("scorecard_review", world.entry_a))
    assert second.status_code == 302
    again = scorecard_seal(judge=world.alice, entry=world.entry_a, round=world.round, actor=world.alice.user)
    assert SealedScorecard.objects.count() == 1
    assert again == SealedScorecard.objects.get()
    assert AuditEvent.objects.filter(action="scorecard.sealed").count() == 1


def test_missing_criterion_on_submit_is_refused(client, world):
    client.force_login(world.alice.user)
    data = full_scores(world)
    missing = world.criteria[-1]
    del data[f"score_{missing.code}"]
    response = client.post(_url("scorecard", world.entry_a), {**data, "review": "1"}, follow=True)
    assert "Score every criterion before you submit" in response.content.decode()
    assert missing.name_en in response.content.decode()
    response = client.post(_url("scorecard_review", world.entry_a), follow=True)
    assert "Score every criterion before you submit" in response.content.decode()
    assert "Nothing was sealed" in response.content.decode()
    assert not SealedScorecard.objects.exists()
    assert ScorecardDraft.objects.count() == 1


def test_entry_not_assigned_is_refused(client, world):
    from judging.models import Assignment
    from judging.services.scoring import draft_save

    Assignment.objects.filter(judge=world.alice, entry=world.entry_b).delete()
    client.force_login(world.alice.user)
    assert client.post(_url("scorecard", world.entry_b), {**full_scores(world), "save": "1"}).status_code == 404
    assert client.post(_url("scorecard_review", world.entry_b)).status_code == 404
    with pytest.raises(Exception, match="not assigned to you"):
        draft_save(judge=world.alice, entry=world.entry_b, round=world.round, scores={}, notes={}, comment="")
    assert not ScorecardDraft.objects.exists() and not SealedScorecard.objects.exists()


def test_conflicted_judge_cannot_seal_even_with_a_draft(client, world):
    draft_create(judge=world.bob, entry=world.entry_a, round=world.round, scores={c.code: 5 for c in world.criteria})
    with pytest.raises(Exception, match="conflict of interest"):
        scorecard_seal(judge=world.bob, entry=world.entry_a, round=world.round, actor=world.bob.user)
    assert not SealedScorecard.objects.exists()


def test_a_draft_save_is_refused_once_sealed_or_conflicted_and_changes_nothing(client, edition_in):
    from judging.services.scoring import draft_save

    world = edition_in("judging", scored=False)
    _seal_via_pages(client, world, world.alice, world.entry_a)
    with pytest.raises(ValidationError, match="already sealed"):
        draft_save(judge=world.alice, entry=world.entry_a, round=world.round, scores={}, notes={}, comment="again")
    assert not ScorecardDraft.objects.exists()
    with pytest.raises(ValidationError, match="conflict of interest"):  # bob declared a conflict with entry_a's company
        draft_save(judge=world.bob, entry=world.entry_a, round=world.round, scores={}, notes={}, comment="")
    assert not ScorecardDraft.objects.exists()


def test_saving_a_draft_of_a_sealed_scorecard_lands_on_the_sealed_page_with_the_reason(client, world):
    _seal_via_pages(client, world, world.alice, world.entry_a)
    first = world.criteria[0].code

    response = client.post(_url("scorecard", world.entry_a), {f"score_{first}": "3", "save": "1"}, follow=True)

    page = response.content.decode()
    assert response.redirect_chain == [(_url("scorecard", world.entry_a), 302)]
    assert "already sealed" in page and 'name="score_' not in page
    assert not ScorecardDraft.objects.exists()
    assert SealedScorecard.objects.filter(judge=world.alice, entry=world.entry_a).count() == 1
    # an invalid form shows the sealed page too, never the form
    page = client.post(_url("scorecard", world.entry_a), {f"score_{first}": "11"}).content.decode()
    assert 'name="score_' not in page and SealedScorecard.objects.filter(judge=world.alice).count() == 1


def _criteria_as_edited(world, **changes):
    """The rubric's criteria as the rubric editor sends them, the first one changed by `changes`."""
    items = [
        {
            "pk": c.pk,
            "area": c.area,
            "code": c.code,
            "name_id": c.name_id,
            "name_en": c.name_en,
            "descriptors_id": c.descriptors_id,
            "descriptors_en": c.descriptors_en,
        }
        for c in world.criteria
    ]
    items[0].update(changes)
    return items


def test_an_edited_descriptor_shows_on_the_next_scorecard_page(client, world):
    """The criteria are kept per server under the rubric's version, and their headings rendered once per content:
    a rubric edited before the first seal shows on the next page."""
    client.force_login(world.alice.user)
    criterion = world.criteria[0]
    assert criterion.descriptors_en[0] in client.get(_url("scorecard", world.entry_a)).content.decode()
    rubric = Rubric.objects.get(category=world.entry_a.category)
    rubric_update(
        rubric=rubric,
        weights=rubric.weights,
        tie_break_order=rubric.tie_break_order,
        criteria=_criteria_as_edited(world, descriptors_en=["Nothing yet in place", *criterion.descriptors_en[1:]]),
    )
    page = client.get(_url("scorecard", world.entry_a)).content.decode()
    assert "Nothing yet in place" in page
    assert page.count("Nothing yet in place") == 1


def test_judging_closed_refuses_and_seals_nothing(client, world):
    client.force_login(world.alice.user)
    client.post(_url("scorecard", world.entry_a), {**full_scores(world), "save": "1"})
    Edition.objects.filter(pk=world.edition.pk).update(state=Edition.State.SEALED)
    response = client.post(_url("scorecard_review", world.entry_a))
    assert response.status_code == 200
    assert "Judging is closed" in response.content.decode()
    with pytest.raises(Exception, match="Judging is not open"):
        scorecard_seal(judge=world.alice, entry=world.entry_a, round=world.round, actor=world.alice.user)
    assert not SealedScorecard.objects.exists()
    auto = client.post(_url("scorecard_autosave", world.entry_a), {"comment": "late"})
    assert auto.status_code == 409
    assert _draft(world, world.alice, world.entry_a).comment == "Clear plan, well measured."


def test_receipt_download(client, world):
    _seal_via_pages(client, world, world.alice, world.entry_b)
    sealed = SealedScorecard.objects.get()
    response = client.get(_url("receipt", world.entry_b))
    body = response.content.decode()
    assert response["Content-Disposition"].startswith("attachment")
    assert sealed.receipt in body and world.ceremony.fingerprint in body and world.entry_b.reference in body
    assert "Version: 1" in body
    client.force_login(world.bob.user)
    assert client.get(_url("receipt", world.entry_b)).status_code == 404


# --- reopen ---------------------------------------------------------------------------------------


def test_organiser_reopens_and_judge_seals_version_two(client, world):
    _seal_via_pages(client, world, world.alice, world.entry_a)
    first = SealedScorecard.objects.get()
    client.force_login(world.organiser)
    listing = client.get(reverse("judging:sealed_list", kwargs={"slug": world.edition.slug})).content.decode()
    assert "Judge 01" in listing and first.receipt[:14] in listing
    assert "Clear plan" not in listing
    assert client.post(_url("reopen", first), {"reason": ""}).status_code == 200
    assert SealedScorecard.objects.get().is_latest is True
    response = client.post(_url("reopen", first), {"reason": "Judge scored the wrong entry"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.is_latest, first.reopened_by, first.reopen_reason) == (
        False,
        world.organiser,
        "Judge scored the wrong entry",
    )
    event = AuditEvent.objects.get(action="scorecard.reopened")
    assert event.payload["reason"] == "Judge scored the wrong entry"
    client.force_login(world.alice.user)
    page = client.get(_url("scorecard", world.entry_a)).content.decode()
    assert "checked" not in page  # drafting from scratch
    _seal_via_pages(client, world, world.alice, world.entry_a, value=4)
    latest = SealedScorecard.objects.get(is_latest=True)
    assert latest.version == 2 and latest.pk != first.pk
    info = scorecard_info(edition=world.edition, round=world.round, judge=world.alice, entry=world.entry_a, version=2)
    payload = sealing.scorecard_decrypt(
        ciphertext=bytes(latest.ciphertext), private_key=_recovered_key(world), info=info
    )
    assert set(payload["scores"].values()) == {4}


def test_reopen_is_for_organisers_while_judging(client, world):
    _seal_via_pages(client, world, world.alice, world.entry_a)
    sealed = SealedScorecard.objects.get()
    for user in (world.alice.user, world.outsider):
        client.force_login(user)
        assert client.post(_url("reopen", sealed), {"reason": "x"}).status_code == 403
        assert client.get(reverse("judging:sealed_list", kwargs={"slug": world.edition.slug})).status_code == 403
    Edition.objects.filter(pk=world.edition.pk).update(state=Edition.State.SEALED)
    client.force_login(world.organiser)
    response = client.post(_url("reopen", sealed), {"reason": "too late"})
    assert "only while judging is open" in response.content.decode()
    assert SealedScorecard.objects.get().is_latest is True


def test_scoring_views_hide_post_data_from_error_reports(client, world):
    client.force_login(world.alice.user)
    response = client.post(_url("scorecard", world.entry_a), {"comment": "x", "save": "1"})
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"
    response = client.post(_url("scorecard_review", world.entry_a))
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"


def test_sealed_list_query_count_is_constant(client, django_assert_num_queries, world):
    _seal_via_pages(client, world, world.alice, world.entry_a)
    client.force_login(world.organiser)
    url = reverse("judging:sealed_list", kwargs={"slug": world.edition.slug})
    reset_queries()  # the request resets the log; start the capture from an empty one
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(url).context["scorecards"].items) == 1
    count = len(one.captured_queries)  # read now: later requests reset the query log
    _seal_via_pages(client, world, world.alice, world.entry_b)
    _seal_via_pages(client, world, world.bob, world.entry_b)
    client.force_login(world.organiser)
    reset_queries()
    with django_assert_num_queries(count):
        assert len(client.get(url).context["scorecards"].items) == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_seal_once(edition_in):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    world = edition_in("judging", scored=False)
    draft_create(judge=world.alice, entry=world.entry_a, round=world.round, scores={c.code: 6 for c in world.criteria})
    barrier = threading.Barrier(2)
    results = []

    def submit():
        try:
            barrier.wait(timeout=10)
            results.append(scorecard_seal(judge=world.alice, entry=world.entry_a, round=world.round, actor=None).pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert SealedScorecard.objects.count() == 1
    assert results == [SealedScorecard.objects.get().pk] * 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_submit_racing_the_close_is_sealed_before_or_refused(edition_in):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    world = edition_in("judging", scored=False)
    draft_create(judge=world.alice, entry=world.entry_a, round=world.round, scores={c.code: 6 for c in world.criteria})
    barrier = threading.Barrier(2)
    outcome = {}

    def submit():
        try:
            barrier.wait(timeout=10)
            scorecard_seal(judge=world.alice, entry=world.entry_a, round=world.round, actor=None)
            outcome["submit"] = "sealed"
        except ValidationError:
            outcome["submit"] = "refused"
        finally:
            connection.close()

    def close():
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                edition = Edition.objects.select_for_update().get(pk=world.edition.pk)
                outcome["count_at_close"] = SealedScorecard.objects.filter(edition=edition).count()
                Edition.objects.filter(pk=edition.pk).update(state=Edition.State.SEALED)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit), threading.Thread(target=close)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    sealed = SealedScorecard.objects.count()
    if outcome["submit"] == "sealed":
        assert (sealed, outcome["count_at_close"]) == (1, 1)
    else:
        assert (sealed, outcome["count_at_close"], ScorecardDraft.objects.count()) == (0, 0, 1)
