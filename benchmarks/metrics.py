"""What the Prometheus metrics cost, in-process (Django's test client, no HTTP
server), on a fresh SQLite data directory with the production settings: the same
requests with the metrics middleware on and off, in alternating rounds, and the time
of a scrape of /metrics.

- a page-cache hit of a film page (the cheapest page: the middleware's share is
  largest here);
- a 404 of an unknown film: the view runs, with its queries, and nothing is cached;
- `GET /metrics` with 1,000 jobs and 10,000 member import rows in the database.

    python benchmarks/metrics.py [--requests 500] [--rounds 4] [--multiprocess]

`--multiprocess` counts as `cinematheque serve` does (prometheus-client's
multiprocess mode: every count written to a memory-mapped file).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(run: Callable[[], int], count: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each of `count` runs."""
    wall, cpu = [], []
    for _ in range(count):
        start, start_cpu = time.perf_counter(), time.process_time()
        status = run()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
        assert status in {200, 404}, status  # noqa: S101
    return wall, cpu


def line(name: str, wall: list[float], cpu: list[float]) -> str:
    return (
        f"{name:<44} n={len(wall):<5} wall p50 {statistics.median(wall):6.3f} ms"
        f"   CPU mean {statistics.fmean(cpu):6.3f} ms"
    )


def setup(multiprocess: bool) -> None:
    data_dir = tempfile.mkdtemp(prefix="cinematheque-bench-metrics-")
    Path(data_dir, "static").mkdir()
    os.environ.update(
        CINEMATHEQUE_DATA_DIR=data_dir,
        DJANGO_SETTINGS_MODULE="cinematheque.settings",
        ALLOWED_HOSTS="testserver",
    )
    sys.path.insert(0, str(ROOT / "src"))
    if multiprocess:
        from cinematheque.metrics import metrics_dir_prepare

        metrics_dir_prepare(Path(data_dir), 0)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def fill() -> None:
    from datetime import UTC, datetime

    from cinematheque.catalogue.models import Film
    from cinematheque.jobs.models import Job
    from cinematheque.members.imports.models import ImportBatch, ImportRow
    from cinematheque.members.models import User

    Film.objects.create(title="Heat", year=1995, slug="heat-1995")
    Job.objects.bulk_create(
        Job(name=f"kind.{n % 7}", state=("done", "failed", "queued")[n % 3])
        for n in range(1000)
    )
    user = User.objects.create_user(username="ada", email="ada@example.org")
    batch = ImportBatch.objects.create(
        user=user, source="letterboxd", filename="x.zip", file_sha256="0" * 64
    )
    ImportRow.objects.bulk_create(
        ImportRow(
            batch=batch,
            file="diary.csv",
            line=n,
            status=("matched", "unmatched")[n % 2],
            data={"at": datetime(2020, 1, 1, tzinfo=UTC).isoformat()},
        )
        for n in range(10_000)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--multiprocess", action="store_true")
    args = parser.parse_args()
    setup(args.multiprocess)
    fill()
    from django.conf import settings
    from django.test import Client

    results: dict[str, tuple[list[float], list[float]]] = {}
    for _round in range(args.rounds):
        for enabled in (True, False):
            settings.METRICS_ENABLED = enabled
            client = Client()  # a new handler loads the middleware list again
            client.get("/films/heat-1995/")  # stored in the page cache
            for name, path in (
                ("film page from the page cache", "/films/heat-1995/"),
                ("404 of an unknown film (rendered)", "/films/no-such-film-1900/"),
            ):
                key = f"{name}, metrics {'on' if enabled else 'off'}"
                wall, cpu = timed(
                    lambda path=path, client=client: client.get(path).status_code,
                    args.requests,
                )
                results.setdefault(key, ([], []))
                results[key][0].extend(wall)
                results[key][1].extend(cpu)
    for key, (wall, cpu) in sorted(results.items()):
        print(line(key, wall, cpu))
    settings.METRICS_ENABLED = True
    client = Client()
    wall, cpu = timed(lambda: client.get("/metrics").status_code, 50)
    print(line("GET /metrics (1,000 jobs, 10,000 import rows)", wall, cpu))
    print(f"mode: {'multiprocess' if args.multiprocess else 'single process'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
