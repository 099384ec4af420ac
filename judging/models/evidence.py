"""Assessors, their declared conflicts and their sealed mystery-call logs."""

import re

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from awards.models import Company, Edition, Entry
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


class CallLog(models.Model):
    """One mystery call, sealed on submit exactly like a scorecard (judging.services.call_logs): the row holds
    only the ciphertext to the final round's key and its receipt; the final round's seal commits to it."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        WHATSAPP = "whatsapp", _("WhatsApp")
        EMAIL = "email", _("E-mail")
        CHAT = "chat", _("Chat")

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="call_logs")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="call_logs")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="call_logs")
    assessor = models.ForeignKey(Assessor, on_delete=models.PROTECT, related_name="call_logs")
    # The assessor's n-th call to this entry (from 1): part of the sealed binding.
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(1000)])
    ciphertext = models.BinaryField()
    receipt = models.CharField(max_length=64, unique=True)  # sha256(ciphertext), hex
    sealed_at = models.DateTimeField()

    class Meta:
        ordering = ["round", "entry", "assessor", "number"]
        verbose_name = _("sealed call log")
        verbose_name_plural = _("sealed call logs")
        constraints = [
            models.UniqueConstraint(fields=["round", "assessor", "entry", "number"], name="call_log_number_unique"),
        ]

    def __str__(self) -> str:
        return f"call log {self.receipt[:12]}"
