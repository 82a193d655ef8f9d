"""Reading IMDb's dataset files: one row at a time, never a whole file in memory.

IMDb publishes tab-separated UTF-8 files with a header line, `\\N` for a missing
value and no quoting at all: a `"` inside a title is a character of the title, so
the files are read with `csv.QUOTE_NONE`. Each file is parsed by its own function
into plain tuples ready for the staging tables; a row that cannot be used (wrong
number of columns, a bad number, a bad id, a bad byte) is counted and the first
few are kept with their line numbers, and the row is skipped.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NULL = "\\N"
EXAMPLES_KEPT = 10
# The files in the order they are imported: films first, then the people the
# principals need, then what hangs on films.
FILES = (
    "title.basics",
    "name.basics",
    "title.principals",
    "title.crew",
    "title.ratings",
    "title.akas",
)
HEADERS = {
    "title.basics": (
        "tconst",
        "titleType",
        "primaryTitle",
        "originalTitle",
        "isAdult",
        "startYear",
        "endYear",
        "runtimeMinutes",
        "genres",
    ),
    "name.basics": (
        "nconst",
        "primaryName",
        "birthYear",
        "deathYear",
        "primaryProfession",
        "knownForTitles",
    ),
    "title.principals": (
        "tconst",
        "ordering",
        "nconst",
        "category",
        "job",
        "characters",
    ),
    "title.crew": ("tconst", "directors", "writers"),
    "title.ratings": ("tconst", "averageRating", "numVotes"),
    "title.akas": (
        "titleId",
        "ordering",
        "title",
        "region",
        "language",
        "types",
        "attributes",
        "isOriginalTitle",
    ),
}
DEFAULT_TYPES = frozenset({"movie", "tvMovie"})
TITLE_ID = re.compile(r"^tt\d{7,10}$")
NAME_ID = re.compile(r"^nm\d{7,10}$")
_REGION = re.compile(r"^[A-Z]{2}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
# IMDb's genres under the names the catalogue already uses for them.
GENRE_NAMES = {"Sci-Fi": "Science Fiction", "Film-Noir": "Film Noir"}
# IMDb's principal categories → (credit department, job). Jobs follow the words
# the other sources use, so that one role from two sources is one credit.
CATEGORIES = {
    "actor": ("acting", "Actor"),
    "actress": ("acting", "Actor"),
    "self": ("acting", "Actor"),
    "director": ("directing", "Director"),
    "writer": ("writing", "Writer"),
    "producer": ("production", "Producer"),
    "casting_director": ("production", "Casting"),
    "composer": ("sound", "Original Music Composer"),
    "cinematographer": ("camera", "Director of Photography"),
    "editor": ("editing", "Editor"),
    "production_designer": ("art", "Production Design"),
}
CREW_JOBS = {"directors": ("directing", "Director"), "writers": ("writing", "Writer")}
MAX_TITLE = 500
MAX_NAME = 300
MAX_CHARACTER = 300

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class Malformed(ValueError):
    """A row that cannot be used; the message says why."""


@dataclass
class FileReport:
    """What reading one file found: rows read, rows used, rows left out on purpose
    (another title type, an adult title…) and malformed rows with examples."""

    name: str
    path: str = ""
    rows_read: int = 0
    rows_used: int = 0
    left_out: Counter[str] = field(default_factory=Counter)
    malformed: Counter[str] = field(default_factory=Counter)
    examples: list[tuple[int, str, str]] = field(default_factory=list)
    writes: int = 0
    seconds: float = 0.0
    done: bool = False

    def reject(self, line: int, reason: str, raw: str) -> None:
        self.malformed[reason] += 1
        if len(self.examples) < EXAMPLES_KEPT:
            self.examples.append((line, reason, raw[:120]))

    def leave_out(self, reason: str, count: int = 1) -> None:
        if count:
            self.left_out[reason] += count

    @property
    def malformed_count(self) -> int:
        return sum(self.malformed.values())


def find_files(directory: Path) -> dict[str, Path]:
    """The dataset files present in `directory` (`name.tsv.gz` or `name.tsv`)."""
    found = {}
    for name in FILES:
        for suffix in (".tsv.gz", ".tsv"):
            path = directory / f"{name}{suffix}"
            if path.is_file():
                found[name] = path
                break
    return found


def _open_text(path: Path) -> io.TextIOBase:
    raw = gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb")  # noqa: SIM115 (the wrapper closes it)
    # A byte that is not UTF-8 becomes U+FFFD, and its row is reported, instead of
    # stopping the whole file.
    return io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")


class WrongHeader(Exception):
    """The file does not start with the header IMDb gives it."""


def read_rows(
    path: Path, name: str, report: FileReport, *, skip: int = 0
) -> Iterator[tuple[int, list[str]]]:
    """(line number, columns) of each data row with the right number of columns,
    after the first `skip` data rows (committed by an earlier run); other rows go to
    `report`. Raises WrongHeader for a file that is not `name`."""
    expected = HEADERS[name]
    with _open_text(path) as handle:
        reader = csv.reader(
            handle, delimiter="\t", quoting=csv.QUOTE_NONE, strict=False
        )
        try:
            header = next(reader)
        except StopIteration:
            return
        if tuple(header) != expected:
            raise WrongHeader(
                f"{path.name} does not start with IMDb's header for {name} "
                f"({' '.join(expected)})"
            )
        width = len(expected)
        for _ in range(skip):
            try:
                next(reader)
            except StopIteration:
                return
            except csv.Error:
                continue
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                report.rows_read += 1
                report.reject(reader.line_num, f"unreadable row: {error}", "")
                continue
            report.rows_read += 1
            if len(row) != width:
                report.reject(
                    reader.line_num,
                    f"{len(row)} columns instead of {width}",
                    "\t".join(row),
                )
                continue
            yield reader.line_num, row


# --- Values ---------------------------------------------------------------------------


def _text(value: str) -> str | None:
    return None if value in {NULL, ""} else value


def _int(value: str, what: str, low: int, high: int) -> int | None:
    if value in {NULL, ""}:
        return None
    if not value.isdigit():
        raise Malformed(f"bad {what}")
    number = int(value)
    if not low <= number <= high:
        raise Malformed(f"implausible {what}")
    return number


def _check_utf8(row: list[str]) -> None:
    for value in row:
        if "\ufffd" in value:
            raise Malformed("not valid UTF-8")


def _title_id(value: str) -> str:
    if not TITLE_ID.match(value):
        raise Malformed("bad title id")
    return value


def _name_id(value: str) -> str:
    if not NAME_ID.match(value):
        raise Malformed("bad name id")
    return value


def characters_text(value: str) -> str:
    """IMDb's JSON list of characters as one text: '["Neil McCauley"]' → "Neil
    McCauley"; several are joined with " / "."""
    if value in {NULL, ""}:
        return ""
    if value.startswith('["') and value.endswith('"]') and "\\" not in value:
        names = value[2:-2].split('","')
    else:
        try:
            parsed = json.loads(value)
        except ValueError:
            raise Malformed("characters are not a JSON list") from None
        if not isinstance(parsed, list):
            raise Malformed("characters are not a JSON list")
        names = [str(name) for name in parsed]
    return " / ".join(name.strip() for name in names if name.strip())[:MAX_CHARACTER]


# --- One parser per file ----------------------------------------------------------------

Parser = Callable[[int, list[str], FileReport], Any]


@dataclass(frozen=True)
class TitleFilter:
    """Which titles are imported: their types, and adult titles or not."""

    types: frozenset[str] | None = DEFAULT_TYPES  # None: every type
    include_adult: bool = False


def title_parser(
    title_filter: TitleFilter,
) -> Callable[[int, list[str], FileReport], tuple | None]:
    """title.basics → (line, tconst, title, original title, year, runtime, genres
    text), or None for a title left out or malformed."""

    def parse(line: int, row: list[str], report: FileReport) -> tuple | None:
        tconst, kind, title, original, adult, start, _end, runtime, genres = row
        if title_filter.types is not None and kind not in title_filter.types:
            report.leave_out(f"type {kind}")
            return None
        try:
            _check_utf8(row)
            _title_id(tconst)
            if adult not in {"0", "1"}:
                raise Malformed("bad isAdult")
            if adult == "1" and not title_filter.include_adult:
                report.leave_out("adult")
                return None
            primary = _text(title)
            if primary is None or not primary.strip():
                raise Malformed("no title")
            if len(primary) > MAX_TITLE:
                raise Malformed("title too long")
            original_title = _text(original)
            if original_title is not None and len(original_title) > MAX_TITLE:
                original_title = None
            year = _int(start, "startYear", 1870, 2200)
            minutes = _int(runtime, "runtimeMinutes", 0, 10_000) or None
            genre_text = _text(genres)
        except Malformed as error:
            report.reject(line, str(error), "\t".join(row))
            return None
        return (line, tconst, primary, original_title, year, minutes, genre_text)

    return parse


def genre_names(text: str | None) -> list[str]:
    """The catalogue's names of IMDb's comma-separated genres."""
    if not text:
        return []
    names = [GENRE_NAMES.get(name, name) for name in text.split(",") if name]
    return list(dict.fromkeys(names))


def parse_name(line: int, row: list[str], report: FileReport) -> tuple | None:
    """name.basics → (nconst, name, birth year, death year)."""
    nconst, name, birth, death, _professions, _known = row
    try:
        _check_utf8(row)
        _name_id(nconst)
        primary = _text(name)
        if primary is None or not primary.strip():
            raise Malformed("no name")
        if len(primary) > MAX_NAME:
            raise Malformed("name too long")
        born = _int(birth, "birthYear", 1000, 2200)
        died = _int(death, "deathYear", 1000, 2200)
        if born and died and died < born:
            raise Malformed("deathYear before birthYear")
    except Malformed as error:
        report.reject(line, str(error), "\t".join(row))
        return None
    return (nconst, primary, born, died)


def principal_parser(
    *, with_directors_and_writers: bool
) -> Callable[[int, list[str], FileReport], tuple | None]:
    """title.principals → (line, tconst, ordering, nconst, department, job,
    character). Directors and writers are left to title.crew when it is there."""

    def parse(line: int, row: list[str], report: FileReport) -> tuple | None:
        tconst, ordering, nconst, category, _job, characters = row
        kind = CATEGORIES.get(category)
        if kind is None:
            report.leave_out(f"category {category}")
            return None
        if kind[0] in {"directing", "writing"} and not with_directors_and_writers:
            report.leave_out(f"{category} (from title.crew)")
            return None
        try:
            _check_utf8(row)
            _title_id(tconst)
            _name_id(nconst)
            order = _int(ordering, "ordering", 0, 1_000_000)
            if order is None:
                raise Malformed("no ordering")
            character = characters_text(characters) if kind[0] == "acting" else ""
        except Malformed as error:
            report.reject(line, str(error), "\t".join(row))
            return None
        return (line, tconst, order, nconst, kind[0], kind[1], character)

    return parse


def parse_crew(line: int, row: list[str], report: FileReport) -> list[tuple]:
    """title.crew → one (line, tconst, position, nconst, department, job, "") per
    director and writer, in the order IMDb lists them."""
    tconst, directors, writers = row
    try:
        _check_utf8(row)
        _title_id(tconst)
        rows = []
        for column, value in (("directors", directors), ("writers", writers)):
            if value in {NULL, ""}:
                continue
            department, job = CREW_JOBS[column]
            for position, nconst in enumerate(dict.fromkeys(value.split(","))):
                rows.append(
                    (line, tconst, position, _name_id(nconst), department, job, "")
                )
    except Malformed as error:
        report.reject(line, str(error), "\t".join(row))
        return []
    return rows


def parse_rating(line: int, row: list[str], report: FileReport) -> tuple | None:
    """title.ratings → (line, tconst, rating out of 10, votes)."""
    tconst, average, votes = row
    try:
        _title_id(tconst)
        try:
            value = float(average)
        except ValueError:
            raise Malformed("bad averageRating") from None
        if not 0 <= value <= 10:
            raise Malformed("averageRating outside 0-10")
        count = _int(votes, "numVotes", 0, 2**31 - 1)
    except Malformed as error:
        report.reject(line, str(error), "\t".join(row))
        return None
    return (line, tconst, value, count)


def parse_aka(line: int, row: list[str], report: FileReport) -> tuple | None:
    """title.akas → (line, tconst, ordering, title, country, language, kind)."""
    tconst, ordering, title, region, language, types, _attributes, _original = row
    try:
        _check_utf8(row)
        _title_id(tconst)
        order = _int(ordering, "ordering", 0, 1_000_000)
        text = _text(title)
        if text is None or not text.strip():
            raise Malformed("no title")
        if len(text) > MAX_TITLE:
            raise Malformed("title too long")
    except Malformed as error:
        report.reject(line, str(error), "\t".join(row))
        return None
    country = region if _REGION.match(region) else ""
    lang = language if _LANGUAGE.match(language) else ""
    kind = "" if types == NULL else types.replace("\x02", ", ")[:50]
    return (line, tconst, order or 0, text, country, lang, kind)
