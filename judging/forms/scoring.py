"""The scorecard form: one 1-10 score per criterion of the category's rubric, a note per area, a comment."""

from functools import lru_cache

from django import forms
from django.core.validators import RegexValidator
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from judging.models import (
    AREA_ORDER,
    COMMENT_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    SCORE_BANDS,
    SCORE_MAX,
    SCORE_MIN,
    Area,
    Criterion,
)

SCORE_CHOICES = [(value, str(value)) for value in range(SCORE_MIN, SCORE_MAX + 1)]

# Every sealed scorecard has the same length (judging.sealing pads it to one bucket): the limits below keep
# the largest scorecard inside that bucket. Tabs and line breaks are text; other control characters are refused
# (they take six bytes each in the sealed JSON).
_no_control_characters = RegexValidator(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f]",
    inverse_match=True,
    message=_("Remove the invisible control characters from this text (they were probably pasted in)."),
    code="control_characters",
)


_TEXT_ERRORS = {
    "max_length": _(
        "Keep this to at most %(limit_value)d characters (it has %(show_value)d): every sealed scorecard has "
        "the same size, so its length says nothing about your scores."
    )
}


def score_field_name(criterion: Criterion) -> str:
    return f"score_{criterion.code}"


def note_field_name(area: str) -> str:
    return f"note_{area}"


class ScorecardForm(forms.Form):
    """Lenient by default (a draft may leave scores empty); `complete=True` requires every score."""

    comment = forms.CharField(
        label=_("Comment for the entrant"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        validators=[_no_control_characters],
        error_messages=_TEXT_ERRORS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shared with the entrant after the results are published, without your name."),
    )

    def __init__(self, *args, criteria: list[Criterion], complete: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.complete = complete
        messages = {
            "min_value": _("Give a score from 1 to 10."),
            "max_value": _("Give a score from 1 to 10."),
            "invalid": _("Give a score from 1 to 10."),
            "required": _("Score this criterion before you submit."),
        }
        for criterion in criteria:
            self.fields[score_field_name(criterion)] = forms.IntegerField(
                label=criterion.name,
                required=complete,
                min_value=SCORE_MIN,
                max_value=SCORE_MAX,
                error_messages=messages,
                # drawn as ten radios by _radio_buttons; the plain input widget reads the posted value the
                # same way, without normalising and copying ten choices per criterion for every form built
                widget=forms.NumberInput,
            )
        for area in AREA_ORDER:
            self.fields[note_field_name(area)] = forms.CharField(
                label=_("Private note: %(area)s") % {"area": Area(area).label},
                required=False,
                max_length=NOTE_MAX_LENGTH,
                validators=[_no_control_characters],
                error_messages=_TEXT_ERRORS,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Only you see this note; it is sealed with your scores."),
            )

    @staticmethod
    def initial_from(*, scores: dict, notes: dict, comment: str, criteria: list[Criterion]) -> dict:
        initial = {"comment": comment}
        for criterion in criteria:
            if criterion.code in scores:
                initial[score_field_name(criterion)] = scores[criterion.code]
        for area in AREA_ORDER:
            initial[note_field_name(area)] = notes.get(area, "")
        return initial

    def cleaned_scores(self) -> dict[str, int]:
        scores = {}
        for criterion in self.criteria:
            value = self.cleaned_data.get(score_field_name(criterion))
            if value is not None:
                scores[criterion.code] = int(value)
        return scores

    def cleaned_notes(self) -> dict[str, str]:
        notes = {}
        for area in AREA_ORDER:
            text = (self.cleaned_data.get(note_field_name(area)) or "").strip()
            if text:
                notes[str(area)] = text
        return notes

    def cleaned_comment(self) -> str:
        return (self.cleaned_data.get("comment") or "").strip()

    def areas(self) -> list[dict]:
        """The form laid out by area, for the template: criteria with their bands and radio options, then the
        area's note."""
        layout = []
        for area in AREA_ORDER:
            rows = []
            for criterion in self.criteria:
                if criterion.area != area:
                    continue
                field = self[score_field_name(criterion)]
                heading = _criterion_heading(
                    language=get_language(), legend_id=f"{field.auto_id}-legend", name=criterion.name,
                    descriptors=tuple(criterion.descriptors),
                )
                rows.append(
                    {"criterion": criterion, "field": field, "heading": heading, "radios": _radio_buttons(field)}
                )
            layout.append({"code": str(area), "label": Area(area).label, "rows": rows,
                           "note": self[note_field_name(area)]})
        return layout


@lru_cache(maxsize=1024)
def _criterion_heading(*, language: str, legend_id: str, name: str, descriptors: tuple[str, ...]) -> str:
    """A criterion's name and its score bands' descriptors, rendered once per process for each distinct
    content and language: the same for every judge and every entry of the category, and a third of the
    scorecard page's template time when rendered for each request. Keyed by everything it shows, so an
    edited rubric renders afresh."""
    descriptors = descriptors + ("",) * (len(SCORE_BANDS) - len(descriptors))
    bands = [
        {"low": low, "high": high, "text": text}
        for (low, high), text in zip(SCORE_BANDS, descriptors, strict=False)
    ]
    return render_to_string(
        "judging/scoring/criterion_heading.html", {"legend_id": legend_id, "name": name, "bands": bands}
    )


def _radio_buttons(field) -> str:
    """The ten score radios with their button labels, as Django's RadioSelect would name and number them.

    Built here rather than through eighty widget or template renders: with the descriptors, the radios were most
    of the scorecard page's time under load. Only the chosen value changes from one request to the next: the rest
    is the same for every judge and entry, and is made once per process (`_radios`)."""
    current = field.value()
    chosen = "" if current is None else str(current)
    parts = _radios(name=field.html_name, auto_id=field.auto_id, invalid=bool(field.errors))
    return mark_safe("".join(  # noqa: S308 - _radios escapes the name and id; the rest is fixed text
        f"{before} checked{after}" if value == chosen else f"{before}{after}" for value, before, after in parts
    ))


@lru_cache(maxsize=1024)
def _radios(*, name: str, auto_id: str, invalid: bool) -> tuple[tuple[str, str, str], ...]:
    """(value, the input up to where ` checked` would go, the rest and its label) for each of SCORE_CHOICES. The
    name and id are escaped here; the values and labels are the integers of SCORE_CHOICES."""
    name, auto_id = escape(name), escape(auto_id)
    invalid_attribute = ' aria-invalid="true"' if invalid else ""
    return tuple(
        (
            str(value),
            f'<input type="radio" name="{name}" value="{value}" class="btn-check" autocomplete="off" '
            f'id="{auto_id}_{position}"{invalid_attribute}',
            f'><label class="btn btn-outline-primary score-option" for="{auto_id}_{position}">{escape(label)}</label>',
        )
        for position, (value, label) in enumerate(SCORE_CHOICES)
    )
