"""Entries and the documents uploaded with them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.models.base import PlausibleRange, _document_path, private_storage
from awards.models.companies import Company
from awards.models.editions import Category, Edition

# What a real contact centre can report, per figure: (lowest, highest, unit). A figure outside is a typo
# (an ASA of 1,000,000,000 s is 31 years) and is refused with a message that names the range.
KPI_RANGES = {
    "agent_seats": (1, 100_000, _("seats")),
    "inbound_contacts_yearly": (0, 2_000_000_000, _("contacts")),
    "outbound_contacts_yearly": (0, 2_000_000_000, _("contacts")),
    "service_level_percent": (0, 100, "%"),
    "service_level_seconds": (1, 600, _("seconds")),
    "average_speed_of_answer": (0, 3_600, _("seconds")),
    "abandonment_rate": (0, 100, "%"),
    "first_contact_resolution": (0, 100, "%"),
    "customer_satisfaction": (0, 100, "%"),
    "agent_attrition": (0, 100, "%"),
    "nominee_years_in_role": (0, 60, _("years")),
}


def _plausible(name: str) -> list:
    return [PlausibleRange(*KPI_RANGES[name])]


class Entry(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        # The organisers sent it back after their eligibility review: the entrant fixes it and submits it
        # again before `resubmit_by`.
        RETURNED = "returned", _("Returned for changes")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Review(models.TextChoices):
        """Where the organisers' eligibility review of an entry stands (read from its status and
        `accepted_at`, never stored by itself)."""

        DRAFT = "draft", _("Not submitted")
        AWAITING = "awaiting", _("Awaiting review")
        ACCEPTED = "accepted", _("Accepted for judging")
        RETURNED = "returned", _("Returned for changes")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="entries")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="entries")
    # Numbered per edition from 1, in the order entries are made (awards.services.entries.entry_number_next).
    number = models.PositiveIntegerField(_("number"), editable=False)
    title = models.CharField(_("title"), max_length=200)
    class Shortlist(models.TextChoices):
        FINALIST = "finalist", _("Finalist")
        NOT_SHORTLISTED = "not_shortlisted", _("Not shortlisted")

    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    # Set when the organisers publish the finalists of a desk round (judging.services.finalists): what the
    # company is told, never a score or a rank.
    shortlist = models.CharField(_("shortlist"), max_length=20, choices=Shortlist.choices, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # The eligibility review (awards.services.eligibility). Only an accepted entry goes to judging.
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    resubmit_by = models.DateTimeField(_("resubmit by"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawing"), blank=True)

    # The four areas, as narrative answers.
    narrative_infrastructure = models.TextField(_("infrastructure"), blank=True)
    narrative_technology = models.TextField(_("technology"), blank=True)
    narrative_communication = models.TextField(_("communication"), blank=True)
    narrative_people = models.TextField(_("people and HR"), blank=True)

    # Operational figures (corporate categories).
    agent_seats = models.PositiveIntegerField(
        _("agent seats"), null=True, blank=True, validators=_plausible("agent_seats")
    )
    inbound_contacts_yearly = models.PositiveBigIntegerField(
        _("inbound contacts per year"), null=True, blank=True, validators=_plausible("inbound_contacts_yearly")
    )
    outbound_contacts_yearly = models.PositiveBigIntegerField(
        _("outbound contacts per year"), null=True, blank=True, validators=_plausible("outbound_contacts_yearly")
    )
    service_level_percent = models.DecimalField(
        _("service level: % answered"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=_plausible("service_level_percent"),
    )
    service_level_seconds = models.PositiveIntegerField(
        _("service level: within seconds"), null=True, blank=True, validators=_plausible("service_level_seconds")
    )
    average_speed_of_answer = models.PositiveIntegerField(
        _("average speed of answer (s)"), null=True, blank=True, validators=_plausible("average_speed_of_answer")
    )
    abandonment_rate = models.DecimalField(
        _("abandonment rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=_plausible("abandonment_rate"),
    )
    first_contact_resolution = models.DecimalField(
        _("first-contact resolution (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=_plausible("first_contact_resolution"),
    )
    customer_satisfaction = models.DecimalField(
        _("customer satisfaction (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=_plausible("customer_satisfaction"),
    )
    agent_attrition = models.DecimalField(
        _("agent attrition (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=_plausible("agent_attrition"),
    )

    # Where assessors place their mystery calls (judging.CallLog): the numbers or addresses customers use.
    mystery_call_numbers = models.CharField(
        _("service number(s) for mystery calls"), max_length=300, blank=True,
        help_text=_("The phone or WhatsApp numbers, chat page or e-mail address your customers use. Assessors "
                    "may contact them anonymously during the finals."),
    )

    # The nominee (individual categories).
    nominee_name = models.CharField(_("nominee's name"), max_length=200, blank=True)
    nominee_role = models.CharField(_("nominee's role"), max_length=200, blank=True)
    nominee_years_in_role = models.PositiveSmallIntegerField(
        _("nominee's years in role"), null=True, blank=True, validators=_plausible("nominee_years_in_role")
    )

    class Meta:
        ordering = ["category__ceremony_order", "company__legal_name", "pk"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False), name="entry_submitted_has_time"
            ),
            # Only a submitted entry can stand accepted; a returned one always says why and until when.
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(status="submitted"), name="entry_accepted_is_submitted"
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | (Q(resubmit_by__isnull=False) & ~Q(return_reason="")),
                name="entry_returned_has_reason_and_deadline",
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
        return self.reference_of(number=self.number)

    @staticmethod
    def reference_of(*, number: int | None) -> str:
        """The entry's code, E-014: its number in its edition. No word in it, so it reads the same in
        Indonesian and English ("E" for entry and entri), and it says nothing of the category or company."""
        return f"E-{number or 0:03d}"

    @property
    def edition(self) -> Edition:
        return self.category.edition

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_returned(self) -> bool:
        return self.status == self.Status.RETURNED

    @property
    def review(self) -> str:
        """Where the eligibility review stands (Entry.Review)."""
        if self.status == self.Status.SUBMITTED:
            return self.Review.ACCEPTED if self.accepted_at else self.Review.AWAITING
        return self.Review(self.status)

    def get_review_display(self) -> str:
        return str(self.Review(self.review).label)


class DeadlineExtension(models.Model):
    """A later entry deadline for one company (all its entries, new ones too) or for one of its entries,
    granted by the organisers (awards.services.eligibility.deadline_extension_grant)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deadline_extensions")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="deadline_extensions")
    entry = models.ForeignKey(
        "Entry", on_delete=models.CASCADE, null=True, blank=True, related_name="deadline_extensions"
    )
    until = models.DateTimeField(_("new deadline"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["company__legal_name", "pk"]
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "company"], condition=Q(entry__isnull=True), name="extension_one_per_company"
            ),
            models.UniqueConstraint(
                fields=["entry"], condition=Q(entry__isnull=False), name="extension_one_per_entry"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="extension_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.company} → {self.until:%Y-%m-%d %H:%M}"



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
