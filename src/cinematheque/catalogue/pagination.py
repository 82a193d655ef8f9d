"""Film lists paged through their first MAX_PAGED_FILMS films, on pages and in the API.

At a million films, an exact `COUNT(*)` of a loose filter and an `OFFSET` of
900,000 each read most of the film table, however good the indexes. Nobody pages
that far: IMDb's advanced search stops at 10,000 titles the same way. So a list is
counted only up to the cap ("10,000+ films"), and a page or offset past it is
refused with advice (narrow the filters or reverse the sort), never answered
slowly.
"""

from __future__ import annotations

import hashlib
from functools import cached_property
from typing import Any, cast

from django.core.paginator import Paginator
from django.db.models import QuerySet

from cinematheque.catalogue.parameters import ParameterError, check_page_exists
from cinematheque.pages.cache import LISTS, versioned_value

MAX_PAGED_FILMS = 10_000
SHARED_COUNT_SECONDS = 24 * 3600  # bounds only how long an unused count stays


def capped_count(films: QuerySet[Any], *, shared: bool = False) -> int:
    """How many rows `films` has, counting no further than MAX_PAGED_FILMS + 1 (a
    `LIMIT` inside the count, so the database stops reading there; the list's order
    is dropped first, or the database would sort every match to find the first).

    A `shared` list is one whose rows depend on the catalogue alone, not on who
    asks (no member's own filter): its count is kept in the cache with the lists
    (`pages.cache.LISTS`, which every change to a listed film forgets), so the
    pages of one filter, each sort of it and the API share one count."""
    counted = films.order_by()[: MAX_PAGED_FILMS + 1]
    if not shared or counted.query.is_empty():  # `.none()` has no SQL to key on
        return counted.count()
    sql, params = counted.query.sql_with_params()
    digest = hashlib.sha256(f"{sql}\0{params!r}".encode()).hexdigest()[:32]
    name = f"catalogue:count:{digest}"
    count = versioned_value(name, counted.count, LISTS, timeout=SHARED_COUNT_SECONDS)
    return cast(int, count.value)


def past_the_cap(field: str) -> ParameterError:
    """The refusal for a page or offset beyond what lists can be paged through."""
    return ParameterError(
        field,
        f"Only the first {MAX_PAGED_FILMS:,} films of a list can be paged through. "
        "Narrow the list with a filter, or reverse the sort to start from its "
        "other end.",
    )


class CappedPaginator(Paginator):
    """Django's Paginator over at most MAX_PAGED_FILMS rows; `capped` tells
    whether the list goes on past them. `shared`: see capped_count."""

    def __init__(self, object_list: Any, per_page: int, *, shared: bool = False):
        super().__init__(object_list, per_page)
        self.shared = shared

    @cached_property
    def rows(self) -> int:
        return capped_count(cast(QuerySet[Any], self.object_list), shared=self.shared)

    @cached_property
    def count(self) -> int:
        return min(self.rows, MAX_PAGED_FILMS)

    @property
    def capped(self) -> bool:
        return self.rows > MAX_PAGED_FILMS


def capped_page(
    films: QuerySet[Any], number: int, per_page: int, *, shared: bool = False
) -> Any:
    """Page `number` of `films`; ParameterError for a page past the list's end or
    past the cap. `shared`: see capped_count."""
    paginator = CappedPaginator(films, per_page, shared=shared)
    if paginator.capped and number > paginator.num_pages:
        raise past_the_cap("page")
    check_page_exists(number, paginator.num_pages)
    return paginator.page(number)


def capped_slice(
    films: QuerySet[Any], offset: int, limit: int, *, shared: bool = False
) -> tuple[int, bool, Any]:
    """The API's page of `films`: (count up to the cap, whether the list goes on
    past the cap, the rows from `offset`). An offset past the end of a short list
    gives no rows; one past the cap of a long list is a ParameterError. `shared`:
    see capped_count."""
    rows = capped_count(films, shared=shared)
    capped = rows > MAX_PAGED_FILMS
    if capped and offset >= MAX_PAGED_FILMS:
        raise past_the_cap("offset")
    count = min(rows, MAX_PAGED_FILMS)
    end = min(offset + limit, count)
    return count, capped, films[offset:end] if offset < end else films.none()
