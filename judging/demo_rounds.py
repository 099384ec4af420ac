"""The two-round demo edition: the same companies, entries and panel as cct-2026, judged in a blind-capable
desk round (sealed, its shortlist revealed by two key holders) and then the finals (open for scoring), so a
new user can walk through both rounds. Built once by `manage.py demo_data`."""

import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from awards.demo_content import JUDGE_NDA, ORGANISER_EMAIL, PARTICIPANT_NDA
from awards.models import Category, Edition, NdaVersion
from awards.services.editions import edition_transition
from judging import sealing
from judging.demo import (
    HOLDERS,
    THRESHOLD,
    _categories,
    _companies,
    _conflicts,
    _edition,
    _entries,
    _judges,
    _key_holders,
    _nda,
    _panels,
    _rubrics,
    _scorecards,
    accept_entries,
    share_file_name,
)
from judging.demo_calls import assessor_calls, assessor_visits
from judging.demo_content import EDITION
from judging.finals.demo import build_finals_day_demo
from judging.models import Assignment, PanelMember
from judging.selectors.rounds import finalists_of
from judging.services.assignment_plan import assignment_plan
from judging.services.assignments import assignment_add, assignment_apply
from judging.services.conflicts import conflicts_refresh_automatic
from judging.services.keys import edition_open_judging, key_ceremony_create
from judging.services.rounds import category_round_set, round_seal, rounds_configure
from judging.services.shortlist import shortlist_reveal

ROUNDS_EDITION = dict(EDITION, slug="cct-2026-dua-babak", name="Call Center Terbaik Indonesia 2026 (dua babak)")
FINALISTS_PER_CATEGORY = 3
FINALS_JUDGES = 3
BLIND_CATEGORY_INDEX = 0  # the first category's desk round is blind


def _write(shares_dir: Path, slug: str, texts: list[str]) -> list[Path]:
    shares_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    paths = []
    for index, text in enumerate(texts, start=1):
        path = shares_dir / share_file_name(slug, index)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        paths.append(path)
    return paths


def _finals_assignments(*, desk, final, actor) -> int:
    """Each finalist gets up to FINALS_JUDGES judges of its category's panel, skipping conflicted ones."""
    count = 0
    for finalist in finalists_of(round=desk):
        entry = finalist.entry
        placed = 0
        members = PanelMember.objects.filter(category=entry.category).select_related("judge")
        for member in members.order_by("judge__pseudonym"):
            if placed == FINALS_JUDGES:
                break
            try:
                assignment_add(round=final, entry=entry, judge=member.judge, actor=actor)
            except ValidationError:
                continue  # a conflict of interest: the next panel member
            placed += 1
            count += 1
    return count


def _build(*, organiser, stdout, shares_dir: Path) -> None:
    edition = _edition(timezone.now(), ROUNDS_EDITION)
    categories = _categories(edition)
    participant_nda = _nda(edition, NdaVersion.Audience.PARTICIPANT, PARTICIPANT_NDA, organiser)
    judge_nda = _nda(edition, NdaVersion.Audience.JUDGE, JUDGE_NDA, organiser)
    edition_transition(edition=edition, to_state=Edition.State.REGISTRATION, actor=organiser)
    companies = _companies(edition=edition, nda=participant_nda)
    hidden = _entries(categories=categories, companies=companies, edition=edition)
    _rubrics(categories=categories, actor=organiser)
    judges = _judges(edition=edition, nda=judge_nda)
    _conflicts(judges=judges, companies=companies)
    for judge in judges:  # the e-mail domain conflicts now, so no assignment is made and then withdrawn
        conflicts_refresh_automatic(judge=judge)
    _panels(categories=categories, judges=judges, actor=organiser)
    desk, final = rounds_configure(
        edition=edition, desk=True, actor=organiser, desk_name="Penilaian berkas / Desk round", desk_weight=30,
        final_name="Presentasi dan wawancara / Finals",
    )
    ordered = list(Category.objects.filter(edition=edition).order_by("ceremony_order", "code"))
    for index, category in enumerate(ordered):
        category_round_set(round=desk, category=category, top_n=FINALISTS_PER_CATEGORY,
                           blind=index == BLIND_CATEGORY_INDEX, actor=organiser)
    holder_keys = [sealing.holder_key_generate() for _index in range(HOLDERS)]
    ceremony, handed_out = key_ceremony_create(
        edition=edition, holders=_key_holders(organiser), threshold=THRESHOLD, actor=organiser,
        holder_public_keys=[key.public_key().public_bytes_raw() for key in holder_keys],
    )
    holder_files = [sealing.holder_file_text(key, encrypted)
                    for key, (_holder, encrypted) in zip(holder_keys, handed_out, strict=True)]
    accept_entries(edition=edition, organiser=organiser)
    edition_open_judging(edition=edition, actor=organiser)
    plan = assignment_plan(round=desk, categories=ordered)
    assignment_apply(plan=plan, actor=organiser)
    desk_cards = _scorecards(edition=edition, final=desk, hidden=hidden)
    desk_seal = round_seal(edition=edition, number=desk.number, actor=organiser)
    shortlist_reveal(edition=edition, number=desk.number, texts=holder_files[:THRESHOLD], actor=organiser)
    finals = _finals_assignments(desk=desk, final=final, actor=organiser)
    assessor, calls = assessor_calls(edition=edition, judge_nda=judge_nda)
    visits = assessor_visits(assessor=assessor, actor=organiser)
    finals_day = build_finals_day_demo(edition=edition, actor=organiser)
    finals = Assignment.objects.filter(round=final).count()
    paths = _write(shares_dir, edition.slug, holder_files)
    desk_seal.refresh_from_db()
    stdout.write(
        f"Edition {edition.slug}: {edition.name} ({edition.get_state_display()}), two rounds: desk round sealed "
        f"({desk_cards} scorecards, root {desk_seal.root}) and shortlisted (commitment "
        f"{desk_seal.shortlist_commitment}); finals open with {finals} assignments; {finals_day}\n"
    )
    stdout.write(f"Edition {edition.slug}: {calls} sealed mystery-call logs and {visits} sealed site visits by the "
                 f"assessor {assessor.full_name} ({assessor.user.email}, the judges' password and authenticator)\n")
    for path in paths:
        stdout.write(f"Key file written to {path}\n")


@transaction.atomic
def build_rounds_demo(*, stdout, shares_dir: Path) -> None:
    """Create (once) the two-round edition; needs the people of the other demo editions."""
    organiser = get_user_model().objects.get(username=ORGANISER_EMAIL)
    edition = Edition.objects.filter(slug=ROUNDS_EDITION["slug"]).first()
    if edition is None:
        _build(organiser=organiser, stdout=stdout, shares_dir=Path(shares_dir))
    else:
        stdout.write(f"Edition {edition.slug}: {edition.name} ({edition.get_state_display()}) exists, left as it is\n")
