"""Rounds of judging, a category's settings in a round, and the finalists a shortlist reveal sent on."""


from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.models import Category, Edition, Entry


class Round(models.Model):
    """A round of judging. An edition has one final round (as before) and, optionally, earlier rounds (a desk
    round) that end in a shortlist. Rounds run in their number's order; each is sealed with its own key and
    its own Merkle root. Set while the edition is set up, frozen when judging opens (awards.lifecycle)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=100)
    is_final = models.BooleanField(_("final round"), default=True)
    # The round's share of a category's final score, in percent; an edition's rounds add up to 100.
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), default=100, validators=[MaxValueValidator(100)]
    )
    opens_on = models.DateField(_("scoring opens on"), null=True, blank=True)
    closes_on = models.DateField(_("scoring closes on"), null=True, blank=True)

    class Meta:
        ordering = ["edition", "number"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="round_number_unique"),
            models.UniqueConstraint(fields=["edition"], condition=Q(is_final=True), name="round_one_final"),
        ]

    def __str__(self) -> str:
        return f"{self.edition.slug} round {self.number}"

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("A round cannot close before it opens.")})


class CategoryRound(models.Model):
    """A category's settings in one non-final round: its shortlist rule, and whether judges see entry codes
    instead of companies (a blind round). Without a row the defaults apply (top 6, one scorecard, not blind)."""

    class Mode(models.TextChoices):
        TOP = "top", _("The best N entries")
        THRESHOLD = "threshold", _("Every entry at or above a score")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="category_settings")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="round_settings")
    shortlist_mode = models.CharField(_("shortlist rule"), max_length=20, choices=Mode.choices, default=Mode.TOP)
    shortlist_top_n = models.PositiveSmallIntegerField(
        _("finalists (N)"), default=6, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    shortlist_threshold = models.DecimalField(
        _("lowest score of a finalist"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    shortlist_min_scorecards = models.PositiveSmallIntegerField(
        _("scorecards needed"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    blind = models.BooleanField(_("blind round: judges see an entry code, not the company"), default=False)
    # A category may go straight to the finals: it has no desk round, every accepted entry is judged once and
    # the finals count 100 %.
    in_round = models.BooleanField(_("this category has this round"), default=True)
    # This round's share of the category's final score in percent; empty: the round's own weight.
    weight = models.PositiveSmallIntegerField(
        _("weight in this category (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["round", "category"]
        verbose_name = _("category round settings")
        verbose_name_plural = _("category round settings")
        constraints = [models.UniqueConstraint(fields=["round", "category"], name="category_round_unique")]

    def __str__(self) -> str:
        return f"{self.category.code} in {self.round}"

    @property
    def is_threshold(self) -> bool:
        return self.shortlist_mode == self.Mode.THRESHOLD

    def clean(self):
        if self.shortlist_mode == self.Mode.THRESHOLD and self.shortlist_threshold is None:
            raise ValidationError({"shortlist_threshold": _("Give the lowest score that reaches the finals.")})


class Finalist(models.Model):
    """An entry the shortlist reveal sent on from a round. Rows are written in alphabetical order of the
    company, so not even their ids say anything about the scores."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="finalists")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="finalist_of")

    class Meta:
        ordering = ["round", "entry__category__ceremony_order", "entry__company__legal_name", "entry_id"]
        verbose_name = _("finalist")
        verbose_name_plural = _("finalists")
        constraints = [models.UniqueConstraint(fields=["round", "entry"], name="finalist_once_per_round")]

    def __str__(self) -> str:
        return f"{self.entry} (finalist of {self.round})"
