"""Atom feed of newly published editorial pieces: film write-ups and collections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from typing import Any, cast

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from cinematheque.editorial.content import TEAM_BYLINE
from cinematheque.editorial.markdown import html_to_text
from cinematheque.editorial.models import Collection, FilmText

FEED_SIZE = 30


@dataclass(frozen=True)
class FeedEntry:
    title: str
    link: str
    description: str
    author: str
    published: datetime
    updated: datetime
    guid: str


def _summary(html: str, limit: int = 400) -> str:
    text = html_to_text(html)
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _public_copy(piece: FilmText | Collection) -> dict[str, Any]:
    """The published copy of a piece that `live()` selected, so never empty."""
    return cast(dict[str, Any], piece.live_content)


def feed_entries(limit: int = FEED_SIZE) -> list[FeedEntry]:
    """The newest published film texts and collections, from their public copies."""
    texts = (
        FilmText.objects.live()
        .select_related("film")
        .only(
            "film__title",
            "film__year",
            "film__slug",
            "live_content",
            "first_published_at",
            "last_published_at",
        )
        .order_by("-first_published_at")[:limit]
    )
    collections = Collection.objects.live().order_by("-first_published_at")[:limit]
    entries = chain(
        (
            FeedEntry(
                title=(
                    f"{text.film.display_title}: {_public_copy(text)['tagline']}"
                    if _public_copy(text)["tagline"]
                    else text.film.display_title
                ),
                link=text.film.get_absolute_url(),
                description=_summary(
                    _public_copy(text)["synopsis_html"]
                    or _public_copy(text)["analysis_html"]
                ),
                author=_public_copy(text)["byline"]["name"] or TEAM_BYLINE,
                published=cast(datetime, text.first_published_at),
                updated=cast(datetime, text.last_published_at),
                guid=f"film-text-{text.pk}",
            )
            for text in texts
        ),
        (
            FeedEntry(
                title=f"Collection: {_public_copy(collection)['title']}",
                link=reverse("editorial:collection", args=[collection.slug]),
                description=_summary(_public_copy(collection)["introduction_html"]),
                author=_public_copy(collection)["byline"]["name"] or TEAM_BYLINE,
                published=cast(datetime, collection.first_published_at),
                updated=cast(datetime, collection.last_published_at),
                guid=f"collection-{collection.pk}",
            )
            for collection in collections
        ),
    )
    return sorted(entries, key=lambda entry: entry.published, reverse=True)[:limit]


class EditorialFeed(Feed):
    feed_type = Atom1Feed
    title = "cinematheque: from the editors"
    subtitle = "Newly published film write-ups and collections."

    def link(self) -> str:
        return reverse("editorial:collection_list")

    def items(self) -> list[FeedEntry]:
        return feed_entries()

    def item_title(self, item: FeedEntry) -> str:
        return item.title

    def item_description(self, item: FeedEntry) -> str:
        return item.description

    def item_link(self, item: FeedEntry) -> str:
        return item.link

    def item_guid(self, item: FeedEntry) -> str:
        return item.guid

    item_guid_is_permalink = False

    def item_author_name(self, item: FeedEntry) -> str:
        return item.author

    def item_pubdate(self, item: FeedEntry) -> datetime:
        return item.published

    def item_updateddate(self, item: FeedEntry) -> datetime:
        return item.updated
