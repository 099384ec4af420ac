"""What the demo edition says: categories, NDA texts and companies, in Indonesian and English.

Fictitious: the companies, people, addresses and telephone numbers are made up.
"""

from decimal import Decimal

from awards.models import Category, Company, SeatClass

EDITION_SLUG = "cct-2027"

ORGANISER_EMAIL = "organiser@cct-awards.example"
ORGANISER_PASSWORD = "demo-organiser-2027"  # noqa: S105 (a documented demo login)
ADMIN_EMAIL = "admin@cct-awards.example"
ADMIN_PASSWORD = "demo-admin-2027"  # noqa: S105
NUSANTARA_EMAIL = "rina.kusuma@nusantara-telekom.example"
NUSANTARA_PASSWORD = "demo-participant-2027"  # noqa: S105
ARUNIKA_EMAIL = "dimas.pratama@bank-arunika.example"
ARUNIKA_PASSWORD = "demo-participant-2027"  # noqa: S105
# The authenticator-app secret every demo organiser, judge and key holder is enrolled with, so the demo signs
# in with two factors without a phone: `manage.py demo_totp` prints the current code. Demo accounts only.
DEMO_TOTP_SECRET = "CCTAWARDSDEMOSECRETFORTWOFACTORS"  # noqa: S105

MEDALS = {
    "platinum_threshold": Decimal("90"),
    "gold_threshold": Decimal("80"),
    "silver_threshold": Decimal("70"),
    "bronze_threshold": Decimal("60"),
}

CATEGORIES = [
    {
        "code": "ops-small",
        "kind": Category.Kind.CORPORATE,
        "seat_class": SeatClass.SMALL,
        "name_id": "Operasional Contact Center Terbaik — Kelas Kecil",
        "name_en": "Best Contact Centre Operations — Small",
        "description_id": (
            "Untuk contact center dengan kurang dari 50 kursi agen. Juri menilai keandalan layanan, "
            "pencapaian target tingkat layanan, serta cara tim kecil menjaga kualitas di semua kanal."
        ),
        "description_en": (
            "For contact centres with fewer than 50 agent seats. Judges look at service reliability, "
            "service-level results and how a small team keeps quality up across every channel."
        ),
    },
    {
        "code": "ops-medium",
        "kind": Category.Kind.CORPORATE,
        "seat_class": SeatClass.MEDIUM,
        "name_id": "Operasional Contact Center Terbaik — Kelas Menengah",
        "name_en": "Best Contact Centre Operations — Medium",
        "description_id": (
            "Untuk contact center dengan 50 sampai 250 kursi agen. Penilaian mencakup perencanaan tenaga "
            "kerja, pengendalian mutu, dan penyelesaian pada kontak pertama."
        ),
        "description_en": (
            "For contact centres with 50 to 250 agent seats. Judging covers workforce planning, quality "
            "assurance and first-contact resolution."
        ),
    },
    {
        "code": "ops-large",
        "kind": Category.Kind.CORPORATE,
        "seat_class": SeatClass.LARGE,
        "name_id": "Operasional Contact Center Terbaik — Kelas Besar",
        "name_en": "Best Contact Centre Operations — Large",
        "description_id": (
            "Untuk contact center dengan lebih dari 250 kursi agen. Juri menilai tata kelola multi-lokasi, "
            "kesinambungan layanan, dan konsistensi pengalaman pelanggan dalam skala besar."
        ),
        "description_en": (
            "For contact centres with more than 250 agent seats. Judges look at multi-site governance, "
            "business continuity and a consistent customer experience at scale."
        ),
    },
    {
        "code": "infrastructure",
        "kind": Category.Kind.CORPORATE,
        "medals": True,
        "name_id": "Infrastruktur Contact Center Terbaik",
        "name_en": "Best Contact Centre Infrastructure",
        "description_id": (
            "Fasilitas, jaringan, dan rencana pemulihan bencana yang menjaga layanan tetap berjalan. "
            "Penghargaan diberikan dalam bentuk medali sesuai nilai."
        ),
        "description_en": (
            "Facilities, networks and disaster recovery that keep the service running. Awarded as medals "
            "by score band."
        ),
    },
    {
        "code": "technology",
        "kind": Category.Kind.CORPORATE,
        "medals": True,
        "name_id": "Teknologi Contact Center Terbaik",
        "name_en": "Best Contact Centre Technology",
        "description_id": (
            "Pemanfaatan teknologi omnichannel, otomasi, dan analitik untuk layanan yang lebih cepat dan "
            "lebih tepat. Penghargaan diberikan dalam bentuk medali sesuai nilai."
        ),
        "description_en": (
            "Use of omnichannel technology, automation and analytics for faster, more accurate service. "
            "Awarded as medals by score band."
        ),
    },
    {
        "code": "communication",
        "kind": Category.Kind.CORPORATE,
        "name_id": "Desain Komunikasi Terbaik",
        "name_en": "Best Communication Design",
        "description_id": (
            "Naskah, templat, dan materi swalayan yang jelas, santun, dan mudah dipahami pelanggan."
        ),
        "description_en": "Scripts, templates and self-service content that are clear, courteous and easy to follow.",
    },
    {
        "code": "people",
        "kind": Category.Kind.CORPORATE,
        "name_id": "Pengelolaan SDM Terbaik",
        "name_en": "Best People Management",
        "description_id": (
            "Rekrutmen, pelatihan, pembinaan, jenjang karier, dan kesejahteraan agen yang menekan angka "
            "keluar-masuk karyawan."
        ),
        "description_en": (
            "Recruitment, training, coaching, career paths and agent well-being that keep attrition low."
        ),
    },
    {
        "code": "agent",
        "kind": Category.Kind.INDIVIDUAL,
        "name_id": "Agen Terbaik",
        "name_en": "Best Agent",
        "description_id": "Agen garis depan yang konsisten memberikan layanan luar biasa kepada pelanggan.",
        "description_en": "A front-line agent who consistently gives customers outstanding service.",
    },
    {
        "code": "team-leader",
        "kind": Category.Kind.INDIVIDUAL,
        "name_id": "Team Leader Terbaik",
        "name_en": "Best Team Leader",
        "description_id": "Pemimpin tim yang membina agennya dan membawa timnya melampaui target.",
        "description_en": "A team leader who coaches their agents and takes the team beyond its targets.",
    },
    {
        "code": "manager",
        "kind": Category.Kind.INDIVIDUAL,
        "name_id": "Manajer Contact Center Terbaik",
        "name_en": "Best Contact Centre Manager",
        "description_id": (
            "Manajer yang menetapkan arah, mengelola anggaran, dan meningkatkan kinerja contact center "
            "secara berkelanjutan."
        ),
        "description_en": (
            "A manager who sets direction, runs the budget and improves the contact centre's performance "
            "year after year."
        ),
    },
]

PARTICIPANT_NDA = {
    "title_id": "Perjanjian Kerahasiaan Peserta",
    "title_en": "Participant Non-Disclosure Agreement",
    "text_id": """\
Perjanjian ini berlaku antara Panitia Call Center Terbaik Indonesia 2027 ("Panitia") dan perusahaan \
peserta yang diwakili oleh penanda tangan ("Peserta").

1. Informasi Rahasia. Seluruh informasi yang diterima Peserta selama kompetisi, termasuk identitas \
dewan juri yang belum diumumkan, jadwal penilaian, kriteria rinci, dan materi peserta lain, adalah \
informasi rahasia.

2. Kewajiban Peserta. Peserta tidak akan mengungkapkan, menyalin, atau menggunakan informasi rahasia \
untuk tujuan lain selain keikutsertaan dalam kompetisi, dan tidak akan menghubungi anggota dewan juri \
mengenai penilaian sebelum malam penganugerahan.

3. Materi Peserta. Panitia menjaga kerahasiaan dokumen yang diunggah Peserta. Dokumen hanya dapat \
dibuka oleh juri yang ditugaskan dan tidak memiliki benturan kepentingan, serta oleh Panitia untuk \
keperluan administrasi.

4. Kebenaran Data. Peserta menyatakan bahwa data dan klaim dalam materi yang diserahkan benar dan \
dapat dipertanggungjawabkan. Panitia berhak mendiskualifikasi peserta yang memberikan data yang \
menyesatkan.

5. Jangka Waktu. Kewajiban kerahasiaan berlaku sejak penandatanganan sampai dua tahun setelah malam \
penganugerahan.

6. Hukum yang Berlaku. Perjanjian ini tunduk pada hukum Republik Indonesia.""",
    "text_en": """\
This agreement is made between the Call Center Terbaik Indonesia 2027 organising committee (the \
"Organiser") and the participating company represented by the signatory (the "Participant").

1. Confidential information. All information the Participant receives during the competition, \
including the names of judges not yet announced, the judging schedule, the detailed criteria and \
other participants' material, is confidential.

2. The Participant's obligations. The Participant will not disclose, copy or use confidential \
information for any purpose other than taking part in the competition, and will not contact members \
of the panel about the judging before the award night.

3. Entry material. The Organiser keeps the documents the Participant uploads confidential. They are \
opened only by judges assigned to the entry who have no conflict of interest, and by the Organiser \
for administration.

4. Accuracy. The Participant confirms that the figures and claims in its entries are true and can be \
substantiated. The Organiser may disqualify a participant that supplies misleading information.

5. Term. The duty of confidentiality runs from signature until two years after the award night.

6. Governing law. This agreement is governed by the laws of the Republic of Indonesia.""",
}

JUDGE_NDA = {
    "title_id": "Perjanjian Kerahasiaan Dewan Juri",
    "title_en": "Judges' Confidentiality Agreement",
    "text_id": """\
Perjanjian ini berlaku antara Panitia Call Center Terbaik Indonesia 2027 ("Panitia") dan anggota \
dewan juri yang menandatanganinya ("Juri").

1. Kerahasiaan Materi. Juri menjaga kerahasiaan seluruh materi peserta, termasuk presentasi, data \
operasional, dan dokumen pendukung, serta tidak menyalin atau menyebarkannya kepada pihak mana pun.

2. Kerahasiaan Penilaian. Juri tidak mengungkapkan nilai, komentar, atau pendapatnya tentang peserta \
kepada siapa pun, termasuk kepada juri lain dan Panitia, sebelum hasil diumumkan pada malam \
penganugerahan.

3. Benturan Kepentingan. Juri wajib menyatakan setiap hubungan kerja, kepemilikan, atau hubungan \
pribadi dengan peserta. Juri tidak menilai peserta yang memiliki benturan kepentingan dengannya.

4. Independensi. Juri menilai secara mandiri berdasarkan kriteria yang ditetapkan dan tidak menerima \
pemberian dalam bentuk apa pun dari peserta selama kompetisi berlangsung.

5. Jangka Waktu. Kewajiban kerahasiaan berlaku sejak penandatanganan dan tetap berlaku tanpa batas \
waktu untuk nilai dan komentar masing-masing juri.

6. Hukum yang Berlaku. Perjanjian ini tunduk pada hukum Republik Indonesia.""",
    "text_en": """\
This agreement is made between the Call Center Terbaik Indonesia 2027 organising committee (the \
"Organiser") and the member of the judging panel who signs it (the "Judge").

1. Confidential material. The Judge keeps all participants' material confidential, including \
presentations, operational figures and supporting documents, and does not copy or pass it on to anyone.

2. Confidential judging. The Judge does not reveal scores, comments or views on any participant to \
anyone, other judges and the Organiser included, before the results are announced on the award night.

3. Conflicts of interest. The Judge declares every employment, ownership or personal relationship \
with a participant, and does not judge a participant with whom they have a conflict of interest.

4. Independence. The Judge scores independently against the published criteria and accepts no gift \
of any kind from participants while the competition runs.

5. Term. The duty of confidentiality runs from signature and, for each judge's scores and comments, \
has no end date.

6. Governing law. This agreement is governed by the laws of the Republic of Indonesia.""",
}

COMPANIES = [
    {
        "email": NUSANTARA_EMAIL,
        "password": NUSANTARA_PASSWORD,
        "first_name": "Rina",
        "last_name": "Kusuma",
        "company": {
            "legal_name": "PT Nusantara Telekomunikasi Layanan",
            "brand": "NusaTel Care",
            "sector": Company.Sector.TELECOM,
            "address": "Menara Nusantara Lt. 12, Jl. H.R. Rasuna Said Kav. 5, Jakarta Selatan 12940",
            "city": "Jakarta",
            "agent_seats": 320,
            "channels": ["phone", "email", "chat", "sms"],
        },
        "contact": {"full_name": "Rina Kusuma", "job_title": "Head of Customer Care", "phone": "+62 21 5550 1201"},
    },
    {
        "email": ARUNIKA_EMAIL,
        "password": ARUNIKA_PASSWORD,
        "first_name": "Dimas",
        "last_name": "Pratama",
        "company": {
            "legal_name": "PT Bank Arunika Sejahtera Tbk",
            "brand": "Arunika Contact Center",
            "sector": Company.Sector.BANKING,
            "address": "Graha Arunika, Jl. Basuki Rahmat No. 88, Surabaya 60271",
            "city": "Surabaya",
            "agent_seats": 85,
            "channels": ["phone", "email", "chat", "video"],
        },
        "contact": {
            "full_name": "Dimas Pratama",
            "job_title": "Contact Center Division Head",
            "phone": "+62 31 5550 8800",
        },
    },
]
