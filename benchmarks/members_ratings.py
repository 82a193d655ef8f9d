"""Members' ratings, server-side, through the whole Django stack (middleware, the
page cache, sessions, CSRF off as for any in-process client):

1. rating a film: the film page's star widget (POST to the personal endpoint) and
   the API (PUT /api/v1/me/ratings/{slug}), each request a new rating or a change,
   spread over many members and films;
2. the film page for a signed-in member: the cached page (after one visitor render)
   plus the personal call that fills in their own rating, watched, watchlist;
3. a film with 10,000 ratings: its page renders from the stored counters, in the
   same number of queries and about the same time as a film nobody rated.

    python benchmarks/members_ratings.py [--data-dir DIR] [-n 600]

Without --data-dir a temporary SQLite database is created, migrated and filled
(members and films only: the catalogue's size does not change these paths). The
default cache is the file cache in the data directory, as `cinematheque serve` runs.
Target (issue 10): rating p95 <= 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEMBERS = 60
FILMS = 40
MANY_RATINGS = 10_000


def setup_django(data_dir: Path) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["CINEMATHEQUE_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cinematheque.settings")
    os.environ.setdefault("DEBUG", "0")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as `serve` does


def percentiles(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (
        f"p50 {statistics.median(ordered):6.2f} ms  p95 {p95:6.2f} ms  "
        f"max {ordered[-1]:6.2f} ms  (n={len(ordered)})"
    )


CPU_MS: list[float] = []
"""Process CPU time of each timed call, in order: on a shared machine the wall time
includes waiting for a core; the CPU time does not."""


def timed(call: Callable[[], object]) -> float:
    start, cpu = time.perf_counter(), time.process_time()
    call()
    CPU_MS.append((time.process_time() - cpu) * 1000)
    return (time.perf_counter() - start) * 1000


def cpu_of(count: int) -> list[float]:
    """CPU times of the last `count` timed calls."""
    return CPU_MS[-count:]


def make_world() -> tuple[list, list]:
    from django.contrib.auth import get_user_model

    from cinematheque.catalogue.models import Film

    user_model = get_user_model()
    prefix = f"bench-{int(time.time())}"
    Film.objects.bulk_create(
        [
            Film(title=f"Bench film {n}", year=1990 + n % 30, slug=f"{prefix}-film-{n}")
            for n in range(FILMS)
        ]
    )
    members = user_model.objects.bulk_create(
        [
            user_model(username=f"{prefix}-member-{n}", password="!")  # noqa: S106 - unusable
            for n in range(MEMBERS)
        ]
    )
    return members, list(Film.objects.filter(slug__startswith=prefix))


def check(response) -> None:
    if response.status_code != 200:
        raise SystemExit(f"HTTP {response.status_code}: {response.content[:300]!r}")


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    # The first request builds the client's handler (WhiteNoise scans the static
    # files): a server does that once per process, not per member.
    client.get("/robots.txt")
    return client


def bench_rating(members: list, films: list, requests: int) -> None:
    chance = random.Random(10)
    clients = [client_for(member) for member in members]
    widget, api = [], []
    widget_cpu, api_cpu = [], []
    for n in range(requests):
        client, film = chance.choice(clients), chance.choice(films)
        body = {"rating": chance.randint(1, 10)}
        if n % 2:
            url = f"/personal/films/{film.slug}/"

            def post(client=client, url=url, body=body) -> None:
                response = client.post(url, json.dumps(body), "application/json")
                check(response)

            widget.append(timed(post))
            widget_cpu.append(CPU_MS[-1])
        else:
            url = f"/api/v1/me/ratings/{film.slug}"

            def put(client=client, url=url, body=body) -> None:
                response = client.put(url, json.dumps(body), "application/json")
                check(response)

            api.append(timed(put))
            api_cpu.append(CPU_MS[-1])
    print(
        "1. Rating a film (a new rating or a change; counters updated, page forgotten)"
    )
    print(f"   film page widget  POST /personal/films/…  {percentiles(widget)}")
    print(f"                                      CPU  {percentiles(widget_cpu)}")
    print(f"   API  PUT /api/v1/me/ratings/…            {percentiles(api)}")
    print(f"                                      CPU  {percentiles(api_cpu)}")


def bench_member_page(members: list, films: list, requests: int) -> None:
    from django.test import Client

    film = films[0]
    url = film.get_absolute_url()
    member = client_for(members[0])
    visitor = Client()
    visitor.get("/robots.txt")
    check(visitor.get(url))  # renders and stores the page
    pages, personal = [], []
    pages_cpu, personal_cpu = [], []
    states = set()
    for _ in range(requests):

        def page() -> None:
            response = member.get(url)
            states.add(response.get("X-Cache", "rendered"))

        def fields() -> None:
            check(member.get(f"/personal/films/{film.slug}/"))

        pages.append(timed(page))
        pages_cpu.append(CPU_MS[-1])
        personal.append(timed(fields))
        personal_cpu.append(CPU_MS[-1])
    print("2. Film page for a signed-in member")
    print(f"   page (X-Cache: {', '.join(sorted(states))})       {percentiles(pages)}")
    print(f"                                    CPU  {percentiles(pages_cpu)}")
    print(f"   personal call GET /personal/films/…   {percentiles(personal)}")
    print(f"                                    CPU  {percentiles(personal_cpu)}")
    both = [a + b for a, b in zip(pages, personal, strict=True)]
    print(f"   both                                  {percentiles(both)}")


def bench_many_ratings(films: list, requests: int) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cinematheque.members.models import Rating
    from cinematheque.members.ratings import rating_summaries_rebuild

    many, none = films[-1], films[-2]
    user_model = get_user_model()
    raters = user_model.objects.bulk_create(
        [
            user_model(username=f"{many.slug}-rater-{n}", password="!")  # noqa: S106 - unusable
            for n in range(MANY_RATINGS)
        ]
    )
    Rating.objects.filter(film=many).delete()
    Rating.objects.bulk_create(
        [
            Rating(user=rater, film=many, value=n % 10 + 1)
            for n, rater in enumerate(raters)
        ]
    )
    rating_summaries_rebuild(film_ids=[many.pk])
    settings.PAGE_CACHE_ENABLED = False  # time the render itself
    client = Client()
    client.get("/robots.txt")  # builds the handler, as client_for() does
    results = {}
    for film in (none, many):
        url = film.get_absolute_url()
        client.get(url)  # warm the prepared queries
        reset_queries()  # a full log (9,000 entries) would hide new ones
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        count = len(queries.captured_queries)
        samples = [timed(lambda url=url: client.get(url)) for _ in range(requests)]
        results[film.pk] = (count, samples, cpu_of(requests))
    settings.PAGE_CACHE_ENABLED = True
    print(f"3. Film page render, page cache off ({requests} renders each)")
    for film, label in ((none, "no ratings     "), (many, f"{MANY_RATINGS:,} ratings")):
        count, samples, cpu = results[film.pk]
        print(f"   {label}  {count} queries  {percentiles(samples)}")
        print(f"                          CPU  {percentiles(cpu)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, help="an existing data directory")
    parser.add_argument("-n", type=int, default=600, help="requests per measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        setup_django(args.data_dir or Path(temporary))
        members, films = make_world()
        print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        bench_rating(members, films, args.n)
        bench_member_page(members, films, args.n // 2)
        bench_many_ratings(films, args.n // 6)


if __name__ == "__main__":
    main()
