"""The IMDb import run: files in order, chunk by chunk, each chunk one transaction
with its checkpoint (see the package docstring)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from cinematheque.catalogue import provenance
from cinematheque.catalogue.models import Source
from cinematheque.ingest import bulk_upsert as b
from cinematheque.ingest.imdb import files as f
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
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    on_file: OnFile | None = None,
    on_rows: OnRows | None = None,
) -> ImdbImportReport:
    """Import the IMDb dataset files found in `directory` (see the package
    docstring). With `resume`, continue the last unfinished run after the files and
    rows it committed. Raises FileNotFoundError when no dataset file is there and
    files.WrongHeader for a file that is not what its name says. Search, related
    films and cached pages of what changed are the caller's (`touched_refresh`)."""
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
        "title.principals": _Credits(
            writer,
            f.principal_parser(with_directors_and_writers="title.crew" not in found),
            departments=_principal_departments(crew="title.crew" in found),
        ),
        "title.crew": _Credits(writer, f.parse_crew, departments=b.CREW_DEPARTMENTS),
        "title.ratings": _Ratings(writer),
        "title.akas": _Akas(writer),
    }
    earlier_writes = run.writes
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
        _import_file(
            steps[name],
            found[name],
            file_report,
            run=run,
            skip=int(checkpoint.get("rows", 0)),
            chunk_rows=chunk_rows,
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
    its checkpoint in one transaction."""
    if skip == 0:
        step.begin()
    chunk: list[Any] = []
    last_key: str | None = None
    done_before = skip
    reported = 0

    def flush(rows_done: int, *, final: bool) -> None:
        nonlocal chunk, done_before, reported
        with transaction.atomic():
            if chunk:
                step.apply(chunk, report)
            run.checkpoints[report.name] = {"rows": rows_done, "done": final}
            run.writes = writes()
            run.rejected = run.rejected + report.malformed_count - reported
            reported = report.malformed_count
            run.save(update_fields=["checkpoints", "writes", "rejected"])
        if on_rows:
            on_rows(rows_done - done_before)
        done_before = rows_done
        chunk = []

    for line, row in f.read_rows(path, report.name, report, skip=skip):
        key = row[0]
        if len(chunk) >= chunk_rows and key != last_key:
            flush(skip + report.rows_read - 1, final=False)
        last_key = key
        parsed = step.parse(line, row, report)
        if parsed is None:
            continue
        if isinstance(parsed, list):
            chunk.extend(parsed)
        else:
            chunk.append(parsed)
    flush(skip + report.rows_read, final=True)
    report.done = True


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

    def report_unknown_titles(
        self, stage: str, report: f.FileReport, *, films: str | None = None
    ) -> None:
        """Rows whose title is not a film of the catalogue (another type, an adult
        title, or not in title.basics): counted, the first ones shown. `films`: the
        table of the chunk's title ids and films, for a stage without `film_id`."""
        if films is not None:
            stage = (
                f"(SELECT s.line, s.tconst, k.film_id FROM {stage} s "  # noqa: S608 (our tables)
                f"JOIN {films} k ON k.key = s.tconst) x"
            )
        (count,) = b.execute(
            f"SELECT COUNT(*) FROM {stage} WHERE film_id IS NULL"  # noqa: S608
        )[0]
        if not count:
            return
        report.leave_out("title not imported (another type, adult or unknown)", count)
        examples = b.execute(
            f"SELECT line, tconst FROM {stage} WHERE film_id IS NULL "  # noqa: S608
            f"ORDER BY line LIMIT {UNKNOWN_EXAMPLES}"
        )
        for line, tconst in examples:
            if len(report.examples) < f.EXAMPLES_KEPT:
                report.examples.append((line, "title not imported", tconst))


class _Titles(_Step):
    STAGE = "imdb_stage_title"
    GENRES = "imdb_stage_genre"

    def __init__(self, writer: b.BulkWriter, title_filter: f.TitleFilter) -> None:
        super().__init__(writer)
        self.parse_row = f.title_parser(title_filter)

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


class _Names(_Step):
    STAGE = "imdb_stage_name"

    def begin(self) -> None:
        _names_table_reset()

    def parse(self, line: int, row: list[str], report: f.FileReport) -> Any:
        return f.parse_name(line, row, report)

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
        _names_table_ensure()
        writer = self.writer
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
        films = writer.films_keys(self.STAGE, "tconst")
        self.report_unknown_titles(self.STAGE, report, films=films)
        rows = (
            f"SELECT s.nconst AS nconst, k.film_id AS film_id FROM {self.STAGE} s "  # noqa: S608 (our tables)
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
            f"{self.STAGE} s JOIN {films} k ON k.key = s.tconst "
            f"JOIN {people} p ON p.key = s.nconst "
            "WHERE k.film_id IS NOT NULL"
        )
        for line, nconst in b.execute(
            f"SELECT s.line, s.nconst FROM {known} AND p.person_id IS NULL "  # noqa: S608
            "ORDER BY s.line"
        ):
            report.reject(line, "person not in name.basics", nconst)
        b.stage_create(
            self.WANTED,
            [
                ("film_id", "bigint"),
                ("person_id", "bigint"),
                ("department", "text"),
                ("job", "text"),
                ("part", "text"),
                ("ord", "integer"),
            ],
            [("film_id", "person_id", "department", "job")],
        )
        b.execute(
            f"INSERT INTO {self.WANTED} (film_id, person_id, department, job, part, ord) "  # noqa: S608
            "SELECT film_id, person_id, department, job, part, ROW_NUMBER() OVER "
            "(PARTITION BY film_id, department ORDER BY ordering, person_id) - 1 FROM "
            "(SELECT k.film_id, p.person_id, s.department, s.job, "
            "MIN(s.ordering) AS ordering, MAX(s.part) AS part "
            f"FROM {known} AND p.person_id IS NOT NULL "
            "GROUP BY k.film_id, p.person_id, s.department, s.job) x"
        )
        b.stage_analyze(self.WANTED)
        b.stage_create(f"{self.WANTED}_films", [("film_id", "bigint")], [("film_id",)])
        b.execute(
            f"INSERT INTO {self.WANTED}_films (film_id) SELECT DISTINCT film_id "  # noqa: S608
            f"FROM {films} WHERE film_id IS NOT NULL"
        )
        b.stage_analyze(f"{self.WANTED}_films")
        (used,) = b.execute(
            f"SELECT COUNT(*) FROM {known} AND p.person_id IS NOT NULL"  # noqa: S608
        )[0]
        report.rows_used += used
        writer.credits_upsert(self.WANTED, self.departments, replace=True)


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
        self.writer.films_resolve(self.STAGE, "tconst")
        self.report_unknown_titles(self.STAGE, report)
        (used,) = b.execute(
            f"SELECT COUNT(*) FROM {self.STAGE} WHERE film_id IS NOT NULL"  # noqa: S608
        )[0]
        report.rows_used += used
        self.writer.scores_upsert(self.STAGE, "imdb", 10)


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
        self.writer.films_resolve(self.STAGE, "tconst")
        self.report_unknown_titles(self.STAGE, report)
        (used,) = b.execute(
            f"SELECT COUNT(*) FROM {self.STAGE} WHERE film_id IS NOT NULL"  # noqa: S608
        )[0]
        report.rows_used += used
        self.writer.titles_upsert(self.STAGE)


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
