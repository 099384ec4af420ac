"""Rubrics: the default call-centre rubric, validated edits, and the freeze at the first sealed scorecard."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from awards.audit import audit_append
from awards.models import Category
from judging.models import AREA_ORDER, Area, Criterion, Round, Rubric, SealedScorecard

CRITERIA_PER_AREA_MIN = 2
CRITERIA_PER_AREA_MAX = 5
DESCRIPTORS_PER_LANGUAGE = 4

# (area, code, Indonesian name, English name, Indonesian descriptors, English descriptors); the
# descriptors describe the bands 1-3, 4-6, 7-8 and 9-10.
DEFAULT_CRITERIA = [
    (
        Area.INFRASTRUCTURE, "site-resilience", "Ketahanan lokasi dan kelangsungan layanan",
        "Site resilience and business continuity",
        [
            "Satu lokasi tanpa rencana kelangsungan yang teruji.",
            "Ada rencana cadangan, tetapi jarang diuji dan pemulihannya lambat.",
            "Lokasi cadangan atau kerja jarak jauh teruji setiap tahun; pemulihan dalam hitungan jam.",
            "Operasi aktif-aktif multi-lokasi, diuji rutin, pemulihan dalam hitungan menit.",
        ],
        [
            "A single site with no tested continuity plan.",
            "A fallback plan exists but is rarely tested and recovery is slow.",
            "A backup site or remote work tested every year; recovery within hours.",
            "Active-active multi-site operation, tested regularly, recovery within minutes.",
        ],
    ),
    (
        Area.INFRASTRUCTURE, "workplace", "Lingkungan kerja dan ergonomi", "Workplace and ergonomics",
        [
            "Ruang kerja padat, bising, dan peralatan usang.",
            "Ruang kerja memadai dengan perbaikan yang belum merata.",
            "Ruang kerja ergonomis, akustik baik, dan fasilitas istirahat layak.",
            "Lingkungan kerja teladan yang dirancang bersama agen dan diukur dampaknya.",
        ],
        [
            "Crowded, noisy workspace with outdated equipment.",
            "An adequate workspace with uneven improvements.",
            "Ergonomic workstations, good acoustics and decent rest areas.",
            "An exemplary workplace designed with agents and measured for its effect.",
        ],
    ),
    (
        Area.INFRASTRUCTURE, "security", "Keamanan informasi dan perlindungan data",
        "Information security and data protection",
        [
            "Kontrol akses lemah; data pelanggan tidak terlindungi dengan baik.",
            "Kebijakan dasar ada, tetapi kepatuhan tidak diaudit.",
            "Kontrol teraudit (misalnya ISO 27001, PCI DSS) dan pelatihan rutin.",
            "Keamanan menyeluruh, diaudit independen, tanpa insiden berarti dan perbaikan berkelanjutan.",
        ],
        [
            "Weak access control; customer data poorly protected.",
            "Basic policies exist but compliance is not audited.",
            "Audited controls (e.g. ISO 27001, PCI DSS) and regular training.",
            "Security throughout, independently audited, no significant incidents, continuous improvement.",
        ],
    ),
    (
        Area.TECHNOLOGY, "omnichannel", "Integrasi omnichannel", "Omnichannel integration",
        [
            "Kanal berdiri sendiri; pelanggan harus mengulang ceritanya.",
            "Beberapa kanal terhubung, riwayat pelanggan sebagian.",
            "Kanal utama terintegrasi dengan satu tampilan pelanggan bagi agen.",
            "Perjalanan pelanggan mulus lintas kanal, riwayat lengkap, perpindahan kanal tanpa hambatan.",
        ],
        [
            "Channels stand alone; customers repeat their story.",
            "Some channels are linked, with a partial customer history.",
            "Main channels integrated with a single customer view for agents.",
            "Seamless journeys across channels, full history, effortless channel switching.",
        ],
    ),
    (
        Area.TECHNOLOGY, "self-service-ai", "Layanan mandiri dan otomasi (AI)", "Self-service and automation (AI)",
        [
            "Tidak ada layanan mandiri atau IVR yang membingungkan.",
            "Layanan mandiri dasar dengan tingkat penyelesaian rendah.",
            "Chatbot/IVR cerdas dengan penyelesaian yang terukur dan jalur mudah ke agen.",
            "Otomasi yang dirancang dari data, penyelesaian tinggi, terus dilatih dan diawasi manusia.",
        ],
        [
            "No self-service, or a confusing IVR.",
            "Basic self-service with low containment.",
            "Smart chatbot/IVR with measured resolution and an easy route to an agent.",
            "Data-driven automation, high resolution, continuously trained and overseen by people.",
        ],
    ),
    (
        Area.TECHNOLOGY, "analytics", "Analitik dan pemantauan kinerja", "Analytics and performance monitoring",
        [
            "Laporan manual dan terlambat.",
            "Dasbor standar tanpa analisis akar masalah.",
            "Analitik waktu nyata dan analisis percakapan yang dipakai untuk keputusan.",
            "Analitik prediktif yang mendorong perbaikan terbukti di seluruh operasi.",
        ],
        [
            "Manual, late reporting.",
            "Standard dashboards without root-cause analysis.",
            "Real-time analytics and speech/text analytics used for decisions.",
            "Predictive analytics driving proven improvements across the operation.",
        ],
    ),
    (
        Area.COMMUNICATION, "service-quality", "Kualitas layanan dan penyelesaian", "Service quality and resolution",
        [
            "Tingkat layanan dan penyelesaian kontak pertama jauh di bawah target.",
            "Target tercapai sebagian dengan kualitas yang tidak konsisten.",
            "Target tingkat layanan dan FCR tercapai secara konsisten.",
            "Melampaui target secara konsisten dengan bukti kepuasan pelanggan yang tinggi.",
        ],
        [
            "Service level and first-contact resolution well below target.",
            "Targets partly met with inconsistent quality.",
            "Service level and FCR targets met consistently.",
            "Targets consistently exceeded with evidence of high customer satisfaction.",
        ],
    ),
    (
        Area.COMMUNICATION, "customer-voice", "Suara pelanggan dan penanganan keluhan",
        "Voice of the customer and complaint handling",
        [
            "Umpan balik tidak dikumpulkan; keluhan ditangani seadanya.",
            "Survei dilakukan, tetapi hasilnya jarang ditindaklanjuti.",
            "Umpan balik dianalisis rutin dan keluhan ditutup dengan tindakan perbaikan.",
            "Suara pelanggan mengubah proses dan produk dengan dampak yang terbukti.",
        ],
        [
            "Feedback is not collected; complaints handled ad hoc.",
            "Surveys are run but rarely acted upon.",
            "Feedback analysed regularly and complaints closed with corrective action.",
            "The customer's voice changes processes and products with proven effect.",
        ],
    ),
    (
        Area.COMMUNICATION, "clarity", "Kejelasan dan empati komunikasi", "Clear and empathetic communication",
        [
            "Naskah kaku dan bahasa teknis yang membingungkan pelanggan.",
            "Komunikasi cukup jelas, empati belum konsisten.",
            "Bahasa sederhana dan empatik, dipantau melalui penilaian mutu.",
            "Gaya komunikasi khas yang jelas, empatik, dan inklusif di semua kanal.",
        ],
        [
            "Rigid scripts and technical language that confuses customers.",
            "Fairly clear communication, empathy not yet consistent.",
            "Plain, empathetic language monitored through quality assessment.",
            "A distinctive clear, empathetic and inclusive voice across all channels.",
        ],
    ),
    (
        Area.PEOPLE, "recruitment-training", "Rekrutmen dan pelatihan", "Recruitment and training",
        [
            "Rekrutmen ad hoc dan pelatihan awal minimal.",
            "Program pelatihan standar tanpa evaluasi efektivitas.",
            "Kurikulum terstruktur, pelatihan berkelanjutan, dan pengukuran hasil.",
            "Akademi internal dengan jalur kompetensi dan dampak terukur pada kinerja.",
        ],
        [
            "Ad hoc recruitment and minimal induction.",
            "A standard training programme without evaluation.",
            "A structured curriculum, continuous training and measured outcomes.",
            "An in-house academy with competency paths and measured effect on performance.",
        ],
    ),
    (
        Area.PEOPLE, "engagement", "Keterlibatan dan kesejahteraan agen", "Agent engagement and well-being",
        [
            "Tingkat keluar agen tinggi dan keterlibatan tidak diukur.",
            "Survei keterlibatan ada, tindak lanjut terbatas.",
            "Program kesejahteraan dan pengakuan dengan attrisi yang menurun.",
            "Budaya kerja yang unggul, attrisi rendah, dan agen ikut merancang perbaikan.",
        ],
        [
            "High agent attrition and engagement not measured.",
            "Engagement surveys exist with limited follow-up.",
            "Well-being and recognition programmes with falling attrition.",
            "An outstanding culture, low attrition, agents help design improvements.",
        ],
    ),
    (
        Area.PEOPLE, "leadership", "Kepemimpinan dan pengembangan karier", "Leadership and career development",
        [
            "Tidak ada jalur karier; supervisor tanpa pembinaan.",
            "Promosi terjadi, tetapi tanpa kerangka yang jelas.",
            "Jalur karier jelas, pembinaan rutin oleh supervisor terlatih.",
            "Pemimpin tumbuh dari dalam, coaching menjadi budaya, suksesi terencana.",
        ],
        [
            "No career path; supervisors do not coach.",
            "Promotions happen, without a clear framework.",
            "A clear career ladder and regular coaching by trained supervisors.",
            "Leaders grow from within, coaching is the culture, succession is planned.",
        ],
    ),
]


def _ensure_not_frozen(rubric: Rubric) -> None:
    if rubric.frozen_at is not None:
        raise ValidationError(_("This rubric is frozen: the first scorecard of its category has been sealed."))


def default_criteria(*, rubric: Rubric) -> list[Criterion]:
    """The default four areas of three bilingual criteria each, unsaved (the rubric page shows them as a
    proposal until the organiser saves; ``rubric_create_default`` saves them)."""
    criteria = []
    order_in_area: dict[str, int] = {}
    for area, code, name_id, name_en, descriptors_id, descriptors_en in DEFAULT_CRITERIA:
        order_in_area[area] = order_in_area.get(area, 0) + 1
        criteria.append(
            Criterion(
                rubric=rubric,
                area=area,
                code=code,
                order=order_in_area[area],
                name_id=name_id,
                name_en=name_en,
                descriptors_id=list(descriptors_id),
                descriptors_en=list(descriptors_en),
            )
        )
    return criteria


@transaction.atomic
def rubric_create_default(*, category: Category) -> Rubric:
    """The category's rubric with the default four areas, three criteria each, weights 25 each."""
    if Rubric.objects.filter(category=category, round__isnull=True).exists():
        raise ValidationError(_("This category already has a rubric."))
    rubric = Rubric(category=category)
    rubric.full_clean()
    rubric.save()
    for criterion in default_criteria(rubric=rubric):
        criterion.full_clean()
        criterion.save()
    return rubric


@transaction.atomic
def rubric_save(
    *, category: Category, weights: dict[str, int], tie_break_order: list[str] | str, criteria: list[dict], actor,
    round: Round | None = None,
) -> Rubric:
    """Save the rubric page: the category's rubric (``round`` None: every round's, unless a round has its own)
    or a round's own rubric is created by this first save (never by reading the page), then its weights,
    tie-break order and criteria are set as sent. A round's own rubric cannot be started once the round has a
    sealed scorecard of the category: those were scored on the category's rubric."""
    Category.objects.select_for_update().filter(pk=category.pk).first()
    rubric = Rubric.objects.filter(category=category, round=round).first()
    if rubric is None:
        if round is not None:
            if round.edition_id != category.edition_id:
                raise ValidationError(_("This round belongs to another edition."))
            if SealedScorecard.objects.filter(round=round, entry__category=category).exists():
                raise ValidationError(
                    _("Scorecards of this category were already sealed in “%(round)s” on the category's rubric: "
                      "the round cannot get a rubric of its own now.") % {"round": round.name}
                )
        rubric = Rubric(category=category, round=round)
        rubric.full_clean()
        rubric.save()
    return rubric_update(
        rubric=rubric, weights=weights, tie_break_order=tie_break_order, criteria=criteria, actor=actor
    )


def _clean_descriptors(values, label: str) -> list[str]:
    descriptors = [" ".join(str(value).split()) for value in values or []]
    if len(descriptors) != DESCRIPTORS_PER_LANGUAGE or not all(descriptors):
        raise ValidationError(
            _("%(name)s needs exactly four descriptors (bands 1-3, 4-6, 7-8 and 9-10) in each language.")
            % {"name": label}
        )
    return descriptors


def _validate_criteria(criteria: list[dict]) -> None:
    counts = {area: 0 for area in AREA_ORDER}
    codes = set()
    for item in criteria:
        if item["area"] not in counts:
            raise ValidationError(_("Unknown area: %(area)s.") % {"area": item["area"]})
        counts[item["area"]] += 1
        if item["code"] in codes:
            raise ValidationError(_("Two criteria have the code %(code)s.") % {"code": item["code"]})
        codes.add(item["code"])
    for area, count in counts.items():
        if not CRITERIA_PER_AREA_MIN <= count <= CRITERIA_PER_AREA_MAX:
            raise ValidationError(
                _("Each area needs 2 to 5 criteria; %(area)s has %(count)d.")
                % {"area": Area(area).label, "count": count}
            )


@transaction.atomic
def rubric_update(
    *,
    rubric: Rubric,
    weights: dict[str, int],
    tie_break_order: list[str] | str,
    criteria: list[dict] | None = None,
    actor=None,
) -> Rubric:
    """Change the weights, the tie-break order and (optionally) the criteria, while not frozen.

    ``criteria`` is the complete new list: dicts with area, name_id, name_en, descriptors_id,
    descriptors_en and optionally pk (an existing criterion to keep) and code; criteria left out are
    deleted. Each area keeps 2 to 5 criteria and the weights add up to 100.
    """
    rubric = Rubric.objects.select_for_update().select_related("category__edition").get(pk=rubric.pk)
    _ensure_not_frozen(rubric)
    if set(weights) != set(Area.values):
        raise ValidationError(_("Give a weight for each of the four areas."))
    for area, weight in weights.items():
        if int(weight) < 0:
            raise ValidationError(_("Weights cannot be negative."))
        setattr(rubric, f"weight_{area}", int(weight))
    if isinstance(tie_break_order, str):
        tie_break_order = [code.strip() for code in tie_break_order.split(",") if code.strip()]
    rubric.tie_break_order = ",".join(tie_break_order)
    rubric.version += 1  # the row is locked: a plain increment cannot be lost
    rubric.full_clean()
    rubric.save()

    if criteria is not None:
        existing = {criterion.pk: criterion for criterion in rubric.criteria.all()}
        cleaned = []
        for item in criteria:
            name_en = " ".join(str(item.get("name_en", "")).split())
            name_id = " ".join(str(item.get("name_id", "")).split())
            if not name_en or not name_id:
                raise ValidationError(_("Every criterion needs a name in Indonesian and in English."))
            pk = item.get("pk")
            if pk is not None and pk not in existing:
                raise ValidationError(_("A criterion of another rubric was sent."))
            code = item.get("code") or (existing[pk].code if pk else slugify(name_en)[:40])
            cleaned.append(
                {
                    "pk": pk,
                    "area": item["area"],
                    "code": code,
                    "name_id": name_id,
                    "name_en": name_en,
                    "descriptors_id": _clean_descriptors(item.get("descriptors_id"), name_id),
                    "descriptors_en": _clean_descriptors(item.get("descriptors_en"), name_en),
                }
            )
        _validate_criteria(cleaned)
        kept = {item["pk"] for item in cleaned if item["pk"]}
        Criterion.objects.filter(rubric=rubric).exclude(pk__in=kept).delete()
        order_in_area: dict[str, int] = {}
        # Codes are unique per rubric: park the kept ones first so a swap of codes cannot collide.
        for pk in kept:
            Criterion.objects.filter(pk=pk).update(code=f"tmp-{pk}")
        for item in cleaned:
            order_in_area[item["area"]] = order_in_area.get(item["area"], 0) + 1
            criterion = existing[item["pk"]] if item["pk"] else Criterion(rubric=rubric)
            criterion.area = item["area"]
            criterion.code = item["code"]
            criterion.order = order_in_area[item["area"]]
            criterion.name_id = item["name_id"]
            criterion.name_en = item["name_en"]
            criterion.descriptors_id = item["descriptors_id"]
            criterion.descriptors_en = item["descriptors_en"]
            criterion.full_clean(validate_unique=False)
            criterion.save()
    audit_append(
        action="rubric.updated",
        actor=actor,
        edition=rubric.category.edition,
        payload={"category": rubric.category.code, "round": rubric.round.number if rubric.round_id else None,
                 "weights": rubric.weights, "tie_break": rubric.tie_break_order},
    )
    return rubric


@transaction.atomic
def rubric_freeze(*, rubric: Rubric) -> Rubric:
    """Freeze the rubric (the scoring code calls this when the category's first scorecard is sealed)."""
    rubric = Rubric.objects.select_for_update().select_related("category__edition").get(pk=rubric.pk)
    if rubric.frozen_at is None:
        rubric.frozen_at = timezone.now()
        rubric.save(update_fields=["frozen_at"])
        audit_append(
            action="rubric.frozen", edition=rubric.category.edition, payload={"category": rubric.category.code}
        )
    return rubric
