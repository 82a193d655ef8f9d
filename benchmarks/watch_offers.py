"""Where to watch, server-side, through the whole Django stack: the region-keyed offers
fragment that the film page loads after it is shown.

1. a miss: the fragment rendered (three queries and the template) for a film with
   offers in 60 countries, 24 offers each, a region at a time;
2. a hit: the same fragment asked again (one query for the film, the HTML from the
   cache);
3. the film page's personal call, which now also names the visitor's region.

    python benchmarks/watch_offers.py [--data-dir DIR] [-n 300]

Without --data-dir a temporary SQLite database is created and migrated. The cache
is the file cache in the data directory, as `cinematheque serve` runs. No target in
the issue: these numbers say what the section costs beside the cached page.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from _harness import percentiles, setup_django, timed

COUNTRIES = 60
KINDS = ("flatrate", "free", "ads", "rent", "buy")
PROVIDERS_PER_KIND = 5


def make_film():
    import datetime

    from django.utils import timezone

    from cinematheque.catalogue.models import Film, WatchOffer, WatchOfferFetch
    from cinematheque.watch.where.countries import COUNTRY_NAMES

    slug = f"bench-offers-{int(time.time())}"
    film = Film.objects.create(title="Bench offers", year=2018, slug=slug, tmdb_id=None)
    countries = sorted(COUNTRY_NAMES)[:COUNTRIES]
    WatchOffer.objects.bulk_create(
        [
            WatchOffer(
                film=film,
                country=country,
                kind=kind,
                provider=f"Service {n}",
                provider_id=str(n),
                logo_path=f"/logo{n}.jpg",
                link=f"https://www.themoviedb.org/movie/1/watch?locale={country}",
                display_priority=n,
            )
            for country in countries
            for kind in KINDS
            for n in range(PROVIDERS_PER_KIND)
        ]
    )
    WatchOfferFetch.objects.create(
        film=film, fetched_at=timezone.now() - datetime.timedelta(days=1)
    )
    return film, countries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="an existing data directory")
    parser.add_argument("-n", type=int, default=300, help="requests per measure")
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="bench-watch-"))
    setup_django(data_dir)
    from django.core.cache import cache
    from django.test import Client

    film, countries = make_film()
    client = Client()
    client.get("/robots.txt")  # builds the handler once, as a server process does

    def get(url: str, **headers: str) -> None:
        response = client.get(url, **headers)
        if response.status_code != 200:
            raise SystemExit(f"HTTP {response.status_code} for {url}")

    base = f"/watch/films/{film.slug}/offers/?region="
    misses, hits, personal = [], [], []
    for n in range(args.n):
        region = countries[n % len(countries)]
        if n % len(countries) == 0:
            cache.clear()  # every region a miss again
        misses.append(timed(lambda region=region: get(base + region)))
        hits.append(timed(lambda region=region: get(base + region)))
        personal.append(
            timed(
                lambda: get(
                    f"/personal/films/{film.slug}/", HTTP_ACCEPT_LANGUAGE="de-DE"
                )
            )
        )
    print(f"offers: {COUNTRIES} countries x {len(KINDS) * PROVIDERS_PER_KIND} offers")
    print(f"fragment, miss (render):  {percentiles(misses)}")
    print(f"fragment, hit (cached):   {percentiles(hits)}")
    print(f"personal fields call:     {percentiles(personal)}")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
