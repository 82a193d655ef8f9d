"""The invalidation matrix: after each kind of change, the cached pages that show what
changed are rendered again (X-Cache: MISS) and every other page is still served from
the cache (X-Cache: HIT)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client

from cinematheque.catalogue.models import Film
from cinematheque.editorial import services
from cinematheque.editorial.models import Collection
from cinematheque.pages.cache import bulk_change, page_cache_forget
from cinematheque.people.models import Credit, Person
from tests import factories


@dataclass
class Site:
    heat: Film
    ronin: Film
    pacino: Person
    de_niro: Person
    reno: Person
    collection: Collection


@pytest.fixture
def site(db) -> Site:
    crime = factories.make_genre("Crime")
    heat = factories.make_film(title="Heat", year=1995, slug="heat-1995")
    ronin = factories.make_film(title="Ronin", year=1998, slug="ronin-1998")
    heat.genres.add(crime)
    ronin.genres.add(crime)
    pacino = factories.make_person(name="Al Pacino", slug="al-pacino")
    de_niro = factories.make_person(name="Robert De Niro", slug="robert-de-niro")
    reno = factories.make_person(name="Jean Reno", slug="jean-reno")
    factories.make_credit(film=heat, person=pacino, order=0)
    factories.make_credit(film=heat, person=de_niro, order=1)
    factories.make_credit(film=ronin, person=de_niro, order=0)
    factories.make_credit(film=ronin, person=reno, order=1)
    collection = Collection(slug="mann", title="Mann's Los Angeles", featured=True)
    services.piece_save(piece=collection, author=None)
    collection.items.create(film=heat, order=1, note="The city at night.")
    services.piece_publish(piece=collection, author=None)
    collection.refresh_from_db()
    return Site(heat, ronin, pacino, de_niro, reno, collection)


PAGES = {
    "heat": "/films/heat-1995/",
    "ronin": "/films/ronin-1998/",
    "pacino": "/people/al-pacino/",
    "de_niro": "/people/robert-de-niro/",
    "reno": "/people/jean-reno/",
    "home": "/",
    "browse": "/films/?genre=crime",
    "genres": "/genres/",
    "genre": "/genres/crime/",
    "search": "/search/?q=heat",
    "collection": "/collections/mann/",
    "collections": "/collections/",
    "api_heat": "/api/v1/films/by-slug/heat-1995",
    "api_ronin": "/api/v1/films/by-slug/ronin-1998",
    "api_films": "/api/v1/films",
    "api_reno": "/api/v1/people/by-slug/jean-reno",
    "sitemap": "/sitemap-films.xml",
    "about": "/about/",
}


def warm(client: Client) -> None:
    for name, url in PAGES.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        assert response["X-Cache"] == "MISS", name
        assert client.get(url)["X-Cache"] == "HIT", name


def states(client: Client) -> dict[str, str]:
    return {name: client.get(url)["X-Cache"] for name, url in PAGES.items()}


def assert_changed_exactly(client: Client, changed: set[str]) -> None:
    assert changed <= set(PAGES)
    expected = {name: "MISS" if name in changed else "HIT" for name in PAGES}
    assert states(client) == expected


def save_film(site: Site) -> None:
    site.heat.runtime = 171
    site.heat.save()


def save_person(site: Site) -> None:
    site.reno.name = "Jean Réno"
    site.reno.save()


def publish_tagline(site: Site) -> None:
    factories.make_film_text(film=site.heat, publish=True, tagline="City of angels.")


def change_collection(site: Site) -> None:
    site.collection.title = "Michael Mann's Los Angeles"
    services.piece_save(piece=site.collection, author=None)
    services.piece_publish(piece=site.collection, author=None)


def rebuild_recommendations(site: Site) -> None:
    from cinematheque.recommendations.services import recommendations_rebuild

    recommendations_rebuild()


def reindex_search(site: Site) -> None:
    from cinematheque.search.services import search_rebuild

    search_rebuild()


FILM_PAGES = {"heat", "ronin", "api_heat", "api_ronin"}
PERSON_PAGES = {"pacino", "de_niro", "reno"}
LIST_PAGES = {"home", "browse", "genres", "genre", "api_films", "about"}

MATRIX: list[tuple[str, Callable[[Site], None], set[str]]] = [
    (
        "film save",
        save_film,
        {"heat", "api_heat", "pacino", "de_niro", "collection", "search", "sitemap"}
        | LIST_PAGES,
    ),
    (
        "person save",
        save_person,
        {"reno", "api_reno", "ronin", "api_ronin", "search", "sitemap"},
    ),
    ("editorial publish", publish_tagline, {"heat", "api_heat"}),
    (
        "collection change",
        change_collection,
        {"collection", "collections", "home", "heat", "api_heat", "sitemap"},
    ),
    ("recommendation rebuild", rebuild_recommendations, FILM_PAGES | PERSON_PAGES),
    ("search reindex", reindex_search, {"search"}),
]


@pytest.mark.parametrize(
    ("change", "expected"),
    [(change, expected) for _, change, expected in MATRIX],
    ids=[name for name, _, _ in MATRIX],
)
def test_a_change_renders_again_exactly_the_pages_that_show_it(
    client, site, change, expected
):
    warm(client)
    change(site)
    assert_changed_exactly(client, expected)


def test_unpublishing_renders_the_film_page_again(client, site):
    text = factories.make_film_text(film=site.heat, publish=True)
    warm(client)
    assert "A tagline worth reading." in client.get(PAGES["heat"]).content.decode()
    services.piece_unpublish(piece=text, author=None)
    assert_changed_exactly(client, {"heat", "api_heat"})
    assert "A tagline worth reading." not in client.get(PAGES["heat"]).content.decode()


def test_a_changed_page_shows_the_change(client, site):
    warm(client)
    site.heat.title = "Heat (director's cut)"
    site.heat.save()
    assert "Heat (director&#39;s cut)" in client.get(PAGES["heat"]).content.decode()
    assert "Heat (director&#39;s cut)" in client.get(PAGES["pacino"]).content.decode()


def test_a_plain_update_of_a_credit_is_seen(client, site):
    warm(client)
    Credit.objects.filter(film=site.ronin, person=site.reno).get().delete()
    assert_changed_exactly(client, {"ronin", "api_ronin", "reno", "api_reno", "search"})


def test_a_bulk_change_forgets_once_at_its_end(client, site):
    warm(client)
    with bulk_change():
        Film.objects.filter(pk=site.ronin.pk).update(title="Ronin (1998)")  # no signal
        page_cache_forget(films=[site.ronin.pk])
        assert client.get(PAGES["ronin"])["X-Cache"] == "HIT"  # not yet
    assert_changed_exactly(client, {"ronin", "api_ronin"})


def test_a_large_bulk_change_forgets_every_page(client, site, monkeypatch):
    monkeypatch.setattr("cinematheque.pages.cache.BULK_LIMIT", 3)
    warm(client)
    with bulk_change():
        page_cache_forget(films=[1000, 1001, 1002, 1003])
    assert_changed_exactly(client, set(PAGES))


def test_an_import_that_changes_nothing_keeps_every_page(client, site, tmp_path):
    from tests.ingest.conftest import load_fixture, run_import, write_catalogue

    path = write_catalogue(tmp_path / "movies.db", load_fixture())
    run_import(path, skip_recommendations=True)
    warm(client)
    run_import(path, skip_recommendations=True)
    # The import re-indexes and forgets only the films it changed: here none.
    assert_changed_exactly(client, set())


def test_an_import_that_changes_films_renders_the_pages_again(client, site, tmp_path):
    from tests.ingest.conftest import load_fixture, run_import, write_catalogue

    rows = load_fixture()
    path = write_catalogue(tmp_path / "movies.db", rows)
    run_import(path, skip_recommendations=True)
    warm(client)
    taxi_driver = "/films/taxi-driver-1976/"
    assert client.get(taxi_driver)["X-Cache"] == "MISS"
    assert rows["omdb"][2]["Title"] == "Taxi Driver"  # a film the import owns
    rows["omdb"][2]["Title"] = "Taxi Driver (restored)"
    changed = write_catalogue(tmp_path / "changed.db", rows)
    run_import(changed, skip_recommendations=True)
    page = client.get(taxi_driver)
    assert page["X-Cache"] == "MISS"
    assert b"Taxi Driver (restored)" in page.content
    # Its page and every list that may show it; other films' pages, and people who
    # are not in its credits, stay cached.
    lists = {"home", "browse", "genres", "genre", "search", "api_films", "sitemap"}
    assert_changed_exactly(client, lists | {"about"})


def film_lookups(queries: list[dict]) -> int:
    return sum(
        'FROM "catalogue_film"' in query["sql"] and '"slug" =' in query["sql"]
        for query in queries
    )


def test_a_film_page_miss_reads_the_film_once(client, site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(PAGES["heat"])["X-Cache"] == "MISS"
    save_film(site)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PAGES["heat"])
    assert response["X-Cache"] == "MISS"
    assert film_lookups(queries.captured_queries) == 1


def test_a_slug_taken_by_another_film_is_cached_under_that_films_versions(client, site):
    assert client.get(PAGES["ronin"])["X-Cache"] == "MISS"
    site.ronin.delete()
    other = factories.make_film(title="Ronin", year=1998, slug="ronin-1998")
    assert other.pk != site.ronin.pk
    first = client.get(PAGES["ronin"])
    assert "no-store" in first["Cache-Control"]  # rendered under the old id's versions
    assert client.get(PAGES["ronin"])["X-Cache"] == "MISS"
    assert client.get(PAGES["ronin"])["X-Cache"] == "HIT"
    other.runtime = 99
    other.save()
    assert client.get(PAGES["ronin"])["X-Cache"] == "MISS"
