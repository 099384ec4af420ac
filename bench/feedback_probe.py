"""The CPU seconds of laying out 75 feedback reports (the demo pack's count) in this one process.

    python bench/feedback_probe.py [--repeat N] [--out DIR]

Synthetic reports shaped as the demo's (four areas, two or three comments, weights); no database. Prints one JSON
line per repeat: the process CPU seconds of rendering the batches (as the pack cuts them) and splitting them.

Measured with it (2 cores, alternating runs): the "scores by area" table is about half of a report's CPU (75 reports
~9 CPU-s, ~4.7 without the table); its text cells ~3.2 of that, its chart SVGs ~1. Drawing the whole table as one
SVG with <text> costs more (~10 CPU-s): WeasyPrint 66 lays out and draws SVG text letter by letter
(weasyprint/svg/text.py, a Pango layout per character). One chart SVG per report in place of one per row:
~2 % less, within the noise of a loaded machine, and the table could no longer break between rows: not kept.
"""

import argparse
import json
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def reports(count: int) -> list:
    from judging.services.feedback import AREA_LABELS, AreaFigures, FeedbackData

    out = []
    for n in range(count):
        areas = tuple(
            AreaFigures(
                code=code,
                label_id=label_id,
                label_en=label_en,
                weight=(25 if n % 3 else 0),
                entry=Decimal(f"{55 + (n * 7 + i * 11) % 40}.{(n * 13 + i) % 100:02d}"),
                average=Decimal(f"{60 + i * 3}.{(i * 17) % 100:02d}"),
                best=Decimal(f"{90 + i}.{(n + i * 29) % 100:02d}"),
            )
            for i, (code, (label_id, label_en)) in enumerate(AREA_LABELS.items())
        )
        out.append(
            FeedbackData(
                entry_id=n,
                reference=f"CCA-2026-{n:04d}",
                title=f"Pusat Layanan Pelanggan Nusantara {n}",
                company=f"PT Contoh Sejahtera {n}",
                category="inbound",
                category_name_id="Pusat Kontak Inbound Terbaik",
                category_name_en="Best Inbound Contact Centre",
                edition_name="Indonesia Contact Center Awards",
                edition_year=2026,
                scorecards=3,
                score=Decimal("74.25"),
                score_average=Decimal("68.10"),
                score_best=Decimal("88.40"),
                method="mean",
                normalised=bool(n % 2),
                below_minimum=False,
                min_scorecards=3,
                award="gold" if n % 9 == 0 else None,
                joint=False,
                entries_compared=12,
                areas=areas,
                comments=tuple(
                    f"Komentar juri nomor {k}: pelatihan agen sangat baik dan konsisten, teruskan."
                    for k in range(2 + n % 2)
                ),
            )
        )
    return out


def main() -> None:
    import django

    django.setup()
    from awards import pdf
    from judging.services.feedback import feedback_jobs

    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--count", type=int, default=75)
    parser.add_argument("--out")
    args = parser.parse_args()
    items = reports(args.count)
    for _ in range(args.repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        files = {}
        for job in feedback_jobs(reports=items):
            files.update(pdf.job_run(job))
        print(
            json.dumps(
                {
                    "cpu_s": round(time.process_time() - cpu, 3),
                    "wall_s": round(time.perf_counter() - wall, 3),
                    "files": len(files),
                }
            ),
            flush=True,
        )
    if args.out:
        Path(args.out).mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            Path(args.out, Path(name).name).write_bytes(content)


if __name__ == "__main__":
    main()
