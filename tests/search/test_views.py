"""The results page, the suggestions endpoint and the header box."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories

RESULTS = "/search/"
SUGGEST = "/search/suggest/"


def test_header_search_box_is_an_accessible_combobox_on_every_page(client, db):
    html = client.get("/").content.decode()
    assert 'role="search"' in html
    assert 'role="combobox"' in html
    assert 'aria-controls="site-search-listbox"' in html
    assert 'role="listbox"' in html
    assert reverse("search:suggest") in html
    assert "search/suggest.js" in html


def test_results_page_lists_films_and_people_in_rank_order(client, small_catalogue):
    response = client.get(RESULTS, {"q": "pacino"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("/people/al-pacino/") < html.index("/films/heat-1995/")
    assert "known for The Godfather (1972)" in html
    assert 'value="pacino"' in html  # the header box keeps the query


def test_results_page_shows_the_correction(client, small_catalogue):
    html = client.get(RESULTS, {"q": "godfater"}).content.decode()
    assert "Showing results for <strong>godfather</strong>" in html
    assert "/films/the-godfather-1972/" in html


def test_facets_link_to_filtered_results_and_keep_the_query(client, small_catalogue):
    response = client.get(RESULTS, {"q": "heat"})
    facets = {link["label"]: link for link in response.context["genre_facets"]}
    assert facets["Crime"]["url"] == "?q=heat&genre=crime"
    assert facets["Crime"]["count"] == 1
    decades = [link["label"] for link in response.context["decade_facets"]]
    assert decades == ["1970s", "1980s", "1990s"]
    filtered = client.get(RESULTS, {"q": "heat", "genre": "crime"})
    assert [row["hit"].slug for row in filtered.context["rows"]] == ["heat-1995"]
    kinds = {link["label"]: link for link in filtered.context["kind_facets"]}
    assert kinds["People"]["count"] == 0


def test_type_facet_shows_only_people(client, small_catalogue):
    response = client.get(RESULTS, {"q": "pacino", "type": "person"})
    assert [row["hit"].kind for row in response.context["rows"]] == ["person"]


def test_results_are_paginated(client, db):
    for number in range(25):
        factories.make_film(title=f"Noir {number}", year=1950, slug=f"noir-{number}")
    from cinematheque.search.services import search_rebuild

    search_rebuild()
    first = client.get(RESULTS, {"q": "noir"})
    assert len(first.context["rows"]) == 20
    assert first.context["page"].paginator.num_pages == 2
    second = client.get(RESULTS, {"q": "noir", "page": 2})
    assert len(second.context["rows"]) == 5
    assert "q=noir&amp;page=1" in second.content.decode()


def test_user_text_is_escaped(client, small_catalogue):
    html = client.get(RESULTS, {"q": '<script>alert("x")</script>'}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_bad_filter_gets_a_400_page_with_a_message(client, small_catalogue):
    response = client.get(RESULTS, {"q": "heat", "decade": "nineties"})
    assert response.status_code == 400
    assert "Decade must be a year like 1990" in response.content.decode()


def test_empty_query_shows_a_search_form(client, db):
    response = client.get(RESULTS)
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()
    assert response.context["rows"] == []


@pytest.mark.parametrize(
    "raw", ["%ED%A0%80", "%25", "x" * 4000, "%22NEAR%22%2A", "%00", "%FF"]
)
def test_odd_queries_render_the_page(client, small_catalogue, raw):
    assert client.get(f"{RESULTS}?q={raw}").status_code == 200


def test_suggestions_give_films_with_year_and_poster_and_people(
    client, small_catalogue
):
    response = client.get(SUGGEST, {"q": "pacino"})
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    items = response.json()["items"]
    assert items[0] == {
        "type": "person",
        "label": "Al Pacino",
        "url": "/people/al-pacino/",
        "known_for": "The Godfather",
        "known_for_year": 1972,
    }
    film = next(item for item in items if item["type"] == "film")
    assert set(film) == {"type", "label", "year", "url", "poster_url"}
    assert film["poster_url"].startswith("/posters/")


def test_suggestions_for_a_title_being_typed(client, small_catalogue):
    items = client.get(SUGGEST, {"q": "the godf"}).json()["items"]
    assert items[0]["url"] == "/films/the-godfather-1972/"


@pytest.mark.parametrize("raw", ["", "q=", "q=%ED%A0%80", "q=%22%2A"])
def test_suggestions_for_odd_input_are_empty_or_valid(client, small_catalogue, raw):
    response = client.get(f"{SUGGEST}?{raw}")
    assert response.status_code == 200
    assert isinstance(response.json()["items"], list)
