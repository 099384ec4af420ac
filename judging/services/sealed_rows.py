"""Opening sealed scorecards as plain rows: shared by the award-night reveal, the shortlist reveal and the
award-night pack (judging.services.reveal re-exports these names)."""

import base64
from dataclasses import dataclass

from django.utils.translation import gettext as _

from awards.models import Entry
from judging import sealing
from judging.services.scoring import scorecard_binding


class RevealError(Exception):
    """The reveal cannot go on; the message says why in one line and names the culprit."""


@dataclass(frozen=True, slots=True)
class SealedRow:
    """What opening a sealed scorecard needs, as plain values: the reveal reads 16,000 of these in one
    flat query instead of building five model instances per scorecard."""

    receipt: str
    ciphertext: bytes
    version: int
    round_number: int
    entry_id: int
    category_code: str
    judge_id: int
    pseudonym: str
    entry_number: int

    @classmethod
    def of(cls, card) -> "SealedRow":
        """The row of a `SealedScorecard` instance (with its round, entry's category and judge)."""
        return cls(
            receipt=card.receipt, ciphertext=bytes(card.ciphertext), version=card.version,
            round_number=card.round.number, entry_id=card.entry_id, category_code=card.entry.category.code,
            judge_id=card.judge_id, pseudonym=card.judge.pseudonym, entry_number=card.entry.number,
        )

    @property
    def entry_reference(self) -> str:
        return Entry.reference_of(number=self.entry_number)

    @property
    def names(self) -> dict[str, str]:
        """How an error names the scorecard: the judge's pseudonym and the entry's reference."""
        return {"judge": self.pseudonym, "entry": self.entry_reference}


SEALED_ROW_COLUMNS = (
    "receipt", "ciphertext", "version", "round__number", "entry_id", "entry__category__code", "judge_id",
    "judge__pseudonym", "entry__number",
)


def sealed_rows(*, cards) -> list[SealedRow]:
    """The rows of a `SealedScorecard` queryset, in its order, in one query without model instances."""
    return [
        SealedRow(
            receipt, bytes(ciphertext), version, round_number, entry_id, category_code, judge_id, pseudonym, number
        )
        for receipt, ciphertext, version, round_number, entry_id, category_code, judge_id, pseudonym, number
        in cards.values_list(*SEALED_ROW_COLUMNS)
    ]


def sealed_row_open(*, private_key, edition_slug: str, row: SealedRow) -> dict:
    """Decrypt one sealed scorecard with its binding; check its receipt and the identity it carries."""
    if sealing.receipt_of(row.ciphertext) != row.receipt:
        raise RevealError(
            _("The receipt of the scorecard of %(judge)s for %(entry)s does not match its ciphertext.") % row.names
        )
    info = scorecard_binding(
        edition_slug=edition_slug, round_number=row.round_number, pseudonym=row.pseudonym, entry_id=row.entry_id,
        version=row.version,
    )
    try:
        payload = sealing.scorecard_decrypt(private_key=private_key, ciphertext=row.ciphertext, info=info)
    except sealing.ScorecardOpenError as exc:
        raise RevealError(
            _("The scorecard of %(judge)s for %(entry)s cannot be opened with its binding.") % row.names
        ) from exc
    if payload.get("entry") != row.entry_id or payload.get("round") != row.round_number:
        raise RevealError(_("The scorecard of %(judge)s for %(entry)s names another entry or round.") % row.names)
    return payload


def sealed_row_listing(*, row: SealedRow, payload: dict) -> dict:
    """One scorecard as scorecards.json lists it: never the judge's name, only the per-edition pseudonym."""
    return {
        "receipt": row.receipt,
        "ciphertext": base64.b64encode(row.ciphertext).decode("ascii"),
        "version": row.version,
        "round": row.round_number,
        "category": row.category_code,
        "entry": row.entry_reference,
        "entry_id": row.entry_id,
        "judge": row.pseudonym,
        "judge_id": row.judge_id,
        "content": payload,
    }
