"""Who reaches a member's ratings, diary and watchlist: every page, personal field and
API endpoint of this feature, for each of {owner, other member, visitor, administrator}.
A private member's diary and watchlist are read by themselves and the administrators
only (as their profile, members/profiles.py); nobody but the owner changes any row."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client

from cinematheque.members import ratings
from cinematheque.members.models import DiaryEntry, Rating, WatchlistEntry
from tests import factories

pytestmark = pytest.mark.django_db

WHO = ["owner", "other", "visitor", "admin"]
SECRET_FILM = "Secret Film Of Ada"


@pytest.fixture
def world(db):
    """Ada (the owner) rated, logged and watchlisted films; Bob and an admin have
    rows of their own."""
    heat = factories.make_film(title="Heat", year=1995, slug="heat-1995")
    secret = factories.make_film(title=SECRET_FILM, year=2001, slug="secret")
    owner = factories.make_user(username="ada")
    other = factories.make_user(username="bob")
    admin = factories.make_user(role="admin", username="root")
    ratings.rating_set(user=owner, film=heat, value=9)
    entry = ratings.diary_entry_create(
        user=owner,
        film=secret,
        viewing=ratings.Viewing(watched_on=datetime.date(2025, 3, 1), rating=4),
    )
    ratings.watchlist_add(user=owner, film=heat)
    ratings.rating_clear(user=owner, film=heat)
    ratings.watchlist_add(user=owner, film=heat)
    ratings.watchlist_add(user=other, film=secret)
    ratings.rating_set(user=admin, film=heat, value=2)
    return {
        "owner": owner,
        "other": other,
        "admin": admin,
        "entry": entry,
        "heat": heat,
        "secret": secret,
    }


def client_for(world, who: str) -> Client:
    client = Client()
    if who != "visitor":
        client.force_login(world[who])
    return client


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("url", ["/me/diary/", "/me/watchlist/"])
def test_me_pages_show_only_the_readers_own_rows(world, who, url):
    response = client_for(world, who).get(url)
    if who == "visitor":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    html = response.content.decode()
    if url == "/me/diary/":
        assert (SECRET_FILM in html) == (who == "owner")
    else:
        assert ("Heat" in html) == (who == "owner")
        assert (SECRET_FILM in html) == (who == "other")


@pytest.mark.parametrize("public", [True, False])
@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("page", ["diary", "watchlist"])
def test_public_pages_respect_profile_public(world, who, page, public):
    owner = world["owner"]
    owner.profile_public = public
    owner.save(update_fields=["profile_public"])
    response = client_for(world, who).get(f"/members/ada/{page}/")
    if public or who in {"owner", "admin"}:  # as the profile page (profiles.py)
        assert response.status_code == 200
        assert (SECRET_FILM if page == "diary" else "Heat") in response.content.decode()
        assert b"Delete" not in response.content or who == "owner"
    else:
        assert response.status_code == 404
        assert SECRET_FILM not in response.content.decode()


@pytest.mark.parametrize("who", WHO)
def test_only_the_owner_changes_or_deletes_a_diary_entry(world, who):
    entry = world["entry"]
    client = client_for(world, who)
    change = client.put(
        f"/api/v1/me/diary/{entry.pk}",
        {"watched_on": "2020-01-01"},
        content_type="application/json",
    )
    if who != "owner":
        assert change.status_code == (401 if who == "visitor" else 404)
        assert DiaryEntry.objects.get(pk=entry.pk).watched_on.year == 2025
    page = client.post(f"/me/diary/{entry.pk}/delete/")
    api = client.delete(f"/api/v1/me/diary/{entry.pk}")
    exists = DiaryEntry.objects.filter(pk=entry.pk).exists()
    if who == "owner":
        assert page.status_code == 302
        assert api.status_code == 404  # already gone
        assert not exists
        return
    assert page.status_code == (302 if who == "visitor" else 404)
    assert api.status_code == (401 if who == "visitor" else 404)
    assert exists


@pytest.mark.parametrize("who", WHO)
def test_watchlist_writes_only_ever_touch_the_writers_own_list(world, who):
    client = client_for(world, who)
    client.post("/me/watchlist/heat-1995/remove/")
    client.delete("/api/v1/me/watchlist/heat-1995")
    client.post("/me/watchlist/secret/remove/")
    owner_has_heat = WatchlistEntry.objects.filter(
        user=world["owner"], film=world["heat"]
    ).exists()
    other_has_secret = WatchlistEntry.objects.filter(
        user=world["other"], film=world["secret"]
    ).exists()
    assert owner_has_heat == (who != "owner")
    assert other_has_secret == (who != "other")


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("resource", ["ratings", "diary", "watchlist"])
def test_api_lists_are_the_readers_own(world, who, resource):
    response = client_for(world, who).get(f"/api/v1/me/{resource}")
    if who == "visitor":
        assert response.status_code == 401
        return
    items = response.json()["items"]
    owner = world[who]
    expected = {
        "ratings": Rating.objects.filter(user=owner).count(),
        "diary": DiaryEntry.objects.filter(user=owner).count(),
        "watchlist": WatchlistEntry.objects.filter(user=owner).count(),
    }[resource]
    assert len(items) == expected
    if who != "owner":
        assert SECRET_FILM not in json.dumps(items) or resource == "watchlist"


@pytest.mark.parametrize("who", WHO)
def test_personal_fields_are_the_readers_own(world, who):
    client = client_for(world, who)
    fields = client.get("/personal/films/secret/").json()["fields"]
    if who == "visitor":
        assert fields["rating"] is None
        assert fields["diary_count"] is None
    elif who == "owner":
        assert (fields["rating"], fields["diary_count"]) == (4, 1)
    else:
        assert (fields["rating"], fields["diary_count"]) == (None, 0)
    response = client.post(
        "/personal/films/secret/",
        json.dumps({"rating": 1}),
        content_type="application/json",
    )
    assert response.status_code == (403 if who == "visitor" else 200)
    assert Rating.objects.get(user=world["owner"], film=world["secret"]).value == (
        1 if who == "owner" else 4
    )


@pytest.mark.parametrize("who", WHO)
def test_api_ratings_change_only_the_writers_own(world, who):
    response = client_for(world, who).put(
        "/api/v1/me/ratings/secret", {"rating": 10}, content_type="application/json"
    )
    assert response.status_code == (401 if who == "visitor" else 200)
    owner_rating = Rating.objects.get(user=world["owner"], film=world["secret"])
    assert owner_rating.value == (10 if who == "owner" else 4)
