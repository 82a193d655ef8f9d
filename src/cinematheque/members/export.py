"""Everything of a member as one zip:

- `letterboxd-import.csv`: Letterboxd's import columns (`Title,Year,imdbID,tmdbID,
  WatchedDate,Rating10,Rewatch,Tags,Review`): one row per diary entry (its rating,
  review), then one row per film rated, watched or reviewed outside the diary (the
  current rating, no date). Letterboxd and this site's importer read it back.
- `watchlist.csv`: `Title,Year,imdbID,tmdbID`.
- `lists/<slug>.csv`: each list in Letterboxd's list layout (v7 marker, the list's
  row, a blank line, `Position,Name,Year,URL,Description`) plus `imdbID,tmdbID`.
- `cinematheque.json`: all of it and the rest (profile, favourites, follows, list
  privacy, spoiler flags), with film slugs and ids.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from typing import Any

from django.utils import timezone

from cinematheque.catalogue.models import Film
from cinematheque.members.models import (
    DiaryEntry,
    FavouriteFilm,
    FilmList,
    Follow,
    Rating,
    Review,
    User,
    WatchedFilm,
    WatchlistEntry,
)

IMPORT_COLUMNS = [
    "Title",
    "Year",
    "imdbID",
    "tmdbID",
    "WatchedDate",
    "Rating10",
    "Rewatch",
    "Tags",
    "Review",
]
Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


def _film_fields(film: Film) -> dict[str, Any]:
    return {
        "film": film.slug,
        "title": film.title,
        "year": film.year,
        "imdb_id": film.imdb_id or None,
        "tmdb_id": film.tmdb_id,
    }


def _csv_text(rows: Iterable[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue()


def _film_columns(film: Film) -> list[Any]:
    return [film.title, film.year, film.imdb_id, film.tmdb_id]


def member_export(*, user: User, progress: Progress = _no_progress) -> bytes:
    """The zip of everything the member keeps (see the module docstring)."""
    ratings = list(Rating.objects.filter(user=user).select_related("film"))
    diary = list(
        DiaryEntry.objects.filter(user=user)
        .select_related("film")
        .order_by("watched_on", "id")
    )
    reviews = list(
        Review.objects.filter(user=user)
        .select_related("film", "diary_entry")
        .order_by("created_at", "id")
    )
    watched = list(WatchedFilm.objects.filter(user=user).select_related("film"))
    watchlist = list(
        WatchlistEntry.objects.filter(user=user)
        .select_related("film")
        .order_by("added_at", "id")
    )
    lists = list(
        FilmList.objects.filter(owner=user)
        .prefetch_related("items__film")
        .order_by("created_at", "id")
    )
    total = 5
    progress("export", 0, total)
    files = {
        "letterboxd-import.csv": _history_csv(ratings, diary, reviews, watched),
        "watchlist.csv": _csv_text(
            [["Title", "Year", "imdbID", "tmdbID"]]
            + [_film_columns(entry.film) for entry in watchlist]
        ),
    }
    progress("export", 2, total)
    for film_list in lists:
        files[f"lists/{film_list.slug}.csv"] = _list_csv(film_list)
    progress("export", 3, total)
    data = _all_data(user, ratings, diary, reviews, watched, watchlist, lists)
    files["cinematheque.json"] = json.dumps(data, indent=2, ensure_ascii=False)
    progress("export", 4, total)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    progress("export", total, total)
    return buffer.getvalue()


def _history_csv(
    ratings: list[Rating],
    diary: list[DiaryEntry],
    reviews: list[Review],
    watched: list[WatchedFilm],
) -> str:
    review_of_entry = {r.diary_entry_id: r for r in reviews if r.diary_entry_id}
    rows: list[list[Any]] = [IMPORT_COLUMNS]
    for entry in diary:
        review = review_of_entry.get(entry.pk)
        rows.append(
            [
                *_film_columns(entry.film),
                entry.watched_on.isoformat(),
                entry.rating,
                "Yes" if entry.rewatch else "",
                ", ".join(entry.tags or []),
                review.body if review else "",
            ]
        )
    rating_of = {rating.film_id: rating for rating in ratings}
    loose_reviews: dict[int, list[Review]] = {}
    for review in reviews:
        if review.diary_entry_id is None:
            loose_reviews.setdefault(review.film_id, []).append(review)
    in_diary = {entry.film_id for entry in diary}
    films = {rating.film_id: rating.film for rating in ratings}
    films.update({w.film_id: w.film for w in watched if w.film_id not in in_diary})
    films.update({r.film_id: r.film for r in reviews if r.diary_entry_id is None})
    for film_id, film in sorted(films.items()):
        rating = rating_of.get(film_id)
        texts = [review.body for review in loose_reviews.get(film_id, [])] or [""]
        value = rating.value if rating else ""
        rows.extend([*_film_columns(film), "", value, "", "", text] for text in texts)
    return _csv_text(rows)


def _list_csv(film_list: FilmList) -> str:
    rows: list[list[Any]] = [
        ["Letterboxd list export v7"],
        ["Date", "Name", "Tags", "URL", "Description"],
        [
            film_list.created_at.date().isoformat(),
            film_list.title,
            "",
            "",
            film_list.description,
        ],
        [],
        ["Position", "Name", "Year", "URL", "Description", "imdbID", "tmdbID"],
    ]
    for item in film_list.items.all():
        film = item.film
        rows.append(
            [
                item.position,
                film.title,
                film.year,
                film.get_absolute_url(),
                item.note,
                film.imdb_id,
                film.tmdb_id,
            ]
        )
    return _csv_text(rows)


def _all_data(  # noqa: PLR0917  # the lists read once by member_export
    user: User,
    ratings: list[Rating],
    diary: list[DiaryEntry],
    reviews: list[Review],
    watched: list[WatchedFilm],
    watchlist: list[WatchlistEntry],
    lists: list[FilmList],
) -> dict[str, Any]:
    favourites = FavouriteFilm.objects.filter(user=user).select_related("film")
    return {
        "format": "cinematheque member export 1",
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "username": user.username,
            "name": user.get_full_name(),
            "email": user.email,
            "bio": user.bio,
            "profile_public": user.profile_public,
            "region": user.region,
            "content_limit": user.content_limit,
            "date_joined": user.date_joined.isoformat(),
        },
        "ratings": [
            {
                **_film_fields(r.film),
                "half_stars": r.value,
                "updated_at": r.updated_at.isoformat(),
            }
            for r in ratings
        ],
        "watched": [_film_fields(w.film) for w in watched],
        "diary": [
            {
                **_film_fields(e.film),
                "watched_on": e.watched_on.isoformat(),
                "half_stars": e.rating,
                "rewatch": e.rewatch,
                "tags": e.tags,
            }
            for e in diary
        ],
        "reviews": [
            {
                **_film_fields(r.film),
                "body": r.body,
                "contains_spoilers": r.contains_spoilers,
                "watched_on": r.diary_entry.watched_on.isoformat()
                if r.diary_entry
                else None,
                "created_at": r.created_at.isoformat(),
            }
            for r in reviews
        ],
        "watchlist": [
            {**_film_fields(w.film), "added_at": w.added_at.isoformat()}
            for w in watchlist
        ],
        "lists": [
            {
                "title": film_list.title,
                "slug": film_list.slug,
                "description": film_list.description,
                "ranked": film_list.ranked,
                "public": film_list.public,
                "items": [
                    {
                        **_film_fields(item.film),
                        "position": item.position,
                        "note": item.note,
                    }
                    for item in film_list.items.all()
                ],
            }
            for film_list in lists
        ],
        "favourites": [
            {**_film_fields(f.film), "position": f.position} for f in favourites
        ],
        "following": list(
            Follow.objects.filter(follower=user).values_list(
                "followed__username", flat=True
            )
        ),
        "followers": list(
            Follow.objects.filter(followed=user).values_list(
                "follower__username", flat=True
            )
        ),
    }
