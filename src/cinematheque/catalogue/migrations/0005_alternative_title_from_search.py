"""AlternativeTitle moves from search to catalogue: titles are catalogue data that
sources import; search only reads them. The rows stay where they are: catalogue takes
the model over in Django's state on the existing table (search 0004 lets go of it),
then the table is renamed to catalogue's."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0004_external_ids_and_field_provenance"),
        ("search", "0003_trigram_term_without_constraint"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AlternativeTitle",
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
                        ("title", models.CharField(max_length=500)),
                        (
                            "language",
                            models.CharField(
                                blank=True,
                                help_text="Language code, e.g. 'fr'.",
                                max_length=8,
                            ),
                        ),
                        (
                            "country",
                            models.CharField(
                                blank=True,
                                help_text="Country code, e.g. 'FR'.",
                                max_length=2,
                            ),
                        ),
                        (
                            "film",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="alternative_titles",
                                to="catalogue.film",
                            ),
                        ),
                        (
                            "source",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="alternative_titles",
                                to="catalogue.source",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["title"],
                        "db_table": "search_alternativetitle",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("film", "title"),
                                name="alternative_title_unique_per_film",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
