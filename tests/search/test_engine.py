"""Ranking on a small catalogue of namesakes, remakes, accents and suffixes."""

from __future__ import annotations

import pytest

from cinematheque.search.engine import search, suggest
from cinematheque.search.services import search_rebuild
from tests import factories


def top(query: str, **filters) -> list[tuple[str, str]]:
    return [(hit.kind, hit.slug) for hit in search(query, **filters).hits]


def first(query: str, **filters) -> tuple[str, str]:
    hits = top(query, **filters)
    assert hits, f"nothing found for {query!r}"
    return hits[0]


def test_exact_title_beats_partial_title(small_catalogue):
    assert top("heat")[:2] == [("film", "heat-1995"), ("film", "heat-1972")]
    assert ("film", "heathers-1988") in top("heat")


def test_well_known_film_beats_obscure_namesake(small_catalogue):
    assert first("psycho") == ("film", "psycho-1960")


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("heat 1972", "heat-1972"),
        ("Heat (1972)", "heat-1972"),
        ("heat 1995", "heat-1995"),
        ("psycho 1998", "psycho-1998"),
    ],
)
def test_year_in_the_query_decides_between_namesakes(small_catalogue, query, slug):
    assert first(query) == ("film", slug)


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("amelie", "amelie-2001"),
        ("AMÉLIE", "amelie-2001"),
        ("la confidential", "la-confidential-1997"),
        ("L.A. Confidential", "la-confidential-1997"),
        ("spiderman", "spider-man-2002"),
        ("spider man", "spider-man-2002"),
        ("a new hope", "star-wars-1977"),
    ],
)
def test_case_accents_and_punctuation_are_ignored(small_catalogue, query, slug):
    assert first(query) == ("film", slug)


def test_original_title_finds_the_film(small_catalogue):
    assert first("fabuleux destin amelie poulain") == ("film", "amelie-2001")
    assert first("ladri di biciclette") == ("film", "bicycle-thieves-1948")


def test_alternative_title_finds_the_film(small_catalogue):
    assert first("the bicycle thief") == ("film", "bicycle-thieves-1948")


@pytest.mark.parametrize(
    ("query", "slug", "correction"),
    [
        ("godfater", "the-godfather-1972", "godfather"),
        ("shawshank redemtion", "the-shawshank-redemption-1994", "redemption"),
    ],
)
def test_typing_mistakes_are_corrected_against_the_vocabulary(
    small_catalogue, query, slug, correction
):
    results = search(query)
    assert results.hits[0].slug == slug
    assert correction in results.corrected_query.split()


def test_two_actors_find_the_film_they_lead_together(small_catalogue):
    assert top("de niro pacino")[:3] == [
        ("film", "heat-1995"),
        ("film", "the-godfather-part-ii-1974"),
        ("film", "righteous-kill-2008"),
    ]


def test_director_and_title_word_find_the_film(small_catalogue):
    assert first("mann heat") == ("film", "heat-1995")


def test_people_are_found_by_name_with_suffixes_and_accents(small_catalogue):
    assert first("ed begley jr") == ("person", "ed-begley-jr")
    assert first("Ed Begley, Jr.") == ("person", "ed-begley-jr")
    assert first("ed begley") == ("person", "ed-begley")
    assert first("tone loc") == ("person", "tone-loc")


def test_a_surname_alone_puts_the_person_before_their_films(small_catalogue):
    assert first("pacino") == ("person", "al-pacino")


def test_a_title_being_typed_is_completed(small_catalogue):
    assert first("the godf") == ("film", "the-godfather-1972")
    assert first("shawsh") == ("film", "the-shawshank-redemption-1994")


def test_genre_and_decade_restrict_results_to_films(small_catalogue):
    assert top("heat", genre="crime") == [("film", "heat-1995")]
    assert top("heat", decade=1970) == [("film", "heat-1972")]
    assert top("pacino", genre="crime")[0] == ("film", "the-godfather-1972")


def test_type_restricts_results_and_facets_count_all_types(small_catalogue):
    results = search("pacino", kind="film")
    assert {hit.kind for hit in results.hits} == {"film"}
    assert results.type_counts["person"] == 1
    assert results.type_counts["film"] == len(results.hits)


def test_facets_count_genres_and_decades_of_the_results(small_catalogue):
    results = search("heat")
    assert dict(results.genre_counts) == {"crime": 1, "drama": 2}
    assert dict(results.decade_counts) == {1970: 1, 1980: 1, 1990: 1}


def test_suggestions_mix_films_and_people_within_quotas(small_catalogue):
    hits = suggest("pa", films=2, people=1)
    assert [hit.kind for hit in hits].count("person") <= 1
    assert [hit.kind for hit in hits].count("film") <= 2
    assert ("person", "al-pacino") in [(hit.kind, hit.slug) for hit in hits]


def test_person_hit_carries_the_film_they_are_best_known_for(small_catalogue):
    hit = search("al pacino").hits[0]
    assert hit.person.known_for_slug == "the-godfather-1972"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"',
        "*",
        "heat*",
        "NEAR(heat pacino)",
        'title:"heat" OR 1=1',
        "'; DROP TABLE search_filmdocument; --",
        "a & b | !c <-> d:*",
        "{title_text}: heat",
        "\ud800\udfff\ud800",
        "x" * 10_000,
        "\x00",
        "-",
        "^heat",
    ],
)
def test_odd_queries_return_results_or_nothing_without_error(small_catalogue, query):
    results = search(query)
    assert isinstance(results.hits, list)


def test_fts_operators_are_searched_as_words(small_catalogue):
    assert first("heat*") == ("film", "heat-1995")
    assert top("NEAR") == []


def test_results_say_when_more_films_match_than_were_ranked(small_catalogue):
    assert search("heat", candidates=1).truncated
    assert not search("heat").truncated


def test_a_word_nothing_matches_is_dropped_rather_than_finding_nothing(
    small_catalogue,
):
    assert first("heat pacino spielberg") == ("film", "heat-1995")
    assert first("godfather the") == ("film", "the-godfather-1972")


def test_the_first_letter_of_a_word_being_typed_ranks_the_candidates(
    small_catalogue,
):
    factories.make_person(name="Franchot Tone", slug="franchot-tone", prominence=30)
    search_rebuild()
    assert first("tone l") == ("person", "tone-loc")
    assert first("tone f") == ("person", "franchot-tone")


@pytest.fixture
def other_names(small_catalogue):
    small_catalogue.pacino.also_known_as = ["Аль Пачино", "Alfredo James Pacino"]
    small_catalogue.pacino.save()
    leaf = factories.make_person(
        name="Joaquin Phoenix",
        slug="joaquin-phoenix",
        also_known_as=["Leaf Phoenix", "Joaquin Rafael Bottom"],
    )
    search_rebuild()
    return leaf


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("Аль Пачино", "al-pacino"),
        ("аль пачино", "al-pacino"),
        ("alfredo james", "al-pacino"),
        ("leaf phoenix", "joaquin-phoenix"),
        ("bottom", "joaquin-phoenix"),
    ],
)
def test_people_are_found_by_their_other_names(other_names, query, slug):
    assert first(query) == ("person", slug)


def test_suggestions_find_a_person_by_another_name_being_typed(other_names):
    hits = suggest("Аль Пач", films=2, people=2)
    assert ("person", "al-pacino") in [(hit.kind, hit.slug) for hit in hits]


def test_the_name_itself_ranks_above_another_persons_other_name(other_names):
    factories.make_person(name="Leaf Phoenix", slug="leaf-phoenix-2")
    search_rebuild()
    assert top("leaf phoenix")[:2] == [
        ("person", "leaf-phoenix-2"),
        ("person", "joaquin-phoenix"),
    ]
