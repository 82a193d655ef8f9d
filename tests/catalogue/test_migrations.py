"""Migrations that move data keep it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("catalogue", "0002_film_awards")
AFTER = ("catalogue", "0003_filmgenre_centrality")


@pytest.mark.django_db(transaction=True)
def test_filmgenre_migration_keeps_the_genres_of_every_film():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps
    film = old.get_model("catalogue", "Film").objects.create(
        title="Heat", year=1995, slug="heat-1995"
    )
    genre_model = old.get_model("catalogue", "Genre")
    crime = genre_model.objects.create(name="Crime", slug="crime")
    drama = genre_model.objects.create(name="Drama", slug="drama")
    film.genres.add(crime, drama)

    executor = MigrationExecutor(connection)
    executor.migrate([AFTER])
    new = executor.loader.project_state([AFTER]).apps
    rows = new.get_model("catalogue", "FilmGenre").objects.filter(film_id=film.pk)

    assert sorted(rows.values_list("genre_id", "centrality", "source_count")) == [
        (crime.pk, 0.0, 1),
        (drama.pk, 0.0, 1),
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


BEFORE_MOVE = [
    ("catalogue", "0003_filmgenre_centrality"),
    ("search", "0003_trigram_term_without_constraint"),
    ("people", "0001_initial"),
]
AFTER_MOVE = [
    ("catalogue", "0006_alternative_title_table"),
    ("people", "0002_person_external_ids_and_years"),
]


@pytest.mark.django_db(transaction=True)
def test_alternative_titles_move_to_catalogue_with_their_rows_and_ids_are_filled():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_MOVE)
    old = executor.loader.project_state(BEFORE_MOVE).apps
    source = old.get_model("catalogue", "Source").objects.create(
        key="wikidata", name="Wikidata", licence="CC0", attribution="Wikidata"
    )
    film_model = old.get_model("catalogue", "Film")
    heat = film_model.objects.create(
        title="Heat",
        year=1995,
        slug="heat-1995",
        imdb_id="tt0113277",
        wikidata_id="Q42198",
        tmdb_id=949,
    )
    redux = film_model.objects.create(
        title="Apocalypse Now Redux", slug="redux", imdb_id="tt0078788"
    )
    film_model.objects.create(
        title="Apocalypse Now", slug="apocalypse", imdb_id="tt0078788"
    )
    old.get_model("search", "AlternativeTitle").objects.create(
        film=heat, title="Fièvre", country="FR", source=source
    )
    old.get_model("people", "Person").objects.create(
        name="Al Pacino", slug="al-pacino", imdb_id="nm0000199"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER_MOVE)
    new = executor.loader.project_state(AFTER_MOVE).apps

    title = new.get_model("catalogue", "AlternativeTitle").objects.get()
    assert (title.film_id, title.title, title.country, title.source_id) == (
        heat.pk,
        "Fièvre",
        "FR",
        source.pk,
    )
    ids = new.get_model("catalogue", "FilmExternalId").objects
    assert set(ids.filter(film_id=heat.pk).values_list("namespace", "value")) == {
        ("imdb", "tt0113277"),
        ("wikidata", "Q42198"),
        ("tmdb", "949"),
    }
    # A re-edit keeps sharing its original's IMDb id.
    assert ids.filter(namespace="imdb", value="tt0078788").count() == 2
    assert redux.pk in ids.values_list("film_id", flat=True)
    person_ids = new.get_model("people", "PersonExternalId").objects
    assert list(person_ids.values_list("namespace", "value")) == [("imdb", "nm0000199")]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


BEFORE_TRANSLATION_RULE = [("catalogue", "0014_film_translations")]
AFTER_TRANSLATION_RULE = [("catalogue", "0016_film_languages_with_titles_and_taglines")]


@pytest.mark.django_db(transaction=True)
def test_languages_with_a_tagline_or_title_of_their_own_are_offered_after_0016():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_TRANSLATION_RULE)
    old = executor.loader.project_state(BEFORE_TRANSLATION_RULE).apps
    source = old.get_model("catalogue", "Source").objects.create(
        key="tmdb", name="TMDB", licence="", attribution="TMDB"
    )
    film_model = old.get_model("catalogue", "Film")
    heat = film_model.objects.create(
        title="Heat", year=1995, slug="heat-1995", synopsis_languages="fr-FR"
    )
    alone = film_model.objects.create(title="Alone", year=1990, slug="alone-1990")
    translation = old.get_model("catalogue", "Translation")
    for film, language, country, values in [
        (heat, "fr", "FR", {"overview": "Une bande."}),
        (heat, "de", "DE", {"title": "Heat"}),  # the film's own title
        (heat, "it", "IT", {"title": "Heat - La sfida"}),
        (heat, "es", "", {"tagline": "Un golpe."}),
        (alone, "de", "DE", {"title": "ALONE"}),
    ]:
        translation.objects.create(
            film=film,
            language=language,
            country=country,
            source=source,
            retrieved_at="2026-01-01T00:00:00Z",
            **values,
        )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER_TRANSLATION_RULE)
    new = executor.loader.project_state(AFTER_TRANSLATION_RULE).apps
    films = new.get_model("catalogue", "Film").objects

    assert films.get(pk=heat.pk).synopsis_languages == "es fr-FR it-IT"
    assert films.get(pk=alone.pk).synopsis_languages == ""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
