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
