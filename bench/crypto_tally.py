"""Timings of the pure sealing, Merkle and tally code at award-night scale.

    python bench/crypto_tally.py            # 16,000 scorecards, 49 categories
    python bench/crypto_tally.py --quick    # tiny sizes, to check the code still runs

Prints one line per measure, in seconds. No Django, no database.
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from judging.merkle import leaf_from_receipt, merkle_root  # noqa: E402
from judging.sealing import (  # noqa: E402
    binding_info,
    ceremony_create,
    private_key_recover,
    receipt_of,
    scorecard_decrypt,
    scorecard_encrypt,
)
from judging.tally import AREA_CODES, CategorySpec, Rubric, Scorecard, tally_edition  # noqa: E402


def run(*, scorecards: int, categories: int, judges: int) -> dict[str, float]:
    timings = {}
    ceremony = ceremony_create(holders=3, threshold=2)
    key = private_key_recover(shares=list(ceremony.shares[:2]), threshold=2,
                              wrapped_private_key=ceremony.wrapped_private_key, public_key_bytes=ceremony.public_key)
    rubric = Rubric.build(criteria={area: [f"{area}-{i}" for i in range(4)] for area in AREA_CODES})
    payloads = [
        {"scores": {code: random.randint(4, 10) for code in sorted(rubric.criteria)}, "comment": "x" * 700}
        for _ in range(scorecards)
    ]
    infos = [binding_info(edition="bench", round=1, judge=i % judges, entry=i, version=1) for i in range(scorecards)]
    started = time.perf_counter()
    sealed = [scorecard_encrypt(payload=p, public_key_bytes=ceremony.public_key, info=b)
              for p, b in zip(payloads, infos, strict=True)]
    timings["encrypt"] = time.perf_counter() - started
    started = time.perf_counter()
    opened = [scorecard_decrypt(ciphertext=c, private_key=key, info=b) for c, b in zip(sealed, infos, strict=True)]
    timings["decrypt"] = time.perf_counter() - started
    leaves = [leaf_from_receipt(receipt_of(c)) for c in sealed]
    started = time.perf_counter()
    merkle_root(leaves)
    timings["merkle_root"] = time.perf_counter() - started
    per_category = max(1, scorecards // (categories * judges))
    specs, cards = [], []
    for number in range(categories):
        entries = tuple(f"{number}-{e}" for e in range(per_category))
        specs.append(CategorySpec(code=f"c{number}", entries=entries, normalise=number % 2 == 0))
        cards += [Scorecard(judge=j, entry=e, scores=opened[len(cards) % scorecards]["scores"])
                  for j in range(judges) for e in entries]
    started = time.perf_counter()
    tally_edition(categories=specs, rubrics={spec.code: rubric for spec in specs}, scorecards=cards)
    timings[f"tally ({len(cards)} scorecards)"] = time.perf_counter() - started
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    sizes = {"scorecards": 60, "categories": 2, "judges": 5} if args.quick else {
        "scorecards": 16_000, "categories": 49, "judges": 15}
    for name, seconds in run(**sizes).items():
        print(f"{name}: {seconds:.3f} s")


if __name__ == "__main__":
    main()
