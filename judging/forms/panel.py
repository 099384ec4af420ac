"""Forms of the panel pages: invitations, joining, conflicts, recusal, rubric."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from judging.models import AREA_ORDER, Area, ConflictDeclaration, Judge, Rubric


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


def _squash(value: str) -> str:
    return " ".join(value.split())


class JudgeInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    full_name = forms.CharField(label=_("Full name"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_full_name(self):
        return _squash(self.cleaned_data["full_name"])


class PanelJoinForm(forms.Form):
    """What every member of the panel gives on joining (judges and assessors add their own fields); with
    ``with_password`` also the new account's password (twice)."""

    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(
        label=_("Password (again)"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200)

    def __init__(self, *args, with_password: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_password:
            del self.fields["password1"]
            del self.fields["password2"]
        self.helper = _helper()

    def clean_full_name(self):
        return _squash(self.cleaned_data["full_name"])

    def clean(self):
        cleaned = super().clean()
        if "password1" in self.fields and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return cleaned


class JudgeJoinForm(PanelJoinForm):
    """The judge's profile."""

    job_title = forms.CharField(label=_("Job title"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    expertise = forms.CharField(
        label=_("Expertise"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: workforce management, customer experience, contact-centre technology."),
    )
    kind = forms.ChoiceField(label=_("You are a"), choices=Judge.Kind.choices, widget=forms.RadioSelect)


class ConflictDeclareForm(forms.Form):
    company = forms.ModelChoiceField(label=_("Company"), queryset=None)
    relation = forms.ChoiceField(
        label=_("Your relation with it"),
        choices=[
            choice
            for choice in ConflictDeclaration.Relation.choices
            if choice[0] != ConflictDeclaration.Relation.EMAIL_DOMAIN
        ],
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies
        self.helper = _helper()

    def clean_note(self):
        return _squash(self.cleaned_data["note"])


class RecuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you step away from this entry?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The organisers read this. Do not mention any score."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give a reason."))
        return reason


class RubricWeightsForm(forms.Form):
    weight_infrastructure = forms.IntegerField(label=Area.INFRASTRUCTURE.label, min_value=0, max_value=100)
    weight_technology = forms.IntegerField(label=Area.TECHNOLOGY.label, min_value=0, max_value=100)
    weight_communication = forms.IntegerField(label=Area.COMMUNICATION.label, min_value=0, max_value=100)
    weight_people = forms.IntegerField(label=Area.PEOPLE.label, min_value=0, max_value=100)
    tie_break_1 = forms.ChoiceField(label=_("Tie-break: first area"), choices=Area.choices)
    tie_break_2 = forms.ChoiceField(label=_("Tie-break: second area"), choices=Area.choices)
    tie_break_3 = forms.ChoiceField(label=_("Tie-break: third area"), choices=Area.choices)
    tie_break_4 = forms.ChoiceField(label=_("Tie-break: fourth area"), choices=Area.choices)

    def __init__(self, *args, rubric: Rubric, **kwargs):
        initial = {f"weight_{area}": weight for area, weight in rubric.weights.items()}
        for position, area in enumerate(rubric.tie_break_areas, start=1):
            initial[f"tie_break_{position}"] = area
        super().__init__(*args, initial=initial, **kwargs)
        self.helper = _helper()
        self.helper.layout = Layout(
            Row(*[Column(f"weight_{area}", css_class="col-sm-6 col-lg-3") for area in AREA_ORDER]),
            Row(*[Column(f"tie_break_{position}", css_class="col-sm-6 col-lg-3") for position in range(1, 5)]),
        )

    def clean(self):
        cleaned = super().clean()
        weights = [cleaned.get(f"weight_{area}") for area in AREA_ORDER]
        if all(weight is not None for weight in weights) and sum(weights) != 100:
            raise ValidationError(
                _("The four area weights must add up to 100 (they add up to %(total)d).") % {"total": sum(weights)}
            )
        order = [cleaned.get(f"tie_break_{position}") for position in range(1, 5)]
        if all(order) and len(set(order)) != 4:
            raise ValidationError(_("The tie-break order must name each of the four areas once."))
        return cleaned

    @property
    def weights(self) -> dict[str, int]:
        return {area: self.cleaned_data[f"weight_{area}"] for area in Area.values}

    @property
    def tie_break_order(self) -> list[str]:
        return [self.cleaned_data[f"tie_break_{position}"] for position in range(1, 5)]


BANDS = ["1-3", "4-6", "7-8", "9-10"]


class CriterionForm(forms.Form):
    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    code = forms.SlugField(widget=forms.HiddenInput, required=False, max_length=40)
    # A blank first choice, so the empty extra form stays unchanged (and ignored) when left alone.
    area = forms.ChoiceField(label=_("Area"), choices=[("", "---------"), *Area.choices])
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    name_id = forms.CharField(label=_("Name (Indonesian)"), max_length=200)
    descriptors_en = forms.CharField(
        label=_("Descriptors (English)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Four lines: bands 1-3, 4-6, 7-8 and 9-10."),
    )
    descriptors_id = forms.CharField(
        label=_("Descriptors (Indonesian)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Four lines: bands 1-3, 4-6, 7-8 and 9-10."),
    )

    def _lines(self, name: str) -> list[str]:
        lines = [_squash(line) for line in self.cleaned_data[name].splitlines() if line.strip()]
        if len(lines) != 4:
            raise ValidationError(_("Write exactly four lines, one per band (1-3, 4-6, 7-8, 9-10)."))
        return lines

    def clean_descriptors_en(self):
        return self._lines("descriptors_en")

    def clean_descriptors_id(self):
        return self._lines("descriptors_id")

    def clean_name_en(self):
        return _squash(self.cleaned_data["name_en"])

    def clean_name_id(self):
        return _squash(self.cleaned_data["name_id"])


CriterionFormSet = forms.formset_factory(CriterionForm, extra=1, can_delete=True, max_num=20, validate_max=True)


def criterion_initial(criteria) -> list[dict]:
    """The formset's initial rows for these criteria (saved, or the unsaved default proposal); ``heading``
    is the criterion's name in the reader's language, for the card's title."""
    return [
        {
            "pk": criterion.pk,
            "code": criterion.code,
            "area": criterion.area,
            "name_en": criterion.name_en,
            "name_id": criterion.name_id,
            "descriptors_en": "\n".join(criterion.descriptors_en),
            "descriptors_id": "\n".join(criterion.descriptors_id),
            "heading": criterion.name,
        }
        for criterion in sorted(criteria, key=lambda c: (AREA_ORDER.index(c.area), c.order, c.code))
    ]
