"""What a member keeps of the films they see: ratings in half stars, the films they
have watched, their diary of viewings and their watchlist.

These services are the only code that writes those rows. Each keeps the film's
`RatingSummary` counters exact in the same transaction (F() updates, so concurrent
ratings of one film add up instead of overwriting each other) and names the cached
film pages it changed. They behave as Letterboxd does: a rating or a logged viewing
marks the film watched, and a watched film leaves the watchlist.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from cinematheque.catalogue.models import Film
from cinematheque.members.models import (
    DiaryEntry,
    Rating,
    RatingSummary,
    Review,
    User,
    WatchedFilm,
    WatchlistEntry,
)
from cinematheque.members.reviews import review_create, review_delete, review_update
from cinematheque.pages.cache import page_cache_forget

MIN_HALF_STARS = 1
MAX_HALF_STARS = 10
MAX_TAGS = 20
MAX_TAG_LENGTH = 50


class MemberDataError(ValueError):
    """A change a member asked for that cannot be made; the message says why, in
    words fit to show them."""


# --- Ratings ---------------------------------------------------------------------


def checked_half_stars(value: object) -> int:
    """`value` as half stars (1 = ½ star … 10 = 5 stars); MemberDataError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise MemberDataError(
            "A rating is a whole number of half stars, from 1 (½ star) to 10 (5 stars)."
        )
    if not MIN_HALF_STARS <= value <= MAX_HALF_STARS:
        raise MemberDataError(
            f"A rating is from 1 (½ star) to 10 (5 stars) half stars, not {value}."
        )
    return value


@transaction.atomic
def rating_set(*, user: User, film: Film, value: int) -> Rating:
    """Rate `film` `value` half stars (replacing the member's earlier rating), mark
    it watched, and update the film's counters. MemberDataError for a value that is
    not 1 to 10."""
    value = checked_half_stars(value)
    rating = Rating.objects.select_for_update().filter(user=user, film=film).first()
    if rating is None:
        try:
            # A savepoint: the same member may rate the same film twice at once.
            with transaction.atomic():
                rating = Rating.objects.create(user=user, film=film, value=value)
        except IntegrityError:
            rating = Rating.objects.select_for_update().get(user=user, film=film)
        else:
            _count(film.pk, value, +1)
    if rating.value != value:
        _count(film.pk, rating.value, -1)
        _count(film.pk, value, +1)
        rating.value = value
        rating.save(update_fields=["value", "updated_at"])
    _mark_watched(user, film)
    page_cache_forget(films=[film.pk])
    return rating


@transaction.atomic
def rating_clear(*, user: User, film: Film) -> bool:
    """Remove the member's rating of `film` (the film stays watched); False when
    there was none."""
    rating = Rating.objects.select_for_update().filter(user=user, film=film).first()
    if rating is None:
        return False
    rating.delete()
    _count(film.pk, rating.value, -1)
    page_cache_forget(films=[film.pk])
    return True


def _count(film_id: int, value: int, step: int) -> None:
    """Add (step +1) or take away (-1) one rating of `value` in the film's counters."""
    bucket = f"bucket_{value}"
    changes = {
        "count": F("count") + step,
        "total": F("total") + step * value,
        bucket: F(bucket) + step,
    }
    if not RatingSummary.objects.filter(film_id=film_id).update(**changes):
        RatingSummary.objects.bulk_create(
            [RatingSummary(film_id=film_id)], ignore_conflicts=True
        )
        RatingSummary.objects.filter(film_id=film_id).update(**changes)


def rating_summaries_rebuild(*, film_ids: Iterable[int]) -> None:
    """Recount the counters of these films from their ratings: after rows were
    written without these services (a bulk import), or to repair them."""
    film_ids = list(film_ids)
    buckets = {
        f"bucket_{n}": Count("pk", filter=Q(value=n))
        for n in range(MIN_HALF_STARS, MAX_HALF_STARS + 1)
    }
    counted = (
        Rating.objects.filter(film_id__in=film_ids)
        .values("film_id")
        .annotate(count=Count("pk"), total=Sum("value"), **buckets)
    )
    with transaction.atomic():
        RatingSummary.objects.filter(film_id__in=film_ids).delete()
        RatingSummary.objects.bulk_create(
            [RatingSummary(**row) for row in counted if row["count"]]
        )
    page_cache_forget(films=film_ids)


# --- Watched ---------------------------------------------------------------------


def _mark_watched(user: User, film: Film) -> None:
    WatchedFilm.objects.bulk_create(
        [WatchedFilm(user=user, film=film)], ignore_conflicts=True
    )
    WatchlistEntry.objects.filter(user=user, film=film).delete()


@transaction.atomic
def watched_set(*, user: User, film: Film, watched: bool) -> None:
    """Mark `film` watched (it leaves the watchlist) or not watched. A film the
    member rated or logged stays watched: MemberDataError says what to remove first."""
    if watched:
        _mark_watched(user, film)
        return
    if Rating.objects.filter(user=user, film=film).exists():
        raise MemberDataError("Clear your rating first: a rated film is watched.")
    if DiaryEntry.objects.filter(user=user, film=film).exists():
        raise MemberDataError(
            "Delete the film's diary entries first: a logged film is watched."
        )
    WatchedFilm.objects.filter(user=user, film=film).delete()


# --- Diary -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Viewing:
    """What a member logs of one viewing."""

    watched_on: datetime.date
    rating: int | None = None
    """Half stars; also becomes the member's rating of the film."""
    rewatch: bool = False
    tags: tuple[str, ...] = ()
    review: str = ""
    contains_spoilers: bool = False


def cleaned_tags(tags: Iterable[str]) -> list[str]:
    """Tags as kept: trimmed, lower case, each once, in the order given;
    MemberDataError when there are too many or one is too long."""
    cleaned: list[str] = []
    for given in tags:
        tag = " ".join(str(given).split()).lower()
        if len(tag) > MAX_TAG_LENGTH:
            raise MemberDataError(
                f"A tag has at most {MAX_TAG_LENGTH} characters: {tag[:20]}…"
            )
        if tag and tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise MemberDataError(f"A viewing has at most {MAX_TAGS} tags.")
    return cleaned


def _check_date(watched_on: datetime.date) -> None:
    # A day of slack: the member's evening may already be tomorrow on the server.
    if watched_on > timezone.localdate() + datetime.timedelta(days=1):
        raise MemberDataError("A viewing cannot be dated in the future.")


@transaction.atomic
def diary_entry_create(*, user: User, film: Film, viewing: Viewing) -> DiaryEntry:
    """Log a viewing of `film`: a new diary entry (several viewings are several
    entries), the film marked watched, its rating set when the viewing has one, and
    a review written with it (members/reviews.py) when there is text."""
    rating = None if viewing.rating is None else checked_half_stars(viewing.rating)
    _check_date(viewing.watched_on)
    entry = DiaryEntry.objects.create(
        user=user,
        film=film,
        watched_on=viewing.watched_on,
        rating=rating,
        rewatch=viewing.rewatch,
        tags=cleaned_tags(viewing.tags),
    )
    if rating is not None:
        rating_set(user=user, film=film, value=rating)
    else:
        _mark_watched(user, film)
    if viewing.review.strip():
        try:
            review_create(
                user=user,
                film=film,
                body=viewing.review,
                contains_spoilers=viewing.contains_spoilers,
                diary_entry=entry,
            )
        except ValidationError as error:
            raise MemberDataError(" ".join(error.messages)) from None
    return entry


@transaction.atomic
def diary_entry_update(
    *, user: User, entry_id: int, viewing: Viewing
) -> DiaryEntry | None:
    """Change the date, rating, rewatch flag and tags of one of the member's diary
    entries (a rating also becomes their rating of the film); None when the member
    has no entry with this id. The review written with it is changed elsewhere."""
    entry = (
        DiaryEntry.objects.select_for_update().filter(user=user, pk=entry_id).first()
    )
    if entry is None:
        return None
    _check_date(viewing.watched_on)
    entry.watched_on = viewing.watched_on
    entry.rating = (
        None if viewing.rating is None else checked_half_stars(viewing.rating)
    )
    entry.rewatch = viewing.rewatch
    entry.tags = cleaned_tags(viewing.tags)
    entry.save(update_fields=["watched_on", "rating", "rewatch", "tags"])
    if entry.rating is not None:
        rating_set(user=user, film=entry.film, value=entry.rating)
    return entry


@transaction.atomic
def diary_entry_edit(
    *, user: User, entry_id: int, viewing: Viewing
) -> DiaryEntry | None:
    """Change everything one of the member's diary entries holds: its date,
    rating, rewatch flag and tags (`diary_entry_update`) and the review written
    with it: changed, written when there was none, deleted when the text is
    emptied. None when the member has no entry with this id."""
    entry = diary_entry_update(user=user, entry_id=entry_id, viewing=viewing)
    if entry is None:
        return None
    review = Review.objects.filter(diary_entry=entry).first()
    try:
        if review is not None and viewing.review.strip():
            review_update(
                review=review,
                body=viewing.review,
                contains_spoilers=viewing.contains_spoilers,
            )
        elif review is not None:
            review_delete(review=review)
        elif viewing.review.strip():
            review_create(
                user=user,
                film=entry.film,
                body=viewing.review,
                contains_spoilers=viewing.contains_spoilers,
                diary_entry=entry,
            )
    except ValidationError as error:
        raise MemberDataError(" ".join(error.messages)) from None
    return entry


@transaction.atomic
def diary_entry_delete(*, user: User, entry_id: int) -> bool:
    """Delete one of the member's diary entries (its review stays, unattached);
    False when the member has no entry with this id. The film stays watched and
    the rating stays: they belong to the film, not to the viewing."""
    deleted, _ = DiaryEntry.objects.filter(user=user, pk=entry_id).delete()
    return bool(deleted)


# --- Watchlist -------------------------------------------------------------------


def watchlist_add(*, user: User, film: Film) -> bool:
    """Put `film` on the member's watchlist; False when it was already there. A
    watched film may go on it too: to see it again."""
    _, created = WatchlistEntry.objects.get_or_create(user=user, film=film)
    return created


def watchlist_remove(*, user: User, film: Film) -> bool:
    """Take `film` off the member's watchlist; False when it was not on it."""
    deleted, _ = WatchlistEntry.objects.filter(user=user, film=film).delete()
    return bool(deleted)
