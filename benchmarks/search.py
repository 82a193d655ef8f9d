"""Search: relevance (success@1, success@5, MRR) and server-side latency.

Relevance runs the set of tests/search/relevance.py. Latency is measured in-process
through Django's request handling (URL routing, middleware, view, JSON or HTML), so it
is the server-side time without the network:

- suggestions: GET /search/suggest/?q=… for every prefix (two characters and more) of
  every query of the relevance set, as a person typing it would send them;
- API search: GET /api/v1/search?q=… for every query of the relevance set.

Each request runs once to warm up, then `--rounds` times; p50/p95/p99 are over all
measured requests, and "cpu" is the mean CPU time of this process per request, which
says more than wall time when other work shares the machine. Suggestions are also
broken down by the length of the prefix, with every single letter and a few short
prefixes that match many titles ('sch', 'the') added.

    CINEMATHEQUE_DATA_DIR=DIR python benchmarks/search.py [--rebuild] [--rounds 3]
    DATABASE_URL=postgres://… python benchmarks/search.py [--rebuild]
        [--build-prefixes] [--compare]

--build-prefixes rebuilds only the stored prefix lists (search/prefixes.py) and
prints their time and size; --compare measures the suggestions twice, first with the
engine alone (the lists switched off), then with the lists. The page cache is off
unless --page-cache (every round repeats the warm-up's requests, which it would answer).

DIR (or the database) holds a catalogue (`cinematheque init`, or the 1M-film one of
benchmarks/generate_catalogue.py). --rebuild first rebuilds the index and prints its
time and size.
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.search.relevance


def setup(*, page_cache: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cinematheque.settings")
    # Measured rounds repeat the warm-up's requests: from the page cache they would
    # time the cache, not the search.
    os.environ["CINEMATHEQUE_PAGE_CACHE"] = "1" if page_cache else "0"
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


def measure(
    client: object,
    urls: list[str],
    rounds: int,
    by_url: dict[str, list[float]] | None = None,
) -> tuple[list[float], float]:
    """Wall times of every measured request, and the CPU seconds they took;
    `by_url` collects each URL's times."""
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
            if by_url is not None:
                by_url.setdefault(url, []).append(elapsed)
    return timings, cpu_seconds() - cpu


EXTRA_PREFIXES = [*"abcdefghijklmnopqrstuvwxyz", "sch", "the", "th", "ma", "lo", "de"]
WATCHED = ("a", "s", "th", "the", "sch", "Sch", "ma", "de")


def suggestions(client: object, prefixes: list[str], rounds: int, label: str) -> None:
    """Suggestion latency over every prefix, by prefix length, and of WATCHED."""
    by_url: dict[str, list[float]] = {}
    urls = {p: f"/search/suggest/?{urlencode({'q': p})}" for p in prefixes}
    print(
        describe(
            f"suggestions{label}", *measure(client, list(urls.values()), rounds, by_url)
        )
    )
    for length in (1, 2, 3, 4, 5):
        chosen = [
            p for p in prefixes if (len(p) >= 5 if length == 5 else len(p) == length)
        ]
        times = [t for p in chosen for t in by_url[urls[p]]]
        if times:
            name = f"  {length}{'+' if length == 5 else ''} chars"
            print(describe(name, times, 0.0).rsplit("  cpu", 1)[0])
    for name, chosen in (
        ("  one word 4+", [p for p in prefixes if " " not in p and len(p) >= 4]),
        ("  several words", [p for p in prefixes if " " in p.strip()]),
    ):
        times = [t for p in chosen for t in by_url[urls[p]]]
        if times:
            print(describe(name, times, 0.0).rsplit("  cpu", 1)[0])
    worst = sorted(by_url.items(), key=lambda item: -max(item[1]))[:5]
    print(
        "  slowest: "
        + ", ".join(
            f"{url.split('=', 1)[1]} {max(t) * 1000:.1f} ms" for url, t in worst
        )
    )
    print(
        "  watched (median of the rounds): "
        + ", ".join(
            f"{p!r} {statistics.median(by_url[urls[p]]) * 1000:.1f} ms"
            for p in WATCHED
            if p in urls
        )
    )


def prefix_table_bytes() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size('search_prefixentry')")
        else:
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name IN (SELECT name FROM "
                "sqlite_master WHERE tbl_name = 'search_prefixentry')"
            )
        return int(cursor.fetchone()[0] or 0)


def build_prefixes() -> None:
    """Rebuild the stored prefix lists alone; print their time and size."""
    from django.db import connection, transaction

    from cinematheque.search import prefixes as prefix_lists
    from cinematheque.search.models import PrefixEntry

    started, cpu = time.perf_counter(), cpu_seconds()
    with transaction.atomic():
        prefix_lists.rebuild()
    wall = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_prefixentry")
    lists = PrefixEntry.objects.values("kind", "prefix").distinct().count()
    print(
        f"Prefix lists: {wall:.1f} s wall, {cpu_seconds() - cpu:.1f} s CPU here; "
        f"{PrefixEntry.objects.count():,} entries in {lists:,} lists, "
        f"{prefix_table_bytes() / 1e6:.1f} MB with indexes"
    )


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
    parser.add_argument(
        "--build-prefixes", action="store_true", help="rebuild the prefix lists first"
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="suggestions with the engine alone, then with the prefix lists",
    )
    parser.add_argument(
        "--page-cache",
        action="store_true",
        help="leave the page cache on (off by default: repeated requests would hit it)",
    )
    args = parser.parse_args()
    setup(page_cache=args.page_cache)

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
        stages: dict[str, float] = {}
        report = search_rebuild(
            progress=lambda stage, done, total: stages.setdefault(
                stage, time.perf_counter()
            )
        )
        ended = time.perf_counter()
        print(
            f"Rebuild: {ended - started:.1f} s wall, "
            f"{cpu_seconds() - cpu:.1f} s CPU in this process; "
            f"{report.films:,} films, {report.people:,} people, {report.terms:,} "
            f"words; index {report.size_bytes / 1e6:.1f} MB, of which prefix lists "
            f"{prefix_table_bytes() / 1e6:.1f} MB"
        )
        marks = [*stages.items(), ("end", ended)]
        print(
            "  stages: "
            + ", ".join(
                f"{stage} {following - began:.1f} s"
                for (stage, began), (_next, following) in itertools.pairwise(marks)
            )
        )
    else:
        print(f"Index size: {get_backend().index_size() / 1e6:.1f} MB")
    if args.build_prefixes:
        build_prefixes()

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
    prefixes = list(dict.fromkeys([*prefixes, *EXTRA_PREFIXES]))
    api_urls = [f"/api/v1/search?{urlencode({'q': q})}" for q in queries]
    if args.compare:
        from unittest import mock

        with mock.patch("cinematheque.search.prefixes.served_word", return_value=None):
            suggestions(client, prefixes, args.rounds, " (engine)")
        SLOWEST.clear()
    suggestions(client, prefixes, args.rounds, "")
    print(describe("API search", *measure(client, api_urls, args.rounds)))
    print("Slowest requests (worst of the rounds):")
    for url, seconds in sorted(SLOWEST.items(), key=lambda item: -item[1])[:8]:
        print(f"  {seconds * 1000:7.2f} ms  {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
