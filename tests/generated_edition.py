"""Generated editions, larger than the standing cast's (tests/cast.py): for the seal, reveal, export and
verification tests, which are marked slow.

`edition_generate`: categories with rubrics (two criteria per area), companies, submitted entries,
judges, a final round, assignments, a key ceremony with holders, and sealed scorecards with plausible,
varied scores: every judge seals every entry. `snapshot` and `audit_actions` read what a failed seal or
reveal must leave as it was.
"""

import datetime as dt
import io
import random
import zipfile
from dataclasses import dataclass, field

from django.utils import timezone

from awards.models import AuditEvent, Award, Category, Edition, Entry
from bench.world import rubric_create  # the same small rubric the benchmark builds
from judging import sealing
from judging.models import (
    AREA_ORDER,
    Assignment,
    Judge,
    KeyCeremony,
    KeyHolder,
    Reveal,
    Round,
    Seal,
    SealedScorecard,
)
from judging.services.scoring import scorecard_info
from tests.factories import (
    CategoryFactory,
    CompanyFactory,
    EditionFactory,
    OrganiserFactory,
    SubmittedEntryFactory,
    UserFactory,
)


@dataclass
class GeneratedEdition:
    edition: Edition
    organiser: object
    round: Round
    categories: list[Category]
    entries: list[Entry]
    judges: list[Judge]
    key: sealing.CeremonyResult
    holders: list[KeyHolder]
    scorecards: list[SealedScorecard] = field(default_factory=list)

    @property
    def share_texts(self) -> list[str]:
        return list(self.key.share_texts)


def scorecard_seal_row(
    *,
    generated: GeneratedEdition,
    entry: Entry,
    judge: Judge,
    scores: dict,
    version: int = 1,
    comment: str | None = None,
    notes: dict | None = None,
):
    """Seal one scorecard the way the scoring service does (payload agreed with it)."""
    edition = generated.edition
    payload = {
        "scores": scores,
        "notes": {"people": "Strong coaching culture."} if notes is None else notes,
        "comment": f"Feedback for {entry.reference}." if comment is None else comment,
        "edition": edition.slug,
        "round": generated.round.number,
        "entry": entry.pk,
        "judge": judge.pseudonym,
        "version": version,
    }
    info = scorecard_info(edition=edition, round=generated.round, judge=judge, entry=entry, version=version)
    ciphertext = sealing.scorecard_encrypt(payload=payload, public_key_bytes=generated.key.public_key, info=info)
    SealedScorecard.objects.filter(round=generated.round, entry=entry, judge=judge, is_latest=True).update(
        is_latest=False
    )
    card = SealedScorecard.objects.create(
        edition=edition,
        round=generated.round,
        entry=entry,
        judge=judge,
        version=version,
        ciphertext=ciphertext,
        receipt=sealing.receipt_of(ciphertext),
        sealed_at=timezone.now(),
    )
    generated.scorecards.append(card)
    return card


def edition_generate(
    *,
    categories: int = 2,
    entries_per_category: int = 3,
    judges: int = 4,
    holders: int = 3,
    threshold: int = 2,
    seed: int = 7,
    medals: bool = False,
) -> GeneratedEdition:
    """An edition in state `judging` whose every judge has sealed a scorecard for every entry."""
    rng = random.Random(seed)
    now = timezone.now()
    edition = EditionFactory(
        state=Edition.State.JUDGING,
        year=2040,  # the factory's year sequence leaves 2000-2100 after ~70 editions in one test process
        registration_opens=now - dt.timedelta(days=60),
        registration_closes=now - dt.timedelta(days=30),
        judging_opens=now - dt.timedelta(days=29),
        judging_closes=now + dt.timedelta(days=1),
    )
    organiser = OrganiserFactory()
    final = Round.objects.create(edition=edition, number=1, name="Final")
    key = sealing.ceremony_create(holders=holders, threshold=threshold)
    ceremony = KeyCeremony.objects.create(
        edition=edition,
        threshold=threshold,
        holders_count=holders,
        public_key=key.public_key,
        fingerprint=key.fingerprint,
        wrapped_private_key=key.wrapped_private_key,
        created_by=organiser,
    )
    holder_rows = [
        KeyHolder.objects.create(
            ceremony=ceremony,
            user=UserFactory(first_name=f"Holder{index}", last_name="Key", two_factor=True),
            index=share.index,
            commitment=commitment,
        )
        for index, (share, commitment) in enumerate(zip(key.shares, key.commitments, strict=True), start=1)
    ]
    judge_rows = [
        Judge.objects.create(
            edition=edition,
            user=UserFactory(two_factor=True),
            full_name=f"Secret Judge Name {number}",
            pseudonym=f"Judge {number:02d}",
        )
        for number in range(1, judges + 1)
    ]
    category_rows, entry_rows = [], []
    for number in range(categories):
        extra = {}
        if medals and number % 2 == 1:
            extra = {
                "award_mode": Category.AwardMode.MEDALS,
                "platinum_threshold": 85,
                "gold_threshold": 70,
                "silver_threshold": 55,
                "bronze_threshold": 40,
            }
        category = CategoryFactory(edition=edition, ceremony_order=number, min_judges=3, **extra)
        rubric_create(category, weights=(25, 25, 25, 25) if number % 2 == 0 else (20, 30, 30, 20))
        category_rows.append(category)
        for _ in range(entries_per_category):
            entry_rows.append(SubmittedEntryFactory(category=category, company=CompanyFactory(), submitted_at=now))
    generated = GeneratedEdition(
        edition=edition,
        organiser=organiser,
        round=final,
        categories=category_rows,
        entries=entry_rows,
        judges=judge_rows,
        key=key,
        holders=holder_rows,
    )
    bias = {judge.pk: rng.choice([-1, 0, 0, 1]) for judge in judge_rows}
    for entry in entry_rows:
        quality = rng.randint(4, 9)
        for judge in judge_rows:
            Assignment.objects.create(round=final, entry=entry, judge=judge, created_by=organiser)
            scores = {
                f"{area}-{number}": max(1, min(10, quality + bias[judge.pk] + rng.randint(-1, 1)))
                for area in AREA_ORDER
                for number in (1, 2)
            }
            scorecard_seal_row(generated=generated, entry=entry, judge=judge, scores=scores)
    return generated


def snapshot(edition: Edition) -> dict:
    """What a failed seal or reveal must leave exactly as it was (audit rows excepted: compare those apart)."""
    edition.refresh_from_db()
    return {
        "state": edition.state,
        "seals": list(Seal.objects.filter(edition=edition).values()),
        "reveals": list(Reveal.objects.filter(edition=edition).values_list("pk", flat=True)),
        "awards": list(Award.objects.filter(edition=edition).values()),
        "scorecards": list(
            SealedScorecard.objects.filter(edition=edition).values_list("pk", "receipt", "is_latest", "version")
        ),
        "holders": list(KeyHolder.objects.filter(ceremony__edition=edition).values()),
        "ceremonies": list(KeyCeremony.objects.filter(edition=edition).values_list("pk", "is_active", "fingerprint")),
    }


def audit_actions(edition: Edition | None = None) -> list[str]:
    events = AuditEvent.objects.order_by("seq")
    if edition is not None:
        events = events.filter(edition=edition)
    return list(events.values_list("action", flat=True))


def generated_sealed(**kwargs) -> GeneratedEdition:
    """`edition_generate(**kwargs)`, sealed by its organiser."""
    from judging.services.seal import edition_seal

    generated = edition_generate(**kwargs)
    edition_seal(edition=generated.edition, actor=generated.organiser)
    return generated


def generated_revealed(*, unscored: int = 0, **kwargs) -> GeneratedEdition:
    """`edition_generate(**kwargs)` sealed and revealed with the first two holders' shares; the first
    `unscored` entries lose their scorecards before the seal."""
    from judging.services.reveal import edition_reveal
    from judging.services.seal import edition_seal

    generated = edition_generate(**kwargs)
    for entry in generated.entries[:unscored]:
        entry.sealed_scorecards.all().delete()
    edition_seal(edition=generated.edition, actor=generated.organiser)
    edition_reveal(edition=generated.edition, shares=generated.share_texts[:2], actor=generated.organiser)
    generated.edition.refresh_from_db()
    return generated


def unzip(pack: bytes) -> dict[str, bytes]:
    """The files of a results pack (or any zip), by name."""
    with zipfile.ZipFile(io.BytesIO(pack)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
