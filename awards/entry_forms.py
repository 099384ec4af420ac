"""Forms of the participants' entry pages. They validate and tidy; the services decide."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.core.validators import DecimalValidator, MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from awards.models import Category, Entry
from awards.models.base import PlausibleRange
from awards.models.entries import KPI_RANGES
from awards.services.entries import (
    CONTACT_FIELDS,
    FIGURE_FIELDS,
    NARRATIVE_FIELDS,
    NOMINEE_FIELDS,
    entry_fields_for,
)

NARRATIVE_HELP = {
    "narrative_infrastructure": _("Sites, seats, continuity and security: how your operation is built."),
    "narrative_technology": _("Routing, channels, knowledge, analytics and automation."),
    "narrative_communication": _("How you speak with customers and inside the team: scripts, quality, tone."),
    "narrative_people": _("Recruitment, training, coaching, careers and well-being of your people."),
}
PERCENT_FIELDS = (
    "service_level_percent",
    "abandonment_rate",
    "first_contact_resolution",
    "customer_satisfaction",
    "agent_attrition",
)


class EntryForm(forms.ModelForm):
    """Title, the four narratives and either the operational figures or the nominee.

    Every field may be left empty in a draft; what is filled in must be valid.
    """

    class Meta:
        model = Entry
        fields = ("title", *NARRATIVE_FIELDS, *FIGURE_FIELDS, *CONTACT_FIELDS, *NOMINEE_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in NARRATIVE_FIELDS}

    def __init__(self, *args, category: Category, read_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.category = category
        for name in list(self.fields):
            if name not in entry_fields_for(category=category):
                del self.fields[name]
        for name, text in NARRATIVE_HELP.items():
            self.fields[name].help_text = text
        for name, (low, high, unit) in KPI_RANGES.items():
            if name in self.fields:
                field = self.fields[name]
                # One message per figure, naming its plausible range (not "at most 5 digits in total").
                field.validators = [
                    v for v in field.validators
                    if not isinstance(v, DecimalValidator | MinValueValidator | MaxValueValidator)
                ] + [PlausibleRange(low, high, unit)]
                field.widget.attrs.update({"min": str(low), "max": str(high)})
                if name in PERCENT_FIELDS:
                    field.widget.attrs["step"] = "0.01"
        if "service_level_percent" in self.fields:
            self.fields["service_level_percent"].label = _("Service level: % answered")
            self.fields["service_level_seconds"].label = _("… within seconds")
        if read_only:
            for field in self.fields.values():
                field.disabled = True
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = self._layout()

    def _layout(self) -> Layout:
        parts = [
            Fieldset(_("Entry"), "title"),
            Fieldset(_("The four areas"), *NARRATIVE_FIELDS),
        ]
        if self.category.is_individual:
            parts.append(
                Fieldset(
                    _("The nominee"),
                    Row(Column("nominee_name", css_class="col-md-5"), Column("nominee_role", css_class="col-md-5"),
                        Column("nominee_years_in_role", css_class="col-md-2 text-nowrap")),
                )
            )
        else:
            parts.append(
                Fieldset(
                    _("Operational figures (last 12 months)"),
                    Row(Column("agent_seats", css_class="col-md-4"),
                        Column("inbound_contacts_yearly", css_class="col-md-4"),
                        Column("outbound_contacts_yearly", css_class="col-md-4")),
                    Row(Column("service_level_percent", css_class="col-md-4"),
                        Column("service_level_seconds", css_class="col-md-4"),
                        Column("average_speed_of_answer", css_class="col-md-4")),
                    Row(Column("abandonment_rate", css_class="col-md-6"),
                        Column("first_contact_resolution", css_class="col-md-6")),
                    Row(Column("customer_satisfaction", css_class="col-md-6"),
                        Column("agent_attrition", css_class="col-md-6")),
                    "mystery_call_numbers",
                )
            )
        return Layout(*parts)

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean(self):
        cleaned = super().clean()
        if "service_level_percent" in self.fields:
            percent, seconds = cleaned.get("service_level_percent"), cleaned.get("service_level_seconds")
            if (percent is None) != (seconds is None) and not self.errors.get("service_level_percent") and not (
                self.errors.get("service_level_seconds")
            ):
                self.add_error(
                    "service_level_seconds",
                    _("Give the service level as both a percentage and seconds (e.g. 80 % within 20 s), or neither."),
                )
        return cleaned


class DocumentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Add a document"),
        help_text=_("PDF, PowerPoint (PPTX), Word (DOCX), PNG or JPEG. The desk round may be judged blind: keep "
                    "your company's name, brand, e-mail addresses and logo out of the documents and their file "
                    "names."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.pptx,.docx,.png,.jpg,.jpeg"}
        ),
    )
