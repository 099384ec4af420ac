"""Panels and assignments: who judges which entry.

``assignment_plan`` is a pure, deterministic planner over the current state: it keeps every valid
assignment, removes the ones a conflict broke, and tops each submitted entry up to the category's
minimum number of judges from the category panel, balancing the judges' loads. ``assignment_apply``
writes a plan after checking it still holds.
"""

import random
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
from judging.services.panel import conflicts_refresh_automatic

PLAN_SALT = "judging.assignment-plan"


def assignments_allowed(edition: Edition) -> bool:
    return edition.phase.assignments_open


def _ensure_assignable(edition: Edition) -> None:
    if not assignments_allowed(edition):
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


# Panels ------------------------------------------------------------------------------------------


@transaction.atomic
def panel_member_add(*, category: Category, judge: Judge, actor) -> PanelMember:
    if judge.edition_id != category.edition_id:
        raise ValidationError(_("This judge is not on this edition's panel."))
    _ensure_assignable(category.edition)
    if PanelMember.objects.filter(category=category, judge=judge).exists():
        raise ValidationError(_("%(judge)s is already on this category's panel.") % {"judge": judge.full_name})
    member = PanelMember(category=category, judge=judge)
    member.full_clean()
    member.save()
    audit_append(
        action="panel.member_added",
        actor=actor,
        edition=category.edition,
        payload={"category": category.code, "judge": judge.pseudonym},
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


# Planning ----------------------------------------------------------------------------------------


@dataclass
class Shortfall:
    entry_id: int
    reference: str
    assigned: int
    needed: int
    reason: str


@dataclass
class CategoryPlan:
    category_id: int
    code: str
    min_judges: int
    keep: list[tuple[int, int]] = field(default_factory=list)  # (entry_id, judge_id)
    add: list[tuple[int, int]] = field(default_factory=list)
    remove: list[tuple[int, int]] = field(default_factory=list)
    shortfalls: list[Shortfall] = field(default_factory=list)


@dataclass
class Plan:
    round_id: int
    edition_id: int
    categories: list[CategoryPlan]

    @property
    def add_count(self) -> int:
        return sum(len(category.add) for category in self.categories)

    @property
    def remove_count(self) -> int:
        return sum(len(category.remove) for category in self.categories)

    @property
    def is_empty(self) -> bool:
        return not self.add_count and not self.remove_count

    def sign(self) -> str:
        return signing.dumps(asdict(self), salt=PLAN_SALT, compress=True)

    @classmethod
    def unsign(cls, value: str) -> "Plan":
        try:
            data = signing.loads(value, salt=PLAN_SALT)
        except signing.BadSignature as exc:
            raise ValidationError(_("The preview could not be read. Preview the assignments again.")) from exc
        return cls(
            round_id=data["round_id"],
            edition_id=data["edition_id"],
            categories=[
                CategoryPlan(
                    category_id=item["category_id"],
                    code=item["code"],
                    min_judges=item["min_judges"],
                    keep=[tuple(pair) for pair in item["keep"]],
                    add=[tuple(pair) for pair in item["add"]],
                    remove=[tuple(pair) for pair in item["remove"]],
                    shortfalls=[Shortfall(**shortfall) for shortfall in item["shortfalls"]],
                )
                for item in data["categories"]
            ],
        )


def plan_category(
    *,
    entries: list[tuple[int, int, str]],
    panel: list[int],
    min_judges: int,
    existing: set[tuple[int, int]],
    conflicts: set[tuple[int, int]],
    recused: set[tuple[int, int]],
    locked: set[tuple[int, int]],
    overall_load: dict[int, int],
    seed: str,
) -> tuple[list, list, list, list]:
    """Plan one category over plain data.

    entries: (entry_id, company_id, reference); panel: judge ids; existing: assigned (entry, judge);
    conflicts: (judge, company); recused: (entry, judge); locked: existing pairs that must stay
    (a sealed scorecard). overall_load is updated in place with the additions.
    Returns (keep, add, remove, shortfalls).
    """
    rng = random.Random(seed)
    company_of = {entry_id: company_id for entry_id, company_id, _ref in entries}
    keep, remove = [], []
    assigned: dict[int, set[int]] = defaultdict(set)
    for entry_id, judge_id in sorted(existing):
        if (judge_id, company_of[entry_id]) in conflicts and (entry_id, judge_id) not in locked:
            remove.append((entry_id, judge_id))
        else:
            keep.append((entry_id, judge_id))
            assigned[entry_id].add(judge_id)
    category_load = {judge_id: 0 for judge_id in panel}
    for _entry_id, judge_id in keep:
        if judge_id in category_load:
            category_load[judge_id] += 1
    jitter = {judge_id: rng.random() for judge_id in panel}

    def eligible(entry_id: int) -> list[int]:
        return [
            judge_id
            for judge_id in panel
            if judge_id not in assigned[entry_id]
            and (judge_id, company_of[entry_id]) not in conflicts
            and (entry_id, judge_id) not in recused
        ]

    # Most constrained entries first, so a scarce judge is not spent where others would do.
    order = [entry_id for entry_id, _company, _ref in entries]
    rng.shuffle(order)
    order.sort(key=lambda entry_id: len(eligible(entry_id)) + len(assigned[entry_id]))
    added: list[tuple[int, int]] = []
    for entry_id in order:
        needed = min_judges - len(assigned[entry_id])
        for _step in range(max(needed, 0)):
            candidates = eligible(entry_id)
            if not candidates:
                break
            judge_id = min(
                candidates,
                key=lambda j: (category_load[j], overall_load.get(j, 0), jitter[j], j),
            )
            assigned[entry_id].add(judge_id)
            category_load[judge_id] += 1
            overall_load[judge_id] = overall_load.get(judge_id, 0) + 1
            added.append((entry_id, judge_id))

    # Even out: move a new assignment from the busiest judge to the least busy one that may take it.
    added_set = set(added)
    for _step in range(len(added) * max(len(panel), 1) + 1):
        if not panel:
            break
        busiest = sorted(panel, key=lambda j: (-category_load[j], -overall_load.get(j, 0), j))
        idlest = sorted(panel, key=lambda j: (category_load[j], overall_load.get(j, 0), j))
        moved = False
        for low in idlest:
            for high in busiest:
                if category_load[high] - category_load[low] <= 1:
                    break
                for entry_id, judge_id in sorted(added_set):
                    if judge_id != high or low in assigned[entry_id]:
                        continue
                    if (low, company_of[entry_id]) in conflicts or (entry_id, low) in recused:
                        continue
                    added_set.discard((entry_id, high))
                    added_set.add((entry_id, low))
                    assigned[entry_id].discard(high)
                    assigned[entry_id].add(low)
                    category_load[high] -= 1
                    category_load[low] += 1
                    overall_load[high] -= 1
                    overall_load[low] = overall_load.get(low, 0) + 1
                    moved = True
                    break
                if moved:
                    break
            if moved:
                break
        if not moved:
            break

    shortfalls = []
    for entry_id, company_id, reference in entries:
        have = len(assigned[entry_id])
        if have >= min_judges:
            continue
        if len(panel) < min_judges:
            reason = ngettext(
                "The category panel has %(panel)d judge; %(needed)d are needed.",
                "The category panel has %(panel)d judges; %(needed)d are needed.",
                len(panel),
            ) % {
                "panel": len(panel),
                "needed": min_judges,
            }
        else:
            blocked = sum(
                1 for judge_id in panel if (judge_id, company_id) in conflicts or (entry_id, judge_id) in recused
            )
            reason = _("%(blocked)d of the %(panel)d panel judges are conflicted or recused.") % {
                "blocked": blocked,
                "panel": len(panel),
            }
        shortfalls.append(
            Shortfall(entry_id=entry_id, reference=reference, assigned=have, needed=min_judges, reason=reason)
        )
    return sorted(keep), sorted(added_set), sorted(remove), shortfalls


def assignment_plan(*, round: Round, categories) -> Plan:  # noqa: A002 - the name the design uses
    """What the assigner would do now: deterministic for a given state (seeded by round and category)."""
    categories = sorted(categories, key=lambda category: (category.ceremony_order, category.code, category.pk))
    category_ids = [category.pk for category in categories]
    entries_by_category: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for entry in (
        Entry.objects.filter(category_id__in=category_ids, status=Entry.Status.SUBMITTED)
        .select_related("category")
        .order_by("pk")
    ):
        entries_by_category[entry.category_id].append((entry.pk, entry.company_id, entry.reference))
    panels: dict[int, list[int]] = defaultdict(list)
    for category_id, judge_id in PanelMember.objects.filter(category_id__in=category_ids).order_by(
        "judge_id"
    ).values_list("category_id", "judge_id"):
        panels[category_id].append(judge_id)
    conflicts = set(
        ConflictDeclaration.objects.filter(judge__edition_id=round.edition_id).values_list("judge_id", "company_id")
    )
    recused = set(Recusal.objects.filter(round=round).values_list("entry_id", "judge_id"))
    locked = set(
        SealedScorecard.objects.filter(round=round, is_latest=True).values_list("entry_id", "judge_id")
    )
    existing_by_category: dict[int, set[tuple[int, int]]] = defaultdict(set)
    overall_load: dict[int, int] = defaultdict(int)
    for category_id, entry_id, judge_id in Assignment.objects.filter(round=round).values_list(
        "entry__category_id", "entry_id", "judge_id"
    ):
        overall_load[judge_id] += 1
        existing_by_category[category_id].add((entry_id, judge_id))
    submitted = {entry_id for items in entries_by_category.values() for entry_id, _c, _r in items}

    plans = []
    for category in categories:
        entries = entries_by_category[category.pk]
        # Assignments to entries that are no longer submitted are left alone (not ours to judge now).
        existing = {pair for pair in existing_by_category[category.pk] if pair[0] in submitted}
        keep, add, remove, shortfalls = plan_category(
            entries=entries,
            panel=panels[category.pk],
            min_judges=category.min_judges,
            existing=existing,
            conflicts=conflicts,
            recused=recused,
            locked=locked,
            overall_load=overall_load,
            seed=f"{round.pk}:{category.pk}",
        )
        for _entry_id, judge_id in remove:
            overall_load[judge_id] -= 1
        plans.append(
            CategoryPlan(
                category_id=category.pk,
                code=category.code,
                min_judges=category.min_judges,
                keep=keep,
                add=add,
                remove=remove,
                shortfalls=shortfalls,
            )
        )
    return Plan(round_id=round.pk, edition_id=round.edition_id, categories=plans)


def assignment_plan_for_edition(*, edition: Edition) -> Plan:
    """Refresh the automatic conflicts, then plan every category of the edition's final round."""
    _ensure_assignable(edition)
    for judge in Judge.objects.filter(edition=edition).select_related("user", "edition"):
        conflicts_refresh_automatic(judge=judge)
    final = round_get_or_create_final(edition=edition)
    return assignment_plan(round=final, categories=list(Category.objects.filter(edition=edition)))


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
        panel = set(PanelMember.objects.filter(category=category).values_list("judge_id", flat=True))
        companies = dict(
            Entry.objects.filter(category=category, status=Entry.Status.SUBMITTED).values_list("pk", "company_id")
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
    if entry.status != Entry.Status.SUBMITTED:
        raise ValidationError(_("Only submitted entries can be assigned."))
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
