"""Helpers of the panel tests (h3a): a small standing cast and a sealed-scorecard stand-in."""

import hashlib
import os
from types import SimpleNamespace

from django.utils import timezone

from awards.models import NdaAcceptance, NdaVersion
from judging.models import PanelMember, SealedScorecard
from judging.services.assignments import round_get_or_create_final
from tests.factories import (
    CategoryFactory,
    CompanyFactory,
    ContactFactory,
    EditionFactory,
    NdaVersionFactory,
    OrganiserFactory,
    UserFactory,
)
from tests.judging.factories import JudgeFactory, SubmittedEntryFactory


def judge_nda(edition) -> NdaVersion:
    return NdaVersionFactory(
        edition=edition,
        audience=NdaVersion.Audience.JUDGE,
        title_en="Judges' Confidentiality Agreement",
        title_id="Perjanjian Kerahasiaan Juri",
    )


def sign_judge_nda(judge, version: NdaVersion) -> NdaAcceptance:
    return NdaAcceptance.objects.create(
        version=version,
        user=judge.user,
        signer_name=judge.full_name,
        signer_title=judge.job_title,
        text_sha256=version.text_sha256,
    )


def seal_stand_in(*, judge, entry, round) -> SealedScorecard:  # noqa: A002
    """A sealed scorecard row as the scoring code leaves it (opaque bytes; nobody reads them here)."""
    ciphertext = os.urandom(48)
    return SealedScorecard.objects.create(
        edition=round.edition,
        round=round,
        entry=entry,
        judge=judge,
        ciphertext=ciphertext,
        receipt=hashlib.sha256(ciphertext).hexdigest(),
        sealed_at=timezone.now(),
    )


def cast(*, signed: bool = True):
    """alice and bob judge (both signed), carol organises, dave acts for company A; two entries in one category."""
    edition = EditionFactory()
    category = CategoryFactory(edition=edition, min_judges=2)
    company_a = CompanyFactory(legal_name="PT Alpha Kontak")
    company_b = CompanyFactory(legal_name="PT Beta Layanan")
    dave = ContactFactory(company=company_a, user=UserFactory(username="dave@alpha.example.test")).user
    entry_a = SubmittedEntryFactory(category=category, company=company_a)
    entry_b = SubmittedEntryFactory(category=category, company=company_b)
    alice = JudgeFactory(edition=edition, full_name="Alice Hartono")
    bob = JudgeFactory(edition=edition, full_name="Bob Santoso")
    for judge in (alice, bob):
        PanelMember.objects.create(category=category, judge=judge)
    version = judge_nda(edition)
    if signed:
        sign_judge_nda(alice, version)
        sign_judge_nda(bob, version)
    return SimpleNamespace(
        edition=edition,
        category=category,
        company_a=company_a,
        company_b=company_b,
        entry_a=entry_a,
        entry_b=entry_b,
        alice=alice,
        bob=bob,
        carol=OrganiserFactory(username="carol@panitia.example.test"),
        dave=dave,
        nda=version,
        round=round_get_or_create_final(edition=edition),
    )
