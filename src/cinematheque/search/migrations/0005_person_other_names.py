"""People's other names (`Person.also_known_as`) in their search documents: a column,
then the full-text structures rebuilt over name and other names (see backends/)."""

from django.db import migrations, models


def reinstall(apps, schema_editor):
    from cinematheque.search.backends import get_backend

    get_backend(schema_editor.connection).reinstall()


def uninstall(apps, schema_editor):
    # Going back: the structures over the new column go; migrating forward again
    # (or `migrate search 0001` then forward) recreates them.
    from cinematheque.search.backends import get_backend

    get_backend(schema_editor.connection).uninstall()


class Migration(migrations.Migration):
    dependencies = [("search", "0004_alternative_title_to_catalogue")]

    operations = [
        migrations.AddField(
            model_name="persondocument",
            name="alt_text",
            field=models.TextField(
                blank=True,
                default="",
                help_text="Folded other names (translations, birth names), ' ; '.",
            ),
        ),
        migrations.RunPython(reinstall, uninstall, elidable=False),
    ]
