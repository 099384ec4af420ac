"""The organiser's message to a group (Indonesian and English side by side), and the reminders' setting."""

from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from awards.communications import PLACEHOLDERS, groups
from awards.forms.setup import _helper, _pair
from awards.models import Edition, GroupMessage
from awards.services.messages import MessageDraft, message_draft_check


class MessageForm(forms.Form):
    group = forms.ChoiceField(label=_("To"))
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=None, required=False, empty_label=_("(only for the entrants of a category)")
    )
    language = forms.ChoiceField(
        label=_("Languages"), choices=GroupMessage.Language.choices, initial=GroupMessage.Language.RECIPIENT
    )
    subject_id = forms.CharField(label=_("Subject (Indonesian)"), max_length=200, required=False)
    subject_en = forms.CharField(label=_("Subject (English)"), max_length=200, required=False)
    body_id = forms.CharField(
        label=_("Message (Indonesian)"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    body_en = forms.CharField(label=_("Message (English)"), required=False, widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["group"].choices = [(group.key, group.label) for group in groups()]
        self.fields["category"].queryset = edition.categories.order_by("ceremony_order", "code")
        self.fields["category"].label_from_instance = lambda category: f"{category.code} · {category.name}"
        self.helper = _helper(
            Layout(
                Row(
                    Column("group", css_class="col-md-4"),
                    Column("category", css_class="col-md-4"),
                    Column("language", css_class="col-md-4"),
                ),
                _pair("subject_id", "subject_en"),
                _pair("body_id", "body_en"),
            )
        )

    @staticmethod
    def placeholders() -> list[tuple[str, str]]:
        return [("{" + name + "}", label) for name, label in PLACEHOLDERS.items()]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            message_draft_check(edition=self.edition, draft=self.draft())
        except ValidationError as exc:
            for field, errors in exc.error_dict.items():
                self.add_error(field, errors)
        return cleaned

    def draft(self) -> MessageDraft:
        data = self.cleaned_data
        return MessageDraft(
            group=data["group"],
            category=data.get("category"),
            language=data["language"],
            subject_id=data.get("subject_id", ""),
            subject_en=data.get("subject_en", ""),
            body_id=data.get("body_id", ""),
            body_en=data.get("body_en", ""),
        )


class ReminderSettingsForm(forms.Form):
    reminder_days = forms.IntegerField(
        label=_("Days before a deadline"),
        min_value=1,
        max_value=30,
        help_text=_("Reminders go out this many days before the entry deadline and before a round's scoring closes."),
        error_messages={
            "min_value": _("Remind at least 1 day before the deadline."),
            "max_value": _("Remind at most 30 days before the deadline."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
