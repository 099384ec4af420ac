"""The judging app's part of communications (awards/communications.py asks it through its registries): the
groups "judges with unscored entries" and "key holders who have not enrolled a key", and the deadline of the
round being scored, before which judges with unscored entries are reminded.

Only counts of entries still to score reach a message, never a score."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.communications import Deadline, Recipient, Reminder, language_or_both, render_both_languages
from awards.models import Category, Edition, Entry
from awards.selectors import user_language
from judging.models import Assignment, ConflictDeclaration, Judge, KeyHolder, Recusal, Round, SealedScorecard
from judging.selectors.keys import key_ceremony_active, key_ceremony_unmade
from judging.selectors.rounds import rounds_of


def scoring_open_round(*, edition: Edition) -> Round | None:
    """The round judges may score in now, if any."""
    return next((standing.round for standing in rounds_of(edition=edition) if standing.phase.scoring_open), None)


def unscored_counts(*, round: Round) -> dict[int, int]:
    """{judge id: assigned entries of `round` without a sealed scorecard}, only judges with at least one (entries
    withdrawn, conflicted or recused are not the judge's to score)."""
    rows = (
        Assignment.objects.filter(round=round, entry__status=Entry.Status.SUBMITTED)
        .exclude(
            Exists(
                SealedScorecard.objects.filter(
                    round_id=OuterRef("round_id"),
                    entry_id=OuterRef("entry_id"),
                    judge_id=OuterRef("judge_id"),
                    is_latest=True,
                )
            )
        )
        .exclude(
            Exists(
                ConflictDeclaration.objects.filter(
                    judge_id=OuterRef("judge_id"), company_id=OuterRef("entry__company_id")
                )
            )
        )
        .exclude(
            Exists(
                Recusal.objects.filter(
                    round_id=OuterRef("round_id"), entry_id=OuterRef("entry_id"), judge_id=OuterRef("judge_id")
                )
            )
        )
        .order_by()
        .values("judge_id")
        .annotate(n=Count("pk"))
    )
    return {row["judge_id"]: row["n"] for row in rows if row["n"]}


def _judge_recipient(judge: Judge) -> Recipient:
    return Recipient(
        user_id=judge.user_id,
        email=judge.user.email,
        name=judge.full_name,
        dashboard_path=reverse("judging:workspace"),
        language=user_language(user=judge.user),  # the profile comes with select_related("user__profile")
    )


def judges_with_unscored(edition: Edition, category: Category | None) -> list[Recipient]:
    round_ = scoring_open_round(edition=edition)
    if round_ is None:
        return []
    counts = unscored_counts(round=round_)
    judges = (
        Judge.objects.filter(pk__in=counts, user__is_active=True).select_related("user__profile").order_by("full_name")
    )
    return [_judge_recipient(judge) for judge in judges]


def holders_not_enrolled(edition: Edition, category: Category | None) -> list[Recipient]:
    ceremony = key_ceremony_unmade(edition=edition) or key_ceremony_active(edition=edition)
    if ceremony is None:
        return []
    holders = (
        KeyHolder.objects.filter(ceremony=ceremony, enrolled_at__isnull=True, user__is_active=True)
        .select_related("user")
        .order_by("index")
    )
    path = reverse("judging:my_share", args=[ceremony.pk])
    return [
        Recipient(
            user_id=holder.user_id,
            email=holder.user.email,
            name=holder.user.get_full_name() or holder.user.email,
            dashboard_path=path,
        )
        for holder in holders
    ]


def round_deadline(*, round: Round, edition: Edition) -> datetime:
    """When scoring of `round` closes: the end of its closing day (in the site's time zone), or the edition's
    judging close when the round names no day."""
    if round.closes_on is None:
        return edition.judging_closes
    day_after = datetime.combine(round.closes_on + timedelta(days=1), time.min)
    return timezone.make_aware(day_after, timezone.get_default_timezone())


def scoring_deadlines(edition: Edition) -> list[Deadline]:
    round_ = scoring_open_round(edition=edition)
    if round_ is None:
        return []
    deadline = round_deadline(round=round_, edition=edition)

    def reminders() -> list[Reminder]:
        counts = unscored_counts(round=round_)
        judges = (
            Judge.objects.filter(pk__in=counts, user__is_active=True).select_related("user__profile").order_by("pk")
        )
        workspace_url = settings.SITE_URL.rstrip("/") + reverse("judging:workspace")
        found = []
        for judge in judges:
            recipient = _judge_recipient(judge)
            text = render_both_languages(
                "judging/email/scoring_reminder",
                {
                    "recipient": recipient,
                    "edition": edition,
                    "round": round_,
                    "deadline": deadline,
                    "open_count": counts[judge.pk],
                    "workspace_url": workspace_url,
                },
                language=recipient.language,
            )
            found.append(
                Reminder(
                    recipient=recipient,
                    subject=text.subject,
                    body=text.body,
                    language=language_or_both(recipient.language),
                )
            )
        return found

    return [
        Deadline(
            kind="scoring",
            target=f"round:{round_.pk}",
            title=_("Scoring closes: %(round)s") % {"round": round_.name},
            deadline=deadline,
            reminders=reminders,
        )
    ]
