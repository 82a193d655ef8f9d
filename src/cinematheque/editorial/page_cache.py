"""What the collection pages show, for the whole-page cache, and what editorial
changes (saves, publishing, unpublishing, collection edits) make cached pages forget
(discovered by `PagesConfig.ready()`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from cinematheque.catalogue.models import Film
from cinematheque.editorial.models import (
    Advisory,
    Citation,
    Claim,
    Collection,
    CollectionItem,
    CollectionMembership,
    Complexity,
    EditorProfile,
    FaqEntry,
    FilmText,
)
from cinematheque.pages.cache import (
    COLLECTIONS,
    collection_key,
    forget_on_change,
    page_cache_forget,
    register_cached_page,
)


def collection_page(request: HttpRequest, slug: str) -> list[str]:
    pk = Collection.objects.filter(slug=slug).values_list("pk", flat=True).first()
    return [] if pk is None else [collection_key(pk)]


register_cached_page("editorial:collection_list", lambda request: [COLLECTIONS])
register_cached_page("editorial:collection", collection_page)


def film_piece_changed(piece: Any) -> None:
    """A tagline, synopsis, analysis, FAQ entry, claim, advisory or complexity note:
    saved, published or unpublished, it shows on its film's page only."""
    page_cache_forget(films=[piece.film_id])


def citation_changed(citation: Citation) -> None:
    film_id = Claim.objects.filter(pk=citation.claim_id).values_list("film_id")
    page_cache_forget(films=[row[0] for row in film_id])


def collection_changed(collection: Collection) -> None:
    """The collection's page, the list of collections and the home page (featured
    ones), and the pages of the films it lists, before and after the change."""
    films: set[int] = set()
    if collection.pk:
        films |= set(collection.items.values_list("film_id", flat=True))
        films |= set(collection.memberships.values_list("film_id", flat=True))
    items = (collection.live_content or {}).get("items", [])
    films |= {item["film_id"] for item in items if "film_id" in item}
    page_cache_forget(
        collections=[collection.pk],
        films=films,
        collection_lists=True,
        sitemaps=True,
    )


def collection_row_changed(row: CollectionItem | CollectionMembership) -> None:
    page_cache_forget(collections=[row.collection_id], films=[row.film_id])


def editor_changed(profile: EditorProfile) -> None:
    """A byline's name or expertise can be on any film or collection page."""
    page_cache_forget(everything=True)


def film_changed(film: Film) -> None:
    """Collection pages list their films' titles and years."""
    if film.pk:
        collections = CollectionItem.objects.filter(film_id=film.pk).values_list(
            "collection_id", flat=True
        )
        page_cache_forget(collections=set(collections))


for _model in (FilmText, Complexity, Advisory, FaqEntry, Claim):
    forget_on_change(_model, film_piece_changed)
forget_on_change(Citation, citation_changed)
forget_on_change(Collection, collection_changed)
forget_on_change(CollectionItem, collection_row_changed)
forget_on_change(CollectionMembership, collection_row_changed)
forget_on_change(EditorProfile, editor_changed)
forget_on_change(Film, film_changed)
