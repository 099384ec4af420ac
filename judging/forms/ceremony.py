"""The reveal ceremony form: confirm the commitment, then give k holder key files (or shares, typed or as files)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_SHARE_FILE_BYTES = 16 * 1024


class SealForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that no scorecard can be submitted or reopened after the seal."), required=True
    )


class SecretTextarea(forms.Textarea):
    """A textarea that never sends its value back to the browser (a share is a secret)."""

    def format_value(self, value):
        return None


class RevealForm(forms.Form):
    confirm_root = forms.CharField(
        label=_("The first 8 characters of the root"),
        max_length=8,
        min_length=8,
        help_text=_("Type them from the root you were given at the seal, not from this page."),
    )
    confirm_count = forms.IntegerField(label=_("The number of sealed scorecards"), min_value=0)

    def __init__(self, *args, root: str, count: int, holders: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.root = root
        self.count = count
        self.share_slots = list(range(1, holders + 1))
        for slot in self.share_slots:
            self.fields[f"share_file_{slot}"] = forms.FileField(
                label=_("Key file %(n)s (a holder key file, or a share file)") % {"n": slot}, required=False
            )
            self.fields[f"share_{slot}"] = forms.CharField(
                label=_("or paste share %(n)s") % {"n": slot},
                required=False,
                widget=SecretTextarea(attrs={"rows": 2, "autocomplete": "off", "spellcheck": "false"}),
            )

    def clean_confirm_root(self) -> str:
        value = self.cleaned_data["confirm_root"].strip().lower()
        if value != self.root[:8]:
            raise ValidationError(_("This is not how the sealed root starts. Check the root you were given."))
        return value

    def clean_confirm_count(self) -> int:
        value = self.cleaned_data["confirm_count"]
        if value != self.count:
            raise ValidationError(_("This is not the number of scorecards that was sealed."))
        return value

    def clean(self):
        cleaned = super().clean()
        shares = []
        for slot in self.share_slots:
            text = (cleaned.get(f"share_{slot}") or "").strip()
            upload = cleaned.get(f"share_file_{slot}")
            if upload is not None:
                if upload.size > MAX_SHARE_FILE_BYTES:
                    self.add_error(
                        f"share_file_{slot}", _("A key or share file is a few hundred bytes; this one is too big.")
                    )
                    continue
                try:
                    text = upload.read().decode("utf-8").strip()
                except UnicodeDecodeError:
                    self.add_error(f"share_file_{slot}", _("This file is not a key file or a share file."))
                    continue
            shares.append(text)  # empty slots keep their place, so errors name the slot ("share 3")
        if not any(shares) and not self.errors:
            raise ValidationError(_("Give the key files (or shares) of the key holders present."))
        cleaned["shares"] = shares
        return cleaned
