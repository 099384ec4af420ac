"""The two-round demo edition's mystery calls and site visits: an assessor who signed the judges' agreement, the
finalists' service numbers, a few sealed call logs per finalist, a site-visit checklist per finals category and
one sealed visit to a finalist of each, so a new user sees the assessor's page and the organiser's counts now and
the measured figures beside the claims after the reveal. No criterion maps the evidence: the tallies stay the
judges' scores alone. Called by judging.demo_rounds."""

import datetime as dt
import random

from django.utils import timezone

from awards.models import Category, Edition, Entry, NdaVersion
from judging.demo import _sign, _users
from judging.demo_content import JUDGE_PASSWORD
from judging.models import Assessor
from judging.permissions import entries_callable_by
from judging.services.call_logs import call_log_submit
from judging.services.site_visits import checklist_item_add, site_visit_submit

ASSESSOR_EMAIL = "asesor@cct-awards.example"
ASSESSOR_NAME = ("Ratna", "Wijayanti")
CALLS_PER_FINALIST = 4
NOTES = (
    "Agen ramah, menjawab pertanyaan tarif dengan jelas.",
    "IVR panjang; pilihan menu tidak menyebut keluhan.",
    "Petugas memeriksa data dan memberi nomor tiket.",
    "",
)
# The checklist every finals category gets: (code, English label, Indonesian label).
CHECKLIST = (
    ("wallboard", "Live service-level wallboard visible to agents", "Papan pantau tingkat layanan terlihat oleh agen"),
    ("coaching", "Coaching records for the last month", "Catatan coaching satu bulan terakhir"),
    ("knowledge", "Knowledge base up to date and searchable", "Basis pengetahuan mutakhir dan mudah dicari"),
    ("ergonomics", "Workstations and headsets in good order", "Meja kerja dan headset dalam kondisi baik"),
    ("continuity", "Business-continuity plan tested this year", "Rencana kelangsungan usaha diuji tahun ini"),
)
VISIT_NOTES = (
    "Ruang operasional rapi; supervisor menjelaskan alur eskalasi dengan jelas.",
    "Tim menunjukkan dasbor harian; rencana kelangsungan usaha belum diuji tahun ini.",
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


def _checklists(*, edition: Edition, actor) -> list[Category]:
    """CHECKLIST for every corporate category (the finals categories an assessor may visit)."""
    categories = list(
        Category.objects.filter(edition=edition).exclude(kind=Category.Kind.INDIVIDUAL).order_by("ceremony_order")
    )
    for category in categories:
        for code, label_en, label_id in CHECKLIST:
            checklist_item_add(category=category, code=code, label_en=label_en, label_id=label_id, actor=actor)
    return categories


def _answers(rng: random.Random) -> dict:
    answers = {}
    for code, _label_en, _label_id in CHECKLIST:
        answer = rng.choices(["yes", "no", "not_seen"], weights=[7, 2, 1])[0]
        answers[code] = (answer, "" if answer == "yes" else "Tidak ditunjukkan saat kunjungan.")
    return answers


def assessor_visits(*, assessor: Assessor, actor) -> int:
    """The finals categories' checklists and one sealed visit by the assessor to the first finalist of each."""
    categories = _checklists(edition=assessor.edition, actor=actor)
    today = timezone.localdate()
    entries = entries_callable_by(assessor).order_by("pk")
    count = 0
    for index, category in enumerate(categories):
        entry = entries.filter(category=category).first()
        if entry is None:
            continue
        rng = random.Random(f"visit|{entry.company.legal_name}")
        visit = {
            "visited_on": today - dt.timedelta(days=3 + index),
            "answers": _answers(rng),
            "notes": VISIT_NOTES[index % len(VISIT_NOTES)],
        }
        site_visit_submit(assessor=assessor, entry=entry, visit=visit, actor=assessor.user)
        count += 1
    return count
