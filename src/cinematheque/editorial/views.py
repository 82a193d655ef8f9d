"""Public collection pages and the editors' previews of drafts."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from cinematheque.catalogue.certifications import ContentLimit, content_limit_for
from cinematheque.catalogue.models import Film
from cinematheque.catalogue.page import film_page_for_slug
from cinematheque.catalogue.parameters import check_page_exists, parse_page
from cinematheque.catalogue.views import render_film_page
from cinematheque.editorial import roles
from cinematheque.editorial.content import render_content
from cinematheque.editorial.models import Collection

COLLECTIONS_PER_PAGE = 24


def editors_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Previews: anonymous visitors are sent to log in, members get 403; responses are
    never cached and never indexed."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not roles.is_editor(request.user):
            raise PermissionDenied("Only editors can preview unpublished content.")
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def _collection_films(
    content: dict[str, Any], limit: ContentLimit | None
) -> list[tuple[Film, dict[str, Any]]]:
    """The collection's films in order, without those the reader's content limit
    hides."""
    items = content["items"]
    films = (
        Film.objects.within_content_limit(limit)
        .with_card_relations()
        .in_bulk([item["film_id"] for item in items])
    )
    return [
        (films[item["film_id"]], item) for item in items if item["film_id"] in films
    ]


def _render_collection(
    request: HttpRequest,
    collection: Collection,
    content: dict[str, Any],
    *,
    preview: bool,
) -> HttpResponse:
    return render(
        request,
        "editorial/collection_detail.html",
        {
            "collection": collection,
            "content": content,
            "entries": _collection_films(content, content_limit_for(request)),
            "preview": preview,
            "published_at": collection.last_published_at,
            "canonical_url": request.build_absolute_uri(
                reverse("editorial:collection", args=[collection.slug])
            ),
            "nav": "collections",
        },
    )


def _collection_cards(
    collections: Any, limit: ContentLimit | None
) -> list[dict[str, Any]]:
    """Each collection of the page with the items its card shows and counts: those
    the reader's content limit leaves visible (one query for the page)."""
    contents = [(c, c.live_content or {}) for c in collections]
    visible: set[int] | None = None
    if limit is not None:
        wanted = {
            item["film_id"]
            for _, content in contents
            for item in content.get("items", [])
        }
        visible = set(
            Film.objects.within_content_limit(limit)
            .filter(pk__in=wanted)
            .values_list("pk", flat=True)
        )
    return [
        {
            "collection": collection,
            "content": content,
            "items": [
                item
                for item in content.get("items", [])
                if visible is None or item["film_id"] in visible
            ],
        }
        for collection, content in contents
    ]


@require_safe
def collection_list(request: HttpRequest) -> HttpResponse:
    collections = Collection.objects.live().order_by("-first_published_at", "id")
    # A bad page number raises ParameterError: handler400's page with its message.
    number = parse_page(request.GET.get("page"))
    paginator = Paginator(collections, COLLECTIONS_PER_PAGE)
    check_page_exists(number, paginator.num_pages)
    page = paginator.page(number)
    return render(
        request,
        "editorial/collection_list.html",
        {
            "page": page,
            "cards": _collection_cards(page.object_list, content_limit_for(request)),
            "canonical_url": request.build_absolute_uri(
                reverse("editorial:collection_list")
            ),
            "nav": "collections",
        },
    )


@require_safe
def collection_detail(request: HttpRequest, slug: str) -> HttpResponse:
    collection = get_object_or_404(Collection.objects.live(), slug=slug)
    return _render_collection(
        request, collection, collection.live_content or {}, preview=False
    )


@require_safe
@editors_only
def collection_preview(request: HttpRequest, slug: str) -> HttpResponse:
    collection = get_object_or_404(Collection, slug=slug)
    return _render_collection(
        request, collection, render_content(collection), preview=True
    )


@require_safe
@editors_only
def film_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """The film page exactly as it will look once every working copy is published:
    the public page's sections, read through the same loaders."""
    page = film_page_for_slug(slug)
    if page is None:
        raise Http404("No film has this address.")
    return render_film_page(request, page, preview=True)
