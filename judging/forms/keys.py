"""Forms of the key ceremony and of the share check."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from judging import sealing
from judging.services.keys import DEFAULT_THRESHOLD

SHARE_FILE_MAX_BYTES = 4096


class KeyCeremonyForm(forms.Form):
    organisers = forms.ModelMultipleChoiceField(
        label=_("Key holders among the organisers"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    emails = forms.CharField(
        label=_("Other key holders (e-mail addresses)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line or separated by commas; each must already have an account."),
    )
    threshold = forms.IntegerField(
        label=_("Shares needed to open the results (k)"),
        min_value=2,
        max_value=10,
        initial=DEFAULT_THRESHOLD,
        help_text=_("Default 2 of 3. Keep at least one spare holder (n - k ≥ 1), better two."),
    )

    def __init__(self, *args, organiser_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organiser_queryset is not None:
            self.fields["organisers"].queryset = organiser_queryset
        self.fields["organisers"].label_from_instance = lambda user: user.get_full_name() or user.email

    def clean_emails(self):
        raw = self.cleaned_data.get("emails") or ""
        emails = [part.strip().lower() for part in raw.replace(",", "\n").splitlines() if part.strip()]
        users = []
        unknown = []
        user_model = get_user_model()
        for email in emails:
            try:
                validate_email(email)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("“%(email)s” is not an e-mail address.") % {"email": email}
                ) from error
            user = user_model.objects.filter(email__iexact=email, is_active=True).first()
            if user is None:
                unknown.append(email)
            else:
                users.append(user)
        if unknown:
            raise forms.ValidationError(
                _("No account has the e-mail address: %(emails)s.") % {"emails": ", ".join(unknown)}
            )
        return users

    def clean(self):
        cleaned = super().clean()
        holders = list(dict.fromkeys(list(cleaned.get("organisers") or []) + list(cleaned.get("emails") or [])))
        threshold = cleaned.get("threshold")
        if len(holders) < 3:
            raise forms.ValidationError(_("Choose at least three key holders (n ≥ 3), so one can be missing."))
        if threshold is not None and threshold > len(holders) - 1:
            raise forms.ValidationError(
                _("With %(n)d key holders, k can be at most %(max)d: keep at least one spare holder.")
                % {"n": len(holders), "max": len(holders) - 1}
            )
        cleaned["holders"] = holders
        return cleaned


class HolderKeyEnrolForm(forms.Form):
    public_key = forms.CharField(
        label=_("Your holder public key"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "font-monospace"}),
        help_text=_("Filled in by the button above, or pasted from the command's output: 44 characters."),
    )

    def clean_public_key(self):
        value = self.cleaned_data["public_key"].strip()
        try:
            sealing.holder_public_key_parse(value)
        except sealing.KeyFormatError as error:
            raise forms.ValidationError(
                _("This is not a holder public key: it is 44 characters of base64 (or 64 hexadecimal characters).")
            ) from error
        return value


class SecretTextarea(forms.Textarea):
    """A textarea that never sends its value back to the browser (a share or a key is a secret)."""

    def format_value(self, value):
        return None


class ShareCheckForm(forms.Form):
    holding = forms.ModelChoiceField(label=_("Edition"), queryset=None, empty_label=None)
    share_file = forms.FileField(label=_("Your holder key file (or a share file)"), required=False)
    share_text = forms.CharField(
        label=_("…or paste your share or key file"),
        required=False,
        widget=SecretTextarea(attrs={"rows": 5, "autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, holdings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holding"].queryset = holdings
        self.fields["holding"].label_from_instance = lambda h: _("%(edition)s (share %(index)d)") % {
            "edition": h.ceremony.edition.name,
            "index": h.index,
        }

    def clean_share_file(self):
        upload = self.cleaned_data.get("share_file")
        if not upload:
            return ""
        if upload.size > SHARE_FILE_MAX_BYTES:
            raise forms.ValidationError(_("A key or share file is a few lines of text; this file is too large."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("A key or share file is plain text; this file is not.")) from error

    def clean(self):
        cleaned = super().clean()
        text = (cleaned.get("share_text") or "").strip() or (cleaned.get("share_file") or "").strip()
        if not text and not self.errors:
            raise forms.ValidationError(_("Upload your holder key file, or paste your share."))
        cleaned["text"] = text
        return cleaned
