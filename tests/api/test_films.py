"""GET /api/v1/films, /films/{film_id} and /films/by-slug/{slug}."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cinematheque.catalogue.derived import critics_scores_refresh
from cinematheque.catalogue.models import Country, ReviewScore
from cinematheque.people.models import Credit
from tests import factories

LIST = "/api/v1/films"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_film_list_items_have_the_documented_shape(client, heat):
    response = client.get(LIST, {"genre": "crime"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {
        "count": 1,
        "count_capped": False,
        "limit": 20,
        "offset": 0,
        "items": [
            {
                "id": heat.film.pk,
                "slug": "heat-1995",
                "title": "Heat",
                "year": 1995,
                "url": "/films/heat-1995/",
                "poster_url": "/posters/heat-1995.svg",
                "runtime": 170,
                "certification": "R",
                "genres": [
                    {"slug": "crime", "name": "Crime"},
                    {"slug": "drama", "name": "Drama"},
                    {"slug": "thriller", "name": "Thriller"},
                ],
            }
        ],
    }


def test_film_list_without_certification_gives_null(client, db):
    factories.make_film(title="Unrated", certification="")

    assert client.get(LIST).json()["items"][0]["certification"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"genre": "crime"}, {"crime-90s"}),
        ({"genre": "CRIME"}, {"crime-90s"}),
        ({"decade": "1990"}, {"crime-90s", "drama-90s"}),
        ({"decade": "1980s"}, {"drama-80s"}),
        ({"certification": "pg"}, {"drama-90s"}),
        ({"country": "france"}, {"drama-80s"}),
        ({"genre": "drama", "decade": "1990"}, {"drama-90s"}),
        ({"genre": "western"}, set()),
        ({}, {"crime-90s", "drama-90s", "drama-80s"}),
    ],
)
def test_film_list_filters_like_the_browse_page(client, db, params, expected):
    crime, drama = factories.make_genre("Crime"), factories.make_genre("Drama")
    france = factories.make_named(Country, "France")
    factories.make_film(title="Crime 90s", slug="crime-90s", year=1995, certification="R").genres.add(crime)  # fmt: skip
    factories.make_film(title="Drama 90s", slug="drama-90s", year=1990, certification="PG").genres.add(drama)  # fmt: skip
    eighties = factories.make_film(title="Drama 80s", slug="drama-80s", year=1989)
    eighties.genres.add(drama)
    eighties.countries.add(france)

    response = client.get(LIST, params)

    assert response.status_code == 200, response.content
    assert {item["slug"] for item in response.json()["items"]} == expected
    assert response.json()["count"] == len(expected)


@pytest.fixture
def sortable(db) -> dict[str, int]:
    source = factories.make_source()
    films = {
        "b": factories.make_film(title="B", year=2001, box_office=5, notability=3),
        "a": factories.make_film(title="A", year=1999, box_office=None, notability=9),
        "c": factories.make_film(title="C", year=None, box_office=50, notability=1),
    }
    factories.make_review_score(film=films["b"], value=40, review_count=20, source=source)  # fmt: skip
    factories.make_review_score(film=films["c"], value=95, review_count=20, source=source)  # fmt: skip
    # Another kind of score must not count as the Tomatometer.
    factories.make_review_score(
        film=films["a"], kind=ReviewScore.Kind.METACRITIC, value=99, source=source
    )
    critics_scores_refresh()
    return {key: film.pk for key, film in films.items()}


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("title", "abc"),
        ("-title", "cba"),
        ("year", "abc"),  # no year comes last
        ("-year", "bac"),
        ("box_office", "bca"),  # no box office comes last
        ("-box_office", "cba"),
        ("score", "bca"),
        ("-score", "cba"),
        ("notability", "cba"),
        ("-notability", "abc"),
        ("", "abc"),  # default: -notability
    ],
)
def test_film_list_sorts_like_the_browse_page(client, sortable, sort, order):
    response = client.get(LIST, {"sort": sort} if sort else {})

    assert ids(response) == [sortable[key] for key in order]


def test_film_list_paginates_with_limit_and_offset(client, db):
    films = [factories.make_film(title=f"Film {n:02}") for n in range(25)]
    everything = [film.pk for film in films]

    first = client.get(LIST, {"sort": "title"})
    second = client.get(LIST, {"sort": "title", "limit": 10, "offset": 20})

    assert first.json()["count"] == 25
    assert ids(first) == everything[:20]  # default limit
    assert second.json()["count"] == 25
    assert (second.json()["limit"], second.json()["offset"]) == (10, 20)
    assert ids(second) == everything[20:]


def test_film_list_allows_a_hundred_films_per_page(client, db):
    for n in range(101):
        factories.make_film(title=f"Film {n:03}")

    response = client.get(LIST, {"limit": 100})

    assert len(ids(response)) == 100
    assert response.json()["count"] == 101


@pytest.mark.parametrize("offset", [3, 1000, 2**63 - 1])
def test_film_list_offset_past_the_end_is_an_empty_page(client, db, offset):
    for _ in range(3):
        factories.make_film()

    response = client.get(LIST, {"offset": offset})

    assert response.status_code == 200
    assert response.json()["items"] == []
    assert response.json()["count"] == 3


def _make_films_with_genres(count: int) -> None:
    genres = [factories.make_genre(name) for name in ("Crime", "Drama", "Comedy")]
    for _ in range(count):
        factories.make_film().genres.add(*genres)


@pytest.mark.parametrize("sort", ["title", "-score"])
def test_film_list_query_count_does_not_grow_with_page_size(
    client, db, django_assert_num_queries, sort
):
    _make_films_with_genres(2)
    with CaptureQueriesContext(connection) as small:
        assert len(ids(client.get(LIST, {"sort": sort}))) == 2
    _make_films_with_genres(60)

    # count, the page of films, their genres
    assert len(small) == 3
    with django_assert_num_queries(3):
        assert len(ids(client.get(LIST, {"sort": sort, "limit": 62}))) == 62


def test_film_detail_has_every_fact(client, heat):
    response = client.get(f"/api/v1/films/{heat.film.pk}")

    assert response.status_code == 200
    film = response.json()
    assert {key: film[key] for key in ("id", "slug", "title", "year", "url")} == {
        "id": heat.film.pk,
        "slug": "heat-1995",
        "title": "Heat",
        "year": 1995,
        "url": "/films/heat-1995/",
    }
    assert film["original_title"] == "Heat"
    assert film["release_date"] == "1995-12-15"
    assert film["release_date_precision"] == "day"
    assert film["runtime"] == 170
    assert film["certification"] == "R"
    assert film["certification_country"] == "US"
    assert film["overview"].startswith("A detective and a thief")
    assert [g["name"] for g in film["genres"]] == ["Crime", "Drama", "Thriller"]
    assert film["countries"] == [{"slug": "united-states", "name": "United States"}]
    assert film["languages"] == [{"slug": "english", "name": "English"}]
    assert film["companies"] == [{"slug": "forward-pass", "name": "Forward Pass"}]
    assert film["budget"] == {"amount": 60_000_000, "currency": "USD"}
    assert film["box_office"] == {"amount": 187_436_818, "currency": "USD"}
    assert film["external_ids"] == {
        "imdb": "tt0113277",
        "tmdb": 949,
        "wikidata": "Q42198",
    }
    assert film["review_scores"] == [
        {
            "kind": "imdb",
            "label": "IMDb rating",
            "value": 8.3,
            "scale": 10,
            "review_count": None,
            "fresh_count": None,
            "rotten_count": None,
            "source": "critics",
        },
        {
            "kind": "rt_tomatometer",
            "label": "Rotten Tomatoes Tomatometer",
            "value": 87.0,
            "scale": 100,
            "review_count": 69,
            "fresh_count": 60,
            "rotten_count": 9,
            "source": "critics",
        },
    ]
    assert film["videos"] == [
        {
            "kind": "trailer",
            "site": "youtube",
            "key": "trailer-key",
            "name": "Official trailer",
            "language": "",
            "official": True,
            "published_at": "2015-01-10T16:00:00Z",
        }
    ]


def test_film_detail_lists_cast_in_billing_order_and_crew_by_department(client, heat):
    credits = client.get(f"/api/v1/films/{heat.film.pk}").json()["credits"]

    assert [(c["person"]["name"], c["character"], c["order"]) for c in credits["cast"]] == [
        ("Al Pacino", "Vincent Hanna", 0),
        ("Robert De Niro", "Neil McCauley", 1),
        ("Val Kilmer", "Chris Shiherlis", 2),
    ]  # fmt: skip
    assert [c["order_is_estimated"] for c in credits["cast"]] == [False, False, True]
    assert credits["cast"][0]["person"] == {
        "id": heat.pacino.pk,
        "slug": "al-pacino",
        "name": "Al Pacino",
        "url": "/people/al-pacino/",
    }
    assert [(c["department"], c["job"], c["person"]["slug"]) for c in credits["crew"]] == [
        ("directing", "Director", "michael-mann"),
        ("writing", "Screenplay", "michael-mann"),
    ]  # fmt: skip


def test_film_detail_shows_relations_from_both_ends(client, heat):
    remake = client.get(f"/api/v1/films/{heat.film.pk}").json()["relations"]
    original = client.get(f"/api/v1/films/{heat.takedown.pk}").json()["relations"]

    expected = [
        {
            "kind": "remake_of",
            "label": "remake of",
            "from_film": {
                "id": heat.film.pk,
                "slug": "heat-1995",
                "title": "Heat",
                "year": 1995,
                "url": "/films/heat-1995/",
            },
            "to_film": {
                "id": heat.takedown.pk,
                "slug": "la-takedown",
                "title": "L.A. Takedown",
                "year": 1989,
                "url": "/films/la-takedown/",
            },
            "note": "",
        }
    ]
    assert remake == expected
    assert original == expected


def test_film_detail_lists_every_source_with_its_licence(client, heat):
    sources = client.get(f"/api/v1/films/{heat.film.pk}").json()["sources"]

    assert sources == [
        {
            "key": "critics",
            "name": "Critics' aggregate",
            "url": None,
            "licence": "CC0 1.0",
            "licence_url": None,
            "attribution": "Aggregated critics' scores",
            "retrieved_on": None,
        },
        {
            "key": "wikidata",
            "name": "Wikidata",
            "url": "https://www.wikidata.org/",
            "licence": "CC0 1.0",
            "licence_url": "https://creativecommons.org/publicdomain/zero/1.0/",
            "attribution": "Wikidata contributors, CC0",
            "retrieved_on": "2024-02-01",
        },
    ]


def test_film_detail_includes_sources_known_only_through_credits(client, db):
    film = factories.make_film()
    credits_source = factories.make_source(key="credits-db", name="Credits database")
    factories.make_credit(film=film, person=factories.make_person(), source=credits_source)  # fmt: skip

    sources = client.get(f"/api/v1/films/{film.pk}").json()["sources"]

    assert [source["key"] for source in sources] == ["credits-db"]


def test_film_without_optional_facts_gives_nulls_and_empty_lists(client, db):
    film = factories.make_film(title="Bare", year=None, certification_country="")

    data = client.get(f"/api/v1/films/{film.pk}").json()

    assert data["year"] is None
    assert data["budget"] is None
    assert data["box_office"] is None
    assert data["original_title"] is None
    assert data["overview"] is None
    assert data["certification_country"] is None
    assert data["external_ids"] == {"imdb": None, "tmdb": None, "wikidata": None}
    assert data["credits"] == {"cast": [], "crew": []}
    for key in ("genres", "review_scores", "relations", "videos", "sources"):
        assert data[key] == []


def test_box_office_keeps_its_currency(client, db):
    film = factories.make_film(box_office=1_000_000, box_office_currency="EUR")

    data = client.get(f"/api/v1/films/{film.pk}").json()

    assert data["box_office"] == {"amount": 1_000_000, "currency": "EUR"}


def test_film_by_slug_returns_the_same_document_as_by_id(client, heat):
    by_id = client.get(f"/api/v1/films/{heat.film.pk}")
    by_slug = client.get("/api/v1/films/by-slug/heat-1995")

    assert by_slug.status_code == 200
    assert by_slug.json() == by_id.json()


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        ("/api/v1/films/424242", "No film with id 424242."),
        ("/api/v1/films/by-slug/no-such-film", "No film with slug 'no-such-film'."),
    ],
)
def test_unknown_film_is_a_json_404(client, db, url, detail):
    response = client.get(url)

    assert response.status_code == 404
    assert response.json() == {
        "status": 404,
        "title": "Not Found",
        "detail": detail,
        "errors": [],
    }


def test_film_detail_query_count_does_not_grow_with_credits(
    client, heat, django_assert_num_queries
):
    # The same kinds of rows as Heat, with one credit.
    small = factories.make_film(title="Small", source=heat.wikidata)
    small.genres.add(factories.make_genre("Crime"))
    factories.make_credit(film=small, person=factories.make_person())
    factories.make_review_score(film=small, source=heat.critics)
    factories.make_video(film=small)
    factories.make_relation(from_film=small, to_film=heat.takedown)
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(f"/api/v1/films/{small.pk}").status_code == 200
    for order in range(3, 40):
        factories.make_credit(film=heat.film, person=factories.make_person(), order=order)  # fmt: skip
    for department in (Credit.Department.CAMERA, Credit.Department.EDITING):
        for _ in range(5):
            factories.make_credit(
                film=heat.film, person=factories.make_person(), department=department
            )

    with django_assert_num_queries(len(baseline)):
        response = client.get(f"/api/v1/films/{heat.film.pk}")
    assert len(response.json()["credits"]["cast"]) == 40
    assert len(response.json()["credits"]["crew"]) == 12


def test_film_and_person_urls_are_those_of_their_pages(client, db):
    film = factories.make_film(title="Amélie", slug="amelie-2001_b")
    person = factories.make_person(name="Tone Lōc", slug="tone-loc")
    factories.make_credit(film=film, person=person)

    item = client.get("/api/v1/films").json()["items"][0]
    cast = client.get(f"/api/v1/films/{film.pk}").json()["credits"]["cast"]

    assert item["url"] == film.get_absolute_url()
    assert item["poster_url"] == reverse("catalogue:poster", args=[film.slug])
    assert cast[0]["person"]["url"] == person.get_absolute_url()
