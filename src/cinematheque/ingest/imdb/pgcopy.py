"""PostgreSQL's whole-file path: the file's bytes COPYed as they are into a raw
table, every check and every mapping done in SQL.

IMDb's TSV is almost PostgreSQL's text COPY format already: tab-separated, one row
a line, `\\N` for null, no quoting. Python only decompresses and pipes large blocks
of bytes (`cursor.copy`); it never splits a row. The one difference is the
backslash: COPY reads `\\` as an escape, IMDb means a backslash, so a block with a
backslash that is not a whole `\\N` field has every backslash doubled and the null
fields put back (`copy_text`), with `bytes.replace`, which costs next to nothing.

COPY is all or nothing: a block with a row of the wrong number of columns, or a
byte that is not UTF-8, fails as a whole. Each block is COPYed inside a savepoint,
and a block that fails is split into lines in Python, the bad ones reported with
their line numbers and the others COPYed with theirs (`line` is a sequence that
numbers the rows of the blocks that pass). Bad values (an id, a year, a number
that does not parse) are found by the SQL that types the raw rows
(`classify`): each row gets a reason or none, the rows with a reason are deleted
and counted, and the rest is handed to the same set-based statements as the
chunked path (`bulk_upsert.BulkWriter`), on the whole file at once.

Most of IMDb's rows belong to titles the import leaves out (TV episodes above
all, with their principals, akas, crew and ratings). The files that hang on
titles therefore keep, right after their COPY, only the raw rows whose `tconst`
is a film of the catalogue (`films_only`: one hashed semi-join on the text of
the id), and type and check only those: a malformed row of a title left out is
counted as left out, not as malformed (the chunked path, which checks every row
as it reads it, reports it as malformed).
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import psycopg
from django.db import connection, transaction

from cinematheque.ingest import bulk_upsert as b
from cinematheque.ingest.imdb import files as f

BLOCK_BYTES = 8 << 20
# Short SQL names of each file's columns, in IMDb's order.
COLUMNS = {
    "title.basics": (
        "tconst",
        "kind",
        "title",
        "original",
        "adult",
        "start",
        "ending",
        "runtime",
        "genres",
    ),
    "name.basics": ("nconst", "name", "birth", "death", "professions", "known"),
    "title.principals": (
        "tconst",
        "ordering",
        "nconst",
        "category",
        "job",
        "characters",
    ),
    "title.crew": ("tconst", "directors", "writers"),
    "title.ratings": ("tconst", "average", "votes"),
    "title.akas": (
        "tconst",
        "ordering",
        "title",
        "region",
        "language",
        "types",
        "attributes",
        "original",
    ),
}
# The prefixes of IMDb's ids: two letters, then 7 to 10 digits (`bad_id`).
TITLE_ID = "tt"
NAME_ID = "nm"

OnRows = Callable[[int], None]


# Settings for the transaction of one file (`SET LOCAL`: they end with it). The
# server's defaults are sized for many small queries: 4 MB of work_mem made the
# big joins and sorts spill to disk, 64 MB of maintenance_work_mem made the
# index rebuilds sort on disk, and JIT compiled every large statement for
# longer than it ran. synchronous_commit off: the commit does not wait for the
# WAL to reach the disk; a crash can lose the last file's commit (never leave
# it half done), and `--resume` then imports that file again.
TRANSACTION_SETTINGS = {
    "work_mem": "256MB",
    "maintenance_work_mem": "512MB",
    "jit": "off",
    "synchronous_commit": "off",
}


def transaction_tune() -> None:
    """Apply TRANSACTION_SETTINGS to the current transaction."""
    for name, value in TRANSACTION_SETTINGS.items():
        b.execute("SELECT set_config(%s, %s, true)", [name, value])


def raw_table(name: str) -> str:
    return "imdb_raw_" + name.replace(".", "_")


def copy_text(block: bytes) -> bytes:
    """IMDb's bytes as COPY's text format: unchanged when every backslash is a
    whole `\\N` field (the usual case, checked by counting), else every backslash
    doubled and the whole-field `\\N` put back."""
    slashes = block.count(b"\\")
    if not slashes:
        return block
    nulls = block.count(b"\\N")
    if (
        slashes == nulls
        and block.count(b"\t\\N") == nulls
        and block.count(b"\\N\t") + block.count(b"\\N\n") == nulls
    ):
        return block
    doubled = block.replace(b"\\", b"\\\\")
    # Two passes: a match consumes the tab after it, so a run of null fields has
    # every other one put back by each pass.
    for _ in range(2):
        doubled = doubled.replace(b"\t\\\\N\t", b"\t\\N\t")
    return doubled.replace(b"\t\\\\N\n", b"\t\\N\n")


def _escape_line(text: str) -> str:
    """One checked line as COPY text (the slow path of a block that failed)."""
    fields = text.split("\t")
    return "\t".join(
        field if field == f.NULL else field.replace("\\", "\\\\") for field in fields
    )


def _open(path: Path) -> IO[bytes]:
    if path.name.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _blocks(handle: IO[bytes]) -> Iterator[bytes]:
    """Blocks of whole lines, each ending with a newline."""
    rest = b""
    while True:
        data = handle.read(BLOCK_BYTES)
        if not data:
            break
        data = rest + data
        cut = data.rfind(b"\n") + 1
        if cut == 0:
            rest = data
            continue
        rest = data[cut:]
        yield data[:cut]
    if rest:
        yield rest if rest.endswith(b"\n") else rest + b"\n"


def raw_load(
    path: Path, name: str, report: f.FileReport, *, on_rows: OnRows | None
) -> str:
    """COPY the file into its raw table (every column text, `line` its line
    number); rows of the wrong width or with bad bytes go to `report`. Raises
    files.WrongHeader for a file that is not `name`."""
    table = raw_table(name)
    sequence = f"{table}_line"
    columns = COLUMNS[name]
    b.execute(f"DROP TABLE IF EXISTS {table}")
    b.execute(f"DROP SEQUENCE IF EXISTS {sequence}")
    # A plain sequence: unlogged ones need PostgreSQL 15, and its WAL is one
    # record per 32 values.
    b.execute(f"CREATE SEQUENCE {sequence} START 2 CACHE 10000")
    spec = ", ".join(f"{column} text" for column in columns)
    b.execute(
        f"CREATE UNLOGGED TABLE {table} (line bigint NOT NULL "
        f"DEFAULT nextval('{sequence}'), {spec})"
    )
    with _open(path) as handle:
        header = handle.readline().decode("utf-8", "replace").rstrip("\r\n")
        if tuple(header.split("\t")) != f.HEADERS[name]:
            raise f.WrongHeader(
                f"{path.name} does not start with IMDb's header for {name} "
                f"({' '.join(f.HEADERS[name])})"
            )
        line = 2
        for block in _blocks(handle):
            lines = block.count(b"\n")
            if not _copy_block(table, columns, copy_text(block)):
                _copy_checked(table, columns, block, line, report)
                b.execute("SELECT setval(%s, %s, false)", [sequence, line + lines])
            report.rows_read += lines
            line += lines
            if on_rows:
                on_rows(lines)
    return table


def _copy_block(table: str, columns: Sequence[str], data: bytes) -> bool:
    """COPY one block; False (and nothing written) when PostgreSQL refuses it."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                copy.write(data)
    except psycopg.Error:
        return False
    return True


def _copy_checked(
    table: str,
    columns: Sequence[str],
    block: bytes,
    first: int,
    report: f.FileReport,
) -> None:
    """A block COPY refused, line by line: the bad lines reported, the good ones
    COPYed with their line numbers."""
    width = len(columns)
    good: list[str] = []
    for number, raw in enumerate(block.split(b"\n")[:-1], start=first):
        text = raw.decode("utf-8", "replace").removesuffix("\r")
        fields = text.split("\t")
        if len(fields) != width:
            report.reject(number, f"{len(fields)} columns instead of {width}", text)
        elif "\ufffd" in text:
            report.reject(number, "not valid UTF-8", text)
        elif "\x00" in text:
            report.reject(number, "unreadable row: NUL byte", text.replace("\x00", ""))
        else:
            good.append(f"{number}\t{_escape_line(text)}\n")
    if good:
        with connection.cursor() as cursor:
            sql = f"COPY {table} (line, {', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                copy.write("".join(good).encode("utf-8"))


def classify(
    raw: str,
    stage: str,
    select: str,
    reason: str,
    report: f.FileReport,
    *,
    where: str = "TRUE",
    params: Sequence[object] = (),
    extra: str = "",
    analyze: bool = True,
) -> None:
    """Create `stage` from the raw rows: `select` (columns of `raw`'s rows and of
    `extra`, which may name `reason`), every row with `reason` (NULL when the row is
    good; a reason starting with "-" leaves the row out on purpose). The rows with
    a reason are then deleted and counted in `report`, the first ones kept as
    examples. `analyze=False`: no statistics gathered for `stage`."""
    b.execute(f"DROP TABLE IF EXISTS {stage}")
    inner = f"(SELECT r.*{', ' + extra if extra else ''} FROM {raw} r WHERE {where}) y"  # noqa: S608 (our SQL)
    # OFFSET 0 keeps the reason a column computed once a row: without it the
    # planner pastes the whole CASE into every expression of `select` that
    # names `reason` (950,215 principals: 8.1 s, with it 5.3 s).
    b.execute(
        f"CREATE UNLOGGED TABLE {stage} AS SELECT {select} FROM "  # noqa: S608 (our SQL)
        f"(SELECT y.*, {reason} AS reason FROM {inner} OFFSET 0) x",
        params,
    )
    found = b.execute(
        f"WITH d AS (DELETE FROM {stage} WHERE reason IS NOT NULL "  # noqa: S608
        "RETURNING line, reason) SELECT reason, COUNT(*), "
        f"(array_agg(line ORDER BY line))[1:{f.EXAMPLES_KEPT}] FROM d GROUP BY reason"
    )
    examples: list[tuple[int, str]] = []
    for why, count, lines in found:
        if why.startswith("-"):
            report.leave_out(why[1:], count)
            continue
        report.malformed[why] += count
        examples += [(line, why) for line in lines]
    examples = sorted(examples)[: f.EXAMPLES_KEPT]
    if examples:
        texts = raw_texts(raw, [line for line, _ in examples])
        for line, why in examples:
            report.examples.append((line, why, texts.get(line, "")[:120]))
    if analyze:
        b.stage_analyze(stage)


def films_only(
    raw: str,
    ids: tuple[str, Sequence[Any]],
    *,
    where: str = "TRUE",
    params: Sequence[Any] = (),
    selected: int | None = None,
) -> tuple[int, list[tuple[int, str]]]:
    """Keep in `raw` only the rows `where` (with `params`) selects whose `tconst`
    is one of `ids` (SQL of a query of title ids, and its parameters), before any
    of their values is checked or typed: most of IMDb's rows belong to titles
    the import leaves out. `selected`: how many rows `where` selects, when the
    caller knows. Returns how many of them were dropped and the first
    EXAMPLES_KEPT of them (line, tconst)."""
    ids_sql, ids_params = ids
    kept = f"{raw}_films"
    named = f"COALESCE(r.tconst IN ({ids_sql}), FALSE)"
    b.execute(f"DROP TABLE IF EXISTS {kept}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE UNLOGGED TABLE {kept} AS SELECT r.* FROM {raw} r "  # noqa: S608 (our SQL)
            f"WHERE ({where}) AND {named}",
            [*params, *ids_params],
        )
        kept_rows = cursor.rowcount
    if selected is None:
        (selected,) = b.execute(
            f"SELECT COUNT(*) FROM {raw} r WHERE {where}",  # noqa: S608 (our SQL)
            params,
        )[0]
    dropped = int(selected) - kept_rows
    examples: list[tuple[int, str]] = []
    if dropped:
        examples = [
            (int(line), str(tconst or f.NULL))
            for line, tconst in b.execute(
                f"SELECT r.line, r.tconst FROM {raw} r WHERE ({where}) "  # noqa: S608
                f"AND NOT {named} ORDER BY r.line LIMIT {f.EXAMPLES_KEPT}",
                [*params, *ids_params],
            )
        ]
    b.execute(f"DROP TABLE {raw}")
    b.execute(f"ALTER TABLE {kept} RENAME TO {raw}")
    return dropped, examples


def raw_texts(raw: str, lines: list[int]) -> dict[int, str]:
    """The text of some raw rows, as the file has them."""
    columns = b.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "AND column_name <> 'line' ORDER BY ordinal_position",
        [raw],
    )
    joined = ", ".join(f"COALESCE({name}, '\\N')" for (name,) in columns)
    rows = b.execute(
        f"SELECT line, concat_ws(E'\\t', {joined}) FROM {raw} "  # noqa: S608
        "WHERE line = ANY(%s)",
        [lines],
    )
    return {int(line): str(text) for line, text in rows}


def int_check(column: str, what: str, low: int, high: int) -> str:
    """SQL WHEN branches: a column that is not a whole number, or is outside
    [low, high] (empty and null are no value, as files._int)."""
    return (
        f"WHEN {column} <> '' AND {column} !~ '^[0-9]+$' THEN 'bad {what}' "
        f"WHEN length({column}) > 18 THEN 'implausible {what}' "
        f"WHEN NULLIF({column}, '')::bigint NOT BETWEEN {low} AND {high} "
        f"THEN 'implausible {what}' "
    )


def int_value(column: str) -> str:
    """The integer of a checked column (NULL for an empty one or a bad row)."""
    return f"CASE WHEN reason IS NULL THEN NULLIF({column}, '')::integer END"


def missing(column: str, pattern: str) -> str:
    """SQL true where a column is null or does not match `pattern`."""
    return f"COALESCE({column}, '') !~ {pattern}"


def bad_id(column: str, prefix: str) -> str:
    """SQL true where a column is not an IMDb id: `prefix` and 7 to 10 digits.
    A length test and an unbounded regex: the bounded `[0-9]{7,10}` costs the
    regex engine about twice as much, on every row of every file."""
    return (
        f"(COALESCE({column}, '') !~ '^{prefix}[0-9]+$' "
        f"OR length({column}) NOT BETWEEN {len(prefix) + 7} AND {len(prefix) + 10})"
    )


# IMDb's JSON list of characters as one text, like files.characters_text; NULL for
# a value that is not a JSON list. Volatile so that it runs once per row.
CHARACTERS_FUNCTION = r"""
CREATE OR REPLACE FUNCTION pg_temp.imdb_characters(value text) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE parsed jsonb;
BEGIN
  parsed := value::jsonb;
  IF jsonb_typeof(parsed) <> 'array' THEN RETURN NULL; END IF;
  RETURN COALESCE((SELECT string_agg(btrim(n), ' / ') FROM
    jsonb_array_elements_text(parsed) n WHERE btrim(n) <> ''), '');
EXCEPTION WHEN others THEN RETURN NULL;
END $$
"""


def characters_sql(column: str) -> str:
    """SQL of the characters' text (NULL when malformed): the plain one-name and
    several-names lists without escapes in SQL, anything else through JSON."""
    plain = (
        f"left({column}, 2) = '[\"' AND right({column}, 2) = '\"]' "
        f"AND length({column}) >= 4 AND strpos({column}, E'\\\\') = 0"
    )
    inner = f"substr({column}, 3, length({column}) - 4)"
    return (
        f"CASE WHEN {column} IS NULL OR {column} = '' THEN '' "  # noqa: S608 (our SQL)
        f"WHEN {plain} AND strpos({column}, '\",\"') = 0 THEN left(btrim({inner}), "
        f"{f.MAX_CHARACTER}) "
        f"WHEN {plain} THEN left(COALESCE((SELECT string_agg(btrim(n), ' / ') FROM "
        f"unnest(string_to_array({inner}, '\",\"')) n WHERE btrim(n) <> ''), ''), "
        f"{f.MAX_CHARACTER}) "
        f"ELSE left(pg_temp.imdb_characters({column}), {f.MAX_CHARACTER}) END"
    )


def drop(*tables: str) -> None:
    for table in tables:
        b.execute(f"DROP TABLE IF EXISTS {table}")
