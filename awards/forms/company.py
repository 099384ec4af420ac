from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import Channel, Company


class CompanyForm(forms.ModelForm):
    """The company profile. The view never saves it: it hands cleaned_data to a service."""

    channels = forms.MultipleChoiceField(
        label=_("Channels served"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one channel your contact centre serves.")},
    )

    class Meta:
        model = Company
        fields = ["legal_name", "brand", "sector", "address", "city", "agent_seats", "channels"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "legal_name": _("As on your deed of establishment, for example PT Contoh Layanan Nusantara Tbk."),
            "brand": _("The name you are known by, if it differs. It is shown on certificates."),
            "agent_seats": _("Seats staffed by agents. It decides your seat-size class in operations categories."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent_seats"].widget.attrs.update({"min": 1, "max": 100_000})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Company"),
                "legal_name",
                "brand",
                Row(Column("sector", css_class="col-md-6"), Column("city", css_class="col-md-6")),
                "address",
                "agent_seats",
                InlineCheckboxes("channels"),
            )
        )

    def clean_legal_name(self):
        legal_name = " ".join(self.cleaned_data["legal_name"].split())
        others = Company.objects.filter(legal_name__iexact=legal_name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("A company with this legal name is already registered."))
        return legal_name

    def clean_brand(self):
        return " ".join(self.cleaned_data["brand"].split())

    def clean_city(self):
        return " ".join(self.cleaned_data["city"].split())

    def clean_address(self):
        return self.cleaned_data["address"].strip()

    def clean_channels(self):
        # Keep the order of the list of channels, whatever order the browser sent them in.
        chosen = set(self.cleaned_data["channels"])
        return [value for value in Channel.values if value in chosen]


class CompanyCreateForm(CompanyForm):
    """The profile plus the first contact: the user who registers the company."""

    full_name = forms.CharField(label=_("Your full name"), max_length=200)
    job_title = forms.CharField(label=_("Your job title"), max_length=200)
    phone = forms.CharField(
        label=_("Your phone"),
        max_length=40,
        required=False,
        help_text=_("So the organisers can reach you about your entries."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.helper.layout.append(
            Fieldset(
                _("You, as the company's contact"),
                "full_name",
                Row(Column("job_title", css_class="col-md-6"), Column("phone", css_class="col-md-6")),
            )
        )

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_job_title(self):
        return " ".join(self.cleaned_data["job_title"].split())


class CompanyInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Your colleague's e-mail address"),
        help_text=_("They receive a link that works once and expires after seven days."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class CompanyJoinForm(forms.Form):
    full_name = forms.CharField(label=_("Your full name"), max_length=200)
    job_title = forms.CharField(label=_("Your job title"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_job_title(self):
        return " ".join(self.cleaned_data["job_title"].split())
