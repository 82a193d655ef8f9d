"""The region-keyed offers fragment in the cache: one rendering per film and region,
kept until the film (a `WatchOffer` save forgets it: catalogue/page_cache.py) or its
fetch time (`WatchOfferFetch`, below) changes. The film page everybody shares never
holds offers, so a new fetch does not render the film page again."""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache

from cinematheque.catalogue.models import WatchOfferFetch
from cinematheque.pages.cache import (
    film_key,
    forget_keys,
    forget_on_change,
    versioned_key,
)

# A bound on memory for fragments nobody asks for; the versions invalidate them.
FRAGMENT_SECONDS = 24 * 3600
FORMAT = 1  # part of the key: a release whose fragment differs ignores the old ones


def offers_key(film_id: int) -> str:
    """The version key of a film's offers fragments."""
    return f"watch-offers:{film_id}"


def watch_offers_forget(*, films: set[int]) -> None:
    """Forget the offers fragments of these films (every region)."""
    forget_keys({offers_key(pk) for pk in films})


def fragment_get_or_render(film_id: int, region: str, render: Callable[[], str]) -> str:
    """The fragment of the film in the region, rendered by `render` on a miss."""
    key = versioned_key(
        f"watch-offers:{FORMAT}:{film_id}:{region}",
        film_key(film_id),
        offers_key(film_id),
    )
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, timeout=FRAGMENT_SECONDS)
    return html


def _fetch_changed(fetch: WatchOfferFetch) -> None:
    watch_offers_forget(films={fetch.film_id})


forget_on_change(WatchOfferFetch, _fetch_changed)
