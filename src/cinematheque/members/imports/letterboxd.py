"""Letterboxd's account export (Settings → Import & export → Export your data): the
zip as downloaded, or any of its CSV files.

What each file becomes (tests/fixtures/letterboxd/README.md has the real examples):

- `ratings.csv` `Date,Name,Year,Letterboxd URI,Rating`: the member's rating of the
  film ("0.5"…"5" → 1…10 half stars), which wins over ratings in the diary.
- `watched.csv` `Date,Name,Year,Letterboxd URI`: each film seen, once.
- `watchlist.csv`: the watchlist.
- `diary.csv` adds `Rating,Rewatch,Tags,Watched Date`: one diary entry per row
  (viewings come from here, not from watched.csv). Its URI names the log entry.
- `reviews.csv` adds `Review` (HTML, may span lines): joined to its diary row by the
  log entry's URI; a review of an entry without a date is a review only.
- `lists/*.csv`: `Letterboxd list export v7` (older exports: a blank line), the list's
  `Date,Name,Tags,URL,Description`, a blank line, then `Position,Name,Year,URL,
  Description`: a list named like the file, in that order, with each note.
- `likes/films.csv`: liking a film on Letterboxd marks it watched, so it does here.
  `likes/reviews.csv`, `likes/lists.csv`: likes of other people's reviews and
  lists on Letterboxd, which are not here: reported as skipped.
- `deleted/…`: what the member deleted on Letterboxd: reported as skipped.
- `orphaned/…`: entries whose film Letterboxd no longer has: imported like the
  file of the same name, since the catalogue here may well have the film.
- `profile.csv`, `comments.csv` and anything else: reported as a skipped file.

A CSV in Letterboxd's *import* format (`Title,Year,imdbID,tmdbID,WatchedDate,Rating10,
Rewatch,Tags,Review`, which `members/export.py` writes) is read too: a row with a
WatchedDate is a diary entry, else a rating, else a review, else a watched film.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Callable

from cinematheque.members.imports.html_text import html_to_markdown
from cinematheque.members.imports.matching import title_key
from cinematheque.members.imports.records import (
    ExportFormatError,
    Kind,
    ParsedRow,
    Record,
    csv_rows,
    decode_text,
    half_stars_from_stars,
    half_stars_from_ten,
    header_map,
    parse_date,
    parse_year,
    split_tags,
)

LIST_MARKER = "letterboxd list export"
# Columns only Letterboxd's import format has (export files say Name, not Title).
IMPORT_FORMAT_COLUMNS = {"imdbid", "tmdbid", "rating10", "watcheddate", "letterboxduri"}
TMDB_ID = re.compile(r"^\d{1,9}$")
IMDB_ID = re.compile(r"^tt\d{5,10}$")


def parse_letterboxd(files: list[tuple[str, bytes]]) -> list[ParsedRow]:
    """Every row of the export's files, in file order, ready to be matched (or
    already rejected or skipped, with the reason)."""
    rows: list[ParsedRow] = []
    reviews: list[ParsedRow] = []
    for name, raw in files:
        path = _export_path(name, [other for other, _ in files])
        text = decode_text(raw)
        parse = _parser_for(path, text)
        if parse is None:
            rows.append(
                ParsedRow(file=path, line=0).skip(
                    "Not part of the history imported here (profile, comments, or an "
                    "unknown file)."
                )
            )
            continue
        parsed = parse(path, text)
        if _top_folder(path) == "deleted":
            for row in parsed:
                if not row.status:
                    row.skip("Deleted on Letterboxd.")
        target = reviews if _is_reviews(path, text) else rows
        target.extend(parsed)
    rows = _join_reviews(rows, reviews)
    _number_viewings(rows)
    return rows


def _export_path(name: str, names: list[str]) -> str:
    """The path inside the export, without a folder that holds every file (an
    export unzipped and zipped again)."""
    path = name.replace("\\", "/").lstrip("/")
    parts = path.split("/")
    tops = {other.replace("\\", "/").lstrip("/").split("/")[0] for other in names}
    known = {"lists", "likes", "deleted", "orphaned"}
    if len(parts) > 1 and len(tops) == 1 and parts[0] not in known:
        return "/".join(parts[1:])
    return path


def _top_folder(path: str) -> str:
    return path.split("/", maxsplit=1)[0] if "/" in path else ""


def _is_reviews(path: str, text: str) -> bool:
    header = text.split("\n", 1)[0].lower()
    return posixpath.basename(path) == "reviews.csv" or (
        "review" in header and "letterboxd uri" in header
    )


Parser = Callable[[str, str], list[ParsedRow]]


def _parser_for(path: str, text: str) -> Parser | None:  # noqa: PLR0911  # one per file kind
    base = posixpath.basename(path).lower()
    folder = _top_folder(path)
    first_line = text.lstrip("\ufeff").split("\n", 1)[0].strip().lower()
    if not base.endswith(".csv"):
        return None
    if folder == "likes":
        return _parse_film_likes if base == "films.csv" else _parse_other_likes
    if "lists" in path.split("/")[:-1] or first_line.startswith(LIST_MARKER):
        return _parse_list
    if not first_line:
        # Older list exports start with a blank line instead of the marker.
        return _parse_list if "position" in text.lower() else None
    columns = header_map(first_line.split(","))
    if IMPORT_FORMAT_COLUMNS & columns.keys() or {"title", "year"} <= columns.keys():
        return _parse_import_watchlist if "watchlist" in base else _parse_import_format
    if "letterboxd uri" not in columns or "name" not in columns:
        return None
    if "review" in columns or "watched date" in columns:
        return _parse_diary
    if "rating" in columns:
        return _parse_ratings
    if "watchlist" in base:
        return _parse_watchlist
    return _parse_watched


def _records(path: str, text: str, *, skip: int = 0) -> list[tuple[int, Record]]:
    rows = list(csv_rows(text))[skip:]
    if not rows:
        return []
    columns = header_map(rows[0][1])
    return [
        (line, Record(columns, values))
        for line, values in rows[1:]
        if not Record(columns, values).is_blank()
    ]


def _film_row(path: str, line: int, record: Record, kind: str) -> ParsedRow:
    """The film columns every file has: Name, Year, Letterboxd URI."""
    row = ParsedRow(file=path, line=line, kind=kind, uri=record.get("letterboxd uri"))
    row.title = record.get("name", "title")
    if not row.title:
        return row.reject("No film title.")
    try:
        row.year = parse_year(record.get("year"))
    except ValueError as error:
        return row.reject(f"{error}.")
    return row


def _parse_ratings(path: str, text: str) -> list[ParsedRow]:
    rows = []
    for line, record in _records(path, text):
        row = _film_row(path, line, record, Kind.RATING)
        if not row.status:
            try:
                row.data["rating"] = half_stars_from_stars(record.get("rating"))
            except ValueError as error:
                row.reject(f"{error}.")
        rows.append(row)
    return rows


def _parse_watched(path: str, text: str) -> list[ParsedRow]:
    return [
        _film_row(path, line, record, Kind.WATCHED)
        for line, record in _records(path, text)
    ]


def _parse_watchlist(path: str, text: str) -> list[ParsedRow]:
    return [
        _film_row(path, line, record, Kind.WATCHLIST)
        for line, record in _records(path, text)
    ]


def _parse_film_likes(path: str, text: str) -> list[ParsedRow]:
    return _parse_watched(path, text)


def _parse_other_likes(path: str, text: str) -> list[ParsedRow]:
    rows = []
    for line, record in _records(path, text):
        row = ParsedRow(file=path, line=line, title=record.get("name", "title"))
        rows.append(
            row.skip("A like of someone's review or list on Letterboxd, not here.")
        )
    return rows


def _parse_diary(path: str, text: str) -> list[ParsedRow]:
    """diary.csv and reviews.csv rows: a viewing with its date, or (a review of an
    entry with no date) a review only."""
    rows = []
    for line, record in _records(path, text):
        row = _film_row(path, line, record, Kind.DIARY)
        if row.status:
            rows.append(row)
            continue
        _read_viewing(row, record)
        rows.append(row)
    return rows


def _read_viewing(row: ParsedRow, record: Record) -> None:
    watched = record.get("watched date", "watcheddate")
    review = record.get("review")
    try:
        if record.get("rating10"):
            row.data["rating"] = half_stars_from_ten(record.get("rating10"))
        elif record.get("rating"):
            row.data["rating"] = half_stars_from_stars(record.get("rating"))
        if watched:
            row.data["watched_on"] = parse_date(watched).isoformat()
    except ValueError as error:
        row.reject(f"{error}.")
        return
    row.data["rewatch"] = record.get("rewatch").lower() in {"yes", "true", "1"}
    row.data["tags"] = split_tags(record.get("tags"))
    if review:
        row.data["review"] = html_to_markdown(review)
    if not watched:  # no viewing to log: what the row still says
        if "rating" in row.data:
            row.kind = Kind.RATING
        else:
            row.kind = Kind.REVIEW if review else Kind.WATCHED


def _parse_import_format(path: str, text: str) -> list[ParsedRow]:
    """Letterboxd's import columns (Title, Year, imdbID, tmdbID, WatchedDate,
    Rating10 or Rating, Rewatch, Tags, Review), as other tools and our export write."""
    rows = []
    for line, record in _records(path, text):
        row = _film_row(path, line, record, Kind.DIARY)
        imdb_id, tmdb_id = record.get("imdbid"), record.get("tmdbid")
        if IMDB_ID.match(imdb_id):
            row.imdb_id = imdb_id
        if TMDB_ID.match(tmdb_id):
            row.tmdb_id = int(tmdb_id)
        if not record.get("title", "name") and (row.imdb_id or row.tmdb_id):
            row.status, row.reason = "", ""  # an id is enough to match
        if row.status:
            rows.append(row)
            continue
        _read_viewing(row, record)
        rows.append(row)
    return rows


def _parse_import_watchlist(path: str, text: str) -> list[ParsedRow]:
    rows = _parse_import_format(path, text)
    for row in rows:
        if not row.status:
            row.kind = Kind.WATCHLIST
    return rows


def _parse_list(path: str, text: str) -> list[ParsedRow]:
    """A list file: a marker or blank line, the list's own row, a blank line, then
    its films. The list is named after its own row, and keyed by the file's name."""
    records = list(csv_rows(text))
    header_at = next(
        (
            index
            for index, (_, values) in enumerate(records)
            if [value.strip().lower() for value in values[:2]] == ["position", "name"]
        ),
        None,
    )
    if header_at is None:
        raise ExportFormatError(
            f"{path}: a Letterboxd list has a 'Position,Name,Year,URL,Description' "
            "header, and this file has none."
        )
    meta = _list_meta(records[:header_at], path)
    columns = header_map(records[header_at][1])
    rows = []
    for line, values in records[header_at + 1 :]:
        record = Record(columns, values)
        if record.is_blank():
            continue
        row = _film_row(path, line, record, Kind.LIST_ITEM)
        row.uri = record.get("url")
        imdb_id = record.get("imdbid")
        if IMDB_ID.match(imdb_id):
            row.imdb_id = imdb_id
        if TMDB_ID.match(record.get("tmdbid")):
            row.tmdb_id = int(record.get("tmdbid"))
        position = record.get("position")
        row.data["list"] = meta
        row.data["position"] = int(position) if position.isdigit() else line
        row.data["note"] = html_to_markdown(record.get("description"))
        rows.append(row)
    return rows


def _list_meta(lines: list[tuple[int, list[str]]], path: str) -> dict[str, str]:
    """The list's own row (`Date,Name,Tags,URL,Description`)."""
    stem = posixpath.splitext(posixpath.basename(path))[0]
    meta = {"key": stem, "name": stem.replace("-", " ").capitalize()}
    header: dict[str, int] | None = None
    for _, values in lines:
        if not any(value.strip() for value in values):
            continue
        if values[0].strip().lower().startswith(LIST_MARKER):
            continue
        if header is None:
            header = header_map(values)
            continue
        record = Record(header, values)
        meta["name"] = record.get("name") or meta["name"]
        meta["description"] = html_to_markdown(record.get("description"))
        meta["tags"] = record.get("tags")
        meta["url"] = record.get("url")
        break
    return meta


def _join_reviews(rows: list[ParsedRow], reviews: list[ParsedRow]) -> list[ParsedRow]:
    """reviews.csv repeats its diary rows (same log-entry URI) with the Review: the
    review joins that diary row; a review without a diary row stays a row."""
    by_uri = {row.uri: row for row in rows if row.kind == Kind.DIARY and row.uri}
    for review in reviews:
        diary = by_uri.get(review.uri) if review.uri else None
        if diary is not None and not diary.status and "review" in review.data:
            diary.data["review"] = review.data["review"]
            diary.data["review_line"] = f"{review.file}:{review.line}"
            if not diary.data.get("rating") and review.data.get("rating"):
                diary.data["rating"] = review.data["rating"]
        else:
            rows.append(review)
    return rows


def _number_viewings(rows: list[ParsedRow]) -> None:
    """Two viewings of one film on one day are two diary entries: each diary row
    knows it is the n-th of its film and day, so importing the file again adds
    nothing. The latest rated viewing of a film gives its rating when no ratings.csv
    row does."""
    seen: dict[tuple[str, int | None, str], int] = defaultdict(int)
    rated = {
        (title_key(row.title), row.year)
        for row in rows
        if row.kind == Kind.RATING and not row.status
    }
    latest: dict[tuple[str, int | None], ParsedRow] = {}
    for row in rows:
        if row.status or row.kind != Kind.DIARY:
            continue
        key = (title_key(row.title), row.year, row.data["watched_on"])
        seen[key] += 1
        row.data["occurrence"] = seen[key]
        film = key[:2]
        if row.data.get("rating") and film not in rated:
            current = latest.get(film)
            if current is None or current.data["watched_on"] <= row.data["watched_on"]:
                latest[film] = row
    for row in latest.values():
        row.data["sets_rating"] = True
