"""GET /search: films and people for a free-text query, best match first."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from cinematheque.api.caching import public_cache
from cinematheque.api.film_filters import ON_MY_SERVICES_QUERY, kept_films
from cinematheque.api.schemas.errors import ErrorOut
from cinematheque.api.schemas.search import SearchIn, SearchOut
from cinematheque.catalogue.browse import BrowseParams
from cinematheque.catalogue.certifications import content_limit_for
from cinematheque.search.engine import Hit, search

router = Router(tags=["search"])
router.add_decorator(public_cache, mode="view")


@router.get(
    "",
    response={200: SearchOut, 400: ErrorOut, 401: ErrorOut},
    operation_id="search",
    url_name="search",
    summary="Search films and people",
    description=(
        "The ranking of the site's search box: exact titles before partial ones, "
        "the year in the query decides between remakes, well-known films before "
        "obscure namesakes, people by name. Accents, case and punctuation are "
        "ignored and typing mistakes corrected. A genre or decade restricts the "
        "results to films, and so does `on_my_services`."
    ),
)
def search_catalogue(
    request: HttpRequest,
    params: Query[SearchIn],
    on_my_services: bool = ON_MY_SERVICES_QUERY,
) -> dict[str, Any]:
    browse = BrowseParams.parse({"genre": params.genre, "decade": params.decade})
    results = search(
        params.q,
        kind=params.type,
        genre=browse.genre,
        decade=browse.decade,
        content_limit=content_limit_for(request),
        keep_films=kept_films(request, on_my_services=on_my_services),
    )
    corrected = results.corrected_query if results.corrections else None
    return {
        "query": " ".join(results.query.words),
        "corrected_query": corrected,
        "count": results.total,
        "limit": params.limit,
        "offset": params.offset,
        "items": [
            _item(hit) for hit in results.page(offset=params.offset, limit=params.limit)
        ],
    }


def _item(hit: Hit) -> dict[str, Any]:
    if hit.film:
        return {
            "type": "film",
            "id": hit.id,
            "slug": hit.slug,
            "url": hit.url,
            "title": hit.film.title,
            "year": hit.film.year,
            "poster_url": hit.poster_url,
        }
    person = hit.person
    assert person is not None  # noqa: S101 (a hit is a film or a person)
    known_for = None
    if person.known_for_slug:
        known_for = {
            "title": person.known_for_title,
            "year": person.known_for_year,
            "url": hit.known_for_url,
        }
    return {
        "type": "person",
        "id": hit.id,
        "slug": hit.slug,
        "url": hit.url,
        "name": person.name,
        "known_for": known_for,
    }
