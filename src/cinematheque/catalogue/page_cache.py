"""What the catalogue's pages show, for the whole-page cache, and what each change
to the catalogue makes them forget (discovered by `PagesConfig.ready()`)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed
from django.http import HttpRequest

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


def film_page(request: HttpRequest, slug: str) -> list[str]:
    film_id = Film.objects.filter(slug=slug).values_list("pk", flat=True).first()
    return [] if film_id is None else [film_key(film_id), RECOMMENDATIONS]


register_cached_page("catalogue:home", lambda request: [LISTS, COLLECTIONS])
register_cached_page("catalogue:film_list", lists)
register_cached_page("catalogue:genre_list", lists)
register_cached_page("catalogue:genre", lists)
register_cached_page("catalogue:film", film_page)
register_cached_page("catalogue:about", lists)


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


def film_facets_changed(
    sender: type,
    instance: Any,
    action: str,
    reverse: bool,
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    """Genres, countries, languages or companies added to or removed from films."""
    if not action.startswith("post_"):
        return
    if not reverse:
        page_cache_forget(films=[instance.pk], lists=True, search=True)
    elif pk_set:
        page_cache_forget(films=pk_set, lists=True, search=True)
    else:  # genre.films.clear(): the films are already unlinked
        page_cache_forget(everything=True)


forget_on_change(Film, film_changed)
forget_on_change(ReviewScore, film_part_changed)
forget_on_change(Video, film_part_changed)
forget_on_change(WatchOffer, film_part_changed)
forget_on_change(FilmRelation, relation_changed)
forget_on_change(FilmGenre, film_genre_changed)
forget_on_change(Genre, named_changed)
forget_on_change(Source, named_changed)
for _field in ("genres", "countries", "languages", "companies"):
    _through = getattr(Film, _field).through
    m2m_changed.connect(
        film_facets_changed,
        sender=_through,
        dispatch_uid=f"pagecache:{_through._meta.label}",
    )
