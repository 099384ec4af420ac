"""The judging app's steps of the organiser's checklist (awards/checklist.py asks them through its registry):
rubrics, judges, key holders, assignments, opening the judging, scoring, the seal and the reveal."""

from django.db.models import Exists, Max, OuterRef, Sum
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards import lifecycle
from awards.checklist import Step
from awards.models import Category, Edition, Entry
from judging.models import Assignment, Criterion, SealedScorecard
from judging.selectors.assignments import assignment_summary
from judging.selectors.keys import key_ceremony_active, key_ceremony_unmade
from judging.selectors.panel import invitations_pending, panel_judges
from judging.selectors.rounds import assignments_round_of, round_entry_ids
from judging.services.keys import judging_open_problems


def _date(value) -> str:
    return formats.date_format(timezone.localtime(value), "j M Y H:i")


def _rubrics_step(edition: Edition) -> Step:
    categories = list(
        Category.objects.filter(edition=edition)
        .annotate(
            has_rubric=Exists(Criterion.objects.filter(rubric__category=OuterRef("pk"))),
            has_entries=Exists(
                Entry.objects.filter(category=OuterRef("pk"), status=Entry.Status.SUBMITTED)
            ),
        )
        .order_by("ceremony_order", "code")
        .values_list("code", "has_rubric", "has_entries")
    )
    with_entries = [code for code, has_rubric, has_entries in categories if has_entries and not has_rubric]
    without = [code for code, has_rubric, _entries in categories if not has_rubric]
    problems = []
    if with_entries:
        problems.append(
            ngettext(
                "%(count)d category has entries but no rubric: %(codes)s.",
                "%(count)d categories have entries but no rubric: %(codes)s.",
                len(with_entries),
            ) % {"count": len(with_entries), "codes": ", ".join(with_entries)}
        )
    elif without:
        problems.append(
            ngettext(
                "%(count)d category has no rubric yet: %(codes)s.",
                "%(count)d categories have no rubric yet: %(codes)s.",
                len(without),
            ) % {"count": len(without), "codes": ", ".join(without)}
        )
    return Step(
        order=60, key="rubrics", title=_("Rubrics and tie-break order"), done=bool(categories) and not without,
        problems=tuple(problems), url=reverse("awards:organiser_categories", args=[edition.slug]),
        action=_("Rubrics"), until=lifecycle.State.SEALED,
    )


def _judges_step(edition: Edition) -> Step:
    judges = panel_judges(edition=edition).count()
    pending = invitations_pending(edition=edition).count()
    needed = Category.objects.filter(edition=edition).aggregate(needed=Max("min_judges"))["needed"] or 1
    problems = ()
    if judges < needed:
        problems = (
            ngettext(
                "The panel has %(count)d judge; a category needs at least %(needed)d.",
                "The panel has %(count)d judges; a category needs at least %(needed)d.",
                judges,
            ) % {"count": judges, "needed": needed},
        )
    detail = ngettext(
        "%(count)d invitation pending.", "%(count)d invitations pending.", pending
    ) % {"count": pending}
    return Step(
        order=70, key="judges", title=_("Judges"), done=judges >= needed, detail=detail, problems=problems,
        url=reverse("judging:judge_invite", args=[edition.slug]), action=_("Invite judges"),
        until=lifecycle.State.SEALED,
    )


def _keys_step(edition: Edition) -> Step:
    url = reverse("judging:keys", args=[edition.slug])
    active = key_ceremony_active(edition=edition)
    unmade = key_ceremony_unmade(edition=edition)
    if unmade is not None:
        waiting = list(unmade.holders.filter(enrolled_at__isnull=True).select_related("user").order_by("index"))
        problems = tuple(
            _("Holder %(index)d (%(email)s) has not enrolled a key.")
            % {"index": holder.index, "email": holder.user.email}
            for holder in waiting
        ) or (_("Every key holder has enrolled: make the edition key."),)
        return Step(
            order=80, key="keys", title=_("Key holders and the edition key"), done=False, problems=problems,
            url=url, action=_("Key ceremony"), until=lifecycle.State.SEALED,
        )
    if active is None:
        return Step(
            order=80, key="keys", title=_("Key holders and the edition key"), done=False,
            problems=(_("No key ceremony has been held: name the key holders first."),), url=url,
            action=_("Key ceremony"), until=lifecycle.State.SEALED,
        )
    return Step(
        order=80, key="keys", title=_("Key holders and the edition key"), done=True,
        detail=_("%(k)d of %(n)d key holders needed; key %(fingerprint)s.")
        % {"k": active.threshold, "n": active.holders_count, "fingerprint": active.fingerprint[:16]},
        url=url, action=_("Key ceremony"),
    )


def _assignments_step(edition: Edition) -> Step:
    # The entries the round that runs now takes (all accepted entries in a first round, the finalists in the
    # finals), each against its category's minimum in that round; an entry awaiting review is not assigned.
    current = assignments_round_of(edition=edition)
    taken = round_entry_ids(round=current) if current is not None else None
    counts = assignment_summary(
        edition=edition, round_id=current.pk if current else None, entry_ids=taken
    ).aggregate(total=Sum("entry_count"), short=Sum("short_count"))
    total, short = counts["total"] or 0, counts["short"] or 0
    problems = ()
    if short:
        problems = (
            ngettext(
                "%(count)d accepted entry has fewer judges than its category's minimum.",
                "%(count)d accepted entries have fewer judges than their category's minimum.",
                short,
            ) % {"count": short},
        )
    detail = ngettext(
        "%(count)d entry accepted for judging.", "%(count)d entries accepted for judging.", total
    ) % {"count": total}
    return Step(
        order=90, key="assignments", title=_("Panels and assignments"),
        done=lifecycle.reached(edition.state, lifecycle.State.SEALED) or (total > 0 and not short),
        detail=detail, problems=problems, url=reverse("judging:assignments", args=[edition.slug]),
        action=_("Assignments"), until=lifecycle.State.SEALED,
    )


def _open_judging_step(edition: Edition) -> Step:
    done = lifecycle.reached(edition.state, lifecycle.State.JUDGING)
    return Step(
        order=100, key="open_judging", title=_("Open the judging"), done=done,
        detail=_("Judging opens %(opens)s and closes %(closes)s.")
        % {"opens": _date(edition.judging_opens), "closes": _date(edition.judging_closes)},
        problems=() if done else tuple(judging_open_problems(edition=edition)),
        url=reverse("judging:open_judging", args=[edition.slug]) if edition.phase.judging_can_open else "",
        action=_("Open the judging"), post=True,
    )


def _scoring_step(edition: Edition) -> Step:
    assigned = Assignment.objects.filter(round__edition=edition, round__is_final=True).count()
    sealed = SealedScorecard.objects.filter(edition=edition, is_latest=True, round__is_final=True).count()
    return Step(
        order=110, key="scoring", title=_("Scoring"),
        done=lifecycle.reached(edition.state, lifecycle.State.SEALED),
        detail=_("%(sealed)d of %(assigned)d scorecards sealed.") % {"sealed": sealed, "assigned": assigned},
        url=reverse("judging:progress", args=[edition.slug]), action=_("Progress"),
    )


def judging_steps(edition: Edition) -> list[Step]:
    ceremony = reverse("judging:ceremony", args=[edition.slug])
    steps = [
        _rubrics_step(edition),
        _judges_step(edition),
        _keys_step(edition),
        _assignments_step(edition),
        _open_judging_step(edition),
        _scoring_step(edition),
        Step(
            order=120, key="seal", title=_("Seal the judging"),
            done=lifecycle.reached(edition.state, lifecycle.State.SEALED), url=ceremony,
            action=_("Seal and reveal"),
        ),
        Step(
            order=130, key="reveal", title=_("Award night: the reveal"),
            done=lifecycle.reached(edition.state, lifecycle.State.REVEALED), url=ceremony,
            action=_("Seal and reveal"),
        ),
        Step(
            order=140, key="results", title=_("Results and the award-night pack"),
            done=edition.phase.published,
            url=reverse("judging:results", args=[edition.slug]) if edition.phase.results_known else "",
            action=_("Results"),
        ),
    ]
    return steps
