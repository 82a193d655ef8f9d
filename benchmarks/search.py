"""Search: relevance (success@1, success@5, MRR) and server-side latency.

Relevance runs the set of tests/search/relevance.py. Latency is measured in-process
through Django's request handling (URL routing, middleware, view, JSON or HTML), so it
is the server-side time without the network:

- suggestions: GET /search/suggest/?q=… for every prefix (two characters and more) of
  every query of the relevance set, as a person typing it would send them;
- API search: GET /api/v1/search?q=… for every query of the relevance set.

Each request runs once to warm up, then `--rounds` times; p50/p95/p99 are over all
measured requests, and "cpu" is the mean CPU time of this process per request, which
says more than wall time when other work shares the machine.

    CINEMATHEQUE_DATA_DIR=DIR python benchmarks/search.py [--rebuild] [--rounds 3]
    DATABASE_URL=postgres://… python benchmarks/search.py [--rebuild]

DIR (or the database) holds a catalogue (`cinematheque init`, or the 1M-film one of
benchmarks/generate_catalogue.py). --rebuild first rebuilds the index and prints its
time and size.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.search.relevance


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cinematheque.settings")
    import django

    django.setup()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def describe(name: str, timings: list[float], cpu: float) -> str:
    ms = [value * 1000 for value in timings]
    return (
        f"{name:<14} n={len(ms):<5} p50={percentile(ms, 0.50):6.2f} ms  "
        f"p95={percentile(ms, 0.95):6.2f} ms  p99={percentile(ms, 0.99):6.2f} ms  "
        f"max={max(ms):7.2f} ms  mean={statistics.fmean(ms):6.2f} ms  "
        f"cpu={cpu * 1000 / len(ms):6.2f} ms"
    )


SLOWEST: dict[str, float] = {}


def measure(client: object, urls: list[str], rounds: int) -> tuple[list[float], float]:
    """Wall times of every measured request, and the CPU seconds they took."""
    timings = []
    for url in urls:  # warm-up: caches of SQLite/PostgreSQL and of Python
        response = client.get(url)  # type: ignore[attr-defined]
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    cpu = cpu_seconds()
    for _ in range(rounds):
        for url in urls:
            started = time.perf_counter()
            client.get(url)  # type: ignore[attr-defined]
            elapsed = time.perf_counter() - started
            timings.append(elapsed)
            SLOWEST[url] = max(SLOWEST.get(url, 0.0), elapsed)
    return timings, cpu_seconds() - cpu


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rebuild", action="store_true", help="rebuild the index first"
    )
    parser.add_argument("--rounds", type=int, default=3, help="measured rounds (3)")
    parser.add_argument("--skip-relevance", action="store_true", help="latency only")
    args = parser.parse_args()
    setup()

    from django.db import connection
    from django.test import Client

    from cinematheque.catalogue.models import Film
    from cinematheque.people.models import Person
    from cinematheque.search.backends import get_backend
    from cinematheque.search.engine import search
    from cinematheque.search.services import search_rebuild
    from tests.search.relevance import CASES, evaluate

    print(
        f"Database: {connection.vendor} ({connection.settings_dict['NAME']}), "
        f"{Film.objects.count():,} films, {Person.objects.count():,} people"
    )
    if args.rebuild:
        started, cpu = time.perf_counter(), cpu_seconds()
        report = search_rebuild()
        print(
            f"Rebuild: {time.perf_counter() - started:.1f} s wall, "
            f"{cpu_seconds() - cpu:.1f} s CPU in this process; "
            f"{report.films:,} films, {report.people:,} people, {report.terms:,} "
            f"words; index {report.size_bytes / 1e6:.1f} MB"
        )
    else:
        print(f"Index size: {get_backend().index_size() / 1e6:.1f} MB")

    if not args.skip_relevance:
        scores = evaluate(
            lambda query, among: [
                (hit.kind, hit.slug) for hit in search(query, kind=among).hits
            ]
        )
        print(
            f"Relevance ({scores.cases} queries): success@1={scores.success_at_1:.3f} "
            f"success@5={scores.success_at_5:.3f} MRR={scores.mrr:.3f}"
        )
        for case, rank, top in scores.misses:
            print(f"  miss: {case.query!r} → {case.slug} at rank {rank}; top {top}")

    client = Client(HTTP_HOST="localhost")
    queries = list(dict.fromkeys(case.query for case in CASES))
    prefixes = list(
        dict.fromkeys(
            query[:length] for query in queries for length in range(2, len(query) + 1)
        )
    )
    suggest_urls = [f"/search/suggest/?{urlencode({'q': p})}" for p in prefixes]
    api_urls = [f"/api/v1/search?{urlencode({'q': q})}" for q in queries]
    print(describe("suggestions", *measure(client, suggest_urls, args.rounds)))
    print(describe("API search", *measure(client, api_urls, args.rounds)))
    print("Slowest requests (worst of the rounds):")
    for url, seconds in sorted(SLOWEST.items(), key=lambda item: -item[1])[:8]:
        print(f"  {seconds * 1000:7.2f} ms  {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
