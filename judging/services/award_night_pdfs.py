"""The awards app's award-night PDFs (running order, certificates) as a part of the pack.

`judging` may import `awards`; the PDFs are made in `awards.award_night` from `Award` rows only.
"""

from awards.award_night import pdf_files_for
from awards.models import Edition


def award_night_pdfs(*, edition: Edition, reveal, files: dict[str, bytes]) -> dict[str, bytes]:
    """`certificates.pdf` and `running-order.pdf` for the pack (a PACK_PARTS entry)."""
    return pdf_files_for(edition)
