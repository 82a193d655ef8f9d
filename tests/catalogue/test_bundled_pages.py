"""The pages on the whole bundled open catalogue (17,472 films): real, dirty data."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.catalogue.html import element_text, json_ld, page_text
from tests.catalogue.test_film_page import MAX_FILM_PAGE_QUERIES

pytestmark = [pytest.mark.bundled, pytest.mark.django_db]


def test_heat_page_on_the_bundled_catalogue(client, bundled_catalogue, settings):
    # Count the render's queries: a page-cache miss adds the lookup of the film's
    # version (catalogue/page_cache.py).
    settings.PAGE_CACHE_ENABLED = False
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/films/heat-1995/")
    assert response.status_code == 200
    assert len(queries) <= MAX_FILM_PAGE_QUERIES
    html = response.content.decode()
    assert "Heat (1995)" in element_text(html, "main")
    starring = element_text(html, "starring")
    assert "Al Pacino" in starring
    assert "Robert De Niro" in starring
    assert "Box office $187.4 million" in element_text(html, "money")
    scores = element_text(html, "review-scores")
    assert "84% Rotten Tomatoes Tomatometer 154 reviews" in scores
    assert "76/100 Metacritic Metascore" in scores
    assert "Director Michael Mann" in element_text(html, "credits")
    (movie,) = [block for block in json_ld(html) if block["@type"] == "Movie"]
    assert movie["duration"] == "PT2H50M"
    assert movie["contentRating"] == "R"


def test_person_browse_and_sitemap_on_the_bundled_catalogue(client, bundled_catalogue):
    pacino = client.get("/people/al-pacino/")
    assert pacino.status_code == 200
    assert "1995 Heat" in element_text(pacino.content.decode(), "role-acting")

    browse = client.get("/films/?genre=crime&decade=1990&sort=-box_office")
    assert browse.status_code == 200
    text = page_text(browse.content.decode())
    assert re.search(r"[\d,]+ films · page 1 of \d+", text)

    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-films.xml?p=2" in index
    assert "sitemap-people.xml?p=5" in index
