"""The personal filters of film lists (catalogue.film_filters) in the API: one
boolean query parameter per filter (`?on_my_services=true`) on the list operations
of films, search results, the watchlist and members' lists. A filter needs to know
who asks: a member's API token or signed-in browser, else 401. An answer narrowed
for a member is private (api/caching.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Query
from ninja.errors import HttpError

from cinematheque.api.caching import identify_token_holder
from cinematheque.catalogue.film_filters import (
    PersonalFilmFilter,
    apply_film_filters,
    film_filters,
    film_ids_passing,
    is_signed_in,
)

Rows = TypeVar("Rows", bound=Model)

ON_MY_SERVICES = "on_my_services"
ON_MY_SERVICES_QUERY = Query(
    False,
    description=(
        "Only films that one of my streaming services (`/me/services`) offers by "
        "subscription, free or with ads in my region. Needs a member's API token "
        "(or the signed-in browser): 401 without one."
    ),
)


def chosen_filters(request: HttpRequest, **flags: bool) -> list[PersonalFilmFilter]:
    """The registered filters turned on by these flags, for the member asking;
    HttpError 401 when one is on and nobody is identified."""
    chosen = [f for f in film_filters() if flags.get(f.name)]
    if not chosen:
        return []
    if not is_signed_in(request):
        identify_token_holder(request)
    if not is_signed_in(request):
        names = ", ".join(f.name for f in chosen)
        raise HttpError(
            401,
            f"{names} filters by a member's own choices: send a member's API "
            "token (Authorization: Bearer …).",
        )
    return chosen


def narrowed(
    request: HttpRequest,
    rows: QuerySet[Rows],
    *,
    film_field: str = "pk",
    **flags: bool,
) -> QuerySet[Rows]:
    """`rows` without the films the member's chosen filters leave out."""
    chosen = chosen_filters(request, **flags)
    if not chosen:
        return rows
    return apply_film_filters(request, rows, film_field=film_field, chosen=chosen)


def kept_films(
    request: HttpRequest, **flags: bool
) -> Callable[[list[int]], set[int]] | None:
    """The chosen filters as the search engine's `keep_films` (None: no filter)."""
    chosen = chosen_filters(request, **flags)
    if not chosen:
        return None
    return lambda film_ids: film_ids_passing(request, film_ids, chosen)
