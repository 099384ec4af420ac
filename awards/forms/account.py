"""The language a person's e-mails are written in."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.forms.setup import _helper
from awards.models import Profile


class AccountLanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of your e-mails"),
        choices=Profile.Language.choices,
        widget=forms.RadioSelect,
        help_text=_("Messages, reminders and notices written for you alone are sent in this language."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def language_name(self) -> str:
        return dict(Profile.Language.choices)[self.cleaned_data["language"]]
