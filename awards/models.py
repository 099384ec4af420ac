"""The programme and its participants: editions, categories, companies, entries, NDAs, awards, audit."""

import hashlib
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from awards import lifecycle


def _english() -> bool:
    return (get_language() or settings.LANGUAGE_CODE).startswith("en")


def private_storage():
    """Uploaded files live under MEDIA_ROOT (= PRIVATE_FILES_ROOT), which no URL serves.

    The storage reads MEDIA_ROOT lazily, so tests can point it at a temporary folder.
    """
    return FileSystemStorage()


PERCENT_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Edition(models.Model):
    State = lifecycle.State  # the states and what each allows live in awards/lifecycle.py

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    year = models.PositiveIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    registration_opens = models.DateTimeField(_("registration opens"))
    registration_closes = models.DateTimeField(_("registration closes"))
    judging_opens = models.DateTimeField(_("judging opens"))
    judging_closes = models.DateTimeField(_("judging closes"))
    award_night = models.DateTimeField(_("award night"))
    venue = models.CharField(_("award night venue"), max_length=200)
    chair_name = models.CharField(_("chair of judges"), max_length=200, blank=True)
    chair_title = models.CharField(_("chair of judges: title"), max_length=200, blank=True)
    organiser_name = models.CharField(_("organiser signatory"), max_length=200, blank=True)
    organiser_title = models.CharField(_("organiser signatory: title"), max_length=200, blank=True)
    chair_signature = models.ImageField(
        _("chair's signature image"), storage=private_storage, upload_to="signatures/", blank=True
    )
    organiser_signature = models.ImageField(
        _("organiser's signature image"), storage=private_storage, upload_to="signatures/", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_opens__lt=models.F("registration_closes")),
                name="edition_registration_window",
            ),
            models.CheckConstraint(
                condition=Q(judging_opens__lt=models.F("judging_closes")), name="edition_judging_window"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes__lte=models.F("judging_opens")),
                name="edition_judging_after_registration",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.registration_opens and self.registration_closes and (
            self.registration_opens >= self.registration_closes
        ):
            errors["registration_closes"] = _("Registration must close after it opens.")
        if self.judging_opens and self.judging_closes and self.judging_opens >= self.judging_closes:
            errors["judging_closes"] = _("Judging must close after it opens.")
        if self.registration_closes and self.judging_opens and self.judging_opens < self.registration_closes:
            errors["judging_opens"] = _("Judging cannot open before registration closes.")
        if errors:
            raise ValidationError(errors)

    @property
    def phase(self) -> lifecycle.Phase:
        """What the edition's state allows (``edition.phase.scoring_open``...)."""
        return lifecycle.phase_of(self.state)

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.phase.registration_open and self.registration_opens <= now < self.registration_closes


class SeatClass(models.TextChoices):
    SMALL = "small", _("under 50 agent seats")
    MEDIUM = "medium", _("50 to 250 agent seats")
    LARGE = "large", _("over 250 agent seats")

    @classmethod
    def for_seats(cls, seats: int) -> "SeatClass":
        if seats < 50:
            return cls.SMALL
        if seats <= 250:
            return cls.MEDIUM
        return cls.LARGE


class Category(models.Model):
    class Kind(models.TextChoices):
        CORPORATE = "corporate", _("Corporate")
        INDIVIDUAL = "individual", _("Individual")

    class AwardMode(models.TextChoices):
        PLACES = "places", _("Ranked places (winner, 1st and 2nd runner-up)")
        MEDALS = "medals", _("Medal bands (platinum, gold, silver, bronze)")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField(_("code"), max_length=40)
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_id = models.TextField(_("description (Indonesian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CORPORATE)
    seat_class = models.CharField(
        _("seat-size class"),
        max_length=10,
        choices=SeatClass.choices,
        blank=True,
        help_text=_("Only for operations categories: companies may enter the class that fits their seats."),
    )
    max_entries_per_company = models.PositiveSmallIntegerField(
        _("maximum entries per company"), default=1, validators=[MinValueValidator(1)]
    )
    award_mode = models.CharField(_("award mode"), max_length=10, choices=AwardMode.choices, default="places")
    platinum_threshold = models.DecimalField(
        _("platinum from score"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=PERCENT_VALIDATORS,
    )
    gold_threshold = models.DecimalField(
        _("gold from score"), max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT_VALIDATORS
    )
    silver_threshold = models.DecimalField(
        _("silver from score"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=PERCENT_VALIDATORS,
    )
    bronze_threshold = models.DecimalField(
        _("bronze from score"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=PERCENT_VALIDATORS,
    )
    min_judges = models.PositiveSmallIntegerField(
        _("minimum judges per entry"), default=3, validators=[MinValueValidator(1)]
    )
    normalise_scores = models.BooleanField(
        _("normalise judges' scores (z-scores)"), default=False,
        help_text=_("For large panels where judges score on different scales."),
    )
    ceremony_order = models.PositiveIntegerField(_("ceremony order"), default=0)

    class Meta:
        ordering = ["edition", "ceremony_order", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="category_code_unique_per_edition"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    def clean(self):
        if self.award_mode == self.AwardMode.MEDALS:
            thresholds = [
                self.platinum_threshold, self.gold_threshold, self.silver_threshold, self.bronze_threshold
            ]
            if any(value is None for value in thresholds):
                raise ValidationError(_("Medal bands need all four thresholds."))
            if not (thresholds[0] > thresholds[1] > thresholds[2] > thresholds[3]):
                raise ValidationError(_("Medal thresholds must fall from platinum to bronze."))
        if self.seat_class and self.kind == self.Kind.INDIVIDUAL:
            raise ValidationError({"seat_class": _("Individual categories have no seat-size class.")})

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_id

    @property
    def description(self) -> str:
        return self.description_en if _english() else self.description_id

    @property
    def is_individual(self) -> bool:
        return self.kind == self.Kind.INDIVIDUAL


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    CHAT = "chat", _("Chat and social media")
    VIDEO = "video", _("Video")
    WEB = "web", _("Web self-service")


class Company(models.Model):
    class Sector(models.TextChoices):
        BANKING = "banking", _("Banking and finance")
        INSURANCE = "insurance", _("Insurance")
        TELECOM = "telecom", _("Telecommunications")
        GOVERNMENT = "government", _("Government and public service")
        UTILITIES = "utilities", _("Energy and utilities")
        TRANSPORT = "transport", _("Transport and logistics")
        RETAIL = "retail", _("Retail and e-commerce")
        HEALTH = "health", _("Health")
        OUTSOURCING = "outsourcing", _("Contact-centre outsourcing")
        OTHER = "other", _("Other")

    legal_name = models.CharField(_("legal name"), max_length=200, unique=True)
    brand = models.CharField(_("brand"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    address = models.TextField(_("address"))
    city = models.CharField(_("city"), max_length=100)
    agent_seats = models.PositiveIntegerField(
        _("agent seats"), validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    channels = models.JSONField(_("channels served"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["legal_name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        constraints = [
            models.CheckConstraint(condition=Q(agent_seats__gte=1), name="company_has_seats"),
        ]

    def __str__(self) -> str:
        return self.brand or self.legal_name

    def clean(self):
        valid = set(Channel.values)
        if not isinstance(self.channels, list) or not set(self.channels) <= valid:
            raise ValidationError({"channels": _("Choose channels from the list.")})

    @property
    def display_name(self) -> str:
        return self.brand or self.legal_name

    @property
    def seat_class(self) -> str:
        return SeatClass.for_seats(self.agent_seats)

    def get_channels_display(self) -> str:
        labels = dict(Channel.choices)
        return ", ".join(str(labels[c]) for c in self.channels if c in labels)


class CompanyContact(models.Model):
    """A user who acts for a company. A user belongs to at most one company."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="contacts")
    full_name = models.CharField(_("full name"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["company", "full_name"]
        verbose_name = _("company contact")
        verbose_name_plural = _("company contacts")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.company})"


class CompanyInvitation(models.Model):
    """A contact invites a colleague by e-mail; the link is single-use and expires."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("company invitation")
        verbose_name_plural = _("company invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.company}"


class Entry(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="entries")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="entries")
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    # The four areas, as narrative answers.
    narrative_infrastructure = models.TextField(_("infrastructure"), blank=True)
    narrative_technology = models.TextField(_("technology"), blank=True)
    narrative_communication = models.TextField(_("communication"), blank=True)
    narrative_people = models.TextField(_("people and HR"), blank=True)

    # Operational figures (corporate categories).
    agent_seats = models.PositiveIntegerField(
        _("agent seats"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    inbound_contacts_yearly = models.PositiveBigIntegerField(_("inbound contacts per year"), null=True, blank=True)
    outbound_contacts_yearly = models.PositiveBigIntegerField(_("outbound contacts per year"), null=True, blank=True)
    service_level_percent = models.DecimalField(
        _("service level: % answered"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=PERCENT_VALIDATORS,
    )
    service_level_seconds = models.PositiveIntegerField(
        _("service level: within seconds"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    average_speed_of_answer = models.PositiveIntegerField(_("average speed of answer (s)"), null=True, blank=True)
    abandonment_rate = models.DecimalField(
        _("abandonment rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=PERCENT_VALIDATORS,
    )
    first_contact_resolution = models.DecimalField(
        _("first-contact resolution (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=PERCENT_VALIDATORS,
    )
    customer_satisfaction = models.DecimalField(
        _("customer satisfaction (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=PERCENT_VALIDATORS,
    )
    agent_attrition = models.DecimalField(
        _("agent attrition (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=PERCENT_VALIDATORS,
    )

    # The nominee (individual categories).
    nominee_name = models.CharField(_("nominee's name"), max_length=200, blank=True)
    nominee_role = models.CharField(_("nominee's role"), max_length=200, blank=True)
    nominee_years_in_role = models.PositiveSmallIntegerField(
        _("nominee's years in role"), null=True, blank=True, validators=[MaxValueValidator(60)]
    )

    class Meta:
        ordering = ["category__ceremony_order", "company__legal_name", "pk"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False), name="entry_submitted_has_time"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True})
                    | Q(**{f"{field}__gte": 0, f"{field}__lte": 100}),
                    name=f"entry_{field}_percent",
                )
                for field in (
                    "service_level_percent",
                    "abandonment_rate",
                    "first_contact_resolution",
                    "customer_satisfaction",
                    "agent_attrition",
                )
            ],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return self.reference_of(category_code=self.category.code, pk=self.pk)

    @staticmethod
    def reference_of(*, category_code: str, pk: int | None) -> str:
        """The reference from its parts, for code that reads rows without building entries."""
        return f"{category_code.upper()}-{pk or 0:04d}"

    @property
    def edition(self) -> Edition:
        return self.category.edition

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


def _document_path(instance, filename):
    # The stored name is random; the original name is kept in a field and only ever sent back sanitised.
    return f"entries/{instance.entry_id}/{uuid.uuid4().hex}"


class EntryDocument(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        PPTX = "pptx", "PowerPoint (PPTX)"
        DOCX = "docx", "Word (DOCX)"
        PNG = "png", "PNG"
        JPEG = "jpeg", "JPEG"

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(storage=private_storage, upload_to=_document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=150)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry", "uploaded_at", "pk"]
        verbose_name = _("entry document")
        verbose_name_plural = _("entry documents")

    def __str__(self) -> str:
        return self.original_name


class NdaVersion(models.Model):
    class Audience(models.TextChoices):
        PARTICIPANT = "participant", _("Participants")
        JUDGE = "judge", _("Judges")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="nda_versions")
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices)
    version_label = models.CharField(_("version"), max_length=20)
    title_id = models.CharField(_("title (Indonesian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    text_id = models.TextField(_("text (Indonesian)"))
    text_en = models.TextField(_("text (English)"))
    text_sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["edition", "audience", "-published_at", "-pk"]
        verbose_name = _("NDA version")
        verbose_name_plural = _("NDA versions")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "audience", "version_label"], name="nda_version_label_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition.slug} {self.get_audience_display()} {self.version_label}"

    @staticmethod
    def hash_texts(*, title_id: str, text_id: str, title_en: str, text_en: str) -> str:
        """SHA-256 over both languages' title and text, with explicit separators."""
        canonical = "\x1f".join([title_id, text_id, title_en, text_en]).replace("\r\n", "\n")
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def compute_sha256(self) -> str:
        return self.hash_texts(
            title_id=self.title_id, text_id=self.text_id, title_en=self.title_en, text_en=self.text_en
        )

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def title(self) -> str:
        return self.title_en if _english() else self.title_id

    @property
    def text(self) -> str:
        return self.text_en if _english() else self.text_id


class NdaAcceptance(models.Model):
    """A signature. Rows are never changed or deleted."""

    version = models.ForeignKey(NdaVersion, on_delete=models.PROTECT, related_name="acceptances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nda_acceptances")
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, null=True, blank=True, related_name="nda_acceptances"
    )
    signer_name = models.CharField(_("signer's full name"), max_length=200)
    signer_title = models.CharField(_("signer's job title"), max_length=200)
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=500, blank=True)
    text_sha256 = models.CharField(_("SHA-256 of the text signed"), max_length=64)

    class Meta:
        ordering = ["-accepted_at"]
        verbose_name = _("NDA acceptance")
        verbose_name_plural = _("NDA acceptances")
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="nda_acceptance_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.signer_name} — {self.version}"

    def save(self, *args, **kwargs):
        # An integrity guard, not business logic: a signature is a record and stays as signed.
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise ValidationError(_("A signed NDA cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A signed NDA cannot be deleted."))


class Award(models.Model):
    """A result, written by the reveal. Certificates and the public winners page read only this."""

    class Kind(models.TextChoices):
        WINNER = "winner", pgettext_lazy("award", "Winner")
        FIRST_RUNNER_UP = "runner_up_1", _("1st runner-up")
        SECOND_RUNNER_UP = "runner_up_2", _("2nd runner-up")
        PLATINUM = "platinum", _("Platinum")
        GOLD = "gold", _("Gold")
        SILVER = "silver", _("Silver")
        BRONZE = "bronze", _("Bronze")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="awards")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="awards")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="awards")
    kind = models.CharField(_("award"), max_length=12, choices=Kind.choices)
    rank = models.PositiveSmallIntegerField(_("rank"))
    joint = models.BooleanField(_("joint placing"), default=False)
    score = models.DecimalField(pgettext_lazy("result", "score"), max_digits=6, decimal_places=2)
    certificate_code = models.CharField(_("certificate code"), max_length=16, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category__ceremony_order", "rank", "entry__company__legal_name"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.UniqueConstraint(fields=["category", "entry"], name="award_once_per_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.category.code} {self.get_kind_display()}: {self.entry.company}"


class AuditEvent(models.Model):
    """One row of the append-only, hash-chained audit log (see awards.audit)."""

    seq = models.PositiveBigIntegerField(unique=True)
    created_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    edition = models.ForeignKey(Edition, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=60)
    payload = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class AuditHead(models.Model):
    """A single row locked by every append, so concurrent appends never fork the chain."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1), name="audit_head_singleton")]

    def __str__(self) -> str:
        return f"audit head #{self.last_seq}"
