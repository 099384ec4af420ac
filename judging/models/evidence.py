"""Assessors, their declared conflicts, their sealed mystery-call logs and site visits (with the checklists)."""

import re

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _

from awards.models import Category, Company, Edition, Entry
from judging.models.panel import ConflictDeclaration
from judging.models.rounds import Round

CALL_NOTES_MAX_LENGTH = 1000
# A call waits at most an hour: more is a typing mistake (seconds typed as milliseconds...).
CALL_SECONDS_MAX = 3600


class Assessor(models.Model):
    """A person who measures the finalists' service with mystery calls. Invited like a judge, signs the judges'
    agreement and declares conflicts; sees the finalists' published service numbers and their own call logs."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="assessors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessor_roles")
    full_name = models.CharField(_("full name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    # Names the assessor in the sealed logs and the pack ("Assessor 01").
    pseudonym = models.CharField(_("pseudonym"), max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["edition", "pseudonym"]
        verbose_name = _("assessor")
        verbose_name_plural = _("assessors")
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="assessor_once_per_edition"),
            models.UniqueConstraint(fields=["edition", "pseudonym"], name="assessor_pseudonym_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.edition.slug})"

    @property
    def pseudonym_shown(self) -> str:
        """The pseudonym in the reader's language ("Asesor 01"); the stored one is sealed into the logs."""
        match = re.fullmatch(r"Assessor (\d+)", self.pseudonym)
        if match is None:
            return self.pseudonym
        return pgettext("assessor pseudonym", "Assessor %(number)s") % {"number": match.group(1)}


class AssessorConflict(models.Model):
    """An assessor's declared conflict with a company: no call log for its entries."""

    assessor = models.ForeignKey(Assessor, on_delete=models.CASCADE, related_name="conflicts")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="assessor_conflicts")
    relation = models.CharField(_("relation"), max_length=20, choices=ConflictDeclaration.Relation.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessor", "company"]
        verbose_name = _("assessor's conflict of interest")
        verbose_name_plural = _("assessors' conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["assessor", "company"], name="assessor_conflict_unique")]

    def __str__(self) -> str:
        return f"{self.assessor} × {self.company}"


class SealedEvidence(models.Model):
    """What every sealed piece of an assessor's evidence holds (a call log, a site visit): only the ciphertext to
    the final round's key and its receipt; the final round's seal commits to it (judging.services.sealed_evidence).
    The edition, round, entry and assessor are foreign keys of each kind, with the kind's own reverse names."""

    # The assessor's n-th piece of this kind for this entry (from 1): part of the sealed binding.
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(1000)])
    ciphertext = models.BinaryField()
    receipt = models.CharField(max_length=64, unique=True)  # sha256(ciphertext), hex
    sealed_at = models.DateTimeField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.receipt[:12]}"


class CallLog(SealedEvidence):
    """One mystery call, sealed on submit exactly like a scorecard (judging.services.call_logs)."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        WHATSAPP = "whatsapp", _("WhatsApp")
        EMAIL = "email", _("E-mail")
        CHAT = "chat", _("Chat")

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="call_logs")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="call_logs")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="call_logs")
    assessor = models.ForeignKey(Assessor, on_delete=models.PROTECT, related_name="call_logs")

    class Meta:
        ordering = ["round", "entry", "assessor", "number"]
        verbose_name = _("sealed call log")
        verbose_name_plural = _("sealed call logs")
        constraints = [
            models.UniqueConstraint(fields=["round", "assessor", "entry", "number"], name="call_log_number_unique"),
        ]


# A checklist of a category has at most this many items, each note at most this long: every visit the form allows
# then fits one padding bucket (judging.sealing.SITE_VISIT_BUCKET_BYTES).
CHECKLIST_ITEMS_MAX = 40
VISIT_ITEM_NOTES_MAX_LENGTH = 300
VISIT_NOTES_MAX_LENGTH = 1000


class SiteVisitItem(models.Model):
    """One item of a category's site-visit checklist, as the organiser words it in both languages. The sealed
    visits hold the item's code and answer; the labels are written into the results at the reveal."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="site_visit_items")
    code = models.SlugField(_("code"), max_length=40)
    label_en = models.CharField(_("label (English)"), max_length=200)
    label_id = models.CharField(_("label (Indonesian)"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["category", "position", "pk"]
        verbose_name = _("site-visit checklist item")
        verbose_name_plural = _("site-visit checklist items")
        constraints = [models.UniqueConstraint(fields=["category", "code"], name="site_visit_item_code_unique")]

    def __str__(self) -> str:
        return f"{self.category.code}/{self.code}"

    @property
    def label_shown(self) -> str:
        """The label in the reader's language."""
        return self.label_id if (get_language() or "").startswith("id") else self.label_en


class SiteVisit(SealedEvidence):
    """One site visit to a finalist against its category's checklist, sealed on submit like a call log
    (judging.services.site_visits)."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="site_visits")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="site_visits")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="site_visits")
    assessor = models.ForeignKey(Assessor, on_delete=models.PROTECT, related_name="site_visits")

    class Meta:
        ordering = ["round", "entry", "assessor", "number"]
        verbose_name = _("sealed site visit")
        verbose_name_plural = _("sealed site visits")
        constraints = [
            models.UniqueConstraint(fields=["round", "assessor", "entry", "number"], name="site_visit_number_unique"),
        ]
