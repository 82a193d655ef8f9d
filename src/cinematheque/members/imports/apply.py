"""The one place where an import writes a member's ratings, viewings, watchlist,
reviews and lists. Every write is idempotent: a row already applied (the same file
again, or a row matched again later) finds its rating, entry, review or list item
in place and changes nothing.

Imports write the member models directly in bulk, through this module only (the
rating services write one row at a time, and a 2,000-entry diary must import in
seconds), and move the films' stored rating counters by what they changed, as the
rating services do for one rating (F() updates, grouped).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F
from django.utils import timezone
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
# A whole history changes the rating counters of hundreds of film pages: one write
# that forgets every page costs less than a version write per film (3 s for 1,500
# films on the file cache), and imports are rare.
FORGET_EVERYTHING_ABOVE = 100


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

    def counts(self) -> dict[str, int]:
        """What was added, by kind (kept on the batch for its report)."""
        return {
            "ratings": self.ratings,
            "watched": self.watched,
            "diary": self.diary,
            "reviews": self.reviews,
            "watchlist": self.watchlist,
            "list_items": self.list_items,
        }


class HistoryWriter:
    """Applies matched rows to one member's data. `apply` decides what each row
    adds; `finish` writes it all in bulk (a few queries for thousands of rows),
    recounts the ratings' counters and forgets cached pages. Call both inside the
    import's transaction. Within one batch the last rating of a film wins."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.changes = Changes()
        self.ratings = dict(
            Rating.objects.filter(user=user).values_list("film_id", "value")
        )
        self.new_ratings: dict[int, int] = {}
        self.rating_moves: dict[tuple[int | None, int], list[int]] = {}
        self.watched = set(
            WatchedFilm.objects.filter(user=user).values_list("film_id", flat=True)
        )
        self.new_watched: list[WatchedFilm] = []
        self.watchlist = set(
            WatchlistEntry.objects.filter(user=user).values_list("film_id", flat=True)
        )
        self.new_watchlist: list[WatchlistEntry] = []
        self.entries: dict[tuple[int, datetime.date], list[DiaryEntry]] = defaultdict(
            list
        )
        for entry in (
            DiaryEntry.objects.filter(user=user)
            .order_by("id")
            .only("pk", "film_id", "watched_on")
        ):
            self.entries[(entry.film_id, entry.watched_on)].append(entry)
        self.new_entries: list[DiaryEntry] = []
        self.reviews = set(
            Review.objects.filter(user=user).values_list("film_id", "body")
        )
        self.reviewed_entries: set[tuple[str, int]] = {
            ("saved", pk)
            for pk in Review.objects.filter(
                user=user, diary_entry__isnull=False
            ).values_list("diary_entry_id", flat=True)
        }
        self.new_reviews: list[tuple[Review, DiaryEntry | None]] = []
        self.lists = {film_list.slug: film_list for film_list in user.film_lists.all()}
        self.list_items = set(
            FilmListItem.objects.filter(film_list__owner=user).values_list(
                "film_list_id", "film_id"
            )
        )
        self.new_list_items: list[FilmListItem] = []

    def apply(self, row: ImportRow) -> None:
        """Take in what a matched row says (its `film_id` is set)."""
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
        entry = None
        if row.kind == Kind.RATING:
            self._rate(film_id, data["rating"])
        elif row.kind == Kind.DIARY:
            entry = self._diary(film_id, data)
            if data.get("sets_rating") and data.get("rating"):
                self._rate(film_id, data["rating"])
        elif (
            row.kind == Kind.REVIEW
            and data.get("rating")
            and film_id not in self.ratings
            and film_id not in self.new_ratings
        ):
            self._rate(film_id, data["rating"])
        if data.get("review"):
            self._review(film_id, data["review"], entry)

    def finish(self) -> Changes:
        """Write what the rows added, move the rating counters of the films whose
        ratings changed, and forget the pages of the films rated or reviewed
        (after the commit)."""
        self._write_ratings()
        WatchedFilm.objects.bulk_create(self.new_watched, batch_size=500)
        # As on Letterboxd (and the rating services), a watched film leaves the
        # watchlist.
        self.new_watchlist = [
            entry for entry in self.new_watchlist if entry.film_id not in self.watched
        ]
        newly_watched = [watched.film_id for watched in self.new_watched]
        for start in range(0, len(newly_watched), 500):
            WatchlistEntry.objects.filter(
                user=self.user, film_id__in=newly_watched[start : start + 500]
            ).delete()
        WatchlistEntry.objects.bulk_create(self.new_watchlist, batch_size=500)
        DiaryEntry.objects.bulk_create(self.new_entries, batch_size=500)
        reviews = []
        for review, entry in self.new_reviews:
            review.diary_entry_id = entry.pk if entry is not None else None
            reviews.append(review)
        Review.objects.bulk_create(reviews, batch_size=500)
        FilmListItem.objects.bulk_create(self.new_list_items, batch_size=500)
        changes = self.changes
        changes.watched = len(self.new_watched)
        changes.watchlist = len(self.new_watchlist)
        changes.diary = len(self.new_entries)
        changes.reviews = len(reviews)
        changes.list_items = len(self.new_list_items)
        self._count_ratings()
        # Film pages show the member rating counters and the reviews.
        shown = changes.rated_films | {review.film_id for review in reviews}
        if len(shown) > FORGET_EVERYTHING_ABOVE:
            page_cache_forget(everything=True)
        elif shown:
            page_cache_forget(films=shown)
        return changes

    def _write_ratings(self) -> None:
        changed = {
            film_id: value
            for film_id, value in self.new_ratings.items()
            if self.ratings.get(film_id) != value
        }
        existing = [film_id for film_id in changed if film_id in self.ratings]
        for chunk_start in range(0, len(existing), 500):
            chunk = existing[chunk_start : chunk_start + 500]
            rows = list(Rating.objects.filter(user=self.user, film_id__in=chunk))
            now = timezone.now()
            for rating in rows:
                rating.value, rating.updated_at = changed[rating.film_id], now
            Rating.objects.bulk_update(rows, ["value", "updated_at"], batch_size=500)
        Rating.objects.bulk_create(
            [
                Rating(user=self.user, film_id=film_id, value=value)
                for film_id, value in changed.items()
                if film_id not in self.ratings
            ],
            batch_size=500,
        )
        self.rating_moves = defaultdict(list)  # (old value or None, new) → films
        for film_id, value in changed.items():
            self.rating_moves[(self.ratings.get(film_id), value)].append(film_id)
        self.ratings.update(changed)
        self.changes.ratings = len(changed)
        self.changes.rated_films = set(changed)

    def _count_ratings(self) -> None:
        """Move the films' stored counters by what this import changed, with one
        UPDATE … SET bucket = bucket ± 1 per (old value, new value): exact next to
        ratings written at the same time, and a few queries for a whole history."""
        RatingSummary.objects.bulk_create(
            [RatingSummary(film_id=pk) for pk in self.changes.rated_films],
            batch_size=500,
            ignore_conflicts=True,
        )
        for (old, new), film_ids in self.rating_moves.items():
            changes: dict[str, Any] = {
                f"bucket_{new}": F(f"bucket_{new}") + 1,
                "total": F("total") + new - (old or 0),
            }
            if old is None:
                changes["count"] = F("count") + 1
            else:
                changes[f"bucket_{old}"] = F(f"bucket_{old}") - 1
            for start in range(0, len(film_ids), 500):
                RatingSummary.objects.filter(
                    film_id__in=film_ids[start : start + 500]
                ).update(**changes)

    def _rate(self, film_id: int, value: int) -> None:
        self.new_ratings[film_id] = value

    def _watched(self, film_id: int) -> None:
        if film_id in self.watched:
            return
        self.new_watched.append(WatchedFilm(user=self.user, film_id=film_id))
        self.watched.add(film_id)

    def _watchlist(self, film_id: int) -> None:
        if film_id in self.watchlist:
            return
        self.new_watchlist.append(WatchlistEntry(user=self.user, film_id=film_id))
        self.watchlist.add(film_id)

    def _diary(self, film_id: int, data: dict[str, Any]) -> DiaryEntry:
        """The n-th viewing of the film that day (n = the row's occurrence),
        added when the member has fewer than n."""
        watched_on = datetime.date.fromisoformat(data["watched_on"])
        entries = self.entries[(film_id, watched_on)]
        occurrence = int(data.get("occurrence", 1))
        while len(entries) < occurrence:
            entry = DiaryEntry(
                user=self.user,
                film_id=film_id,
                watched_on=watched_on,
                rating=data.get("rating"),
                rewatch=bool(data.get("rewatch")),
                tags=list(data.get("tags") or []),
            )
            entries.append(entry)
            self.new_entries.append(entry)
        return entries[occurrence - 1]

    def _review(self, film_id: int, body: str, entry: DiaryEntry | None) -> None:
        if (film_id, body) in self.reviews:
            return
        if entry is not None and _entry_key(entry) in self.reviewed_entries:
            entry = None  # the entry has another review: keep both
        review = Review(user=self.user, film_id=film_id, body=body)
        self.new_reviews.append((review, entry))
        self.reviews.add((film_id, body))
        if entry is not None:
            self.reviewed_entries.add(_entry_key(entry))

    def _list_item(self, film_id: int, data: dict[str, Any]) -> None:
        film_list = self._film_list(data["list"])
        if (film_list.pk, film_id) in self.list_items:
            return
        self.new_list_items.append(
            FilmListItem(
                film_list=film_list,
                film_id=film_id,
                position=int(data.get("position") or 0),
                note=data.get("note") or "",
            )
        )
        self.list_items.add((film_list.pk, film_id))

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


def _entry_key(entry: DiaryEntry) -> tuple[str, int]:
    """A diary entry, saved or still to be written in bulk."""
    return ("saved", entry.pk) if entry.pk else ("new", id(entry))
