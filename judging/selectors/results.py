"""Reads of the seal and the results: the commitment anyone may see, the results organisers see after the reveal."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from awards.models import Award, Category, Edition
from judging.models import AREA_ORDER, Area, KeyCeremony, Reveal, Seal, SealedScorecard, pseudonym_shown
from judging.selectors.evidence import evidence_for_organisers

METHOD_LABELS = {
    "mean": _("Mean of the judges' totals."),
    "trimmed_mean": _("Trimmed mean: the highest and the lowest judge's totals are dropped."),
    "normalised": _("Mean of the judges' totals after per-judge normalisation (z-scores)."),
    "normalised_trimmed_mean": _(
        "Trimmed mean of the judges' totals after per-judge normalisation (z-scores)."
    ),
}


def seal_of(*, edition: Edition) -> Seal | None:
    return Seal.objects.filter(edition=edition).first()


def edition_key_fingerprint(*, edition: Edition) -> str | None:
    """The fingerprint (SHA-256 hex) of the edition key the scorecards are sealed to; public like the root."""
    return (
        KeyCeremony.objects.filter(edition=edition, is_active=True).values_list("fingerprint", flat=True).first()
    )


def receipts_of_judge(*, judge) -> list[SealedScorecard]:
    """The judge's own latest receipts (for inclusion proofs): entry and receipt, never a score."""
    return list(
        SealedScorecard.objects.filter(judge=judge, is_latest=True)
        .select_related("entry__category")
        .order_by("entry__category__ceremony_order", "entry_id")
    )

# The tally explains a close call in English with a code; the page says it in the reader's language.
VARIANT_TEXTS = {
    "mean": _("With the plain mean of all judges' totals, %(outcome)s."),
    "trimmed_mean": _("With a trimmed mean (highest and lowest dropped), %(outcome)s."),
    "normalised": _("With per-judge normalised totals, %(outcome)s."),
    "raw": _("Without per-judge normalisation, %(outcome)s."),
    "without_judge": _("Without the scorecards of %(judge)s, %(outcome)s."),
}


def close_call_text(*, reason: dict, row: dict, award_labels: dict) -> str:
    """One close-call reason of the tally, in the active language."""
    if reason["code"] == "tie":
        values = {
            "score": number_format(Decimal(row["score"]), 2),
            "others": ", ".join(str(other) for other in reason["others"]),
        }
        if row.get("joint"):
            return gettext("Score %(score)s equals that of %(others)s; the tie-break could not separate them: "
                           "a joint placing.") % values
        return gettext("Score %(score)s equals that of %(others)s; the order comes from the tie-break.") % values
    if reason["award"]:
        outcome = gettext("the award would be %(award)s") % {"award": award_labels.get(reason["award"], "")}
    else:
        outcome = gettext("there would be no award")
    template = VARIANT_TEXTS.get(reason["code"])
    if template is None:
        return reason["message"]
    return str(template) % {"outcome": outcome, "judge": pseudonym_shown(reason.get("judge") or "")}


def _tally_reasons(document: dict) -> dict[str, list[dict]]:
    """Entry reference -> the tally's structured close-call reasons."""
    return {
        row["entry"]: row.get("reasons", [])
        for category in document.get("tally", {}).get("categories", [])
        for row in category.get("rows", [])
    }


def _english() -> bool:
    return (get_language() or "en").startswith("en")


def results_for_organisers(*, edition: Edition) -> dict:
    """The stored results of a revealed edition, shaped for the results page, with its mystery-call evidence. One
    query, whatever the size."""
    reveal = Reveal.objects.get(edition=edition)
    document = reveal.results
    award_labels = dict(Award.Kind.choices)
    reasons_by_entry = _tally_reasons(document)
    area_labels = dict(Area.choices)
    english = _english()
    mode_labels = dict(Category.AwardMode.choices)
    categories = []
    for block in document["rankings"]:
        rows = []
        for row in block["entries"]:
            reason = " ".join(
                close_call_text(reason=item, row=row, award_labels=award_labels)
                for item in reasons_by_entry.get(row["entry"], [])
            )
            rows.append(
                {
                    **row,
                    "close_call_reason": reason,
                    "award_label": award_labels.get(row["award"], "") if row["award"] else "",
                    "method_label": METHOD_LABELS.get(row["method"], row["method"]),
                    "area_scores": [(area_labels[area], row["areas"].get(area, "")) for area in AREA_ORDER],
                }
            )
        categories.append(
            {
                "code": block["category"],
                "name": block["name_en"] if english else block["name_id"],
                "settings": block["settings"],
                "mode_label": mode_labels.get(block["settings"]["award_mode"], ""),
                "entries": rows,
            }
        )
    return {
        "reveal": reveal,
        "commitment": document["commitment"],
        "categories": categories,
        "area_labels": [area_labels[area] for area in AREA_ORDER],
        **evidence_for_organisers(document=document),
    }
