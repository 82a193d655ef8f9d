"""The backend of the database in use (SQLite FTS5 or PostgreSQL full-text search)
answers the one interface the same way."""

from __future__ import annotations

import pytest
from django.db import connection

from cinematheque.search.backends import get_backend
from cinematheque.search.backends.base import FilmFilters, WordGroup
from cinematheque.search.services import search_index_people
from tests import factories


def films(groups: list[WordGroup], filters: FilmFilters = FilmFilters(), **kw):  # noqa: B008
    return [row.slug for row in get_backend().match_films(groups, filters, 50, **kw)]


def test_backend_matches_the_database_vendor(db):
    assert get_backend().vendor == connection.vendor


def test_every_word_must_match_and_the_last_may_be_a_prefix(small_catalogue):
    assert films([WordGroup("godfather"), WordGroup("part")]) == [
        "the-godfather-part-ii-1974"
    ]
    assert films([WordGroup("heat")]) == ["heat-1995", "heat-1972"]
    assert set(films([WordGroup("heat", prefix=True)])) == {
        "heat-1995",
        "heat-1972",
        "heathers-1988",
    }


def test_matches_come_most_notable_first(small_catalogue):
    assert films([WordGroup("psycho")]) == ["psycho-1960", "psycho-1998"]


def test_corrections_match_as_alternatives(small_catalogue):
    assert films([WordGroup("godfater", corrections=("godfather",))]) == [
        "the-godfather-1972",
        "the-godfather-part-ii-1974",
    ]


def test_any_word_may_match_when_not_all_are_required(small_catalogue):
    found = films([WordGroup("psycho"), WordGroup("heathers")], require_all=False)
    assert set(found) == {"psycho-1960", "psycho-1998", "heathers-1988"}


def test_filters_are_applied_by_the_index(small_catalogue):
    assert films([WordGroup("heat")], FilmFilters(genre="crime")) == ["heat-1995"]
    assert films([WordGroup("heat")], FilmFilters(decade=1970)) == ["heat-1972"]
    assert films([WordGroup("heat")], FilmFilters(year=1972)) == ["heat-1972"]


def test_people_match_by_every_word_of_their_name(small_catalogue):
    backend = get_backend()
    found = backend.match_people([WordGroup("ed"), WordGroup("begley")], 10)
    assert {row.slug for row in found} == {"ed-begley", "ed-begley-jr"}
    exact = backend.people_named(["ed begley jr"], 10)
    assert [row.slug for row in exact] == ["ed-begley-jr"]


def test_title_keys_find_whole_titles_and_parts(small_catalogue):
    backend = get_backend()
    rows = backend.films_with_title_keys(["godfather"], FilmFilters(), 10)
    assert [(row.slug, row.key_kind) for row in rows] == [("the-godfather-1972", 1)]
    rows = backend.films_with_title_keys(["a new hope"], FilmFilters(), 10)
    assert [(row.slug, row.key_kind) for row in rows] == [("star-wars-1977", 2)]


def test_vocabulary_lookups(small_catalogue):
    backend = get_backend()
    assert backend.term_frequencies(["heat", "nosuchword"]) == {"heat": 2}
    assert backend.prefix_documents("heath") == 1
    assert backend.prefix_documents("heat") == 3  # heat (2 films) and heathers
    assert backend.prefix_documents("zzz") == 0
    similar = [term for term, _ in backend.similar_terms("shawshenk", 10)]
    assert "shawshank" in similar


def test_index_size_is_reported(small_catalogue):
    assert get_backend().index_size() > 0


def test_reinstalling_the_structures_keeps_the_stored_documents_findable(
    small_catalogue,
):
    small_catalogue.pacino.also_known_as = ["Аль Пачино"]
    small_catalogue.pacino.save()
    search_index_people(person_ids=[small_catalogue.pacino.pk])
    backend = get_backend()

    backend.reinstall()  # what migration search 0005 does

    assert films([WordGroup("heat")]) == ["heat-1995", "heat-1972"]
    found = backend.match_people([WordGroup("пачино")], 10)
    assert [row.slug for row in found] == ["al-pacino"]
    assert found[0].alt_text == "аль пачино"


def test_a_rare_word_beside_a_broad_prefix_finds_what_every_read_finds(
    small_catalogue,
):
    # Counts as the vocabulary gives them: on PostgreSQL, a rare whole word beside
    # a prefix of unknown breadth collects its documents first (the fence); without
    # counts the key order is walked. Both find the same, most notable first.
    counted = [WordGroup("godfather", documents=2), WordGroup("pa", prefix=True)]
    uncounted = [WordGroup("godfather"), WordGroup("pa", prefix=True)]
    assert (
        films(counted)
        == films(uncounted)
        == [
            "the-godfather-1972",
            "the-godfather-part-ii-1974",
        ]
    )
    assert films([WordGroup("heat", documents=2), WordGroup("zq", prefix=True)]) == []
    backend = get_backend()
    people = backend.match_people(
        [WordGroup("ed", documents=3), WordGroup("beg", prefix=True)], 10
    )
    assert [row.slug for row in people] == ["ed-begley", "ed-begley-jr"]


def test_postgres_reads_a_query_the_way_its_counts_make_cheapest():
    from cinematheque.search.backends.postgres import _fence, _gin_bound, _order

    # Collect from GIN up to sqrt(limit x documents), never above 10,000.
    assert _gin_bound(20, 200_000) == 2_000
    assert _gin_bound(200, 1_000_000) == 10_000
    rare, broad = WordGroup("terminator", documents=58), WordGroup("me", prefix=True)
    assert _fence([rare, WordGroup("2", documents=3_507), broad], 20, 200_000) == [
        rare,
        WordGroup("2", documents=3_507),
    ]
    narrow = WordGroup("godf", prefix=True, documents=40)
    assert _fence([WordGroup("the", documents=87_758), narrow], 20, 200_000) == []
    assert _fence([rare, WordGroup("judge", documents=198)], 20, 200_000) == []
    common = WordGroup("tom", documents=7_105)
    assert _fence([common, broad], 20, 200_000) == []  # 'tom' is too common
    assert _order([common], require_all=True, limit=20, documents=200_000) == "key"
    assert (
        _order([common], require_all=True, limit=200, documents=10_000_000) == "key + 0"
    )
    # Several words match fewer than the rarest, often obscure films: collected.
    several = [WordGroup("return", documents=3_553), WordGroup("of", documents=49_505)]
    assert _order(several, require_all=True, limit=20, documents=200_000) == "key + 0"


def test_the_vocabulary_counts_the_people_apart(small_catalogue):
    """A name's frequency counts the films that credit it too: Pacino's four films
    and himself. Matching people goes by the people alone."""
    from cinematheque.search.models import SearchTerm

    counts = dict(
        SearchTerm.objects.filter(term__in=["pacino", "begley", "heat"]).values_list(
            "term", "person_frequency"
        )
    )
    assert counts == {"pacino": 1, "begley": 2, "heat": 0}
    assert SearchTerm.objects.get(term="pacino").frequency == 5
    person = factories.make_person(name="Zygmunt Pacino", slug="zygmunt-pacino")
    search_index_people(person_ids=[person.pk])
    # A word new to the vocabulary counts once; known ones are left until a rebuild.
    assert SearchTerm.objects.get(term="zygmunt").person_frequency == 1
    assert SearchTerm.objects.get(term="pacino").person_frequency == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite reads without the counts"
)
def test_postgres_weighs_a_query_among_people_by_the_people_counts(small_catalogue):
    backend = get_backend()
    counted = backend._with_people_count
    assert counted(WordGroup("pacino", documents=5)).documents == 1
    assert counted(WordGroup("beg", prefix=True, documents=3)).documents == 2
    typo = WordGroup("pacin", corrections=("pacino",), documents=5)
    assert counted(typo).documents == 1
