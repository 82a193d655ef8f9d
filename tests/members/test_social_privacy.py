"""Who may read and change members' reviews, lists, follows and profiles: every route
of members/social_views.py over {owner, other member, visitor, admin}. Others get a
404 for what is private (its existence does not leak), visitors are sent to sign in
before any write, and administrators read everything but change nothing of others'."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from cinematheque.members import lists, profiles, reviews
from cinematheque.members.models import FilmList, FilmListItem, Review
from tests.factories import make_film, make_user

pytestmark = pytest.mark.django_db

ROLES = ("owner", "other", "visitor", "admin")


@dataclass
class World:
    owner: object
    other: object
    admin: object
    film: object
    review: Review
    private_list: FilmList
    item: FilmListItem

    def client(self, role: str) -> Client:
        client = Client()
        if role != "visitor":
            client.force_login(getattr(self, role))
        return client


@pytest.fixture
def world() -> World:
    """The owner's profile is private: their review and list are theirs alone."""
    owner = make_user(profile_public=False)
    film = make_film(title="Heat", slug="heat-1995")
    review = reviews.review_create(user=owner, film=film, body="Private words.")
    private_list = lists.list_create(owner=owner, title="Secret", public=False)
    item, _ = lists.list_add_film(film_list=private_list, film=film)
    return World(
        owner=owner,
        other=make_user(),
        admin=make_user(role="admin"),
        film=film,
        review=review,
        private_list=private_list,
        item=item,
    )


def _urls(w: World) -> dict[str, str]:
    u = w.owner.username
    s = w.private_list.slug
    return {
        "review": reverse("members:review", args=[u, w.review.pk]),
        "review_edit": reverse("members:review_edit", args=[u, w.review.pk]),
        "review_delete": reverse("members:review_delete", args=[u, w.review.pk]),
        "review_like": reverse("members:review_like", args=[u, w.review.pk]),
        "list": reverse("members:list", args=[u, s]),
        "list_edit": reverse("members:list_edit", args=[u, s]),
        "list_delete": reverse("members:list_delete", args=[u, s]),
        "list_add": reverse("members:list_add", args=[u, s]),
        "list_item": reverse("members:list_item", args=[u, s, w.item.pk]),
        "list_reorder": reverse("members:list_reorder", args=[u, s]),
        "year": reverse("members:year", args=[u, 2025]),
    }


# What each role gets on a GET of the owner's private things.
PRIVATE_READS = {
    "review": {"owner": 200, "other": 404, "visitor": 404, "admin": 200},
    "list": {"owner": 200, "other": 404, "visitor": 404, "admin": 200},
    "year": {"owner": 200, "other": 404, "visitor": 404, "admin": 200},
    "review_edit": {"owner": 200, "other": 404, "visitor": 302, "admin": 404},
    "review_delete": {"owner": 200, "other": 404, "visitor": 302, "admin": 404},
    "list_edit": {"owner": 200, "other": 404, "visitor": 302, "admin": 404},
    "list_delete": {"owner": 200, "other": 404, "visitor": 302, "admin": 404},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", sorted(PRIVATE_READS))
def test_private_reads(world: World, route: str, role: str) -> None:
    response = world.client(role).get(_urls(world)[route])
    assert response.status_code == PRIVATE_READS[route][role]
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/")
    if response.status_code == 404:
        assert b"Private words." not in response.content
        assert b"Secret" not in response.content


WRITES = {
    "review_edit": {"body": "Changed by someone.", "contains_spoilers": ""},
    "review_delete": {},
    "list_edit": {"title": "Renamed", "public": ""},
    "list_delete": {},
    "list_add": {"film": "heat-1995"},
    "list_item": {"action": "remove"},
    "list_reorder": {"order": "0"},
    "review_like": {},
}


@pytest.mark.parametrize("role", ["other", "visitor", "admin"])
@pytest.mark.parametrize("route", sorted(WRITES))
def test_nobody_but_the_owner_changes_private_things(
    world: World, route: str, role: str
) -> None:
    response = world.client(role).post(_urls(world)[route], WRITES[route])
    expected = 302 if role == "visitor" else 404
    if route == "review_like" and role == "admin":
        expected = 302  # an administrator may read it, so may like it
    assert response.status_code == expected
    if role == "visitor":
        assert response["Location"].startswith("/accounts/login/")
    world.review.refresh_from_db()
    assert world.review.body == "Private words."
    assert FilmList.objects.filter(pk=world.private_list.pk, title="Secret").exists()
    assert FilmListItem.objects.filter(pk=world.item.pk).exists()


def test_owner_changes_own_things(world: World) -> None:
    owner = world.client("owner")
    urls = _urls(world)
    assert owner.post(urls["review_edit"], {"body": "Mine."}).status_code == 302
    assert owner.post(urls["list_item"], {"action": "remove"}).status_code == 302
    assert owner.post(urls["list_delete"]).status_code == 302
    assert owner.post(urls["review_delete"]).status_code == 302
    assert not Review.objects.exists()
    assert not FilmList.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_private_profile_pages_show_only_the_name_to_others(
    world: World, role: str
) -> None:
    client = world.client(role)
    u = world.owner.username
    sees = role in {"owner", "admin"}
    for name in ("profile", "reviews", "lists"):
        response = client.get(reverse(f"members:{name}", args=[u]))
        assert response.status_code == 200
        assert u.encode() in response.content
        private_part = {"reviews": b"Private words.", "lists": b"Secret"}.get(name)
        if sees and private_part:
            assert private_part in response.content
        if not sees:
            assert b"This profile is private" in response.content
            assert b"Private words." not in response.content
            assert b"Secret" not in response.content


def test_private_list_of_a_public_member_is_hidden_from_others() -> None:
    owner = make_user()
    hidden = lists.list_create(owner=owner, title="Hidden gems", public=False)
    lists.list_create(owner=owner, title="Open list")
    url = reverse("members:lists", args=[owner.username])
    page = Client().get(url).content
    assert b"Open list" in page
    assert b"Hidden gems" not in page
    list_url = reverse("members:list", args=[owner.username, hidden.slug])
    assert Client().get(list_url).status_code == 404


def test_add_to_list_cannot_reach_another_members_list(world: World) -> None:
    other = world.client("other")
    url = reverse("members:add_to_list", args=[world.film.slug])
    response = other.post(url, {"list": world.private_list.pk})
    assert response.status_code == 404
    assert world.private_list.items.count() == 1
    assert other.post(url, {"list": "not-a-number"}).status_code == 404


@pytest.mark.parametrize("name", ["feed", "profile_edit", "list_new"])
def test_member_pages_need_signing_in(name: str) -> None:
    response = Client().get(reverse(f"members:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_visitor_cannot_follow_or_review(world: World) -> None:
    visitor = Client()
    assert (
        visitor.post(reverse("members:follow", args=[world.other.username])).status_code
        == 302
    )
    response = visitor.post(
        reverse("members:review_new", args=[world.film.slug]), {"body": "Anon"}
    )
    assert response.status_code == 302
    assert Review.objects.count() == 1


def test_profile_edit_changes_only_the_signed_in_member(world: World) -> None:
    other = world.client("other")
    other.post(reverse("members:profile_edit"), {"favourite_1": world.film.slug})
    assert [f.film for f in profiles.favourites(world.other)] == [world.film]
    assert profiles.favourites(world.owner) == []


def test_like_never_redirects_off_the_site(world: World) -> None:
    public_review = reviews.review_create(
        user=world.other, film=world.film, body="Open."
    )
    url = reverse("members:review_like", args=[world.other.username, public_review.pk])
    response = world.client("admin").post(url, {"next": "https://evil.example/"})
    assert response["Location"] == reverse(
        "members:review", args=[world.other.username, public_review.pk]
    )
    response = world.client("owner").post(url, {"next": "/films/heat-1995/"})
    assert response["Location"] == "/films/heat-1995/"


def test_ids_beyond_the_database_are_404(world: World) -> None:
    owner = world.client("owner")
    huge = 10**30
    u, s = world.owner.username, world.private_list.slug
    assert owner.get(f"/members/{u}/reviews/{huge}/").status_code == 404
    response = owner.post(f"/members/{u}/lists/{s}/films/{huge}/", {"action": "up"})
    assert response.status_code == 404
    url = reverse("members:add_to_list", args=[world.film.slug])
    assert owner.post(url, {"list": str(huge)}).status_code == 404


@pytest.mark.parametrize("path", ["/members/a%00b/", "/members/a%00b/lists/x/"])
def test_odd_usernames_are_404(path: str) -> None:
    assert Client().get(path).status_code == 404
