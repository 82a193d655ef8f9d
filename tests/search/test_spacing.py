"""Words typed joined or split differently from the title or name."""

from __future__ import annotations

import pytest

from cinematheque.search.engine import search, suggest
from cinematheque.search.services import search_rebuild
from tests.search.conftest import _film


@pytest.fixture
def catalogue(small_catalogue):
    _film("Goodfellas", 1990, 85, slug="goodfellas-1990")
    _film("Batman", 1989, 70, slug="batman-1989")
    _film("The Man Who Knew Too Much", 1956, 50, slug="the-man-who-knew-1956")
    search_rebuild()
    return small_catalogue


def first(query: str) -> tuple[str, str]:
    hits = search(query).hits
    assert hits, f"nothing found for {query!r}"
    return hits[0].kind, hits[0].slug


@pytest.mark.parametrize(
    ("query", "slug", "searched"),
    [
        ("good fellas", "goodfellas-1990", "goodfellas"),
        ("god father", "the-godfather-1972", "godfather"),
        ("bat man", "batman-1989", "batman"),
        (
            "shawshankredemption",
            "the-shawshank-redemption-1994",
            "shawshank redemption",
        ),
        ("theshawshank redemption", "the-shawshank-redemption-1994", "the shawshank"),
    ],
)
def test_words_joined_or_split_differently_find_the_film(
    catalogue, query, slug, searched
):
    results = search(query)
    assert (results.hits[0].kind, results.hits[0].slug) == ("film", slug)
    assert searched in results.corrected_query


def test_a_name_typed_as_one_word_finds_the_person(catalogue):
    assert first("deniro") == ("person", "robert-de-niro")
    assert first("robert deniro") == ("person", "robert-de-niro")


def test_a_known_word_is_never_split(catalogue):
    results = search("heathers")
    assert results.hits[0].slug == "heathers-1988"
    assert not results.corrections


def test_common_words_are_not_joined_into_a_rare_one(catalogue):
    # 'man' and 'who' are common; nothing joins them.
    results = search("the man who knew")
    assert results.hits[0].slug == "the-man-who-knew-1956"
    assert not results.corrections


def test_a_word_being_typed_is_completed_rather_than_split(catalogue):
    # 'godfat' could be 'god' + 'fat'; it is the start of 'godfather'.
    assert suggest("godfat")[0].slug == "the-godfather-1972"


def test_the_results_page_says_what_was_searched(client, catalogue):
    html = client.get("/search/?q=good+fellas").content.decode()
    assert "Showing results for <strong>goodfellas</strong>" in html
