"""A mixed load on a production-like site, per kind of request: p50, p99, errors.

    python benchmarks/load_mixed.py [--duration 60] [--postgres URL] [--redis URL]
        [--servers 2] [--workers 2] [--threads 4] [--members 200]
        [--work-dir DIR] [--catalogue FILE]

The script sets the site up: a data directory (kept with --work-dir, so the
catalogue is loaded once: a few minutes the first time), `--servers` instances of
`cinematheque serve` behind nginx configured by `cinematheque deploy nginx
--upstream …` (on one PostgreSQL and one Redis when given, else SQLite and the
file cache), and `--members` signed-in members. Then, all at once for `--duration`
seconds, one wrk per kind (connections in _load.KINDS): visitors on film, person,
browse and search pages and the API (through nginx's micro-cache, as visitors
are), and members reading their part of a film page, rating films and changing
their watchlist (POST with their session and CSRF token). wrk runs closed-loop:
each connection sends its next request when the last is answered, so the rates
are the highest this machine holds with the load generator on it.

Needs wrk and nginx (Debian: apt-get install wrk nginx-light).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _load import (
    Site,
    kind_requests,
    load_average,
    report,
    require,
    run_mixed,
    site_environment,
    targets,
    workdir,
)


def parser() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--duration", type=int, default=60, help="seconds (60)")
    options.add_argument("--postgres", default="", help="DATABASE_URL of the site")
    options.add_argument("--redis", default="", help="CACHE_URL of the site")
    options.add_argument("--servers", type=int, default=2, help="app servers (2)")
    options.add_argument("--workers", type=int, default=2, help="per server (2)")
    options.add_argument("--threads", type=int, default=4, help="per worker (4)")
    options.add_argument("--members", type=int, default=200, help="members (200)")
    options.add_argument("--work-dir", type=Path, help="keep the site here")
    options.add_argument(
        "--catalogue", type=Path, help="an open-catalogue file (default: bundled)"
    )
    return options


def main() -> None:
    args = parser().parse_args()
    require("wrk", "nginx")
    work = workdir(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    environment = site_environment(
        work / "data", database_url=args.postgres, cache_url=args.redis
    )
    site = Site(
        work,
        environment,
        servers=args.servers,
        workers=args.workers,
        threads=args.threads,
    )
    site.init(args.catalogue)
    site.start()
    try:
        requests = kind_requests(targets(site, args.members))
        print(
            f"{args.servers} servers x {args.workers} workers x {args.threads} "
            f"threads behind nginx; {'PostgreSQL' if args.postgres else 'SQLite'}, "
            f"{'Redis' if args.redis else 'file cache'}; {args.duration} s; "
            f"load average before: {load_average()}",
            flush=True,
        )
        run_mixed(site.url, requests, 2, work)  # warm every worker
        results = run_mixed(site.url, requests, args.duration, work)
        report(results)
        print(f"load average after: {load_average()}")
    finally:
        site.stop()


if __name__ == "__main__":
    main()
