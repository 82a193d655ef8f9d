"""Film cards: what the home page and the film lists (browse, genre, keyword) show of
each film, read as plain rows in three queries for a whole list.

A card is its film's title, year, address, poster, first director and Tomatometer.
The lists read them as tuples rather than as model instances with prefetched credits,
people and scores: on a browse page of 24 films that was about a hundred model
instances and two prefetches, the largest part of its uncached render.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from cinematheque.catalogue.images import (
    CARD_POSTER_WIDTH,
    ImageConfiguration,
    tmdb_image_configuration,
)
from cinematheque.catalogue.links import slug_url_parts
from cinematheque.catalogue.models import Film, ReviewScore
from cinematheque.people.models import Credit


@dataclass(frozen=True, slots=True)
class FilmCard:
    """One film as a card shows it (`catalogue/_film_cards.html`)."""

    title: str
    year: int | None
    url: str
    poster_url: str
    """The TMDB poster when the film has one, else the generated poster."""
    director: str
    """The first-billed director's name; "" when none is known."""
    tomatometer: float | None
    tomatometer_reviews: int | None


def film_cards(films: QuerySet[Film]) -> list[FilmCard]:
    """The cards of `films` (filtered, ordered and sliced as the list shows them), in
    their order: one query for the films' columns, one for their directors, one for
    their Tomatometers (none of the last two for an empty list)."""
    rows = list(films.values_list("id", "title", "year", "slug", "poster_path"))
    if not rows:
        return []
    ids = [row[0] for row in rows]
    directors = first_directors(ids)
    scores = tomatometers(ids)
    film_url, film_url_end = slug_url_parts("catalogue:film")
    posters = PosterUrls()
    return [
        FilmCard(
            title=title,
            year=year,
            url=f"{film_url}{slug}{film_url_end}",
            poster_url=posters.url(slug, poster_path),
            director=directors.get(film_id, ""),
            tomatometer=scores[film_id][0] if film_id in scores else None,
            tomatometer_reviews=scores[film_id][1] if film_id in scores else None,
        )
        for film_id, title, year, slug, poster_path in rows
    ]


def first_directors(film_ids: Iterable[int]) -> dict[int, str]:
    """The first director (by billing order) of each film that has one, by film id."""
    names: dict[int, str] = {}
    for film_id, name in (
        Credit.objects.filter(
            film_id__in=film_ids, department=Credit.Department.DIRECTING
        )
        .order_by("order", "id")
        .values_list("film_id", "person__name")
    ):
        names.setdefault(film_id, name)
    return names


def tomatometers(film_ids: Iterable[int]) -> dict[int, tuple[float, int | None]]:
    """Each film's Tomatometer and its number of reviews, by film id."""
    return {
        film_id: (value, review_count)
        for film_id, value, review_count in ReviewScore.objects.filter(
            film_id__in=film_ids, kind=ReviewScore.Kind.TOMATOMETER
        )
        .order_by()
        .values_list("film_id", "value", "review_count")
    }


class PosterUrls:
    """Card poster URLs for one list: TMDB's image configuration is read once, and
    only when a film of the list has a TMDB poster; the generated poster's address
    is worked out once."""

    def __init__(self) -> None:
        self._configuration: ImageConfiguration | None = None
        self._generated = slug_url_parts("catalogue:poster")

    def url(self, slug: str, poster_path: str) -> str:
        if not poster_path:
            prefix, suffix = self._generated
            return f"{prefix}{slug}{suffix}"
        if self._configuration is None:
            self._configuration = tmdb_image_configuration()
        return self._configuration.url("poster", poster_path, CARD_POSTER_WIDTH)
