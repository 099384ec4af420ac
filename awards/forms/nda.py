from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import NdaAcceptance


class NdaAcceptForm(forms.Form):
    """Tick, name and title. The version shown travels with the form so a newer one is never signed unseen."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    accept = forms.BooleanField(
        label=_("I have read and accept this agreement."),
        error_messages={"required": _("Tick the box to confirm that you have read and accept the agreement.")},
    )
    signer_name = forms.CharField(
        label=_("Your full name"), max_length=NdaAcceptance._meta.get_field("signer_name").max_length
    )
    signer_title = forms.CharField(
        label=_("Your job title"), max_length=NdaAcceptance._meta.get_field("signer_title").max_length
    )

    def __init__(self, *args, current_version, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_version = current_version
        self.fields["version"].initial = current_version.pk
        self.fields["signer_name"].widget.attrs["autocomplete"] = "name"
        self.fields["signer_title"].widget.attrs["autocomplete"] = "organization-title"
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        if "version" in cleaned and cleaned["version"] != self.current_version.pk:
            # Show the new version's number (and an unticked box) when the form comes back.
            data = self.data.copy()
            data[self.add_prefix("version")] = str(self.current_version.pk)
            data.pop(self.add_prefix("accept"), None)
            self.data = data
            raise forms.ValidationError(
                _("A new version of the agreement was published while you were reading. Please read it and sign again.")
            )
        return cleaned

    def clean_signer_name(self):
        return " ".join(self.cleaned_data["signer_name"].split())

    def clean_signer_title(self):
        return " ".join(self.cleaned_data["signer_title"].split())
