"""What each public API operation returns, for the whole-page cache (discovered by
`PagesConfig.ready()`); the owning apps' modules forget the keys on change."""

from __future__ import annotations

from django.http import HttpRequest

from cinematheque.catalogue.models import Film
from cinematheque.editorial.models import Collection
from cinematheque.pages.cache import (
    COLLECTIONS,
    LISTS,
    RECOMMENDATIONS,
    SEARCH,
    collection_key,
    film_key,
    person_key,
    register_cached_page,
)
from cinematheque.people.models import Person


def _id(value: str) -> int | None:
    """The id in the path, or None for what the operation will refuse anyway."""
    if not (value.isascii() and value.isdecimal() and len(value) <= 18):
        return None
    return int(value)


def film(request: HttpRequest, film_id: str) -> list[str] | None:
    pk = _id(film_id)
    return None if pk is None else [film_key(pk), RECOMMENDATIONS]


def film_by_slug(request: HttpRequest, slug: str) -> list[str]:
    pk = Film.objects.filter(slug=slug).values_list("pk", flat=True).first()
    return [] if pk is None else [film_key(pk), RECOMMENDATIONS]


def person(request: HttpRequest, person_id: str) -> list[str] | None:
    pk = _id(person_id)
    return None if pk is None else [person_key(pk)]


def person_by_slug(request: HttpRequest, slug: str) -> list[str]:
    pk = Person.objects.filter(slug=slug).values_list("pk", flat=True).first()
    return [] if pk is None else [person_key(pk)]


def collection(request: HttpRequest, slug: str) -> list[str]:
    pk = Collection.objects.filter(slug=slug).values_list("pk", flat=True).first()
    return [] if pk is None else [collection_key(pk)]


register_cached_page("api-v1:film_list", lambda request: [LISTS])
register_cached_page("api-v1:film", film)
register_cached_page("api-v1:film_by_slug", film_by_slug)
register_cached_page("api-v1:film_similar", film)
register_cached_page("api-v1:film_reviews", film_by_slug)
register_cached_page("api-v1:person", person)
register_cached_page("api-v1:person_by_slug", person_by_slug)
register_cached_page("api-v1:collection_list", lambda request: [COLLECTIONS])
register_cached_page("api-v1:collection", collection)
register_cached_page("api-v1:search", lambda request: [SEARCH])
