"""The film page's "Watch now" section (slot "actions"), in place of catalogue's
placeholder, and the personal field `watch_region` (the region the visitor's offers
are for). The section in the shared page holds no offers: its script asks
`/watch/films/<slug>/offers/?region=XX` once the personal fields name the region."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cinematheque.catalogue.page import FilmPage
from cinematheque.pages.personal import register_personal_field
from cinematheque.pages.registry import Section, register
from cinematheque.watch.where import cache as _cache  # noqa: F401  (forget on fetch)
from cinematheque.watch.where.regions import resolve_region


def watch_section(page: FilmPage, *, preview: bool = False) -> dict[str, Any]:
    """The film, as the page loaded it (no query)."""
    return {"film": page.film}


def watch_region(request: HttpRequest, film: Any) -> str:
    """The personal field: the ISO code of the region whose offers to show."""
    return resolve_region(request).code


register(
    Section(
        name="watch",
        page="film",
        slot="actions",
        order=10,
        template="watch/where/section.html",
        load=watch_section,
    )
)
register_personal_field("watch_region", watch_region)
