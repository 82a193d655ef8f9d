"""Time the IMDb datasets import on SQLite and PostgreSQL: rows per second per file and
in total, and the process's peak memory.

    python benchmarks/import_imdb.py --scale 0.1                    # SQLite only
    python benchmarks/import_imdb.py --scale 0.1 --postgres postgres://postgres@127.0.0.1:5432/imdb_bench
    python benchmarks/import_imdb.py --files DIR --postgres … --no-sqlite

The files are written by benchmarks/imdb_generator.py (into a temporary directory,
unless `--files` names a directory that already holds them). Each database is
migrated fresh (SQLite in a throwaway data directory; the PostgreSQL database named
by the URL is dropped and created again, so give it one of your own), then the
import runs in a fresh Python process: a first run into the empty catalogue, then a
second run of the same files (which must write nothing). Rows per second count every
row read, the ones the default filter leaves out (other title types, adult titles,
their principals) included, as imdb-sqlite counts its rows. The refresh of search
and related films that the command runs afterwards is not timed here.
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
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
PROFILE = "--profile" in sys.argv[1:] and sys.argv[1] != "--child"


def child() -> None:
    """Runs inside the subprocess: migrate, or import the files (timed)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cinematheque.settings")
    django.setup()
    from django.core.management import call_command

    if sys.argv[2] == "migrate":
        call_command("migrate", verbosity=0)
        return
    from cinematheque.ingest.imdb import imdb_import

    directory = Path(sys.argv[3])
    profile = len(sys.argv) > 4 and sys.argv[4] == "--profile"
    server = _server_cpu()
    wall, cpu = time.perf_counter(), time.process_time()
    if profile:
        from django.db import connection

        statements: list[Statement] = []
        current = ["start"]

        def on_file(name: str, _path: Path) -> None:
            current[0] = name

        with connection.execute_wrapper(_timed(statements, current)):
            report = imdb_import(directory=directory, on_file=on_file)
        _print_statements(statements)
    else:
        report = imdb_import(directory=directory)
    result = {
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "server_cpu": _server_cpu() - server,
        "rows": report.rows_read,
        "writes": report.upserted.writes,
        "films": report.upserted.films_created,
        "people": report.upserted.people_created,
        "credits": report.upserted.credits_created,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "files": {
            name: {
                "rows": f.rows_read,
                "seconds": f.seconds,
                "malformed": f.malformed_count,
            }
            for name, f in report.files.items()
        },
    }
    print(json.dumps(result))


Statement = tuple[float, float, str, str]  # wall s, backend CPU s, SQL, file


def _timed(statements: list[Statement], current: list[str]) -> Callable[..., Any]:
    """A Django execute wrapper that records each statement's wall clock and the
    backend's CPU seconds, with the file being imported (COPY is not seen: it
    goes round the wrapper)."""

    def wrapper(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        wall, server = time.perf_counter(), _server_cpu()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append(
                (time.perf_counter() - wall, _server_cpu() - server, sql, current[0])
            )

    return wrapper


def _print_statements(statements: list[Statement]) -> None:
    """The statements that took longest, to stderr (the JSON result is stdout's)."""
    total = sum(wall for wall, _, _, _ in statements)
    sys.stderr.write(f"PROFILE {len(statements)} statements, {total:.1f} s\n")
    files: dict[str, list[float]] = {}
    for wall, server, _, name in statements:
        sums = files.setdefault(name, [0.0, 0.0])
        sums[0] += wall
        sums[1] += server
    for name, (wall, server) in files.items():
        sys.stderr.write(f"PROFILE {name:<18} {wall:8.2f} s wall {server:7.2f} s cpu\n")
    if os.environ.get("IMDB_PROFILE_JSON"):
        Path(os.environ["IMDB_PROFILE_JSON"]).write_text(json.dumps(statements))
    for wall, server, sql, name in sorted(statements, reverse=True)[:40]:
        text = " ".join(sql.split())[:200]
        sys.stderr.write(
            f"PROFILE {wall:6.2f} s wall {server:6.2f} s cpu {name[6:]:<10} {text}\n"
        )


def _server_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (read from
    /proc when the server runs on this machine; 0 for SQLite or a remote server):
    unlike the wall clock, it does not depend on what else the machine runs."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")


def _run(env: dict[str, str], *args: str) -> dict:
    if PROFILE and args[0] == "import":
        args = (*args, "--profile")
    completed = subprocess.run(
        [sys.executable, "-u", __file__, "--child", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stderr)
        raise SystemExit(f"child {args} failed")
    if PROFILE:
        sys.stderr.write(completed.stderr)
    lines = completed.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else {}


def _recreate_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def bench(label: str, env: dict[str, str], files: Path, runs: int) -> None:
    _run(env, "migrate")
    for attempt in ("first run", "second run")[:runs]:
        result = _run(env, "import", str(files))
        print(f"\n{label}, {attempt}:")
        for name, numbers in result["files"].items():
            seconds = numbers["seconds"] or 1e-9
            print(
                f"  {name:<18} {numbers['rows']:>11,} rows {seconds:>8.1f} s "
                f"{numbers['rows'] / seconds:>10,.0f} rows/s"
            )
        print(
            f"  {'total':<18} {result['rows']:>11,} rows {result['wall']:>8.1f} s "
            f"{result['rows'] / result['wall']:>10,.0f} rows/s (CPU {result['cpu']:.1f} s "
            f"in this process, {result['server_cpu']:.1f} s in PostgreSQL's backend)"
        )
        print(f"  load average after: {os.getloadavg()}")
        print(
            f"  films created {result['films']:,}, people {result['people']:,}, "
            f"credits {result['credits']:,}; rows written {result['writes']:,}; "
            f"peak memory {result['peak_rss_mb']:.0f} MB"
        )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child()
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--files", type=Path, help="use (or write) the files here")
    parser.add_argument("--postgres", help="URL of a PostgreSQL database to recreate")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument(
        "--mix",
        choices=("films", "imdb"),
        default="films",
        help="title types of written files (benchmarks/imdb_generator.py)",
    )
    parser.add_argument(
        "--runs", type=int, choices=(1, 2), default=2, help="1: the first run only"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="print the 40 slowest SQL statements (wall and backend CPU seconds)",
    )
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from imdb_generator import generate

    files = args.files or Path(tempfile.mkdtemp(prefix="imdb-files-"))
    if not (files / "title.basics.tsv.gz").exists():
        started = time.perf_counter()
        written = generate(files, scale=args.scale, mix=args.mix)
        print(
            f"Generated {sum(written.values()):,} rows at scale {args.scale} in "
            f"{time.perf_counter() - started:.0f} s: {written}"
        )
    base = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    base.pop("DATABASE_URL", None)
    print(f"Load average before: {os.getloadavg()}")
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as data:
            bench("SQLite", {**base, "CINEMATHEQUE_DATA_DIR": data}, files, args.runs)
    if args.postgres:
        _recreate_postgres(args.postgres)
        with tempfile.TemporaryDirectory() as data:
            env = {**base, "CINEMATHEQUE_DATA_DIR": data, "DATABASE_URL": args.postgres}
            bench("PostgreSQL", env, files, args.runs)
    print(f"Load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
