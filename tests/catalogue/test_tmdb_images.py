"""Posters, backdrops and cast photos from TMDB on the film page, with TMDB's notice."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.catalogue.html import element_text

pytestmark = pytest.mark.django_db

NOTICE = "This product uses the TMDB API but is not endorsed or certified by TMDB."
CONFIGURATION = {
    "secure_base_url": "https://images.example.org/t/p/",
    "poster_sizes": ["w92", "w185", "w342", "w500", "original"],
    "backdrop_sizes": ["w300", "w780", "w1280", "original"],
    "profile_sizes": ["w45", "w185", "h632", "original"],
}


@pytest.fixture
def tmdb_source():
    return factories.make_source(
        key="tmdb",
        name="TMDB",
        url="https://www.themoviedb.org/",
        licence="TMDB API terms of use",
        attribution=NOTICE,
        image_configuration=CONFIGURATION,
    )


def img_sources(html: str, css_class: str) -> list[str]:
    return re.findall(rf'<img class="{css_class}" src="([^"]+)"', html)


def get(client, film) -> str:
    response = client.get(film.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_poster_backdrop_and_cast_photos_come_from_tmdb_configuration(
    client, tmdb_source
):
    film = factories.make_film(
        title="Heat",
        poster_path="/rrBuGu0Pjq7Y2BWSI6teGfZzviY.jpg",
        backdrop_path="/rfEXNlql4CafRmtgp2VFQrBC4sh.jpg",
    )
    pacino = factories.make_person(name="Al Pacino", profile_path="/pacino.jpg")
    extra = factories.make_person(name="Unknown Extra")
    factories.make_credit(film=film, person=pacino, order=0, source=tmdb_source)
    factories.make_credit(film=film, person=extra, order=1, source=tmdb_source)

    html = get(client, film)

    assert img_sources(html, "film-hero__poster") == [
        "https://images.example.org/t/p/w500/rrBuGu0Pjq7Y2BWSI6teGfZzviY.jpg"
    ]
    assert img_sources(html, "film-hero__backdrop") == [
        "https://images.example.org/t/p/w1280/rfEXNlql4CafRmtgp2VFQrBC4sh.jpg"
    ]
    assert img_sources(html, "cast-member__photo") == [
        "https://images.example.org/t/p/w185/pacino.jpg"
    ]
    # The extra has no photo: the initial stands in, so the names stay aligned.
    assert 'cast-member__photo--none" aria-hidden="true">U</span>' in html
    assert NOTICE in element_text(html, "attribution")
    assert "tmdb-logo.svg" in html


def test_film_without_tmdb_images_keeps_the_generated_poster_and_no_notice(
    client, tmdb_source
):
    film = factories.make_film(title="Bare")
    factories.make_credit(film=film, person=factories.make_person(name="Someone"))

    html = get(client, film)

    assert img_sources(html, "film-hero__poster") == [f"/posters/{film.slug}.svg"]
    assert "film-hero__backdrop" not in html
    assert "cast-member__photo" not in html
    assert NOTICE not in html


def test_images_use_tmdb_default_server_before_any_configuration_is_stored(client):
    film = factories.make_film(title="Early", poster_path="/early.jpg")

    html = get(client, film)

    assert img_sources(html, "film-hero__poster") == [
        "https://image.tmdb.org/t/p/w500/early.jpg"
    ]


def test_about_page_shows_tmdb_logo_and_notice(client, tmdb_source):
    response = client.get("/about/")

    html = response.content.decode()
    assert NOTICE in html
    assert 'alt="TMDB"' in html


def test_film_cards_show_the_tmdb_poster_without_a_query_per_card(client, tmdb_source):
    for number in range(3):
        factories.make_film(title=f"Known {number}", poster_path=f"/p{number}.jpg")
    bare = factories.make_film(title="Bare")
    client.get("/films/")  # keeps the configuration in the cache

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/films/?sort=title")

    html = response.content.decode()
    assert re.findall(r'src="(https://images\.example\.org/[^"]+)"', html) == [
        f"https://images.example.org/t/p/w342/p{number}.jpg" for number in range(3)
    ]
    assert f'src="/posters/{bare.slug}.svg"' in html
    assert not [
        q for q in queries.captured_queries if "image_configuration" in q["sql"]
    ]
    # The list's own query reads the posters' paths; no card reads its own.
    assert len([q for q in queries.captured_queries if "poster_path" in q["sql"]]) == 1


def test_a_new_configuration_reaches_the_cards(client, tmdb_source):
    from cinematheque.ingest.services import tmdb_configuration_store

    factories.make_film(title="Known", poster_path="/p.jpg")
    client.get("/films/")
    tmdb_configuration_store(
        source=tmdb_source,
        configuration={"images": {"secure_base_url": "https://new.example.org/t/p/"}},
    )

    html = client.get("/films/?page=1").content.decode()

    assert "https://new.example.org/t/p/w342/p.jpg" in html


def test_person_page_shows_the_tmdb_photo_and_the_notice(client, tmdb_source):
    person = factories.make_person(name="Al Pacino", profile_path="/pacino.jpg")
    film = factories.make_film(title="Heat", poster_path="/heat.jpg")
    factories.make_credit(film=film, person=person)

    html = client.get(person.get_absolute_url()).content.decode()

    assert img_sources(html, "person-head__photo") == [
        "https://images.example.org/t/p/w185/pacino.jpg"
    ]
    assert NOTICE in html


def test_person_without_photo_has_a_generated_portrait_and_no_notice(
    client, tmdb_source
):
    person = factories.make_person(name="Nobody Known")

    html = client.get(person.get_absolute_url()).content.decode()

    assert img_sources(html, "person-head__photo") == [
        f"/people/{person.slug}/photo.svg"
    ]
    assert NOTICE not in html


def test_api_film_list_gives_the_tmdb_poster_url(client, tmdb_source):
    factories.make_film(title="Known", poster_path="/p.jpg")
    bare = factories.make_film(title="Bare")

    items = client.get("/api/v1/films?sort=title").json()["items"]

    assert [item["poster_url"] for item in items] == [
        f"/posters/{bare.slug}.svg",
        "https://images.example.org/t/p/w342/p.jpg",
    ]
