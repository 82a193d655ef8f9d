"""What the catalogue's pages show, for the whole-page cache, and what each change
to the catalogue makes them forget (discovered by `PagesConfig.ready()`)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed
from django.http import HttpRequest

from cinematheque.catalogue.changes import film_facets_receiver
from cinematheque.catalogue.models import (
    Film,
    FilmGenre,
    FilmRelation,
    Genre,
    ReviewScore,
    Source,
    Video,
    WatchOffer,
)
from cinematheque.pages.cache import (
    COLLECTIONS,
    LISTS,
    RECOMMENDATIONS,
    film_key,
    forget_on_change,
    page_cache_forget,
    register_cached_page,
)


def lists(request: HttpRequest, **kwargs: Any) -> list[str]:
    return [LISTS]


# Each process remembers the film id of the slugs it has served, so that a miss on a
# film page (the first visit after a change) reads the film once, in the view, and
# not first here. The view confirms the id with the film it renders.
FILM_IDS_KEPT = 50_000
_film_ids: dict[str, int] = {}


def film_page(request: HttpRequest, slug: str) -> list[str]:
    film_id = _film_ids.get(slug)
    if film_id is None:
        film_id = Film.objects.filter(slug=slug).values_list("pk", flat=True).first()
        if film_id is None:
            return []
        _remember_film_id(slug, film_id)
    return [film_key(film_id), RECOMMENDATIONS]


def _remember_film_id(slug: str, film_id: int) -> None:
    if len(_film_ids) >= FILM_IDS_KEPT:
        _film_ids.clear()
    _film_ids[slug] = film_id


def forget_film_ids() -> None:
    """Drop this process's slug → id memo (the database was replaced: tests)."""
    _film_ids.clear()


def film_id_confirmed(slug: str, film_id: int) -> bool:
    """Whether the page of `slug` was cached under this film's versions: False (and
    the id corrected) when another film has taken the slug since this process
    remembered it, so that the page just rendered is not stored."""
    known = _film_ids.get(slug)
    if known == film_id:
        return True
    _remember_film_id(slug, film_id)
    return known is None


register_cached_page("catalogue:home", lambda request: [LISTS, COLLECTIONS])
register_cached_page("catalogue:film_list", lists)
register_cached_page("catalogue:genre_list", lists)
register_cached_page("catalogue:genre", lists)
register_cached_page("catalogue:keyword", lists)
register_cached_page("catalogue:film", film_page)


def film_changed(film: Film) -> None:
    """The film's page, the pages of the people in its credits (their
    filmographies show its title and year), lists, sitemaps and search results."""
    people = film.credits.values_list("person_id", flat=True) if film.pk else []
    page_cache_forget(
        films=[film.pk],
        people=set(people),
        lists=True,
        sitemaps=True,
        search=True,
    )


def film_part_changed(part: ReviewScore | Video | WatchOffer) -> None:
    page_cache_forget(films=[part.film_id], lists=isinstance(part, ReviewScore))


def film_genre_changed(row: FilmGenre) -> None:
    page_cache_forget(films=[row.film_id], lists=True, search=True)


def relation_changed(relation: FilmRelation) -> None:
    page_cache_forget(films=[relation.from_film_id, relation.to_film_id])


def named_changed(instance: Genre | Source) -> None:
    """A genre's or a source's name appears on every page of its films."""
    page_cache_forget(everything=True)


def facets_changed(film_ids: set[int]) -> None:
    """Genres, countries, languages or companies added to or removed from films."""
    page_cache_forget(films=film_ids, lists=True, search=True)


def facet_cleared(facet: Any) -> None:
    """`genre.films.clear()`: the films are already unlinked, so every page goes."""
    page_cache_forget(everything=True)


film_facets_changed = film_facets_receiver(facets_changed, facet_cleared)


forget_on_change(Film, film_changed)
forget_on_change(ReviewScore, film_part_changed)
forget_on_change(Video, film_part_changed)
forget_on_change(WatchOffer, film_part_changed)
forget_on_change(FilmRelation, relation_changed)
forget_on_change(FilmGenre, film_genre_changed)
forget_on_change(Genre, named_changed)
forget_on_change(Source, named_changed)
for _field in ("genres", "countries", "languages", "companies", "keywords"):
    _through = getattr(Film, _field).through
    m2m_changed.connect(
        film_facets_changed,
        sender=_through,
        dispatch_uid=f"pagecache:{_through._meta.label}",
    )
