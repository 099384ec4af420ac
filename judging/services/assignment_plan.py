"""The assignment planner: ``assignment_plan`` is a pure, deterministic planner over the current state. It keeps
every valid assignment, removes the ones a conflict broke, and tops each submitted entry up to the category's
minimum number of judges from the category panel, balancing the judges' loads. The plan is signed for the
preview and written by ``judging.services.assignments.assignment_apply`` after checking it still holds.
"""

import random
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards.models import Entry
from judging.models import (
    Assignment,
    ConflictDeclaration,
    PanelMember,
    Recusal,
    Round,
    SealedScorecard,
)
from judging.selectors.rounds import round_entry_ids

PLAN_SALT = "judging.assignment-plan"


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
    """What the assigner would do now: deterministic for a given state (seeded by the round's number and the
    category's code)."""
    categories = sorted(categories, key=lambda category: (category.ceremony_order, category.code, category.pk))
    category_ids = [category.pk for category in categories]
    entries_by_category: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    entries = Entry.objects.filter(
        category_id__in=category_ids, status=Entry.Status.SUBMITTED, accepted_at__isnull=False
    )
    finalists = round_entry_ids(round=round)  # a later round plans the previous round's finalists only
    if finalists is not None:
        entries = entries.filter(pk__in=finalists)
    for entry in entries.select_related("category").order_by("pk"):
        entries_by_category[entry.category_id].append((entry.pk, entry.company_id, entry.reference))
    panels: dict[int, list[int]] = defaultdict(list)
    in_round = Q(round__isnull=True) | Q(round=round)  # the category's panel in this round
    for category_id, judge_id in PanelMember.objects.filter(in_round, category_id__in=category_ids).order_by(
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
            # names, not database ids: the same edition plans the same way on any database (PostgreSQL's
            # sequences give other ids from run to run, and the demo's results would change with them)
            seed=f"{category.code}:{round.number}",
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
