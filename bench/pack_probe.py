"""One award-night pack build in a fresh process, for `bench/run.py` (which watches this process's memory).

    DATABASE_URL=... python bench/pack_probe.py SLUG OUTPUT

Prints one JSON line: the seconds of the build and write, and this process's and its largest child's peak resident
memory. The process is first made ready as the worker that runs the export task is (`manage.py db_worker`): Django
set up and the system checks run, which import the URL configuration.
"""

import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    import django

    django.setup()
    from django.core.checks import run_checks

    run_checks()  # as every management command does before it starts (db_worker, export_pack)
    from awards.models import Edition
    from judging.services.export import award_night_pack_write

    slug, output = sys.argv[1], sys.argv[2]
    edition = Edition.objects.get(slug=slug)
    started, load = time.perf_counter(), os.getloadavg()
    award_night_pack_write(edition=edition, path=output, actor=None)
    size = os.path.getsize(output)
    seconds = time.perf_counter() - started
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"seconds": seconds, "bytes": size, "load_at_start": list(load),
                      "self_maxrss_mb": own.ru_maxrss / 1024, "largest_child_maxrss_mb": children.ru_maxrss / 1024}))


if __name__ == "__main__":  # a spawned PDF worker process (not on Linux) re-imports this file, which must not build
    main()
