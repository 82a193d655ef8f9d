"""The editorial layer's sections (see pages/registry.py): on the film page its tagline,
synopsis, analysis, FAQ, trivia, advisory, complexity, collections and curation; on
the home page the published collections.

They share one loader, so the page reads the editorial layer once (editorial/page.py).
The catalogue's questions answered from its data follow the editors' questions and
leave out those the editors answered (`register_answered_elsewhere`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cinematheque.catalogue.certifications import ContentLimit
from cinematheque.catalogue.faq import register_answered_elsewhere
from cinematheque.catalogue.page import FilmPage
from cinematheque.editorial.page import (
    collections_for_home,
    collections_within_limit,
    editorial_for_film,
    editors_questions,
)
from cinematheque.editorial.sitemaps import CollectionSitemap
from cinematheque.pages.registry import Section, register
from cinematheque.pages.sitemaps import register_sitemap

HOME_COLLECTIONS = 3


def film_editorial(page: FilmPage, *, preview: bool = False) -> dict[str, Any]:
    """The published layer of the page's film, or its working copies in a preview."""
    return {"editorial": editorial_for_film(page, preview=preview)}


def home_collections(_: None, *, preview: bool = False) -> dict[str, Any]:
    """Published collections for the home page, featured ones first (one query)."""
    return {"collections": collections_for_home(limit=HOME_COLLECTIONS)}


def home_collections_within_limit(
    context: Mapping[str, Any], limit: ContentLimit
) -> dict[str, Any]:
    """The home page's collections for a member whose content limit hides films."""
    return {"collections": collections_within_limit(context["collections"], limit)}


FILM_SECTIONS = [
    ("tagline", "hero", 10),
    ("synopsis", "main", 10),
    ("analysis", "main", 20),
    ("faq", "main", 50),
    ("trivia", "main", 60),
    ("advisory", "side", 30),
    ("complexity", "side", 40),
    ("collections", "side", 50),
    ("curation", "side", 60),
]

for name, slot, order in FILM_SECTIONS:
    register(
        Section(
            name=name,
            page="film",
            slot=slot,
            order=order,
            template=f"editorial/sections/{name}.html",
            load=film_editorial,
        )
    )
register(
    Section(
        name="collections",
        page="home",
        slot="featured",
        order=10,
        template="editorial/sections/home_collections.html",
        load=home_collections,
        within_limit=home_collections_within_limit,
    )
)

register_answered_elsewhere(editors_questions)
register_sitemap("collections", CollectionSitemap)
