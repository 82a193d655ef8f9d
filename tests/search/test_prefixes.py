"""Stored suggestion lists for short prefixes (search/prefixes.py): built by the
rebuild, kept exact as films and people change, read in one query, and ranked into
the same suggestions as the engine's."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import transaction

from cinematheque.catalogue.certifications import content_limit_parse
from cinematheque.search import engine, prefixes
from cinematheque.search.models import FilmDocument, PersonDocument, PrefixEntry
from cinematheque.search.services import search_rebuild
from cinematheque.search.text import parse_query, words
from tests import factories

# More films start with 'sch' than a list keeps, so lists are cut.
CROWD = prefixes.KEPT + 5


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def crowded(small_catalogue) -> SimpleNamespace:
    return _crowd(small_catalogue)


def _crowd(small_catalogue: SimpleNamespace) -> SimpleNamespace:
    """The small catalogue plus more 'Sch…' films and 'Schmidt' people than a list
    keeps, in decreasing notability, with certifications for the content limit."""
    schatz = [
        factories.make_film(
            title=f"Schatz {index}",
            year=1950 + index,
            notability=90 - index * 3,
            certification="R" if index % 2 else "PG",
            certification_country="US",
            slug=f"schatz-{index}",
        )
        for index in range(CROWD)
    ]
    schmidts = [
        factories.make_person(
            name=f"Anna Schmidt{index}", slug=f"schmidt-{index}", prominence=40 - index
        )
        for index in range(CROWD)
    ]
    for index, person in enumerate(schmidts[:5]):
        factories.make_credit(film=schatz[index], person=person, order=0)
    search_rebuild()
    return SimpleNamespace(schatz=schatz, schmidts=schmidts, **vars(small_catalogue))


def snapshot() -> list[tuple[int, str, int, int]]:
    return sorted(PrefixEntry.objects.values_list("kind", "prefix", "key", "object_id"))


def read_view() -> dict[tuple[int, str], list[int]]:
    """What queries read of each list: its first LIST_SIZE documents."""
    lists: dict[tuple[int, str], list[int]] = {}
    for kind, prefix, _key, object_id in snapshot():
        entries = lists.setdefault((kind, prefix), [])
        if object_id != prefixes.CUT_ID and len(entries) < prefixes.LIST_SIZE:
            entries.append(object_id)
    return lists


def short_queries() -> list[str]:
    """Every prefix of one to PREFIX_LENGTH characters of every indexed word."""
    texts = FilmDocument.objects.values_list("title_text", "alt_text", "cast_text")
    found = {
        word[:length]
        for row in texts
        for text in row
        for word in words(text)
        for length in range(1, prefixes.PREFIX_LENGTH + 1)
        if len(word) >= length
    }
    return sorted(found)


def engine_hits(query: str, **options) -> list[tuple[str, int, float]]:
    results = engine.search(
        query,
        candidates=engine.SUGGEST_CANDIDATES,
        relax_below=1,
        **options,
    )
    return [(hit.kind, hit.id, round(hit.score, 9)) for hit in results.hits]


def stored_hits(query: str, **options) -> list[tuple[str, int, float]] | None:
    results = engine._stored_suggestions(query, **options)
    if results is None:
        return None
    return [(hit.kind, hit.id, round(hit.score, 9)) for hit in results.hits]


def test_the_rebuild_stores_the_most_notable_matches_of_each_prefix(crowded):
    listed = list(
        PrefixEntry.objects.filter(kind=PrefixEntry.Kind.FILM, prefix="sch")
        .order_by("key")
        .values_list("object_id", flat=True)
    )
    kept = [film.pk for film in crowded.schatz[: prefixes.KEPT]]
    assert listed == [*kept, prefixes.CUT_ID]  # more match: the list is cut
    assert PrefixEntry.objects.filter(prefix="heat").count() == 0  # 4 letters
    people = set(
        PrefixEntry.objects.filter(
            kind=PrefixEntry.Kind.PERSON, prefix="sc"
        ).values_list("object_id", flat=True)
    )
    assert people == {person.pk for person in crowded.schmidts[: prefixes.KEPT]} | {
        prefixes.CUT_ID
    }
    # A lone letter is a word, as the engine reads it: 'a' of 'A New Hope'.
    assert set(
        PrefixEntry.objects.filter(kind=PrefixEntry.Kind.FILM, prefix="a").values_list(
            "object_id", flat=True
        )
    ) == {crowded.star_wars.pk}


def test_short_prefixes_rank_as_the_engine_does(crowded):
    queries = short_queries()
    assert {"h", "he", "hea", "sch", "the", "ps"} <= set(queries)
    answered = 0
    for query in queries:
        stored = stored_hits(query)
        if stored is None:  # no list: the engine has nothing either ('b' is a word)
            assert engine_hits(query) == [], query
        else:
            answered += 1
            assert stored == engine_hits(query), query
    assert answered > 100


def test_the_content_limit_hides_the_same_films_as_the_engine(crowded):
    limit = content_limit_parse("PG-13")
    for query in ("sc", "sch", "a", "he"):
        assert stored_hits(query, content_limit=limit) == engine_hits(
            query, content_limit=limit
        )
    suggested = {
        hit.id for hit in engine.suggest("sch", content_limit=limit) if hit.film
    }
    assert suggested == {film.pk for film in crowded.schatz[0:12:2]}


def test_a_short_prefix_is_answered_in_one_query(crowded, django_assert_num_queries):
    with django_assert_num_queries(1):
        hits = engine.suggest("Sch")
    assert [hit.id for hit in hits if hit.film][:3] == [
        film.pk for film in crowded.schatz[:3]
    ]


def test_longer_words_and_unknown_prefixes_go_to_the_engine(crowded):
    assert prefixes.served_word(parse_query("schatzkammer")) is None
    assert prefixes.served_word(parse_query("heat ")) is None
    assert prefixes.served_word(parse_query("al p")) is None
    assert prefixes.served_word(parse_query("sch")) == "sch"
    assert prefixes.served_word(parse_query("scha")) == "scha"
    # No list: the engine answers (and may correct a typing mistake).
    assert engine._stored_suggestions("qxz", content_limit=None) is None
    # 45 films are not a crowd for a long prefix: no list.
    assert not PrefixEntry.objects.filter(prefix="scha").exists()
    assert engine._stored_suggestions("scha", content_limit=None) is None
    assert engine.suggest("scha")[0].label == "Schatz 0"


def long_queries() -> list[str]:
    """Every prefix of PREFIX_LENGTH + 1 to LONG_PREFIX_LENGTH characters of every
    indexed word of the films and people."""
    texts = [
        *FilmDocument.objects.values_list("title_text", "alt_text", "cast_text"),
        *PersonDocument.objects.values_list("name_text", "alt_text"),
    ]
    return sorted(
        {
            word[:length]
            for row in texts
            for text in row
            for word in words(text)
            for length in range(
                prefixes.PREFIX_LENGTH + 1, prefixes.LONG_PREFIX_LENGTH + 1
            )
            if len(word) >= length
        }
    )


@pytest.fixture
def crowded_long(small_catalogue, monkeypatch) -> SimpleNamespace:
    """The crowded catalogue with lists for the long prefixes of more than 20
    documents: the 'Schatz' films' and the 'Schmidt' people's."""
    monkeypatch.setattr(prefixes, "CROWDED", 20)
    return _crowd(small_catalogue)


def listed_long() -> set[str]:
    return {
        prefix
        for prefix in PrefixEntry.objects.values_list("prefix", flat=True)
        if prefixes.is_long(prefix)
    }


def test_crowded_long_prefixes_are_listed_and_rank_as_the_engine_does(
    crowded_long, django_assert_num_queries
):
    crowds = {"scha", "schat", "schatz", "schm", "schmid", "schmidt", "anna"}
    assert crowds <= listed_long()
    assert not {"heat", "heath", "godf", "schmidt1"} & listed_long()
    answered = 0
    for query in long_queries():
        stored = stored_hits(query)
        if stored is None:
            assert query not in listed_long(), query
        else:
            answered += 1
            assert stored == engine_hits(query), query
    assert answered == len(listed_long())
    with django_assert_num_queries(1):
        hits = engine.suggest("Schat")
    assert [hit.label for hit in hits][:2] == ["Schatz 0", "Schatz 1"]


def test_long_lists_stay_exact_and_no_new_one_is_made(crowded_long, committed):
    with committed():
        crowded_long.schatz[0].delete()
    with committed():
        crowded_long.schatz[1].title = "Heatwave"  # leaves 'scha', joins no list
        crowded_long.schatz[1].save()
    with committed():
        factories.make_person(name="Otto Schaller", prominence=45)  # a new kind
    with committed():
        factories.make_film(title="Schadenfreude", year=2000, notability=99)
    assert "heatwave"[:4] not in listed_long()
    # 'scha' had no person: its people's list was empty, and now holds one.
    assert list(
        PrefixEntry.objects.filter(
            kind=PrefixEntry.Kind.PERSON, prefix="scha"
        ).values_list("object_id", flat=True)
    ) == [PersonDocument.objects.get(name_text="otto schaller").person_id]
    incremental, listed = read_view(), listed_long()
    for query in ("scha", "schat", "schatz", "schm", "schmid", "heat", "heatw"):
        assert stored_hits(query) in (None, engine_hits(query)), query
    assert stored_hits("scha") == engine_hits("scha") != []
    search_rebuild()
    rebuilt = read_view()
    assert listed <= listed_long()
    assert {
        key: entries
        for key, entries in incremental.items()
        if key[1] in listed or not prefixes.is_long(key[1])
    } == {
        key: entries
        for key, entries in rebuilt.items()
        if key[1] in listed or not prefixes.is_long(key[1])
    }


@pytest.mark.parametrize("spare", [True, False], ids=["spare", "read-again"])
def test_lists_stay_exact_as_films_and_people_change(
    small_catalogue, committed, monkeypatch, spare
):
    if not spare:  # every list that loses an entry is read again from the index
        monkeypatch.setattr(prefixes, "KEPT", prefixes.LIST_SIZE)
    crowded = _crowd(small_catalogue)
    top, second = crowded.schatz[0], crowded.schatz[1]
    with committed():
        top.delete()  # a full list loses its first entry: read again
    with committed():
        second.title = "Zebra Crossing"  # leaves 'sch', joins 'ze' and 'zeb'
        second.save()
    with committed():
        crowded.schatz[2].notability = 1  # falls below the list's last entry
        crowded.schatz[2].save()
    with committed():
        factories.make_film(title="Schadenfreude", year=2000, notability=99)
    with committed():
        crowded.schmidts[0].delete()
        crowded.schmidts[1].name = "Anna Weber"
        crowded.schmidts[1].save()
        factories.make_person(name="Scarlett Sch", prominence=50)
    incremental, read = snapshot(), read_view()
    search_rebuild()
    assert read == read_view()
    if not spare:
        assert incremental == snapshot()
    for query in ("s", "sc", "sch", "ze", "zeb", "an", "we", "wo"):
        assert stored_hits(query) in (None, engine_hits(query)), query
    assert stored_hits("zeb") == engine_hits("zeb") != []


def test_a_deleted_film_is_never_suggested(crowded, committed):
    top = crowded.schatz[0]
    assert top.pk in [hit.id for hit in engine.suggest("sch") if hit.film]
    with committed(), transaction.atomic():
        top.delete()
        # Before the commit updates the lists, the film is already gone.
        assert top.pk not in [hit.id for hit in engine.suggest("sch") if hit.film]
    assert not PrefixEntry.objects.filter(
        kind=PrefixEntry.Kind.FILM, object_id=top.pk
    ).exists()


def test_a_deleted_film_leaves_every_list_after_the_commit(crowded, committed):
    heat = crowded.heat
    assert PrefixEntry.objects.filter(
        kind=PrefixEntry.Kind.FILM, object_id=heat.pk
    ).exists()
    with committed():
        heat.delete()
    assert not PrefixEntry.objects.filter(
        kind=PrefixEntry.Kind.FILM, object_id=heat.pk
    ).exists()
    assert heat.pk not in [hit.id for hit in engine.suggest("he") if hit.film]
    read = read_view()
    search_rebuild()
    assert read == read_view()


def test_the_suggestions_view_answers_from_the_lists(crowded, client):
    response = client.get("/search/suggest/", {"q": "Sch"})
    assert response.status_code == 200
    films = [
        item["label"] for item in response.json()["items"] if item["type"] == "film"
    ]
    assert films[:2] == ["Schatz 0", "Schatz 1"]
