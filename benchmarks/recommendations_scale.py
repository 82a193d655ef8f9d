"""Time and peak memory of a full recommendations rebuild on a large catalogue.

Generate the catalogue once with the search benchmark's generator, then rebuild every
film's list on it (the same service `cinematheque recommendations rebuild` runs) and
print the time of each phase and the peak resident memory of the process:

    python benchmarks/generate_catalogue.py --films 1000000 --credits 5000000 \\
        --database-url sqlite:////tmp/cine-1m/cinematheque.sqlite3
    CINEMATHEQUE_DATA_DIR=/tmp/cine-1m python benchmarks/recommendations_scale.py

With DATABASE_URL set, the catalogue is read from (and the lists written to) that
database instead.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--limit", type=int, default=12, help="films per list (default 12)"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cinematheque.settings")
    import django

    django.setup()
    from django.db import connection

    from cinematheque.catalogue.models import Film
    from cinematheque.people.models import Credit, Person
    from cinematheque.recommendations.services import recommendations_rebuild

    print(
        f"Catalogue on {connection.vendor}: {Film.objects.count():,} films, "
        f"{Person.objects.count():,} people, {Credit.objects.count():,} credits",
        flush=True,
    )
    last = [time.perf_counter()]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if done == total or now - last[0] > 30:
            last[0] = now
            print(f"  {done:,}/{total:,} films", flush=True)

    result = recommendations_rebuild(limit=args.limit, progress=progress)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"Rebuilt {result.recommendations:,} recommendations for {result.films:,} "
        f"films in {result.seconds:.0f} s: reading and matrices "
        f"{result.read_seconds:.0f} s, ranking and reasons "
        f"{result.compute_seconds:.0f} s, writing {result.write_seconds:.0f} s."
    )
    print(f"Peak resident memory: {peak_mib:,.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
