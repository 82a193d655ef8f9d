"""A content limit hides films in what other members show too (their profile, diary,
watchlist, reviews, lists, year in review, the feed, the public API), in the counts
on /genres/, the home page and /collections/, and reordering a list whose owner's
limit hides some of its films keeps the hidden ones where they are."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from cinematheque.catalogue.certifications import content_limit_parse
from cinematheque.members import following, lists, profiles, ratings, reviews
from cinematheque.members.content_limit import content_limit_set
from tests import factories
from tests.members.limits import member_client

DAY = datetime.date(2024, 3, 9)


@pytest.fixture
def cinephile(catalogue) -> SimpleNamespace:
    """A public member who rated, logged, reviewed, listed and chose Heat (R) and
    Babe (G)."""
    member = factories.make_user(username="cinephile", profile_public=True)
    for film, stars in ((catalogue.heat, 9), (catalogue.babe, 6)):
        ratings.diary_entry_create(
            user=member,
            film=film,
            viewing=ratings.Viewing(watched_on=DAY, rating=stars, tags=("cinema",)),
        )
        ratings.watchlist_add(user=member, film=film)
    review = reviews.review_create(
        user=member, film=catalogue.heat, body="The diner scene."
    )
    reviews.review_create(user=member, film=catalogue.babe, body="A pig's tale.")
    film_list = lists.list_create(owner=member, title="Mixed")
    lists.list_add_film(film_list=film_list, film=catalogue.heat)
    lists.list_add_film(film_list=film_list, film=catalogue.babe)
    profiles.favourites_set(user=member, films=[catalogue.heat, catalogue.babe])
    return SimpleNamespace(member=member, review=review, film_list=film_list)


MEMBER_PAGES = [
    "/members/cinephile/",
    "/members/cinephile/diary/",
    "/members/cinephile/watchlist/",
    "/members/cinephile/reviews/",
    "/members/cinephile/lists/mixed/",
    "/members/cinephile/year/2024/",
]


@pytest.mark.parametrize("url", MEMBER_PAGES)
def test_other_members_pages_leave_hidden_films_out(limited, cinephile, url):
    visitor = Client().get(url).content.decode()
    assert "heat-1995" in visitor
    response = limited.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "heat-1995" not in page
    assert "The diner scene." not in page
    assert "babe-1995" in page


def test_profile_statistics_count_only_visible_films(cinephile):
    seen = profiles.member_stats(cinephile.member)
    assert (seen.seen, seen.viewings, sum(seen.rating_counts)) == (2, 2, 2)
    within = profiles.member_stats(
        cinephile.member, content_limit=content_limit_parse("PG-13")
    )
    assert (within.seen, within.viewings, within.rating_counts[8]) == (1, 1, 0)
    assert within.rating_counts[5] == 1


def test_list_counts_leave_hidden_films_out(limited, cinephile):
    visitor = Client().get("/members/cinephile/lists/").content.decode()
    assert "2 films" in visitor
    page = limited.get("/members/cinephile/lists/").content.decode()
    assert "1 film" in page
    assert "2 films" not in page
    answer = limited.get("/api/v1/members/cinephile/lists").json()
    assert [item["film_count"] for item in answer["items"]] == [1]


def test_the_feed_leaves_hidden_films_out(catalogue, cinephile):
    follower = factories.make_user()
    content_limit_set(user=follower, ceiling="PG-13", hide_unknown=False)
    following.follow(follower=follower, followed=cinephile.member)
    client = Client()
    client.force_login(follower)
    page = client.get(reverse("members:feed")).content.decode()
    assert "babe-1995" in page
    assert "heat-1995" not in page
    follower.content_limit = ""
    follower.save()
    assert "heat-1995" in client.get(reverse("members:feed")).content.decode()


def test_a_review_of_a_hidden_film_shows_the_hidden_page(limited, cinephile):
    url = reverse("members:review", args=["cinephile", cinephile.review.pk])
    assert Client().get(url).status_code == 200
    response = limited.get(url)
    assert response.status_code == 403
    assert "The diner scene." not in response.content.decode()
    assert "hidden by your content limit" in response.content.decode()
    for film_url in (
        reverse("members:film_reviews", args=["heat-1995"]),
        reverse("members:review_new", args=["heat-1995"]),
        reverse("members:add_to_list", args=["heat-1995"]),
    ):
        assert limited.get(film_url).status_code == 403, film_url
    assert limited.get("/api/v1/films/heat-1995/reviews").status_code == 403


def test_the_public_api_of_a_member_leaves_hidden_films_out(limited, cinephile):
    member = limited.get("/api/v1/members/cinephile").json()
    assert [f["film"]["slug"] for f in member["favourites"]] == ["babe-1995"]
    assert member["stats"]["films_seen"] == 1
    reviewed = limited.get("/api/v1/members/cinephile/reviews").json()
    assert "heat-1995" not in str(reviewed)
    assert "babe-1995" in str(reviewed)
    assert "heat-1995" in str(Client().get("/api/v1/members/cinephile").json())


def test_genre_counts_are_counted_for_the_limited_member(limited, catalogue):
    visitor = Client().get("/genres/").content.decode()
    assert "3 films" in visitor
    page = limited.get("/genres/").content.decode()
    assert "2 films" in page
    assert "3 films" not in page
    home = limited.get("/").content.decode()
    assert 'chip__count">2<' in home
    assert 'chip__count">3<' not in home
    assert 'chip__count">3<' in Client().get("/").content.decode()
    # The visitors' copy stays as it was.
    assert "3 films" in Client().get("/genres/").content.decode()


def test_a_limit_that_hides_a_genre_entirely_leaves_it_off(catalogue):
    western = factories.make_genre("Western")
    catalogue.heat.genres.add(western)
    strict = member_client("G", hide_unknown=True)
    page = strict.get("/genres/").content.decode()
    assert "/genres/western/" not in page
    assert "/genres/western/" in Client().get("/genres/").content.decode()


def _publish_collection(catalogue) -> None:
    from cinematheque.editorial import services
    from cinematheque.editorial.models import Collection

    collection = Collection(slug="mann", title="Michael Mann", featured=True)
    services.piece_save(piece=collection, author=None)
    collection.items.create(film=catalogue.heat, order=1)
    collection.items.create(film=catalogue.babe, order=2)
    services.piece_publish(piece=collection, author=None)
    only_heat = Collection(slug="heat-only", title="Only Heat")
    services.piece_save(piece=only_heat, author=None)
    only_heat.items.create(film=catalogue.heat, order=1)
    services.piece_publish(piece=only_heat, author=None)


def test_home_collection_thumbnails_and_counts_leave_hidden_films_out(
    limited, catalogue
):
    _publish_collection(catalogue)
    visitor = Client().get("/").content.decode()
    assert "/posters/heat-1995.svg" in visitor
    assert "2 films · curated" in visitor
    assert "Only Heat" in visitor
    page = limited.get("/").content.decode()
    assert "/posters/heat-1995.svg" not in page
    assert "/posters/babe-1995.svg" in page
    assert "1 film · curated" in page
    assert "Only Heat" not in page
    listing = limited.get("/collections/").content.decode()
    assert "/posters/heat-1995.svg" not in listing
    assert "1 film · curated" in listing
    assert "/posters/heat-1995.svg" in Client().get("/collections/").content.decode()
    counts = {
        c["slug"]: c["film_count"]
        for c in limited.get("/api/v1/collections").json()["items"]
    }
    assert counts == {"mann": 1, "heat-only": 0}


# --- Reordering a list with hidden films ------------------------------------------


@pytest.fixture
def mixed_list(catalogue):
    """A list of five films, the second and fourth rated R (hidden under PG-13)."""
    owner = factories.make_user(username="parent")
    content_limit_set(user=owner, ceiling="PG-13", hide_unknown=False)
    films = [
        factories.make_film(title=title, slug=slug, certification=cert)
        for title, slug, cert in (
            ("A", "a", "G"),
            ("B", "b", "R"),
            ("C", "c", "PG"),
            ("D", "d", "NC-17"),
            ("E", "e", ""),
        )
    ]
    film_list = lists.list_create(owner=owner, title="Family", ranked=True)
    for film in films:
        lists.list_add_film(film_list=film_list, film=film)
    client = Client()
    client.force_login(owner)
    items = {item.film.slug: item.pk for item in film_list.items.select_related("film")}
    return SimpleNamespace(owner=owner, film_list=film_list, client=client, items=items)


def _slugs(film_list) -> list[str]:
    return [item.film.slug for item in film_list.items.select_related("film")]


def test_reordering_the_visible_films_keeps_the_hidden_ones_in_their_places(
    mixed_list,
):
    """The rule: hidden items keep their positions (so their order among
    themselves); the visible ones fill the other positions in the order sent."""
    url = reverse("members:list_reorder", args=["parent", "family"])
    ids = mixed_list.items
    response = mixed_list.client.post(
        url,
        {"order": f"{ids['e']},{ids['a']},{ids['c']}"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200, response.content
    assert _slugs(mixed_list.film_list) == ["e", "b", "a", "d", "c"]
    positions = list(mixed_list.film_list.items.values_list("position", flat=True))
    assert positions == [1, 2, 3, 4, 5]


def test_reordering_under_a_limit_refuses_hidden_or_missing_ids(mixed_list):
    url = reverse("members:list_reorder", args=["parent", "family"])
    ids = mixed_list.items
    for order in (
        [ids["a"], ids["b"], ids["c"], ids["d"], ids["e"]],  # names hidden films
        [ids["a"], ids["c"]],  # leaves a visible one out
        [ids["a"], ids["a"], ids["c"]],
    ):
        response = mixed_list.client.post(
            url, {"order": ",".join(map(str, order))}, HTTP_ACCEPT="application/json"
        )
        assert response.status_code == 400
        assert "reload" in response.json()["detail"]
    assert _slugs(mixed_list.film_list) == ["a", "b", "c", "d", "e"]


def test_moving_a_film_up_skips_the_hidden_ones(mixed_list):
    item_url = reverse(
        "members:list_item", args=["parent", "family", mixed_list.items["c"]]
    )
    assert mixed_list.client.post(item_url, {"action": "up"}).status_code == 302
    assert _slugs(mixed_list.film_list) == ["c", "b", "a", "d", "e"]


def test_the_api_reorders_under_the_token_owners_limit(mixed_list):
    from cinematheque.members.tokens import token_create

    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token_create(mixed_list.owner).plain}"}
    ids = mixed_list.items
    response = Client().put(
        f"/api/v1/me/lists/{mixed_list.film_list.pk}/order",
        {"item_ids": [ids["c"], ids["e"], ids["a"]]},
        content_type="application/json",
        **bearer,
    )
    assert response.status_code == 200, response.content
    assert [i["film"]["slug"] for i in response.json()["items"]] == ["c", "e", "a"]
    assert _slugs(mixed_list.film_list) == ["c", "b", "e", "d", "a"]


def test_the_owner_without_a_limit_reorders_every_film(mixed_list):
    content_limit_set(user=mixed_list.owner, ceiling="", hide_unknown=False)
    ids = mixed_list.items
    lists.list_reorder(
        film_list=mixed_list.film_list,
        item_ids=[ids[s] for s in ("e", "d", "c", "b", "a")],
    )
    assert _slugs(mixed_list.film_list) == ["e", "d", "c", "b", "a"]


def test_the_list_page_says_how_many_films_the_limit_hides(mixed_list):
    page = mixed_list.client.get("/members/parent/lists/family/").content.decode()
    assert "3 films" in page
    assert "2 more hidden by your" in page


def test_a_limited_members_own_lists_in_the_api_leave_hidden_films_out(catalogue):
    from cinematheque.members.tokens import token_create

    member = factories.make_user(username="kid")
    for film in (catalogue.heat, catalogue.babe):
        ratings.diary_entry_create(
            user=member,
            film=film,
            viewing=ratings.Viewing(watched_on=DAY, rating=8, review="Seen it."),
        )
        ratings.watchlist_add(user=member, film=film)
    film_list = lists.list_create(owner=member, title="Mine")
    lists.list_add_film(film_list=film_list, film=catalogue.heat)
    content_limit_set(user=member, ceiling="PG-13", hide_unknown=False)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token_create(member).plain}"}
    client = Client()
    for path in ("ratings", "diary", "watchlist", "reviews"):
        answer = client.get(f"/api/v1/me/{path}", **bearer).json()
        assert "heat-1995" not in str(answer), path
        assert "babe-1995" in str(answer), path
    [mine] = client.get("/api/v1/me/lists", **bearer).json()["items"]
    assert mine["film_count"] == 0
    signed_in = Client()
    signed_in.force_login(member)
    assert signed_in.get("/me/diary/new/?film=heat-1995").status_code == 403
    assert signed_in.get("/me/diary/new/?film=babe-1995").status_code == 200
