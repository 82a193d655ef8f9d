"""The IMDb import run: files in order, chunk by chunk, each chunk one transaction
with its checkpoint (see the package docstring)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from queue import Full, Queue
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from cinematheque.catalogue import provenance
from cinematheque.catalogue.models import Source
from cinematheque.ingest import bulk_upsert as b
from cinematheque.ingest.imdb import files as f
from cinematheque.ingest.imdb import pgcopy
from cinematheque.ingest.models import ImportRun
from cinematheque.ingest.upsert import UpsertReport, import_run_begin

IMDB_SOURCE_KEY = "imdb"
IMDB_SOURCE_DEFAULTS = {
    "name": "IMDb",
    "url": "https://www.imdb.com/",
    "licence": "IMDb non-commercial datasets",
    "licence_url": "https://developer.imdb.com/non-commercial-datasets/",
    "attribution": "Information courtesy of IMDb (https://www.imdb.com). "
    "Used with permission.",
}
DEFAULT_CHUNK_ROWS = 50_000
NAMES_TABLE = "ingest_imdb_name"  # name.basics, kept for the principals and crew
UNKNOWN_EXAMPLES = 5
UNKNOWN_TITLE = "title not imported (another type, adult or unknown)"

OnFile = Callable[[str, Path], None]
OnRows = Callable[[int], None]


class Interrupted(Exception):
    """Raised by a progress callback to stop a run between chunks (tests, signals):
    what was committed stays, and `--resume` continues from there."""


def imdb_source_get() -> Source:
    """The IMDb source row (created on first use)."""
    source, _created = Source.objects.get_or_create(
        key=IMDB_SOURCE_KEY, defaults=IMDB_SOURCE_DEFAULTS
    )
    return source


@dataclass
class ImdbImportReport:
    """What an IMDb import did, file by file, and the shared upsert's counts."""

    run: ImportRun
    files: dict[str, f.FileReport] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    upserted: UpsertReport = field(default_factory=UpsertReport)

    @property
    def rows_read(self) -> int:
        return sum(report.rows_read for report in self.files.values())

    @property
    def malformed(self) -> int:
        return sum(report.malformed_count for report in self.files.values())


def imdb_import(
    *,
    directory: Path,
    title_filter: f.TitleFilter | None = None,
    resume: bool = False,
    chunk_rows: int | None = None,
    on_file: OnFile | None = None,
    on_rows: OnRows | None = None,
) -> ImdbImportReport:
    """Import the IMDb dataset files found in `directory` (see the package
    docstring). With `resume`, continue the last unfinished run after the files and
    rows it committed. Raises FileNotFoundError when no dataset file is there and
    files.WrongHeader for a file that is not what its name says. Search, related
    films and cached pages of what changed are the caller's (`touched_refresh`).

    `chunk_rows`: commit every that many rows (read and checked in Python). Without
    it, PostgreSQL takes the whole-file path (`pgcopy`: each file COPYed raw and
    applied in SQL, one transaction per file) and SQLite chunks of
    DEFAULT_CHUNK_ROWS."""
    found = f.find_files(directory)
    if not found:
        raise FileNotFoundError(
            f"No IMDb dataset file in {directory} (title.basics.tsv.gz, …)."
        )
    source = imdb_source_get()
    run, _items = import_run_begin(source_key=IMDB_SOURCE_KEY, resume=resume)
    report = ImdbImportReport(run=run, missing=[n for n in f.FILES if n not in found])
    writer = b.BulkWriter(
        source=source,
        namespace="imdb",
        preference=provenance.Preference.current(),
        retrieved_at=timezone.now(),
        report=report.upserted,
    )
    title_filter = title_filter or f.TitleFilter()
    steps: dict[str, _Step] = {
        "title.basics": _Titles(writer, title_filter),
        "name.basics": _Names(writer),
        "title.principals": _Principals(
            writer,
            crew="title.crew" in found,
            departments=_principal_departments(crew="title.crew" in found),
        ),
        "title.crew": _Crew(writer),
        "title.ratings": _Ratings(writer),
        "title.akas": _Akas(writer),
    }
    earlier_writes = run.writes
    whole_files = chunk_rows is None and b.is_postgres()
    writer.whole = whole_files
    if whole_files:
        b.execute(pgcopy.CHARACTERS_FUNCTION)
    for name in f.FILES:
        if name == "name.basics" and name not in found:
            _names_table_reset()  # no names: nobody new can be created
        if name not in found:
            continue
        checkpoint = run.checkpoints.get(name, {})
        file_report = f.FileReport(name=name, path=str(found[name]))
        report.files[name] = file_report
        if checkpoint.get("done"):
            file_report.done = True
            continue
        if on_file:
            on_file(name, found[name])
        started = time.perf_counter()
        if whole_files:
            _import_whole_file(
                steps[name],
                found[name],
                file_report,
                run=run,
                on_rows=on_rows,
                writes=lambda: earlier_writes + report.upserted.writes,
            )
            file_report.seconds = time.perf_counter() - started
            continue
        _import_file(
            steps[name],
            found[name],
            file_report,
            run=run,
            skip=int(checkpoint.get("rows", 0)),
            chunk_rows=chunk_rows or DEFAULT_CHUNK_ROWS,
            on_rows=on_rows,
            writes=lambda: earlier_writes + report.upserted.writes,
        )
        file_report.seconds = time.perf_counter() - started
    run.finished_at = timezone.now()
    run.writes = earlier_writes + report.upserted.writes
    run.save(update_fields=["finished_at", "writes"])
    b.execute(f"DROP TABLE IF EXISTS {NAMES_TABLE}")
    return report


def _principal_departments(*, crew: bool) -> tuple[str, ...]:
    every = tuple(sorted({department for department, _ in f.CATEGORIES.values()}))
    if crew:
        return tuple(d for d in every if d not in b.CREW_DEPARTMENTS)
    return every


def _import_file(
    step: _Step,
    path: Path,
    report: f.FileReport,
    *,
    run: ImportRun,
    skip: int,
    chunk_rows: int,
    on_rows: OnRows | None,
    writes: Callable[[], int],
) -> None:
    """Read the file after its first `skip` rows, chunk by chunk; each chunk and
    its checkpoint in one transaction. The file is read and parsed in a thread one
    chunk ahead, while the database writes the current one (both drivers let go of
    the interpreter while the database works, so the two cores both work)."""
    if skip == 0:
        step.begin()
    parsing = f.FileReport(name=report.name, path=report.path)
    done_before = skip
    rejected_before = run.rejected
    try:
        for chunk, rows_done, final, malformed in _read_ahead(
            _chunks(step, path, parsing, skip=skip, chunk_rows=chunk_rows)
        ):
            with transaction.atomic():
                if chunk:
                    step.apply(chunk, report)
                run.checkpoints[report.name] = {"rows": rows_done, "done": final}
                run.writes = writes()
                run.rejected = rejected_before + malformed + report.malformed_count
                run.save(update_fields=["checkpoints", "writes", "rejected"])
            if on_rows:
                on_rows(rows_done - done_before)
            done_before = rows_done
    finally:
        _merge(parsing, into=report)
    report.done = True


def _import_whole_file(
    step: _Step,
    path: Path,
    report: f.FileReport,
    *,
    run: ImportRun,
    on_rows: OnRows | None,
    writes: Callable[[], int],
) -> None:
    """PostgreSQL: the whole file in one transaction with its checkpoint: COPYed
    raw (the progress bar follows the COPY), then checked and applied in SQL. An
    interrupted file is done again from its start by `--resume`."""
    rejected_before = run.rejected
    with transaction.atomic():
        pgcopy.transaction_tune()
        step.begin()
        raw = pgcopy.raw_load(path, report.name, report, on_rows=on_rows)
        step.copy_apply(raw, report)
        pgcopy.drop(raw)
        run.checkpoints[report.name] = {"rows": report.rows_read, "done": True}
        run.writes = writes()
        run.rejected = rejected_before + report.malformed_count
        run.save(update_fields=["checkpoints", "writes", "rejected"])
    report.examples.sort()
    del report.examples[f.EXAMPLES_KEPT :]
    report.done = True


def _chunks(
    step: _Step, path: Path, report: f.FileReport, *, skip: int, chunk_rows: int
) -> Iterator[tuple[list[Any], int, bool, int]]:
    """(parsed rows, rows of the file done after them, last chunk, malformed rows
    so far) for chunks of about `chunk_rows`, never splitting a title's rows."""
    chunk: list[Any] = []
    last_key: str | None = None
    for line, row in f.read_rows(path, report.name, report, skip=skip):
        key = row[0]
        if len(chunk) >= chunk_rows and key != last_key:
            yield chunk, skip + report.rows_read - 1, False, report.malformed_count
            chunk = []
        last_key = key
        parsed = step.parse(line, row, report)
        if parsed is None:
            continue
        if isinstance(parsed, list):
            chunk.extend(parsed)
        else:
            chunk.append(parsed)
    yield chunk, skip + report.rows_read, True, report.malformed_count


def _read_ahead(items: Iterator[Any]) -> Iterator[Any]:
    """The items of `items`, produced by a thread one item ahead of the consumer.
    An exception in the thread is raised here; leaving early stops the thread."""
    queue: Queue[tuple[str, Any]] = Queue(maxsize=1)
    stop = threading.Event()

    def put(message: tuple[str, Any]) -> bool:
        while not stop.is_set():
            try:
                queue.put(message, timeout=0.1)
            except Full:
                continue
            return True
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put(("item", item)):
                    return
            put(("end", None))
        except BaseException as error:  # handed to the consumer
            put(("error", error))

    thread = threading.Thread(target=produce, name="imdb-reader", daemon=True)
    thread.start()
    try:
        while True:
            kind, value = queue.get()
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()
        thread.join(timeout=10)


def _merge(parsing: f.FileReport, *, into: f.FileReport) -> None:
    """The reading thread's counts into the file's report (whose own rejects come
    from applying the chunks)."""
    into.rows_read += parsing.rows_read
    into.left_out.update(parsing.left_out)
    into.malformed.update(parsing.malformed)
    into.examples = sorted(parsing.examples + into.examples)[: f.EXAMPLES_KEPT]


# --- Steps, one per file ----------------------------------------------------------------


class _Step:
    def __init__(self, writer: b.BulkWriter) -> None:
        self.writer = writer

    def begin(self) -> None:
        """Called once before the first row of a file read from its start."""

    def parse(self, line: int, row: list[str], report: f.FileReport) -> Any:
        raise NotImplementedError

    def apply(self, chunk: list[Any], report: f.FileReport) -> None:
        raise NotImplementedError

    def copy_apply(self, raw: str, report: f.FileReport) -> None:
        """PostgreSQL's whole-file path: check and apply the file's raw table."""
        raise NotImplementedError

    def report_unknown_titles(
        self, stage: str, report: f.FileReport, *, films: str | None = None
    ) -> int:
        """Rows whose title is not a film of the catalogue (another type, an adult
        title, or not in title.basics): counted, the first ones shown; returns how
        many. `films`: the table of the chunk's title ids and films, for a stage
        without `film_id`."""
        if films is not None:
            stage = (
                f"(SELECT s.line, s.tconst, k.film_id FROM {stage} s "  # noqa: S608 (our tables)
                f"JOIN {films} k ON k.key = s.tconst) x"
            )
        (count,) = b.execute(
            f"SELECT COUNT(*) FROM {stage} WHERE film_id IS NULL"  # noqa: S608
        )[0]
        if not count:
            return 0
        examples = b.execute(
            f"SELECT line, tconst FROM {stage} WHERE film_id IS NULL "  # noqa: S608
            f"ORDER BY line LIMIT {UNKNOWN_EXAMPLES}"
        )
        _unknown_report(report, int(count), examples)
        return int(count)

    def films_only(
        self,
        raw: str,
        report: f.FileReport,
        *,
        where: str = "TRUE",
        params: Sequence[object] = (),
        selected: int | None = None,
    ) -> None:
        """PostgreSQL's whole-file path: the raw rows (of those `where` selects) of
        titles that are not films of the catalogue dropped before their values
        are checked, counted and shown as `report_unknown_titles` does. A
        malformed row of such a title is thus left out, not reported: it would not
        be imported either way."""
        dropped, examples = pgcopy.films_only(
            raw,
            self.writer.film_ids_sql(),
            where=where,
            params=params,
            selected=selected,
        )
        _unknown_report(report, dropped, examples[:UNKNOWN_EXAMPLES])


def _unknown_report(
    report: f.FileReport, count: int, examples: Sequence[tuple[int, str]]
) -> None:
    """Rows of titles not imported: counted, the first ones shown."""
    report.leave_out(UNKNOWN_TITLE, count)
    for line, tconst in examples:
        if len(report.examples) < f.EXAMPLES_KEPT:
            report.examples.append((line, "title not imported", tconst))


class _Titles(_Step):
    STAGE = "imdb_stage_title"
    GENRES = "imdb_stage_genre"

    COPY_STAGE = "imdb_copy_title"
    COPY_GENRES = "imdb_copy_genre"

    def __init__(self, writer: b.BulkWriter, title_filter: f.TitleFilter) -> None:
        super().__init__(writer)
        self.filter = title_filter
        self.parse_row = f.title_parser(title_filter)

    def copy_apply(self, raw: str, report: f.FileReport) -> None:
        where, params = "TRUE", []
        if self.filter.types is not None:
            kinds = sorted(self.filter.types)
            for kind, count in b.execute(
                f"SELECT COALESCE(kind, %s), COUNT(*) FROM {raw} "  # noqa: S608 (our table)
                "WHERE kind IS NULL OR NOT kind = ANY(%s) GROUP BY 1",
                [f.NULL, kinds],
            ):
                report.leave_out(f"type {kind}", count)
            where, params = "kind = ANY(%s)", [kinds]
        adult = "" if self.filter.include_adult else "WHEN adult = '1' THEN '-adult' "
        reason = (
            f"CASE WHEN {pgcopy.bad_id('tconst', pgcopy.TITLE_ID)} "
            "THEN 'bad title id' "
            "WHEN adult IS NULL OR adult NOT IN ('0', '1') THEN 'bad isAdult' "
            f"{adult}"
            "WHEN title IS NULL OR btrim(title) = '' THEN 'no title' "
            f"WHEN length(title) > {f.MAX_TITLE} THEN 'title too long' "
            + pgcopy.int_check("start", "startYear", 1870, 2200)
            + pgcopy.int_check("runtime", "runtimeMinutes", 0, 10_000)
            + "END"
        )
        stage = self.COPY_STAGE
        pgcopy.classify(
            raw,
            stage,
            "line, tconst, title, CASE WHEN original <> '' AND length(original) "
            f"<= {f.MAX_TITLE} THEN original END AS original_title, "
            f"{pgcopy.int_value('start')} AS year, "
            f"NULLIF({pgcopy.int_value('runtime')}, 0) AS runtime, "
            "CASE WHEN genres ~ '[^,]' THEN 1 ELSE 0 END AS has_genres, "
            "NULL::bigint AS film_id, NULL::text AS slug, genres, reason",
            reason,
            report,
            where=where,
            params=params,
        )
        twice = b.execute(
            f"DELETE FROM {stage} WHERE line IN (SELECT line FROM (SELECT line, "  # noqa: S608
            "ROW_NUMBER() OVER (PARTITION BY tconst ORDER BY line) AS n FROM "
            f"{stage} WHERE tconst IN (SELECT tconst FROM {stage} GROUP BY tconst "
            "HAVING COUNT(*) > 1)) d WHERE n > 1) RETURNING line, tconst"
        )
        for line, tconst in sorted(twice):
            report.reject(line, "the same title twice", tconst)
        (used,) = b.execute(f"SELECT COUNT(*) FROM {stage}")[0]  # noqa: S608
        report.rows_used += used
        mapped = " ".join(
            f"WHEN '{imdb}' THEN '{ours}'" for imdb, ours in f.GENRE_NAMES.items()
        )
        pgcopy.drop(self.COPY_GENRES)
        b.execute(
            f"CREATE UNLOGGED TABLE {self.COPY_GENRES} AS SELECT DISTINCT "  # noqa: S608
            f"s.tconst AS key, CASE g {mapped} ELSE g END AS name FROM {stage} s, "
            "unnest(string_to_array(s.genres, ',')) g WHERE g <> ''"
        )
        b.stage_analyze(self.COPY_GENRES)
        names = {
            name
            for (name,) in b.execute(
                f"SELECT DISTINCT name FROM {self.COPY_GENRES}"  # noqa: S608
            )
        }
        with b.indexes_deferred(
            [b.T_FILM, b.T_FILM_ID, b.T_VALUE, b.T_FILM_GENRE], incoming=used
        ):
            self.writer.films_upsert(stage)
            if names:
                self.writer.genres_upsert(stage, self.COPY_GENRES, names)
        pgcopy.drop(stage, self.COPY_GENRES)

    def parse(self, line: int, row: list[str], report: f.FileReport) -> Any:
        return self.parse_row(line, row, report)

    def apply(self, chunk: list[Any], report: f.FileReport) -> None:
        rows, genres, seen = [], [], set()
        names: set[str] = set()
        for line, tconst, title, original, year, runtime, genre_text in chunk:
            if tconst in seen:
                report.reject(line, "the same title twice", tconst)
                continue
            seen.add(tconst)
            listed = f.genre_names(genre_text)
            rows.append(
                (line, tconst, title, original, year, runtime, 1 if listed else 0)
            )
            genres += [(tconst, name) for name in listed]
            names.update(listed)
        report.rows_used += len(rows)
        b.stage_create(
            self.STAGE,
            [
                ("line", "bigint"),
                ("tconst", "text"),
                ("title", "text"),
                ("original_title", "text"),
                ("year", "integer"),
                ("runtime", "integer"),
                ("has_genres", "integer"),
                ("film_id", "bigint"),
                ("slug", "text"),
            ],
            [("tconst",), ("film_id",)],
        )
        b.stage_load(
            self.STAGE,
            [
                "line",
                "tconst",
                "title",
                "original_title",
                "year",
                "runtime",
                "has_genres",
            ],
            rows,
            analyze=False,
        )
        b.stage_create(self.GENRES, [("key", "text"), ("name", "text")], [("key",)])
        b.stage_load(self.GENRES, ["key", "name"], genres)
        self.writer.films_upsert(self.STAGE)
        if names:
            self.writer.genres_upsert(self.STAGE, self.GENRES, names)


def _names_table_reset() -> None:
    b.execute(f"DROP TABLE IF EXISTS {NAMES_TABLE}")
    unlogged = "UNLOGGED " if b.is_postgres() else ""
    b.execute(
        f"CREATE {unlogged}TABLE {NAMES_TABLE} (key text PRIMARY KEY, name text, "
        "birth_year integer, death_year integer)"
    )


def _names_table_ensure() -> None:
    unlogged = "UNLOGGED " if b.is_postgres() else ""
    b.execute(
        f"CREATE {unlogged}TABLE IF NOT EXISTS {NAMES_TABLE} (key text PRIMARY KEY, "
        "name text, birth_year integer, death_year integer)"
    )


def _names_keyed(stage: str) -> None:
    """The names table's primary key on `stage`; a name listed twice keeps its
    first row (as the chunks' inserts do)."""
    key = f"ALTER TABLE {stage} ADD CONSTRAINT {NAMES_TABLE}_pkey PRIMARY KEY (key)"
    try:
        with transaction.atomic():
            b.execute(key)
        return
    except IntegrityError:
        pass
    b.execute(
        f"DELETE FROM {stage} WHERE line IN (SELECT line FROM (SELECT line, "  # noqa: S608 (our table)
        f"ROW_NUMBER() OVER (PARTITION BY key ORDER BY line) AS n FROM {stage}) d "
        "WHERE n > 1)"
    )
    b.execute(key)


class _Names(_Step):
    STAGE = "imdb_stage_name"

    def begin(self) -> None:
        _names_table_reset()

    def parse(self, line: int, row: list[str], report: f.FileReport) -> Any:
        return f.parse_name(line, row, report)

    def copy_apply(self, raw: str, report: f.FileReport) -> None:
        reason = (
            f"CASE WHEN {pgcopy.bad_id('nconst', pgcopy.NAME_ID)} THEN 'bad name id' "
            "WHEN name IS NULL OR btrim(name) = '' THEN 'no name' "
            f"WHEN length(name) > {f.MAX_NAME} THEN 'name too long' "
            + pgcopy.int_check("birth", "birthYear", 1000, 2200)
            + pgcopy.int_check("death", "deathYear", 1000, 2200)
            + "WHEN NULLIF(death, '')::integer < NULLIF(birth, '')::integer "
            "THEN 'deathYear before birthYear' END"
        )
        stage = "imdb_copy_name"
        pgcopy.classify(
            raw,
            stage,
            "line, nconst AS key, name, "
            f"{pgcopy.int_value('birth')} AS birth_year, "
            f"{pgcopy.int_value('death')} AS death_year, reason",
            reason,
            report,
            analyze=False,
        )
        # The checked rows become the names table, keyed by a primary key built
        # in one sort: 300,000 inserts with ON CONFLICT cost three times as much.
        pgcopy.drop(NAMES_TABLE)
        _names_keyed(stage)
        b.execute(f"ALTER TABLE {stage} RENAME TO {NAMES_TABLE}")
        (used,) = b.execute(f"SELECT COUNT(*) FROM {NAMES_TABLE}")[0]  # noqa: S608
        report.rows_used += used
        b.execute(f"ANALYZE {NAMES_TABLE}")
        self.writer.people_update(NAMES_TABLE)

    def apply(self, chunk: list[Any], report: f.FileReport) -> None:
        _names_table_ensure()
        unique = list({row[0]: row for row in chunk}.values())
        report.rows_used += len(unique)
        b.stage_create(
            self.STAGE,
            [
                ("key", "text"),
                ("name", "text"),
                ("birth_year", "integer"),
                ("death_year", "integer"),
            ],
            [("key",)],
        )
        b.stage_load(self.STAGE, ["key", "name", "birth_year", "death_year"], unique)
        b.execute(
            f"INSERT INTO {NAMES_TABLE} (key, name, birth_year, death_year) "  # noqa: S608
            f"SELECT s.key, s.name, s.birth_year, s.death_year FROM {self.STAGE} s "
            f"WHERE NOT EXISTS (SELECT 1 FROM {NAMES_TABLE} n WHERE n.key = s.key)"
        )
        self.writer.people_update(self.STAGE)


class _Credits(_Step):
    """title.principals or title.crew: credits in billing order."""

    STAGE = "imdb_stage_credit"
    WANTED = "imdb_stage_wanted"

    def __init__(
        self,
        writer: b.BulkWriter,
        parser: Callable[[int, list[str], f.FileReport], Any],
        *,
        departments: tuple[str, ...],
    ) -> None:
        super().__init__(writer)
        self.parser = parser
        self.departments = departments

    def parse(self, line: int, row: list[str], report: f.FileReport) -> Any:
        return self.parser(line, row, report)

    def apply(self, chunk: list[Any], report: f.FileReport) -> None:
        b.stage_create(
            self.STAGE,
            [
                ("line", "bigint"),
                ("tconst", "text"),
                ("ordering", "integer"),
                ("nconst", "text"),
                ("department", "text"),
                ("job", "text"),
                ("part", "text"),
                ("film_id", "bigint"),
                ("person_id", "bigint"),
            ],
            [("tconst",), ("nconst",)],
        )
        b.stage_load(
            self.STAGE,
            ["line", "tconst", "ordering", "nconst", "department", "job", "part"],
            chunk,
            analyze=False,
        )
        self.write(self.STAGE, report)

    def write(self, stage: str, report: f.FileReport, *, whole: bool = False) -> None:
        """Apply a staging table of credits (line, tconst, ordering, nconst,
        department, job, part); `whole`: a whole file's (PostgreSQL), whose work
        tables are unlogged tables without indexes."""
        _names_table_ensure()
        writer = self.writer
        (staged,) = b.execute(f"SELECT COUNT(*) FROM {stage}")[0]  # noqa: S608 (our table)
        films = writer.films_keys(stage, "tconst")
        unknown = self.report_unknown_titles(stage, report, films=films)
        rows = (
            f"SELECT s.nconst AS nconst, k.film_id AS film_id FROM {stage} s "  # noqa: S608 (our tables)
            f"JOIN {films} k ON k.key = s.tconst WHERE k.film_id IS NOT NULL"
        )
        people = writer.people_resolve(rows)
        adopted = writer.people_adopt(rows, people, NAMES_TABLE)
        if adopted:
            writer.people_update(
                NAMES_TABLE, where=f"AND {b.T_PERSON}.id IN {b._in(adopted)}"
            )
        writer.people_create(people, NAMES_TABLE)
        known = (
            f"{stage} s JOIN {films} k ON k.key = s.tconst "
            f"JOIN {people} p ON p.key = s.nconst "
            "WHERE k.film_id IS NOT NULL"
        )
        nobody = b.execute(
            f"SELECT s.line, s.nconst FROM {known} AND p.person_id IS NULL "  # noqa: S608
            "ORDER BY s.line"
        )
        for line, nconst in nobody:
            report.reject(line, "person not in name.basics", nconst)
        # Every staged row has a film or not, and every row with a film a person
        # or not (people_resolve took the id of each): no join to count the rest.
        report.rows_used += staged - unknown - len(nobody)
        credits = (
            "SELECT film_id, person_id, department, job, part, ROW_NUMBER() OVER "  # noqa: S608
            "(PARTITION BY film_id, department ORDER BY ordering, person_id) - 1 "
            "AS ord FROM (SELECT k.film_id, p.person_id, s.department, s.job, "
            "MIN(s.ordering) AS ordering, MAX(s.part) AS part "
            f"FROM {known} AND p.person_id IS NOT NULL "
            "GROUP BY k.film_id, p.person_id, s.department, s.job) x"
        )
        if whole and writer.nothing_in_range(b.T_CREDIT, self.departments):
            # Films without a credit yet (a first import): written straight from
            # the staging rows, with no table of the wanted credits between.
            writer.credits_insert_new(credits, self.departments)
            return
        columns = [
            ("film_id", "bigint"),
            ("person_id", "bigint"),
            ("department", "text"),
            ("job", "text"),
            ("part", "text"),
            ("ord", "integer"),
        ]
        if whole:
            pgcopy.drop(self.WANTED)
            spec = ", ".join(f"{name} {kind}" for name, kind in columns)
            b.execute(f"CREATE UNLOGGED TABLE {self.WANTED} ({spec})")
        else:
            b.stage_create(
                self.WANTED, columns, [("film_id", "person_id", "department", "job")]
            )
        b.execute(
            f"INSERT INTO {self.WANTED} (film_id, person_id, department, job, part, ord) "
            f"{credits}"
        )
        b.stage_analyze(self.WANTED)
        b.work_table(
            f"{self.WANTED}_films", [("film_id", "bigint")], [("film_id",)], whole=whole
        )
        b.execute(
            f"INSERT INTO {self.WANTED}_films (film_id) SELECT DISTINCT film_id "  # noqa: S608
            f"FROM {films} WHERE film_id IS NOT NULL"
        )
        b.stage_analyze(f"{self.WANTED}_films")
        writer.credits_upsert(self.WANTED, self.departments, replace=True)
        if whole:
            pgcopy.drop(self.WANTED)

    def copy_apply(self, raw: str, report: f.FileReport) -> None:
        stage = "imdb_copy_credit"
        self.copy_stage(raw, stage, report)
        (rows,) = b.execute(f"SELECT COUNT(*) FROM {stage}")[0]  # noqa: S608
        # No credit of these departments anywhere: a first import (title.crew's
        # directors and writers after title.principals' other departments).
        fresh = not b.execute(
            f"SELECT 1 FROM {b.T_CREDIT} WHERE department = ANY(%s) LIMIT 1",  # noqa: S608
            [list(self.departments)],
        )
        with b.indexes_deferred(
            [b.T_CREDIT, b.T_PERSON, b.T_PERSON_ID], incoming=rows, fresh=fresh
        ):
            self.write(stage, report, whole=True)
        pgcopy.drop(stage)

    def copy_stage(self, raw: str, stage: str, report: f.FileReport) -> None:
        """Make `stage` (the columns `write` reads) from the raw table."""
        raise NotImplementedError


class _Principals(_Credits):
    """title.principals: the credits of IMDb's categories, in its billing."""

    def __init__(
        self, writer: b.BulkWriter, *, crew: bool, departments: tuple[str, ...]
    ) -> None:
        super().__init__(
            writer,
            f.principal_parser(with_directors_and_writers=not crew),
            departments=departments,
        )
        self.crew = crew

    def copy_stage(self, raw: str, stage: str, report: f.FileReport) -> None:
        wanted, selected = [], 0
        for category, count in b.execute(
            f"SELECT COALESCE(category, %s), COUNT(*) FROM {raw} GROUP BY 1",  # noqa: S608 (our table)
            [f.NULL],
        ):
            kind = f.CATEGORIES.get(category)
            if kind is None:
                report.leave_out(f"category {category}", count)
            elif self.crew and kind[0] in b.CREW_DEPARTMENTS:
                report.leave_out(f"{category} (from title.crew)", count)
            else:
                wanted.append(category)
                selected += count
        self.films_only(
            raw,
            report,
            where="category = ANY(%s)",
            params=[wanted],
            selected=selected,
        )
        department = " ".join(
            f"WHEN '{category}' THEN '{kind[0]}'"
            for category, kind in f.CATEGORIES.items()
        )
        job = " ".join(
            f"WHEN '{category}' THEN '{kind[1]}'"
            for category, kind in f.CATEGORIES.items()
        )
        acting = [c for c, kind in f.CATEGORIES.items() if kind[0] == "acting"]
        reason = (
            f"CASE WHEN {pgcopy.bad_id('tconst', pgcopy.TITLE_ID)} "
            "THEN 'bad title id' "
            f"WHEN {pgcopy.bad_id('nconst', pgcopy.NAME_ID)} THEN 'bad name id' "
            "WHEN ordering IS NULL OR ordering = '' THEN 'no ordering' "
            + pgcopy.int_check("ordering", "ordering", 0, 1_000_000)
            + "WHEN part IS NULL THEN 'characters are not a JSON list' END"
        )
        pgcopy.classify(
            raw,
            stage,
            f"line, tconst, {pgcopy.int_value('ordering')} AS ordering, nconst, "
            f"CASE category {department} END AS department, "
            f"CASE category {job} END AS job, part, reason",
            reason,
            report,
            where="category = ANY(%s)",
            params=[acting, wanted],
            extra=f"CASE WHEN category = ANY(%s) THEN "
            f"{pgcopy.characters_sql('characters')} ELSE '' END AS part",
        )


class _Crew(_Credits):
    """title.crew: directors and writers in the order IMDb lists them."""

    def __init__(self, writer: b.BulkWriter) -> None:
        super().__init__(writer, f.parse_crew, departments=b.CREW_DEPARTMENTS)

    def copy_stage(self, raw: str, stage: str, report: f.FileReport) -> None:
        self.films_only(raw, report)
        ids = r"'^nm[0-9]{7,10}(,nm[0-9]{7,10})*$'"
        reason = (
            f"CASE WHEN {pgcopy.bad_id('tconst', pgcopy.TITLE_ID)} "
            "THEN 'bad title id' "
            f"WHEN directors <> '' AND directors !~ {ids} THEN 'bad name id' "
            f"WHEN writers <> '' AND writers !~ {ids} THEN 'bad name id' END"
        )
        checked = f"{stage}_rows"
        pgcopy.classify(
            raw, checked, "line, tconst, directors, writers, reason", reason, report
        )
        pgcopy.drop(stage)
        parts = []
        for column, (department, job) in f.CREW_JOBS.items():
            parts.append(
                f"SELECT c.line, c.tconst, (d.pos - 1)::integer AS ordering, "  # noqa: S608
                f"d.nconst, '{department}'::text AS department, '{job}'::text AS job, "
                f"''::text AS part FROM {checked} c, unnest(string_to_array("
                f"NULLIF(c.{column}, ''), ',')) WITH ORDINALITY AS d(nconst, pos)"
            )
        b.execute(f"CREATE UNLOGGED TABLE {stage} AS {' UNION ALL '.join(parts)}")
        b.stage_analyze(stage)
        pgcopy.drop(checked)


class _Ratings(_Step):
    STAGE = "imdb_stage_rating"

    def parse(self, line: int, row: list[str], report: f.FileReport) -> Any:
        return f.parse_rating(line, row, report)

    def apply(self, chunk: list[Any], report: f.FileReport) -> None:
        b.stage_create(
            self.STAGE,
            [
                ("line", "bigint"),
                ("tconst", "text"),
                ("value", "double precision"),
                ("votes", "integer"),
                ("film_id", "bigint"),
            ],
            [("tconst",), ("film_id",)],
        )
        unique = list({row[1]: row for row in chunk}.values())
        b.stage_load(
            self.STAGE, ["line", "tconst", "value", "votes"], unique, analyze=False
        )
        self.write(self.STAGE, report)

    def write(self, stage: str, report: f.FileReport) -> None:
        self.writer.films_resolve(stage, "tconst")
        self.report_unknown_titles(stage, report)
        (used,) = b.execute(
            f"SELECT COUNT(*) FROM {stage} WHERE film_id IS NOT NULL"  # noqa: S608
        )[0]
        report.rows_used += used
        self.writer.scores_upsert(stage, "imdb", 10)

    def copy_apply(self, raw: str, report: f.FileReport) -> None:
        self.films_only(raw, report)
        number = r"'^([0-9]+\.?[0-9]*|\.[0-9]+)$'"
        reason = (
            f"CASE WHEN {pgcopy.bad_id('tconst', pgcopy.TITLE_ID)} "
            "THEN 'bad title id' "
            f"WHEN {pgcopy.missing('average', number)} THEN 'bad averageRating' "
            "WHEN length(average) > 30 OR average::numeric > 10 "
            "THEN 'averageRating outside 0-10' "
            + pgcopy.int_check("votes", "numVotes", 0, 2**31 - 1)
            + "END"
        )
        checked = "imdb_copy_rating_rows"
        pgcopy.classify(
            raw,
            checked,
            "line, tconst, CASE WHEN reason IS NULL THEN average::double precision "
            f"END AS value, {pgcopy.int_value('votes')} AS votes, reason",
            reason,
            report,
        )
        stage = "imdb_copy_rating"
        pgcopy.drop(stage)
        # The last row of a title counts, as in a chunk.
        b.execute(
            f"CREATE UNLOGGED TABLE {stage} AS SELECT DISTINCT ON (tconst) line, "  # noqa: S608
            f"tconst, value, votes, NULL::bigint AS film_id FROM {checked} "
            "ORDER BY tconst, line DESC"
        )
        pgcopy.drop(checked)
        (rows,) = b.execute(f"SELECT COUNT(*) FROM {stage}")[0]  # noqa: S608
        with b.indexes_deferred([b.T_SCORE], incoming=rows):
            self.write(stage, report)
        pgcopy.drop(stage)


class _Akas(_Step):
    STAGE = "imdb_stage_aka"

    def parse(self, line: int, row: list[str], report: f.FileReport) -> Any:
        return f.parse_aka(line, row, report)

    def apply(self, chunk: list[Any], report: f.FileReport) -> None:
        first: dict[tuple[str, str], tuple] = {}
        for line, tconst, _ordering, title, country, language, kind in sorted(
            chunk, key=lambda row: (row[1], row[2])
        ):
            first.setdefault(
                (tconst, title), (line, tconst, title, country, language, kind)
            )
        b.stage_create(
            self.STAGE,
            [
                ("line", "bigint"),
                ("tconst", "text"),
                ("title", "text"),
                ("country", "text"),
                ("language", "text"),
                ("kind", "text"),
                ("film_id", "bigint"),
            ],
            [("tconst",), ("film_id", "title")],
        )
        b.stage_load(
            self.STAGE,
            ["line", "tconst", "title", "country", "language", "kind"],
            list(first.values()),
            analyze=False,
        )
        self.write(self.STAGE, report)

    def write(self, stage: str, report: f.FileReport) -> None:
        self.writer.films_resolve(stage, "tconst")
        self.report_unknown_titles(stage, report)
        (used,) = b.execute(
            f"SELECT COUNT(*) FROM {stage} WHERE film_id IS NOT NULL"  # noqa: S608
        )[0]
        report.rows_used += used
        self.writer.titles_upsert(stage)

    def copy_apply(self, raw: str, report: f.FileReport) -> None:
        self.films_only(raw, report)
        reason = (
            f"CASE WHEN {pgcopy.bad_id('tconst', pgcopy.TITLE_ID)} "
            "THEN 'bad title id' "
            + pgcopy.int_check("ordering", "ordering", 0, 1_000_000)
            + "WHEN title IS NULL OR btrim(title) = '' THEN 'no title' "
            f"WHEN length(title) > {f.MAX_TITLE} THEN 'title too long' END"
        )
        checked = "imdb_copy_aka_rows"
        pgcopy.classify(
            raw,
            checked,
            f"line, tconst, COALESCE({pgcopy.int_value('ordering')}, 0) AS ordering, "
            "title, CASE WHEN region ~ '^[A-Z]{2}$' THEN region ELSE '' END AS country, "
            "CASE WHEN language ~ '^[a-z]{2,3}$' THEN language ELSE '' END "
            "AS language, COALESCE(left(replace(types, E'\\x02', ', '), 50), '') "
            "AS kind, reason",
            reason,
            report,
        )
        stage = "imdb_copy_aka"
        pgcopy.drop(stage)
        # A title listed twice for a film: its first by IMDb's ordering counts.
        b.execute(
            f"CREATE UNLOGGED TABLE {stage} AS SELECT DISTINCT ON (tconst, title) "  # noqa: S608
            "line, tconst, title, country, language, kind, NULL::bigint AS film_id "
            f"FROM {checked} ORDER BY tconst, title, ordering, line"
        )
        pgcopy.drop(checked)
        (rows,) = b.execute(f"SELECT COUNT(*) FROM {stage}")[0]  # noqa: S608
        with b.indexes_deferred([b.T_TITLE], incoming=rows):
            self.write(stage, report)
        pgcopy.drop(stage)


def iter_summary(report: ImdbImportReport) -> Iterator[str]:
    """Lines of the per-file summary (rows read, used, left out, malformed)."""
    for name in report.missing:
        yield f"{name}: missing (not in the directory)"
    for name, file_report in report.files.items():
        if (
            file_report.done
            and not file_report.rows_read
            and name in report.run.checkpoints
        ):
            yield f"{name}: already imported by the run being resumed"
            continue
        left_out = sum(file_report.left_out.values())
        rate = (
            f", {file_report.rows_read / file_report.seconds:,.0f} rows/s"
            if file_report.seconds
            else ""
        )
        yield (
            f"{name}: {file_report.rows_read:,} rows read, {file_report.rows_used:,} "
            f"used, {left_out:,} left out, {file_report.malformed_count:,} malformed"
            f"{rate}"
        )
        for reason, count in file_report.left_out.most_common(5):
            yield f"  left out: {reason}: {count:,}"
        for reason, count in file_report.malformed.most_common():
            yield f"  malformed: {reason}: {count:,}"
        for line, reason, raw in file_report.examples:
            yield f"  line {line}: {reason}: {raw}"
