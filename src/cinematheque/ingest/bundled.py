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

Each batch of films is written in one transaction with all its credits, genres,
countries, languages, companies and scores, so an interrupted import leaves no
half-written film, and running it again completes it. Existing rows are matched by
natural keys (Wikidata id, name, (film, person, department, job), (film, kind)), so a
second run creates nothing and updates only what changed. Rows that another source owns
(a credit or score whose `source` is not this one) are never modified or deleted; a film
that another source created with the same Wikidata id gets this table's credits, scores
and genres added, but keeps its own fields.
"""

from __future__ import annotations

import datetime
import math
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from cinematheque.catalogue import bulk
from cinematheque.catalogue.models import (
    Company,
    Country,
    Film,
    FilmRelation,
    Genre,
    Language,
    ReviewScore,
    Source,
)
from cinematheque.people.models import Credit, Person

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
_SLUG_ROOM = 240  # SlugField max_length 255 minus room for "-<year>-<n>"
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


@dataclass
class ImportSummary:
    """What one run did; `rejected` holds (row id, reason) for every skipped row."""

    rows_read: int = 0
    films_created: int = 0
    films_updated: int = 0
    films_unchanged: int = 0
    people_created: int = 0
    credits_created: int = 0
    credits_updated: int = 0
    credits_deleted: int = 0
    scores_created: int = 0
    scores_updated: int = 0
    scores_deleted: int = 0
    relations_created: int = 0
    relations_deleted: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return any(
            getattr(self, name) > 0
            for name in self.__dataclass_fields__
            if name.endswith(("_created", "_updated", "_deleted"))
        )


class BatchFailed(Exception):
    """A batch could not be written; the batches before it are saved."""

    def __init__(self, *, batch: int, first_id: str, last_id: str, error: Exception):
        super().__init__(
            f"batch {batch} (rows {first_id}-{last_id}) failed: {error!r}. "
            "The batches before it are saved; run the import again to complete it."
        )
        self.batch = batch
        self.error = error


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


# --- Slugs ---------------------------------------------------------------------------


def unique_slug(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`… whichever is free; the result is added to `taken`."""
    slug, suffix = base, 2
    while slug in taken:
        slug = f"{base}-{suffix}"
        suffix += 1
    taken.add(slug)
    return slug


def slug_base(text: str, fallback: str) -> str:
    return slugify(text)[:_SLUG_ROOM].strip("-") or fallback


def film_slug_base(title: str, year: int | None) -> str:
    """`slugify(title)-year`; "film" stands in for a title with no Latin letters."""
    base = slug_base(title, "film")
    return f"{base}-{year}" if year else base


# --- Writing -------------------------------------------------------------------------

_FILM_FIELDS = (
    "title",
    "year",
    "imdb_id",
    "release_date",
    "release_date_precision",
    "runtime",
    "certification",
    "certification_country",
    "box_office",
    "box_office_currency",
    "awards",
    "oscar_wins",
    "source_id",
)
_SCORE_FIELDS = ("value", "scale", "review_count", "fresh_count", "rotten_count")
_M2M = (
    ("genres", Genre),
    ("countries", Country),
    ("languages", Language),
    ("companies", Company),
)


def _film_values(parsed: ParsedFilm, source: Source) -> dict[str, Any]:
    return {
        "title": parsed.title,
        "year": parsed.year,
        "imdb_id": parsed.imdb_id,
        "release_date": parsed.release_date,
        "release_date_precision": parsed.release_date_precision,
        "runtime": parsed.runtime,
        "certification": parsed.certification,
        "certification_country": "US" if parsed.certification else "",
        "box_office": parsed.box_office,
        "box_office_currency": "USD",
        "awards": parsed.awards,
        "oscar_wins": parsed.oscar_wins,
        "source_id": source.pk,
    }


@dataclass
class _KnownFilm:
    pk: int
    values: dict[str, Any]


class OpenCatalogueImporter:
    """Upserts parsed films batch by batch; build one per run (its caches mirror the
    database as of the last committed batch, and it must be dropped if a batch fails)."""

    def __init__(self, *, source: Source, summary: ImportSummary) -> None:
        self.source = source
        self.summary = summary
        self.films: dict[str, _KnownFilm] = {
            row["wikidata_id"]: _KnownFilm(
                pk=row["pk"], values={name: row[name] for name in _FILM_FIELDS}
            )
            for row in Film.objects.filter(wikidata_id__isnull=False).values(
                "pk", "wikidata_id", *_FILM_FIELDS
            )
        }
        self.film_slugs: set[str] = set(Film.objects.values_list("slug", flat=True))
        self.named: dict[type[models.Model], dict[str, int]] = {}
        self.named_slugs: dict[type[models.Model], set[str]] = {}
        for _, model in _M2M:
            rows = list(model._default_manager.values_list("pk", "name", "slug"))
            self.named[model] = {name: pk for pk, name, _ in rows}
            self.named_slugs[model] = {slug for _, _, slug in rows}
        # People of this source, by exact name (the source has no person ids).
        self.people: dict[str, int] = {}
        for pk, name in (
            Person.objects.filter(source=source)
            .order_by("pk")
            .values_list("pk", "name")
        ):
            self.people.setdefault(name, pk)
        self.person_slugs: set[str] = set(Person.objects.values_list("slug", flat=True))
        self.foreign_films: set[int] = set()

    def write_batch(self, batch: Sequence[ParsedFilm]) -> None:
        """Write one batch of films with everything that hangs off them.

        Call inside the batch's transaction; on error the caller drops this importer.
        """
        for name, model in _M2M:
            self._ensure_named(
                model, {v for film in batch for v in getattr(film, name)}
            )
        self._ensure_people(
            {n for f in batch for n in (*f.directors, *f.writers, *f.cast)}
        )
        film_ids, existing_ids = self._write_films(batch)
        for name, model in _M2M:
            self._write_m2m(name, model, batch, film_ids, existing_ids)
        self._write_credits(batch, film_ids, existing_ids)
        self._write_scores(batch, film_ids, existing_ids)

    def _ensure_named(self, model: type[models.Model], names: set[str]) -> None:
        known = self.named[model]
        missing = sorted(names - known.keys())
        if not missing:
            return
        fallback = model._meta.model_name or "item"
        taken = self.named_slugs[model]
        created = model._default_manager.bulk_create(
            [
                model(name=name, slug=unique_slug(slug_base(name, fallback), taken))
                for name in missing
            ]
        )
        known.update({obj.name: obj.pk for obj in created})  # type: ignore[attr-defined]

    def _ensure_people(self, names: set[str]) -> None:
        missing = sorted(names - self.people.keys())
        if not missing:
            return
        before = Person.objects.aggregate(last=models.Max("pk"))["last"] or 0
        bulk.insert_rows(
            Person,
            ("name", "slug", "imdb_id", "prominence", "source"),
            [
                (
                    name,
                    unique_slug(slug_base(name, "person"), self.person_slugs),
                    "",
                    0.0,
                    self.source.pk,
                )
                for name in missing
            ],
        )
        wanted = set(missing)
        for pk, name in Person.objects.filter(
            pk__gt=before, source=self.source
        ).values_list("pk", "name"):
            if name in wanted:
                self.people[name] = pk
        self.summary.people_created += len(missing)

    def _write_films(
        self, batch: Sequence[ParsedFilm]
    ) -> tuple[dict[int, int], set[int]]:
        film_ids: dict[int, int] = {}
        existing_ids: set[int] = set()
        new: dict[str, tuple[Any, ...]] = {}
        changed: list[tuple[Any, ...]] = []
        now = timezone.now()
        for parsed in batch:
            values = _film_values(parsed, self.source)
            known = self.films.get(parsed.wikidata_id)
            if known is None:
                slug = unique_slug(
                    film_slug_base(parsed.title, parsed.year), self.film_slugs
                )
                new[parsed.wikidata_id] = (
                    parsed.wikidata_id,
                    slug,
                    *(values[name] for name in _FILM_FIELDS),
                )
                self.films[parsed.wikidata_id] = _KnownFilm(pk=0, values=values)
                continue
            film_ids[parsed.number] = known.pk
            existing_ids.add(known.pk)
            if known.values["source_id"] != self.source.pk:
                # Another source created this film: link to it, leave its fields.
                self.foreign_films.add(known.pk)
                self.summary.films_unchanged += 1
            elif values != known.values:
                changed.append(
                    (*(values[name] for name in _FILM_FIELDS), now, known.pk)
                )
                known.values = values
            else:
                self.summary.films_unchanged += 1
        bulk.insert_rows(
            Film, ("wikidata_id", "slug", *_FILM_FIELDS), list(new.values())
        )
        for chunk in bulk.chunks(list(new), bulk.IN_CHUNK):
            for wikidata_id, pk in Film.objects.filter(
                wikidata_id__in=chunk
            ).values_list("wikidata_id", "pk"):
                qid = str(wikidata_id)  # the filter above excludes a missing id
                self.films[qid].pk = pk
                film_ids[int(qid[1:])] = pk
        bulk.update_rows(Film, (*_FILM_FIELDS, "updated_at"), changed)
        self.summary.films_created += len(new)
        self.summary.films_updated += len(changed)
        return film_ids, existing_ids

    def _write_m2m(
        self,
        name: str,
        model: type[models.Model],
        batch: Sequence[ParsedFilm],
        film_ids: Mapping[int, int],
        existing_ids: set[int],
    ) -> None:
        through = getattr(Film, name).through
        model_name = str(model._meta.model_name)
        target = f"{model_name}_id"
        known = self.named[model]
        wanted = {
            (film_ids[film.number], known[value])
            for film in batch
            for value in getattr(film, name)
        }
        current: dict[tuple[int, int], int] = {}
        for chunk in bulk.chunks(sorted(existing_ids), bulk.IN_CHUNK):
            for pk, film_id, value_id in through.objects.filter(
                film_id__in=chunk
            ).values_list("pk", "film_id", target):
                current[(film_id, value_id)] = pk
        bulk.insert_rows(through, ("film", model_name), sorted(wanted - current.keys()))
        # Genres and the like of a film another source created are only added to.
        bulk.delete_ids(
            through,
            [
                pk
                for key, pk in current.items()
                if key not in wanted and key[0] not in self.foreign_films
            ],
        )

    def _wanted_credits(
        self, batch: Sequence[ParsedFilm], film_ids: Mapping[int, int]
    ) -> dict[tuple[int, int, str, str], int]:
        """(film, person, department, job) → order as the source lists them."""
        department = Credit.Department
        wanted: dict[tuple[int, int, str, str], int] = {}
        for film in batch:
            film_id = film_ids[film.number]
            for names, dept, job in (
                (film.directors, department.DIRECTING, DIRECTOR_JOB),
                (film.writers, department.WRITING, WRITER_JOB),
                (film.cast, department.ACTING, ACTOR_JOB),
            ):
                for order, name in enumerate(names):
                    wanted[(film_id, self.people[name], dept, job)] = order
        return wanted

    def _write_credits(
        self,
        batch: Sequence[ParsedFilm],
        film_ids: Mapping[int, int],
        existing_ids: set[int],
    ) -> None:
        wanted = self._wanted_credits(batch, film_ids)
        acting = Credit.Department.ACTING
        current: dict[tuple[int, int, str, str], tuple[int, int, int | None]] = {}
        for chunk in bulk.chunks(sorted(existing_ids), bulk.IN_CHUNK):
            for (
                pk,
                film_id,
                person_id,
                dept,
                job,
                order,
                source_id,
            ) in Credit.objects.filter(film_id__in=chunk).values_list(
                "pk", "film_id", "person_id", "department", "job", "order", "source_id"
            ):
                current[(film_id, person_id, dept, job)] = (pk, order, source_id)
        new = [
            (*key, "", order, key[2] == acting, self.source.pk)
            for key, order in wanted.items()
            if key not in current
        ]
        bulk.insert_rows(
            Credit,
            (
                "film",
                "person",
                "department",
                "job",
                "character",
                "order",
                "order_is_estimated",
                "source",
            ),
            new,
        )
        # The billing of acting credits is estimated after the import (derived.py), so
        # only the crew's listed order is compared here.
        moved = [
            (wanted[key], pk)
            for key, (pk, order, source_id) in current.items()
            if key in wanted
            and source_id == self.source.pk
            and key[2] != acting
            and order != wanted[key]
        ]
        bulk.update_rows(Credit, ("order",), moved)
        stale = [
            pk
            for key, (pk, _, source_id) in current.items()
            if key not in wanted and source_id == self.source.pk
        ]
        bulk.delete_ids(Credit, stale)
        self.summary.credits_created += len(new)
        self.summary.credits_updated += len(moved)
        self.summary.credits_deleted += len(stale)

    def _write_scores(
        self,
        batch: Sequence[ParsedFilm],
        film_ids: Mapping[int, int],
        existing_ids: set[int],
    ) -> None:
        wanted = {
            (film_ids[film.number], score.kind): score
            for film in batch
            for score in film.scores
        }
        current: dict[tuple[int, str], dict[str, Any]] = {}
        for chunk in bulk.chunks(sorted(existing_ids), bulk.IN_CHUNK):
            for row in ReviewScore.objects.filter(film_id__in=chunk).values(
                "pk", "film_id", "kind", "source_id", *_SCORE_FIELDS
            ):
                current[(row["film_id"], row["kind"])] = row
        new, changed = [], []
        for key, score in wanted.items():
            values = tuple(getattr(score, name) for name in _SCORE_FIELDS)
            row = current.get(key)
            if row is None:
                new.append((*key, *values, self.source.pk))
            elif row["source_id"] == self.source.pk and values != tuple(
                row[name] for name in _SCORE_FIELDS
            ):
                changed.append((*values, row["pk"]))
        bulk.insert_rows(ReviewScore, ("film", "kind", *_SCORE_FIELDS, "source"), new)
        bulk.update_rows(ReviewScore, _SCORE_FIELDS, changed)
        stale = [
            row["pk"]
            for key, row in current.items()
            if key not in wanted and row["source_id"] == self.source.pk
        ]
        bulk.delete_ids(ReviewScore, stale)
        self.summary.scores_created += len(new)
        self.summary.scores_updated += len(changed)
        self.summary.scores_deleted += len(stale)


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
) -> tuple[Source, ImportSummary]:
    """Read, validate and upsert the table batch by batch (one transaction each), then
    sync VERSION_OF relations. `on_rows(n)` is called after each batch with the number
    of source rows it covered; `on_reject(row_id, reason)` for each skipped row."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    summary = ImportSummary()
    connection = open_source(path or default_source_path())
    try:
        source = source_upsert(retrieved_on=source_retrieved_on(connection))
        importer = OpenCatalogueImporter(source=source, summary=summary)
        seen: set[int] = set()
        batch_number = 0
        for rows in _batched(read_rows(connection, limit=limit), batch_size):
            batch_number += 1
            batch = []
            for row in rows:
                row_id = _text(row["id"]) or "?"
                try:
                    parsed = parse_row(row)
                    if parsed.number in seen:
                        raise MalformedRow(f"ID {parsed.number} appears twice")
                except MalformedRow as error:
                    summary.rejected.append((row_id, str(error)))
                    if on_reject:
                        on_reject(row_id, str(error))
                    continue
                seen.add(parsed.number)
                batch.append(parsed)
            if batch:
                try:
                    with transaction.atomic():
                        importer.write_batch(batch)
                except Exception as error:
                    raise BatchFailed(
                        batch=batch_number,
                        first_id=_text(rows[0]["id"]),
                        last_id=_text(rows[-1]["id"]),
                        error=error,
                    ) from error
            summary.rows_read += len(rows)
            if on_rows:
                on_rows(len(rows))
    finally:
        connection.close()
    with transaction.atomic():
        version_relations_sync(source=source, summary=summary)
    return source, summary


def _batched(rows: Iterable[Mapping[str, Any]], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
