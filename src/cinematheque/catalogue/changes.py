"""What a change to the films' genres, countries, languages or companies changed, for
the code that follows such changes (the page cache, the search index).

`m2m_changed` calls its receivers from either side of the relation and, for a
`genre.films.clear()`, after the rows are gone, so it can no longer name the films.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model

M2MReceiver = Callable[..., None]


def film_facets_receiver(
    films_changed: Callable[[set[int]], None],
    facet_cleared: Callable[[Model], None],
) -> M2MReceiver:
    """An `m2m_changed` receiver for a film's facets that calls
    `films_changed(film_ids)` after films gain or lose facets, or `facet_cleared(facet)`
    after `facet.films.clear()`, when the films it had are no longer known."""

    def receiver(
        sender: type,
        instance: Any,
        action: str,
        reverse: bool,
        pk_set: set[int] | None,
        **kwargs: Any,
    ) -> None:
        if not action.startswith("post_"):
            return
        if not reverse:
            films_changed({instance.pk})
        elif pk_set:
            films_changed(set(pk_set))
        else:
            facet_cleared(instance)

    return receiver
