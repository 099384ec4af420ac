"""Panels and assignments: who judges which entry.

The planner is ``assignment_plan.py``; ``assignment_apply`` writes a plan after checking it still holds.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from awards.audit import audit_append
from awards.models import Category, Edition, Entry
from judging.models import (
    Assignment,
    ConflictDeclaration,
    Judge,
    PanelMember,
    Recusal,
    Round,
    ScorecardDraft,
    SealedScorecard,
)
from judging.selectors.rounds import assignments_round_of, round_entry_ids
from judging.services.assignment_plan import Plan, assignment_plan
from judging.services.conflicts import conflicts_refresh_automatic


def assignments_allowed(*, edition: Edition) -> bool:
    return edition.phase.assignments_open


def _ensure_assignable(edition: Edition) -> None:
    if not assignments_allowed(edition=edition):
        raise ValidationError(
            _("Assignments can change only while the edition is in registration or judging (it is %(state)s).")
            % {"state": edition.get_state_display()}
        )


@transaction.atomic
def round_get_or_create_final(*, edition: Edition) -> Round:
    """The edition's final round (there is one per edition)."""
    existing = Round.objects.filter(edition=edition, is_final=True).order_by("number").first()
    if existing is not None:
        return existing
    Edition.objects.select_for_update().get(pk=edition.pk)
    existing = Round.objects.filter(edition=edition, is_final=True).order_by("number").first()
    if existing is not None:
        return existing
    last = Round.objects.filter(edition=edition).order_by("-number").values_list("number", flat=True).first()
    number = (last or 0) + 1
    final = Round(edition=edition, number=number, name=_("Final round"), is_final=True)
    final.full_clean()
    final.save()
    return final


def round_for_assignments(*, edition: Edition) -> Round:
    """The round assignments go to now: the first round not sealed yet (a desk round, then the finals); the
    final round (made if missing) for an edition of one round."""
    current = assignments_round_of(edition=edition)
    return current if current is not None else round_get_or_create_final(edition=edition)


# Panels ------------------------------------------------------------------------------------------


def panel_in_round(*, round: Round) -> Q:  # noqa: A002
    """The panel members who sit in ``round``: those of every round and those of this round."""
    return Q(round__isnull=True) | Q(round=round)


@transaction.atomic
def panel_member_add(*, category: Category, judge: Judge, actor, round: Round | None = None) -> PanelMember:  # noqa: A002
    """Put a judge on a category's panel: in every round (``round`` None) or in one round only (a finals panel
    that differs from the desk round's)."""
    if judge.edition_id != category.edition_id:
        raise ValidationError(_("This judge is not on this edition's panel."))
    if round is not None and round.edition_id != category.edition_id:
        raise ValidationError(_("This round belongs to another edition."))
    _ensure_assignable(category.edition)
    seated = PanelMember.objects.filter(category=category, judge=judge)
    if seated.filter(round__isnull=True).exists() or (round is None and seated.exists()) or (
            round is not None and seated.filter(round=round).exists()):
        raise ValidationError(_("%(judge)s is already on this category's panel.") % {"judge": judge.full_name})
    member = PanelMember(category=category, judge=judge, round=round)
    member.full_clean()
    member.save()
    audit_append(
        action="panel.member_added",
        actor=actor,
        edition=category.edition,
        payload={"category": category.code, "judge": judge.pseudonym,
                 "round": round.number if round is not None else None},
    )
    return member


@transaction.atomic
def panel_member_remove(*, member: PanelMember, actor) -> None:
    """Take a judge off a category panel. Their existing assignments stay (remove them one by one)."""
    category = member.category
    _ensure_assignable(category.edition)
    audit_append(
        action="panel.member_removed",
        actor=actor,
        edition=category.edition,
        payload={"category": category.code, "judge": member.judge.pseudonym},
    )
    member.delete()


def assignment_plan_for_edition(*, edition: Edition, round: Round | None = None) -> Plan:  # noqa: A002
    """Refresh the automatic conflicts, then plan every category of the round assignments go to now (the one
    running); ``round`` names the round the organiser is looking at, refused unless it is that one."""
    _ensure_assignable(edition)
    current = round_for_assignments(edition=edition)
    if round is not None and round.pk != current.pk:
        raise ValidationError(_("Only the round that runs now takes assignments: “%(name)s”.")
                              % {"name": current.name})
    for judge in Judge.objects.filter(edition=edition).select_related("user", "edition"):
        conflicts_refresh_automatic(judge=judge)
    return assignment_plan(round=current, categories=list(Category.objects.filter(edition=edition)))


@transaction.atomic
def assignment_apply(*, plan: Plan, actor) -> dict[str, int]:
    """Write a plan. Refused (nothing written) if the state changed in a way the plan did not foresee."""
    edition = Edition.objects.select_for_update().get(pk=plan.edition_id)
    _ensure_assignable(edition)
    final = Round.objects.get(pk=plan.round_id, edition=edition)
    stale = ValidationError(_("The assignments changed since the preview. Preview them again."))
    categories = {category.pk: category for category in Category.objects.filter(edition=edition)}
    conflicts = set(
        ConflictDeclaration.objects.filter(judge__edition=edition).values_list("judge_id", "company_id")
    )
    recused = set(Recusal.objects.filter(round=final).values_list("entry_id", "judge_id"))
    existing = set(Assignment.objects.select_for_update().filter(round=final).values_list("entry_id", "judge_id"))
    added = removed = 0
    for category_plan in plan.categories:
        category = categories.get(category_plan.category_id)
        if category is None:
            raise stale
        panel = set(PanelMember.objects.filter(panel_in_round(round=final), category=category)
                    .values_list("judge_id", flat=True))
        companies = dict(
            Entry.objects.filter(category=category, status=Entry.Status.SUBMITTED, accepted_at__isnull=False)
            .values_list("pk", "company_id")
        )
        for entry_id, judge_id in category_plan.remove:
            deleted, _detail = Assignment.objects.filter(round=final, entry_id=entry_id, judge_id=judge_id).delete()
            if not deleted:
                raise stale
            ScorecardDraft.objects.filter(round=final, entry_id=entry_id, judge_id=judge_id).delete()
            removed += 1
        for entry_id, judge_id in category_plan.add:
            if (
                entry_id not in companies
                or judge_id not in panel
                or (judge_id, companies[entry_id]) in conflicts
                or (entry_id, judge_id) in recused
                or (entry_id, judge_id) in existing
            ):
                raise stale
            assignment = Assignment(round=final, entry_id=entry_id, judge_id=judge_id, created_by=actor)
            assignment.full_clean(validate_unique=False)
            assignment.save()
            added += 1
    counts = {"added": added, "removed": removed}
    audit_append(action="assignments.applied", actor=actor, edition=edition, payload={"round": final.pk, **counts})
    return counts


# Manual changes ----------------------------------------------------------------------------------


def conflict_reason(*, judge: Judge, entry: Entry) -> str:
    """Why the judge may not judge this entry ("" if they may)."""
    conflict = ConflictDeclaration.objects.filter(judge=judge, company_id=entry.company_id).first()
    if conflict is not None:
        return _("%(judge)s declared: %(relation)s") % {
            "judge": judge.full_name,
            "relation": conflict.get_relation_display(),
        }
    return ""


@transaction.atomic
def assignment_add(*, round: Round, entry: Entry, judge: Judge, actor) -> Assignment:  # noqa: A002
    edition = Edition.objects.select_for_update().get(pk=round.edition_id)
    _ensure_assignable(edition)
    if judge.edition_id != edition.pk or entry.category.edition_id != edition.pk:
        raise ValidationError(_("The judge and the entry must belong to this edition."))
    if entry.review != Entry.Review.ACCEPTED:
        raise ValidationError(_("Only entries accepted for judging can be assigned."))
    finalists = round_entry_ids(round=round)
    if finalists is not None and entry.pk not in finalists:
        if round.is_final:
            raise ValidationError(_("Only the finalists of the previous round take part in this round."))
        raise ValidationError(_("This entry's category goes straight to the finals: it has no part in this round."))
    conflicts_refresh_automatic(judge=judge)
    reason = conflict_reason(judge=judge, entry=entry)
    if reason:
        raise ValidationError(reason)
    if Recusal.objects.filter(round=round, entry=entry, judge=judge).exists():
        raise ValidationError(
            _("%(judge)s stepped away from this entry (recusal).") % {"judge": judge.full_name}
        )
    if Assignment.objects.filter(round=round, entry=entry, judge=judge).exists():
        raise ValidationError(_("%(judge)s is already assigned to this entry.") % {"judge": judge.full_name})
    assignment = Assignment(round=round, entry=entry, judge=judge, created_by=actor)
    assignment.full_clean()
    assignment.save()
    audit_append(
        action="assignment.added",
        actor=actor,
        edition=edition,
        payload={"round": round.pk, "entry": entry.pk, "judge": judge.pseudonym},
    )
    return assignment


@transaction.atomic
def assignment_add_to_final(*, edition: Edition, entry: Entry, judge: Judge, actor) -> Assignment:
    """A manual assignment in the round assignments go to now (`round_for_assignments`): the final round of an
    edition of one round (made first if the edition has none yet)."""
    return assignment_add(round=round_for_assignments(edition=edition), entry=entry, judge=judge, actor=actor)


@transaction.atomic
def assignment_remove(*, assignment: Assignment, actor) -> None:
    edition = Edition.objects.select_for_update().get(pk=assignment.round.edition_id)
    _ensure_assignable(edition)
    if SealedScorecard.objects.filter(
        round=assignment.round, entry=assignment.entry, judge=assignment.judge, is_latest=True
    ).exists():
        raise ValidationError(_("This judge has sealed a scorecard for this entry; it cannot be unassigned."))
    ScorecardDraft.objects.filter(round=assignment.round, entry=assignment.entry, judge=assignment.judge).delete()
    audit_append(
        action="assignment.removed",
        actor=actor,
        edition=edition,
        payload={"round": assignment.round_id, "entry": assignment.entry_id, "judge": assignment.judge.pseudonym},
    )
    assignment.delete()
