"""Lists are paged through their first MAX_PAGED_FILMS films (catalogue/pagination.py):
counted no further, refused with advice past the cap, on pages and in the API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cinematheque.catalogue import pagination
from cinematheque.catalogue.models import Film
from cinematheque.catalogue.views import FILMS_PER_PAGE
from tests import factories
from tests.catalogue.html import page_text

pytestmark = pytest.mark.django_db

API_LIST = "/api/v1/films"


@pytest.fixture
def cap_of_two_pages(monkeypatch):
    """A cap of two browse pages, so a list of three pages goes past it."""
    monkeypatch.setattr(pagination, "MAX_PAGED_FILMS", 2 * FILMS_PER_PAGE)
    return 2 * FILMS_PER_PAGE


def make_films(count: int) -> None:
    for n in range(count):
        factories.make_film(title=f"Film {n:03}")


def test_the_count_stops_reading_at_the_cap(cap_of_two_pages):
    make_films(cap_of_two_pages + 5)

    with CaptureQueriesContext(connection) as queries:
        rows = pagination.capped_count(Film.objects.all())

    assert rows == cap_of_two_pages + 1
    assert f"LIMIT {cap_of_two_pages + 1}" in queries[0]["sql"]
    assert "ORDER BY" not in queries[0]["sql"]


def test_a_long_list_says_it_goes_on_past_the_pages_it_offers(client, cap_of_two_pages):
    make_films(cap_of_two_pages + FILMS_PER_PAGE)

    response = client.get("/films/", {"page": 2})

    assert response.status_code == 200
    text = page_text(response.content.decode())
    assert f"{cap_of_two_pages}+ films · page 2 of 2" in text


def test_a_page_past_the_cap_is_refused_with_advice(client, cap_of_two_pages):
    make_films(cap_of_two_pages + FILMS_PER_PAGE)

    response = client.get("/films/", {"page": 3})

    assert response.status_code == 400
    assert "Only the first 48 films of a list can be paged through" in (
        response.content.decode()
    )
    assert "reverse the sort" in response.content.decode()


def test_a_page_past_the_end_of_a_short_list_keeps_its_own_message(
    client, cap_of_two_pages
):
    make_films(3)

    response = client.get("/films/", {"page": 2})

    assert response.status_code == 400
    assert "There is no page 2: this list has 1 page." in response.content.decode()


def test_a_list_exactly_at_the_cap_is_not_capped(client, cap_of_two_pages):
    make_films(cap_of_two_pages)

    answer = client.get(API_LIST, {"offset": cap_of_two_pages - 1}).json()

    assert (answer["count"], answer["count_capped"]) == (cap_of_two_pages, False)
    assert len(answer["items"]) == 1


def test_the_api_counts_to_the_cap_and_stops_its_last_page_there(
    client, cap_of_two_pages
):
    make_films(cap_of_two_pages + 7)

    answer = client.get(
        API_LIST, {"offset": cap_of_two_pages - 3, "limit": 10, "sort": "title"}
    ).json()

    assert (answer["count"], answer["count_capped"]) == (cap_of_two_pages, True)
    assert [item["title"] for item in answer["items"]] == [
        f"Film {n:03}" for n in range(cap_of_two_pages - 3, cap_of_two_pages)
    ]


def test_the_api_refuses_an_offset_past_the_cap_with_a_json_400(
    client, cap_of_two_pages
):
    make_films(cap_of_two_pages + 7)

    response = client.get(API_LIST, {"offset": cap_of_two_pages})

    assert response.status_code == 400
    assert "reverse the sort" in response.json()["detail"]


def count_queries(queries: CaptureQueriesContext) -> int:
    return sum("COUNT(*)" in query["sql"] for query in queries.captured_queries)


def test_a_shared_count_is_kept_until_a_listed_film_changes():
    make_films(3)
    assert pagination.capped_count(Film.objects.all(), shared=True) == 3

    with CaptureQueriesContext(connection) as queries:
        assert pagination.capped_count(Film.objects.all(), shared=True) == 3
        assert pagination.capped_count(Film.objects.filter(year=1), shared=True) == 0
    assert count_queries(queries) == 1  # only the filter never counted before

    factories.make_film(title="Film 999")  # a saved film forgets the lists

    assert pagination.capped_count(Film.objects.all(), shared=True) == 4


def test_a_personal_count_is_never_kept():
    make_films(2)
    pagination.capped_count(Film.objects.all())

    with CaptureQueriesContext(connection) as queries:
        assert pagination.capped_count(Film.objects.all()) == 2
    assert count_queries(queries) == 1


def test_the_pages_and_sorts_of_one_browse_filter_share_one_count(client, settings):
    settings.PAGE_CACHE_ENABLED = False  # every request renders its page
    make_films(FILMS_PER_PAGE + 3)

    with CaptureQueriesContext(connection) as queries:
        first = client.get("/films/")
        second = client.get("/films/", {"page": 2})
        sorted_by_title = client.get("/films/", {"sort": "title"})

    assert [r.status_code for r in (first, second, sorted_by_title)] == [200] * 3
    assert count_queries(queries) == 1
    assert f"{FILMS_PER_PAGE + 3} films" in page_text(second.content.decode())
