"""The search results page and the suggestions the header box shows while typing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from cinematheque.catalogue.browse import BrowseParams
from cinematheque.catalogue.certifications import content_limit_for
from cinematheque.catalogue.film_filters import (
    PersonalFilmFilter,
    film_filter_controls,
    film_filter_notice,
    film_ids_passing,
    is_signed_in,
    requested_filters,
)
from cinematheque.catalogue.models import Film, Genre
from cinematheque.catalogue.parameters import (
    ParameterError,
    check_page_exists,
    parse_page,
)
from cinematheque.search.engine import Hit, search, suggest
from cinematheque.search.text import MAX_QUERY_CHARS, clean_user_text

PER_PAGE = 20
SUGGESTION_MAX_AGE = 60
KINDS = {"film": "Films", "person": "People"}


def _query_text(request: HttpRequest) -> str:
    return clean_user_text(request.GET.get("q", "")).lstrip()[:MAX_QUERY_CHARS]


@require_safe
def results(request: HttpRequest) -> HttpResponse:
    """/search/?q=…&type=&genre=&decade=&page=: films and people, facets, pages."""
    query = _query_text(request).strip()
    kind = request.GET.get("type", "")
    kind = kind if kind in KINDS else ""
    error = ""
    chosen: list[PersonalFilmFilter] = []
    try:
        params = BrowseParams.parse(
            {"genre": request.GET.get("genre"), "decade": request.GET.get("decade")}
        )
        number = parse_page(request.GET.get("page"))
        chosen = requested_filters(request.GET)
    except ParameterError as exc:
        error = exc.message
        params, number = BrowseParams(), 1
    notice = film_filter_notice(request, chosen)
    if not is_signed_in(request):
        chosen = []
    found = search(
        query,
        kind=cast(Any, kind or None),
        genre=params.genre,
        decade=params.decade,
        content_limit=content_limit_for(request),
        keep_films=_kept_by(request, chosen),
    )
    paginator = Paginator(found.hits, PER_PAGE)
    try:
        check_page_exists(number, paginator.num_pages)
    except ParameterError as exc:
        error, number = exc.message, 1
    page = paginator.page(number)
    hits: list[Hit] = list(page.object_list)
    films = Film.objects.with_card_relations().in_bulk(
        [hit.id for hit in hits if hit.film]
    )
    genre_names = dict(Genre.objects.values_list("slug", "name"))
    state = {
        "q": query,
        "type": kind,
        "genre": params.genre,
        "decade": str(params.decade) if params.decade is not None else "",
    } | {film_filter.name: "true" for film_filter in chosen}
    context: dict[str, Any] = {
        "query": query,
        "results": found,
        "page": page,
        "search_query": query,
        "rows": [
            {
                "hit": hit,
                "film": films.get(hit.id) if hit.film else None,
                "genres": [
                    genre_names.get(slug, slug) for slug in hit.film.genres.split()
                ]
                if hit.film
                else [],
            }
            for hit in hits
        ],
        "page_range": page.paginator.get_elided_page_range(
            page.number, on_each_side=2, on_ends=1
        ),
        "error": error,
        "state": state,
        "kind_facets": _facet_links(
            state,
            "type",
            [("", "All", sum(found.type_counts.values()))]
            + [
                (value, label, found.type_counts.get(value, 0))
                for value, label in KINDS.items()
            ],
        ),
        "genre_facets": _facet_links(
            state,
            "genre",
            [
                (slug, genre_names.get(slug, slug), count)
                for slug, count in found.genre_counts[:12]
            ],
            clear_label="Any genre",
        ),
        "decade_facets": _facet_links(
            state,
            "decade",
            [
                (str(decade), f"{decade}s", count)
                for decade, count in found.decade_counts
            ],
            clear_label="Any decade",
        ),
        "page_query": urlencode({k: v for k, v in state.items() if v}),
        "nav": "search",
        # The copy everyone shares (no filter on) cannot tell who can use one.
        "film_filter_controls": film_filter_controls(
            request, chosen=chosen, shared=not chosen, query=state
        ),
        "film_filter_notice": notice,
    }
    status = 400 if error else 200
    return render(request, "search/results.html", context, status=status)


def _kept_by(
    request: HttpRequest, chosen: list[PersonalFilmFilter]
) -> Callable[[list[int]], set[int]] | None:
    """The member's personal filters as the search engine's `keep_films`."""
    if not chosen:
        return None
    return lambda film_ids: film_ids_passing(request, film_ids, chosen)


def _facet_links(
    state: dict[str, str],
    name: str,
    options: list[tuple[str, str, int]],
    *,
    clear_label: str = "",
) -> list[dict[str, Any]]:
    """Links that set one facet and keep the others (and drop the page number)."""
    links = []
    if clear_label and state[name]:
        options = [("", clear_label, -1), *options]
    for value, label, count in options:
        chosen = {**state, name: value}
        links.append(
            {
                "label": label,
                "count": count if count >= 0 else None,
                "url": "?" + urlencode({k: v for k, v in chosen.items() if v}),
                "current": state[name] == value,
            }
        )
    return links


@require_safe
def suggestions(request: HttpRequest) -> JsonResponse:
    """JSON for the header box: a few films (with year and poster) and people (with
    the film they are best known for), best first."""
    query = _query_text(request)
    limit = content_limit_for(request)
    items = []
    for hit in suggest(query, content_limit=limit):
        if hit.film:
            items.append(
                {
                    "type": "film",
                    "label": hit.film.title,
                    "year": hit.film.year,
                    "url": hit.url,
                    "poster_url": hit.poster_url,
                }
            )
        elif hit.person:
            items.append(
                {
                    "type": "person",
                    "label": hit.person.name,
                    "url": hit.url,
                    "known_for": hit.person.known_for_title,
                    "known_for_year": hit.person.known_for_year,
                }
            )
    response = JsonResponse({"query": query, "items": items})
    if limit is None:
        patch_cache_control(response, public=True, max_age=SUGGESTION_MAX_AGE)
    else:  # this account's answer only
        patch_cache_control(response, private=True, no_cache=True)
    return response
