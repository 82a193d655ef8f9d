"""Time of a member's profile and year in review with a long history.

Builds a throwaway database (SQLite in a temporary data directory, or the database of
DATABASE_URL) with --films films, each with genres, a director and three actors, and
one member who logged --entries diary entries over ten years and rated every film they
saw; then renders the profile page and one year in review --runs times each through
Django's test client, and prints p50/p95 and the number of queries of each.

    python benchmarks/member_profile.py [--films 3000] [--entries 2000] [--runs 30]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(films: int, entries: int, seed: int) -> str:
    """Fill the database; return the member's username."""
    from django.contrib.auth import get_user_model

    from cinematheque.catalogue.models import Film, FilmGenre, Genre
    from cinematheque.members.models import DiaryEntry, Rating, WatchedFilm
    from cinematheque.people.models import Credit, Person

    rng = random.Random(seed)
    genres = [
        Genre.objects.create(name=f"Genre {n}", slug=f"genre-{n}") for n in range(20)
    ]
    people = Person.objects.bulk_create(
        Person(name=f"Person {n}", slug=f"person-{n}") for n in range(films)
    )
    catalogue = Film.objects.bulk_create(
        Film(
            title=f"Film {n}",
            slug=f"film-{n}",
            year=rng.randint(1930, 2020),
            runtime=rng.randint(80, 180),
        )
        for n in range(films)
    )
    FilmGenre.objects.bulk_create(
        FilmGenre(film=film, genre=genre)
        for film in catalogue
        for genre in rng.sample(genres, 2)
    )
    credits = []
    for film in catalogue:
        director = rng.choice(people[: films // 10])
        credits.append(
            Credit(film=film, person=director, department="directing", job="Director")
        )
        credits += [
            Credit(film=film, person=actor, department="acting", job="Actor", order=n)
            for n, actor in enumerate(rng.sample(people, 3))
        ]
    Credit.objects.bulk_create(credits, batch_size=2000)
    member = get_user_model().objects.create_user(username="cinephile")
    seen = rng.sample(catalogue, min(entries, films))
    start = datetime.date(2015, 1, 1)
    DiaryEntry.objects.bulk_create(
        DiaryEntry(
            user=member,
            film=seen[n % len(seen)],
            watched_on=start + datetime.timedelta(days=rng.randint(0, 3650)),
            rating=rng.randint(1, 10),
        )
        for n in range(entries)
    )
    WatchedFilm.objects.bulk_create(WatchedFilm(user=member, film=f) for f in seen)
    Rating.objects.bulk_create(
        Rating(user=member, film=f, value=rng.randint(1, 10)) for f in seen
    )
    return member.username


def measure(client, url: str, runs: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.status_code  # noqa: S101
    timings.sort()
    p95 = timings[max(0, round(len(timings) * 0.95) - 1)]
    return statistics.median(timings), p95, len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--films", type=int, default=3000, help="films in the catalogue"
    )
    parser.add_argument("--entries", type=int, default=2000, help="diary entries")
    parser.add_argument("--runs", type=int, default=30, help="requests per page")
    parser.add_argument("--seed", type=int, default=7, help="random seed")
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    # The test settings: static files without a collected manifest, a local cache.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ.setdefault("CINEMATHEQUE_DATA_DIR", tempfile.mkdtemp())
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    username = build(args.films, args.entries, args.seed)
    print(
        f"built {args.films} films, {args.entries} diary entries "
        f"in {time.perf_counter() - began:.1f} s"
    )
    client = Client()
    for name, url in [
        ("profile", f"/members/{username}/"),
        ("year in review", f"/members/{username}/year/2020/"),
    ]:
        p50, p95, queries = measure(client, url, args.runs)
        print(f"{name:15} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  {queries} queries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
