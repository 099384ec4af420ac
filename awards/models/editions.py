"""Editions (the yearly programme and its dates) and their categories."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards import lifecycle
from awards.models.base import PERCENT_VALIDATORS, _english, private_storage


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
    reminder_days = models.PositiveSmallIntegerField(
        _("reminders: days before a deadline"), default=3, validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Judges with unscored entries and entrants with unsubmitted entries are reminded this many "
                    "days before scoring or the entry deadline closes."),
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

    def scoring_is_open(self, now=None) -> bool:
        """Judges may score: the state allows it and the judging dates have started and not ended."""
        now = now or timezone.now()
        return self.phase.scoring_open and self.judging_opens <= now < self.judging_closes


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
    # Mystery calls (judging's assessors): a call counts as answered in time within this many seconds, and the
    # service level the category expects is this share of calls answered in time.
    call_threshold_seconds = models.PositiveSmallIntegerField(
        _("mystery calls: answered within (seconds)"), default=25,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    call_target_percent = models.PositiveSmallIntegerField(
        _("mystery calls: target service level (%)"), default=85,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    # A rubric criterion (its code) whose finals score the tally takes from the measured service level through
    # the documented bands (judging.tally.evidence.SERVICE_LEVEL_BANDS) instead of the judges' own scores.
    call_criterion = models.SlugField(
        _("mystery calls: criterion scored from the measured service level"), max_length=40, blank=True,
        help_text=_("The code of a criterion of this category's rubric, or empty. In the finals, an entrant the "
                    "assessors called gets this criterion's score from its measured service level (bands "
                    "against the target), in every judge's scorecard."),
    )

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
