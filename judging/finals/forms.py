"""The finals day's forms: they tidy input; the services check it against the whole timetable."""

import re
from datetime import time

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from judging.finals.models import (
    CHANGEOVER_MINUTES_MAX,
    INTERVIEW_NOTE_MAX_LENGTH,
    SLOT_MINUTES_MAX,
    FinalsRoom,
    FinalsSlot,
    RoomPanelMember,
)
from judging.models import Judge


def _slot_label(slot) -> str:
    return f"{slot.entry.company.legal_name} ({slot.entry.category.code}) · {slot.room.name} {slot.starts_at:%H:%M}"


_BREAK_LINE = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*[-–]\s*(\d{1,2})[:.](\d{2})\s*(.*)$")


def _time_input():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class FinalsDayForm(_Form):
    # ISO whatever the language: a date input shows nothing for "09-12-2026" (the Indonesian format).
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    starts_at = forms.TimeField(label=_("First slot starts at"), widget=_time_input())
    ends_at = forms.TimeField(label=_("Day ends at"), widget=_time_input())
    slot_minutes = forms.IntegerField(label=_("Slot length (minutes)"), min_value=5, max_value=SLOT_MINUTES_MAX)
    changeover_minutes = forms.IntegerField(
        label=_("Changeover between slots (minutes)"), min_value=0, max_value=CHANGEOVER_MINUTES_MAX
    )
    breaks = forms.CharField(
        label=_("Breaks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, start-end and a label, e.g. 12:00-13:00 Lunch."),
    )
    venue = forms.CharField(label=_("Venue"), required=False, max_length=200)
    instructions = forms.CharField(
        label=_("Instructions for finalists"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    presentation_deadline = forms.DateTimeField(
        label=_("Final presentations due by"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_breaks(self) -> list[tuple[time, time, str]]:
        parsed = []
        for line in self.cleaned_data["breaks"].splitlines():
            if not line.strip():
                continue
            match = _BREAK_LINE.match(line)
            if match is None:
                raise forms.ValidationError(
                    _("“%(line)s” is not a break: write start-end and a label, e.g. 12:00-13:00 Lunch.")
                    % {"line": line.strip()}
                )
            h1, m1, h2, m2, label = match.groups()
            try:
                start, end = time(int(h1), int(m1)), time(int(h2), int(m2))
            except ValueError as error:
                raise forms.ValidationError(
                    _("“%(line)s” has a time that does not exist.") % {"line": line.strip()}
                ) from error
            parsed.append((start, end, label.strip()[:100]))
        return parsed

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The day must end after its first slot starts."))
        return cleaned

    @staticmethod
    def breaks_text(day) -> str:
        return "\n".join(f"{b.starts_at:%H:%M}-{b.ends_at:%H:%M} {b.label}".strip() for b in day.breaks.all())


class RoomForm(_Form):
    name = forms.CharField(label=_("Room name"), max_length=100)

    def __init__(self, *args, day=None, **kwargs):
        super().__init__(*args, **kwargs)


class RoomRemoveForm(_Form):
    def __init__(self, *args, day, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"] = forms.ModelChoiceField(queryset=FinalsRoom.objects.filter(day=day), label=_("Room"))


class PanelForm(_Form):
    def __init__(self, *args, day, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"] = forms.ModelChoiceField(queryset=FinalsRoom.objects.filter(day=day), label=_("Room"))
        self.fields["judge"] = forms.ModelChoiceField(
            queryset=Judge.objects.filter(edition_id=day.round.edition_id).order_by("full_name"), label=_("Judge")
        )
        self.fields["judge"].label_from_instance = lambda judge: judge.full_name
        self.fields["is_chair"] = forms.BooleanField(label=_("Chairs the room"), required=False)


class PanelRemoveForm(_Form):
    def __init__(self, *args, day, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"] = forms.ModelChoiceField(queryset=RoomPanelMember.objects.filter(day=day))


class MoveForm(_Form):
    def __init__(self, *args, day, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"] = forms.ModelChoiceField(
            queryset=FinalsSlot.objects.filter(day=day).select_related("entry__company", "entry__category", "room"),
            label=_("Finalist"),
        )
        self.fields["slot"].label_from_instance = _slot_label
        self.fields["room"] = forms.ModelChoiceField(queryset=FinalsRoom.objects.filter(day=day), label=_("Room"))
        self.fields["starts_at"] = forms.TimeField(label=_("Starts at"), widget=_time_input())


class SwapForm(_Form):
    def __init__(self, *args, day, **kwargs):
        super().__init__(*args, **kwargs)
        slots = FinalsSlot.objects.filter(day=day).select_related("entry__company", "entry__category", "room")
        self.fields["slot"] = forms.ModelChoiceField(queryset=slots, label=_("Finalist"))
        self.fields["other"] = forms.ModelChoiceField(queryset=slots, label=_("Swap with"))
        for name in ("slot", "other"):
            self.fields[name].label_from_instance = _slot_label

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("slot") is not None and cleaned.get("slot") == cleaned.get("other"):
            self.add_error("other", _("Choose two different finalists."))
        return cleaned


class PresentersForm(_Form):
    entry = forms.IntegerField(widget=forms.HiddenInput)
    presenters = forms.CharField(label=_("Who presents (names and roles)"), max_length=300)


class PresentationForm(_Form):
    entry = forms.IntegerField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("Final presentation (PDF or PPTX)"))


class InterviewNoteForm(_Form):
    text = forms.CharField(
        label=_("Private interview notes"),
        required=False,
        max_length=INTERVIEW_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Only you can read these notes: they are encrypted and never shown to the organisers."),
    )
