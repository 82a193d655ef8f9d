"""The "on my services" filter, server-side, through the whole Django stack
(middleware, the page cache, sessions), on a catalogue with streaming offers:

1. /films/ for a signed-in member: the shared cached copy (no filter) against the
   page rendered for them with ?on_my_services=true (EXISTS over the watch offers
   of their region and services);
2. the same filter on the API's film list (a member's token);
3. a watchlist of 500 films, with and without the filter.

    python benchmarks/on_my_services.py [--films 20000] [-n 60]

A temporary SQLite database is created, migrated and filled: `--films` films, each
with streaming offers from 3 of 20 services in 3 countries, and rentals.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

from _harness import percentiles, setup_django, timed

SERVICES = 20
COUNTRIES = ("US", "FR", "GB")
WATCHLIST = 500


def make_world(films: int):
    from django.contrib.auth import get_user_model

    from cinematheque.catalogue.models import Film, WatchOffer
    from cinematheque.members.models import WatchlistEntry
    from cinematheque.watch.models import MemberService

    chance = random.Random(7)
    Film.objects.bulk_create(
        [
            Film(
                title=f"Bench film {n}",
                year=1940 + n % 80,
                slug=f"bench-film-{n}",
                notability=chance.random() * 100,
            )
            for n in range(films)
        ],
        batch_size=2000,
    )
    film_ids = list(Film.objects.values_list("pk", flat=True))
    offers = [
        WatchOffer(
            film_id=film_id,
            country=country,
            kind=chance.choice(["flatrate", "free", "ads", "rent"]),
            provider=f"Service {provider}",
            provider_id=str(provider),
            display_priority=provider,
        )
        for film_id in film_ids
        for country in COUNTRIES
        for provider in chance.sample(range(1, SERVICES + 1), 3)
    ]
    WatchOffer.objects.bulk_create(offers, batch_size=5000)
    member = get_user_model().objects.create(username="bench", password="!")  # noqa: S106 - unusable
    MemberService.objects.bulk_create(
        [
            MemberService(user=member, provider_id=str(p), provider=f"Service {p}")
            for p in (1, 2, 3)
        ]
    )
    WatchlistEntry.objects.bulk_create(
        [
            WatchlistEntry(user=member, film_id=film_id)
            for film_id in chance.sample(film_ids, WATCHLIST)
        ]
    )
    return member, len(offers)


def client_for(member):
    from django.test import Client

    client = Client()
    client.force_login(member)
    client.get("/robots.txt")  # builds the handler once, as a server process does
    return client


def measure(client, url: str, requests: int, **headers: str) -> list[float]:
    def get() -> None:
        response = client.get(url, **headers)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")

    get()  # the first render fills the shared copy and the process's memos
    return [timed(get) for _ in range(requests)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--films", type=int, default=20_000, help="films to create")
    parser.add_argument("-n", type=int, default=60, help="requests per measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cinematheque-bench-") as data_dir:
        setup_django(Path(data_dir))
        from django.test import Client

        from cinematheque.members.tokens import token_create

        start = time.perf_counter()
        member, offers = make_world(args.films)
        print(
            f"{args.films:,} films, {offers:,} watch offers, made in "
            f"{time.perf_counter() - start:.1f} s; load average "
            f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
        )
        Client().get("/films/")  # a visitor's render is the shared copy
        client = client_for(member)
        print("1. /films/ for a signed-in member")
        print(
            f"   shared copy                    {percentiles(measure(client, '/films/', args.n))}"
        )
        filtered = measure(client, "/films/?on_my_services=true", args.n)
        print(f"   ?on_my_services=true           {percentiles(filtered)}")
        token = {"HTTP_AUTHORIZATION": f"Bearer {token_create(member).plain}"}
        api = Client()
        print("2. GET /api/v1/films with a token")
        print(
            f"   no filter                      {percentiles(measure(api, '/api/v1/films', args.n, **token))}"
        )
        print(
            f"   ?on_my_services=true           {percentiles(measure(api, '/api/v1/films?on_my_services=true', args.n, **token))}"
        )
        print(f"3. /me/watchlist/ ({WATCHLIST} films)")
        print(
            f"   no filter                      {percentiles(measure(client, '/me/watchlist/', args.n))}"
        )
        print(
            f"   ?on_my_services=true           {percentiles(measure(client, '/me/watchlist/?on_my_services=true', args.n))}"
        )


if __name__ == "__main__":
    main()
