from django.db import migrations, models

# The people's documents already indexed, counted per word (PostgreSQL, whose
# matching uses the count; on SQLite the next rebuild fills it in).
COUNT_PEOPLE = """
UPDATE search_searchterm AS t SET person_frequency = c.people
FROM (
    SELECT word, COUNT(*) AS people
    FROM search_persondocument, unnest(tsvector_to_array(search_vector)) AS word
    GROUP BY word
) AS c
WHERE t.term = c.word
"""


def count_people(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(COUNT_PEOPLE)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0006_prefix_lists"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchterm",
            name="person_frequency",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(count_people, migrations.RunPython.noop),
    ]
