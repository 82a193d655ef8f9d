"""GET /collections and /collections/{slug}: the editors' published collections."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Path, Query, Router

from cinematheque.api.caching import public_cache
from cinematheque.api.routers.params import SLUG_PATTERN
from cinematheque.api.schemas.collections import (
    CollectionListIn,
    CollectionListOut,
    CollectionOut,
)
from cinematheque.api.schemas.errors import ErrorOut
from cinematheque.catalogue.certifications import content_limit_for
from cinematheque.catalogue.models import Film
from cinematheque.editorial.models import Collection

router = Router(tags=["collections"])
router.add_decorator(public_cache, mode="view")


def _summary(collection: Collection, visible: set[int] | None = None) -> dict[str, Any]:
    """The collection's card; `visible`: the film ids a reader's content limit
    leaves visible, which alone are counted."""
    content = collection.live_content or {}
    items = [
        item
        for item in content["items"]
        if visible is None or item["film_id"] in visible
    ]
    return {
        "slug": collection.slug,
        "title": content["title"],
        "url": reverse("editorial:collection", args=[collection.slug]),
        "introduction_html": content["introduction_html"],
        "byline": content["byline"],
        "film_count": len(items),
        "published_at": collection.last_published_at,
    }


@router.get(
    "",
    response={200: CollectionListOut, 400: ErrorOut},
    operation_id="listCollections",
    url_name="collection_list",
    summary="List collections",
    description="Published collections, newest first. Drafts are never listed.",
)
def list_collections(request: HttpRequest, page: Query[CollectionListIn]) -> dict:
    collections = Collection.objects.live().order_by("-first_published_at", "id")
    count = collections.count()
    items = list(collections[page.offset : page.offset + page.limit])
    limit = content_limit_for(request)
    visible = None
    if limit is not None:
        wanted = {
            item["film_id"]
            for collection in items
            for item in (collection.live_content or {}).get("items", [])
        }
        visible = set(
            Film.objects.within_content_limit(limit)
            .filter(pk__in=wanted)
            .values_list("pk", flat=True)
        )
    return {
        "count": count,
        "limit": page.limit,
        "offset": page.offset,
        "items": [_summary(collection, visible) for collection in items],
    }


@router.get(
    "/{slug}",
    response={200: CollectionOut, 400: ErrorOut, 404: ErrorOut},
    operation_id="getCollection",
    url_name="collection",
    summary="Get a collection",
    description="A published collection with its films in order.",
)
def get_collection(
    request: HttpRequest,
    slug: str = Path(
        ...,
        max_length=200,
        pattern=SLUG_PATTERN,
        description="e.g. 'crime-cinema-the-essentials'.",
    ),
) -> dict:
    collection = Collection.objects.live().filter(slug=slug).first()
    if collection is None:
        raise Http404(f"No published collection with slug {slug!r}.")
    content = collection.live_content or {}
    films = (
        Film.objects.within_content_limit(content_limit_for(request))
        .for_listing()
        .in_bulk([item["film_id"] for item in content["items"]])
    )
    entries = [item for item in content["items"] if item["film_id"] in films]
    return {
        **_summary(collection),
        "items": [
            {"position": n, "note": item["note"], "film": films[item["film_id"]]}
            for n, item in enumerate(entries, start=1)
        ],
    }
