"""Every kind of public page and API list on a large catalogue, server-side, uncached
and from the cache, with the database's plans of the slowest queries.

    DATABASE_URL=postgres://…/cine_1m CINEMATHEQUE_DATA_DIR=DIR \\
        python benchmarks/pages_at_scale.py [-n 20] [--only film,browse] [--explain 5]
        [--cold | --changed]

Issue 13 asks, at 1,000,000 films: p95 server-side ≤ 100 ms uncached and ≤ 5 ms from
the cache for the film page, the person page of a prolific actor, browse with every
filter and sort, genre pages and every API list, and no query that scans the film table
for a page. Each page is requested in-process through Django's test client (the whole
middleware stack, no network) with a memory cache: uncached means the page cache off
(a first visit after a change to the page; the lists it reads stay warm, or are
emptied with --cold, or forgotten with --changed as a change to a listed film does),
cached means the copy the previous request stored. Every SQL statement is timed; the slowest five distinct statements get
`EXPLAIN (ANALYZE, BUFFERS)`, and every distinct statement's plan is searched for a
sequential scan of a large table.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._harness import percentiles, setup_django

LARGE_TABLES = (
    "catalogue_film",
    "people_person",
    "people_credit",
    "catalogue_filmgenre",
    "catalogue_film_genres",
)


@dataclass
class Statement:
    sql: str
    params: Any
    milliseconds: float
    page: str


@dataclass
class Recorder:
    """Times every SQL statement the pages run (a connection execute wrapper)."""

    page: str = ""
    statements: list[Statement] = field(default_factory=list)

    def __call__(
        self, execute: Callable, sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = (time.perf_counter() - start) * 1000
            self.statements.append(Statement(sql, params, elapsed, self.page))


def page_groups() -> dict[str, list[str]]:
    """The URLs of each kind of page, chosen from the catalogue itself."""
    from django.db import connection

    from cinematheque.catalogue.browse import SORTS
    from cinematheque.catalogue.models import Country, Film, Genre

    heat = Film.objects.filter(slug="heat-1995").values_list("id", "slug").first()
    notable = list(Film.objects.order_by("-notability").values_list("id", "slug")[:2])
    obscure = list(Film.objects.order_by("notability").values_list("id", "slug")[:2])
    films = [film for film in [heat, *notable, *obscure] if film]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.slug FROM people_person p JOIN ("
            "SELECT person_id FROM people_credit GROUP BY person_id "
            "ORDER BY COUNT(*) DESC LIMIT 2) top ON top.person_id = p.id"
        )
        prolific = [row[0] for row in cursor.fetchall()]
    genres = list(Genre.objects.order_by("id").values_list("slug", flat=True)[:4])
    country = Country.objects.values_list("slug", flat=True).first() or "united-states"
    filters = [
        "",
        f"genre={genres[0]}",
        "decade=1990",
        f"genre={genres[0]}&decade=1990",
        "certification=R",
        f"country={country}",
    ]
    browse = [
        f"/films/?{f}&sort={s}".replace("?&", "?") for f in filters for s in SORTS
    ]
    browse += ["/films/?page=50", f"/films/?genre={genres[1]}&page=200"]
    api = [
        f"/api/v1/films?{f}&sort={s}&limit=20".replace("?&", "?")
        for f in filters
        for s in SORTS
    ]
    api += ["/api/v1/films?offset=5000&limit=100", "/api/v1/collections"]
    api += [f"/api/v1/films/{film_id}/similar" for film_id, _ in films[:3]]
    api += [f"/api/v1/people/by-slug/{slug}" for slug in prolific]
    return {
        "film": [f"/films/{slug}/" for _, slug in films],
        "person": [f"/people/{slug}/" for slug in prolific],
        "browse": browse,
        "genre": [f"/genres/{slug}/" for slug in genres]
        + [f"/genres/{genres[0]}/?sort={s}" for s in SORTS]
        + [f"/genres/{genres[0]}/?page=100", "/genres/"],
        "home": ["/"],
        "api": api,
        "sitemap": [
            "/sitemap.xml",
            "/sitemap-films.xml?p=1",
            "/sitemap-films.xml?p=100",
            "/sitemap-people.xml?p=300",
        ],
    }


@contextmanager
def recording(recorder: Recorder) -> Iterator[None]:
    from django.db import connection

    with connection.execute_wrapper(recorder):
        yield


def measure(
    client: Any,
    url: str,
    *,
    cached: bool,
    rounds: int,
    cold: bool = False,
    changed: bool = False,
) -> tuple[list[float], int]:
    """Server-side milliseconds of `rounds` requests of `url`. Uncached: with the
    page cache off, as a first visit after a change meets it (the other caches, such
    as the lists a page keeps, stay warm); `cold` empties every cache first;
    `changed` forgets the lists first, as any change to a listed film does (lists
    slow to build are then served in their previous version while they build:
    CINEMATHEQUE_LISTS_GRACE_MS)."""
    from django.conf import settings
    from django.core.cache import cache

    from cinematheque.pages.cache import page_cache_forget

    samples = []
    status = 0
    settings.PAGE_CACHE_ENABLED = cached
    client.get(url)  # warm the process (and, for `cached`, store the copy)
    for _ in range(rounds):
        if cold:
            cache.clear()
        if changed:
            page_cache_forget(lists=True)
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        status = response.status_code
    return samples, status


def explain(statement: Statement, *, analyze: bool) -> str:
    from django.db import connection

    options = "ANALYZE, BUFFERS" if analyze else "COSTS OFF"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ({options}) {statement.sql}", statement.params)
        return "\n".join(row[0] for row in cursor.fetchall())


def scans_of_large_tables(plan: str) -> list[str]:
    return [
        table for table in LARGE_TABLES if re.search(rf"Seq Scan on {table}\b", plan)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "-n", "--rounds", type=int, default=20, help="requests per URL (20)"
    )
    parser.add_argument("--only", default="", help="comma-separated page kinds")
    parser.add_argument(
        "--explain", type=int, default=5, help="slowest statements to EXPLAIN"
    )
    parser.add_argument(
        "--cold", action="store_true", help="empty every cache before each request"
    )
    parser.add_argument(
        "--changed",
        action="store_true",
        help="forget the lists before each request (a change to a listed film)",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("CACHE_URL", "locmem://")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ.setdefault("CINEMATHEQUE_METRICS", "0")
    setup_django(Path(os.environ["CINEMATHEQUE_DATA_DIR"]))
    from django.db import connection
    from django.test import Client

    client = Client()
    groups = page_groups()
    only = {kind for kind in args.only.split(",") if kind}
    recorder = Recorder()
    print(
        f"database: {connection.vendor}, films: {_count('catalogue_film'):,}, "
        f"people: {_count('people_person'):,}, credits: {_count('people_credit'):,}"
    )
    for kind, urls in groups.items():
        if only and kind not in only:
            continue
        uncached: list[float] = []
        cached: list[float] = []
        worst = ("", 0.0)
        for url in urls:
            recorder.page = url
            with recording(recorder):
                samples, status = measure(
                    client,
                    url,
                    cached=False,
                    rounds=args.rounds,
                    cold=args.cold,
                    changed=args.changed,
                )
            uncached += samples
            ordered = sorted(samples)
            p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
            if p95 > worst[1]:
                worst = (f"{url} ({status})", p95)
            cached += measure(client, url, cached=True, rounds=args.rounds)[0]
        print(f"{kind:8} {len(urls):3} URLs  uncached {percentiles(uncached)}")
        print(f"{'':8} {'':9} cached   {percentiles(cached)}")
        print(f"{'':8} {'':9} worst uncached p95: {worst[0]} {worst[1]:.1f} ms")
    report_statements(recorder.statements, args.explain)
    return 0


def report_statements(statements: list[Statement], slowest: int) -> None:
    from django.db import connection

    distinct: dict[str, Statement] = {}
    for statement in statements:
        kept = distinct.get(statement.sql)
        if kept is None or statement.milliseconds > kept.milliseconds:
            distinct[statement.sql] = statement
    print(f"\n{len(statements):,} statements, {len(distinct):,} distinct")
    if connection.vendor != "postgresql":
        return
    scanning = []
    for statement in distinct.values():
        tables = scans_of_large_tables(explain(statement, analyze=False))
        if tables:
            scanning.append((statement, tables))
    print(f"statements whose plan scans a large table: {len(scanning)}")
    for statement, tables in scanning:
        print(f"  {', '.join(tables)} on {statement.page}: {statement.sql[:300]}")
    ranked = sorted(distinct.values(), key=lambda s: -s.milliseconds)[:slowest]
    for number, statement in enumerate(ranked, 1):
        print(f"\n#{number}: {statement.milliseconds:.1f} ms on {statement.page}")
        print(statement.sql[:1500])
        print(explain(statement, analyze=True))


def _count(table: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table]
            )
        else:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (a constant)
        row = cursor.fetchone()
        return int(row[0]) if row else 0


if __name__ == "__main__":
    sys.exit(main())
