"""The API of members' reviews and lists: /me/reviews and /me/lists for the member
(401 without authentication, 404 for another member's ids), and the public reads."""

from __future__ import annotations

import pytest
from django.test import Client

from cinematheque.members import lists, reviews
from cinematheque.members.models import FilmList, Review
from tests.factories import make_film, make_user

pytestmark = pytest.mark.django_db

API = "/api/v1"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def heat():
    return make_film(title="Heat", slug="heat-1995")


def test_me_endpoints_need_authentication() -> None:
    visitor = Client()
    for path in ("/me/reviews", "/me/lists", "/me/reviews/1", "/me/lists/1"):
        assert visitor.get(API + path).status_code == 401
    response = visitor.post(
        API + "/me/lists", {"title": "x"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert not FilmList.objects.exists()


def test_review_create_read_update_delete(heat) -> None:
    member = signed_in(make_user())
    created = member.post(
        API + "/me/reviews",
        {"film": "heat-1995", "body": "*Long*.", "contains_spoilers": True},
        content_type="application/json",
    )
    assert created.status_code == 201
    review = created.json()
    assert review["body_html"] == "<p><em>Long</em>.</p>"
    assert review["film"]["slug"] == "heat-1995"
    path = f"{API}/me/reviews/{review['id']}"
    patched = member.patch(path, {"body": "Short."}, content_type="application/json")
    assert patched.json()["body"] == "Short."
    assert patched.json()["contains_spoilers"] is True
    page = member.get(API + "/me/reviews").json()
    assert page["count"] == 1
    assert page["items"][0]["id"] == review["id"]
    assert member.delete(path).status_code == 204
    assert not Review.objects.exists()


def test_bad_review_input_is_a_4xx(heat) -> None:
    member = signed_in(make_user())
    for body, status in [
        ({"film": "no-such-film", "body": "x"}, 404),
        ({"film": "heat-1995", "body": "   "}, 400),
        ({"film": "heat-1995"}, 422),
    ]:
        response = member.post(
            API + "/me/reviews", body, content_type="application/json"
        )
        assert response.status_code in {status, 400}, response.content
        assert response.json()["detail"]
    assert member.get(API + "/me/reviews?limit=101").status_code in {400, 422}
    assert member.get(API + "/me/reviews/99999999999999999999").status_code in {
        400,
        404,
        422,
    }


def test_list_write_paginate_reorder(heat) -> None:
    member = signed_in(make_user())
    other_film = make_film(title="Thief", slug="thief-1981")
    created = member.post(
        API + "/me/lists",
        {"title": "Mann", "ranked": True, "public": False},
        content_type="application/json",
    ).json()
    path = f"{API}/me/lists/{created['id']}"
    member.post(path + "/items", {"film": "heat-1995"}, content_type="application/json")
    full = member.post(
        path + "/items",
        {"film": "thief-1981", "note": "Earlier."},
        content_type="application/json",
    ).json()
    assert [i["film"]["slug"] for i in full["items"]] == ["heat-1995", "thief-1981"]
    ids = [i["id"] for i in full["items"]]
    reordered = member.put(
        path + "/order", {"item_ids": ids[::-1]}, content_type="application/json"
    ).json()
    assert [i["film"]["id"] for i in reordered["items"]] == [other_film.pk, heat.pk]
    stale = member.put(
        path + "/order", {"item_ids": ids[:1]}, content_type="application/json"
    )
    assert stale.status_code == 400
    renamed = member.patch(
        path, {"title": "Michael Mann"}, content_type="application/json"
    ).json()
    assert renamed["slug"] == "michael-mann"
    assert renamed["ranked"] is True
    removed = member.delete(f"{path}/items/{ids[0]}").json()
    assert removed["film_count"] == 1
    for n in range(3):
        member.post(
            API + "/me/lists", {"title": f"L{n}"}, content_type="application/json"
        )
    page = member.get(API + "/me/lists?limit=2&offset=1").json()
    assert (page["count"], page["limit"], page["offset"]) == (4, 2, 1)
    assert len(page["items"]) == 2
    assert member.delete(path).status_code == 204


def test_another_members_rows_answer_404(heat) -> None:
    owner, other = make_user(), make_user()
    review = reviews.review_create(user=owner, film=heat, body="Mine.")
    film_list = lists.list_create(owner=owner, title="Mine", public=False)
    intruder = signed_in(other)
    rows = [f"/me/reviews/{review.pk}", f"/me/lists/{film_list.pk}"]
    for path in rows:
        assert intruder.get(API + path).status_code == 404
        assert intruder.delete(API + path).status_code == 404
    assert (
        intruder.patch(
            f"{API}/me/reviews/{review.pk}",
            {"body": "Hacked"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert (
        intruder.post(
            f"{API}/me/lists/{film_list.pk}/items",
            {"film": "heat-1995"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert Review.objects.get().body == "Mine."
    assert FilmList.objects.get().items.count() == 0
    assert intruder.get(API + "/me/lists").json()["count"] == 0


def test_public_reads_show_public_profiles_only(heat) -> None:
    public, private = make_user(), make_user(profile_public=False)
    reviews.review_create(user=public, film=heat, body="Open.")
    reviews.review_create(user=private, film=heat, body="Closed.")
    lists.list_create(owner=public, title="Open list")
    lists.list_create(owner=public, title="Hidden list", public=False)
    lists.list_create(owner=private, title="Private member's list")
    visitor = Client()
    profile = visitor.get(f"{API}/members/{public.username}").json()
    assert profile["stats"]["films_seen"] == 0
    closed = visitor.get(f"{API}/members/{private.username}").json()
    assert closed == {
        "username": private.username,
        "profile_public": False,
        "url": f"/members/{private.username}/",
        "bio": None,
        "favourites": None,
        "stats": None,
        "follower_count": None,
        "following_count": None,
    }
    titles = [
        item["title"]
        for item in visitor.get(f"{API}/members/{public.username}/lists").json()[
            "items"
        ]
    ]
    assert titles == ["Open list"]
    assert visitor.get(f"{API}/members/{private.username}/lists").status_code == 404
    assert visitor.get(f"{API}/members/{private.username}/reviews").status_code == 404
    assert (
        visitor.get(f"{API}/members/{public.username}/lists/hidden-list").status_code
        == 404
    )
    film = visitor.get(f"{API}/films/heat-1995/reviews").json()
    assert [item["body"] for item in film["items"]] == ["Open."]
    assert visitor.get(f"{API}/films/heat-1995/reviews?sort=best").status_code in {
        400,
        422,
    }
    own = signed_in(private).get(f"{API}/members/{private.username}/lists").json()
    assert own["count"] == 1


def test_film_reviews_list_in_constant_queries(heat, django_assert_num_queries) -> None:
    for _ in range(5):
        reviews.review_create(user=make_user(), film=heat, body="Words.")
    visitor = Client()
    # The page cache's film lookup, the film, the count and the page of reviews.
    with django_assert_num_queries(4):
        response = visitor.get(f"{API}/films/heat-1995/reviews?limit=100")
    assert len(response.json()["items"]) == 5


def test_bearer_token_reads_and_writes_own_lists_and_reviews(heat) -> None:
    from cinematheque.members.tokens import token_create

    member, other = make_user(), make_user()
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token_create(member).plain}"}
    client = Client(enforce_csrf_checks=True)
    created = client.post(
        API + "/me/lists",
        {"title": "By token"},
        content_type="application/json",
        **bearer,
    )
    assert created.status_code == 201
    assert "no-store" in created["Cache-Control"]
    review = client.post(
        API + "/me/reviews",
        {"film": "heat-1995", "body": "Typed in a terminal."},
        content_type="application/json",
        **bearer,
    )
    assert review.status_code == 201
    assert client.get(API + "/me/lists", **bearer).json()["count"] == 1
    other_bearer = {"HTTP_AUTHORIZATION": f"Bearer {token_create(other).plain}"}
    path = f"{API}/me/reviews/{review.json()['id']}"
    assert client.get(path, **other_bearer).status_code == 404
    assert client.get(path, HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/me/lists", {"title": "Night", "description": "\x9b\x00\x96"}),
        ("/me/lists", {"title": "Ni\x00ght"}),
        ("/me/reviews", {"film": "heat-1995", "body": "Tense\x00."}),
        ("/me/lists", {"title": "Night", "\x00": ["x"]}),
    ],
)
def test_a_nul_character_in_a_body_is_a_400_not_a_database_error(
    heat, path, body
) -> None:
    member = signed_in(make_user())

    response = member.post(API + path, body, content_type="application/json")

    assert response.status_code == 400, response.content
    assert response.json()["status"] == 400
    assert not FilmList.objects.exists()
    assert not Review.objects.exists()
