"""GET /films (browse), /films/{film_id} and /films/by-slug/{slug}."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from ninja import Path, Query, Router

from cinematheque.api.caching import public_cache
from cinematheque.api.film_filters import ON_MY_SERVICES_QUERY, narrowed
from cinematheque.api.routers.params import MAX_ID, SLUG_PATTERN
from cinematheque.api.schemas.errors import ErrorOut
from cinematheque.api.schemas.films import FilmListIn, FilmListOut, FilmOut
from cinematheque.catalogue.browse import BrowseParams
from cinematheque.catalogue.certifications import content_limit_for
from cinematheque.catalogue.models import Film, Genre
from cinematheque.catalogue.pagination import capped_slice

router = Router(tags=["films"])
router.add_decorator(public_cache, mode="view")


@router.get(
    "",
    response={200: FilmListOut, 400: ErrorOut, 401: ErrorOut},
    operation_id="listFilms",
    url_name="film_list",
    summary="List films",
    description=(
        "Films filtered and sorted exactly like the /films/ browse page, `limit` per "
        "page from `offset`. `count` is the number of films matching the filters, "
        "up to 10,000: a list is paged through its first 10,000 films."
    ),
)
def list_films(
    request: HttpRequest,
    filters: Query[FilmListIn],
    on_my_services: bool = ON_MY_SERVICES_QUERY,
) -> dict:
    params = BrowseParams.parse(filters.browse_data())
    limit = content_limit_for(request)
    listed = params.apply(Film.objects.for_listing().within_content_limit(limit))
    films = narrowed(request, listed, on_my_services=on_my_services)
    # Unless a member's own filter narrowed it, the count is the same for everyone.
    count, capped, page = capped_slice(
        films, filters.offset, filters.limit, shared=films is listed
    )
    items = list(
        page.prefetch_related(
            Prefetch("genres", queryset=Genre.objects.only("slug", "name"))
        )
    )
    return {
        "count": count,
        "count_capped": capped,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": items,
    }


@router.get(
    "/by-slug/{slug}",
    response={200: FilmOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    operation_id="getFilmBySlug",
    url_name="film_by_slug",
    summary="Get a film by slug",
    description=(
        "The same document as `getFilm`, looked up by the slug of the film's page "
        "(`heat-1995` for /films/heat-1995/)."
    ),
)
def get_film_by_slug(
    request: HttpRequest,
    slug: str = Path(
        ..., max_length=255, pattern=SLUG_PATTERN, description="e.g. 'heat-1995'."
    ),
) -> Film:
    return _film_or_404(
        request, _films().filter(slug=slug), f"No film with slug {slug!r}."
    )


@router.get(
    "/{film_id}",
    response={200: FilmOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    operation_id="getFilm",
    url_name="film",
    summary="Get a film",
    description=(
        "Every fact about a film with its cast (in billing order), crew, review "
        "scores, related films and the sources of the data with their licences. "
        "`/films/by-slug/{slug}` returns the same document by page slug."
    ),
)
def get_film(
    request: HttpRequest,
    film_id: int = Path(..., ge=1, le=MAX_ID, description="The film's id."),
) -> Film:
    return _film_or_404(
        request, _films().filter(pk=film_id), f"No film with id {film_id}."
    )


def _films() -> QuerySet[Film]:
    return Film.objects.with_page_relations()


def _film_or_404(request: HttpRequest, films: QuerySet[Film], message: str) -> Film:
    film = films.first()
    if film is None:
        raise Http404(message)
    limit = content_limit_for(request)
    if limit is not None and not limit.allows_film(film):
        raise PermissionDenied(
            f"This film is hidden by your account's content limit ({limit.label})."
        )
    return film
