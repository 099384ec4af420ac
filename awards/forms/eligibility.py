"""The organisers' eligibility review forms: returning or withdrawing an entry with a reason, and granting a later
entry deadline. The services check the rest (the dates against the timeline, the entry's state)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from awards.forms.setup import DateTimeLocalInput
from awards.services.eligibility import REASON_MAX_LENGTH

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


class _Decision(forms.Form):
    # The review state the page showed (Entry.Review): a decision on an entry someone changed meanwhile is refused.
    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("Reason (the entrant reads it)"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason: the entrant reads it.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ReturnForm(_Decision):
    prefix = "return"
    resubmit_by = forms.DateTimeField(
        label=_("Resubmit by"),
        widget=DateTimeLocalInput(),
        input_formats=DATETIME_FORMATS,
        error_messages={"required": _("Give the date and time."), "invalid": _("Give a date and time.")},
    )


class WithdrawForm(_Decision):
    prefix = "withdraw"


class AcceptForm(forms.Form):
    prefix = "accept"
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ExtensionForm(forms.Form):
    company = forms.ModelChoiceField(label=_("Company"), queryset=None)
    entry = forms.ModelChoiceField(
        label=_("Only this entry (leave empty for all the company's entries)"), queryset=None, required=False
    )
    until = forms.DateTimeField(
        label=_("New deadline"),
        widget=DateTimeLocalInput(),
        input_formats=DATETIME_FORMATS,
        error_messages={"required": _("Give the date and time."), "invalid": _("Give a date and time.")},
    )
    reason = forms.CharField(
        label=_("Reason (kept in the audit log)"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give a reason.")},
    )

    def __init__(self, *args, companies, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies
        self.fields["company"].label_from_instance = lambda company: company.legal_name
        self.fields["entry"].queryset = entries
        self.fields["entry"].label_from_instance = lambda entry: (
            f"{entry.reference} · {entry.company.legal_name} · {entry.title}"
        )
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        entry, company = data.get("entry"), data.get("company")
        if entry is not None and company is not None and entry.company_id != company.pk:
            self.add_error("entry", _("This entry is another company's."))
        return data
