"""The timeline's judging dates are enforced, not only quoted: no scorecard before judging opens or after it
closes, and judging is not opened before its date."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from awards.models import Edition
from judging.models import ScorecardDraft, SealedScorecard
from judging.services.scoring import draft_save, scorecard_seal
from tests.cast import draft_create

pytestmark = pytest.mark.django_db


def _scores(world) -> dict:
    return {criterion.code: 7 for criterion in world.criteria}


def _move(edition, **dates):
    Edition.objects.filter(pk=edition.pk).update(**dates)
    edition.refresh_from_db()


def test_nothing_is_saved_before_judging_opens(world):
    now = timezone.now()
    _move(world.edition, judging_opens=now + dt.timedelta(hours=2))
    with pytest.raises(ValidationError, match="Judging opens on .*: nothing was saved."):
        draft_save(
            judge=world.alice, entry=world.entry_a, round=world.round, scores=_scores(world), notes={}, comment="early"
        )
    assert not ScorecardDraft.objects.exists()


def test_nothing_is_sealed_after_judging_closes(world):
    draft_save(judge=world.alice, entry=world.entry_a, round=world.round, scores=_scores(world), notes={}, comment="ok")
    _move(world.edition, judging_closes=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="Judging closed on .*: nothing was saved."):
        scorecard_seal(judge=world.alice, entry=world.entry_a, round=world.round, actor=world.alice.user)
    with pytest.raises(ValidationError, match="Judging closed on"):
        draft_save(
            judge=world.alice, entry=world.entry_a, round=world.round, scores=_scores(world), notes={}, comment="late"
        )
    assert not SealedScorecard.objects.exists()
    assert ScorecardDraft.objects.count() == 1  # the draft saved in time stays, unsealed


def test_a_judge_sees_the_closing_date_on_the_scorecard(client, world):
    from django.urls import reverse

    draft_create(judge=world.alice, entry=world.entry_a, round=world.round, scores=_scores(world))
    _move(world.edition, judging_closes=timezone.now() - dt.timedelta(minutes=1))
    client.force_login(world.alice.user)
    response = client.post(reverse("judging:scorecard_review", args=[world.entry_a.pk]), follow=True)
    assert "Judging closed on" in response.text
    assert not SealedScorecard.objects.exists()
