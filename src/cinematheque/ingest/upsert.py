"""The one upsert layer every source writes through.

A source turns its input into `records.FilmRecord`s (see `records.py` for the
contract) and passes them, as a stream, to `upsert_stream`. This module:

* identifies films and people by external id (`FilmExternalId`, `PersonExternalId`,
  and the id columns for rows made before the tables existed), never by title; a
  person without any id is matched by exact name among the same source's people, or
  adopted by a source that has ids when they are credited on the same film under the
  same name (the same person, told apart from namesakes by the film);
* keeps every source's value of every film field with its retrieval time
  (`FieldProvenance`) and shows the preferred one (`catalogue.provenance`); a source
  with no value erases nothing, an editors' value is never reverted;
* replaces a source's own credits, scores, videos, alternative titles, releases and
  certifications by country of a film by the ones it gives now, and never touches
  another source's; genres, countries, languages, companies and keywords are replaced
  by the film's own source (the one that created it) and only added to by others;
* keeps what it has no place for yet (images, watch providers) out: the records carry
  them, the models that store them come with the sources that need them;
* writes in batches, one transaction each; a batch that fails is written again film
  by film, so that one bad film is reported and keeps what it had while the others
  land; an interrupted run leaves whole films only, and running it again completes it
  (with an `ImportRun`, `skip` passes over what the interrupted run committed);
* counts every row it writes, so a second run with the same input reports 0 writes;
* returns the films and people it touched, so that only their search documents,
  related films and cached pages are refreshed (`ingest.services.touched_refresh`).

Disagreements between sources (year, runtime, money, director) are handed to
`ingest.conflicts`, which raises one editorial conflict per disagreement.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from cinematheque.catalogue import bulk, provenance
from cinematheque.catalogue.models import (
    AlternativeTitle,
    Certification,
    Company,
    Country,
    FieldProvenance,
    Film,
    FilmExternalId,
    Genre,
    Keyword,
    Language,
    Release,
    ReviewScore,
    Source,
    Video,
)
from cinematheque.ingest import conflicts
from cinematheque.ingest import records as r
from cinematheque.ingest.models import ImportRun
from cinematheque.people.models import Credit, Person, PersonExternalId

DEFAULT_BATCH_SIZE = 500
SLUG_ROOM = 240  # SlugField max_length 255 minus room for "-<year>-<n>"
CERTIFICATION_COUNTRY = "US"  # the film's certification column shows this country's
_ID_COLUMNS = {
    r.Namespace.IMDB: "imdb_id",
    r.Namespace.TMDB: "tmdb_id",
    r.Namespace.WIKIDATA: "wikidata_id",
}
# The namespace whose match decides when a record's ids point at two films: an IMDb
# id may be shared by a film and its re-edit, the others are unique.
_IDENTITY_ORDER = (r.Namespace.WIKIDATA, r.Namespace.TMDB, r.Namespace.IMDB)
_NAMED = (
    ("genres", Genre),
    ("countries", Country),
    ("languages", Language),
    ("companies", Company),
    ("keywords", Keyword),
)
_SCORE_FIELDS = ("value", "scale", "review_count", "fresh_count", "rotten_count")
_VIDEO_FIELDS = ("kind", "name", "language", "official", "published_at")
_TITLE_FIELDS = ("language", "country", "kind")
_PERSON_FIELDS = ("name", "birth_year", "death_year")


@dataclass(frozen=True)
class Rejected:
    """A source item the source could not turn into a record: `ref` names it in the
    source's own terms (a row id, a TMDB id), `reason` says why."""

    ref: str
    reason: str


@dataclass
class UpsertReport:
    """What one run did. Every `*_created`, `*_updated` and `*_deleted` counts rows
    written; `writes` is their sum, 0 for a run that changed nothing."""

    rows_read: int = 0
    films_created: int = 0
    films_updated: int = 0
    films_unchanged: int = 0
    ids_created: int = 0
    values_created: int = 0
    values_updated: int = 0
    people_created: int = 0
    people_updated: int = 0
    credits_created: int = 0
    credits_updated: int = 0
    credits_deleted: int = 0
    scores_created: int = 0
    scores_updated: int = 0
    scores_deleted: int = 0
    facets_created: int = 0
    facets_deleted: int = 0
    videos_created: int = 0
    videos_updated: int = 0
    videos_deleted: int = 0
    titles_created: int = 0
    titles_updated: int = 0
    titles_deleted: int = 0
    releases_created: int = 0  # releases and certifications by country
    releases_updated: int = 0
    releases_deleted: int = 0
    relations_created: int = 0
    relations_deleted: int = 0
    conflicts_created: int = 0
    conflicts_updated: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    touched_films: set[int] = field(default_factory=set)
    touched_people: set[int] = field(default_factory=set)

    @property
    def writes(self) -> int:
        return (
            sum(
                getattr(self, name)
                for name in self.__dataclass_fields__
                if name.endswith(("_created", "_updated", "_deleted"))
                and name != "films_updated"  # counted in values and columns already
            )
            + self.films_updated
        )

    @property
    def changed_anything(self) -> bool:
        return self.writes > 0

    def add(self, other: UpsertReport) -> None:
        """Add the counts of `other` (a committed batch) to this report."""
        for name in self.__dataclass_fields__:
            mine, theirs = getattr(self, name), getattr(other, name)
            if isinstance(mine, int):
                setattr(self, name, mine + theirs)
            elif isinstance(mine, list):
                mine.extend(theirs)
            else:
                mine.update(theirs)


class BatchFailed(Exception):
    """Every film of a batch failed: the database or the code is at fault, not a
    film. The batches before it are saved."""

    def __init__(self, *, batch: int, first: str, last: str, error: Exception):
        super().__init__(
            f"batch {batch} ({first}-{last}) failed: {error!r}. "
            "The batches before it are saved; run the import again to complete it."
        )
        self.batch = batch
        self.error = error


def _identity_key(record: r.FilmRecord) -> tuple[str, ...]:
    """What tells a new film apart within a batch: its unique ids, or its IMDb id
    when it has no other."""
    unique = tuple(
        f"{namespace}:{value}"
        for namespace in (r.Namespace.WIKIDATA, r.Namespace.TMDB)
        if (value := record.id_in(namespace))
    )
    return unique or (f"imdb:{record.id_in(r.Namespace.IMDB)}",)


def _column_value(column: str, external_id: r.ExternalId) -> str | int:
    return int(external_id.value) if column == "tmdb_id" else external_id.value


def record_ref(record: r.FilmRecord) -> str:
    """How reports name a record: its ids, e.g. "wikidata:Q42198 imdb:tt0113277"."""
    return " ".join(str(external_id) for external_id in record.ids)


# --- Slugs ---------------------------------------------------------------------------


def slug_base(text: str, fallback: str) -> str:
    return slugify(text)[:SLUG_ROOM].strip("-") or fallback


def film_slug_base(title: str, year: int | None) -> str:
    """`slugify(title)-year`; "film" stands in for a title with no Latin letters."""
    base = slug_base(title, "film")
    return f"{base}-{year}" if year else base


def unique_slug(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`… whichever is free; the result is added to `taken`."""
    slug, suffix = base, 2
    while slug in taken:
        slug = f"{base}-{suffix}"
        suffix += 1
    taken.add(slug)
    return slug


def taken_slugs(model: type[models.Model], bases: Iterable[str]) -> set[str]:
    """The slugs of `model` that `unique_slug` could give to these bases: each base
    and its numbered forms. Reads only what it needs, not every slug of the table."""
    manager = model._default_manager
    wanted = sorted(set(bases))
    taken: set[str] = set()
    taken |= {slug for (slug,) in bulk.select_in(model, ["slug"], "slug", wanted)}
    for base in wanted:
        if base in taken:
            taken |= set(manager.filter(_numbered(base)).values_list("slug", flat=True))
    return taken


def _numbered(base: str) -> Q:
    """Slugs that start with `base-`, in a form the slug index serves: SQLite's LIKE
    ignores case and so its index, but a range of binary strings uses it ("-" is
    followed by "."); PostgreSQL's LIKE uses the pattern index Django adds to slugs,
    and its collation may not order "-" as bytes do."""
    if connection.vendor == "sqlite":
        return Q(slug__gt=f"{base}-", slug__lt=f"{base}.")
    return Q(slug__startswith=f"{base}-")


# --- Values of a record, by provenance field -------------------------------------------


def primary_release(record: r.FilmRecord) -> r.ReleaseDate | None:
    """The release the film's date shows: the earliest theatrical one, else the
    earliest of any kind."""
    dates = record.release_dates or ()
    theatrical = [
        d
        for d in dates
        if d.kind in {r.ReleaseKind.THEATRICAL, r.ReleaseKind.THEATRICAL_LIMITED}
    ]
    return min(theatrical or dates, key=lambda d: d.date, default=None)


def record_values(record: r.FilmRecord) -> dict[str, Any]:
    """The record's value of each provenance field, as JSON (see
    `catalogue.provenance`); fields the record has no value for are left out."""
    release = primary_release(record)
    certification = next(
        (
            c
            for c in sorted(
                record.certifications or (),
                key=lambda c: c.country != CERTIFICATION_COUNTRY,
            )
        ),
        None,
    )
    values: dict[str, Any] = {
        "title": record.title,
        "original_title": record.original_title,
        "year": record.year,
        "runtime": record.runtime,
        "overview": record.overview,
        "tagline": record.tagline,
        "original_language": record.original_language,
        "awards": record.awards,
        "oscar_wins": record.oscar_wins,
        "release_date": [release.date.isoformat(), str(release.precision)]
        if release
        else None,
        "certification": [certification.rating, certification.country]
        if certification
        else None,
        "budget": [record.budget.amount, record.budget.currency]
        if record.budget
        else None,
        "box_office": [record.box_office.amount, record.box_office.currency]
        if record.box_office
        else None,
    }
    return {name: value for name, value in values.items() if value is not None}


# --- The run -------------------------------------------------------------------------


def upsert_stream(
    items: Iterable[r.FilmRecord | Rejected],
    *,
    source: Source,
    batch_size: int = DEFAULT_BATCH_SIZE,
    retrieved_at: datetime.datetime | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_reject: Callable[[str, str], None] | None = None,
    preference: provenance.Preference | None = None,
    skip: int = 0,
    run: ImportRun | None = None,
) -> UpsertReport:
    """Write a stream of records of `source` batch by batch and report what changed.

    `items` may hold `Rejected` markers, which are reported (`on_reject(ref, reason)`)
    and skipped. `retrieved_at` stands for records that carry no time of their own.
    `on_progress(n)` is called after each committed batch with the items it covered.
    `skip` passes over the first N items without writing them (resuming a run whose
    first N items were committed). With a `run` (see `import_run_begin`), the items
    committed are recorded after each batch, and the run is marked finished at the
    end. Raises `BatchFailed` when no film of a batch could be written; what was
    committed before stays.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    report = UpsertReport()
    earlier_writes = run.writes if run is not None else 0
    writer = FilmWriter(
        source=source,
        preference=preference or provenance.Preference.current(),
        retrieved_at=retrieved_at or timezone.now(),
    )
    for number, batch in enumerate(_batched(items, batch_size), start=1):
        if skip >= len(batch):
            skip -= len(batch)
            report.rows_read += len(batch)
            continue
        items_left, skip = batch[skip:], 0
        films = []
        for item in items_left:
            if isinstance(item, Rejected):
                report.rejected.append((item.ref, item.reason))
                if on_reject:
                    on_reject(item.ref, item.reason)
            else:
                films.append(item)
        report.add(writer.write_batch(films, number=number, on_reject=on_reject))
        report.rows_read += len(items_left)
        if run is not None:
            _run_progress(run, report=report, earlier_writes=earlier_writes)
        if on_progress:
            on_progress(len(items_left))
    if run is not None:
        _run_progress(run, report=report, earlier_writes=earlier_writes, finished=True)
    return report


def import_run_begin(*, source_key: str, resume: bool) -> tuple[ImportRun, int]:
    """Start recording a run of `source_key`'s importer; with `resume`, continue the
    latest run that did not finish. Returns the run and how many items to skip."""
    if resume:
        run = ImportRun.objects.unfinished(source_key).first()
        if run is not None:
            return run, run.items_done
    run = ImportRun.objects.create(source_key=source_key, started_at=timezone.now())
    return run, 0


def _run_progress(
    run: ImportRun,
    *,
    report: UpsertReport,
    earlier_writes: int,
    finished: bool = False,
) -> None:
    run.items_done = report.rows_read  # skipped items included
    run.writes = earlier_writes + report.writes
    run.rejected = len(report.rejected) + len(report.failed)
    fields = ["items_done", "writes", "rejected"]
    if finished:
        run.finished_at = timezone.now()
        fields.append("finished_at")
    run.save(update_fields=fields)


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(eq=False)
class _Film:
    """A film of the batch as the writer sees it."""

    record: r.FilmRecord
    pk: int = 0
    created: bool = False
    source_key: str | None = None  # of the source that created the film
    columns: dict[str, Any] = field(default_factory=dict)


_FILM_COLUMNS = tuple(
    dict.fromkeys(name for names in provenance.FIELDS.values() for name in names)
)


class FilmWriter:
    """Writes batches of one source's records. Its only state between batches is
    what the database already holds (source keys), so a failed batch leaves nothing
    stale behind."""

    def __init__(
        self,
        *,
        source: Source,
        preference: provenance.Preference,
        retrieved_at: datetime.datetime,
    ) -> None:
        self.source = source
        self.preference = preference
        self.retrieved_at = retrieved_at

    def write_batch(
        self,
        batch: Sequence[r.FilmRecord],
        *,
        number: int,
        on_reject: Callable[[str, str], None] | None = None,
    ) -> UpsertReport:
        """Write the batch in one transaction; if that fails, film by film."""
        if not batch:
            return UpsertReport()
        try:
            with transaction.atomic():
                return _BatchWrite(self, batch).run()
        except Exception as batch_error:  # retried film by film below
            report = UpsertReport()
            for record in batch:
                try:
                    with transaction.atomic():
                        report.add(_BatchWrite(self, [record]).run())
                except Exception as error:  # reported; the others go on
                    report.failed.append((record_ref(record), repr(error)))
                    if on_reject:
                        on_reject(record_ref(record), f"not written: {error!r}")
            if len(report.failed) == len(batch):
                raise BatchFailed(
                    batch=number,
                    first=record_ref(batch[0]),
                    last=record_ref(batch[-1]),
                    error=batch_error,
                ) from batch_error
            return report


class _BatchWrite:
    """One attempt at writing a batch; counts go to its own report, which the run
    adds only once the transaction commits."""

    def __init__(self, writer: FilmWriter, batch: Sequence[r.FilmRecord]) -> None:
        self.writer = writer
        self.source = writer.source
        self.preference = writer.preference
        self.batch = batch
        self.report = UpsertReport()
        self.source_keys = dict(Source.objects.values_list("pk", "key"))
        self.directors: dict[int, set[int]] = {}

    def run(self) -> UpsertReport:
        films = self._identify()
        self._create_films(films)
        self._write_values(films)
        for name, model in _NAMED:
            self._write_named(films, name, model)
        self._write_credits(films)
        self._write_scores(films)
        self._write_videos(films)
        self._write_titles(films)
        self._write_releases(films)
        conflicts.disagreements_raise(
            film_ids=[film.pk for film in films],
            report=self.report,
            directors={
                film_id: {self.source.pk: people}
                for film_id, people in self.directors.items()
            },
        )
        return self.report

    def retrieved_at(self, record: r.FilmRecord) -> datetime.datetime:
        return record.retrieved_at or self.writer.retrieved_at

    def touch(self, film_id: int) -> None:
        self.report.touched_films.add(film_id)

    # -- identity ----------------------------------------------------------------------

    def _identify(self) -> list[_Film]:
        """Find the film of each record by its ids; a record matching no film is new.

        A film whose Wikidata or TMDB id differs from the record's is another film,
        even if they share an IMDb id (a re-edit shares its original's); among films
        sharing an IMDb id, the earliest matches. A record whose film an earlier
        record of the batch already gave is rejected (the source gave it twice)."""
        wanted: dict[r.Namespace, set[str]] = defaultdict(set)
        for record in self.batch:
            for external_id in record.ids:
                wanted[external_id.namespace].add(external_id.value)
        found = self._films_by_id(wanted)
        known_ids = self._ids_of_films({pk for pks in found.values() for pk in pks})
        films: list[_Film] = []
        seen: set[int] = set()
        new_keys: set[tuple[str, ...]] = set()
        for record in self.batch:
            film = _Film(record=record, pk=self._match(record, found, known_ids))
            key = _identity_key(record)
            if (film.pk and film.pk in seen) or (not film.pk and key in new_keys):
                self.report.rejected.append(
                    (record_ref(record), "the same film appears twice in one batch")
                )
                continue
            seen.add(film.pk)
            if not film.pk:
                new_keys.add(key)
            films.append(film)
        existing = {
            row["pk"]: row
            for row in Film.objects.filter(
                pk__in=[film.pk for film in films if film.pk]
            ).values("pk", "source_id", *_FILM_COLUMNS)
        }
        for film in films:
            if film.pk:
                row = existing[film.pk]
                film.source_key = self.source_keys.get(row["source_id"])
                film.columns = {name: row[name] for name in _FILM_COLUMNS}
        return films

    @staticmethod
    def _match(
        record: r.FilmRecord,
        found: Mapping[tuple[str, str], set[int]],
        known_ids: Mapping[int, Mapping[str, str]],
    ) -> int:
        for namespace in _IDENTITY_ORDER:
            value = record.id_in(namespace)
            for film_id in sorted(found.get((namespace, value or ""), ())):
                ids = known_ids.get(film_id, {})
                if all(
                    ids.get(unique) in {None, record.id_in(unique)}
                    or record.id_in(unique) is None
                    for unique in (r.Namespace.WIKIDATA, r.Namespace.TMDB)
                ):
                    return film_id
        return 0

    @staticmethod
    def _ids_of_films(film_ids: set[int]) -> dict[int, dict[str, str]]:
        """Film → {namespace: value} of its ids, from the table and the columns."""
        ids: dict[int, dict[str, str]] = defaultdict(dict)
        for chunk in bulk.chunks(sorted(film_ids), bulk.IN_CHUNK):
            for film_id, namespace, value in FilmExternalId.objects.filter(
                film_id__in=chunk
            ).values_list("film_id", "namespace", "value"):
                ids[film_id][namespace] = value
            for pk, *values in Film.objects.filter(pk__in=chunk).values_list(
                "pk", *_ID_COLUMNS.values()
            ):
                for namespace, value in zip(_ID_COLUMNS, values, strict=True):
                    if value not in {None, ""}:
                        ids[pk].setdefault(str(namespace), str(value))
        return ids

    def _films_by_id(
        self, wanted: Mapping[r.Namespace, set[str]]
    ) -> dict[tuple[str, str], set[int]]:
        """(namespace, value) → the films carrying that id, in the external-id table
        or, for films made before it, in the film's id column."""
        found: dict[tuple[str, str], set[int]] = defaultdict(set)
        for namespace, values in wanted.items():
            for chunk in bulk.chunks(sorted(values), bulk.IN_CHUNK):
                for value, film_id in FilmExternalId.objects.filter(
                    namespace=namespace, value__in=chunk
                ).values_list("value", "film_id"):
                    found[(namespace, value)].add(film_id)
                column = _ID_COLUMNS[namespace]
                typed = [int(v) for v in chunk] if column == "tmdb_id" else chunk
                for value, film_id in Film.objects.filter(
                    **{f"{column}__in": typed}
                ).values_list(column, "pk"):
                    found[(namespace, str(value))].add(film_id)
        return found

    # -- films -------------------------------------------------------------------------

    def _create_films(self, films: list[_Film]) -> None:
        new = [film for film in films if not film.pk]
        for film in new:
            if film.record.title is None:
                self.report.rejected.append(
                    (record_ref(film.record), "a new film needs a title")
                )
        new = [film for film in new if film.record.title is not None]
        films[:] = [f for f in films if f.pk or f.record.title is not None]
        if not new:
            self._attach_ids(films)
            return
        bases = {
            id(film): film_slug_base(str(film.record.title), film.record.year)
            for film in new
        }
        taken = taken_slugs(Film, bases.values())
        rows = []
        for film in new:
            film.created = True
            film.source_key = self.source.key
            values = record_values(film.record)
            film.columns = {}
            for name in provenance.FIELDS:
                film.columns |= provenance.columns_from_value(name, values.get(name))
            slug = unique_slug(bases[id(film)], taken)
            film.columns["slug"] = slug
            rows.append(
                (slug, self.source.pk, *(film.columns[c] for c in _FILM_COLUMNS))
            )
        bulk.insert_rows(Film, ("slug", "source", *_FILM_COLUMNS), rows)
        slugs = {film.columns.pop("slug"): film for film in new}
        for slug, pk in bulk.select_in(Film, ["slug", "id"], "slug", slugs):
            slugs[slug].pk = pk
            self.touch(pk)
        self.report.films_created += len(new)
        self._attach_ids(films)

    def _attach_ids(self, films: Sequence[_Film]) -> None:
        """Add each id a record gives to its film, unless the film has another id in
        that namespace or the id belongs to another film; mirror it in the id
        column the pages read."""
        film_ids = [film.pk for film in films]
        held: dict[int, set[str]] = defaultdict(set)
        owners: set[tuple[str, str]] = set()
        for film_id, namespace, value in FilmExternalId.objects.filter(
            film_id__in=film_ids
        ).values_list("film_id", "namespace", "value"):
            held[film_id].add(namespace)
            owners.add((namespace, value))
        wanted = {(str(i.namespace), i.value) for f in films for i in f.record.ids}
        for namespace in {namespace for namespace, _ in wanted}:
            values = sorted(v for n, v in wanted if n == namespace)
            for chunk in bulk.chunks(values, bulk.IN_CHUNK):
                owners |= {
                    (namespace, v)
                    for v in FilmExternalId.objects.filter(
                        namespace=namespace, value__in=chunk
                    ).values_list("value", flat=True)
                }
        rows = []
        mirrors: dict[str, list[tuple[Any, int]]] = defaultdict(list)
        for film in films:
            for external_id in film.record.ids:
                namespace = str(external_id.namespace)
                key = (namespace, external_id.value)
                shareable = namespace == r.Namespace.IMDB
                if namespace in held[film.pk] or (key in owners and not shareable):
                    continue
                held[film.pk].add(namespace)
                owners.add(key)
                rows.append((film.pk, namespace, external_id.value))
                column = _ID_COLUMNS[external_id.namespace]
                mirrors[column].append((_column_value(column, external_id), film.pk))
        bulk.insert_rows(FilmExternalId, ("film", "namespace", "value"), rows)
        for column, updates in mirrors.items():
            bulk.update_rows(Film, (column,), updates)
        self.report.ids_created += len(rows)
        for film_id, *_ in rows:
            self.touch(film_id)

    # -- field values and provenance ---------------------------------------------------

    def _write_values(self, films: Sequence[_Film]) -> None:
        """Record this source's values, then show each field's preferred value."""
        stored: dict[tuple[int, str], dict[str, tuple[int, Any]]] = defaultdict(dict)
        for chunk in bulk.chunks([f.pk for f in films], bulk.IN_CHUNK):
            for pk, film_id, name, source_id, value in FieldProvenance.objects.filter(
                film_id__in=chunk
            ).values_list("pk", "film_id", "field", "source_id", "value"):
                stored[(film_id, name)][self.source_keys[source_id]] = (pk, value)
        new: list[tuple[Any, ...]] = []
        changed: list[tuple[Any, ...]] = []
        column_updates: list[tuple[_Film, dict[str, Any]]] = []
        for film in films:
            retrieved_at = self.retrieved_at(film.record)
            values = record_values(film.record)
            for name in provenance.FIELDS:
                claims = stored[(film.pk, name)]
                value = values.get(name)
                legacy_key = provenance.legacy_source_key(film.source_key)
                if not claims and not film.created and legacy_key != self.source.key:
                    legacy = provenance.value_from_columns(name, film.columns)
                    if legacy is not None:
                        # A value from before provenance: keep it as its source's.
                        source_id = self._source_id(legacy_key)
                        new.append((film.pk, name, source_id, legacy, retrieved_at))
                        claims[legacy_key] = (0, legacy)
                if value is None:
                    continue
                own = claims.get(self.source.key)
                if own is None:
                    new.append((film.pk, name, self.source.pk, value, retrieved_at))
                elif own[1] != value:
                    changed.append((value, retrieved_at, own[0]))
                claims[self.source.key] = (own[0] if own else 0, value)
            wanted = self._preferred_columns(film, stored)
            if wanted:
                column_updates.append((film, wanted))
        bulk.insert_rows(
            FieldProvenance, ("film", "field", "source", "value", "retrieved_at"), new
        )
        bulk.update_rows(FieldProvenance, ("value", "retrieved_at"), changed)
        self.report.values_created += len(new)
        self.report.values_updated += len(changed)
        self._update_columns(films, column_updates)
        for film_id, *_ in new:
            self.touch(film_id)

    def _source_id(self, key: str) -> int:
        for pk, known in self.source_keys.items():
            if known == key:
                return pk
        source = provenance.editors_source()  # the only key that may not exist yet
        self.source_keys[source.pk] = source.key
        return source.pk

    def _preferred_columns(
        self, film: _Film, stored: Mapping[tuple[int, str], dict[str, tuple[int, Any]]]
    ) -> dict[str, Any]:
        """The columns whose preferred value differs from what the film shows."""
        wanted: dict[str, Any] = {}
        for name in provenance.FIELDS:
            claims = stored.get((film.pk, name), {})
            best = self.preference.best(name, claims)
            if best is None:
                continue
            preferred = provenance.columns_from_value(name, claims[best][1])
            wanted |= {
                column: value
                for column, value in preferred.items()
                if film.columns.get(column) != value
            }
        return wanted

    def _update_columns(
        self, films: Sequence[_Film], updates: list[tuple[_Film, dict[str, Any]]]
    ) -> None:
        by_columns: dict[tuple[str, ...], list[tuple[Any, ...]]] = defaultdict(list)
        now = timezone.now()
        for film, columns in updates:
            names = tuple(sorted(columns))
            by_columns[names].append((*(columns[n] for n in names), now, film.pk))
            film.columns.update(columns)
            self.touch(film.pk)
        for names, rows in by_columns.items():
            bulk.update_rows(Film, (*names, "updated_at"), rows)
        updated = {film.pk for film, _ in updates if not film.created}
        self.report.films_updated += len(updated)
        self.report.films_unchanged += sum(
            1 for film in films if not film.created and film.pk not in updated
        )

    # -- genres, countries, languages, companies -----------------------------------------

    def _write_named(
        self, films: Sequence[_Film], name: str, model: type[models.Model]
    ) -> None:
        """Link the films to the named rows the source lists. The film's own source
        (the one that created it) decides the whole list; others only add."""
        given = [f for f in films if getattr(f.record, name) is not None]
        if not given:
            return
        ids = self._named_ids(
            model, {v for f in given for v in getattr(f.record, name)}
        )
        through = getattr(Film, name).through
        target = f"{model._meta.model_name}_id"
        wanted = {
            (film.pk, ids[value])
            for film in given
            for value in getattr(film.record, name)
        }
        current: dict[tuple[int, int], int] = {}
        for chunk in bulk.chunks([f.pk for f in given if not f.created], bulk.IN_CHUNK):
            for pk, film_id, value_id in through.objects.filter(
                film_id__in=chunk
            ).values_list("pk", "film_id", target):
                current[(film_id, value_id)] = pk
        owned = {f.pk for f in given if f.source_key == self.source.key}
        new = sorted(wanted - current.keys())
        stale = [pk for k, pk in current.items() if k not in wanted and k[0] in owned]
        bulk.insert_rows(through, ("film", str(model._meta.model_name)), new)
        bulk.delete_ids(through, stale)
        self.report.facets_created += len(new)
        self.report.facets_deleted += len(stale)
        for film_id in {k[0] for k in new} | {
            k[0] for k, pk in current.items() if pk in set(stale)
        }:
            self.touch(film_id)

    def _named_ids(self, model: type[models.Model], names: set[str]) -> dict[str, int]:
        manager = model._default_manager
        known: dict[str, int] = {}
        for chunk in bulk.chunks(sorted(names), bulk.IN_CHUNK):
            known |= dict(manager.filter(name__in=chunk).values_list("name", "pk"))
        missing = sorted(names - known.keys())
        if missing:
            fallback = str(model._meta.model_name)
            bases = {n: slug_base(n, fallback) for n in missing}
            taken = taken_slugs(model, bases.values())
            created = manager.bulk_create(
                [model(name=n, slug=unique_slug(bases[n], taken)) for n in missing]
            )
            known |= {obj.name: obj.pk for obj in created}  # type: ignore[attr-defined]
        return known

    # -- people and credits ------------------------------------------------------------

    def _write_credits(self, films: Sequence[_Film]) -> None:
        """The source's credits of each film become the ones it lists now; a credit
        another source holds gets this source's billing if it is preferred for
        billing, and its character if it had none."""
        given = [f for f in films if f.record.credits is not None]
        if not given:
            return
        current = self._current_credits([f.pk for f in given if not f.created])
        people = _People(self, given, current)
        people.prepare(given)
        wanted = self._wanted_credits(given, people)
        new, moved = [], []
        for key, credit in wanted.items():
            row = current.get(key)
            if row is None:
                new.append((*key, credit[2], credit[0], credit[1], self.source.pk))
                continue
            values = self._credit_values(credit, row)
            if values != (*row[1:4], row[4]):
                moved.append((*values, row[0]))
        stale = [
            row[0]
            for key, row in current.items()
            if key not in wanted and row[4] == self.source.pk
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
        bulk.update_rows(
            Credit, ("order", "order_is_estimated", "character", "source"), moved
        )
        bulk.delete_ids(Credit, stale)
        self.report.credits_created += len(new)
        self.report.credits_updated += len(moved)
        self.report.credits_deleted += len(stale)
        by_pk = {row[0]: key for key, row in current.items()}
        touched = [
            *((row[0], row[1]) for row in new),
            *(by_pk[m[-1]][:2] for m in moved),
            *(by_pk[pk][:2] for pk in stale),
        ]
        for film_id, person_id in touched:
            self.touch(film_id)
            self.report.touched_people.add(person_id)

    def _wanted_credits(
        self, films: Sequence[_Film], people: _People
    ) -> dict[tuple[int, int, str, str], tuple[int, bool, str, int | None]]:
        """(film, person, department, job) → (order, estimated, character, order as
        given). Without an order from the source, people keep the order in which
        it lists them, and a cast order is marked estimated (derived.py estimates
        the billing)."""
        wanted: dict[tuple[int, int, str, str], tuple[int, bool, str, int | None]] = {}
        for film in films:
            listed: dict[str, int] = defaultdict(int)
            for credit in film.record.credits or ():
                person_id = people.lookup(credit.person)
                if person_id is None:
                    self.report.rejected.append(
                        (
                            record_ref(film.record),
                            f"credit of {credit.person.ids[0]} skipped: an unknown "
                            "person with no name",
                        )
                    )
                    continue
                dept = str(credit.department)
                if dept == Credit.Department.DIRECTING:
                    self.directors.setdefault(film.pk, set()).add(person_id)
                key = (film.pk, person_id, dept, credit.job)
                if key in wanted:
                    continue
                position = listed[dept]
                listed[dept] += 1
                order = credit.order if credit.order is not None else position
                estimated = credit.order is None and dept == Credit.Department.ACTING
                wanted[key] = (order, estimated, credit.character, credit.order)
        return wanted

    def _credit_values(
        self,
        credit: tuple[int, bool, str, int | None],
        row: tuple[int, int, bool, str, int | None],
    ) -> tuple[int, bool, str, int | None]:
        """(order, estimated, character, source) of an existing credit after this
        source's say."""
        order, estimated, character, given_order = credit
        _, old_order, old_estimated, old_character, source_id = row
        owner = self.source_keys.get(source_id or 0, provenance.EDITORS)
        if owner == self.source.key:
            if estimated and old_estimated:
                # An estimated cast order is the derived values' business.
                return (old_order, old_estimated, character, source_id)
            return (order, estimated, character, source_id)
        if given_order is not None and self._bills_before(owner):
            return (order, False, old_character or character, self.source.pk)
        return (old_order, old_estimated, old_character or character, source_id)

    def _bills_before(self, owner: str) -> bool:
        rank = self.preference.rank
        return rank(provenance.BILLING, self.source.key) < rank(
            provenance.BILLING, owner
        )

    def _current_credits(
        self, film_ids: Sequence[int]
    ) -> dict[tuple[int, int, str, str], tuple[int, int, bool, str, int | None]]:
        current: dict[
            tuple[int, int, str, str], tuple[int, int, bool, str, int | None]
        ] = {}
        for chunk in bulk.chunks(sorted(film_ids), bulk.IN_CHUNK):
            for row in Credit.objects.filter(film_id__in=chunk).values_list(
                "film_id",
                "person_id",
                "department",
                "job",
                "pk",
                "order",
                "order_is_estimated",
                "character",
                "source_id",
            ):
                current[row[:4]] = row[4:]
        return current

    # -- scores, videos, alternative titles -----------------------------------------

    def _replace_rows(
        self,
        films: Sequence[_Film],
        *,
        model: type[models.Model],
        attribute: str,
        key_of: Callable[[Any], tuple[Any, ...]],
        key_fields: tuple[str, ...],
        value_fields: tuple[str, ...],
        values_of: Callable[[Any], tuple[Any, ...]],
    ) -> tuple[int, int, int]:
        """The source's rows of `model` for each film become the ones it lists now;
        rows of other sources are left alone (a key another source holds stays
        theirs). Returns (created, updated, deleted)."""
        given = [f for f in films if getattr(f.record, attribute) is not None]
        if not given:
            return (0, 0, 0)
        wanted: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        for film in given:
            for item in getattr(film.record, attribute):
                wanted.setdefault((film.pk, *key_of(item)), values_of(item))
        current: dict[tuple[Any, ...], dict[str, Any]] = {}
        for chunk in bulk.chunks([f.pk for f in given if not f.created], bulk.IN_CHUNK):
            for row in model._default_manager.filter(film_id__in=chunk).values(
                "pk", "film_id", "source_id", *key_fields, *value_fields
            ):
                key = (row["film_id"], *(row[k] for k in key_fields))
                current[key] = row
        new: list[tuple[Any, ...]] = []
        changed: list[tuple[Any, ...]] = []
        for key, values in wanted.items():
            existing = current.get(key)
            if existing is None:
                new.append((*key, *values, self.source.pk))
            elif existing["source_id"] == self.source.pk and values != tuple(
                existing[name] for name in value_fields
            ):
                changed.append((*values, existing["pk"]))
        stale = [
            row["pk"]
            for key, row in current.items()
            if key not in wanted and row["source_id"] == self.source.pk
        ]
        bulk.insert_rows(model, ("film", *key_fields, *value_fields, "source"), new)
        bulk.update_rows(model, value_fields, changed)
        bulk.delete_ids(model, stale)
        touched = {row[0] for row in new} | {
            row["film_id"]
            for row in current.values()
            if row["pk"] in {c[-1] for c in changed} | set(stale)
        }
        for film_id in touched:
            self.touch(film_id)
        return (len(new), len(changed), len(stale))

    def _write_scores(self, films: Sequence[_Film]) -> None:
        created, updated, deleted = self._replace_rows(
            films,
            model=ReviewScore,
            attribute="review_scores",
            key_of=lambda s: (str(s.kind),),
            key_fields=("kind",),
            value_fields=_SCORE_FIELDS,
            values_of=lambda s: tuple(getattr(s, n) for n in _SCORE_FIELDS),
        )
        self.report.scores_created += created
        self.report.scores_updated += updated
        self.report.scores_deleted += deleted

    def _write_videos(self, films: Sequence[_Film]) -> None:
        created, updated, deleted = self._replace_rows(
            films,
            model=Video,
            attribute="videos",
            key_of=lambda v: (str(v.site), v.key),
            key_fields=("site", "key"),
            value_fields=_VIDEO_FIELDS,
            values_of=lambda v: (
                str(v.kind),
                v.name[:300],
                v.language[:8],
                v.official,
                v.published_at,
            ),
        )
        self.report.videos_created += created
        self.report.videos_updated += updated
        self.report.videos_deleted += deleted

    def _write_releases(self, films: Sequence[_Film]) -> None:
        """Releases and certifications by country."""
        created, updated, deleted = self._replace_rows(
            films,
            model=Release,
            attribute="release_dates",
            key_of=lambda d: (d.country, str(d.kind), d.date),
            key_fields=("country", "kind", "date"),
            value_fields=("precision", "note"),
            values_of=lambda d: (str(d.precision), d.note[:300]),
        )
        counts = self._replace_rows(
            films,
            model=Certification,
            attribute="certifications",
            key_of=lambda c: (c.country,),
            key_fields=("country",),
            value_fields=("rating",),
            values_of=lambda c: (c.rating,),
        )
        self.report.releases_created += created + counts[0]
        self.report.releases_updated += updated + counts[1]
        self.report.releases_deleted += deleted + counts[2]

    def _write_titles(self, films: Sequence[_Film]) -> None:
        created, updated, deleted = self._replace_rows(
            films,
            model=AlternativeTitle,
            attribute="alternative_titles",
            key_of=lambda t: (t.title,),
            key_fields=("title",),
            value_fields=_TITLE_FIELDS,
            values_of=lambda t: (t.language, t.country, t.kind[:50]),
        )
        self.report.titles_created += created
        self.report.titles_updated += updated
        self.report.titles_deleted += deleted


class _People:
    """Finds, adopts or creates the people of a batch's credits, in bulk (see the
    module docstring for the rules)."""

    def __init__(
        self,
        write: _BatchWrite,
        films: Sequence[_Film],
        current: Mapping[tuple[int, int, str, str], Any],
    ) -> None:
        self.write = write
        self.source = write.source
        persons = [c.person for f in films for c in f.record.credits or ()]
        self.by_id = self._people_by_id(persons)
        self.by_name = self._own_people_by_name(
            {p.name for p in persons if not p.ids and p.name}
        )
        self.ids_held: dict[int, set[str]] = defaultdict(set)
        # People already credited on each film, by name, for adoption on that film.
        self.credited: dict[int, dict[str, list[int]]] = defaultdict(
            lambda: defaultdict(list)
        )
        person_ids = sorted({key[1] for key in current} | set(self.by_id.values()))
        names = dict(bulk.select_in(Person, ["id", "name"], "id", person_ids))
        for person_id, namespace in bulk.select_in(
            PersonExternalId, ["person", "namespace"], "person", person_ids
        ):
            self.ids_held[person_id].add(namespace)
        for film_id, person_id, *_ in sorted(current):
            self.credited[film_id][names[person_id]].append(person_id)
        self.id_rows: list[tuple[int, str, str]] = []
        self.mirrors: dict[str, list[tuple[Any, int]]] = defaultdict(list)

    def _people_by_id(
        self, persons: Sequence[r.PersonRecord]
    ) -> dict[tuple[str, str], int]:
        found: dict[tuple[str, str], int] = {}
        wanted: dict[str, set[str]] = defaultdict(set)
        for person in persons:
            for external_id in person.ids:
                wanted[str(external_id.namespace)].add(external_id.value)
        for namespace, values in wanted.items():
            column = _ID_COLUMNS[r.Namespace(namespace)]
            for chunk in bulk.chunks(sorted(values), bulk.IN_CHUNK):
                for value, person_id in PersonExternalId.objects.filter(
                    namespace=namespace, value__in=chunk
                ).values_list("value", "person_id"):
                    found[(namespace, value)] = person_id
                typed = [int(v) for v in chunk] if column == "tmdb_id" else chunk
                for value, person_id in (
                    Person.objects.filter(**{f"{column}__in": typed})
                    .order_by("-pk")
                    .values_list(column, "pk")
                ):
                    found.setdefault((namespace, str(value)), person_id)
        return found

    def _own_people_by_name(self, names: set[str]) -> dict[str, int]:
        rows = bulk.select_in(
            Person, ["id", "name"], "name", names, where={"source": self.source.pk}
        )
        # Highest pk first, so the lowest (the first met) is written last.
        return {name: pk for pk, name in sorted(rows, reverse=True)}

    def prepare(self, films: Sequence[_Film]) -> None:
        """Resolve every person of the films' credits, creating the missing ones."""
        missing: dict[tuple[str, str], r.PersonRecord] = {}
        for film in films:
            for credit in film.record.credits or ():
                person = credit.person
                if self._known(person) is not None:
                    continue
                if not person.ids:
                    missing.setdefault(("name", str(person.name)), person)
                    continue
                adopted = self._adopt(film.pk, person)
                if adopted is not None:
                    self._attach_ids(adopted, person)
                elif person.name is not None:
                    missing.setdefault(self._keys(person)[0], person)
        self._create(list(missing.values()))
        self._update_known(films, created=set(missing.values()))
        bulk.insert_rows(
            PersonExternalId, ("person", "namespace", "value"), self.id_rows
        )
        for column, updates in self.mirrors.items():
            bulk.update_rows(Person, (column,), updates)
        self.write.report.ids_created += len(self.id_rows)

    def _update_known(
        self, films: Sequence[_Film], *, created: set[r.PersonRecord]
    ) -> None:
        """Give existing people the name and years a source knows: a value fills an
        empty column, and replaces one only where this source created the person."""
        given: dict[int, r.PersonRecord] = {}
        for film in films:
            for credit in film.record.credits or ():
                person = credit.person
                has_values = person.birth_year or person.death_year or person.ids
                if person not in created and has_values:
                    person_id = self._known(person)
                    if person_id is not None:
                        given.setdefault(person_id, person)
        changed: dict[tuple[str, ...], list[tuple[Any, ...]]] = defaultdict(list)
        for chunk in bulk.chunks(sorted(given), bulk.IN_CHUNK):
            for pk, *current in Person.objects.filter(pk__in=chunk).values_list(
                "pk", "source_id", *_PERSON_FIELDS
            ):
                source_id, *values = current
                person = given[pk]
                owned = source_id == self.source.pk
                wanted = {
                    name: new
                    for name, old in zip(_PERSON_FIELDS, values, strict=True)
                    if (new := getattr(person, name)) is not None
                    and new != old
                    and (owned or old in {None, ""})
                }
                if wanted:
                    names = tuple(sorted(wanted))
                    changed[names].append((*(wanted[n] for n in names), pk))
                    self.write.report.touched_people.add(pk)
        for names, rows in changed.items():
            bulk.update_rows(Person, names, rows)
            self.write.report.people_updated += len(rows)

    @staticmethod
    def _keys(person: r.PersonRecord) -> list[tuple[str, str]]:
        return [(str(i.namespace), i.value) for i in person.ids]

    def _known(self, person: r.PersonRecord) -> int | None:
        if not person.ids:
            return self.by_name.get(str(person.name))
        return next(
            (self.by_id[k] for k in self._keys(person) if k in self.by_id), None
        )

    def lookup(self, person: r.PersonRecord) -> int | None:
        """The person's id after `prepare`; None for a person the source names by
        an unknown id only (no name to create them with)."""
        return self._known(person)

    def _adopt(self, film_id: int, person: r.PersonRecord) -> int | None:
        """A person credited on this film under the same name who has no id in the
        record's namespaces is the same person: they get the ids."""
        namespaces = {str(i.namespace) for i in person.ids}
        for candidate in self.credited[film_id].get(person.name or "", []):
            if not self.ids_held[candidate] & namespaces:
                return candidate
        return None

    def _attach_ids(self, person_id: int, person: r.PersonRecord) -> None:
        for external_id in person.ids:
            namespace = str(external_id.namespace)
            key = (namespace, external_id.value)
            if namespace in self.ids_held[person_id] or key in self.by_id:
                continue
            self.ids_held[person_id].add(namespace)
            self.by_id[key] = person_id
            self.id_rows.append((person_id, namespace, external_id.value))
            column = _ID_COLUMNS[external_id.namespace]
            self.mirrors[column].append((_column_value(column, external_id), person_id))
            self.write.report.touched_people.add(person_id)

    def _create(self, persons: Sequence[r.PersonRecord]) -> None:
        if not persons:
            return
        bases = [slug_base(str(p.name), "person") for p in persons]
        taken = taken_slugs(Person, bases)
        slugs = [unique_slug(base, taken) for base in bases]
        bulk.insert_rows(
            Person,
            ("name", "slug", "birth_year", "death_year", "prominence", "source"),
            [
                (p.name, slug, p.birth_year, p.death_year, 0.0, self.source.pk)
                for p, slug in zip(persons, slugs, strict=True)
            ],
        )
        by_slug = dict(bulk.select_in(Person, ["slug", "id"], "slug", slugs))
        for person, slug in zip(persons, slugs, strict=True):
            person_id = by_slug[slug]
            if person.ids:
                self._attach_ids(person_id, person)
            else:
                self.by_name[str(person.name)] = person_id
            self.write.report.touched_people.add(person_id)
        self.write.report.people_created += len(persons)


# -- one person with their details (TMDB's /person/{id}) --------------------------------


@dataclass
class PersonUpsert:
    person: Person
    created: bool
    changed: list[str]
    """The columns that changed (ids and details)."""
    ids_refused: list[str]
    """Ids of the record that another person already holds (not attached)."""


def _person_by_ids(ids: Sequence[r.ExternalId]) -> Person | None:
    """The person the first matching id points at, unless that person holds another
    value in one of the record's namespaces: then the source tells them apart."""
    wanted = {str(i.namespace): i.value for i in ids}
    for external_id in ids:
        held = PersonExternalId.objects.filter(
            namespace=external_id.namespace, value=external_id.value
        ).values_list("person_id", flat=True)
        column = _ID_COLUMNS[external_id.namespace]
        mirrored = Person.objects.filter(
            **{column: _column_value(column, external_id)}
        ).values_list("pk", flat=True)
        for person_id in [*held, *mirrored.order_by("pk")]:
            person = Person.objects.select_related("source").get(pk=person_id)
            if not _holds_other_ids(person, wanted):
                return person
    return None


def _holds_other_ids(person: Person, wanted: Mapping[str, str]) -> bool:
    held = dict(person.external_ids.values_list("namespace", "value"))
    for namespace, column in _ID_COLUMNS.items():
        value = getattr(person, column)
        if value not in {None, ""}:
            held.setdefault(str(namespace), str(value))
    return any(
        namespace in held and held[namespace] != value
        for namespace, value in wanted.items()
    )


@transaction.atomic
def person_upsert(
    record: r.PersonRecord,
    *,
    source: Source,
    preference: provenance.Preference | None = None,
) -> PersonUpsert:
    """Write one person record with its details: find the person by the record's ids
    (never by name), or create them; attach the ids they lack unless another person
    holds one (that id is refused and reported, the two stay two people); then keep
    each detail with its provenance (`people.provenance`). Raises InvalidRecord for
    a record with no ids, or one that names nobody new."""
    from cinematheque.people import provenance as people_provenance

    if not record.ids:
        raise r.InvalidRecord("a person record without ids identifies nobody")
    person = _person_by_ids(record.ids)
    created = person is None
    if person is None:
        if not record.name:
            raise r.InvalidRecord("a new person needs a name")
        base = slug_base(record.name, "person")
        slug = unique_slug(base, taken_slugs(Person, [base]))
        person = Person.objects.create(name=record.name, slug=slug, source=source)
    changed, refused = _person_ids_attach(person, record.ids)
    if not person.name and record.name:
        person.name = record.name
        person.save(update_fields=["name"])
        changed.append("name")
    values = {
        "birthday": record.birthday,
        "deathday": record.deathday,
        "place_of_birth": record.place_of_birth,
        "biography": record.biography,
        "profile_path": record.profile_image.path if record.profile_image else None,
        "also_known_as": record.also_known_as,
        "known_for_department": record.known_for_department,
    }
    changed += people_provenance.person_values_store(
        person=person,
        source=source,
        values=values,
        retrieved_at=record.retrieved_at or timezone.now(),
        preference=preference,
    )
    return PersonUpsert(person, created, changed, refused)


def _person_ids_attach(
    person: Person, ids: Sequence[r.ExternalId]
) -> tuple[list[str], list[str]]:
    held = set(person.external_ids.values_list("namespace", flat=True))
    changed: list[str] = []
    refused: list[str] = []
    for external_id in ids:
        namespace = str(external_id.namespace)
        if namespace in held:
            continue
        taken = PersonExternalId.objects.filter(
            namespace=namespace, value=external_id.value
        ).exclude(person=person)
        column = _ID_COLUMNS[external_id.namespace]
        value = _column_value(column, external_id)
        mirrored = Person.objects.filter(**{column: value}).exclude(pk=person.pk)
        if taken.exists() or mirrored.exists():
            refused.append(str(external_id))
            continue
        PersonExternalId.objects.create(
            person=person, namespace=namespace, value=external_id.value
        )
        held.add(namespace)
        if getattr(person, column) in {None, ""}:
            setattr(person, column, value)
            person.save(update_fields=[column])
            changed.append(column)
    return changed, refused
