"""The panel and the secret, one module per subject: the areas and score scale (base), judges, conflicts, panels
and assignments (panel), rounds and finalists (rounds), rubrics (rubrics), drafts and sealed scorecards
(scorecards), key ceremonies, seals and the reveal (keys), award-night pack builds (packs), assessors and their
mystery calls (evidence), and the finals day (judging/finals/models.py). `from judging.models import X` finds
every model here."""

# The finals day's models live in their own module; imported here so Django finds them in the judging app.
from judging.finals.models import (  # noqa: E402, I001
    FinalsBreak,
    FinalsDay,
    FinalsPresentation,
    FinalsRoom,
    FinalsSlot,
    InterviewNote,
    RoomPanelMember,
)
from judging.models.base import (
    AREA_ORDER,
    COMMENT_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    SCORE_BANDS,
    SCORE_MAX,
    SCORE_MIN,
    Area,
    _english,
)
from judging.models.evidence import (
    CALL_NOTES_MAX_LENGTH,
    CALL_SECONDS_MAX,
    CHECKLIST_ITEMS_MAX,
    VISIT_ITEM_NOTES_MAX_LENGTH,
    VISIT_NOTES_MAX_LENGTH,
    Assessor,
    AssessorConflict,
    CallLog,
    SiteVisit,
    SiteVisitItem,
)
from judging.models.keys import KeyCeremony, KeyHolder, Reveal, RoundKey, RoundKeyShare, RoundSeal, Seal
from judging.models.packs import PackExport
from judging.models.panel import (
    Assignment,
    ConflictDeclaration,
    Judge,
    JudgeInvitation,
    PanelMember,
    Recusal,
    pseudonym_shown,
)
from judging.models.rounds import CategoryRound, Finalist, Round
from judging.models.rubrics import Criterion, Rubric
from judging.models.scorecards import ScorecardDraft, SealedScorecard

__all__ = [
    "AREA_ORDER",
    "CALL_NOTES_MAX_LENGTH",
    "CALL_SECONDS_MAX",
    "CHECKLIST_ITEMS_MAX",
    "VISIT_ITEM_NOTES_MAX_LENGTH",
    "VISIT_NOTES_MAX_LENGTH",
    "COMMENT_MAX_LENGTH",
    "NOTE_MAX_LENGTH",
    "SCORE_BANDS",
    "SCORE_MAX",
    "SCORE_MIN",
    "Area",
    "Assessor",
    "AssessorConflict",
    "Assignment",
    "CallLog",
    "CategoryRound",
    "ConflictDeclaration",
    "Criterion",
    "Finalist",
    "FinalsBreak",
    "FinalsDay",
    "FinalsPresentation",
    "FinalsRoom",
    "FinalsSlot",
    "InterviewNote",
    "Judge",
    "JudgeInvitation",
    "KeyCeremony",
    "KeyHolder",
    "PackExport",
    "PanelMember",
    "Recusal",
    "Reveal",
    "RoomPanelMember",
    "Round",
    "RoundKey",
    "RoundKeyShare",
    "RoundSeal",
    "Rubric",
    "ScorecardDraft",
    "Seal",
    "SealedScorecard",
    "SiteVisit",
    "SiteVisitItem",
    "_english",
    "pseudonym_shown",
]
