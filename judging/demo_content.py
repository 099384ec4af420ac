"""What the judging demo edition (cct-2026, in judging) says: categories, companies, entries, judges.

Fictitious: the companies, people, addresses, telephone numbers and figures are made up. ``quality``
is the demo's hidden "true" standard of an entry (on the 1-10 scale): the scores the demo judges
give scatter around it. It is never stored; only the sealed scorecards are.
"""

from awards.models import Category, Company, SeatClass

EDITION = {
    "slug": "cct-2026",
    "name": "Call Center Terbaik Indonesia 2026",
    "year": 2026,
    "venue": "Ballroom Nusantara, Jakarta Convention Hall, Jakarta",
    "chair_name": "Dr. Ratna Wijayanti, M.M.",
    "chair_title": "Ketua Dewan Juri",
    "organiser_name": "Budi Santoso",
    "organiser_title": "Ketua Panitia Penyelenggara",
}
NDA_VERSION_LABEL = "2026.1"

PARTICIPANT_PASSWORD = "demo-participant-2026"  # noqa: S105 (a documented demo login)
JUDGE_PASSWORD = "demo-judge-2026"  # noqa: S105
KEYHOLDER_PASSWORD = "demo-keyholder-2026"  # noqa: S105

# Key holders 2 and 3; key holder 1 is the demo organiser.
KEYHOLDERS = [
    {"email": "keyholder1@cct-awards.example", "first_name": "Sekar", "last_name": "Ayuningtyas",
     "role": "Notary witness"},
    {"email": "keyholder2@cct-awards.example", "first_name": "Teguh", "last_name": "Prasetyo",
     "role": "Independent auditor"},
]

# Places categories hand out three awards each; the medal category one per entry that reaches bronze.
CATEGORIES = [
    {
        "code": "ops-small", "kind": Category.Kind.CORPORATE, "seat_class": SeatClass.SMALL,
        "name_id": "Operasional Contact Center Terbaik — Kelas Kecil",
        "name_en": "Best Contact Centre Operations — Small",
        "description_id": "Contact center dengan kurang dari 50 kursi agen: keandalan dan mutu layanan tim kecil.",
        "description_en": "Contact centres under 50 agent seats: the reliability and quality of a small team.",
    },
    {
        "code": "ops-medium", "kind": Category.Kind.CORPORATE, "seat_class": SeatClass.MEDIUM, "min_judges": 4,
        "name_id": "Operasional Contact Center Terbaik — Kelas Menengah",
        "name_en": "Best Contact Centre Operations — Medium",
        "description_id": "Contact center dengan 50 sampai 250 kursi: perencanaan, pengendalian mutu, dan FCR.",
        "description_en": "Contact centres of 50 to 250 seats: planning, quality assurance and first-contact "
                          "resolution.",
    },
    {
        "code": "ops-large", "kind": Category.Kind.CORPORATE, "seat_class": SeatClass.LARGE, "min_judges": 5,
        "name_id": "Operasional Contact Center Terbaik — Kelas Besar",
        "name_en": "Best Contact Centre Operations — Large",
        "description_id": "Lebih dari 250 kursi: tata kelola multi-lokasi dan konsistensi layanan dalam skala besar.",
        "description_en": "Over 250 seats: multi-site governance and a consistent service at scale.",
    },
    {
        "code": "technology", "kind": Category.Kind.CORPORATE, "medals": True,
        "weights": {"infrastructure": 30, "technology": 40, "communication": 15, "people": 15},
        "name_id": "Teknologi Contact Center Terbaik",
        "name_en": "Best Contact Centre Technology",
        "description_id": "Omnichannel, otomasi, dan analitik. Penghargaan berupa medali sesuai nilai.",
        "description_en": "Omnichannel, automation and analytics. Awarded as medals by score band.",
    },
    {
        "code": "communication", "kind": Category.Kind.CORPORATE,
        "weights": {"infrastructure": 15, "technology": 20, "communication": 40, "people": 25},
        "name_id": "Desain Komunikasi Terbaik",
        "name_en": "Best Communication Design",
        "description_id": "Naskah, templat, dan materi swalayan yang jelas, santun, dan mudah dipahami.",
        "description_en": "Scripts, templates and self-service content that are clear, courteous and easy to follow.",
    },
    {
        "code": "people", "kind": Category.Kind.CORPORATE,
        "weights": {"infrastructure": 15, "technology": 15, "communication": 20, "people": 50},
        "name_id": "Pengelolaan SDM Terbaik",
        "name_en": "Best People Management",
        "description_id": "Rekrutmen, pelatihan, jenjang karier, dan kesejahteraan agen.",
        "description_en": "Recruitment, training, career paths and agent well-being.",
    },
    {
        "code": "digital", "kind": Category.Kind.CORPORATE,
        "name_id": "Layanan Digital dan Media Sosial Terbaik",
        "name_en": "Best Digital and Social Media Service",
        "description_id": "Layanan melalui chat, aplikasi, dan media sosial yang cepat dan tuntas.",
        "description_en": "Fast, complete service through chat, apps and social media.",
    },
    {
        "code": "public-service", "kind": Category.Kind.CORPORATE,
        "name_id": "Contact Center Layanan Publik Terbaik",
        "name_en": "Best Public Service Contact Centre",
        "description_id": "Instansi pemerintah dan BUMN yang melayani warga dengan mudah dan transparan.",
        "description_en": "Government bodies and state enterprises that serve citizens simply and openly.",
    },
    {
        "code": "outsourcing", "kind": Category.Kind.CORPORATE,
        "name_id": "Kemitraan Outsourcing Terbaik",
        "name_en": "Best Outsourcing Partnership",
        "description_id": "Penyedia jasa contact center dan hasil yang mereka capai bersama klien.",
        "description_en": "Contact-centre outsourcers and what they achieve with their clients.",
    },
    {
        "code": "quality", "kind": Category.Kind.CORPORATE,
        "name_id": "Program Penjaminan Mutu Terbaik",
        "name_en": "Best Quality Assurance Programme",
        "description_id": "Penilaian mutu, kalibrasi, dan perbaikan yang terbukti menaikkan kepuasan pelanggan.",
        "description_en": "Quality monitoring, calibration and improvements that demonstrably raise satisfaction.",
    },
    {
        "code": "workforce", "kind": Category.Kind.CORPORATE,
        "name_id": "Manajemen Tenaga Kerja Terbaik",
        "name_en": "Best Workforce Management",
        "description_id": "Peramalan, penjadwalan, dan pengelolaan hari berjalan yang menjaga tingkat layanan.",
        "description_en": "Forecasting, scheduling and intraday management that keep the service level.",
    },
    {
        "code": "cx-innovation", "kind": Category.Kind.CORPORATE, "min_judges": 4,
        "name_id": "Inovasi Pengalaman Pelanggan Terbaik",
        "name_en": "Best Customer Experience Innovation",
        "description_id": "Gagasan baru yang mengubah pengalaman pelanggan, dengan hasil yang terukur.",
        "description_en": "A new idea that changed the customer experience, with measured results.",
    },
    {
        "code": "agent", "kind": Category.Kind.INDIVIDUAL,
        "name_id": "Agen Terbaik", "name_en": "Best Agent",
        "description_id": "Agen garis depan yang konsisten memberikan layanan luar biasa.",
        "description_en": "A front-line agent who consistently gives outstanding service.",
    },
    {
        "code": "team-leader", "kind": Category.Kind.INDIVIDUAL,
        "name_id": "Team Leader Terbaik", "name_en": "Best Team Leader",
        "description_id": "Pemimpin tim yang membina agennya dan membawa timnya melampaui target.",
        "description_en": "A team leader who coaches their agents and takes the team beyond its targets.",
    },
    {
        "code": "manager", "kind": Category.Kind.INDIVIDUAL, "min_judges": 5,
        "name_id": "Manajer Contact Center Terbaik", "name_en": "Best Contact Centre Manager",
        "description_id": "Manajer yang menetapkan arah dan meningkatkan kinerja contact center.",
        "description_en": "A manager who sets direction and improves the contact centre year after year.",
    },
    {
        "code": "trainer", "kind": Category.Kind.INDIVIDUAL,
        "name_id": "Trainer Terbaik", "name_en": "Best Trainer",
        "description_id": "Pelatih yang membuat agen baru siap melayani dan agen lama terus berkembang.",
        "description_en": "A trainer who gets new agents ready and keeps experienced ones growing.",
    },
]

_S = Company.Sector


def _company(legal_name, brand, sector, address, city, seats, channels, contact, domain):
    first, last, title, phone = contact
    return {
        "company": {
            "legal_name": legal_name, "brand": brand, "sector": sector, "address": address, "city": city,
            "agent_seats": seats, "channels": channels,
        },
        "contact": {"first_name": first, "last_name": last, "job_title": title, "phone": phone},
        "domain": domain,
    }


ALL = ["phone", "email", "chat", "sms", "video", "web"]
COMPANIES = {
    "mandala": _company(
        "PT Bank Mandala Nusantara Tbk", "Mandala Care", _S.BANKING,
        "Mandala Tower Lt. 20, Jl. Jend. Sudirman Kav. 44, Jakarta Pusat 10210", "Jakarta", 620, ALL,
        ("Arief", "Wibisono", "Head of Contact Center", "+62 21 5550 2044"), "bankmandala.example"),
    "cahaya": _company(
        "PT Bank Cahaya Abadi Tbk", "Cahaya Call 1500-88", _S.BANKING,
        "Jl. Gatot Subroto No. 12, Jakarta Selatan 12930", "Jakarta", 140, ["phone", "email", "chat", "web"],
        ("Melati", "Anggraini", "Customer Care Division Head", "+62 21 5550 1288"), "bankcahaya.example"),
    "sulraya": _company(
        "PT Bank Pembangunan Daerah Sulawesi Raya", "BPD Sulraya Care", _S.BANKING,
        "Jl. Jend. Ahmad Yani No. 8, Makassar 90174", "Makassar", 60, ["phone", "chat", "sms"],
        ("Andi", "Makkasau", "Kepala Divisi Layanan Nasabah", "+62 411 555 0808"), "bpdsulraya.example"),
    "amanah": _company(
        "PT Bank Syariah Amanah Sejahtera", "Amanah Contact Center", _S.BANKING,
        "Jl. Kramat Raya No. 101, Jakarta Pusat 10450", "Jakarta", 95, ["phone", "email", "chat", "video"],
        ("Fatimah", "Azzahra", "Head of Customer Experience", "+62 21 5550 3131"), "amanahsyariah.example"),
    "lentera": _company(
        "PT Bank Digital Lentera", "Lentera Bank", _S.BANKING,
        "Gedung Lentera, Jl. Prof. Dr. Satrio Kav. 3, Jakarta Selatan 12950", "Jakarta", 45, ["chat", "email", "web"],
        ("Kevin", "Halim", "Customer Operations Lead", "+62 21 5550 4545"), "lenterabank.example"),
    "angkasa": _company(
        "PT Telekomunikasi Angkasa Raya", "AngkasaNet Care", _S.TELECOM,
        "Jl. Japati No. 1, Bandung 40133", "Bandung", 1200, ALL,
        ("Yuliana", "Sari", "VP Customer Care Operations", "+62 22 5550 1000"), "angkasanet.example"),
    "selmerah": _company(
        "PT Selular Merah Putih", "SelMerah Care", _S.TELECOM,
        "Menara SMP, Jl. H.R. Rasuna Said Blok X-5, Jakarta Selatan 12950", "Jakarta", 850, ALL,
        ("Rizky", "Ramadhan", "Head of Customer Service", "+62 21 5550 8585"), "selmerah.example"),
    "fibernusa": _company(
        "PT Fiber Nusa Data", "FiberNusa Home", _S.TELECOM,
        "Jl. Raya Darmo No. 77, Surabaya 60264", "Surabaya", 180, ["phone", "chat", "email", "web"],
        ("Stefanus", "Wijaya", "Customer Care Manager", "+62 31 5550 1777"), "fibernusa.example"),
    "binalife": _company(
        "PT Asuransi Jiwa Bina Sentosa", "BinaLife Care", _S.INSURANCE,
        "Jl. M.H. Thamrin No. 59, Jakarta Pusat 10350", "Jakarta", 75, ["phone", "email", "chat"],
        ("Natalia", "Kristanti", "Customer Service Director", "+62 21 5550 5959"), "binalife.example"),
    "garuda": _company(
        "PT Asuransi Umum Garuda Proteksi", "Garuda Proteksi 24 Jam", _S.INSURANCE,
        "Jl. Pemuda No. 34, Semarang 50138", "Semarang", 38, ["phone", "email", "sms"],
        ("Bagus", "Santoso", "Kepala Layanan Klaim", "+62 24 5550 3434"), "garudaproteksi.example"),
    "kendaraan": _company(
        "PT Asuransi Kendaraan Aman", "AmanKu Assist", _S.INSURANCE,
        "Jl. Diponegoro No. 21, Medan 20152", "Medan", 42, ["phone", "chat", "sms"],
        ("Sabrina", "Nasution", "Customer Assistance Manager", "+62 61 5550 2121"), "amanku.example"),
    "pasarkilat": _company(
        "PT Pasar Kilat Indonesia", "PasarKilat", _S.RETAIL,
        "PasarKilat Park, Jl. TB Simatupang Kav. 18, Jakarta Selatan 12430", "Jakarta", 400,
        ["chat", "email", "phone", "web"],
        ("Clarissa", "Tanoto", "Director of Customer Experience", "+62 21 5550 1818"), "pasarkilat.example"),
    "belanjamudah": _company(
        "PT Belanja Mudah Digital", "BelanjaMudah", _S.RETAIL,
        "Jl. Kemang Raya No. 5, Jakarta Selatan 12730", "Jakarta", 210, ["chat", "email", "web"],
        ("Dimas", "Aditya", "Head of Customer Support", "+62 21 5550 0505"), "belanjamudah.example"),
    "swadaya": _company(
        "PT Ritel Swadaya Makmur", "SwadayaMart Care", _S.RETAIL,
        "Jl. Raya Bogor Km. 26, Jakarta Timur 13740", "Jakarta", 90, ["phone", "chat", "sms"],
        ("Wulan", "Pertiwi", "Customer Care Manager", "+62 21 5550 2626"), "swadayamart.example"),
    "kirimcepat": _company(
        "PT Kirim Cepat Logistik", "KirimCepat", _S.TRANSPORT,
        "Jl. Daan Mogot Km. 19, Tangerang 15122", "Tangerang", 130, ["phone", "chat", "web"],
        ("Yosua", "Pardede", "Customer Service Manager", "+62 21 5550 1919"), "kirimcepat.example"),
    "rajawali": _company(
        "PT Rajawali Nusa Airlines", "Rajawali Air Contact Center", _S.TRANSPORT,
        "Gedung Rajawali, Kawasan Bandara Soekarno-Hatta, Tangerang 15126", "Tangerang", 160,
        ["phone", "email", "chat", "web"],
        ("Citra", "Maharani", "Head of Reservations and Care", "+62 21 5550 7777"), "rajawaliair.example"),
    "kereta": _company(
        "PT Kereta Wisata Nusantara", "KeretaWisata 121", _S.TRANSPORT,
        "Jl. Perintis Kemerdekaan No. 1, Bandung 40117", "Bandung", 55, ["phone", "chat", "web"],
        ("Galih", "Permana", "Kepala Layanan Pelanggan", "+62 22 5550 1212"), "keretawisata.example"),
    "mitraprima": _company(
        "PT Mitra Layanan Prima", "MitraPrima CX", _S.OUTSOURCING,
        "Jl. Letjen S. Parman Kav. 28, Jakarta Barat 11470", "Jakarta", 2300, ALL,
        ("Hadi", "Susanto", "Chief Operating Officer", "+62 21 5550 2828"), "mitraprima.example"),
    "solusikontak": _company(
        "PT Solusi Kontak Indonesia", "SolusiKontak", _S.OUTSOURCING,
        "Jl. Magelang Km. 5, Sleman, Yogyakarta 55284", "Yogyakarta", 900, ["phone", "email", "chat", "sms"],
        ("Ayu", "Lestari", "Operations Director", "+62 274 555 0900"), "solusikontak.example"),
    "sinergi": _company(
        "PT Sinergi Interaksi Pelanggan", "Sinergi CX", _S.OUTSOURCING,
        "Jl. Pandanaran No. 88, Semarang 50241", "Semarang", 240, ["phone", "email", "chat"],
        ("Bima", "Saputra", "General Manager", "+62 24 5550 8888"), "sinergicx.example"),
    "halowarga": _company(
        "Pusat Layanan Warga Kota Balikpapan", "Halo Warga Balikpapan", _S.GOVERNMENT,
        "Jl. Jend. Sudirman No. 1, Balikpapan 76114", "Balikpapan", 40, ["phone", "chat", "sms", "web"],
        ("Rahmat", "Hidayat", "Kepala Pusat Layanan", "+62 542 555 0112"), "halowarga-bpn.example"),
    "halopajak": _company(
        "Pusat Kontak Pajak Daerah Provinsi Jawa Timur", "Halo Pajak Jatim", _S.GOVERNMENT,
        "Jl. Manyar Kertoarjo No. 1, Surabaya 60116", "Surabaya", 70, ["phone", "email", "chat"],
        ("Endah", "Purnamasari", "Kepala Bidang Pelayanan", "+62 31 5550 1500"), "halopajak-jatim.example"),
    "tirta": _company(
        "Perumda Air Minum Tirta Kencana", "Tirta Kencana Care", _S.UTILITIES,
        "Jl. Pajajaran No. 9, Bogor 16143", "Bogor", 30, ["phone", "sms", "web"],
        ("Asep", "Kurniawan", "Manajer Hubungan Pelanggan", "+62 251 555 0909"), "tirtakencana.example"),
    "eln": _company(
        "PT Energi Listrik Nusantara (Persero)", "ELN 123", _S.UTILITIES,
        "Jl. Trunojoyo Blok M-I/135, Jakarta Selatan 12160", "Jakarta", 500, ["phone", "chat", "sms", "web"],
        ("Slamet", "Riyadi", "VP Layanan Pelanggan", "+62 21 5550 0123"), "eln.example"),
    "gasbumi": _company(
        "PT Gas Bumi Sejahtera", "GasKita Care", _S.UTILITIES,
        "Jl. Kapten Tendean No. 15, Jakarta Selatan 12790", "Jakarta", 25, ["phone", "email", "chat"],
        ("Irma", "Susanti", "Customer Care Supervisor", "+62 21 5550 1515"), "gasbumi.example"),
    "medika": _company(
        "PT Medika Harapan Group", "Medika Care 24", _S.HEALTH,
        "Jl. Pahlawan No. 12, Surabaya 60174", "Surabaya", 35, ["phone", "chat", "video"],
        ("Yanti", "Kurnia", "Head of Patient Services", "+62 31 5550 2424"), "medikaharapan.example"),
    "apotek": _company(
        "PT Apotek Sehat Bersama", "SehatBersama Care", _S.HEALTH,
        "Jl. Gajah Mada No. 45, Denpasar 80112", "Denpasar", 28, ["chat", "phone", "web"],
        ("Made", "Suartana", "Customer Care Lead", "+62 361 555 0454"), "apoteksehat.example"),
    "dompetkita": _company(
        "PT Dompet Digital Kita", "DompetKita", _S.BANKING,
        "DompetKita Hub, Jl. Casablanca Kav. 88, Jakarta Selatan 12870", "Jakarta", 350,
        ["chat", "email", "phone", "web"],
        ("Nadia", "Putri", "Head of Customer Care", "+62 21 5550 3500"), "dompetkita.example"),
    "motorku": _company(
        "PT Pembiayaan Motor Sejahtera", "MotorKu Finance", _S.BANKING,
        "Jl. Balikpapan Raya No. 6, Jakarta Pusat 10130", "Jakarta", 110, ["phone", "sms", "chat"],
        ("Hendro", "Saputro", "Contact Center Manager", "+62 21 5550 6060"), "motorku.example"),
}

# Per category: (company key, quality 1-10, title) for corporate categories, and
# (company key, quality, nominee name, nominee role, years in role) for individual ones.
# In "communication" the two leaders are nearly level on purpose (a close call for the reveal).
ENTRIES = {
    "ops-small": [
        ("garuda", 7.9, "Klaim Tuntas dalam Satu Panggilan"),
        ("tirta", 6.8, "Air Mengalir, Keluhan Terjawab"),
        ("medika", 8.4, "Pasien Dilayani 24 Jam oleh Tim Kecil"),
        ("kendaraan", 7.2, "Derek Datang, Nasabah Tenang"),
        ("gasbumi", 6.1, "Layanan Gas Rumah Tangga yang Responsif"),
    ],
    "ops-medium": [
        ("cahaya", 8.6, "Satu Nomor, Semua Solusi"),
        ("sulraya", 7.0, "Melayani Nasabah dari Makassar sampai Merauke"),
        ("amanah", 7.7, "Layanan Syariah yang Cepat dan Hangat"),
        ("fibernusa", 8.1, "Internet Putus, Teknisi Datang Hari Itu Juga"),
        ("binalife", 6.6, "Polis Jelas, Klaim Cepat"),
        ("kirimcepat", 7.4, "Paket Terlacak, Pelanggan Tenang"),
    ],
    "ops-large": [
        ("mandala", 8.3, "Mandala Care: Satu Standar di Empat Kota"),
        ("angkasa", 8.8, "1.200 Kursi, Satu Pengalaman Pelanggan"),
        ("selmerah", 7.6, "Dari Antrean ke Penyelesaian Pertama"),
        ("pasarkilat", 7.9, "Melayani Lonjakan Harbolnas tanpa Antre"),
        ("eln", 7.1, "Gangguan Listrik Tertangani dalam Hitungan Menit"),
        ("dompetkita", 8.0, "Dompet Aman, Nasabah Nyaman"),
    ],
    "technology": [
        ("angkasa", 9.5, "Asisten Virtual untuk 40 Juta Pelanggan"),
        ("dompetkita", 8.5, "Deteksi Penipuan Waktu Nyata di Chat"),
        ("pasarkilat", 7.6, "Satu Desktop Omnichannel untuk 400 Agen"),
        ("cahaya", 6.6, "Analitik Suara untuk Setiap Panggilan"),
        ("sinergi", 4.8, "Migrasi ke Contact Center Berbasis Cloud"),
    ],
    "communication": [
        ("amanah", 8.45, "Bahasa Santun, Akad Jelas"),
        ("binalife", 7.2, "Polis dalam Bahasa Sehari-hari"),
        ("halopajak", 8.43, "Pajak Daerah Tanpa Istilah Rumit"),
        ("rajawali", 7.8, "Kabar Penundaan yang Jujur dan Cepat"),
        ("swadaya", 6.7, "Templat Chat yang Ramah dan Ringkas"),
    ],
    "people": [
        ("mitraprima", 8.7, "Akademi MitraPrima: dari Agen ke Pemimpin"),
        ("solusikontak", 8.0, "Kerja Hibrida yang Menjaga Kebersamaan"),
        ("mandala", 7.5, "Program Kesejahteraan Agen Mandala"),
        ("medika", 6.9, "Perawat Menjadi Agen, Agen Menjadi Pembina"),
    ],
    "digital": [
        ("belanjamudah", 8.2, "Chat Tuntas dalam Lima Menit"),
        ("pasarkilat", 8.6, "Media Sosial sebagai Meja Layanan"),
        ("selmerah", 7.3, "WhatsApp Resmi untuk Isi Ulang dan Keluhan"),
        ("lentera", 7.8, "Bank Tanpa Cabang, Layanan Tanpa Jeda"),
        ("kirimcepat", 6.5, "Lacak Paket Lewat Chatbot"),
    ],
    "public-service": [
        ("halowarga", 7.9, "Satu Nomor untuk Semua Keluhan Warga"),
        ("halopajak", 8.3, "Halo Pajak: Bayar Pajak Kendaraan dari Rumah"),
        ("tirta", 6.9, "Gangguan Air Dilaporkan, Dipantau, Diselesaikan"),
        ("eln", 7.6, "ELN 123: Padam Dilaporkan, Petugas Berangkat"),
    ],
    "outsourcing": [
        ("mitraprima", 8.5, "Mitra Sejati untuk Bank dan Telko"),
        ("solusikontak", 7.8, "Layanan Multibahasa dari Yogyakarta"),
        ("sinergi", 7.1, "Tumbuh Bersama Klien E-commerce"),
    ],
    "quality": [
        ("cahaya", 8.1, "Kalibrasi Mingguan yang Melibatkan Agen"),
        ("fibernusa", 7.4, "Mutu Diukur dari Suara Pelanggan"),
        ("motorku", 6.8, "QA Digital untuk Penagihan yang Santun"),
        ("garuda", 7.7, "Setiap Klaim Dinilai, Setiap Temuan Ditindaklanjuti"),
    ],
    "workforce": [
        ("selmerah", 8.0, "Peramalan Berbasis Data untuk 850 Kursi"),
        ("solusikontak", 8.4, "Jadwal Fleksibel yang Dipilih Agen Sendiri"),
        ("kirimcepat", 7.0, "Menghadapi Puncak Musim Mudik"),
        ("rajawali", 7.5, "Penjadwalan Ulang Massal saat Cuaca Buruk"),
    ],
    "cx-innovation": [
        ("dompetkita", 8.6, "Bantuan Video untuk Pengguna Lansia"),
        ("belanjamudah", 7.9, "Pengembalian Barang Tanpa Telepon"),
        ("sulraya", 7.3, "Layanan Nasabah dalam Bahasa Daerah"),
        ("kereta", 7.7, "Tiket Hilang? Ganti dalam Tiga Menit"),
        ("apotek", 6.9, "Apoteker Siaga di Chat"),
    ],
    "agent": [
        ("mandala", 8.4, "Siti Nurhaliza Rahman", "Senior phone banking agent", 6),
        ("angkasa", 7.8, "Yoga Prasetya", "Customer care agent, fixed broadband", 4),
        ("mitraprima", 8.1, "Intan Permata Sari", "Bilingual agent, travel client", 3),
        ("binalife", 7.0, "Rudi Hermawan", "Claims agent", 5),
        ("halopajak", 7.4, "Lusiana Dewi", "Agen layanan pajak kendaraan", 2),
        ("swadaya", 6.6, "Ahmad Fauzi", "Chat agent", 2),
    ],
    "team-leader": [
        ("solusikontak", 8.2, "Nurul Hidayah", "Team leader, collections", 5),
        ("selmerah", 7.6, "Ferry Gunadi", "Team leader, prepaid care", 7),
        ("amanah", 8.5, "Annisa Rahmawati", "Team leader, video banking", 4),
        ("kirimcepat", 7.0, "Joko Susilo", "Team leader, delivery complaints", 6),
        ("eln", 7.3, "Ketut Wirawan", "Team leader, outage desk", 8),
    ],
    "manager": [
        ("cahaya", 8.3, "Lestari Handayani", "Contact center manager", 9),
        ("pasarkilat", 8.0, "Michael Santoso", "Customer experience manager", 5),
        ("sinergi", 7.2, "Dewi Anggraeni", "Site manager, Semarang", 6),
        ("rajawali", 7.7, "Reza Pahlevi", "Reservations and care manager", 8),
    ],
    "trainer": [
        ("mitraprima", 8.6, "Yuni Astuti", "Head trainer", 10),
        ("fibernusa", 7.5, "Agung Nugraha", "Technical support trainer", 4),
        ("dompetkita", 7.9, "Sarah Wijaya", "Learning and quality coach", 3),
        ("motorku", 6.9, "Hasan Basri", "Collections trainer", 6),
    ],
}

# The panel: (e-mail, full name, job title, organisation, kind, expertise).
JUDGES = [
    ("ratna.wijayanti@unr.example", "Dr. Ratna Wijayanti, M.M.", "Senior Lecturer in Service Management",
     "Universitas Nusantara Raya", "academic", "Service quality, customer experience research"),
    ("bambang.hartono@ibjr.example", "Prof. Dr. Bambang Hartono", "Professor of Marketing",
     "Institut Bisnis Jakarta Raya", "academic", "Customer loyalty, service marketing"),
    ("indah.permatasari@utbr.example", "Dr. Indah Permatasari", "Head of the Customer Experience Research Centre",
     "Universitas Teknologi Bandung Raya", "academic", "Conversational AI, speech analytics"),
    ("yohanes.situmorang@usb.example", "Dr. Yohanes Situmorang", "Senior Lecturer in Information Systems",
     "Universitas Sumatera Bahari", "academic", "CRM systems, service operations"),
    ("hendra.gunawan@angkasanet.example", "Hendra Gunawan", "VP Customer Experience",
     "PT Telekomunikasi Angkasa Raya", "practitioner", "Large multi-site operations, telecoms"),
    ("maria.tanjung@tanjungcx.example", "Maria Fransiska Tanjung", "Principal Consultant",
     "Tanjung CX Advisory", "practitioner", "Outsourcing contracts, operating models"),
    ("wahyu.setiawan@wsconsult.example", "Wahyu Setiawan", "Former Head of Contact Centre (retired)",
     "Independent", "practitioner", "Banking contact centres, complaint handling"),
    ("dewi.kusumawardani@qsii.example", "Dewi Lestari Kusumawardani", "Lead Auditor",
     "Quality Service Institute Indonesia", "practitioner", "Quality assurance, COPC and ISO 18295 audits"),
    ("andi.siregar@satunusa.example", "Andi Pratama Siregar", "Head of Workforce Management",
     "PT Logistik Satu Nusa", "practitioner", "Forecasting, scheduling, intraday management"),
    ("nur.aisyah@cakrawala.example", "Nur Aisyah Putri", "Chief Customer Officer",
     "PT Asuransi Cakrawala Mandiri", "practitioner", "Insurance claims service, customer journeys"),
    ("rudi.hartanto@apccf.example", "Rudi Hartanto", "Director",
     "Asia Pacific Contact Centre Forum", "practitioner", "Benchmarking, regional contact-centre standards"),
    ("fitri.handayani@kapalnusa.example", "Fitri Handayani", "Head of Customer Care",
     "PT Kapal Penumpang Nusantara", "practitioner", "Travel service recovery, crisis communication"),
    ("bayu.nugroho@bankrakyatmakmur.example", "Bayu Aji Nugroho", "Head of Digital Channels",
     "PT Bank Rakyat Makmur", "practitioner", "Chat, social media and app service"),
    ("lina.hutapea@icca-academy.example", "Lina Marlina Hutapea", "HR and Training Director",
     "Indonesian Contact Centre Academy", "practitioner", "Training, coaching, agent well-being"),
]

# Declared conflicts: (judge e-mail, company key, relation, note). Hendra Gunawan's conflict with
# AngkasaNet is found automatically (same e-mail domain as the company's contact).
CONFLICTS = [
    ("maria.tanjung@tanjungcx.example", "mitraprima", "adviser",
     "Advised MitraPrima CX on its 2025 client contracts."),
    ("wahyu.setiawan@wsconsult.example", "mandala", "former_employee",
     "Headed the Mandala Care contact centre until 2024."),
]

# One judge who sees an entry very differently from the others (a close call in the making): the
# first judge (by pseudonym) assigned to this entry takes these points off every criterion.
# (category, company key, points)
DISSENT = ("agent", "mandala", 3)

# Narrative fragments per area; {brand}, {city}, {seats} and {channels} are filled in per entry.
NARRATIVES = {
    "infrastructure": [
        "{brand} runs {seats} agent seats from {city} with a second site on warm standby; the last failover drill "
        "moved all traffic in six minutes.",
        "Every workstation was replaced in 2025 with sit-stand desks and noise-cancelling headsets chosen by a "
        "panel of agents; sick days fell by a fifth.",
        "The contact centre holds ISO 27001 and PCI DSS certificates; customer data on screens is masked by "
        "default and every access is logged.",
        "Half of the agents work from home two days a week on company laptops with a secure VPN, so a flood or "
        "a transport strike no longer closes the service.",
        "Power, network and telephony are duplicated, with two carriers and a generator tested monthly; "
        "unplanned downtime in 2025 was under two hours.",
        "A new floor in {city} was designed with agents: daylight, quiet rooms for difficult calls and a "
        "prayer room on every level.",
    ],
    "technology": [
        "Phone, {channels} arrive in one omnichannel desktop with the customer's full history, so nobody has "
        "to tell their story twice.",
        "A virtual assistant in Indonesian answers the twenty most common questions and hands over to an agent "
        "with the conversation attached when it cannot help.",
        "Speech and text analytics read every contact; the top ten reasons for repeat calls are reviewed each "
        "Monday and fixed at the source.",
        "A real-time dashboard shows queues, service level and sentiment per channel; supervisors move agents "
        "between channels before a queue builds up.",
        "The knowledge base was rebuilt with search that understands everyday Indonesian and regional spellings; "
        "handling time fell by forty seconds.",
        "Callbacks replace waiting: when the queue is long, customers keep their place and are called back "
        "within the promised slot 97 per cent of the time.",
    ],
    "communication": [
        "Scripts were rewritten in plain Indonesian using customers' own words, tested with real customers and "
        "reviewed every month by a panel of agents.",
        "Every complaint is closed with a call explaining what was changed; the monthly voice-of-the-customer "
        "report goes to the board.",
        "Templates for chat and e-mail are short, warm and personal; agents may adapt them and the best "
        "versions are shared every week.",
        "Customer surveys after each contact reach a 31 per cent response rate; detractors are called back "
        "within 48 hours.",
        "Information for customers with disabilities is offered in sign-language video and easy-read text, "
        "designed with disability organisations.",
        "Outage and delay messages go out before customers call, in clear words with an honest time estimate.",
    ],
    "people": [
        "New agents follow a six-week academy with a buddy on the floor; 92 per cent pass their first-month "
        "quality review.",
        "A four-step career ladder from agent to supervisor is published with its criteria; two thirds of the "
        "current team leaders started as agents.",
        "Weekly one-to-one coaching with call reviews chosen by the agent, and a wellbeing programme with "
        "counselling that cut attrition by a third.",
        "Agents choose their shift patterns three weeks ahead in an app; shift swaps are approved automatically "
        "when the service level allows.",
        "Recognition is monthly and public: customers' thank-you messages are read out at the morning briefing "
        "and the best agent of the month mentors a newcomer.",
        "Team leaders spend forty per cent of their time coaching, protected in the schedule, and are trained "
        "in coaching themselves.",
    ],
}

# Narratives of individual nominees; {name}, {role}, {brand} and {years} are filled in per entry.
NOMINEE_NARRATIVES = {
    "infrastructure": [
        "{name} keeps a tidy desk guide for the team's tools and reported the headset fault that led to new "
        "equipment for the whole floor.",
        "{name} helped test the new home-working set-up at {brand} and wrote the checklist colleagues now use.",
    ],
    "technology": [
        "{name} uses the knowledge base and the customer history to solve cases in one contact, and suggests "
        "articles when an answer is missing.",
        "{name} was one of the first at {brand} to work on chat and video at once and now trains colleagues on "
        "the omnichannel desktop.",
    ],
    "communication": [
        "Customers describe {name} as patient and clear; mystery-shopper scores have been in the top five per "
        "cent for two years.",
        "{name} turns complaints into loyal customers: one in three complaint callers later wrote a thank-you "
        "message.",
    ],
    "people": [
        "In {years} years as {role} at {brand}, {name} has mentored new colleagues in their first weeks and "
        "never missed a quality target.",
        "{name} ({role}, {years} years at {brand}) runs a weekly peer-learning session and is the colleague "
        "others ask first.",
    ],
}

# Comments for the entrant (shared after the awards, without the judge's name), by quality band.
COMMENTS = {
    "high": [
        "An outstanding entry with clear evidence for every claim.",
        "Strong results across all four areas; the people programme stands out.",
        "Very convincing: the figures and the narrative tell the same story.",
    ],
    "middle": [
        "A solid entry; more evidence of results would make it stronger.",
        "Good practice in places, but the link between the initiatives and the results is not always shown.",
        "Well presented; the technology section could show more measured effect.",
    ],
    "low": [
        "The ambition is clear, but the entry gives few figures to support it.",
        "Promising first steps; we would like to see the results next year.",
    ],
}
NOTES = {
    "infrastructure": "Site visit photos match the description.",
    "technology": "Ask about the chatbot's containment figure.",
    "communication": "Scripts read naturally.",
    "people": "Attrition figure looks low for the sector; evidence attached.",
}
