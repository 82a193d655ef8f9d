"""Time the import of the bundled open catalogue (17,472 films) on SQLite and PostgreSQL:
a fresh import into an empty, migrated database, then a second (idempotent) run.

    python benchmarks/import_catalogue.py                      # SQLite only
    python benchmarks/import_catalogue.py --postgres postgres://postgres@127.0.0.1:5432/postgres

SQLite runs in a throwaway data directory. For PostgreSQL the URL names a server and a
maintenance database to connect to: the benchmark creates its own throwaway database
there (`cinematheque_import_bench`) and drops it at the end. Each import runs in a fresh
Python process; it prints the wall-clock time of the import (batches and derived values)
and then of the search-index refresh that `import_open_catalogue` runs after it, each
with the process's CPU time (the machine may be shared); Django start-up is excluded.
With `--memory` the import runs under tracemalloc and prints the peak of the Python
heap while the rows are read and written (the streaming part) and over the whole
import (the derived values read every credit at once), and the process's peak
resident size; tracemalloc slows the import down, so the times of such a run are not
comparable with the others.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BENCH_DB = "cinematheque_import_bench"


def child() -> None:
    """Runs inside the subprocess: migrate (untimed) or import (timed)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cinematheque.settings")
    django.setup()
    from django.core.management import call_command

    if sys.argv[2] == "migrate":
        call_command("migrate", verbosity=0)
        return
    from cinematheque.ingest.services import open_catalogue_import
    from cinematheque.search.services import search_rebuild

    # The two steps of `import_open_catalogue`, timed apart: the import itself
    # (batches and derived values), then the search index refresh the command runs.
    if os.environ.get("BENCH_MEMORY") == "1":
        result = _import_memory()
    else:
        wall, cpu = time.perf_counter(), time.process_time()
        open_catalogue_import()
        result = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
    wall, cpu = time.perf_counter(), time.process_time()
    search_rebuild()
    result["search_wall"] = time.perf_counter() - wall
    result["search_cpu"] = time.process_time() - cpu
    print(json.dumps(result))


def _import_memory() -> dict[str, float]:
    """The import's two phases under tracemalloc, apart: reading and writing the rows
    (`bundled.run_import`, which streams), then the derived values (which read every
    credit at once)."""
    from django.db import transaction

    from cinematheque.catalogue import derived
    from cinematheque.ingest import bundled

    wall, cpu = time.perf_counter(), time.process_time()
    tracemalloc.start()
    source, _ = bundled.run_import()
    write_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    with transaction.atomic():
        derived.derived_values_refresh(source=source)
    derived_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "write_peak_mib": write_peak / 2**20,
        "heap_peak_mib": max(write_peak, derived_peak) / 2**20,
        # ru_maxrss is in KiB on Linux.
        "rss_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_child(step: str, env: dict[str, str]) -> dict[str, float]:
    completed = subprocess.run(
        [sys.executable, __file__, "--child", step],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"{step} failed:\n{completed.stderr}")
    lines = completed.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else {}


def bench(label: str, env: dict[str, str]) -> None:
    run_child("migrate", env)
    for run in ("fresh", "rerun"):
        result = run_child("import", env)
        print(
            f"{label:<10} {run:<6} import {result['wall']:5.1f} s wall "
            f"({result['cpu']:5.1f} s CPU)   then search index "
            f"{result['search_wall']:5.1f} s wall ({result['search_cpu']:5.1f} s CPU)",
            flush=True,
        )
        if "heap_peak_mib" in result:
            print(
                f"{'':<10} {run:<6} peak Python heap: reading and writing the "
                f"rows {result['write_peak_mib']:6.1f} MiB, the whole import "
                f"{result['heap_peak_mib']:6.1f} MiB; peak RSS "
                f"{result['rss_peak_mib']:6.1f} MiB",
                flush=True,
            )


def postgres_env(url: str, base_env: dict[str, str]) -> tuple[dict[str, str], str]:
    parts = urlsplit(url)
    bench_url = urlunsplit(parts._replace(path=f"/{BENCH_DB}"))
    return {**base_env, "DATABASE_URL": bench_url}, bench_url


def postgres_admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(statement)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--postgres",
        metavar="URL",
        default=os.environ.get("BENCH_POSTGRES_URL", ""),
        help="PostgreSQL server URL (a maintenance database such as /postgres); "
        "the benchmark creates and drops its own database there",
    )
    parser.add_argument(
        "--skip-sqlite", action="store_true", help="benchmark PostgreSQL only"
    )
    parser.add_argument(
        "--memory",
        action="store_true",
        help="also measure the peak memory of the import (slower: tracemalloc)",
    )
    args = parser.parse_args()
    base_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if args.memory:
        base_env["BENCH_MEMORY"] = "1"
    print(f"Import of the bundled catalogue; {os.cpu_count()} CPU cores", flush=True)
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory(prefix="cinematheque-bench-") as data_dir:
            bench("SQLite", {**base_env, "CINEMATHEQUE_DATA_DIR": data_dir})
    if args.postgres:
        env, _ = postgres_env(args.postgres, base_env)
        with tempfile.TemporaryDirectory(prefix="cinematheque-bench-") as data_dir:
            env["CINEMATHEQUE_DATA_DIR"] = data_dir
            postgres_admin(args.postgres, f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
            postgres_admin(args.postgres, f'CREATE DATABASE "{BENCH_DB}"')
            try:
                bench("PostgreSQL", env)
            finally:
                postgres_admin(
                    args.postgres, f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'
                )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child()
    else:
        main()
