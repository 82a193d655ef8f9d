"""The alternative titles' table takes catalogue's name (its rows are kept)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0005_alternative_title_from_search"),
        ("search", "0004_alternative_title_to_catalogue"),
    ]

    operations = [
        migrations.AlterModelTable(name="alternativetitle", table=None),
    ]
