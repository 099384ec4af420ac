"""Forms of the assignment page: panel members and manual assignments."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import Category, Edition, Entry
from judging.models import Judge, Round


def _label_judge(judge: Judge) -> str:
    return f"{judge.pseudonym} · {judge.full_name}"


class PanelMemberForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())
    judge = forms.ModelChoiceField(label=_("Judge"), queryset=Judge.objects.none())
    round = forms.ModelChoiceField(
        label=_("Sits in"), queryset=Round.objects.none(), required=False, empty_label=_("Every round"),
    )

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(edition=edition).order_by("ceremony_order", "code")
        self.fields["judge"].queryset = Judge.objects.filter(edition=edition).order_by("pseudonym")
        self.fields["judge"].label_from_instance = _label_judge
        rounds = Round.objects.filter(edition=edition).order_by("number")
        self.fields["round"].queryset = rounds
        self.fields["round"].label_from_instance = lambda round_: round_.name
        if len(rounds) < 2:  # one round: every member sits in it
            self.fields["round"].widget = forms.HiddenInput()
        self.helper = FormHelper()
        self.helper.form_tag = False


class ManualAssignmentForm(forms.Form):
    entry = forms.ModelChoiceField(label=_("Entry"), queryset=Entry.objects.none())
    judge = forms.ModelChoiceField(label=_("Judge"), queryset=Judge.objects.none())

    def __init__(self, *args, edition: Edition, entry_ids: set[int] | None = None, **kwargs):
        """``entry_ids``: the entries the round that runs takes (None: every submitted entry)."""
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = (
            Entry.objects.filter(category__edition=edition, status=Entry.Status.SUBMITTED, accepted_at__isnull=False)
            .filter(**({} if entry_ids is None else {"pk__in": entry_ids}))
            .select_related("category", "company")
            .order_by("category__ceremony_order", "pk")
        )
        self.fields["entry"].label_from_instance = lambda entry: f"{entry.reference} · {entry.company} · {entry.title}"
        self.fields["judge"].queryset = Judge.objects.filter(edition=edition).order_by("pseudonym")
        self.fields["judge"].label_from_instance = _label_judge
        self.helper = FormHelper()
        self.helper.form_tag = False
