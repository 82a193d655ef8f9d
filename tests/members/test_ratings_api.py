"""/api/v1/me/ratings, /me/diary and /me/watchlist: read and write, paginated lists,
401 without authentication, 4xx with a message on bad input."""

from __future__ import annotations

import datetime

import pytest

from cinematheque.members import ratings
from cinematheque.members.models import DiaryEntry, Rating, Review, WatchlistEntry
from tests import factories

pytestmark = pytest.mark.django_db

API = "/api/v1/me"


@pytest.fixture
def heat(db):
    return factories.make_film(title="Heat", year=1995, slug="heat-1995")


@pytest.fixture
def member(client):
    user = factories.make_user(username="ada")
    client.force_login(user)
    return user


def put(client, url, body=None):
    return client.put(url, body or {}, content_type="application/json")


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/ratings"),
        ("put", "/ratings/heat-1995"),
        ("delete", "/ratings/heat-1995"),
        ("get", "/diary"),
        ("post", "/diary"),
        ("put", "/diary/1"),
        ("delete", "/diary/1"),
        ("get", "/watchlist"),
        ("put", "/watchlist/heat-1995"),
        ("delete", "/watchlist/heat-1995"),
    ],
)
def test_every_endpoint_answers_401_without_authentication(client, heat, method, url):
    response = getattr(client, method)(API + url, {}, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["status"] == 401


def test_rate_read_and_clear_a_film(client, heat, member):
    response = put(client, f"{API}/ratings/heat-1995", {"rating": 9})
    assert response.status_code == 200
    body = response.json()
    assert (body["rating"], body["stars"], body["film"]["slug"]) == (
        9,
        4.5,
        "heat-1995",
    )
    listed = client.get(f"{API}/ratings").json()
    assert listed["count"] == 1
    assert listed["items"][0]["film"]["url"] == "/films/heat-1995/"
    assert client.delete(f"{API}/ratings/heat-1995").status_code == 204
    assert client.delete(f"{API}/ratings/heat-1995").status_code == 404
    assert not Rating.objects.exists()


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"rating": 11}, "rating: Input should be less than or equal to 10."),
        ({"rating": 0}, "rating: Input should be greater than or equal to 1."),
        ({"rating": "9"}, "rating: Input should be a valid integer."),
        ({"rating": 4.5}, "rating: Input should be a valid integer."),
        ({}, "rating: Field required."),
    ],
)
def test_a_bad_rating_is_a_400_with_a_message(client, heat, member, body, detail):
    response = put(client, f"{API}/ratings/heat-1995", body)
    assert response.status_code == 400
    assert detail in response.json()["detail"]
    assert not Rating.objects.exists()


def test_an_unknown_film_is_a_404_with_a_message(client, member):
    response = put(client, f"{API}/ratings/no-such-film", {"rating": 5})
    assert response.status_code == 404
    assert response.json()["detail"] == "No film with slug 'no-such-film'."
    response = client.post(
        f"{API}/diary",
        {"film": "no-such-film", "watched_on": "2025-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_log_list_and_delete_viewings(client, heat, member):
    body = {
        "film": "heat-1995",
        "watched_on": "2025-03-01",
        "rating": 10,
        "rewatch": True,
        "tags": ["Cinema", "cinema", "70mm"],
        "review": "Still the best shoot-out.",
        "contains_spoilers": False,
    }
    response = client.post(f"{API}/diary", body, content_type="application/json")
    assert response.status_code == 201
    entry = response.json()
    assert entry["tags"] == ["cinema", "70mm"]
    assert entry["has_review"] is True
    assert entry["rating"] == 10
    client.post(
        f"{API}/diary",
        {"film": "heat-1995", "watched_on": "2024-01-02"},
        content_type="application/json",
    )
    listed = client.get(f"{API}/diary?limit=1").json()
    assert (listed["count"], listed["limit"]) == (2, 1)
    assert [item["watched_on"] for item in listed["items"]] == ["2025-03-01"]
    second = client.get(f"{API}/diary?limit=1&offset=1").json()["items"]
    assert second[0]["watched_on"] == "2024-01-02"
    assert Rating.objects.get().value == 10
    assert Review.objects.get().body == "Still the best shoot-out."
    assert client.delete(f"{API}/diary/{entry['id']}").status_code == 204
    assert DiaryEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"film": "heat-1995", "watched_on": "2025-13-01"}, "watched_on"),
        ({"film": "heat-1995", "watched_on": "2999-01-01"}, "future"),
        ({"film": "heat-1995", "watched_on": "2025-01-01", "rating": 11}, "10"),
        ({"film": "heat 1995", "watched_on": "2025-01-01"}, "film"),
        (
            {"film": "heat-1995", "watched_on": "2025-01-01", "tags": ["x" * 60]},
            "50 characters",
        ),
    ],
)
def test_a_bad_viewing_is_a_400_with_a_message(client, heat, member, body, detail):
    response = client.post(f"{API}/diary", body, content_type="application/json")
    assert response.status_code == 400
    assert detail in response.json()["detail"]
    assert not DiaryEntry.objects.exists()


def test_watchlist_add_list_and_remove(client, heat, member):
    assert put(client, f"{API}/watchlist/heat-1995").status_code == 201
    assert put(client, f"{API}/watchlist/heat-1995").status_code == 200
    listed = client.get(f"{API}/watchlist").json()
    assert listed["count"] == 1
    assert listed["items"][0]["film"]["title"] == "Heat"
    assert client.delete(f"{API}/watchlist/heat-1995").status_code == 204
    assert client.delete(f"{API}/watchlist/heat-1995").status_code == 404
    assert not WatchlistEntry.objects.exists()


@pytest.mark.parametrize("query", ["limit=101", "limit=0", "offset=-1", "limit=x"])
def test_list_parameters_out_of_range_are_400(client, member, query):
    for resource in ("ratings", "diary", "watchlist"):
        response = client.get(f"{API}/{resource}?{query}")
        assert response.status_code == 400, resource


def test_lists_take_the_same_queries_however_long(
    client, member, django_assert_max_num_queries
):
    films = [factories.make_film() for _ in range(30)]
    for film in films:
        ratings.rating_set(user=member, film=film, value=7)
        ratings.watchlist_add(user=member, film=film)
        ratings.diary_entry_create(
            user=member,
            film=film,
            viewing=ratings.Viewing(watched_on=datetime.date(2025, 1, 1)),
        )
    for resource in ("ratings", "diary", "watchlist"):
        with django_assert_max_num_queries(4):  # session, user, count, page
            response = client.get(f"{API}/{resource}?limit=100")
        assert response.status_code == 200


def test_api_writes_are_rate_limited(client, heat, member, frozen_window):
    for _ in range(120):
        assert put(client, f"{API}/watchlist/heat-1995").status_code in {200, 201}
    response = put(client, f"{API}/watchlist/heat-1995")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many requests" in response.json()["detail"]
    assert client.get(f"{API}/watchlist").status_code == 200  # reads are not counted


def test_the_film_pages_writes_are_rate_limited(client, heat, member, frozen_window):
    url = "/personal/films/heat-1995/"
    for _ in range(120):
        assert (
            client.post(url, "{}", content_type="application/json").status_code == 200
        )
    response = client.post(url, "{}", content_type="application/json")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_change_a_diary_entry(client, heat, member):
    entry = ratings.diary_entry_create(
        user=member,
        film=heat,
        viewing=ratings.Viewing(watched_on=datetime.date(2025, 1, 1), rating=4),
    )
    url = f"{API}/diary/{entry.pk}"
    body = {"watched_on": "2025-01-02", "rating": 8, "rewatch": True, "tags": ["IMAX"]}
    response = put(client, url, body)
    assert response.status_code == 200
    changed = response.json()
    assert (changed["watched_on"], changed["rating"], changed["tags"]) == (
        "2025-01-02",
        8,
        ["imax"],
    )
    assert Rating.objects.get(user=member, film=heat).value == 8
    assert put(client, url, {"watched_on": "2999-01-01"}).status_code == 400
    assert put(client, f"{API}/diary/999999", body).status_code == 404


def test_an_api_token_rates_and_lists_without_a_session(heat):
    from django.test import Client

    from cinematheque.members.tokens import token_create

    owner = factories.make_user(username="tokened")
    plain = token_create(owner).plain
    client = Client()
    bearer = {"Authorization": f"Bearer {plain}"}
    response = client.put(
        f"{API}/ratings/heat-1995",
        {"rating": 7},
        content_type="application/json",
        headers=bearer,
    )
    assert response.status_code == 200
    assert Rating.objects.get(user=owner, film=heat).value == 7
    listed = client.get(f"{API}/ratings", headers=bearer).json()
    assert [item["rating"] for item in listed["items"]] == [7]
    wrong = client.get(f"{API}/ratings", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
