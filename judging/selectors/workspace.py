"""Reads for a judge's own workspace: their assignments and their own progress, nothing about others."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import QueryDict
from django.utils.translation import gettext

from awards.downloads import can_show_inline
from awards.models import Edition, EntryDocument, NdaAcceptance, NdaVersion
from awards.pagination import Pager, paginate
from awards.selectors import nda_acceptance_current
from config.statements import Compiled, Slot
from judging.models import (
    Assignment,
    CategoryRound,
    ConflictDeclaration,
    Judge,
    Round,
    RoundSeal,
    ScorecardDraft,
    SealedScorecard,
)
from judging.selectors.rounds import scoring_round as current_round
from judging.services.drafts import DraftContent, draft_open


def scoring_round(*, edition: Edition) -> Round | None:
    """The round judges score in now (judging.selectors.rounds)."""
    return current_round(edition=edition)


def assignments_of_judge(*, judge: Judge) -> QuerySet[Assignment]:
    """The judge's own assignments on entries not conflicted, each annotated with its own progress."""
    conflicted = ConflictDeclaration.objects.filter(judge=judge, company_id=OuterRef("entry__company_id"))
    blind = CategoryRound.objects.filter(round_id=OuterRef("round_id"), category_id=OuterRef("entry__category_id"),
                                         blind=True)
    drafts = ScorecardDraft.objects.filter(judge=judge, entry_id=OuterRef("entry_id"), round_id=OuterRef("round_id"))
    latest = SealedScorecard.objects.filter(
        judge=judge, entry_id=OuterRef("entry_id"), round_id=OuterRef("round_id"), is_latest=True
    ).order_by()  # one row at most; the default ordering would join five tables into each subquery
    return (
        Assignment.objects.filter(judge=judge)
        .exclude(Exists(conflicted))
        .select_related("entry__category", "entry__company", "round")
        .annotate(
            blind=Exists(blind),
            round_closed=Exists(RoundSeal.objects.filter(round_id=OuterRef("round_id"))),
            has_draft=Exists(drafts),
            draft_updated_at=Subquery(drafts.values("updated_at")[:1]),
            sealed_pk=Subquery(latest.values("pk")[:1]),
            sealed_receipt=Subquery(latest.values("receipt")[:1]),
            sealed_at=Subquery(latest.values("sealed_at")[:1]),
            sealed_version=Subquery(latest.values("version")[:1]),
        )
        .order_by("round__number", "entry__category__ceremony_order", "entry__category__code", "entry__pk")
    )


WORKSPACE_PER_PAGE = 25


@dataclass
class WorkspaceEdition:
    judge: Judge
    edition: Edition
    agreement: NdaAcceptance | None  # the judge's signature of the current agreement, None until signed
    judging_open: bool
    assignments: list = field(default_factory=list)  # the page shown
    pager: Pager | None = None
    total: int = 0
    sealed_count: int = 0
    draft_count: int = 0

    @property
    def rounds(self) -> list[tuple]:
        """The page's assignments grouped by round, in round order: ``[(round, [assignment, ...]), ...]``."""
        groups: dict = {}
        for assignment in self.assignments:
            groups.setdefault(assignment.round, []).append(assignment)
        return list(groups.items())

    def agreement_missing(self) -> bool:
        return self.agreement is None


def workspace_for(*, user, params: QueryDict | None = None) -> list[WorkspaceEdition]:
    """One block per edition where the user is a judge (newest first), with their own assignments a page at a time
    (the page each block's `p<edition id>` parameter asks for) and their counts, counted in the database."""
    params = params if params is not None else QueryDict()
    judges = list(
        Judge.objects.filter(user=user)
        .select_related("edition")
        .order_by("-edition__year", "edition__name")
    )
    blocks = []
    for judge in judges:
        edition = judge.edition
        agreement = nda_acceptance_current(user=user, edition=edition, audience=NdaVersion.Audience.JUDGE)
        block = WorkspaceEdition(
            judge=judge, edition=edition, agreement=agreement, judging_open=edition.phase.scoring_open
        )
        if agreement is not None:
            rows = assignments_of_judge(judge=judge)
            counts = rows.aggregate(
                total=Count("pk"),
                sealed=Count("pk", filter=Q(sealed_pk__isnull=False)),
                drafts=Count("pk", filter=Q(has_draft=True, sealed_pk__isnull=True)),
            )
            block.total, block.sealed_count, block.draft_count = counts["total"], counts["sealed"], counts["drafts"]
            block.pager = paginate(rows, params=params, per_page=WORKSPACE_PER_PAGE, param=f"p{edition.pk}")
            block.assignments = list(block.pager.items)
        blocks.append(block)
    return blocks


def rubric_of(*, category, round: Round | None = None):
    """The category's rubric in ``round`` (its own, else the category's; judging.selectors.rubrics) with its
    criteria in order (area order, then the rubric's order), or (None, []).

    One query when the rubric has criteria (the criteria with their rubric)."""
    from judging.models import AREA_ORDER, Criterion
    from judging.selectors.rubrics import rubric_for, rubrics_in_round

    if round is None:
        criteria = list(Criterion.objects.filter(rubric__category=category, rubric__round__isnull=True)
                        .select_related("rubric").order_by())
    else:
        chosen = rubrics_in_round(category_ref=category.pk, round_ref=round.pk).values("pk")[:1]
        criteria = list(Criterion.objects.filter(rubric_id=Subquery(chosen)).select_related("rubric").order_by())
    if not criteria:
        return rubric_for(category=category, round=round), []
    rubric = criteria[0].rubric
    for criterion in criteria:
        criterion.rubric = rubric  # one instance for all, as rubric.criteria.all() would give
    rank = {str(area): position for position, area in enumerate(AREA_ORDER)}
    criteria.sort(key=lambda c: (rank.get(c.area, 99), c.order, c.code))
    return rubric, criteria


# The scorecard page reads these on every request: compiled once per connection (config.statements), as the ORM
# took 0.3-0.4 ms of Python to build each of them. The stand-ins are ids no row has.
_DRAFT = Compiled(
    "judging.workspace.draft",
    # at most one row (a unique constraint): no ORDER BY
    lambda judge_id, entry_id, round_id: ScorecardDraft.objects.filter(
        judge_id=judge_id, entry_id=entry_id, round_id=round_id
    ).order_by()[:1],
    Slot(-1_999_999_911), Slot(-1_999_999_912), Slot(-1_999_999_913),
)
_DOCUMENTS = Compiled(
    "judging.workspace.documents",
    lambda entry_id: EntryDocument.objects.filter(entry_id=entry_id).order_by("uploaded_at", "pk"),
    Slot(-1_999_999_914),
)


def draft_of(*, judge: Judge, entry, round: Round) -> DraftContent | None:
    """The judge's own draft, decrypted (judging.services.drafts), or None. A stored draft that does not open
    comes back empty with `readable=False`."""
    drafts = _DRAFT.instances(judge.pk, entry.pk, round.pk)
    return draft_open(draft=drafts[0]) if drafts else None


def latest_sealed_of(*, judge: Judge, entry, round: Round) -> SealedScorecard | None:
    # at most one row (a unique index); no default ordering, which would join five tables to sort one row
    try:
        return SealedScorecard.objects.order_by().get(judge=judge, entry=entry, round=round, is_latest=True)
    except SealedScorecard.DoesNotExist:
        return None


@dataclass(frozen=True)
class ReaderDocument:
    """An entry document as the judge's pages list it: ``shown_as`` is "pdf" or "image" when the browser can
    show it inline, "" when it can only be downloaded (PPTX, DOCX); ``name`` is what the judge reads (in a blind
    round "Document 2", since a file name can carry the company's)."""

    document: object
    shown_as: str
    name: str


def documents_for_reader(*, entry, blind: bool = False) -> list[ReaderDocument]:
    documents = _DOCUMENTS.instances(entry.pk)
    for document in documents:
        document.entry = entry  # as entry.documents gives them
    return [
        ReaderDocument(
            document=document,
            shown_as=("pdf" if document.content_type == "application/pdf" else "image")
            if can_show_inline(document) else "",
            name=gettext("Document %(number)s") % {"number": number} if blind else document.original_name,
        )
        for number, document in enumerate(documents, start=1)
    ]


def entry_is_blind(*, entry, round: Round | None) -> bool:
    """Whether the round shows this entry to judges by its code only (a blind desk round)."""
    if round is None or round.is_final:  # only an earlier round can be blind (judging.services.rounds)
        return False
    return CategoryRound.objects.filter(round=round, category_id=entry.category_id, blind=True).exists()
