"""The "on my services" filter of browse, search, the watchlist and lists (pages and
API): the films one of the member's services streams in the member's region; never
another member's services, never from or into the visitors' shared cache."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from cinematheque.members.models import FilmList, FilmListItem, WatchlistEntry
from cinematheque.members.tokens import token_create
from cinematheque.search.services import search_rebuild
from tests.watch.conftest import MUBI, declare

ON = "on_my_services=true"
TITLES = ("Quayside Nights", "Rookery Nights", "Lantern Nights", "Orchard Nights")


def shown(content: bytes) -> set[str]:
    text = content.decode()
    return {title for title in TITLES if title in text}


def member_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user).plain}"}


# --- Browse --------------------------------------------------------------------------


def test_browse_keeps_the_films_on_the_members_services(world):
    assert shown(member_client(world.ada).get("/films/").content) == set(TITLES)
    response = member_client(world.ada).get(f"/films/?{ON}")
    assert response.status_code == 200
    # Netflix streams Quayside, Tubi has Rookery free; Netflix only rents Lantern.
    assert shown(response.content) == {"Quayside Nights", "Rookery Nights"}
    assert "private" in response["Cache-Control"]
    assert "X-Cache" not in response
    # Bruno's region is France, where MUBI streams Lantern.
    assert shown(member_client(world.bruno).get(f"/films/?{ON}").content) == {
        "Lantern Nights"
    }


def test_the_filter_follows_the_members_region(world, settings):
    ada = member_client(world.ada)
    world.ada.region = "FR"
    world.ada.save(update_fields=["region"])
    assert shown(ada.get(f"/films/?{ON}").content) == set()
    # Without a region of their own, a member gets the operator's.
    world.bruno.region = ""
    world.bruno.save(update_fields=["region"])
    assert shown(member_client(world.bruno).get(f"/films/?{ON}").content) == set()
    settings.CINEMATHEQUE_REGION = "FR"
    assert shown(member_client(world.bruno).get(f"/films/?{ON}").content) == {
        "Lantern Nights"
    }


def test_without_a_region_of_their_own_the_members_pick_or_language_decides(world):
    """The where-to-watch region (watch/where/regions.py): the cookie the member
    picked on a film page, else their browser's language, else the operator's."""
    declare(world.carla, (MUBI, "MUBI"))
    carla = member_client(world.carla)
    assert shown(carla.get(f"/films/?{ON}").content) == set()
    french = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}
    assert shown(carla.get(f"/films/?{ON}", **french).content) == {"Lantern Nights"}
    carla.cookies["watch_region"] = "FR"
    assert shown(carla.get(f"/films/?{ON}").content) == {"Lantern Nights"}
    # The member's own setting comes first.
    world.carla.region = "US"
    world.carla.save(update_fields=["region"])
    assert shown(carla.get(f"/films/?{ON}", **french).content) == set()


def test_the_filter_combines_with_the_other_filters(world):
    response = member_client(world.ada).get(f"/films/?decade=1990&sort=-year&{ON}")
    assert shown(response.content) == {"Quayside Nights", "Rookery Nights"}
    content = response.content.decode()
    assert content.index("Rookery Nights") < content.index("Quayside Nights")
    assert 'href="?">Clear</a>' in content


def test_a_member_without_services_gets_an_empty_list_and_the_way_to_choose(world):
    response = member_client(world.carla).get(f"/films/?{ON}")
    assert response.status_code == 200
    assert shown(response.content) == set()
    assert b"choose them first" in response.content
    assert b'href="/watch/services/"' in response.content


def test_a_visitor_asking_for_it_gets_every_film_and_the_link(client, world):
    response = client.get(f"/films/?{ON}")
    assert response.status_code == 200
    assert shown(response.content) == set(TITLES)
    assert b"choose them first" in response.content
    assert "private" in response["Cache-Control"]
    assert "X-Cache" not in response


def test_a_malformed_value_is_a_400_with_a_message(world):
    response = member_client(world.ada).get("/films/?on_my_services=maybe")
    assert response.status_code == 400
    assert b"on_my_services must be true or false" in response.content


@pytest.mark.parametrize("value", ["false", "0", ""])
def test_false_means_every_film(world, value):
    response = member_client(world.ada).get(f"/films/?on_my_services={value}")
    assert shown(response.content) == set(TITLES)


def test_the_genre_page_has_the_filter_too(world):
    crime = world.quayside.genres.create(name="Crime", slug="crime")
    world.lantern.genres.add(crime)
    response = member_client(world.ada).get(f"/genres/crime/?{ON}")
    assert response.status_code == 200
    assert shown(response.content) == {"Quayside Nights"}


# --- The shared cache ----------------------------------------------------------------


def test_a_filtered_page_is_never_served_from_nor_stored_into_the_shared_cache(
    client, world
):
    # The visitors' copy of /films/ is stored, and members get it.
    assert client.get("/films/")["X-Cache"] == "MISS"
    assert client.get("/films/")["X-Cache"] == "HIT"
    # A visitor's request with the parameter is rendered, never stored.
    for _ in range(2):
        response = client.get(f"/films/?{ON}")
        assert "X-Cache" not in response
        assert shown(response.content) == set(TITLES)
    ada, bruno = member_client(world.ada), member_client(world.bruno)
    for _ in range(2):
        response = ada.get(f"/films/?{ON}")
        assert "X-Cache" not in response
        assert shown(response.content) == {"Quayside Nights", "Rookery Nights"}
    response = bruno.get(f"/films/?{ON}")
    assert shown(response.content) == {"Lantern Nights"}
    # Nothing personal leaked into the shared copy, which members still get.
    response = ada.get("/films/")
    assert response["X-Cache"] == "HIT"
    assert shown(response.content) == set(TITLES)
    assert client.get("/films/")["X-Cache"] == "HIT"


def test_the_shared_page_shows_the_link_and_the_member_gets_the_control(client, world):
    content = client.get("/films/").content.decode()
    control = re.search(r'<label class="filters__check"[^>]*>', content).group(0)
    assert " hidden" in control  # shown by film_filters.js to members with services
    setup = re.search(r"<a class=\"filters__setup\"[^>]*>", content).group(0)
    assert " hidden" not in setup
    assert 'name="on_my_services" value="true"' in content
    # /personal/site/ tells the page who can use it.
    fields = member_client(world.ada).get("/personal/site/").json()["fields"]
    assert fields["film_filters"] == {"on_my_services": True}
    fields = member_client(world.carla).get("/personal/site/").json()["fields"]
    assert fields["film_filters"] == {"on_my_services": False}
    assert client.get("/personal/site/").json()["fields"]["film_filters"] == {}
    # The filtered page is the member's own: the box is there and ticked.
    content = member_client(world.ada).get(f"/films/?{ON}").content.decode()
    control = re.search(r'<label class="filters__check"[^>]*>', content).group(0)
    assert " hidden" not in control
    assert 'name="on_my_services" value="true" checked' in content


# --- Search --------------------------------------------------------------------------


@pytest.fixture
def indexed(world):
    search_rebuild()
    return world


def test_search_keeps_the_films_on_the_members_services(client, indexed):
    assert shown(client.get("/search/?q=nights").content) == set(TITLES)
    ada = member_client(indexed.ada)
    response = ada.get(f"/search/?q=nights&{ON}")
    assert response.status_code == 200
    assert shown(response.content) == {"Quayside Nights", "Rookery Nights"}
    assert "X-Cache" not in response
    content = response.content.decode()
    assert b"2 results" in response.content
    # Facet links keep the filter; its own link turns it off.
    assert "on_my_services=true" in re.search(
        r'href="(\?[^"]*type=film[^"]*)"', content
    ).group(1)
    assert 'href="?q=nights" aria-current="true"' in content
    assert shown(
        member_client(indexed.bruno).get(f"/search/?q=nights&{ON}").content
    ) == {"Lantern Nights"}
    # The shared copy is untouched.
    assert shown(ada.get("/search/?q=nights").content) == set(TITLES)


def test_a_visitors_search_shows_the_link_to_choose_services(client, indexed):
    content = client.get("/search/?q=nights").content.decode()
    assert 'href="/watch/services/"' in content
    assert f'href="?q=nights&amp;{ON}"' in content


# --- Watchlist -----------------------------------------------------------------------


def watch_all(user, world) -> None:
    for film in world.films:
        WatchlistEntry.objects.create(user=user, film=film)


def test_the_watchlist_keeps_the_films_on_the_members_services(world):
    watch_all(world.ada, world)
    ada = member_client(world.ada)
    assert shown(ada.get("/me/watchlist/").content) == set(TITLES)
    response = ada.get(f"/me/watchlist/?{ON}")
    assert response.status_code == 200
    assert shown(response.content) == {"Quayside Nights", "Rookery Nights"}
    assert 'name="on_my_services" value="true" checked' in response.content.decode()
    response = ada.get(f"/me/watchlist/?decade=1990&runtime=&{ON}&sort=title")
    assert shown(response.content) == {"Quayside Nights", "Rookery Nights"}


def test_anothers_watchlist_is_filtered_by_the_viewers_services_never_the_owners(
    world,
):
    watch_all(world.bruno, world)
    world.bruno.profile_public = True
    world.bruno.save(update_fields=["profile_public"])
    response = member_client(world.ada).get(f"/members/bruno/watchlist/?{ON}")
    assert response.status_code == 200
    assert shown(response.content) == {"Quayside Nights", "Rookery Nights"}
    assert b"MUBI" not in response.content
    # A visitor cannot use it: every film, and the link.
    response = Client().get(f"/members/bruno/watchlist/?{ON}")
    assert shown(response.content) == set(TITLES)
    assert b"choose them first" in response.content


def test_a_member_without_services_sees_the_link_not_the_control(world):
    watch_all(world.carla, world)
    content = member_client(world.carla).get("/me/watchlist/").content.decode()
    control = re.search(r'<label class="filters__check"[^>]*>', content).group(0)
    assert " hidden" in control
    assert (
        '<a class="filters__setup" data-film-filter-setup href="/watch/services/">'
        in content
    )


# --- Lists ---------------------------------------------------------------------------


@pytest.fixture
def brunos_list(world) -> FilmList:
    film_list = FilmList.objects.create(
        owner=world.bruno, title="Night films", slug="night-films", public=True
    )
    for position, film in enumerate(world.films, start=1):
        FilmListItem.objects.create(film_list=film_list, film=film, position=position)
    world.bruno.profile_public = True
    world.bruno.save(update_fields=["profile_public"])
    return film_list


def test_a_list_is_filtered_by_the_viewers_services(world, brunos_list):
    url = "/members/bruno/lists/night-films/"
    ada = member_client(world.ada)
    assert shown(ada.get(url).content) == set(TITLES)
    response = ada.get(f"{url}?{ON}")
    assert response.status_code == 200
    assert shown(response.content) == {"Quayside Nights", "Rookery Nights"}
    assert b"MUBI" not in response.content
    # The owner, filtered by their own services, cannot reorder a part of the list.
    bruno = member_client(world.bruno)
    content = bruno.get(f"{url}?{ON}").content.decode()
    assert shown(content.encode()) == {"Lantern Nights"}
    assert "data-reorder-url" not in content
    assert "data-reorder-url" in bruno.get(url).content.decode()
    assert Client().get(f"{url}?{ON}").status_code == 200


# --- API -----------------------------------------------------------------------------


def titles_of(body: dict) -> set[str]:
    items = body["items"]
    return {(item.get("film") or item)["title"] for item in items}


def test_the_film_list_api_filters_for_the_token_holder(client, world):
    assert client.get(f"/api/v1/films?{ON}").status_code == 401
    response = client.get(f"/api/v1/films?{ON}", **bearer(world.ada))
    assert response.status_code == 200
    assert titles_of(response.json()) == {"Quayside Nights", "Rookery Nights"}
    assert response.json()["count"] == 2
    assert "private" in response["Cache-Control"]
    response = client.get(f"/api/v1/films?{ON}", **bearer(world.bruno))
    assert titles_of(response.json()) == {"Lantern Nights"}
    response = client.get("/api/v1/films?on_my_services=false", **bearer(world.ada))
    assert response.json()["count"] == 4
    assert client.get("/api/v1/films?on_my_services=maybe").status_code == 400


def test_the_film_list_api_from_a_signed_in_browser(world):
    ada = member_client(world.ada)
    response = ada.get(f"/api/v1/films?{ON}")
    assert response.status_code == 200
    assert titles_of(response.json()) == {"Quayside Nights", "Rookery Nights"}
    assert "X-Cache" not in response
    # And the visitors' copy of the unfiltered list is not changed by it.
    assert Client().get("/api/v1/films")["X-Cache"] == "MISS"
    assert Client().get("/api/v1/films").json()["count"] == 4


def test_the_search_api_filters_for_the_token_holder(client, indexed):
    assert client.get(f"/api/v1/search?q=nights&{ON}").status_code == 401
    response = client.get(f"/api/v1/search?q=nights&{ON}", **bearer(indexed.ada))
    assert response.status_code == 200
    assert titles_of(response.json()) == {"Quayside Nights", "Rookery Nights"}
    assert "private" in response["Cache-Control"]


def test_the_watchlist_api_filters(client, world):
    watch_all(world.ada, world)
    response = client.get(f"/api/v1/me/watchlist?{ON}", **bearer(world.ada))
    assert response.status_code == 200
    assert titles_of(response.json()) == {"Quayside Nights", "Rookery Nights"}
    assert response.json()["count"] == 2


def test_the_list_apis_filter_by_the_readers_services(client, world, brunos_list):
    response = client.get(
        f"/api/v1/me/lists/{brunos_list.pk}?{ON}", **bearer(world.bruno)
    )
    assert response.status_code == 200
    assert titles_of(response.json()) == {"Lantern Nights"}
    url = f"/api/v1/members/bruno/lists/night-films?{ON}"
    assert client.get(url).status_code == 401
    response = client.get(url, **bearer(world.ada))
    assert response.status_code == 200
    assert titles_of(response.json()) == {"Quayside Nights", "Rookery Nights"}
    assert response.json()["film_count"] == 2


def test_no_member_ever_sees_anothers_services(client, world):
    """Bruno's MUBI appears in nothing Ada (or a visitor) can read."""
    declare(world.carla, (MUBI, "MUBI Carla"))
    ada = member_client(world.ada)
    for url in ("/watch/services/", "/personal/site/", f"/films/?{ON}"):
        assert b"MUBI Carla" not in ada.get(url).content
    body = client.get("/api/v1/me/services", **bearer(world.ada)).json()
    assert {s["provider_id"] for s in body["items"]} == {"8", "73"}
