"""The registrations page's filters (GET): the entries of one category, or in one status."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import Category, Edition, Entry


class RegistrationFilterForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All categories"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(edition=edition).order_by("ceremony_order", "code")
        self.fields["status"].choices = [("", _("Any status")), *Entry.Status.choices]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def chosen(self) -> dict:
        """The valid filters (call after is_valid); a wrong one is left out and its error shown."""
        data = getattr(self, "cleaned_data", {})
        return {"category": data.get("category"), "status": data.get("status") or ""}
