"""The one place where an import writes a member's ratings, viewings, watchlist,
reviews and lists. Every write is idempotent: a row already applied (the same file
again, or a row matched again later) finds its rating, entry, review or list item
in place and changes nothing.

Imports write the member models directly, through this module only, and keep each
film's stored rating counters exact by recounting the films whose ratings changed
(`rating_summaries_recount`).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils.text import slugify

from cinematheque.members.imports.models import ImportRow
from cinematheque.members.models import (
    DiaryEntry,
    FilmList,
    FilmListItem,
    Rating,
    RatingSummary,
    Review,
    User,
    WatchedFilm,
    WatchlistEntry,
)
from cinematheque.pages.cache import page_cache_forget

Kind = ImportRow.Kind


@dataclass
class Changes:
    """What one application wrote (rows already in place count nowhere)."""

    ratings: int = 0
    watched: int = 0
    diary: int = 0
    reviews: int = 0
    watchlist: int = 0
    list_items: int = 0
    rated_films: set[int] = field(default_factory=set)

    @property
    def total(self) -> int:
        return (
            self.ratings
            + self.watched
            + self.diary
            + self.reviews
            + self.watchlist
            + self.list_items
        )


class HistoryWriter:
    """Applies matched rows to one member's data. Call inside the import's
    transaction, then `finish()` to recount ratings and forget cached pages."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.changes = Changes()
        self.ratings = dict(
            Rating.objects.filter(user=user).values_list("film_id", "value")
        )
        self.watched = set(
            WatchedFilm.objects.filter(user=user).values_list("film_id", flat=True)
        )
        self.watchlist = set(
            WatchlistEntry.objects.filter(user=user).values_list("film_id", flat=True)
        )
        self.entries: dict[tuple[int, datetime.date], list[int]] = defaultdict(list)
        for pk, film_id, watched_on in (
            DiaryEntry.objects.filter(user=user)
            .order_by("id")
            .values_list("pk", "film_id", "watched_on")
        ):
            self.entries[(film_id, watched_on)].append(pk)
        self.reviews = set(
            Review.objects.filter(user=user).values_list("film_id", "body")
        )
        self.reviewed_entries = set(
            Review.objects.filter(user=user, diary_entry__isnull=False).values_list(
                "diary_entry_id", flat=True
            )
        )
        self.lists = {film_list.slug: film_list for film_list in user.film_lists.all()}
        self.list_items = set(
            FilmListItem.objects.filter(film_list__owner=user).values_list(
                "film_list_id", "film_id"
            )
        )

    def apply(self, row: ImportRow) -> None:
        """Write what a matched row says (its `film_id` is set)."""
        film_id = row.film_id
        assert film_id is not None  # noqa: S101  # callers apply matched rows only
        data = row.data
        if row.kind == Kind.WATCHLIST:
            self._watchlist(film_id)
            return
        if row.kind == Kind.LIST_ITEM:
            self._list_item(film_id, data)
            return
        self._watched(film_id)
        entry_id = None
        if row.kind == Kind.RATING:
            self._rate(film_id, data["rating"])
        elif row.kind == Kind.DIARY:
            entry_id = self._diary(film_id, data)
            if data.get("sets_rating") and data.get("rating"):
                self._rate(film_id, data["rating"])
        elif (
            row.kind == Kind.REVIEW
            and data.get("rating")
            and film_id not in self.ratings
        ):
            self._rate(film_id, data["rating"])
        if data.get("review"):
            self._review(film_id, data["review"], entry_id)

    def finish(self) -> Changes:
        """Recount the rating counters of the films whose ratings changed and forget
        their cached pages (after the transaction commits)."""
        rating_summaries_recount(self.changes.rated_films)
        if self.changes.rated_films:
            page_cache_forget(films=self.changes.rated_films)
        return self.changes

    def _rate(self, film_id: int, value: int) -> None:
        if self.ratings.get(film_id) == value:
            return
        Rating.objects.update_or_create(
            user=self.user, film_id=film_id, defaults={"value": value}
        )
        self.ratings[film_id] = value
        self.changes.ratings += 1
        self.changes.rated_films.add(film_id)

    def _watched(self, film_id: int) -> None:
        if film_id in self.watched:
            return
        WatchedFilm.objects.create(user=self.user, film_id=film_id)
        self.watched.add(film_id)
        self.changes.watched += 1

    def _watchlist(self, film_id: int) -> None:
        if film_id in self.watchlist:
            return
        WatchlistEntry.objects.create(user=self.user, film_id=film_id)
        self.watchlist.add(film_id)
        self.changes.watchlist += 1

    def _diary(self, film_id: int, data: dict[str, Any]) -> int:
        """The n-th viewing of the film that day (n = the row's occurrence),
        created when the member has fewer than n."""
        watched_on = datetime.date.fromisoformat(data["watched_on"])
        entries = self.entries[(film_id, watched_on)]
        occurrence = int(data.get("occurrence", 1))
        while len(entries) < occurrence:
            entry = DiaryEntry.objects.create(
                user=self.user,
                film_id=film_id,
                watched_on=watched_on,
                rating=data.get("rating"),
                rewatch=bool(data.get("rewatch")),
                tags=list(data.get("tags") or []),
            )
            entries.append(entry.pk)
            self.changes.diary += 1
        return entries[occurrence - 1]

    def _review(self, film_id: int, body: str, entry_id: int | None) -> None:
        if (film_id, body) in self.reviews:
            return
        if entry_id in self.reviewed_entries:
            entry_id = None  # the entry has another review: keep both
        Review.objects.create(
            user=self.user, film_id=film_id, body=body, diary_entry_id=entry_id
        )
        self.reviews.add((film_id, body))
        if entry_id is not None:
            self.reviewed_entries.add(entry_id)
        self.changes.reviews += 1

    def _list_item(self, film_id: int, data: dict[str, Any]) -> None:
        film_list = self._film_list(data["list"])
        if (film_list.pk, film_id) in self.list_items:
            return
        FilmListItem.objects.create(
            film_list=film_list,
            film_id=film_id,
            position=int(data.get("position") or 0),
            note=data.get("note") or "",
        )
        self.list_items.add((film_list.pk, film_id))
        self.changes.list_items += 1

    def _film_list(self, meta: dict[str, str]) -> FilmList:
        """The member's list for this file (by its key), created private: an export
        does not say whether a list was public."""
        slug = slugify(meta.get("key") or meta["name"])[:220] or "imported-list"
        film_list = self.lists.get(slug)
        if film_list is None:
            film_list = FilmList.objects.create(
                owner=self.user,
                title=meta["name"][:200],
                slug=slug,
                description=meta.get("description") or "",
                public=False,
            )
            self.lists[slug] = film_list
        return film_list


def rating_summaries_recount(film_ids: Iterable[int]) -> None:
    """Set the stored rating counters of these films from their ratings."""
    ids = sorted(set(film_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        buckets: dict[int, Counter[int]] = {pk: Counter() for pk in chunk}
        for film_id, value, count in (
            Rating.objects.filter(film_id__in=chunk)
            .values("film_id", "value")
            .annotate(n=Count("id"))
            .values_list("film_id", "value", "n")
        ):
            buckets[film_id][value] = count
        RatingSummary.objects.filter(film_id__in=chunk).delete()
        RatingSummary.objects.bulk_create(
            [
                RatingSummary(
                    film_id=film_id,
                    count=sum(counts.values()),
                    total=sum(value * n for value, n in counts.items()),
                    **{f"bucket_{value}": counts[value] for value in range(1, 11)},
                )
                for film_id, counts in buckets.items()
                if counts
            ]
        )
