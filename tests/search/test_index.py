"""The index follows every save, and the rebuild command recreates it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from cinematheque.cli import main
from cinematheque.people.models import Credit
from cinematheque.search.engine import search
from cinematheque.search.models import FilmDocument, PersonDocument, SearchTerm
from cinematheque.search.services import (
    search_index_films,
    search_index_people,
    search_rebuild,
)
from tests import factories


def slugs(query: str) -> list[str]:
    return [hit.slug for hit in search(query).hits]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the callbacks registered while the block commits, as a real commit would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def test_a_saved_film_is_found_after_its_transaction_commits(db, committed):
    with committed():
        factories.make_film(title="Le Samouraï", year=1967, slug="le-samourai-1967")
    assert slugs("samourai") == ["le-samourai-1967"]


def test_a_renamed_film_is_found_by_its_new_title_only(db, committed):
    with committed():
        film = factories.make_film(title="Working Title", year=2001, slug="wt-2001")
    with committed():
        film.title = "Final Title"
        film.save()
    assert slugs("final title") == ["wt-2001"]
    assert slugs("working") == []


def test_a_deleted_film_leaves_the_index(db, committed):
    with committed():
        film = factories.make_film(title="Ephemeral", year=2001)
    with committed():
        film.delete()
    assert slugs("ephemeral") == []
    assert not FilmDocument.objects.exists()


def test_a_new_credit_makes_the_film_findable_by_the_person(db, committed):
    with committed():
        film = factories.make_film(title="Le Cercle rouge", year=1970)
        person = factories.make_person(name="Alain Delon", slug="alain-delon")
    assert slugs("delon cercle")[0] == person.slug  # the film lacks "delon"
    with committed():
        factories.make_credit(film=film, person=person, order=0)
    assert slugs("delon cercle")[0] == film.slug
    assert PersonDocument.objects.get(person=person).known_for_slug == film.slug


def test_a_renamed_person_renames_their_films_documents(db, committed):
    with committed():
        film = factories.make_film(title="Army of Shadows", year=1969)
        person = factories.make_person(name="Lino Ventura")
        factories.make_credit(film=film, person=person)
    with committed():
        person.name = "Lino Borrini Ventura"
        person.save()
    assert slugs("borrini shadows")[0] == film.slug
    assert slugs("borrini")[0] == person.slug


def test_genres_added_to_a_film_apply_to_the_genre_filter(db, committed):
    with committed():
        film = factories.make_film(title="Rififi", year=1955)
    with committed():
        film.genres.add(factories.make_genre("Crime"))
    assert [hit.slug for hit in search("rififi", genre="crime").hits] == [film.slug]


def test_an_alternative_title_makes_the_film_findable(db, committed):
    from cinematheque.catalogue.models import AlternativeTitle

    with committed():
        film = factories.make_film(title="Le Salaire de la peur", year=1953)
    with committed():
        AlternativeTitle.objects.create(film=film, title="The Wages of Fear")
    assert slugs("wages of fear") == [film.slug]


def _translate(film, title: str, *, language: str = "fr", country: str = "FR"):
    import datetime

    from cinematheque.catalogue.models import Source
    from cinematheque.ingest.records import Translation as TranslationRecord
    from cinematheque.ingest.services import translations_store

    tmdb = Source.objects.filter(key="tmdb").first()
    translations_store(
        film=film,
        translations=[TranslationRecord(language, country, title=title)],
        source=tmdb or factories.make_source(key="tmdb", name="TMDB"),
        retrieved_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )


def test_a_translated_title_makes_the_film_findable(db, committed):
    with committed():
        film = factories.make_film(
            title="The Godfather", year=1972, slug="the-godfather-1972"
        )
    assert slugs("le parrain") == []

    with committed():
        _translate(film, "Le Parrain")

    assert slugs("le parrain") == ["the-godfather-1972"]
    assert "parrain" in FilmDocument.objects.get(film=film).alt_text


def test_a_dropped_translation_takes_its_title_out_of_the_index(db, committed):
    with committed():
        film = factories.make_film(
            title="The Godfather", year=1972, slug="the-godfather-1972"
        )
        _translate(film, "Le Parrain")
    with committed():
        _translate(film, "Der Pate", language="de", country="DE")

    assert slugs("der pate") == ["the-godfather-1972"]
    assert slugs("le parrain") == []


def test_the_refresh_of_touched_films_and_the_rebuild_index_translated_titles(db):
    film = factories.make_film(
        title="The Godfather", year=1972, slug="the-godfather-1972"
    )
    _translate(film, "Le Parrain")  # never committed: no signal ran
    assert slugs("le parrain") == []

    search_index_films(film_ids=[film.pk])  # what an import's refresh calls
    assert slugs("le parrain") == ["the-godfather-1972"]

    FilmDocument.objects.all().delete()
    search_rebuild()
    assert slugs("le parrain") == ["the-godfather-1972"]


def test_new_words_join_the_vocabulary_for_corrections(db, committed):
    with committed():
        factories.make_film(title="Stalker", year=1979, slug="stalker-1979")
    assert SearchTerm.objects.filter(term="stalker").exists()
    assert slugs("stalkre") == ["stalker-1979"]


def test_uncommitted_saves_do_not_touch_the_index(db):
    factories.make_film(title="Never Committed", year=2001)
    assert not FilmDocument.objects.exists()


def test_index_services_skip_ids_that_no_longer_exist(db):
    assert search_index_films(film_ids=[999_999]) == 0
    assert search_index_people(person_ids=[999_999]) == 0


def test_rebuild_indexes_films_people_and_words(small_catalogue):
    FilmDocument.objects.all().delete()
    report = search_rebuild()
    assert report.films == FilmDocument.objects.count() == 14
    assert report.people == PersonDocument.objects.count() == 6
    assert report.terms == SearchTerm.objects.count() > 20
    assert report.size_bytes > 0
    assert slugs("heat 1995")[0] == "heat-1995"


def test_rebuild_drops_documents_of_deleted_films(small_catalogue):
    small_catalogue.heathers.delete()
    search_rebuild()
    assert "heathers-1988" not in slugs("heathers")


def test_rebuild_command_reports_what_it_indexed(small_catalogue):
    out = io.StringIO()
    call_command("rebuild_search_index", "--no-progress", stdout=out)
    assert "Indexed 14 films, 6 people" in out.getvalue()
    assert slugs("tone loc")[0] == "tone-loc"


def test_cli_search_rebuild_rebuilds_the_index(small_catalogue, capsys):
    FilmDocument.objects.all().delete()
    assert main(["search", "rebuild"]) == 0
    assert FilmDocument.objects.count() == 14
    assert "Indexed 14 films" in capsys.readouterr().out


def test_credit_order_puts_leads_before_bit_parts(db, committed):
    with committed():
        film_a = factories.make_film(title="Alpha", year=2000, notability=10)
        film_b = factories.make_film(title="Beta", year=2000, notability=10)
        star = factories.make_person(name="Jean Gabin")
        for order in range(12):
            extra = factories.make_person(name=f"Extra Number{order}")
            factories.make_credit(film=film_b, person=extra, order=order)
        factories.make_credit(film=film_a, person=star, order=0)
        factories.make_credit(film=film_b, person=star, order=12)
        factories.make_credit(
            film=film_b,
            person=factories.make_person(name="Other Director"),
            department=Credit.Department.DIRECTING,
        )
    # Beyond the top ten of the billing a name is not indexed with the film.
    assert slugs("gabin") == [star.slug, film_a.slug]


def test_a_persons_new_other_name_makes_them_findable(db, committed):
    with committed():
        person = factories.make_person(name="Al Pacino", slug="al-pacino")
    assert slugs("пачино") == []
    with committed():
        person.also_known_as = ["Аль Пачино"]
        person.save()
    assert slugs("пачино") == ["al-pacino"]
    assert PersonDocument.objects.get(person=person).alt_text == "аль пачино"
