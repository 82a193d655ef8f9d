"""The signed-in member's own state of a film, as personal fields of the cached
film page (pages/personal.py): `rating` (half stars or null), `watched`,
`on_watchlist` and `diary_count`. The first three are writable, through the
ratings services; visitors read nulls and may write nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.http import HttpRequest

from cinematheque.catalogue.models import Film
from cinematheque.members import ratings
from cinematheque.members.models import (
    DiaryEntry,
    Rating,
    User,
    WatchedFilm,
    WatchlistEntry,
)
from cinematheque.pages.personal import register_personal_field

_CACHE_ATTRIBUTE = "_member_film_state"
SIGN_IN_MESSAGE = "Sign in to rate films and keep a watchlist."


def member_film_state(user: User, film: Film) -> dict[str, Any]:
    """The member's rating, watched flag, watchlist flag and number of diary
    entries of `film`, in one query."""
    mine = {"user_id": user.pk, "film_id": film.pk}
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            state_rating=Subquery(Rating.objects.filter(**mine).values("value")[:1]),
            state_watched=Exists(WatchedFilm.objects.filter(**mine)),
            state_on_watchlist=Exists(WatchlistEntry.objects.filter(**mine)),
            state_diary_count=Subquery(
                DiaryEntry.objects.filter(film_id=film.pk, user_id=OuterRef("pk"))
                .order_by()
                .values("user_id")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
        )
        .values_list(
            "state_rating", "state_watched", "state_on_watchlist", "state_diary_count"
        )
        .first()
    ) or (None, False, False, 0)
    return {
        "rating": row[0],
        "watched": row[1],
        "on_watchlist": row[2],
        "diary_count": row[3] or 0,
    }


def _state(request: HttpRequest, film: Film) -> dict[str, Any] | None:
    """Read once per request (every field shares it); None for visitors."""
    user = request.user
    if not user.is_authenticated:
        return None
    state = getattr(request, _CACHE_ATTRIBUTE, None)
    if state is None:
        state = member_film_state(user, film)
        setattr(request, _CACHE_ATTRIBUTE, state)
    return state


def _reader(name: str) -> Any:
    def read(request: HttpRequest, film: Film) -> Any:
        state = _state(request, film)
        return None if state is None else state[name]

    read.__name__ = f"read_{name}"
    return read


def _member(request: HttpRequest) -> User:
    if not request.user.is_authenticated:
        raise PermissionDenied(SIGN_IN_MESSAGE)
    setattr(request, _CACHE_ATTRIBUTE, None)  # what the answer reads has changed
    return request.user


def write_rating(request: HttpRequest, film: Film, value: Any) -> None:
    """null clears the rating; 1 to 10 half stars sets it."""
    member = _member(request)
    if value is None:
        ratings.rating_clear(user=member, film=film)
    else:
        ratings.rating_set(user=member, film=film, value=value)


def _checked_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ratings.MemberDataError("Send true or false.")
    return value


def write_watched(request: HttpRequest, film: Film, value: Any) -> None:
    member = _member(request)
    ratings.watched_set(user=member, film=film, watched=_checked_bool(value))


def write_on_watchlist(request: HttpRequest, film: Film, value: Any) -> None:
    member = _member(request)
    if _checked_bool(value):
        ratings.watchlist_add(user=member, film=film)
    else:
        ratings.watchlist_remove(user=member, film=film)


def register_fields() -> None:
    register_personal_field("rating", _reader("rating"), write_rating)
    register_personal_field("watched", _reader("watched"), write_watched)
    register_personal_field("on_watchlist", _reader("on_watchlist"), write_on_watchlist)
    register_personal_field("diary_count", _reader("diary_count"))
