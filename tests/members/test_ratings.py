"""The ratings services: half-star ratings with exact stored counters, watched,
diary entries and the watchlist, behaving as Letterboxd does."""

from __future__ import annotations

import datetime
import random
import threading

import pytest
from django.db import connection, connections

from cinematheque.members import ratings
from cinematheque.members.models import (
    DiaryEntry,
    Rating,
    RatingSummary,
    Review,
    WatchedFilm,
    WatchlistEntry,
)
from tests import factories

pytestmark = pytest.mark.django_db


def recount(film_id: int) -> dict[str, int]:
    values = list(
        Rating.objects.filter(film_id=film_id).values_list("value", flat=True)
    )
    counts = {f"bucket_{n}": values.count(n) for n in range(1, 11)}
    return {"count": len(values), "total": sum(values), **counts}


def stored(film_id: int) -> dict[str, int]:
    summary = RatingSummary.objects.filter(film_id=film_id).first()
    if summary is None:
        return recount(-1)  # all zero
    fields = ["count", "total", *(f"bucket_{n}" for n in range(1, 11))]
    return {name: getattr(summary, name) for name in fields}


@pytest.fixture
def member():
    return factories.make_user(username="ada")


def test_a_rating_counts_in_the_summary_and_marks_the_film_watched(member, film):
    ratings.watchlist_add(user=member, film=film)
    rating = ratings.rating_set(user=member, film=film, value=9)
    assert rating.value == 9
    summary = RatingSummary.objects.get(film=film)
    assert (summary.count, summary.total, summary.bucket_9) == (1, 9, 1)
    assert summary.average_stars == 4.5
    assert WatchedFilm.objects.filter(user=member, film=film).exists()
    assert not WatchlistEntry.objects.filter(user=member, film=film).exists()


def test_changing_a_rating_moves_it_between_buckets(member, film):
    ratings.rating_set(user=member, film=film, value=9)
    ratings.rating_set(user=member, film=film, value=4)
    assert Rating.objects.get(user=member, film=film).value == 4
    assert stored(film.pk) == recount(film.pk)
    assert stored(film.pk)["bucket_9"] == 0
    assert stored(film.pk)["bucket_4"] == 1


def test_clearing_a_rating_takes_it_out_and_keeps_the_film_watched(member, film):
    ratings.rating_set(user=member, film=film, value=7)
    assert ratings.rating_clear(user=member, film=film) is True
    assert ratings.rating_clear(user=member, film=film) is False
    assert stored(film.pk)["count"] == 0
    assert stored(film.pk)["total"] == 0
    assert WatchedFilm.objects.filter(user=member, film=film).exists()


@pytest.mark.parametrize("value", [0, 11, -1, 4.5, "9", True, None])
def test_a_rating_outside_half_stars_one_to_ten_is_refused(member, film, value):
    with pytest.raises(ratings.MemberDataError, match="half stars"):
        ratings.rating_set(user=member, film=film, value=value)
    assert not Rating.objects.exists()
    assert not RatingSummary.objects.exists()


def test_counters_equal_a_recount_after_many_changes(db):
    members = [factories.make_user() for _ in range(12)]
    films = [factories.make_film() for _ in range(4)]
    chance = random.Random(1995)  # noqa: S311 - a repeatable sequence, not a secret
    for _ in range(400):
        member, film = chance.choice(members), chance.choice(films)
        if chance.random() < 0.2:
            ratings.rating_clear(user=member, film=film)
        else:
            ratings.rating_set(user=member, film=film, value=chance.randint(1, 10))
    for film in films:
        assert stored(film.pk) == recount(film.pk)
    assert sum(stored(film.pk)["count"] for film in films) == Rating.objects.count()


def test_rebuilding_the_summaries_repairs_counters_written_around_the_services(
    member, film
):
    other = factories.make_user()
    Rating.objects.bulk_create(
        [
            Rating(user=member, film=film, value=3),
            Rating(user=other, film=film, value=8),
        ]
    )
    assert stored(film.pk)["count"] == 0
    ratings.rating_summaries_rebuild(film_ids=[film.pk])
    assert stored(film.pk) == recount(film.pk)
    assert stored(film.pk)["count"] == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_ratings_of_one_film_all_count(db):
    """Every member rates at once in their own connection: F() updates add up."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: nothing runs concurrently")
    film = factories.make_film()
    members = [factories.make_user() for _ in range(8)]
    start = threading.Barrier(len(members))
    failures: list[BaseException] = []

    def rate(member, value):
        try:
            start.wait()
            for step in range(5):
                ratings.rating_set(
                    user=member, film=film, value=(value + step) % 10 + 1
                )
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=rate, args=(member, n))
        for n, member in enumerate(members)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert stored(film.pk) == recount(film.pk)
    assert stored(film.pk)["count"] == len(members)


def test_a_rated_film_cannot_be_unwatched_until_the_rating_is_cleared(member, film):
    ratings.rating_set(user=member, film=film, value=6)
    with pytest.raises(ratings.MemberDataError, match="Clear your rating"):
        ratings.watched_set(user=member, film=film, watched=False)
    ratings.rating_clear(user=member, film=film)
    ratings.watched_set(user=member, film=film, watched=False)
    assert not WatchedFilm.objects.filter(user=member, film=film).exists()


def test_watching_a_film_takes_it_off_the_watchlist(member, film):
    assert ratings.watchlist_add(user=member, film=film) is True
    assert ratings.watchlist_add(user=member, film=film) is False
    ratings.watched_set(user=member, film=film, watched=True)
    assert not WatchlistEntry.objects.filter(user=member).exists()
    assert ratings.watchlist_remove(user=member, film=film) is False


def test_several_viewings_are_several_diary_entries(member, film):
    first = ratings.diary_entry_create(
        user=member,
        film=film,
        viewing=ratings.Viewing(watched_on=datetime.date(2024, 1, 5), rating=8),
    )
    second = ratings.diary_entry_create(
        user=member,
        film=film,
        viewing=ratings.Viewing(
            watched_on=datetime.date(2025, 3, 1),
            rating=9,
            rewatch=True,
            tags=(" Cinema ", "with  Family", "cinema", ""),
            review="Better the second time.",
            contains_spoilers=True,
        ),
    )
    assert DiaryEntry.objects.filter(user=member, film=film).count() == 2
    assert first.rating == 8
    assert second.tags == ["cinema", "with family"]
    assert second.rewatch is True
    assert Rating.objects.get(user=member, film=film).value == 9  # the latest
    assert stored(film.pk)["count"] == 1
    review = Review.objects.get(diary_entry=second)
    assert review.body == "Better the second time."
    assert review.contains_spoilers is True
    assert WatchedFilm.objects.filter(user=member, film=film).exists()


def test_a_viewing_without_a_rating_keeps_the_films_rating(member, film):
    ratings.rating_set(user=member, film=film, value=5)
    ratings.diary_entry_create(
        user=member,
        film=film,
        viewing=ratings.Viewing(watched_on=datetime.date(2025, 3, 1)),
    )
    assert Rating.objects.get(user=member, film=film).value == 5
    assert not Review.objects.exists()


def test_a_viewing_in_the_future_or_with_bad_tags_is_refused(member, film):
    future = datetime.date.today() + datetime.timedelta(days=30)  # noqa: DTZ011
    with pytest.raises(ratings.MemberDataError, match="future"):
        ratings.diary_entry_create(
            user=member, film=film, viewing=ratings.Viewing(watched_on=future)
        )
    with pytest.raises(ratings.MemberDataError, match="at most 20 tags"):
        ratings.cleaned_tags([f"tag {n}" for n in range(21)])
    with pytest.raises(ratings.MemberDataError, match="at most 50 characters"):
        ratings.cleaned_tags(["x" * 51])
    assert not DiaryEntry.objects.exists()


def test_a_logged_film_cannot_be_unwatched_and_deleting_an_entry_is_owners_only(
    member, film
):
    entry = ratings.diary_entry_create(
        user=member,
        film=film,
        viewing=ratings.Viewing(watched_on=datetime.date(2025, 3, 1)),
    )
    with pytest.raises(ratings.MemberDataError, match="diary entries"):
        ratings.watched_set(user=member, film=film, watched=False)
    intruder = factories.make_user()
    assert ratings.diary_entry_delete(user=intruder, entry_id=entry.pk) is False
    assert ratings.diary_entry_delete(user=member, entry_id=entry.pk) is True
    assert not DiaryEntry.objects.exists()
