"""The film page's member rating (average, count, half-star histogram, JSON-LD) from
stored counters, its cache invalidation, and the member's own state through the
personal fields (rate, clear, watched, watchlist)."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cinematheque.members import ratings
from cinematheque.members.models import Rating, WatchlistEntry
from tests import factories
from tests.catalogue.html import element_text, json_ld

pytestmark = pytest.mark.django_db

FILM = "/films/heat-1995/"
PERSONAL = "/personal/films/heat-1995/"


@pytest.fixture
def heat(db):
    return factories.make_film(title="Heat", year=1995, slug="heat-1995")


@pytest.fixture
def member(client):
    user = factories.make_user(username="ada")
    client.force_login(user)
    return user


def movie(html: str) -> dict:
    return next(item for item in json_ld(html) if item.get("@type") == "Movie")


def rate(film, *values: int) -> None:
    for value in values:
        ratings.rating_set(user=factories.make_user(), film=film, value=value)


def test_a_film_nobody_rated_says_so_and_claims_no_aggregate_rating(client, heat):
    html = client.get(FILM).content.decode()
    assert element_text(html, "member-rating") == "Member rating No member ratings yet"
    assert "aggregateRating" not in movie(html)


def test_member_average_count_and_histogram(client, heat):
    rate(heat, 9, 9, 10, 6)
    html = client.get(FILM).content.decode()
    text = element_text(html, "member-rating")
    assert text.startswith("Member rating 4.3/5 4 ratings")
    assert "4½ stars: 2" in text
    assert "5 stars: 1" in text
    assert "3 stars: 1" in text
    assert "½ stars: 0" in text
    assert movie(html)["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": 4.25,
        "ratingCount": 4,
        "bestRating": 5,
        "worstRating": 0.5,
    }


def test_a_new_rating_makes_the_cached_page_show_it(client, heat):
    assert client.get(FILM)["X-Cache"] == "MISS"
    assert client.get(FILM)["X-Cache"] == "HIT"
    rate(heat, 8)
    response = client.get(FILM)
    assert response["X-Cache"] == "MISS"
    assert "1 rating" in element_text(response.content.decode(), "member-rating")
    ratings.rating_clear(user=Rating.objects.get().user, film=heat)
    response = client.get(FILM)
    assert response["X-Cache"] == "MISS"
    assert "No member ratings yet" in response.content.decode()


def test_a_film_with_ten_thousand_ratings_reads_counters_not_ratings(
    client, heat, settings
):
    settings.PAGE_CACHE_ENABLED = False  # count the render's queries
    with CaptureQueriesContext(connection) as unrated:
        client.get(FILM)
    user_model = get_user_model()
    user_model.objects.bulk_create(
        [user_model(username=f"rater-{n}", password="!") for n in range(10_000)]
    )
    raters = user_model.objects.filter(username__startswith="rater-")
    Rating.objects.bulk_create(
        [
            Rating(user_id=pk, film=heat, value=n % 10 + 1)
            for n, pk in enumerate(raters.values_list("pk", flat=True))
        ]
    )
    ratings.rating_summaries_rebuild(film_ids=[heat.pk])
    with CaptureQueriesContext(connection) as rated:
        html = client.get(FILM).content.decode()
    assert "10,000 ratings" in element_text(html, "member-rating")
    assert "5 stars: 1,000" in element_text(html, "member-rating")  # a bar's count
    assert movie(html)["aggregateRating"]["ratingCount"] == 10_000
    assert len(rated) == len(unrated)
    ratings_table = f'"{Rating._meta.db_table}"'  # not members_ratingsummary
    assert not any(ratings_table in query["sql"] for query in rated)


def test_a_visitor_reads_nulls_and_may_not_rate(client, heat):
    fields = client.get(PERSONAL).json()["fields"]
    assert fields["rating"] is None
    assert fields["watched"] is None
    response = client.post(
        PERSONAL, json.dumps({"rating": 8}), content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["errors"]["rating"].startswith("Sign in")
    assert not Rating.objects.exists()


def test_a_member_rates_clears_and_keeps_a_watchlist_through_personal_fields(
    client, heat, member
):
    fields = client.get(PERSONAL).json()["fields"]
    assert fields | {"member": None} == {
        "member": None,
        "rating": None,
        "watched": False,
        "on_watchlist": False,
        "diary_count": 0,
        "hidden_films": [],  # no content limit
        # the watch app's: no copy in a library, the operator's region
        "playable": False,
        "watch_region": "US",
    }
    post = client.post(
        PERSONAL, json.dumps({"on_watchlist": True}), content_type="application/json"
    )
    assert post.json()["fields"]["on_watchlist"] is True
    post = client.post(
        PERSONAL, json.dumps({"rating": 9}), content_type="application/json"
    )
    fields = post.json()["fields"]
    assert (fields["rating"], fields["watched"], fields["on_watchlist"]) == (
        9,
        True,
        False,
    )
    assert not WatchlistEntry.objects.exists()
    post = client.post(
        PERSONAL, json.dumps({"rating": None}), content_type="application/json"
    )
    assert post.json()["fields"]["rating"] is None
    post = client.post(
        PERSONAL, json.dumps({"watched": False}), content_type="application/json"
    )
    assert post.json()["fields"]["watched"] is False


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rating": 11}, "not 11"),
        ({"rating": "9"}, "whole number"),
        ({"rating": 4.5}, "whole number"),
        ({"watched": "yes"}, "true or false"),
        ({"on_watchlist": 1}, "true or false"),
    ],
)
def test_a_bad_value_is_a_400_with_a_message_and_changes_nothing(
    client, heat, member, change, message
):
    response = client.post(
        PERSONAL,
        json.dumps({"on_watchlist": True, **change}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert message in next(iter(response.json()["errors"].values()))
    assert not WatchlistEntry.objects.exists()  # the whole request was refused
    assert not Rating.objects.exists()


def test_unwatching_a_rated_film_is_refused_with_a_reason(client, heat, member):
    ratings.rating_set(user=member, film=heat, value=8)
    response = client.post(
        PERSONAL, json.dumps({"watched": False}), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["watched"].startswith("Clear your rating")


def test_the_personal_fields_take_one_query_for_the_members_state(client, heat, member):
    ratings.rating_set(user=member, film=heat, value=8)
    client.get(PERSONAL)  # the session and user are read once per request too
    with CaptureQueriesContext(connection) as queries:
        client.get(PERSONAL)
    state = [q for q in queries if '"members_rating"' in q["sql"]]
    assert len(state) == 1
