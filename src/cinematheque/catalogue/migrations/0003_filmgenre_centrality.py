"""Film genres get a through model (FilmGenre) with centrality, source count and rank,
keeping the rows of the plain many-to-many table; films get critics_score.

The table `catalogue_film_genres` and its unique (film, genre) pair already exist, so
the model and the changed field are created in the migration state only; the new
columns are then added to the existing table."""

import django.db.models.deletion

import cinematheque.catalogue.indexes
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0002_film_awards"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="FilmGenre",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "film",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="film_genres",
                                to="catalogue.film",
                            ),
                        ),
                        (
                            "genre",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="film_genres",
                                to="catalogue.genre",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "catalogue_film_genres",
                        "unique_together": {("film", "genre")},
                    },
                ),
                migrations.AlterField(
                    model_name="film",
                    name="genres",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="films",
                        through="catalogue.FilmGenre",
                        to="catalogue.genre",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="filmgenre",
            name="centrality",
            field=models.FloatField(
                default=0,
                help_text="0-1: how much the genre defines this film, from the film's "
                "other genres, its makers' films, collections and agreeing sources.",
            ),
        ),
        migrations.AddField(
            model_name="filmgenre",
            name="source_count",
            field=models.PositiveSmallIntegerField(
                default=1, help_text="How many sources give the film this genre."
            ),
        ),
        migrations.AddField(
            model_name="filmgenre",
            name="rank",
            field=models.FloatField(
                default=0,
                help_text="Order on the genre's page: centrality combined with "
                "notability.",
            ),
        ),
        migrations.AddIndex(
            model_name="filmgenre",
            index=models.Index(fields=["genre", "-rank"], name="film_genre_rank_idx"),
        ),
        migrations.AddField(
            model_name="film",
            name="critics_score",
            field=models.FloatField(
                blank=True,
                null=True,
                help_text="0-1: the lower bound of the 95 % Wilson interval of the "
                "Tomatometer's share of positive reviews (see ingest/derived.py); "
                "sorts by critics' score so that 8 reviews at 100 % do not beat 150 "
                "at 94 %.",
            ),
        ),
        migrations.AddIndex(
            model_name="film",
            index=cinematheque.catalogue.indexes.DescNullsLastIndex(
                models.OrderBy(
                    models.F("critics_score"), descending=True, nulls_last=True
                ),
                name="film_critics_score_idx",
            ),
        ),
    ]
