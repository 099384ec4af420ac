"""Forms of the assignment page: panel members and manual assignments."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import Category, Edition, Entry
from judging.models import Judge, Round


def _label_judge(judge: Judge) -> str:
    return f"{judge.pseudonym_shown} · {judge.full_name}"


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

    def __init__(
        self, *args, edition: Edition, entry_ids: set[int] | None = None, category: Category | None = None, **kwargs
    ):
        """``entry_ids``: the entries the round that runs takes (None: every accepted entry); ``category``: the
        category the page shows (its entries only, not the whole edition's)."""
        super().__init__(*args, **kwargs)
        entries = Entry.objects.filter(
            category__edition=edition, status=Entry.Status.SUBMITTED, accepted_at__isnull=False
        )
        if entry_ids is not None:
            entries = entries.filter(pk__in=entry_ids)
        if category is not None:
            entries = entries.filter(category=category)
        self.fields["entry"].queryset = entries.select_related("category", "company").order_by(
            "category__ceremony_order", "category__code", "number", "pk"
        )
        self.fields["entry"].label_from_instance = lambda entry: f"{entry.reference} · {entry.company} · {entry.title}"
        self.fields["judge"].queryset = Judge.objects.filter(edition=edition).order_by("pseudonym")
        self.fields["judge"].label_from_instance = _label_judge
        self.helper = FormHelper()
        self.helper.form_tag = False


ALL_CATEGORIES = "all"


class CategoryFilterForm(forms.Form):
    """A page's category filter (GET). Without a category the page shows the first one (an edition's entries do
    not fit on one page), or all of them when not `first_by_default`; "all" shows every category's, a page at a
    time."""

    category = forms.ChoiceField(label=_("Category"), required=False)

    def __init__(self, *args, edition: Edition, first_by_default: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.first_by_default = first_by_default
        self.categories = list(Category.objects.filter(edition=edition).order_by("ceremony_order", "code"))
        self.fields["category"].choices = [(ALL_CATEGORIES, _("All categories"))] + [
            (category.code, f"{category.code.upper()} {category.name}") for category in self.categories
        ]

    def chosen_category(self) -> Category | None:
        """The category to show (call after is_valid): the one asked for, the first when none (or a wrong one) is,
        None for all (or for one entry's view)."""
        if getattr(self, "cleaned_data", {}).get("entry") is not None:
            return None
        code = getattr(self, "cleaned_data", {}).get("category") or (
            self.categories[0].code if self.categories and self.first_by_default else ALL_CATEGORIES
        )
        return next((c for c in self.categories if c.code == code), None)

    def chosen(self) -> dict:
        return {"category": self.chosen_category()}


class AssignmentFilterForm(CategoryFilterForm):
    """The assignments page's filters (GET)."""

    judge = forms.ModelChoiceField(
        label=_("Judge"), queryset=Judge.objects.none(), required=False, empty_label=_("Any judge")
    )
    short = forms.BooleanField(label=_("Fewer judges than the minimum"), required=False)
    conflicts = forms.BooleanField(label=_("With a conflict to resolve"), required=False)
    entry = forms.ModelChoiceField(queryset=Entry.objects.none(), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, edition=edition, **kwargs)
        self.fields["entry"].queryset = Entry.objects.filter(category__edition=edition)
        self.fields["judge"].queryset = Judge.objects.filter(edition=edition).order_by("pseudonym")
        self.fields["judge"].label_from_instance = _label_judge
        self.fields["judge"].widget.attrs["class"] = "form-select form-select-sm"
        for name in ("short", "conflicts"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def chosen(self) -> dict:
        """The filters to apply: the valid ones (call after is_valid)."""
        data = getattr(self, "cleaned_data", {})
        return {
            "category": self.chosen_category(),
            "judge": data.get("judge"),
            "short": bool(data.get("short")),
            "conflicts": bool(data.get("conflicts")),
            "entry": data.get("entry"),
        }
