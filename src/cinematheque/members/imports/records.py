"""What every export parser produces: rows in one shape (`ParsedRow`), plus the
readers shared by the formats (text encodings, CSV tables, dates, ratings)."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cinematheque.members.imports.models import ImportRow

Kind = ImportRow.Kind
Status = ImportRow.Status

# Exports of twenty years of diary fit in a few MB; an upload larger than this is
# not an export.
MAX_UPLOAD_BYTES = 25 * 1024 * 1024
MAX_FIELD_CHARS = 1_000_000


class ExportFormatError(ValueError):
    """The file is not an export this importer knows: a sentence for the member."""


@dataclass
class ParsedRow:
    """One row of an export, before matching. `status` is empty for a row to match,
    else REJECTED or SKIPPED with a `reason`."""

    file: str
    line: int
    kind: str = ""
    title: str = ""
    original_title: str = ""
    year: int | None = None
    imdb_id: str = ""
    tmdb_id: int | None = None
    data: dict[str, Any] = field(default_factory=dict)
    status: str = ""
    reason: str = ""
    uri: str = ""

    def reject(self, reason: str) -> ParsedRow:
        self.status, self.reason = Status.REJECTED, reason
        return self

    def skip(self, reason: str) -> ParsedRow:
        self.status, self.reason = Status.SKIPPED, reason
        return self


def decode_text(raw: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252/Latin-1: the
    encodings exports come in. A UTF-8 file never decodes as garbage, because a
    Latin-1 file with accents is almost never valid UTF-8."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return raw.decode("latin-1")


def csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """The records of a CSV text with the line each starts on (quoted fields may
    span lines, as multi-line reviews do)."""
    csv.field_size_limit(MAX_FIELD_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ExportFormatError(f"line {line}: {error}") from error
        yield line, record
        line = reader.line_num + 1


def header_map(header: list[str]) -> dict[str, int]:
    """Column positions by lower-cased, trimmed name."""
    return {name.strip().lower(): index for index, name in enumerate(header)}


class Record:
    """One CSV record read by column name (case-insensitive, missing → "")."""

    def __init__(self, columns: dict[str, int], values: list[str]) -> None:
        self.columns = columns
        self.values = values

    def get(self, *names: str) -> str:
        for name in names:
            index = self.columns.get(name.lower())
            if index is not None and index < len(self.values):
                return self.values[index].strip()
        return ""

    def has(self, name: str) -> bool:
        return name.lower() in self.columns

    def is_blank(self) -> bool:
        return not any(value.strip() for value in self.values)


_LONG_DATE_FORMATS = (
    "%a %b %d %H:%M:%S %Y",  # old IMDb: "Sat Dec 31 00:00:00 2016"
    "%a %b %d %Y",
    "%d %b %Y",  # "31 Dec 2016"
    "%b %d, %Y",  # "Dec 31, 2016"
    "%B %d, %Y",  # "December 31, 2016"
    "%d %B %Y",
)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(value: str) -> datetime.date:
    """ISO (`2024-03-01`, with or without a time), `M/D/YYYY` and the older long
    forms; raises ValueError with the value in the message otherwise."""
    text = " ".join(value.split())
    try:
        if match := _ISO_DATE.match(text):
            year, month, day = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        if match := _US_DATE.match(text):
            month, day, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
    except ValueError as error:
        raise ValueError(f"impossible date {value!r}") from error
    for pattern in _LONG_DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007  # a calendar date, no time of day
        except ValueError:
            continue
    raise ValueError(f"unreadable date {value!r}")


def parse_year(value: str) -> int | None:
    """A release year, or None when the export leaves it empty (Letterboxd does for
    films without a release date)."""
    text = value.strip()
    if not text:
        return None
    if not text.isdigit() or not 1870 <= int(text) <= 2100:
        raise ValueError(f"unreadable year {value!r}")
    return int(text)


def half_stars_from_stars(value: str) -> int:
    """Letterboxd's '0.5'…'5' (half-star steps) → 1…10 half stars."""
    try:
        stars = float(value.replace(",", "."))
    except ValueError as error:
        raise ValueError(f"unreadable rating {value!r}") from error
    half = stars * 2
    if half != int(half) or not 1 <= half <= 10:
        raise ValueError(f"rating {value!r} is not 0.5 to 5 in half stars")
    return int(half)


def half_stars_from_ten(value: str) -> int:
    """A rating from 1 to 10 (IMDb, Rating10) → the same number of half stars."""
    try:
        number = float(value.replace(",", "."))
    except ValueError as error:
        raise ValueError(f"unreadable rating {value!r}") from error
    if number != int(number) or not 1 <= number <= 10:
        raise ValueError(f"rating {value!r} is not a whole number from 1 to 10")
    return int(number)


def split_tags(value: str) -> list[str]:
    return [tag.strip() for tag in value.split(",") if tag.strip()]
