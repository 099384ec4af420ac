"""The mystery-call and site-visit evidence of a revealed edition, shaped for the organisers' results page."""

from django.utils.translation import gettext_lazy as _

FIGURE_LABELS = {
    "service_level": _("service level"),
    "average_speed_of_answer": _("average speed of answer"),
    "abandonment_rate": _("abandonment rate"),
    "resolution_rate": _("resolution rate"),
}


def evidence_for_organisers(*, document: dict) -> dict:
    """Per entrant with a line in the evidence section of the results ``document`` (companies alphabetically,
    never in result order): its claims, the measured figures and which gaps are large enough to raise in the
    deliberation."""
    evidence = document.get("evidence")
    if not evidence:
        return {"evidence_rows": [], "evidence_method": None, "evidence_calls": 0, "evidence_visits": 0}
    rows = []
    for reference, item in evidence["entries"].items():
        entry = document["entries"][reference]
        settings = evidence["settings"][entry["category"]]
        rows.append(
            {
                "reference": reference,
                "company": entry["company"],
                "category": entry["category"],
                "settings": settings,
                "claimed": item["claimed"],
                "measured": item["measured"],
                "gaps": item["gaps"],
                "criterion_score": item.get("criterion_score"),
                "flags": [str(FIGURE_LABELS[name]) for name in item["flagged"]],
                "site_visits": item.get("site_visits"),
            }
        )
    rows.sort(key=lambda row: (row["category"], row["company"].casefold(), row["reference"]))
    calls = sum(item["measured"]["calls"] for item in evidence["entries"].values() if item["measured"])
    visits = sum(item["site_visits"]["visits"] for item in evidence["entries"].values() if item.get("site_visits"))
    return {
        "evidence_rows": rows,
        "evidence_method": evidence["method"],
        "evidence_calls": calls,
        "evidence_visits": visits,
    }
