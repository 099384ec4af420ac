"""A category's rubric (per round where a round has its own) and its criteria."""


from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.models import Category
from judging.models.base import Area, _english


class Rubric(models.Model):
    """The scoring rubric of a category: four weighted areas of 2-5 criteria each. The rubric without a round is
    the category's rubric in every round; a rubric with a round replaces it in that round (a finals rubric with
    presentation and Q&A criteria, other weights). See judging.selectors.rubrics."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="rubrics")
    round = models.ForeignKey(
        "Round", on_delete=models.CASCADE, null=True, blank=True, related_name="rubrics", verbose_name=_("round")
    )
    weight_infrastructure = models.PositiveSmallIntegerField(_("weight: infrastructure"), default=25)
    weight_technology = models.PositiveSmallIntegerField(_("weight: technology"), default=25)
    weight_communication = models.PositiveSmallIntegerField(_("weight: communication"), default=25)
    weight_people = models.PositiveSmallIntegerField(_("weight: people and HR"), default=25)
    # Comma-separated area codes: the order in which area scores break a tie.
    tie_break_order = models.CharField(
        _("tie-break order"), max_length=100, default="people,communication,technology,infrastructure"
    )
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    # Goes up with every edit of the rubric or its criteria (judging.services.rubrics, the admin): the scorecard
    # pages keep the criteria per server under (id, version), so an edit is never served from an older copy.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        constraints = [
            models.UniqueConstraint(
                fields=["category"], condition=Q(round__isnull=True), name="rubric_one_per_category"
            ),
            models.UniqueConstraint(fields=["category", "round"], name="rubric_once_per_round"),
            models.CheckConstraint(
                condition=Q(
                    weight_infrastructure__gte=0,
                    weight_technology__gte=0,
                    weight_communication__gte=0,
                    weight_people__gte=0,
                ),
                name="rubric_weights_non_negative",
            ),
        ]

    def __str__(self) -> str:
        if self.round_id is None:
            return f"rubric {self.category.code}"
        return f"rubric {self.category.code} round {self.round.number}"

    @property
    def weights(self) -> dict[str, int]:
        return {
            Area.INFRASTRUCTURE: self.weight_infrastructure,
            Area.TECHNOLOGY: self.weight_technology,
            Area.COMMUNICATION: self.weight_communication,
            Area.PEOPLE: self.weight_people,
        }

    @property
    def tie_break_areas(self) -> list[str]:
        return [code for code in self.tie_break_order.split(",") if code]

    def clean(self):
        if sum(self.weights.values()) != 100:
            raise ValidationError(_("The four area weights must add up to 100."))
        areas = self.tie_break_areas
        if sorted(areas) != sorted(Area.values):
            raise ValidationError({"tie_break_order": _("The tie-break order must name each of the four areas once.")})


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    code = models.SlugField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    # Four descriptors per language, for the bands 1-3, 4-6, 7-8 and 9-10.
    descriptors_id = models.JSONField(_("descriptors (Indonesian)"), default=list)
    descriptors_en = models.JSONField(_("descriptors (English)"), default=list)

    class Meta:
        ordering = ["rubric", "area", "order", "code"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [models.UniqueConstraint(fields=["rubric", "code"], name="criterion_code_unique")]

    def __str__(self) -> str:
        return f"{self.area}/{self.code}"

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_id

    @property
    def descriptors(self) -> list[str]:
        return self.descriptors_en if _english() else self.descriptors_id
