"""The database-specific full-text structures over the document tables: an FTS5
table with triggers on SQLite; extensions, a text search configuration, generated
tsvector columns and GIN/trigram indexes on PostgreSQL (see search/backends/).

They are a derived index: `cinematheque search rebuild` refills them at any time.
"""

from django.db import migrations


def install(apps, schema_editor):
    from cinematheque.search.backends import get_backend

    get_backend(schema_editor.connection).install()


def uninstall(apps, schema_editor):
    from cinematheque.search.backends import get_backend

    get_backend(schema_editor.connection).uninstall()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
