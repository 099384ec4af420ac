"""Companies that enter, the people who act for them, and invitations to join them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.models.editions import SeatClass


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
