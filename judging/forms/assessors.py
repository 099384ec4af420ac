"""Forms of the assessors' pages: joining, conflicts, the call log, the site visit; and the checklist's item."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Div, Field, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from judging.forms.panel import ConflictDeclareForm, PanelJoinForm
from judging.models import (
    CALL_NOTES_MAX_LENGTH,
    CALL_SECONDS_MAX,
    VISIT_ITEM_NOTES_MAX_LENGTH,
    VISIT_NOTES_MAX_LENGTH,
    CallLog,
)
from judging.services.call_logs import CLOCK_TOLERANCE, OLDEST_CALL


def _helper(layout: Layout | None = None) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    if layout is not None:
        helper.layout = layout
    return helper


class AssessorJoinForm(PanelJoinForm):
    """The assessor's profile."""

    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)


class AssessorConflictForm(ConflictDeclareForm):
    """The judges' declaration form; an assessor's note is kept as typed (trimmed), as it always was."""

    def clean_note(self):
        return self.cleaned_data["note"].strip()


class CallLogForm(forms.Form):
    """One mystery call. The checks here give each field its own message; the service checks again."""

    OUTCOMES = [("answered", _("Answered")), ("abandoned", _("Not answered: I gave up (abandoned)"))]
    ANSWERED_BY = [("person", _("A person")), ("ivr", _("Only the IVR (recorded menu or bot)"))]
    RESOLVED = [("yes", _("Yes")), ("no", _("No"))]

    called_at = forms.DateTimeField(
        label=_("Date and time of the call"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=CallLog.Channel.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=OUTCOMES, widget=forms.RadioSelect)
    answer_seconds = forms.IntegerField(
        label=_("Seconds to answer"),
        required=False,
        min_value=0,
        max_value=CALL_SECONDS_MAX,
        help_text=_("From the first ring (or the message sent) to a person or the IVR answering."),
    )
    abandoned_after = forms.IntegerField(
        label=_("Abandoned after (seconds)"),
        required=False,
        min_value=0,
        max_value=CALL_SECONDS_MAX,
    )
    answered_by = forms.ChoiceField(
        label=_("Who answered"), choices=ANSWERED_BY, required=False, widget=forms.RadioSelect
    )
    resolved = forms.ChoiceField(
        label=_("Was your question resolved?"), choices=RESOLVED, required=False, widget=forms.RadioSelect
    )
    courtesy = forms.IntegerField(label=_("Courtesy (1-10)"), required=False, min_value=1, max_value=10)
    accuracy = forms.IntegerField(label=_("Accuracy (1-10)"), required=False, min_value=1, max_value=10)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=CALL_NOTES_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Layout(
                Row(Column("called_at", css_class="col-md-6"), Column("channel", css_class="col-md-6")),
                Field("outcome"),
                Row(Column("answer_seconds", css_class="col-md-6"), Column("abandoned_after", css_class="col-md-6")),
                Div(
                    Field("answered_by"),
                    Field("resolved"),
                    Row(Column("courtesy", css_class="col-6"), Column("accuracy", css_class="col-6")),
                ),
                Field("notes"),
            )
        )

    def clean_called_at(self):
        value = self.cleaned_data["called_at"]
        now = timezone.now()
        if value > now + CLOCK_TOLERANCE:
            raise forms.ValidationError(_("The call cannot be in the future: check the date and time."))
        if value < now - OLDEST_CALL:
            raise forms.ValidationError(_("The call is more than 120 days old: check the date and time."))
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == "answered":
            required = {
                "answer_seconds": _("Give the seconds it took to answer."),
                "answered_by": _("Say whether a person or only the IVR answered."),
                "resolved": _("Say whether your question was resolved."),
                "courtesy": _("Rate the courtesy from 1 to 10."),
                "accuracy": _("Rate the accuracy from 1 to 10."),
            }
        elif cleaned.get("outcome") == "abandoned":
            required = {"abandoned_after": _("Give the seconds you waited before giving up.")}
        else:
            required = {}
        for name, message in required.items():
            if cleaned.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def call(self) -> dict:
        """The cleaned call, as ``judging.services.call_logs.call_content_clean`` takes it."""
        data = self.cleaned_data
        return {
            "called_at": data["called_at"],
            "channel": data["channel"],
            "answered": data["outcome"] == "answered",
            "answer_seconds": data.get("answer_seconds"),
            "abandoned_after": data.get("abandoned_after"),
            "answered_by": data.get("answered_by") or "",
            "resolved": data.get("resolved") == "yes",
            "courtesy": data.get("courtesy"),
            "accuracy": data.get("accuracy"),
            "notes": data.get("notes", ""),
        }


class SiteVisitForm(forms.Form):
    """One site visit: the date, then each item of the category's checklist answered met, not met or not seen,
    with notes. The checks here give each field its own message; the service checks again."""

    ANSWERS = [("yes", _("Met")), ("no", _("Not met")), ("not_seen", _("Not seen"))]

    visited_on = forms.DateField(
        label=_("Date of the visit"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )
    notes = forms.CharField(
        label=_("Notes on the visit"),
        required=False,
        max_length=VISIT_NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        fields = [Field("visited_on")]
        for item in self.items:
            self.fields[f"answer_{item.code}"] = forms.ChoiceField(
                label=item.label_shown,
                choices=self.ANSWERS,
                widget=forms.RadioSelect,
                error_messages={"required": _("Answer this item: met, not met or not seen.")},
            )
            self.fields[f"notes_{item.code}"] = forms.CharField(
                label=_("Notes"), required=False, max_length=VISIT_ITEM_NOTES_MAX_LENGTH
            )
            fields.append(
                Div(InlineRadios(f"answer_{item.code}"), Field(f"notes_{item.code}"), css_class="border-bottom mb-3")
            )
        fields.append(Field("notes"))
        self.helper = _helper(Layout(*fields))

    def clean_visited_on(self):
        value = self.cleaned_data["visited_on"]
        today = timezone.localdate()
        if value > today:
            raise forms.ValidationError(_("The visit cannot be in the future: check the date."))
        if value < today - OLDEST_CALL:
            raise forms.ValidationError(_("The visit is more than 120 days old: check the date."))
        return value

    def visit(self) -> dict:
        """The cleaned visit, as ``judging.services.site_visits.site_visit_submit`` takes it."""
        data = self.cleaned_data
        return {
            "visited_on": data["visited_on"],
            "answers": {
                item.code: (data[f"answer_{item.code}"], data.get(f"notes_{item.code}", "")) for item in self.items
            },
            "notes": data.get("notes", ""),
        }


class ChecklistItemForm(forms.Form):
    """An item the organiser adds to a category's site-visit checklist."""

    category = forms.ModelChoiceField(label=_("Category"), queryset=None)
    code = forms.SlugField(
        label=_("Code"), max_length=40, help_text=_("Short, unique in the checklist: letters, digits, hyphens.")
    )
    label_en = forms.CharField(label=_("Item (English)"), max_length=200)
    label_id = forms.CharField(label=_("Item (Indonesian)"), max_length=200)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.helper = _helper(
            Layout(
                Row(Column("category", css_class="col-md-8"), Column("code", css_class="col-md-4")),
                Row(Column("label_en", css_class="col-md-6"), Column("label_id", css_class="col-md-6")),
            )
        )
