"""Import of the bundled open catalogue: the CC0 Wikidata film table that the PyPI
package `bokeh-sampledata` ships (`bokeh_sampledata.movies_data.movie_path`).

The file is SQLite with two tables joined on `ID`, the Wikidata item number (Heat, 1995,
is 42198, stored as `wikidata_id="Q42198"`): `omdb` (title, year, certification,
runtime, genres, release date, directors, writers, cast, Metacritic, IMDb rating,
languages, countries, awards) and `tomatoes` (Rotten Tomatoes scores, box office,
production companies).

How the source's quirks are handled (tests/ingest/ pins each one):

* Release dates: 11,468 of the 17,472 dates are 1 January, which in practice means
  that only the year is known. A date on 1 January is stored with
  `release_date_precision="year"` (a film really released on New Year's Day is
  recorded with year precision too); other dates keep day precision.
* Lists are comma-separated. A suffix that follows a comma ("Ed Begley, Jr.",
  "Terror, Inc.") belongs to the name before it and is joined back to it
  (`NAME_SUFFIXES`, `COMPANY_SUFFIXES`).
* People are identified by their exact name in this source, which has no person
  identifiers: two different people who share a name become one Person, and one person
  spelled two ways becomes two. Person slugs are `slugify(name)`, with -2, -3… on
  collision in the order people are first met.
* The cast is listed alphabetically, not in billing order. Credits are created in that
  order and `derived.py` then estimates the billing (`order_is_estimated=True`).
  Directors and writers keep the order in which the source lists them.
* Film slugs are `slugify(title)-year` (`heat-1995`); a film without a year gets
  `slugify(title)` alone. On collision the film with the lower Wikidata number keeps the
  plain slug and the next ones get -2, -3…; a film that exists keeps its slug on every
  later run, even if its title changes, so URLs stay stable. A title that slugifies to
  nothing (a title made only of symbols or of non-Latin script) uses "film" instead,
  e.g. "$" (1971) becomes `film-1971`: URLs stay ASCII, as Django's `slug` converter
  requires.
* Two films may share an IMDb id (Apocalypse Now and its Redux re-edit): both are kept,
  since they are distinct Wikidata items, and the later one is linked to the earlier one
  with a VERSION_OF FilmRelation.
* Empty values ('' or NULL) stay empty or NULL. Box office is in US dollars, rounded to
  whole dollars; the few implausibly small amounts in the source (e.g. 7.386 for
  "Wonder Woman", 2009) are kept as the source states them.
* A malformed row (no title, an implausible year, a non-numeric runtime or score, an
  unparseable date, a value too long for its column…) is rejected with its reason and
  skipped; the other rows are imported.

This module only reads and parses: each row becomes a `records.FilmRecord` (people
named, without ids) that the shared upsert (`upsert.py`) writes with every other
source's records, one transaction per batch, so an interrupted import leaves no
half-written film, and running it again completes it. Films are matched by their
Wikidata and IMDb ids, people of this table by exact name among its own people; a
second run writes nothing. Every value is kept with its provenance: a value another
source or an editor gave is shown as the operator's preference says, and rows that
another source owns (a credit or score whose `source` is not this one) are never
modified or deleted.
"""

from __future__ import annotations

import datetime
import math
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from cinematheque.catalogue import bulk
from cinematheque.catalogue.models import Film, FilmRelation, ReviewScore, Source
from cinematheque.ingest import records, upsert

SOURCE_KEY = "wikidata"
SOURCE_DEFAULTS: dict[str, Any] = {
    "name": "Wikidata film table (bokeh-sampledata)",
    "url": "https://www.wikidata.org/",
    "licence": "CC0 1.0",
    "licence_url": "https://creativecommons.org/publicdomain/zero/1.0/",
    "attribution": "Wikidata contributors, CC0",
}

NAME_SUFFIXES = frozenset(
    {"jr.", "jr", "sr.", "sr", "ii", "iii", "iv", "phd", "ph.d.", "m.d.", "esq.", "esq"}
)
COMPANY_SUFFIXES = frozenset(
    {"inc.", "inc", "ltd.", "ltd", "llc", "l.l.c.", "corp.", "co."}
)

DEFAULT_BATCH_SIZE = 1000
FIRST_FILM_YEAR = 1870  # matches the film_year_plausible constraint
MAX_RUNTIME = 10_000  # minutes; longer "runtimes" are data errors
ACTOR_JOB = "Actor"
DIRECTOR_JOB = "Director"
WRITER_JOB = "Writer"
_IMDB_ID = re.compile(r"^tt\d{7,10}$")

_SELECT = """
    SELECT o.ID AS id, o.imdbID AS imdb_id, o.Title AS title, o.Year AS year,
           o.Rating AS certification, o.Runtime AS runtime, o.Genre AS genres,
           o.Released AS released, o.Director AS directors, o.Writer AS writers,
           o."Cast" AS "cast", o.Metacritic AS metacritic,
           o.imdbRating AS imdb_rating, o.imdbVotes AS imdb_votes,
           o.Language AS languages, o.Country AS countries, o.Awards AS awards,
           o.Oscars AS oscars, o.lastUpdated AS last_updated,
           t.Rating AS rt_rating, t.Meter AS rt_meter, t.Reviews AS rt_reviews,
           t.Fresh AS rt_fresh, t.Rotten AS rt_rotten, t.userMeter AS rt_user_meter,
           t.userReviews AS rt_user_reviews, t.BoxOffice AS box_office,
           t.Production AS companies
    FROM omdb o LEFT JOIN tomatoes t ON t.ID = o.ID
    ORDER BY o.ID
"""


class SourceFileError(Exception):
    """The file is missing or lacks the omdb/tomatoes tables."""


class MalformedRow(ValueError):
    """A source row that cannot be imported; the message says why."""


@dataclass(frozen=True)
class ParsedScore:
    kind: str
    value: float
    scale: int
    review_count: int | None = None
    fresh_count: int | None = None
    rotten_count: int | None = None


@dataclass(frozen=True)
class ParsedFilm:
    number: int
    title: str
    year: int | None
    imdb_id: str
    release_date: datetime.date | None
    release_date_precision: str
    runtime: int | None
    certification: str
    box_office: int | None
    awards: str
    oscar_wins: int | None
    genres: tuple[str, ...]
    countries: tuple[str, ...]
    languages: tuple[str, ...]
    companies: tuple[str, ...]
    directors: tuple[str, ...]
    writers: tuple[str, ...]
    cast: tuple[str, ...]
    scores: tuple[ParsedScore, ...]

    @property
    def wikidata_id(self) -> str:
        return f"Q{self.number}"


ImportSummary = upsert.UpsertReport
BatchFailed = upsert.BatchFailed
slug_base = upsert.slug_base
film_slug_base = upsert.film_slug_base
unique_slug = upsert.unique_slug


# --- Reading and parsing -------------------------------------------------------------


def default_source_path() -> Path:
    """The SQLite file shipped by bokeh-sampledata."""
    from bokeh_sampledata.movies_data import movie_path

    return Path(movie_path)


def open_source(path: Path) -> sqlite3.Connection:
    """Open the table read-only; raise SourceFileError if it is not the film table."""
    if not path.is_file():
        raise SourceFileError(f"{path} does not exist or is not a file.")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        tables = {
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            )
        }
    except sqlite3.DatabaseError as error:
        raise SourceFileError(f"{path} is not an SQLite database: {error}") from error
    missing = {"omdb", "tomatoes"} - tables
    if missing:
        connection.close()
        raise SourceFileError(
            f"{path} lacks the table(s) {', '.join(sorted(missing))}: "
            "expected the bokeh-sampledata movies database."
        )
    connection.row_factory = sqlite3.Row
    return connection


def count_rows(connection: sqlite3.Connection, *, limit: int | None = None) -> int:
    (total,) = connection.execute("SELECT COUNT(*) FROM omdb").fetchone()
    return min(total, limit) if limit else total


def read_rows(
    connection: sqlite3.Connection, *, limit: int | None = None
) -> Iterator[Mapping[str, Any]]:
    """Source rows in Wikidata-number order, omdb joined with tomatoes."""
    cursor = connection.execute(_SELECT)
    for index, row in enumerate(cursor):
        if limit and index >= limit:
            break
        yield row


def source_retrieved_on(connection: sqlite3.Connection) -> datetime.date | None:
    """The latest `lastUpdated` of the table: when its data was taken from Wikidata."""
    dates = []
    for (value,) in connection.execute("SELECT DISTINCT lastUpdated FROM omdb"):
        try:
            dates.append(datetime.date.fromisoformat(str(value)))
        except ValueError:
            continue
    return max(dates, default=None)


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def split_list(value: object, *, suffixes: frozenset[str] = frozenset()) -> list[str]:
    """Split a comma-separated cell into distinct items, in source order.

    A token in `suffixes` ("Jr.", "Inc.") is joined back to the item before it, so
    "Ed Begley, Jr., Jane Doe" gives ["Ed Begley, Jr.", "Jane Doe"]. A suffix with
    nothing before it is dropped: it names no one.
    """
    items: list[str] = []
    for raw in _text(value).split(","):
        token = " ".join(raw.split())
        if not token:
            continue
        if token.lower() in suffixes:
            if items:
                items[-1] = f"{items[-1]}, {token}"
            continue
        items.append(token)
    return list(dict.fromkeys(items))


def split_names(value: object) -> list[str]:
    """People in a Cast/Director/Writer cell (see `split_list`)."""
    return split_list(value, suffixes=NAME_SUFFIXES)


def _number(value: object, what: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise MalformedRow(f"{what} {value!r} is not a number")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise MalformedRow(f"{what} {value!r} is not a number") from None
    if not math.isfinite(number):
        raise MalformedRow(f"{what} {value!r} is not a number")
    return number


def _bounded(
    value: object, what: str, *, low: float, high: float, integer: bool = False
) -> float | None:
    number = _number(value, what)
    if number is None:
        return None
    if integer and number != int(number):
        raise MalformedRow(f"{what} {value!r} is not a whole number")
    if not low <= number <= high:
        raise MalformedRow(f"{what} {value!r} is outside {low:g}-{high:g}")
    return number


def _count(value: object, what: str) -> int | None:
    number = _bounded(value, what, low=0, high=2**31 - 1, integer=True)
    return None if number is None else int(number)


def _limited(values: Sequence[str], what: str, max_length: int) -> tuple[str, ...]:
    for value in values:
        if len(value) > max_length:
            raise MalformedRow(
                f"{what} {value[:40]!r}… is over {max_length} characters"
            )
    return tuple(values)


def parse_year(value: object) -> int | None:
    """The film's year, None if empty; MalformedRow unless a plausible integer."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    latest = timezone.now().year + 10
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise MalformedRow(f"year {value!r} is not a number") from None
    if not math.isfinite(number) or number != int(number):
        raise MalformedRow(f"year {value!r} is not a whole number")
    if not FIRST_FILM_YEAR <= number <= latest:
        raise MalformedRow(
            f"year {value!r} is not between {FIRST_FILM_YEAR} and {latest}"
        )
    return int(number)


def parse_release_date(value: object) -> tuple[datetime.date | None, str]:
    """The release date and its precision: 1 January means only the year is known."""
    text = _text(value)
    if not text:
        return None, Film.DatePrecision.YEAR
    try:
        date = datetime.date.fromisoformat(text)
    except ValueError:
        raise MalformedRow(f"release date {text!r} is not a YYYY-MM-DD date") from None
    if date.year < FIRST_FILM_YEAR:
        raise MalformedRow(f"release date {text!r} is before {FIRST_FILM_YEAR}")
    if (date.month, date.day) == (1, 1):
        return date, Film.DatePrecision.YEAR
    return date, Film.DatePrecision.DAY


def parse_scores(row: Mapping[str, Any]) -> tuple[ParsedScore, ...]:
    """Review scores present in the row; a missing value means no score of that kind."""
    kind = ReviewScore.Kind
    reviews = _count(row["rt_reviews"], "Rotten Tomatoes review count")
    scores = []
    meter = _bounded(row["rt_meter"], "Tomatometer", low=0, high=100)
    if meter is not None:
        scores.append(
            ParsedScore(
                kind=kind.TOMATOMETER,
                value=meter,
                scale=100,
                review_count=reviews,
                fresh_count=_count(row["rt_fresh"], "fresh review count"),
                rotten_count=_count(row["rt_rotten"], "rotten review count"),
            )
        )
    average = _bounded(row["rt_rating"], "Rotten Tomatoes average", low=0, high=10)
    if average is not None:
        scores.append(
            ParsedScore(
                kind=kind.RT_AVERAGE, value=average, scale=10, review_count=reviews
            )
        )
    audience = _bounded(row["rt_user_meter"], "audience score", low=0, high=100)
    if audience is not None:
        scores.append(
            ParsedScore(
                kind=kind.RT_AUDIENCE,
                value=audience,
                scale=100,
                review_count=_count(row["rt_user_reviews"], "audience review count"),
            )
        )
    metascore = _bounded(row["metacritic"], "Metacritic score", low=0, high=100)
    if metascore is not None:
        scores.append(ParsedScore(kind=kind.METACRITIC, value=metascore, scale=100))
    imdb = _bounded(row["imdb_rating"], "IMDb rating", low=0, high=10)
    if imdb is not None:
        scores.append(
            ParsedScore(
                kind=kind.IMDB,
                value=imdb,
                scale=10,
                review_count=_count(row["imdb_votes"], "IMDb vote count"),
            )
        )
    return tuple(scores)


def parse_row(row: Mapping[str, Any]) -> ParsedFilm:
    """Validate and normalise one joined source row; raise MalformedRow with the reason."""
    raw_id = row["id"]
    try:
        number = int(raw_id)
    except (TypeError, ValueError):
        raise MalformedRow(f"ID {raw_id!r} is not a Wikidata item number") from None
    if number <= 0 or str(raw_id).strip() not in {str(number), f"{number}.0"}:
        raise MalformedRow(f"ID {raw_id!r} is not a Wikidata item number")
    title = " ".join(_text(row["title"]).split())
    if not title:
        raise MalformedRow("no title")
    if len(title) > 500:
        raise MalformedRow("title is over 500 characters")
    year = parse_year(row["year"])
    imdb_id = _text(row["imdb_id"])
    if imdb_id and not _IMDB_ID.match(imdb_id):
        raise MalformedRow(f"imdbID {imdb_id!r} is not an IMDb title id")
    certification = _text(row["certification"])
    if len(certification) > 20:
        raise MalformedRow(f"certification {certification[:40]!r} is too long")
    runtime = _number(row["runtime"], "runtime")
    if runtime is not None and not 0 < runtime <= MAX_RUNTIME:
        raise MalformedRow(f"runtime {row['runtime']!r} is not a number of minutes")
    box_office = _bounded(row["box_office"], "box office", low=0, high=1e13)
    release_date, precision = parse_release_date(row["released"])
    awards = _text(row["awards"])
    if len(awards) > 300:
        raise MalformedRow("awards text is over 300 characters")
    oscars = _count(row["oscars"], "Oscars")
    return ParsedFilm(
        number=number,
        title=title,
        year=year,
        imdb_id=imdb_id,
        release_date=release_date,
        release_date_precision=precision,
        runtime=None if runtime is None else max(1, round(runtime)),
        certification=certification,
        box_office=None if box_office is None else round(box_office),
        awards=awards,
        oscar_wins=oscars,
        genres=_limited(split_list(row["genres"]), "genre", 200),
        countries=_limited(split_list(row["countries"]), "country", 200),
        languages=_limited(split_list(row["languages"]), "language", 200),
        companies=_limited(
            split_list(row["companies"], suffixes=COMPANY_SUFFIXES), "company", 200
        ),
        directors=_limited(split_names(row["directors"]), "director name", 300),
        writers=_limited(split_names(row["writers"]), "writer name", 300),
        cast=_limited(split_names(row["cast"]), "cast name", 300),
        scores=parse_scores(row),
    )


# --- Records --------------------------------------------------------------------------


def film_record(parsed: ParsedFilm) -> records.FilmRecord:
    """The normalised record of a parsed row. People have no ids in this table: they
    are named, and the cast is alphabetical, so its billing is left to be estimated
    (no `order`); directors and writers keep the order the table lists them in."""
    ids = [records.ExternalId.wikidata(parsed.wikidata_id)]
    if parsed.imdb_id:
        ids.append(records.ExternalId.imdb(parsed.imdb_id))
    department = records.Department
    credits = [
        records.CreditRecord(
            person=records.PersonRecord(ids=(), name=name),
            department=dept,
            job=job,
            order=None if dept == department.ACTING else order,
        )
        for names, dept, job in (
            (parsed.directors, department.DIRECTING, DIRECTOR_JOB),
            (parsed.writers, department.WRITING, WRITER_JOB),
            (parsed.cast, department.ACTING, ACTOR_JOB),
        )
        for order, name in enumerate(names)
    ]
    release = (
        (
            records.ReleaseDate(
                parsed.release_date,
                precision=records.DatePrecision(parsed.release_date_precision),
            ),
        )
        if parsed.release_date
        else ()
    )
    return records.FilmRecord(
        ids=tuple(ids),
        title=parsed.title,
        year=parsed.year,
        runtime=parsed.runtime,
        release_dates=release,
        certifications=(records.Certification("US", parsed.certification),)
        if parsed.certification
        else (),
        box_office=None
        if parsed.box_office is None
        else records.Money(parsed.box_office, "USD"),
        awards=parsed.awards or None,
        oscar_wins=parsed.oscar_wins,
        genres=parsed.genres,
        countries=parsed.countries,
        languages=parsed.languages,
        companies=parsed.companies,
        review_scores=tuple(
            records.ReviewScore(
                kind=records.ScoreKind(score.kind),
                value=score.value,
                scale=score.scale,
                review_count=score.review_count,
                fresh_count=score.fresh_count,
                rotten_count=score.rotten_count,
            )
            for score in parsed.scores
        ),
        credits=tuple(credits),
    )


def film_items(
    rows: Iterable[Mapping[str, Any]],
) -> Iterator[records.FilmRecord | upsert.Rejected]:
    """The table's rows as records, one at a time; a malformed row is a `Rejected`
    with its reason."""
    seen: set[int] = set()
    for row in rows:
        row_id = _text(row["id"]) or "?"
        try:
            parsed = parse_row(row)
            if parsed.number in seen:
                raise MalformedRow(f"ID {parsed.number} appears twice")
            record = film_record(parsed)
        except (MalformedRow, records.InvalidRecord) as error:
            yield upsert.Rejected(row_id, str(error))
            continue
        seen.add(parsed.number)
        yield record


def source_upsert(*, retrieved_on: datetime.date | None) -> Source:
    """The Source row of the bundled table, created or brought up to date."""
    source, created = Source.objects.get_or_create(
        key=SOURCE_KEY, defaults={**SOURCE_DEFAULTS, "retrieved_on": retrieved_on}
    )
    wanted = {**SOURCE_DEFAULTS, "retrieved_on": retrieved_on or source.retrieved_on}
    changed = [name for name, value in wanted.items() if getattr(source, name) != value]
    if not created and changed:
        for name in changed:
            setattr(source, name, wanted[name])
        source.save(update_fields=changed)
    return source


def version_relations_sync(*, source: Source, summary: ImportSummary) -> None:
    """Link films of this source that share an IMDb id: each later one (by year, then
    Wikidata number) is VERSION_OF the earliest. Stale links of this source go."""
    shared = (
        Film.objects.filter(source=source)
        .exclude(imdb_id="")
        .values("imdb_id")
        .annotate(n=models.Count("pk"))
        .filter(n__gt=1)
        .values_list("imdb_id", flat=True)
    )
    groups: dict[str, list[tuple[int, int, int]]] = {}
    for pk, imdb_id, year, wikidata_id in Film.objects.filter(
        source=source, imdb_id__in=list(shared)
    ).values_list("pk", "imdb_id", "year", "wikidata_id"):
        number = int(wikidata_id[1:]) if wikidata_id else 0
        groups.setdefault(imdb_id, []).append((year or 0, number, pk))
    wanted: set[tuple[int, int]] = set()
    for films in groups.values():
        earliest, *later = sorted(films)
        wanted.update((film[2], earliest[2]) for film in later)
    kind = FilmRelation.Kind.VERSION_OF
    current = {
        (from_id, to_id): pk
        for pk, from_id, to_id in FilmRelation.objects.filter(
            kind=kind, source=source
        ).values_list("pk", "from_film_id", "to_film_id")
    }
    others = set(
        FilmRelation.objects.filter(kind=kind)
        .exclude(source=source)
        .values_list("from_film_id", "to_film_id")
    )
    new = [
        FilmRelation(
            from_film_id=from_id,
            to_film_id=to_id,
            kind=kind,
            note="Shares its IMDb id with the other film.",
            source=source,
        )
        for from_id, to_id in sorted(wanted - current.keys() - others)
    ]
    FilmRelation.objects.bulk_create(new)
    stale = [pk for key, pk in current.items() if key not in wanted]
    bulk.delete_ids(FilmRelation, stale)
    summary.relations_created += len(new)
    summary.relations_deleted += len(stale)


def run_import(
    *,
    path: Path | None = None,
    limit: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_rows: Callable[[int], None] | None = None,
    on_reject: Callable[[str, str], None] | None = None,
    resume: bool = False,
) -> tuple[Source, ImportSummary]:
    """Stream the table's rows as records into the shared upsert (one transaction
    per batch), then sync VERSION_OF relations. `on_rows(n)` is called after each
    batch with the number of source rows it covered; `on_reject(row_id, reason)` for
    each skipped row; `resume` continues an interrupted run after the rows it
    committed (rows are read in the same order every time)."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    connection = open_source(path or default_source_path())
    try:
        retrieved_on = source_retrieved_on(connection)
        source = source_upsert(retrieved_on=retrieved_on)
        run, skip = upsert.import_run_begin(source_key=SOURCE_KEY, resume=resume)
        summary = upsert.upsert_stream(
            film_items(read_rows(connection, limit=limit)),
            source=source,
            batch_size=batch_size,
            retrieved_at=_midnight(retrieved_on),
            on_progress=on_rows,
            on_reject=on_reject,
            skip=skip,
            run=run,
        )
    finally:
        connection.close()
    with transaction.atomic():
        version_relations_sync(source=source, summary=summary)
    return source, summary


def _midnight(day: datetime.date | None) -> datetime.datetime | None:
    """The retrieval time of the table's values: the day it was taken from Wikidata
    (the same on every run, so that a re-import writes nothing)."""
    if day is None:
        return None
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
