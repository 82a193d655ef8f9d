"""AlternativeTitle now belongs to catalogue (catalogue 0005 takes the model over on
the same table): search lets go of it in Django's state only, keeping the rows."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_trigram_term_without_constraint"),
        ("catalogue", "0005_alternative_title_from_search"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AlternativeTitle")],
            database_operations=[],
        ),
    ]
