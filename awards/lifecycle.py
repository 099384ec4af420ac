"""The edition lifecycle: its states, their order, and what each state allows.

    draft → registration → judging → sealed → revealed → published

This is the one module that knows what a state means. Everything else asks a named flag of the edition's
phase (``edition.phase.scoring_open``, ``phase_of(state).results_known``), the way pretalx gives its review
phases named capabilities, and never compares state strings. Adding a state means adding it to ``State``,
giving it a ``Phase`` in ``PHASES`` (every flag stated, none implied), and a column in the authorization
matrix (tests/security/test_authorization_matrix.py); nothing else.

No Django model is imported here: ``awards.models.Edition`` takes its ``State`` from this module.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REGISTRATION = "registration", _("Registration")
    JUDGING = "judging", _("Judging")
    SEALED = "sealed", _("Sealed")
    REVEALED = "revealed", _("Revealed")
    PUBLISHED = "published", _("Published")


ORDER: tuple[str, ...] = (
    State.DRAFT,
    State.REGISTRATION,
    State.JUDGING,
    State.SEALED,
    State.REVEALED,
    State.PUBLISHED,
)


@dataclass(frozen=True)
class Phase:
    """What an edition in one state allows. Every flag is stated for every state."""

    state: str
    # The public knows the edition exists (home page, winners page once published).
    announced: bool
    # Organisers set the edition up: categories, rubric, NDA texts, timeline, key holders.
    setup_open: bool
    # Organisers may still move the edition's dates (a judging deadline can be extended while judges score).
    timeline_open: bool
    # Organisers may still change the certificate signatories and their signature images.
    signatories_open: bool
    # The rounds (desk, finals; names, weights, dates, shortlist rules) may change; frozen once judging opens.
    rounds_open: bool
    # Companies register, sign the NDA, draft and submit entries (within the registration dates).
    registration_open: bool
    # Organisers review submitted entries (accept, return to the entrant, withdraw) and grant later entry
    # deadlines; only accepted entries are judged. Closed once judging opens: the entries are frozen then.
    eligibility_review_open: bool
    # The panel can change: judges invited, agreements signed, conflicts declared or withdrawn.
    panel_open: bool
    # Organisers assign judges to entries (and judges recuse themselves).
    assignments_open: bool
    # Judges read their entries and score them; sealed scorecards may be reopened.
    scoring_open: bool
    # Judging has not started yet: judges see "not open yet", not "closed".
    before_judging: bool
    # The edition key may still be replaced (the key ceremony held again), if no scorecard is sealed.
    rekey_allowed: bool
    # Judging may be opened from here (after its own checks).
    judging_can_open: bool
    # The judging may be sealed from here.
    seal_allowed: bool
    # The commitment (Merkle root and count) exists and is public.
    commitment_public: bool
    # The key holders may unseal the results from here.
    reveal_allowed: bool
    # Organisers see the results: ranking, winners, the award-night pack and presenter screen.
    results_known: bool
    # The winners may be published from here.
    publish_allowed: bool
    # Winners, certificates and feedback reports are public / with their participants.
    published: bool

    @property
    def label(self) -> str:
        return str(State(self.state).label)


def _phase(state: str, *allowed: str) -> Phase:
    names = {field.name for field in fields(Phase)} - {"state"}
    unknown = set(allowed) - names
    if unknown:
        raise ValueError(f"Unknown lifecycle flag(s): {sorted(unknown)}")
    return Phase(state=state, **{name: name in allowed for name in names})


PHASES: dict[str, Phase] = {
    State.DRAFT: _phase(
        State.DRAFT, "setup_open", "timeline_open", "signatories_open", "rounds_open", "panel_open", "before_judging",
        "rekey_allowed",
    ),
    State.REGISTRATION: _phase(
        State.REGISTRATION, "announced", "setup_open", "timeline_open", "signatories_open", "rounds_open",
        "registration_open", "eligibility_review_open", "panel_open", "assignments_open", "before_judging",
        "rekey_allowed", "judging_can_open",
    ),
    State.JUDGING: _phase(
        State.JUDGING, "announced", "timeline_open", "signatories_open", "panel_open", "assignments_open",
        "scoring_open", "rekey_allowed", "seal_allowed",
    ),
    State.SEALED: _phase(State.SEALED, "announced", "signatories_open", "commitment_public", "reveal_allowed"),
    State.REVEALED: _phase(
        State.REVEALED, "announced", "signatories_open", "commitment_public", "results_known", "publish_allowed",
    ),
    State.PUBLISHED: _phase(State.PUBLISHED, "announced", "commitment_public", "results_known", "published"),
}


def phase_of(state: str) -> Phase:
    """The phase of a state value (``edition.state``)."""
    return PHASES[state]


def states_where(flag: str) -> tuple[str, ...]:
    """The states whose phase has ``flag`` set, in lifecycle order (for queries: ``state__in=...``)."""
    if flag not in {field.name for field in fields(Phase)} - {"state"}:
        raise ValueError(f"Unknown lifecycle flag: {flag}")
    return tuple(state for state in ORDER if getattr(PHASES[state], flag))


def next_state(state: str) -> str | None:
    """The only state an edition may move to from ``state``, or None once it is published."""
    index = ORDER.index(state)
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def reached(state: str, milestone: str) -> bool:
    """Whether an edition in ``state`` has reached ``milestone`` (is in it or past it): the checklist's "done"."""
    return ORDER.index(state) >= ORDER.index(milestone)


def is_backwards(*, current: str, target: str) -> bool:
    return ORDER.index(target) < ORDER.index(current)


@dataclass(frozen=True)
class RoundPhase:
    """What one round allows, from its edition's phase and where the round stands. Rounds run in order: a
    round opens when every earlier round is shortlisted."""

    # Judges score this round now (drafts, seals); a sealed round refuses scorecards.
    scoring_open: bool
    # Organisers may assign judges to this round's entries.
    assignments_open: bool
    # This round may be sealed now (the final round's seal is the edition's seal).
    seal_allowed: bool
    # The key holders may reveal this round's shortlist now (a sealed non-final round, once).
    shortlist_reveal_allowed: bool
    # The finalists of this round are known (after its shortlist reveal).
    finalists_known: bool


def round_phase(*, edition_state: str, is_final: bool, sealed: bool, shortlisted: bool,
                earlier_done: bool) -> RoundPhase:
    """The phase of a round. ``earlier_done``: every earlier round of the edition is shortlisted."""
    edition = PHASES[edition_state]
    current = earlier_done and not sealed
    return RoundPhase(
        scoring_open=edition.scoring_open and current,
        assignments_open=edition.assignments_open and current,
        seal_allowed=edition.seal_allowed and current,
        shortlist_reveal_allowed=(not is_final) and sealed and not shortlisted,
        finalists_known=(not is_final) and shortlisted,
    )
