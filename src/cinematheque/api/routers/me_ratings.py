"""/me/ratings, /me/diary and /me/watchlist: read and change what the member keeps
of films, through the same services as the site's pages (members/ratings.py).
An API token (`Authorization: Bearer …`) or the signed-in browser (members/api_auth.py);
401 without either; a member only ever reaches their own rows."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest
from ninja import Path, Query, Router, Status
from ninja.errors import HttpError, Throttled

from cinematheque.api.film_filters import ON_MY_SERVICES_QUERY, narrowed
from cinematheque.api.pagination import page_of
from cinematheque.api.routers.params import MAX_ID, SLUG_PATTERN
from cinematheque.api.schemas.errors import ErrorOut
from cinematheque.api.schemas.me_ratings import (
    DiaryEntryChangeIn,
    DiaryEntryIn,
    DiaryEntryOut,
    DiaryListOut,
    MeListIn,
    RatingIn,
    RatingListOut,
    RatingOut,
    WatchlistEntryOut,
    WatchlistListOut,
)
from cinematheque.catalogue.certifications import content_limit_for
from cinematheque.catalogue.models import Film
from cinematheque.members import ratings
from cinematheque.members.api_auth import member_auth, member_of
from cinematheque.members.content_limit import rows_within_limit
from cinematheque.members.models import (
    DiaryEntry,
    Rating,
    Review,
    User,
    WatchlistEntry,
)
from cinematheque.members.ratelimit import client_key, hit

router = Router(tags=["me"], auth=member_auth)

FILM_SLUG = Path(
    ..., max_length=255, pattern=SLUG_PATTERN, description="e.g. 'heat-1995'."
)
WRITE_LIMIT = {"limit": 120, "window": 60}
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 429: ErrorOut}


def _member(request: HttpRequest) -> User:
    return member_of(request)


def _film(slug: str) -> Film:
    film = Film.objects.filter(slug=slug).first()
    if film is None:
        raise Http404(f"No film with slug {slug!r}.")
    return film


def _count_write(request: HttpRequest, scope: str) -> None:
    """The members' rate limit (members/ratelimit.py) on every write: 429 with
    Retry-After over it. Called inside the operation, once the member is known."""
    retry_after = hit(scope, client_key(request), **WRITE_LIMIT)
    if retry_after:
        raise Throttled(wait=retry_after)


def _refused(error: ratings.MemberDataError) -> HttpError:
    return HttpError(400, str(error))


# --- Ratings ---------------------------------------------------------------------


def _rating_out(rating: Rating) -> dict[str, Any]:
    return {
        "film": rating.film,
        "rating": rating.value,
        "stars": rating.value / 2,
        "rated_at": rating.updated_at,
    }


@router.get(
    "/ratings",
    response={200: RatingListOut, **ERRORS},
    operation_id="listMyRatings",
    url_name="me_ratings",
    summary="List my ratings",
    description="My ratings, most recently changed first.",
)
def list_ratings(request: HttpRequest, page: Query[MeListIn]) -> dict[str, Any]:
    rows = (
        rows_within_limit(
            Rating.objects.filter(user=_member(request)), content_limit_for(request)
        )
        .select_related("film")
        .order_by("-updated_at", "-id")
    )
    return page_of(rows, page, _rating_out)


@router.put(
    "/ratings/{slug}",
    response={200: RatingOut, **ERRORS},
    operation_id="rateFilm",
    url_name="me_rating",
    summary="Rate a film",
    description="Set (or replace) my rating of the film; the film becomes watched "
    "and leaves my watchlist.",
)
def rate_film(
    request: HttpRequest, payload: RatingIn, slug: str = FILM_SLUG
) -> dict[str, Any]:
    _count_write(request, "api-ratings")
    film = _film(slug)
    try:
        rating = ratings.rating_set(
            user=_member(request), film=film, value=payload.rating
        )
    except ratings.MemberDataError as error:
        raise _refused(error) from None
    return _rating_out(rating)


@router.delete(
    "/ratings/{slug}",
    response={204: None, **ERRORS},
    operation_id="clearRating",
    url_name="me_rating_clear",
    summary="Clear my rating of a film",
    description="The film stays watched. 404 when I have not rated it.",
)
def clear_rating(request: HttpRequest, slug: str = FILM_SLUG) -> Status[None]:
    _count_write(request, "api-ratings")
    if not ratings.rating_clear(user=_member(request), film=_film(slug)):
        raise Http404("You have not rated this film.")
    return Status(204, None)


# --- Diary -----------------------------------------------------------------------


def _diary_rows(member: User) -> Any:
    return (
        DiaryEntry.objects.filter(user=member)
        .select_related("film")
        .annotate(has_review=Exists(Review.objects.filter(diary_entry=OuterRef("pk"))))
        .order_by("-watched_on", "-id")
    )


@router.get(
    "/diary",
    response={200: DiaryListOut, **ERRORS},
    operation_id="listMyDiary",
    url_name="me_diary",
    summary="List my diary",
    description="My logged viewings, newest first.",
)
def list_diary(request: HttpRequest, page: Query[MeListIn]) -> dict[str, Any]:
    rows = rows_within_limit(_diary_rows(_member(request)), content_limit_for(request))
    return page_of(rows, page)


@router.post(
    "/diary",
    response={201: DiaryEntryOut, **ERRORS},
    operation_id="logViewing",
    url_name="me_diary_create",
    summary="Log a viewing",
    description="A new diary entry (several viewings are several entries). A rating "
    "also becomes my rating of the film; review text becomes a review.",
)
def log_viewing(request: HttpRequest, payload: DiaryEntryIn) -> Status[Any]:
    _count_write(request, "api-diary")
    member = _member(request)
    film = _film(payload.film)
    try:
        viewing = ratings.Viewing(
            watched_on=payload.watched_on,
            rating=payload.rating,
            rewatch=payload.rewatch,
            tags=tuple(ratings.cleaned_tags(payload.tags)),
            review=payload.review,
            contains_spoilers=payload.contains_spoilers,
        )
        entry = ratings.diary_entry_create(user=member, film=film, viewing=viewing)
    except ratings.MemberDataError as error:
        raise _refused(error) from None
    return Status(201, _diary_rows(member).get(pk=entry.pk))


@router.put(
    "/diary/{entry_id}",
    response={200: DiaryEntryOut, **ERRORS},
    operation_id="changeDiaryEntry",
    url_name="me_diary_entry_change",
    summary="Change a diary entry",
    description="Its date, rating, rewatch flag and tags (404 for an id that is "
    "not one of my entries). A rating also becomes my rating of the film.",
)
def change_diary_entry(
    request: HttpRequest,
    payload: DiaryEntryChangeIn,
    entry_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    _count_write(request, "api-diary")
    member = _member(request)
    try:
        viewing = ratings.Viewing(
            watched_on=payload.watched_on,
            rating=payload.rating,
            rewatch=payload.rewatch,
            tags=tuple(payload.tags),
        )
        entry = ratings.diary_entry_update(
            user=member, entry_id=entry_id, viewing=viewing
        )
    except ratings.MemberDataError as error:
        raise _refused(error) from None
    if entry is None:
        raise Http404("You have no diary entry with this id.")
    return _diary_rows(member).get(pk=entry.pk)


@router.delete(
    "/diary/{entry_id}",
    response={204: None, **ERRORS},
    operation_id="deleteDiaryEntry",
    url_name="me_diary_entry",
    summary="Delete a diary entry",
    description="One of my diary entries (404 for any other id). The film stays "
    "watched and rated; a review written with it stays.",
)
def delete_diary_entry(
    request: HttpRequest, entry_id: int = Path(..., ge=1, le=MAX_ID)
) -> Status[None]:
    _count_write(request, "api-diary")
    if not ratings.diary_entry_delete(user=_member(request), entry_id=entry_id):
        raise Http404("You have no diary entry with this id.")
    return Status(204, None)


# --- Watchlist -------------------------------------------------------------------


@router.get(
    "/watchlist",
    response={200: WatchlistListOut, **ERRORS},
    operation_id="listMyWatchlist",
    url_name="me_watchlist",
    summary="List my watchlist",
    description="The films on my watchlist, most recently added first.",
)
def list_watchlist(
    request: HttpRequest,
    page: Query[MeListIn],
    on_my_services: bool = ON_MY_SERVICES_QUERY,
) -> dict[str, Any]:
    rows = (
        rows_within_limit(
            WatchlistEntry.objects.filter(user=_member(request)),
            content_limit_for(request),
        )
        .select_related("film")
        .order_by("-added_at", "-id")
    )
    rows = narrowed(request, rows, film_field="film_id", on_my_services=on_my_services)
    return page_of(rows, page)


@router.put(
    "/watchlist/{slug}",
    response={200: WatchlistEntryOut, 201: WatchlistEntryOut, **ERRORS},
    operation_id="addToWatchlist",
    url_name="me_watchlist_entry",
    summary="Add a film to my watchlist",
    description="201 when added, 200 when it was already there.",
)
def add_to_watchlist(request: HttpRequest, slug: str = FILM_SLUG) -> Status[Any]:
    _count_write(request, "api-watchlist")
    member = _member(request)
    film = _film(slug)
    added = ratings.watchlist_add(user=member, film=film)
    entry = WatchlistEntry.objects.select_related("film").get(user=member, film=film)
    return Status(201 if added else 200, entry)


@router.delete(
    "/watchlist/{slug}",
    response={204: None, **ERRORS},
    operation_id="removeFromWatchlist",
    url_name="me_watchlist_remove",
    summary="Remove a film from my watchlist",
    description="404 when the film is not on it.",
)
def remove_from_watchlist(request: HttpRequest, slug: str = FILM_SLUG) -> Status[None]:
    _count_write(request, "api-watchlist")
    if not ratings.watchlist_remove(user=_member(request), film=_film(slug)):
        raise Http404("This film is not on your watchlist.")
    return Status(204, None)
