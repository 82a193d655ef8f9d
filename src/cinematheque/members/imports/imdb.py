"""IMDb's exports of a member's ratings (Your Ratings → Export) and of a list or
the watchlist, in every header generation seen in the wild:

- before 2017: `"position","const","created","modified","description","Title",
  "Title type","Directors","You rated","IMDb Rating",…,"Year",…,"URL"`, every field
  quoted, dates like `Sat Dec 31 00:00:00 2016`, types like `Feature Film`;
- 2017 to 2023: `Const,Your Rating,Date Rated,Title,URL,Title Type,…` (some files say
  `Date Added`), types like `movie`, `tvSeries`;
- since 2024: an `Original Title` column, types like `Movie`, `TV Series`.

Dates come as ISO, `M/D/YYYY` or the older long forms; files in UTF-8 (with or
without a byte-order mark) or Latin-1. A rating of 1 to 10 becomes that many half stars
(IMDb 7 = 3½ stars). A row without a rating (a list or watchlist export) goes on
the watchlist when the file is the watchlist, else on a list named after the file.
TV series, episodes and games are reported as skipped: the catalogue holds films.
"""

from __future__ import annotations

import posixpath
import re

from cinematheque.members.imports.records import (
    ExportFormatError,
    Kind,
    ParsedRow,
    Record,
    csv_rows,
    decode_text,
    half_stars_from_ten,
    header_map,
    parse_date,
    parse_year,
)

IMDB_ID = re.compile(r"tt\d{5,10}")
RATING_COLUMNS = ("your rating", "you rated")
DATE_COLUMNS = ("date rated", "date added", "created")
TITLE_TYPE_COLUMNS = ("title type",)
# Title types that are not films, as each generation spells them (folded).
NOT_FILMS = {
    "tvseries",
    "tvminiseries",
    "mini-series",
    "tvmini-series",
    "tvepisode",
    "tvspecial",
    "tvshort",
    "videogame",
    "podcastseries",
    "podcastepisode",
    "musicvideo",
}


def parse_imdb(files: list[tuple[str, bytes]]) -> list[ParsedRow]:
    """Every row of IMDb CSV files (a zip of them is unpacked before)."""
    rows: list[ParsedRow] = []
    for name, raw in files:
        if not name.lower().endswith(".csv"):
            rows.append(ParsedRow(file=name, line=0).skip("Not a CSV file."))
            continue
        rows.extend(_parse_file(name, decode_text(raw)))
    return rows


def _parse_file(name: str, text: str) -> list[ParsedRow]:
    records = list(csv_rows(text))
    if not records:
        return []
    columns = header_map(records[0][1])
    if "const" not in columns or "title" not in columns:
        raise ExportFormatError(
            f"{name} is not an IMDb export: its first line has no 'Const' and "
            "'Title' columns."
        )
    stem = posixpath.splitext(posixpath.basename(name))[0]
    layout = _layout(columns, stem)
    rows = []
    for line, values in records[1:]:
        record = Record(columns, values)
        if record.is_blank():
            continue
        rows.append(_parse_row(name, line, record, layout=layout, stem=stem))
    return rows


RATINGS, WATCHLIST, LIST = "ratings", "watchlist", "list"


def _layout(columns: dict[str, int], stem: str) -> str:
    """What the file is: the watchlist (its name says so), a ratings export (a
    rating column, and no list position unless it is the pre-2017 ratings file,
    which had one) or another list."""
    if "watchlist" in stem.lower():
        return WATCHLIST
    has_rating = any(column in columns for column in RATING_COLUMNS)
    if has_rating and (
        "position" not in columns or "you rated" in columns or "rating" in stem.lower()
    ):
        return RATINGS
    return LIST


def _parse_row(  # noqa: PLR0911  # one return per outcome of a row
    name: str, line: int, record: Record, *, layout: str, stem: str
) -> ParsedRow:
    row = ParsedRow(file=name, line=line, title=record.get("title"))
    row.original_title = record.get("original title")
    const = record.get("const")
    if IMDB_ID.fullmatch(const):
        row.imdb_id = const
    elif not row.title:
        return row.reject(f"No IMDb id and no title ({const!r}).")
    title_type = record.get("title type").replace(" ", "").lower()
    if title_type in NOT_FILMS:
        return row.skip(f"A {record.get('title type')}, not a film.")
    try:
        row.year = parse_year(record.get("year"))
        rating = record.get(*RATING_COLUMNS)
        dated = record.get(*DATE_COLUMNS)
        if dated:
            row.data["dated"] = parse_date(dated).isoformat()
        if rating:
            row.data["rating"] = half_stars_from_ten(rating)
    except ValueError as error:
        return row.reject(f"{error}.")
    if layout == WATCHLIST:
        row.kind = Kind.WATCHLIST  # a rating there is the member's, kept in the row
        return row
    if layout == RATINGS:
        if not rating:  # a ratings export lists rated titles only
            return row.reject("No rating in a ratings export.")
        row.kind = Kind.RATING
        return row
    row.kind = Kind.LIST_ITEM
    position = record.get("position")
    row.data["list"] = {"key": stem, "name": stem.replace("-", " ").capitalize()}
    row.data["position"] = int(position) if position.isdigit() else line
    row.data["note"] = record.get("description")
    return row
