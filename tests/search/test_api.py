"""GET /api/v1/search: the search box's ranking as JSON; odd input never gives a 500."""

from __future__ import annotations

from urllib.parse import quote

import pytest

URL = "/api/v1/search"


def test_results_come_in_order_with_the_documented_fields(client, small_catalogue):
    body = client.get(URL, {"q": "heat"}).json()
    film = body["items"][0]
    assert film == {
        "type": "film",
        "id": small_catalogue.heat.pk,
        "slug": "heat-1995",
        "url": "/films/heat-1995/",
        "title": "Heat",
        "year": 1995,
        "poster_url": "/posters/heat-1995.svg",
    }
    assert [item["slug"] for item in body["items"][:2]] == ["heat-1995", "heat-1972"]
    assert body["count"] == len(body["items"])
    assert body["query"] == "heat"
    assert body["corrected_query"] is None


def test_people_carry_name_and_best_known_film(client, small_catalogue):
    body = client.get(URL, {"q": "al pacino", "type": "person"}).json()
    assert body["items"][0] == {
        "type": "person",
        "id": small_catalogue.pacino.pk,
        "slug": "al-pacino",
        "url": "/people/al-pacino/",
        "name": "Al Pacino",
        "known_for": {
            "title": "The Godfather",
            "year": 1972,
            "url": "/films/the-godfather-1972/",
        },
    }
    assert {item["type"] for item in body["items"]} == {"person"}


def test_type_genre_and_decade_filter_films(client, small_catalogue):
    body = client.get(
        URL, {"q": "heat", "type": "film", "genre": "drama", "decade": "1970s"}
    ).json()
    assert [item["slug"] for item in body["items"]] == ["heat-1972"]


def test_limit_and_offset_page_through_the_same_ranking(client, small_catalogue):
    everything = client.get(URL, {"q": "pacino"}).json()["items"]
    page = client.get(URL, {"q": "pacino", "limit": 2, "offset": 1}).json()
    assert page["items"] == everything[1:3]
    assert page["limit"] == 2
    assert page["offset"] == 1
    past = client.get(URL, {"q": "pacino", "offset": 500}).json()
    assert past["items"] == []


def test_corrected_query_is_reported(client, small_catalogue):
    body = client.get(URL, {"q": "godfater"}).json()
    assert body["corrected_query"] == "godfather"
    assert body["items"][0]["slug"] == "the-godfather-1972"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "heat", "type": "studio"}, "type"),
        ({"q": "heat", "decade": "1995"}, "decade"),
        ({"q": "heat", "genre": "no such/genre"}, "genre"),
        ({"q": "heat", "limit": 0}, "limit"),
        ({"q": "heat", "limit": 51}, "limit"),
        ({"q": "heat", "offset": -1}, "offset"),
        ({"q": "heat", "offset": 100_000}, "offset"),
        ({"q": "x" * 1001}, "q"),  # longer query strings get a 414
    ],
)
def test_bad_parameters_get_a_400_naming_the_field(
    client, small_catalogue, params, field
):
    response = client.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert field in body["detail"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        '"',
        '""heat""',
        "*",
        "heat*",
        "NEAR(heat pacino, 2)",
        "heat NOT pacino",
        "title_text:heat",
        "{title_text alt_text}: heat",
        "'heat':* & !pacino",
        "heat <-> pacino",
        "1' OR '1'='1",
        "'; DROP TABLE search_filmdocument; --",
        "%",
        "_",
        "\\",
        "\x00heat",
        "😀 heat",
        "\u02bc",
        "x" * 999,
        " ".join(["heat"] * 199),
    ],
)
def test_odd_queries_get_a_clean_200(client, small_catalogue, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200, response.content
    assert isinstance(response.json()["items"], list)


@pytest.mark.parametrize(
    "raw", ["%ED%A0%80", "%ED%A0%80heat%ED%BF%BF", "%FF%FE", "%C0"]
)
def test_invalid_utf8_and_lone_surrogates_get_a_clean_200(client, small_catalogue, raw):
    response = client.get(f"{URL}?q={raw}")
    assert response.status_code == 200
    assert isinstance(response.json()["items"], list)


def test_empty_query_gives_no_items(client, small_catalogue):
    body = client.get(URL).json()
    assert body["items"] == []
    assert body["count"] == 0


def test_search_is_in_the_openapi_schema(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/search"]["get"]
    assert operation["operationId"] == "search"
    assert {parameter["name"] for parameter in operation["parameters"]} == {
        "q",
        "type",
        "genre",
        "decade",
        "limit",
        "offset",
        "on_my_services",
    }


def test_search_response_is_publicly_cacheable(client, small_catalogue):
    response = client.get(f"{URL}?q={quote('heat')}")
    assert "public" in response["Cache-Control"]
    assert response.has_header("ETag")
