"""The award-night pack's file names, in one place: the exporter writes them, verification reads them,
the tests name them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PackNames:
    manifest: str = "manifest.json"  # the SHA-256 of every other file, computed last
    results_json: str = "results.json"
    results_csv: str = "results.csv"
    scorecards_json: str = "scorecards.json"  # the opened scorecards, for verification
    edition_key: str = "edition-key.pem"
    certificates: str = "certificates.pdf"
    running_order: str = "running-order.pdf"
    feedback_dir: str = "feedback"  # feedback/<entry reference>.pdf

    def feedback(self, reference: str) -> str:
        return f"{self.feedback_dir}/{reference}.pdf"

    def round_key(self, number: int | str) -> str:
        """An earlier round's private key (the final round's is `edition_key`)."""
        return f"round-{int(number)}-key.pem"


PACK = PackNames()
