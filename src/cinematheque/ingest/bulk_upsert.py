"""The shared upsert's set-based path, for sources that come as bulk files.

`upsert.py` writes a stream of `FilmRecord`s film by film in Python: right for TMDB
(one film per call) and the bundled table (17,000 films), far too slow for IMDb's
files (a million titles, ten million principals). This module keeps the same
contract — identity by external id, provenance per field and the operator's order
of preference, a missing value never erases, a source replaces only its own rows,
disagreements become one conflict each, every write counted in an `UpsertReport`,
touched films and people returned for the refresh — but works on *staging tables*:
a source loads a chunk of normalised rows into temporary tables (COPY on
PostgreSQL, `executemany` on SQLite), then each function here applies the chunk with
a handful of `INSERT … SELECT`, `UPDATE … FROM` and `DELETE` statements that run on
both databases. The statements name the rows they wrote (`RETURNING`), which gives
the counts and the touched films without reading anything back into Python.

The rules, as in `upsert.py`:

* films: found by the source's id in `FilmExternalId` (then the film's id column);
  a film found by neither is created with the source as its owner;
* each value of a field with provenance is kept in `FieldProvenance` for the source;
  the film's column takes it only where no source preferred over this one for that
  field (`catalogue.provenance.Preference`) has a value, so an editors' value (an
  admin edit, an editor's decision on a conflict) is never reverted; a value that a
  column held before any provenance was kept becomes its owner's first;
* genres: the film's owner decides the whole list, others only add;
* credits: the source's own credits become the ones it lists; a credit another
  source holds takes this source's billing when this source comes first for billing,
  and its character when it had none; people are found by id, else adopted (a
  person of the film with the same name and no id in the namespace), else created;
* scores and alternative titles: the source's own rows become the ones it lists; a
  score of the source's own kind (IMDb's rating) held by a source ranked after it is
  taken over;
* conflicts: films where this source's year or runtime differ from another's, or
  whose directors differ, go through `ingest.conflicts`, which opens one conflict per
  disagreement and leaves editors' decisions alone.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.utils import timezone

from cinematheque.catalogue import provenance
from cinematheque.catalogue.models import (
    AlternativeTitle,
    FieldProvenance,
    Film,
    FilmExternalId,
    FilmGenre,
    Genre,
    ReviewScore,
    Source,
)
from cinematheque.ingest import conflicts
from cinematheque.ingest.upsert import (
    SLUG_ROOM,
    UpsertReport,
    film_slug_base,
    slug_base,
    taken_slugs,
    unique_slug,
)
from cinematheque.people.models import Credit, Person, PersonExternalId

T_FILM = Film._meta.db_table
T_FILM_ID = FilmExternalId._meta.db_table
T_VALUE = FieldProvenance._meta.db_table
T_FILM_GENRE = FilmGenre._meta.db_table
T_GENRE = Genre._meta.db_table
T_SCORE = ReviewScore._meta.db_table
T_TITLE = AlternativeTitle._meta.db_table
T_PERSON = Person._meta.db_table
T_PERSON_ID = PersonExternalId._meta.db_table
T_CREDIT = Credit._meta.db_table

# Film fields with provenance that a bulk source fills: field → staging column.
FILM_FIELDS = ("title", "original_title", "year", "runtime")
CREW_DEPARTMENTS = ("directing", "writing")


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def execute(sql: str, params: Sequence[Any] = ()) -> list[tuple]:
    """Run one statement; the rows it returns (RETURNING, SELECT), else []."""
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        if cursor.description is None:
            return []
        return cursor.fetchall()


def _db_time(value: datetime.datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def _json(expression: str) -> str:
    """The SQL that makes a JSON value of a column, as FieldProvenance stores it."""
    return f"to_jsonb({expression})" if is_postgres() else f"json_quote({expression})"


def _json_differs(stored: str, expression: str) -> str:
    """True where the stored JSON value is not the column's value."""
    if is_postgres():
        return f"{stored} <> to_jsonb({expression})"
    return f"json_extract({stored}, '$') IS NOT {expression}"


def _in(values: Iterable[int]) -> str:
    """An IN list of integers (ids we hold, never text from a file)."""
    items = sorted({int(v) for v in values})
    return "(" + ", ".join(str(v) for v in items) + ")" if items else "(NULL)"


# --- Staging tables -----------------------------------------------------------------


def stage_create(
    name: str,
    columns: Sequence[tuple[str, str]],
    indexes: Sequence[Sequence[str]] = (),
) -> None:
    """A temporary table for one chunk (created once per connection, emptied here),
    with indexes on the columns the statements look rows up by (without them SQLite
    compares every row of one table with every row of the other)."""
    spec = ", ".join(f"{column} {kind}" for column, kind in columns)
    execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} ({spec})")
    for number, index in enumerate(indexes):
        execute(
            f"CREATE INDEX IF NOT EXISTS {name}_{number} ON {name} ({', '.join(index)})"
        )
    execute(f"DELETE FROM {name}")  # noqa: S608 (our table name)


def work_table(
    name: str,
    columns: Sequence[tuple[str, str]],
    indexes: Sequence[Sequence[str]] = (),
    *,
    whole: bool = False,
) -> None:
    """A staging table: `stage_create`'s temporary one for a chunk, or for a whole
    file an unlogged table without indexes (PostgreSQL joins it by hashing, and
    temporary tables live in a small per-session buffer)."""
    if not whole:
        stage_create(name, columns, indexes)
        return
    execute(f"DROP TABLE IF EXISTS {name}")
    spec = ", ".join(f"{column} {kind}" for column, kind in columns)
    execute(f"CREATE UNLOGGED TABLE {name} ({spec})")


def stage_load(
    name: str, columns: Sequence[str], rows: Sequence[tuple], *, analyze: bool = True
) -> None:
    """Load rows into a staging table: COPY on PostgreSQL, executemany on SQLite.
    `analyze=False` for a table whose statistics are gathered once filled in."""
    if not rows:
        return
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if is_postgres():
            with cursor.cursor.copy(f"COPY {name} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {name} ({names}) VALUES ({marks})",  # noqa: S608 (our names)
                rows,
            )
    if analyze:
        stage_analyze(name)


def stage_analyze(name: str) -> None:
    """Give PostgreSQL's planner the staging table's statistics (it never gathers
    them for temporary tables by itself)."""
    if is_postgres():
        execute(f"ANALYZE {name}")


def _defaults(
    model: type[models.Model], given: Iterable[str], overrides: dict[str, Any]
) -> tuple[list[str], list[Any]]:
    """Columns not given and the values the ORM would give them."""
    now = timezone.now()
    skip = set(given)
    names, values = [], []
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key or model_field.column in skip:
            continue
        if model_field.name in overrides:
            value = overrides[model_field.name]
        elif getattr(model_field, "auto_now", False) or getattr(
            model_field, "auto_now_add", False
        ):
            value = now
        else:
            value = model_field.get_default()
        names.append(connection.ops.quote_name(str(model_field.column)))
        values.append(model_field.get_db_prep_save(value, connection))
    return names, values


def slugs_for(
    model: type[models.Model], wanted: Sequence[tuple[str, str]]
) -> list[str]:
    """A free slug for each (base, id): the base itself when no row has it, else
    the base followed by the source's id ("john-smith-nm9000002"), stable from one
    run to the next and found without reading every numbered slug of a common
    name (the `-2, -3` of `upsert.unique_slug`, which stays the last resort)."""
    bases = [base for base, _ in wanted]
    taken = _slugs_taken(model, bases)
    slugs: list[str] = []
    seen: set[str] = set()
    for base, key in wanted:
        slug = base if base not in taken and base not in seen else f"{base}-{key}"
        slugs.append(slug)
        seen.add(slug)
    with_ids = [
        slug for slug, (base, _) in zip(slugs, wanted, strict=True) if slug != base
    ]
    clash = _slugs_taken(model, with_ids) if with_ids else set()
    if clash:
        taken = taken_slugs(model, clash) | set(slugs)
        slugs = [unique_slug(slug, taken) if slug in clash else slug for slug in slugs]
    return slugs


def _slugs_taken(model: type[models.Model], slugs: Sequence[str]) -> set[str]:
    """Which of `slugs` rows of `model` already have, in one join."""
    stage_create("bulk_stage_slug_check", [("slug", "text")], [("slug",)])
    stage_load("bulk_stage_slug_check", ["slug"], [(slug,) for slug in set(slugs)])
    table = model._meta.db_table
    return {
        slug
        for (slug,) in execute(
            f"SELECT c.slug FROM bulk_stage_slug_check c JOIN {table} t "  # noqa: S608
            "ON t.slug = c.slug"
        )
    }


def _slug_base_sql(text: str, fallback: str) -> str:
    """`upsert.slug_base` in SQL for printable ASCII text (NFKD and the ASCII
    encoding change nothing there); NULL for other text, which Python slugs."""
    cleaned = (
        f"btrim(regexp_replace(regexp_replace(lower({text}), '[^a-z0-9_\\s-]', '', "
        "'g'), '[-\\s]+', '-', 'g'), '-_')"
    )
    return (
        f"CASE WHEN {text} ~ '^[ -~]*$' THEN COALESCE(NULLIF(btrim(left({cleaned}, "
        f"{SLUG_ROOM}), '-'), ''), '{fallback}') END"
    )


def slugs_table(
    model: type[models.Model], rows: str, *, fallback: str, slug_base_of: Any
) -> str:
    """`slugs_for` in SQL, for a whole file: `rows` is a query of `key`, `text`,
    `year` (or NULL) and `ord` (the order in which namesakes get the plain slug);
    returns a table of `key` and `slug`. Text that is not printable ASCII is
    slugged in Python (`slug_base_of(text, year)`), and so are the rare slugs
    with an id that a row already has."""
    bases, slugs = "bulk_new_base", "bulk_new_slug"
    execute(f"DROP TABLE IF EXISTS {bases}")
    execute(f"DROP TABLE IF EXISTS {slugs}")
    base = _slug_base_sql("r.text", fallback)
    execute(
        f"CREATE UNLOGGED TABLE {bases} AS SELECT r.key, r.text, r.year, r.ord, "  # noqa: S608 (our SQL)
        f"CASE WHEN r.year IS NULL THEN {base} ELSE {base} || '-' || r.year END AS base "
        f"FROM ({rows}) r"
    )
    other = execute(f"SELECT key, text, year FROM {bases} WHERE base IS NULL")  # noqa: S608
    if other:
        stage_create("bulk_stage_slug", [("key", "text"), ("slug", "text")], [("key",)])
        stage_load(
            "bulk_stage_slug",
            ["key", "slug"],
            [(key, slug_base_of(text, year)) for key, text, year in other],
        )
        execute(
            f"UPDATE {bases} SET base = s.slug FROM bulk_stage_slug s "  # noqa: S608
            f"WHERE s.key = {bases}.key"
        )
    table = model._meta.db_table
    execute(
        f"CREATE UNLOGGED TABLE {slugs} AS SELECT key, CASE WHEN n = 1 AND NOT "  # noqa: S608
        "taken THEN base ELSE base || '-' || key END AS slug FROM (SELECT b.key, "
        "b.base, ROW_NUMBER() OVER (PARTITION BY b.base ORDER BY b.ord) AS n, "
        f"m.slug IS NOT NULL AS taken FROM {bases} b LEFT JOIN {table} m "
        "ON m.slug = b.base) x"
    )
    execute(f"DROP TABLE {bases}")
    clash = execute(
        f"SELECT s.key, s.slug FROM {slugs} s JOIN {table} m ON m.slug = s.slug"  # noqa: S608
    )
    if clash:
        taken = taken_slugs(model, [slug for _, slug in clash]) | {
            slug
            for (slug,) in execute(f"SELECT slug FROM {slugs}")  # noqa: S608
        }
        for key, slug in clash:
            execute(
                f"UPDATE {slugs} SET slug = %s WHERE key = %s",  # noqa: S608
                [unique_slug(slug, taken), key],
            )
    execute(f"ANALYZE {slugs}")
    return slugs


# --- The writer -----------------------------------------------------------------------


@dataclass
class BulkWriter:
    """One source's set-based writes; counts go to `report`."""

    source: Source
    namespace: str
    preference: provenance.Preference
    retrieved_at: datetime.datetime
    report: UpsertReport

    def __post_init__(self) -> None:
        self.sources = dict(Source.objects.values_list("pk", "key"))
        self.editors_id = next(
            (pk for pk, key in self.sources.items() if key == provenance.EDITORS),
            None,
        )

    lo: int = 0
    hi: int = 0
    all_new: bool = False
    # A whole file at once (PostgreSQL's COPY path): lookups are joins, slugs are
    # made in SQL.
    whole: bool = False

    def film_range(self, stage: str) -> None:
        """Bound every statement on a large table by the chunk's film ids, so that
        PostgreSQL reads the chunk's rows through an index whatever its statistics
        say (the files are sorted by title id, and films created in that order get
        consecutive ids)."""
        lo, hi = execute(f"SELECT MIN(film_id), MAX(film_id) FROM {stage}")[0]  # noqa: S608
        self.lo, self.hi = int(lo or 0), int(hi or 0)

    def nothing_in_range(self, table: str, departments: Sequence[str] = ()) -> bool:
        """True when `table` has no row for any film of the chunk's range (of
        credits: in `departments`, when given): its rows for the chunk are then
        plain inserts (a fresh import; or title.crew's directors and writers
        after title.principals' other departments)."""
        marks = ", ".join(["%s"] * len(departments))
        of = f" AND department IN ({marks})" if departments else ""
        return not execute(
            f"SELECT 1 FROM {table} WHERE {self.within('film_id')}{of} LIMIT 1",  # noqa: S608
            list(departments),
        )

    def within(self, column: str) -> str:
        return f"{column} BETWEEN {self.lo} AND {self.hi}"

    def ranked_before(self, field: str) -> list[int]:
        """Sources whose value of `field` is preferred over this source's."""
        mine = self.preference.rank(field, self.source.key)
        return [
            pk
            for pk, key in self.sources.items()
            if pk != self.source.pk and self.preference.rank(field, key) < mine
        ]

    def ranked_after(self, field: str) -> list[int]:
        mine = self.preference.rank(field, self.source.key)
        return [
            pk
            for pk, key in self.sources.items()
            if pk != self.source.pk and self.preference.rank(field, key) > mine
        ]

    def touch(self, rows: Iterable[tuple]) -> int:
        """Add the film ids (first column) of returned rows; return how many."""
        count = 0
        for row in rows:
            self.report.touched_films.add(row[0])
            count += 1
        return count

    # -- films ---------------------------------------------------------------------------

    def films_keys(self, stage: str, key: str) -> str:
        """The distinct ids of the staging rows and their films (`key`,
        `film_id`), each id looked up once (a title has many principals); sets the
        chunk's range of film ids. Returns the table's name."""
        keys = f"{stage}_films"
        work_table(
            keys, [("key", "text"), ("film_id", "bigint")], [("key",)], whole=self.whole
        )
        if self.whole:
            self._films_keys_joined(stage, key, keys)
        else:
            execute(f"INSERT INTO {keys} (key) SELECT DISTINCT {key} FROM {stage}")  # noqa: S608
            execute(
                f"UPDATE {keys} SET film_id = (SELECT MIN(e.film_id) FROM {T_FILM_ID} e "  # noqa: S608
                f"WHERE e.namespace = %s AND e.value = {keys}.key)",
                [self.namespace],
            )
        if self.namespace == "imdb" and self.whole:  # films made before the id table
            execute(
                f"UPDATE {keys} SET film_id = f.id FROM (SELECT imdb_id, MIN(id) AS id "  # noqa: S608
                f"FROM {T_FILM} WHERE imdb_id <> '' GROUP BY imdb_id) f "
                f"WHERE f.imdb_id = {keys}.key AND {keys}.film_id IS NULL"
            )
        elif self.namespace == "imdb":
            execute(
                f"UPDATE {keys} SET film_id = (SELECT MIN(f.id) FROM {T_FILM} f "  # noqa: S608
                f"WHERE f.imdb_id = {keys}.key) WHERE film_id IS NULL"
            )
        stage_analyze(keys)
        self.film_range(keys)
        return keys

    def _films_keys_joined(self, stage: str, key: str, keys: str) -> None:
        """films_keys for a whole file: one pass with a join, no lookup per id."""
        execute(
            f"INSERT INTO {keys} (key, film_id) SELECT s.key, e.film_id FROM "  # noqa: S608
            f"(SELECT DISTINCT {key} AS key FROM {stage}) s LEFT JOIN "
            f"(SELECT value, MIN(film_id) AS film_id FROM {T_FILM_ID} "
            "WHERE namespace = %s GROUP BY value) e ON e.value = s.key",
            [self.namespace],
        )

    def film_ids_sql(self) -> tuple[str, list[Any]]:
        """SQL (and its parameters) of every id of this namespace that
        `films_keys` finds a film for (a film made before the id table included,
        for IMDb): the ids a row must name to be imported."""
        sql = f"SELECT value FROM {T_FILM_ID} WHERE namespace = %s"  # noqa: S608 (our table)
        if self.namespace == "imdb":
            sql += f" UNION ALL SELECT imdb_id FROM {T_FILM} WHERE imdb_id <> ''"  # noqa: S608
        return sql, [self.namespace]

    def films_resolve(self, stage: str, key: str) -> None:
        """Fill `film_id` of staging rows that hold one row per film."""
        keys = self.films_keys(stage, key)
        execute(
            f"UPDATE {stage} SET film_id = k.film_id FROM {keys} k "  # noqa: S608
            f"WHERE k.key = {stage}.{key} AND k.film_id IS NOT NULL"
        )
        stage_analyze(stage)

    def films_upsert(self, stage: str) -> None:
        """Apply a chunk of films: staging columns `line` (the order of the
        file), `tconst`, `title`,
        `original_title`, `year`, `runtime`, `film_id`, `slug`."""
        self.films_resolve(stage, "tconst")
        self.updated_films: set[int] = set()
        created = self._films_create(stage)
        (rows,) = execute(f"SELECT COUNT(*) FROM {stage}")[0]  # noqa: S608
        # A chunk of films all made just now has no other value to compare with
        # nor any value of its own yet: its values are plain inserts.
        self.all_new = created == rows
        self._ids_attach(stage)
        for field in FILM_FIELDS:
            if self.all_new:
                self._values_write(stage, field, fresh=True)
                continue
            self._legacy_values(stage, field)
            self._values_write(stage, field)
            self._column_show(stage, field)
        if not self.all_new:
            self._conflicts(stage)

    def _films_create(self, stage: str) -> int:
        """Create the films no id found; return how many."""
        if self.whole:
            return self._films_create_whole(stage)
        new = execute(
            f"SELECT tconst, title, year FROM {stage} WHERE film_id IS NULL"  # noqa: S608
        )
        if not new:
            return 0
        made = slugs_for(
            Film, [(film_slug_base(title, year), key) for key, title, year in new]
        )
        slugs = [(key, slug) for (key, _, _), slug in zip(new, made, strict=True)]
        stage_create("bulk_stage_slug", [("key", "text"), ("slug", "text")], [("key",)])
        stage_load("bulk_stage_slug", ["key", "slug"], slugs)
        execute(
            f"UPDATE {stage} SET slug = (SELECT s.slug FROM bulk_stage_slug s "  # noqa: S608
            f"WHERE s.key = {stage}.tconst) WHERE film_id IS NULL"
        )
        given = [
            "title",
            "original_title",
            "year",
            "runtime",
            "slug",
            "imdb_id",
            "source_id",
        ]
        empty = {
            name: value
            for field in provenance.FIELDS
            for name, value in provenance.columns_from_value(field, None).items()
        }
        extra, values = _defaults(Film, given, empty)
        columns = ", ".join([*given, *extra])
        marks = ", ".join(["%s"] * len(values))
        imdb = "s.tconst" if self.namespace == "imdb" else "''"
        execute(
            f"INSERT INTO {T_FILM} ({columns}) SELECT s.title, "  # noqa: S608
            f"COALESCE(s.original_title, ''), s.year, s.runtime, s.slug, {imdb}, %s"
            f"{', ' + marks if marks else ''} FROM {stage} s WHERE s.film_id IS NULL "
            # In file order, so that the films of a title range get consecutive ids
            # and later files' chunks cover narrow ranges of ids.
            f"ORDER BY s.line",
            [self.source.pk, *values],
        )
        created = execute(
            f"UPDATE {stage} SET film_id = (SELECT f.id FROM {T_FILM} f "  # noqa: S608
            f"WHERE f.slug = {stage}.slug) WHERE film_id IS NULL RETURNING film_id"
        )
        count = self.touch(created)
        self.report.films_created += count
        stage_analyze(stage)
        self.film_range(stage)
        return count

    def _films_create_whole(self, stage: str) -> int:
        """`_films_create` for a whole file: slugs made in SQL, the new films'
        ids handed back to the staging rows in the same statement."""
        slugs = slugs_table(
            Film,
            f"SELECT tconst AS key, title AS text, year, line AS ord FROM {stage} "  # noqa: S608
            "WHERE film_id IS NULL",
            fallback="film",
            slug_base_of=film_slug_base,
        )
        given = ["title", "original_title", "year", "runtime", "slug", "imdb_id"]
        given.append("source_id")
        empty = {
            name: value
            for field in provenance.FIELDS
            for name, value in provenance.columns_from_value(field, None).items()
        }
        extra, values = _defaults(Film, given, empty)
        columns = ", ".join([*given, *extra])
        marks = "".join(", %s" for _ in values)
        imdb = "s.tconst" if self.namespace == "imdb" else "''"
        created = execute(
            f"WITH made AS (INSERT INTO {T_FILM} ({columns}) SELECT s.title, "  # noqa: S608
            f"COALESCE(s.original_title, ''), s.year, s.runtime, n.slug, {imdb}, %s"
            f"{marks} FROM {stage} s JOIN {slugs} n ON n.key = s.tconst "
            "WHERE s.film_id IS NULL ORDER BY s.line RETURNING id, slug) "
            f"UPDATE {stage} SET film_id = m.id, slug = m.slug FROM made m "
            f"JOIN {slugs} n ON n.slug = m.slug WHERE {stage}.tconst = n.key "
            f"RETURNING {stage}.film_id",
            [self.source.pk, *values],
        )
        execute(f"DROP TABLE {slugs}")
        count = self.touch(created)
        self.report.films_created += count
        stage_analyze(stage)
        self.film_range(stage)
        return count

    def _ids_attach(self, stage: str) -> None:
        added = execute(
            f"INSERT INTO {T_FILM_ID} (film_id, namespace, value) "  # noqa: S608
            f"SELECT s.film_id, %s, s.tconst FROM {stage} s WHERE NOT EXISTS "
            f"(SELECT 1 FROM {T_FILM_ID} e WHERE e.film_id = s.film_id "
            f"AND e.namespace = %s AND {self.within('e.film_id')}) RETURNING film_id",
            [self.namespace, self.namespace],
        )
        self.report.ids_created += self.touch(added)
        if self.namespace == "imdb":
            execute(
                f"UPDATE {T_FILM} SET imdb_id = s.tconst FROM {stage} s "  # noqa: S608
                f"WHERE {T_FILM}.id = s.film_id AND {T_FILM}.imdb_id = '' "
                f"AND {self.within(T_FILM + '.id')}"
            )

    def _legacy_values(self, stage: str, field: str) -> None:
        """A column value kept before provenance, on a film another source owns,
        becomes that source's (the editors' when the film has no source)."""
        column = provenance.FIELDS[field][0]
        present = (
            f"f.{column} <> ''"
            if field in {"title", "original_title"}
            else f"f.{column} IS NOT NULL"
        )
        if self.editors_id is None:
            self.editors_id = provenance.editors_source().pk
            self.sources[self.editors_id] = provenance.EDITORS
        added = execute(
            f"INSERT INTO {T_VALUE} (film_id, field, source_id, value, retrieved_at) "  # noqa: S608
            f"SELECT f.id, %s, COALESCE(f.source_id, %s), {_json('f.' + column)}, %s "
            f"FROM {stage} s JOIN {T_FILM} f ON f.id = s.film_id "
            f"WHERE (f.source_id IS NULL OR f.source_id <> %s) AND {present} "
            f"AND {self.within('f.id')} "
            f"AND NOT EXISTS (SELECT 1 FROM {T_VALUE} p WHERE p.film_id = f.id "
            f"AND p.field = %s AND {self.within('p.film_id')}) RETURNING film_id",
            [
                field,
                self.editors_id,
                _db_time(self.retrieved_at),
                self.source.pk,
                field,
            ],
        )
        self.report.values_created += len(added)

    def _values_write(self, stage: str, field: str, *, fresh: bool = False) -> None:
        when = _db_time(self.retrieved_at)
        if fresh:
            added = execute(
                f"INSERT INTO {T_VALUE} (film_id, field, source_id, value, retrieved_at) "  # noqa: S608
                f"SELECT s.film_id, %s, %s, {_json('s.' + field)}, %s FROM {stage} s "
                f"WHERE s.{field} IS NOT NULL RETURNING film_id",
                [field, self.source.pk, when],
            )
            self.report.values_created += self.touch(added)
            return
        changed = execute(
            f"UPDATE {T_VALUE} SET value = {_json('s.' + field)}, retrieved_at = %s "  # noqa: S608
            f"FROM {stage} s WHERE {T_VALUE}.film_id = s.film_id "
            f"AND {T_VALUE}.field = %s AND {T_VALUE}.source_id = %s "
            f"AND s.{field} IS NOT NULL AND {_json_differs(T_VALUE + '.value', 's.' + field)} "
            f"AND {self.within(T_VALUE + '.film_id')} RETURNING {T_VALUE}.film_id",
            [when, field, self.source.pk],
        )
        self.report.values_updated += self.touch(changed)
        added = execute(
            f"INSERT INTO {T_VALUE} (film_id, field, source_id, value, retrieved_at) "  # noqa: S608
            f"SELECT s.film_id, %s, %s, {_json('s.' + field)}, %s FROM {stage} s "
            f"WHERE s.{field} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {T_VALUE} p "
            f"WHERE p.film_id = s.film_id AND p.field = %s AND p.source_id = %s "
            f"AND {self.within('p.film_id')}) RETURNING film_id",
            [field, self.source.pk, when, field, self.source.pk],
        )
        self.report.values_created += self.touch(added)

    def _column_show(self, stage: str, field: str) -> None:
        """The film shows this source's value where no preferred source has one."""
        column = provenance.FIELDS[field][0]
        value = f"s.{field}"
        before = self.ranked_before(field)
        preferred_elsewhere = (
            f"AND NOT EXISTS (SELECT 1 FROM {T_VALUE} p WHERE p.film_id = s.film_id "  # noqa: S608
            f"AND p.field = '{field}' AND p.source_id IN {_in(before)} "
            f"AND {self.within('p.film_id')})"
            if before
            else ""
        )
        updated = execute(
            f"UPDATE {T_FILM} SET {column} = {value}, updated_at = %s FROM {stage} s "  # noqa: S608
            f"WHERE {T_FILM}.id = s.film_id AND {value} IS NOT NULL "
            f"AND {T_FILM}.{column} IS DISTINCT FROM {value} {preferred_elsewhere} "
            f"AND {self.within(T_FILM + '.id')} RETURNING {T_FILM}.id",
            [_db_time(timezone.now())],
        )
        # Films created in this chunk already show the value: not an update. A
        # film counts once however many of its fields changed.
        self.touch(updated)
        self.report.films_updated += len({pk for (pk,) in updated} - self.updated_films)
        self.updated_films.update(pk for (pk,) in updated)

    def _conflicts(self, stage: str) -> None:
        """Films where another source's year or runtime differ from this one's."""
        if is_postgres():
            differ = "o.value <> p.value"
        else:
            differ = "json_extract(o.value, '$') IS NOT json_extract(p.value, '$')"
        candidates = execute(
            f"SELECT DISTINCT p.film_id FROM {stage} s JOIN {T_VALUE} p "  # noqa: S608
            f"ON p.film_id = s.film_id JOIN {T_VALUE} o "
            f"ON o.film_id = p.film_id AND o.field = p.field AND o.source_id <> p.source_id "
            f"WHERE p.source_id = %s AND p.field IN ('year', 'runtime') "
            f"AND o.source_id <> %s AND {differ} AND {self.within('p.film_id')} "
            f"AND {self.within('o.film_id')}",
            [self.source.pk, self.editors_id or 0],
        )
        if candidates:
            conflicts.disagreements_raise(
                film_ids=[film_id for (film_id,) in candidates], report=self.report
            )

    # -- genres --------------------------------------------------------------------------

    def genres_upsert(self, stage: str, genre_stage: str, names: set[str]) -> None:
        """`genre_stage` holds (key, name) for the films of `stage` that list
        genres (`has_genres` = 1 on their staging row)."""
        self._genres_ensure(names)
        if self.all_new:
            added = execute(
                f"INSERT INTO {T_FILM_GENRE} (film_id, genre_id, centrality, "  # noqa: S608
                f"source_count, rank) SELECT DISTINCT s.film_id, g.id, 0, 1, 0 FROM "
                f"{genre_stage} sg JOIN {stage} s ON s.tconst = sg.key "
                f"JOIN {T_GENRE} g ON g.name = sg.name RETURNING film_id",
            )
            self.report.facets_created += self.touch(added)
            return
        added = execute(
            f"INSERT INTO {T_FILM_GENRE} (film_id, genre_id, centrality, source_count, "  # noqa: S608
            f"rank) SELECT DISTINCT s.film_id, g.id, 0, 1, 0 FROM {genre_stage} sg "
            f"JOIN {stage} s ON s.tconst = sg.key JOIN {T_GENRE} g ON g.name = sg.name "
            f"WHERE NOT EXISTS (SELECT 1 FROM {T_FILM_GENRE} fg WHERE fg.film_id = "
            f"s.film_id AND fg.genre_id = g.id AND {self.within('fg.film_id')}) "
            f"RETURNING film_id",
        )
        self.report.facets_created += self.touch(added)
        removed = execute(
            f"DELETE FROM {T_FILM_GENRE} WHERE {self.within('film_id')} AND film_id IN "  # noqa: S608
            f"(SELECT s.film_id FROM {stage} s JOIN {T_FILM} f ON f.id = s.film_id "
            f"WHERE f.source_id = %s AND s.has_genres = 1 AND {self.within('f.id')}) "
            f"AND {self._genres_unlisted(stage, genre_stage)} RETURNING film_id",
            [self.source.pk],
        )
        self.report.facets_deleted += self.touch(removed)

    def _genres_unlisted(self, stage: str, genre_stage: str) -> str:
        """SQL true for a film genre that `genre_stage` does not list. On
        PostgreSQL a NOT IN of one hashed list: the correlated NOT EXISTS ran as
        a nested loop, 30 s for 7,596 films (a second run's title.basics)."""
        listed = (
            f"FROM {genre_stage} sg JOIN {stage} s ON s.tconst = sg.key "
            f"JOIN {T_GENRE} g ON g.name = sg.name"
        )
        if is_postgres():
            return (
                f"(film_id, genre_id) NOT IN (SELECT s.film_id, g.id {listed} "
                "WHERE s.film_id IS NOT NULL)"
            )
        return (
            f"NOT EXISTS (SELECT 1 {listed} WHERE s.film_id = {T_FILM_GENRE}.film_id "
            f"AND g.id = {T_FILM_GENRE}.genre_id)"
        )

    @staticmethod
    def _genres_ensure(names: set[str]) -> None:
        known = set(Genre.objects.filter(name__in=names).values_list("name", flat=True))
        missing = sorted(names - known)
        if missing:
            bases = {name: slug_base(name, "genre") for name in missing}
            taken = taken_slugs(Genre, bases.values())
            Genre.objects.bulk_create(
                [Genre(name=n, slug=unique_slug(bases[n], taken)) for n in missing]
            )

    # -- people --------------------------------------------------------------------------

    def people_update(
        self, names: str, where: str = "", params: Sequence[Any] = ()
    ) -> None:
        """Give people known by this source's id the name and years of `names`
        (columns key, name, birth_year, death_year): a year fills an empty column,
        and replaces one (and the name too) only where this source created the
        person."""
        own = f"{T_PERSON}.source_id = {int(self.source.pk)}"
        changed = execute(
            f"UPDATE {T_PERSON} SET "  # noqa: S608
            f"name = CASE WHEN {own} THEN n.name ELSE {T_PERSON}.name END, "
            f"birth_year = CASE WHEN ({own} OR {T_PERSON}.birth_year IS NULL) "
            f"AND n.birth_year IS NOT NULL THEN n.birth_year ELSE {T_PERSON}.birth_year END, "
            f"death_year = CASE WHEN ({own} OR {T_PERSON}.death_year IS NULL) "
            f"AND n.death_year IS NOT NULL THEN n.death_year ELSE {T_PERSON}.death_year END "
            f"FROM {names} n JOIN {T_PERSON_ID} e ON e.namespace = %s AND e.value = n.key "
            f"WHERE {T_PERSON}.id = e.person_id {where} AND ("
            f"({own} AND {T_PERSON}.name <> n.name) OR "
            f"(({own} OR {T_PERSON}.birth_year IS NULL) AND n.birth_year IS NOT NULL "
            f"AND {T_PERSON}.birth_year IS DISTINCT FROM n.birth_year) OR "
            f"(({own} OR {T_PERSON}.death_year IS NULL) AND n.death_year IS NOT NULL "
            f"AND {T_PERSON}.death_year IS DISTINCT FROM n.death_year)) "
            f"RETURNING {T_PERSON}.id",
            [self.namespace, *params],
        )
        self.report.people_updated += len(changed)
        self.report.touched_people.update(pk for (pk,) in changed)

    def people_resolve(self, rows: str) -> str:
        """Find the people of `rows` (a query of `nconst`, `film_id` for the rows
        whose film is known) by the source's id, each distinct id once; returns the
        table of those ids (`key`, `person_id`) that `people_adopt` and
        `people_create` complete."""
        keys = "bulk_stage_people"
        work_table(
            keys,
            [("key", "text"), ("person_id", "bigint")],
            [("key",)],
            whole=self.whole,
        )
        execute(f"INSERT INTO {keys} (key) SELECT DISTINCT r.nconst FROM ({rows}) r")  # noqa: S608
        self._people_find(keys)
        return keys

    def _people_find(self, keys: str) -> None:
        execute(
            f"UPDATE {keys} SET person_id = e.person_id FROM {T_PERSON_ID} e "  # noqa: S608
            f"WHERE e.namespace = %s AND e.value = {keys}.key "
            f"AND {keys}.person_id IS NULL",
            [self.namespace],
        )
        stage_analyze(keys)

    def people_adopt(self, rows: str, keys: str, names: str) -> set[int]:
        """A person credited on the film under the same name, with no id in this
        namespace, is the person the row means: they get the id."""
        if not execute(
            f"SELECT 1 FROM {T_CREDIT} c WHERE {self.within('c.film_id')} AND NOT "  # noqa: S608
            f"EXISTS (SELECT 1 FROM {T_PERSON_ID} x WHERE x.person_id = c.person_id "
            f"AND x.namespace = %s) LIMIT 1",
            [self.namespace],
        ):
            return set()  # everyone credited on these films has an id already
        candidates = execute(
            f"SELECT DISTINCT r.nconst, p.id FROM {keys} k "  # noqa: S608
            f"JOIN ({rows}) r ON r.nconst = k.key "
            f"JOIN {names} n ON n.key = k.key "
            f"JOIN {T_CREDIT} c ON c.film_id = r.film_id AND {self.within('c.film_id')} "
            f"JOIN {T_PERSON} p ON p.id = c.person_id AND p.name = n.name "
            f"WHERE k.person_id IS NULL AND NOT EXISTS "
            f"(SELECT 1 FROM {T_PERSON_ID} x WHERE x.person_id = p.id AND x.namespace = %s) "
            f"ORDER BY r.nconst, p.id",
            [self.namespace],
        )
        chosen: dict[str, int] = {}
        people: set[int] = set()
        for nconst, person_id in candidates:
            if nconst not in chosen and person_id not in people:
                chosen[nconst] = person_id
                people.add(person_id)
        if not chosen:
            return set()
        PersonExternalId.objects.bulk_create(
            PersonExternalId(person_id=pk, namespace=self.namespace, value=nconst)
            for nconst, pk in chosen.items()
        )
        if self.namespace == "imdb":
            for nconst, pk in chosen.items():
                Person.objects.filter(pk=pk, imdb_id="").update(imdb_id=nconst)
        self.report.ids_created += len(chosen)
        self.report.touched_people |= people
        self._people_find(keys)
        return people

    def people_create(self, keys: str, names: str) -> None:
        """Create the people no one is known by, from `names`, and give them their
        ids: set-based, from a staging table of the new people."""
        if self.whole:
            self._people_create_whole(keys, names)
            return
        new = execute(
            f"SELECT n.key, n.name, n.birth_year, n.death_year FROM {keys} k "  # noqa: S608
            f"JOIN {names} n ON n.key = k.key WHERE k.person_id IS NULL ORDER BY n.key"
        )
        if not new:
            return
        slugs = slugs_for(
            Person, [(slug_base(name, "person"), key) for key, name, _, _ in new]
        )
        staged = "bulk_stage_new_people"
        stage_create(
            staged,
            [
                ("key", "text"),
                ("name", "text"),
                ("slug", "text"),
                ("birth_year", "integer"),
                ("death_year", "integer"),
            ],
            [("slug",), ("key",)],
        )
        stage_load(
            staged,
            ["key", "name", "slug", "birth_year", "death_year"],
            [
                (key, name, slug, born, died)
                for (key, name, born, died), slug in zip(new, slugs, strict=True)
            ],
        )
        given = [
            "name",
            "slug",
            "birth_year",
            "death_year",
            "prominence",
            "source_id",
            "imdb_id",
        ]
        extra, values = _defaults(Person, given, {})
        marks = "".join(", %s" for _ in values)
        imdb = "n.key" if self.namespace == "imdb" else "''"
        execute(
            f"INSERT INTO {T_PERSON} ({', '.join([*given, *extra])}) SELECT n.name, "  # noqa: S608
            f"n.slug, n.birth_year, n.death_year, 0, %s, {imdb}{marks} FROM {staged} n",
            [self.source.pk, *values],
        )
        created = execute(
            f"INSERT INTO {T_PERSON_ID} (person_id, namespace, value) "  # noqa: S608
            f"SELECT p.id, %s, n.key FROM {staged} n JOIN {T_PERSON} p ON p.slug = n.slug "
            f"RETURNING person_id",
            [self.namespace],
        )
        self.report.people_created += len(created)
        self.report.ids_created += len(created)
        self.report.touched_people.update(pk for (pk,) in created)
        execute(
            f"UPDATE {keys} SET person_id = (SELECT p.id FROM {staged} n "  # noqa: S608
            f"JOIN {T_PERSON} p ON p.slug = n.slug WHERE n.key = {keys}.key) "
            f"WHERE person_id IS NULL"
        )
        stage_analyze(keys)

    def _people_create_whole(self, keys: str, names: str) -> None:
        """`people_create` for a whole file: slugs in SQL, people and their ids
        made in one statement."""
        slugs = slugs_table(
            Person,
            f"SELECT n.key, n.name AS text, NULL::integer AS year, n.key AS ord "  # noqa: S608
            f"FROM {keys} k JOIN {names} n ON n.key = k.key WHERE k.person_id IS NULL",
            fallback="person",
            slug_base_of=lambda text, _year: slug_base(text, "person"),
        )
        given = ["name", "slug", "birth_year", "death_year", "prominence"]
        given += ["source_id", "imdb_id"]
        extra, values = _defaults(Person, given, {})
        marks = "".join(", %s" for _ in values)
        imdb = "n.key" if self.namespace == "imdb" else "''"
        created = execute(
            f"WITH made AS (INSERT INTO {T_PERSON} ({', '.join([*given, *extra])}) "  # noqa: S608
            f"SELECT n.name, s.slug, n.birth_year, n.death_year, 0, %s, {imdb}{marks} "
            f"FROM {slugs} s JOIN {names} n ON n.key = s.key RETURNING id, slug) "
            f"INSERT INTO {T_PERSON_ID} (person_id, namespace, value) "
            f"SELECT m.id, %s, s.key FROM made m JOIN {slugs} s ON s.slug = m.slug "
            "RETURNING person_id",
            [self.source.pk, *values, self.namespace],
        )
        execute(f"DROP TABLE {slugs}")
        self.report.people_created += len(created)
        self.report.ids_created += len(created)
        self.report.touched_people.update(pk for (pk,) in created)
        self._people_find(keys)

    # -- credits -------------------------------------------------------------------------

    def credits_upsert(
        self, wanted: str, departments: Sequence[str], *, replace: bool
    ) -> None:
        """Apply `wanted` (film_id, person_id, department, job, character, ord): one
        row per credit, billing order within the department. With `replace`, this
        source's credits of those films in `departments` that are not wanted go."""
        pk = int(self.source.pk)
        # Every statement below reads and writes credits of `departments` only.
        if self.nothing_in_range(T_CREDIT, departments):
            self.report.credits_created += self._credits_insert(
                f'INSERT INTO {T_CREDIT} (film_id, person_id, department, job, "character", '  # noqa: S608
                f'"order", order_is_estimated, source_id) SELECT w.film_id, w.person_id, '
                f"w.department, w.job, w.part, w.ord, %s, %s FROM {wanted} w "
                f"RETURNING film_id, person_id",
                [False, pk],
            )
            return
        key = (
            "c.film_id = w.film_id AND c.person_id = w.person_id "
            "AND c.department = w.department AND c.job = w.job"
        )
        on_credit = key.replace("c.", f"{T_CREDIT}.")
        on_credit += f" AND {self.within(T_CREDIT + '.film_id')}"
        key += f" AND {self.within('c.film_id')}"
        added = self._credits_insert(
            f'INSERT INTO {T_CREDIT} (film_id, person_id, department, job, "character", '  # noqa: S608
            f'"order", order_is_estimated, source_id) SELECT w.film_id, w.person_id, '
            f"w.department, w.job, w.part, w.ord, %s, %s FROM {wanted} w "
            f"WHERE NOT EXISTS (SELECT 1 FROM {T_CREDIT} c WHERE {key}) "
            f"RETURNING film_id, person_id",
            [False, pk],
        )
        self.report.credits_created += added
        if self.whole and added:
            # The statements below join the credits of the whole file: the
            # planner must know how many there are now (a nested loop over rows it
            # thinks absent reads the staging table once per credit).
            execute(f"ANALYZE {T_CREDIT}")
        own = execute(
            f'UPDATE {T_CREDIT} SET "order" = w.ord, order_is_estimated = %s, '  # noqa: S608
            f'"character" = w.part FROM {wanted} w WHERE {on_credit} '
            f'AND {T_CREDIT}.source_id = %s AND ({T_CREDIT}."order" <> w.ord '
            f"OR {T_CREDIT}.character <> w.part OR {T_CREDIT}.order_is_estimated) "
            f"RETURNING {T_CREDIT}.film_id, {T_CREDIT}.person_id",
            [False, pk],
        )
        moved = self._touch_credits(own)
        later = self.ranked_after(provenance.BILLING)
        if later:
            taken = execute(
                f'UPDATE {T_CREDIT} SET "order" = w.ord, order_is_estimated = %s, '  # noqa: S608
                f"\"character\" = CASE WHEN {T_CREDIT}.character = '' THEN w.part "
                f"ELSE {T_CREDIT}.character END, source_id = %s FROM {wanted} w "
                f"WHERE {on_credit} AND {T_CREDIT}.source_id IN {_in(later)} "
                f"RETURNING {T_CREDIT}.film_id, {T_CREDIT}.person_id",
                [False, pk],
            )
            moved += self._touch_credits(taken)
        filled = execute(
            f'UPDATE {T_CREDIT} SET "character" = w.part FROM {wanted} w '  # noqa: S608
            f"WHERE {on_credit} AND ({T_CREDIT}.source_id IS NULL OR "
            f"{T_CREDIT}.source_id <> %s) AND {T_CREDIT}.character = '' "
            f"AND w.part <> '' "
            f"RETURNING {T_CREDIT}.film_id, {T_CREDIT}.person_id",
            [pk],
        )
        moved += self._touch_credits(filled)
        self.report.credits_updated += moved
        if replace:
            marks = ", ".join(["%s"] * len(departments))
            stale = execute(
                f"DELETE FROM {T_CREDIT} WHERE source_id = %s AND department IN ({marks}) "  # noqa: S608
                f"AND {self.within('film_id')} "
                f"AND film_id IN (SELECT film_id FROM {wanted}_films) AND NOT EXISTS "
                f"(SELECT 1 FROM {wanted} w WHERE {on_credit}) RETURNING film_id, person_id",
                [pk, *departments],
            )
            self.report.credits_deleted += self._touch_credits(stale)
        if "acting" in departments:
            self._estimated_after_billed(wanted)
        if "directing" in departments:
            self._director_conflicts(wanted)

    def credits_insert_new(self, credits: str, departments: Sequence[str]) -> None:
        """Insert the credits of the query `credits` (film_id, person_id,
        department, job, part, ord) for films that have no credit in
        `departments` yet (the caller checked `nothing_in_range`): what
        `credits_upsert` does for them, without a staging table. Nothing else is
        to change: no other source's credit to take over, shift or compare
        directors with."""
        with connection.cursor() as cursor:
            cursor.execute(
                f'INSERT INTO {T_CREDIT} (film_id, person_id, department, job, "character", '  # noqa: S608
                f'"order", order_is_estimated, source_id) SELECT c.film_id, c.person_id, '
                f"c.department, c.job, c.part, c.ord, %s, %s FROM ({credits}) c",
                [False, int(self.source.pk)],
            )
            self.report.credits_created += cursor.rowcount
        # The range had no credit of these departments: the ones it has now are
        # the ones just made. Reading them back costs a fraction of RETURNING
        # them (810,000 credits: 0.9 s against 2-3 s more for the INSERT).
        marks = ", ".join(["%s"] * len(departments))
        mine = f"{self.within('film_id')} AND department IN ({marks})"
        for kind, value in execute(
            f"SELECT 1, film_id FROM {T_CREDIT} WHERE {mine} GROUP BY film_id "  # noqa: S608
            f"UNION ALL SELECT 2, person_id FROM {T_CREDIT} WHERE {mine} "
            "GROUP BY person_id",
            [*departments, *departments],
        ):
            if kind == 1:
                self.report.touched_films.add(value)
            else:
                self.report.touched_people.add(value)

    def _credits_insert(self, sql: str, params: Sequence[Any]) -> int:
        """Run an INSERT of credits that returns (film_id, person_id); touch them
        and return how many. For a whole file, PostgreSQL counts and hands back
        each film and person once rather than every credit (ten million)."""
        if not self.whole:
            return self._touch_credits(execute(sql, params))
        rows = execute(
            f"WITH made AS ({sql}) SELECT 0, COUNT(*) FROM made UNION ALL "  # noqa: S608 (our SQL)
            "SELECT 1, film_id FROM made GROUP BY film_id UNION ALL "
            "SELECT 2, person_id FROM made GROUP BY person_id",
            params,
        )
        count = 0
        for kind, value in rows:
            if kind == 0:
                count = int(value)
            elif kind == 1:
                self.report.touched_films.add(value)
            else:
                self.report.touched_people.add(value)
        return count

    def _touch_credits(self, rows: list[tuple]) -> int:
        for film_id, person_id in rows:
            self.report.touched_films.add(film_id)
            self.report.touched_people.add(person_id)
        return len(rows)

    def _estimated_after_billed(self, wanted: str) -> None:
        """Cast members another source lists with an estimated order come after the
        ones this source bills."""
        shifted = execute(
            f'UPDATE {T_CREDIT} SET "order" = {T_CREDIT}."order" + x.billed FROM '  # noqa: S608
            f"(SELECT w.film_id, COUNT(DISTINCT w.person_id) AS billed FROM {wanted} w "
            f"WHERE w.department = 'acting' GROUP BY w.film_id) x "
            f"WHERE {T_CREDIT}.film_id = x.film_id AND {T_CREDIT}.department = 'acting' "
            f"AND {T_CREDIT}.order_is_estimated AND {self.within(T_CREDIT + '.film_id')} "
            f"AND EXISTS (SELECT 1 FROM {T_CREDIT} e WHERE e.film_id = x.film_id "
            f"AND e.department = 'acting' AND e.order_is_estimated "
            f'AND e."order" < x.billed) '
            f"RETURNING {T_CREDIT}.film_id, {T_CREDIT}.person_id",
        )
        self.report.credits_updated += self._touch_credits(shifted)

    def _director_conflicts(self, wanted: str) -> None:
        rows = execute(
            f"SELECT DISTINCT w.film_id, w.person_id FROM {wanted} w "  # noqa: S608
            f"WHERE w.department = 'directing' AND EXISTS (SELECT 1 FROM {T_CREDIT} c "
            f"WHERE c.film_id = w.film_id AND c.department = 'directing' "
            f"AND {self.within('c.film_id')} "
            f"AND c.source_id IS NOT NULL AND c.source_id <> %s)",
            [self.source.pk],
        )
        if not rows:
            return
        directors: dict[int, dict[int, set[int]]] = {}
        for film_id, person_id in rows:
            directors.setdefault(film_id, {self.source.pk: set()})[self.source.pk].add(
                person_id
            )
        conflicts.disagreements_raise(
            film_ids=list(directors), report=self.report, directors=directors
        )

    # -- scores and alternative titles ---------------------------------------------------

    def scores_upsert(self, stage: str, kind: str, scale: int) -> None:
        """Staging columns film_id, value, votes: this source's score of `kind`."""
        pk = int(self.source.pk)
        if self.nothing_in_range(T_SCORE):
            added = execute(
                f"INSERT INTO {T_SCORE} (film_id, kind, value, scale, review_count, "  # noqa: S608
                f"source_id) SELECT s.film_id, %s, s.value, %s, s.votes, %s FROM {stage} s "
                f"WHERE s.film_id IS NOT NULL RETURNING film_id",
                [kind, scale, pk],
            )
            self.report.scores_created += self.touch(added)
            return
        later = self.ranked_after("default")
        owners = f"({pk}{''.join(', ' + str(s) for s in later)})"
        changed = execute(
            f"UPDATE {T_SCORE} SET value = s.value, scale = %s, review_count = s.votes, "  # noqa: S608
            f"source_id = %s FROM {stage} s WHERE {T_SCORE}.film_id = s.film_id "
            f"AND {self.within(T_SCORE + '.film_id')} "
            f"AND {T_SCORE}.kind = %s AND {T_SCORE}.source_id IN {owners} AND "
            f"({T_SCORE}.value <> s.value OR {T_SCORE}.scale <> %s OR "
            f"{T_SCORE}.review_count IS DISTINCT FROM s.votes OR {T_SCORE}.source_id <> %s) "
            f"RETURNING {T_SCORE}.film_id",
            [scale, pk, kind, scale, pk],
        )
        self.report.scores_updated += self.touch(changed)
        added = execute(
            f"INSERT INTO {T_SCORE} (film_id, kind, value, scale, review_count, source_id) "  # noqa: S608
            f"SELECT s.film_id, %s, s.value, %s, s.votes, %s FROM {stage} s "
            f"WHERE s.film_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {T_SCORE} r "
            f"WHERE r.film_id = s.film_id AND r.kind = %s AND {self.within('r.film_id')}) "
            f"RETURNING film_id",
            [kind, scale, pk, kind],
        )
        self.report.scores_created += self.touch(added)

    def titles_upsert(self, stage: str) -> None:
        """Staging columns film_id, title, country, language, kind (one row per film
        and title): this source's alternative titles of those films."""
        pk = int(self.source.pk)
        if self.nothing_in_range(T_TITLE):
            added = execute(
                f"INSERT INTO {T_TITLE} (film_id, title, language, country, kind, "  # noqa: S608
                f"source_id) SELECT s.film_id, s.title, s.language, s.country, s.kind, "
                f"%s FROM {stage} s WHERE s.film_id IS NOT NULL RETURNING film_id",
                [pk],
            )
            self.report.titles_created += self.touch(added)
            return
        added = execute(
            f"INSERT INTO {T_TITLE} (film_id, title, language, country, kind, source_id) "  # noqa: S608
            f"SELECT s.film_id, s.title, s.language, s.country, s.kind, %s FROM {stage} s "
            f"WHERE s.film_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {T_TITLE} t "
            f"WHERE t.film_id = s.film_id AND t.title = s.title "
            f"AND {self.within('t.film_id')}) RETURNING film_id",
            [pk],
        )
        self.report.titles_created += self.touch(added)
        changed = execute(
            f"UPDATE {T_TITLE} SET language = s.language, country = s.country, "  # noqa: S608
            f"kind = s.kind FROM {stage} s WHERE {T_TITLE}.film_id = s.film_id "
            f"AND {self.within(T_TITLE + '.film_id')} "
            f"AND {T_TITLE}.title = s.title AND {T_TITLE}.source_id = %s AND "
            f"({T_TITLE}.language <> s.language OR {T_TITLE}.country <> s.country "
            f"OR {T_TITLE}.kind <> s.kind) RETURNING {T_TITLE}.film_id",
            [pk],
        )
        self.report.titles_updated += self.touch(changed)
        stale = execute(
            f"DELETE FROM {T_TITLE} WHERE source_id = %s AND {self.within('film_id')} "  # noqa: S608
            f"AND film_id IN (SELECT film_id FROM {stage} WHERE film_id IS NOT NULL) "
            f"AND NOT EXISTS "
            f"(SELECT 1 FROM {stage} s WHERE s.film_id = {T_TITLE}.film_id "
            f"AND s.title = {T_TITLE}.title) RETURNING film_id",
            [pk],
        )
        self.report.titles_deleted += self.touch(stale)


# --- Bulk loads on PostgreSQL -----------------------------------------------------------

# Below this many rows, indexes are kept up row by row (cheaper than rebuilding).
# Measured on 85,271 new films into an empty table (2026-12-03): kept up, the
# INSERT took 3.3 s (15 indexes, 33 buffer reads a row); dropped, 0.5 s, and the
# 15 rebuilds about 0.05 s each.
BULK_INDEX_ROWS = 10_000


# Measured at full scale (2026-12-03): rebuilding the credit table's indexes and
# unique constraint costs about 1.5 µs of server CPU per row it holds (7.3 M
# credits: 10.8 s), keeping them up about 16 µs per incoming row (title.crew's
# 1.5 M credits into 7.3 M: 28.6 s, 83 s of wall clock); checking a foreign key
# again in one join about 0.2 µs per row held, row by row about 3.6 µs per new
# row (title.crew at 10 % scale: 1.64 s for 150,000 credits and three keys). So
# a table that holds fewer than INDEX_REBUILD times the incoming rows has its
# indexes rebuilt, and one that holds fewer than FOREIGN_KEY_RECHECK times,
# its foreign keys checked again.
INDEX_REBUILD = 10
FOREIGN_KEY_RECHECK = 20


@contextlib.contextmanager
def indexes_deferred(
    tables: Sequence[str], incoming: int, *, fresh: bool = False
) -> Iterator[None]:
    """On PostgreSQL, around statements that write `incoming` rows or so: each of
    `tables` that holds fewer than INDEX_REBUILD times that loses its indexes (but
    the primary key), unique constraints and foreign keys (one that holds fewer
    than FOREIGN_KEY_RECHECK times that, its foreign keys only), which are made
    again afterwards in one pass each (a sort, or one join that checks every key)
    instead of being kept up row by row (the two ratios only when `fresh`: the
    caller knows that none of the rows it writes were there before, a first
    import, which the site is not reading yet: dropping a constraint locks the
    table against every reader until the file is committed); remaking a unique constraint checks it, so a duplicate
    fails the whole file. The bulk statements find rows by hashing, not through
    these indexes. The tables are analysed afterwards. All inside the caller's
    transaction (which holds the tables locked meanwhile), so a run that fails
    leaves every index as it was."""
    if not is_postgres() or incoming < BULK_INDEX_ROWS:
        yield
        return
    # Checks a test or an earlier statement left pending would forbid the ALTER.
    execute("SET CONSTRAINTS ALL IMMEDIATE")
    saved: list[str] = []
    for table in tables:
        (held,) = execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} LIMIT %s) x",  # noqa: S608 (our table)
            [incoming * (FOREIGN_KEY_RECHECK if fresh else 1)],
        )[0]
        if held < incoming * (INDEX_REBUILD if fresh else 1):
            saved += _indexes_drop(table)
        elif fresh and held < incoming * FOREIGN_KEY_RECHECK:
            saved += _indexes_drop(table, foreign_keys_only=True)
    execute("SET CONSTRAINTS ALL DEFERRED")
    yield
    execute("SET CONSTRAINTS ALL IMMEDIATE")
    for statement in saved:
        execute(statement)
    execute("SET CONSTRAINTS ALL DEFERRED")
    for table in tables:
        execute(f"ANALYZE {table}")


def _indexes_drop(table: str, *, foreign_keys_only: bool = False) -> list[str]:
    """Drop `table`'s foreign keys, unique constraints and other indexes but the
    primary key (or its foreign keys only); return the statements that make them
    again."""
    statements: list[str] = []
    for name, definition in execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = ANY(%s) "
        "ORDER BY contype DESC",
        [table, ["f"] if foreign_keys_only else ["f", "u"]],
    ):
        execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        statements.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    if foreign_keys_only:
        return statements
    for name, definition in execute(
        "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass "
        "AND NOT x.indisprimary AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
        [table],
    ):
        execute(f'DROP INDEX "{name}"')
        statements.insert(0, definition)
    return statements
