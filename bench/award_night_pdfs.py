"""Time the award-night PDFs for a full edition (16 categories, 49 awards) in one WeasyPrint document.

Run on demand, against a throw-away database:
    DATABASE_URL=sqlite:////tmp/bench-award-night.sqlite3 python bench/award_night_pdfs.py [--out DIR]
It migrates that database, (re)creates the edition "bench-award-night" in state `revealed`, and
prints the seconds each PDF took.
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from awards.models import Award, Category, Company, CompanyContact, Edition, Entry  # noqa: E402
from awards.selectors import entry_number_next  # noqa: E402

SLUG = "bench-award-night"
CATEGORIES = [
    ("Contact Center Terbaik — Korporasi Besar", "Best Contact Centre — Large Enterprise", "corporate"),
    ("Contact Center Terbaik — Korporasi Menengah", "Best Contact Centre — Medium Enterprise", "corporate"),
    ("Contact Center Terbaik — Korporasi Kecil", "Best Contact Centre — Small Enterprise", "corporate"),
    ("Inovasi Teknologi Layanan Pelanggan", "Customer Service Technology Innovation", "corporate"),
    ("Layanan Omnichannel Terbaik", "Best Omnichannel Service", "corporate"),
    ("Pengelolaan SDM Contact Center Terbaik", "Best Contact Centre People Management", "corporate"),
    ("Infrastruktur Contact Center Terbaik", "Best Contact Centre Infrastructure", "corporate"),
    ("Komunikasi Pelanggan Terbaik", "Best Customer Communication", "corporate"),
    ("Layanan Publik Terbaik", "Best Public Service Contact Centre", "corporate"),
    ("Layanan Digital Terbaik", "Best Digital Self-Service", "corporate"),
    ("Program Pelatihan Agen Terbaik", "Best Agent Training Programme", "corporate"),
    ("Manajer Contact Center Terbaik", "Contact Centre Manager of the Year", "individual"),
    ("Supervisor Terbaik", "Supervisor of the Year", "individual"),
    ("Agen Terbaik", "Agent of the Year", "individual"),
    ("Pelatih Terbaik", "Trainer of the Year", "individual"),
]
COMPANIES = [
    "PT Bank Nusantara Sejahtera Tbk", "PT Telekomunikasi Cakrawala", "PT Asuransi Jiwa Merdeka",
    "PT Pelayaran Samudra Raya", "PT Energi Listrik Andalas", "PT Kereta Cepat Priangan",
    "PT Niaga Daring Indonesia", "PT Layanan Kesehatan Bhakti", "BPJS Layanan Prima",
    "PT Solusi Kontak Mandiri", "PT Bank Syariah Amanah", "PT Garuda Logistik Express",
]
NOMINEES = ["Ratna Sari Dewi", "Agus Prasetyo", "Dewi Lestari Putri", "Muhammad Rizky Ramadhan"]


def build() -> Edition:
    Edition.objects.filter(slug=SLUG).update(state=Edition.State.REVEALED)
    Award.objects.filter(edition__slug=SLUG).delete()
    Entry.objects.filter(category__edition__slug=SLUG).delete()
    Category.objects.filter(edition__slug=SLUG).delete()
    now = timezone.now()
    edition, _ = Edition.objects.update_or_create(
        slug=SLUG,
        defaults={
            "name": "Call Center Terbaik Indonesia 2030",
            "year": 2030,
            "state": Edition.State.REVEALED,
            "registration_opens": now - dt.timedelta(days=90),
            "registration_closes": now - dt.timedelta(days=60),
            "judging_opens": now - dt.timedelta(days=50),
            "judging_closes": now - dt.timedelta(days=20),
            "award_night": now.replace(month=8, day=17, hour=19, minute=0),
            "venue": "Hotel Mulia Senayan, Jakarta",
            "chair_name": "Prof. Dr. Ratna Wijaya, M.M.",
            "chair_title": "Ketua Dewan Juri · Chair of the Jury",
            "organiser_name": "Budi Santoso",
            "organiser_title": "Ketua Panitia · Chair of the Organising Committee",
        },
    )
    companies = []
    for index, name in enumerate(COMPANIES):
        company, _ = Company.objects.get_or_create(
            legal_name=name,
            defaults={"sector": "banking", "address": "Jl. Sudirman", "city": "Jakarta", "agent_seats": 100 + index},
        )
        companies.append(company)
    code = 0
    for order, (name_id, name_en, kind) in enumerate(CATEGORIES, start=1):
        category = Category.objects.create(
            edition=edition, code=f"c{order:02d}", name_id=name_id, name_en=name_en, kind=kind,
            ceremony_order=order,
        )
        for position in range(5):
            company = companies[(order * 3 + position) % len(companies)]
            entry = Entry.objects.create(
                company=company, category=category, title=f"{name_en} — {company.legal_name}",
                number=entry_number_next(edition=edition),
                status=Entry.Status.SUBMITTED, submitted_at=now,
                nominee_name=NOMINEES[(order + position) % len(NOMINEES)] if kind == "individual" else "",
            )
            if position < 3:
                code += 1
                Award.objects.create(
                    edition=edition, category=category, entry=entry,
                    kind=[Award.Kind.WINNER, Award.Kind.FIRST_RUNNER_UP, Award.Kind.SECOND_RUNNER_UP][position],
                    rank=position + 1, score="80.00", certificate_code=f"CCT30-{code:03d}-{(code * 7919) % 9973:04d}",
                )
    medals = Category.objects.create(
        edition=edition, code="c16", name_id="Penghargaan Keunggulan Layanan", name_en="Service Excellence Award",
        ceremony_order=16, award_mode="medals", platinum_threshold=90, gold_threshold=80, silver_threshold=70,
        bronze_threshold=60,
    )
    for position, kind in enumerate([Award.Kind.PLATINUM, Award.Kind.GOLD, Award.Kind.SILVER, Award.Kind.BRONZE]):
        company = companies[position]
        entry = Entry.objects.create(
            company=company, category=medals, title=f"Excellence — {company.legal_name}",
            number=entry_number_next(edition=edition),
            status=Entry.Status.SUBMITTED, submitted_at=now,
        )
        code += 1
        Award.objects.create(
            edition=edition, category=medals, entry=entry, kind=kind, rank=position + 1, score="80.00",
            certificate_code=f"CCT30-{code:03d}-{(code * 7919) % 9973:04d}",
        )
    for company in companies[:1]:
        if not CompanyContact.objects.filter(company=company).exists():
            from django.contrib.auth import get_user_model

            user, _ = get_user_model().objects.get_or_create(username="contact@bench.test", email="contact@bench.test")
            CompanyContact.objects.create(user=user, company=company, full_name="Siti Rahma")
    return edition


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, help="write the PDFs into this folder")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    edition = build()
    from awards.award_night import certificates_pdf, running_order_pdf

    for name, build_pdf in (("certificates.pdf", certificates_pdf), ("running-order.pdf", running_order_pdf)):
        started = time.perf_counter()
        pdf = build_pdf(edition=edition)
        seconds = time.perf_counter() - started
        print(f"{name}: {edition.awards.count()} awards, {len(pdf) // 1024} KiB, {seconds:.2f} s")
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / name).write_bytes(pdf)


if __name__ == "__main__":
    main()
