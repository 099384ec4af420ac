"""Forms of the organiser's rounds page: the rounds (a desk round before the finals, or one round) and a
category's shortlist rule in the desk round."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from awards.models import Category, Edition
from judging.models import CategoryRound

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # ISO: a date input shows nothing else


class RoundsForm(forms.Form):
    desk = forms.BooleanField(
        label=_("Judge in two rounds: a desk round (written entries, scored remotely) sends a shortlist to the "
                "finals"), required=False,
    )
    desk_name = forms.CharField(label=_("Desk round name"), max_length=100, required=False)
    desk_weight = forms.IntegerField(
        label=_("Desk round weight (%)"), min_value=0, max_value=100, initial=30, required=False,
        help_text=_("The finals take the rest: a category's final score is the weighted mean of its rounds."),
    )
    desk_opens_on = forms.DateField(label=_("Desk scoring opens on"), required=False, widget=_DATE)
    desk_closes_on = forms.DateField(label=_("Desk scoring closes on"), required=False, widget=_DATE)
    final_name = forms.CharField(label=_("Final round name"), max_length=100, required=False)
    final_opens_on = forms.DateField(label=_("Finals open on"), required=False, widget=_DATE)
    final_closes_on = forms.DateField(label=_("Finals close on"), required=False, widget=_DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        for prefix in ("desk", "final"):
            opens, closes = cleaned.get(f"{prefix}_opens_on"), cleaned.get(f"{prefix}_closes_on")
            if opens and closes and closes < opens:
                self.add_error(f"{prefix}_closes_on", _("A round cannot close before it opens."))
        if cleaned.get("desk") and cleaned.get("desk_weight") is None:
            self.add_error("desk_weight", _("Give the desk round's weight."))
        return cleaned


class ShortlistRuleForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())
    straight_to_finals = forms.BooleanField(
        label=_("No desk round for this category: every accepted entry goes straight to the finals (100 %)"),
        required=False,
    )
    desk_weight = forms.IntegerField(
        label=_("Desk round weight in this category (%)"), min_value=0, max_value=100, required=False,
        help_text=_("Empty: the desk round's weight. 0: the finals alone decide, the desk round only shortlists."),
    )
    mode = forms.ChoiceField(label=_("Shortlist rule"), choices=CategoryRound.Mode.choices)
    top_n = forms.IntegerField(label=_("Finalists (N)"), min_value=1, max_value=50, initial=6)
    threshold = forms.DecimalField(
        label=_("Lowest score of a finalist (0-100)"), min_value=0, max_value=100, decimal_places=2,
        required=False,
    )
    min_scorecards = forms.IntegerField(label=_("Scorecards an entry needs"), min_value=1, max_value=20, initial=1)
    blind = forms.BooleanField(
        label=_("Blind desk round: judges see an entry code, never the company"), required=False,
    )

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(edition=edition).order_by("ceremony_order", "code")
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("straight_to_finals"):
            if cleaned.get("desk_weight"):
                self.add_error("desk_weight", _("A category without a desk round has no desk weight: leave it "
                                                "empty."))
            return cleaned
        if cleaned.get("mode") == CategoryRound.Mode.THRESHOLD and cleaned.get("threshold") is None:
            raise ValidationError(_("Give the lowest score that reaches the finals."))
        return cleaned
