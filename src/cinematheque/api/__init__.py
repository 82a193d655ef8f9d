"""The public JSON API at /api/v1 (django-ninja); OpenAPI at /api/v1/openapi.json.

This package is also a Django app, imported while the app registry loads and before
models may be imported, so `api` is built on first access (PEP 562 module __getattr__,
e.g. `from cinematheque.api import api` in urls.py). Add a resource with one import
and one add_router() line in build_api(), then regenerate the OpenAPI snapshot:
`python -m tests.api.regenerate_openapi`.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ninja import NinjaAPI

    api: NinjaAPI


@cache
def build_api() -> NinjaAPI:
    from cinematheque.api import errors
    from cinematheque.api.docs import DESCRIPTION, OfflineSwagger
    from cinematheque.api.openapi import DocumentedAPI
    from cinematheque.api.parser import NulFreeParser
    from cinematheque.api.routers import (
        collections,
        films,
        me,
        me_ratings,
        me_recommendations,
        me_services,
        people,
        search,
        similar,
        social,
        watch_offers,
    )

    api = DocumentedAPI(
        title="cinematheque API",
        version="1",
        urls_namespace="api-v1",
        description=DESCRIPTION,
        docs=OfflineSwagger(),
        parser=NulFreeParser(),
    )
    errors.register(api)

    api.add_router("/films", films.router)
    api.add_router("/people", people.router)
    api.add_router("/films", similar.router)
    api.add_router("/films", watch_offers.router)
    api.add_router("/collections", collections.router)
    api.add_router("/search", search.router)
    api.add_router("/me", me.router)
    api.add_router("/me", me_ratings.router)
    api.add_router("/films", social.film_reviews)
    api.add_router("/members", social.members)
    api.add_router("/me/reviews", social.me_reviews)
    api.add_router("/me/lists", social.me_lists)
    api.add_router("/me/recommendations", me_recommendations.router)
    api.add_router("/me/services", me_services.router)
    return api


def __getattr__(name: str) -> NinjaAPI:
    if name == "api":
        return build_api()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
