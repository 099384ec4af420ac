"""The two-round demo edition's mystery calls: an assessor who signed the judges' agreement, the finalists'
service numbers, and a few sealed call logs per finalist, so a new user sees the assessor's page now and the
measured figures beside the claims after the reveal. Called by judging.demo_rounds."""

import datetime as dt
import random

from django.utils import timezone

from awards.models import Category, Edition, Entry, NdaVersion
from judging.demo import _sign, _users
from judging.demo_content import JUDGE_PASSWORD
from judging.models import Assessor
from judging.permissions import entries_callable_by
from judging.services.call_logs import call_log_submit

ASSESSOR_EMAIL = "asesor@cct-awards.example"
ASSESSOR_NAME = ("Ratna", "Wijayanti")
CALLS_PER_FINALIST = 4
NOTES = (
    "Agen ramah, menjawab pertanyaan tarif dengan jelas.",
    "IVR panjang; pilihan menu tidak menyebut keluhan.",
    "Petugas memeriksa data dan memberi nomor tiket.",
    "",
)


def service_numbers_set(*, edition: Edition) -> None:
    """Every corporate entry publishes a service number (a made-up Jakarta 1500 number and a WhatsApp line)."""
    entries = Entry.objects.filter(category__edition=edition).exclude(category__kind=Category.Kind.INDIVIDUAL)
    for entry in entries.order_by("pk"):
        entry.mystery_call_numbers = f"1500-{entry.number:03d} · WhatsApp +62 811-0{entry.number:03d}-2026"
        entry.save(update_fields=["mystery_call_numbers"])


def _call(rng: random.Random, now: dt.datetime, index: int) -> dict:
    called_at = now - dt.timedelta(hours=6 + 13 * index, minutes=rng.randrange(60))
    channel = rng.choice(["phone", "phone", "whatsapp", "chat"])
    if rng.random() < 0.15:
        return {
            "called_at": called_at,
            "channel": channel,
            "answered": False,
            "abandoned_after": rng.randrange(60, 240),
        }
    return {
        "called_at": called_at,
        "channel": channel,
        "answered": True,
        "answer_seconds": rng.randrange(4, 55),
        "answered_by": "person" if rng.random() < 0.85 else "ivr",
        "resolved": rng.random() < 0.75,
        "courtesy": rng.randrange(6, 11),
        "accuracy": rng.randrange(5, 11),
        "notes": rng.choice(NOTES),
    }


def assessor_calls(*, edition: Edition, judge_nda: NdaVersion) -> tuple[Assessor, int]:
    """The demo assessor (signed, enrolled with the demo authenticator) and their sealed call logs."""
    service_numbers_set(edition=edition)
    email = ASSESSOR_EMAIL
    user = _users([(email, *ASSESSOR_NAME)], JUDGE_PASSWORD, two_factor=True)[email]
    assessor = Assessor(
        edition=edition,
        user=user,
        full_name=" ".join(ASSESSOR_NAME),
        organisation="Lembaga Survei Layanan",
        pseudonym="Assessor 01",
    )
    assessor.full_clean()
    assessor.save()
    _sign(
        version=judge_nda,
        user=user,
        company=None,
        signer_name=assessor.full_name,
        signer_title="Asesor",
        when=timezone.now(),
    )
    now = timezone.now()
    count = 0
    for entry in entries_callable_by(assessor).order_by("pk"):
        rng = random.Random(f"calls|{entry.company.legal_name}")
        for index in range(CALLS_PER_FINALIST):
            call_log_submit(assessor=assessor, entry=entry, call=_call(rng, now, index), actor=user)
            count += 1
    return assessor, count
