"""Write services of the ingest app: the entry points that commands and the CLI call."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone

from cinematheque.catalogue import derived
from cinematheque.catalogue.images import (
    TMDB_SOURCE_KEY,
    ImageConfiguration,
    tmdb_image_configuration_forget,
)
from cinematheque.catalogue.models import (
    Film,
    Source,
    Translation,
    WatchOffer,
    WatchOfferFetch,
)
from cinematheque.catalogue.provenance import EDITORS
from cinematheque.ingest import bundled, tmdb, upsert
from cinematheque.ingest.models import LoadStep
from cinematheque.ingest.records import (
    Department,
    FilmRecord,
    ImageKind,
    InvalidRecord,
    Namespace,
    WatchProvider,
)
from cinematheque.ingest.records import Translation as TranslationRecord
from cinematheque.pages.cache import BULK_LIMIT, bulk_change, page_cache_forget
from cinematheque.people.models import Person
from cinematheque.recommendations.services import (
    recommendations_rebuild,
    recommendations_refresh_for_film,
)
from cinematheque.search.services import (
    people_of_films,
    search_index_films,
    search_index_people,
    search_rebuild,
)


@dataclass
class OpenCatalogueResult:
    source: Source
    summary: bundled.ImportSummary
    derived: derived.DerivedSummary


def open_catalogue_import(
    *,
    path: Path | None = None,
    limit: int | None = None,
    batch_size: int = bundled.DEFAULT_BATCH_SIZE,
    on_rows: Callable[[int], None] | None = None,
    on_reject: Callable[[str, str], None] | None = None,
    resume: bool = False,
) -> OpenCatalogueResult:
    """Import (or re-import) the bundled Wikidata film table, then refresh the derived
    values (notability, prominence, estimated billing).

    `path` defaults to the bokeh-sampledata file; `limit` takes the first N rows in
    Wikidata-number order; `resume` continues an interrupted run after the rows it
    committed. Each batch is its
    own transaction: a film that fails is reported and skipped, and if every film of
    a batch fails this raises `bundled.BatchFailed`; the earlier batches stay, and
    running it again completes the import. Raises `bundled.SourceFileError` for a
    file that is not the table. Cached pages of the films and people that changed
    are forgotten; search and related films are the caller's (`touched_refresh`).
    """
    with bulk_change():
        source, summary = bundled.run_import(
            path=path,
            limit=limit,
            batch_size=batch_size,
            on_rows=on_rows,
            on_reject=on_reject,
            resume=resume,
        )
        with transaction.atomic():
            refreshed = derived.derived_values_refresh(source=source)
        if summary.changed_anything or refreshed.changed_anything:
            page_cache_forget(
                films=summary.touched_films | refreshed.changed_films,
                people=summary.touched_people | refreshed.changed_people,
                lists=True,
                sitemaps=True,
                search=True,
            )
    return OpenCatalogueResult(source=source, summary=summary, derived=refreshed)


# Above this many touched films, one rebuild of the search index or of the related
# films costs less than refreshing film by film (a film's related films read its
# whole neighbourhood: about a second on the bundled catalogue).
REBUILD_SEARCH_ABOVE = 2000
REBUILD_RECOMMENDATIONS_ABOVE = 20


@dataclass
class RefreshReport:
    films_indexed: int = 0
    people_indexed: int = 0
    search_rebuilt: bool = False
    recommendation_lists: int = 0
    recommendations_rebuilt: bool = False


def touched_refresh(
    *,
    films: Iterable[int],
    people: Iterable[int] = (),
    recommendations: bool = True,
    search: bool = True,
) -> RefreshReport:
    """Bring the read models up to date after an import touched these films and
    people: their search documents (and those of the people credited on the films,
    whose documents name their best-known film), their related films, and their
    cached pages. Many films at once rebuild the index or the related films whole.
    """
    film_ids, person_ids = set(films), set(people)
    report = RefreshReport()
    if not film_ids and not person_ids:
        return report
    if search:
        if len(film_ids) > REBUILD_SEARCH_ABOVE:
            search_rebuild()
            report.search_rebuilt = True
        else:
            report.films_indexed = search_index_films(film_ids=film_ids)
            report.people_indexed = search_index_people(
                person_ids=person_ids | people_of_films(film_ids)
            )
    if recommendations and film_ids:
        if len(film_ids) > REBUILD_RECOMMENDATIONS_ABOVE:
            recommendations_rebuild()
            report.recommendations_rebuilt = True
        else:
            for film in Film.objects.filter(pk__in=film_ids):
                report.recommendation_lists += recommendations_refresh_for_film(
                    film=film
                )
    if len(film_ids) + len(person_ids) > BULK_LIMIT:
        # One version bump for the whole site instead of a key per page: at the
        # scale of a full IMDb import, naming a million pages costs more than it saves.
        page_cache_forget(everything=True)
    else:
        page_cache_forget(films=film_ids, people=person_ids, lists=True, search=True)
    return report


@transaction.atomic
def load_step_start(*, name: str) -> int:
    """Record that the first-start step `name` begins (not finished until
    `load_step_finish`); return how many times it has been started, this one included."""
    step, _created = LoadStep.objects.select_for_update().get_or_create(name=name)
    step.started_at = timezone.now()
    step.finished_at = None
    step.attempts = F("attempts") + 1
    step.save(update_fields=["started_at", "finished_at", "attempts"])
    step.refresh_from_db(fields=["attempts"])
    return step.attempts


def load_step_finish(*, name: str) -> None:
    """Record that the first-start step `name` ran to its end."""
    LoadStep.objects.filter(name=name).update(finished_at=timezone.now())


# --- TMDB --------------------------------------------------------------------------

TMDB_NOTICE = "This product uses the TMDB API but is not endorsed or certified by TMDB."
TMDB_SOURCE_DEFAULTS = {
    "name": "TMDB",
    "url": "https://www.themoviedb.org/",
    "licence": "TMDB API Terms of Use",
    "licence_url": "https://www.themoviedb.org/api-terms-of-use",
    "attribution": TMDB_NOTICE,
}


class TmdbFilmNotWritten(Exception):
    """The upsert wrote no film with the record's TMDB id (it is another film's)."""


@dataclass
class TmdbImportReport:
    """What a TMDB import did: films fetched and written, films that failed (their
    rows kept what they had), items the mapping left out."""

    films_fetched: int = 0
    films_written: int = 0
    films_unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped_items: list[tuple[str, str]] = field(default_factory=list)
    touched_films: set[int] = field(default_factory=set)
    touched_people: set[int] = field(default_factory=set)
    upserted: upsert.UpsertReport = field(default_factory=upsert.UpsertReport)
    """The shared upsert's counts over every film written."""
    people: TmdbPeopleReport | None = None
    """The people fetched with the films (`TMDB_PEOPLE_PER_FILM`)."""


@dataclass
class TmdbPeopleReport:
    """What a TMDB people import did: people fetched, created and changed, people
    whose fetch failed (their rows kept what they had), ids another person holds."""

    fetched: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    ids_refused: list[tuple[str, str]] = field(default_factory=list)
    touched_people: set[int] = field(default_factory=set)
    done: set[int] = field(default_factory=set)
    """TMDB ids fetched in this run (a person credited on many films is asked once)."""


def tmdb_source_get() -> Source:
    """The TMDB source row (created on first use)."""
    source, _created = Source.objects.get_or_create(
        key=TMDB_SOURCE_KEY, defaults=TMDB_SOURCE_DEFAULTS
    )
    return source


def tmdb_configuration_store(*, source: Source, configuration: dict) -> bool:
    """Keep where TMDB serves images (its /configuration); True when it changed.

    A Source save forgets every cached page, so an unchanged configuration is not
    saved again."""
    images = ImageConfiguration.from_json(configuration).as_json()
    if source.image_configuration == images:
        return False
    source.image_configuration = images
    source.save(update_fields=["image_configuration"])
    tmdb_image_configuration_forget()
    return True


def tmdb_films_import(
    *,
    client: tmdb.TmdbClient,
    tmdb_ids: Iterable[int],
    on_film: Callable[[int, str], None] | None = None,
    people_per_film: int | None = None,
) -> TmdbImportReport:
    """Fetch each film from TMDB (every block appended) and write it through the
    shared upsert, one film per transaction, and forget the cached pages of the films
    and people that changed; their search documents and related films are the
    caller's (`touched_refresh`).

    A film whose fetch fails (404, TMDB down after the retries, an answer that is not
    a film) is reported in `failed` and keeps what it had: nothing is written before
    the whole answer is in. `on_film(tmdb_id, outcome)` is called after each film.
    Each film's first `people_per_film` people (`TMDB_PEOPLE_PER_FILM` by default;
    directors, then the cast in billing order) are fetched from /person/{id} too,
    each once per run, through the same request ceiling (`tmdb_people_import`).
    Raises tmdb.TmdbAuthError at once for refused credentials.
    """
    report = TmdbImportReport()
    if people_per_film is None:
        people_per_film = tmdb_people_per_film()
    people = TmdbPeopleReport()
    source = tmdb_source_get()
    tmdb_configuration_store(source=source, configuration=client.configuration())
    for tmdb_id in tmdb_ids:
        ref = f"tmdb:{tmdb_id}"
        try:
            data = client.movie(tmdb_id)
        except tmdb.TmdbAuthError:
            raise
        except tmdb.TmdbError as error:
            report.failed.append((ref, str(error)))
            _announce(on_film, tmdb_id, "failed")
            continue
        report.films_fetched += 1
        mapping = tmdb.MappingReport()
        try:
            record = tmdb.film_record(data, retrieved_at=timezone.now(), report=mapping)
        except InvalidRecord as error:
            report.failed.append((ref, str(error)))
            _announce(on_film, tmdb_id, "failed")
            continue
        report.skipped_items += [(ref, line) for line in mapping.skipped]
        try:
            changed = _tmdb_film_write(record, source=source, report=report)
        except (upsert.BatchFailed, TmdbFilmNotWritten) as error:
            report.failed.append((ref, f"not written: {error}"))
            _announce(on_film, tmdb_id, "failed")
            continue
        if changed:
            report.films_written += 1
        else:
            report.films_unchanged += 1
        _announce(on_film, tmdb_id, "written" if changed else "unchanged")
        if people_per_film:
            tmdb_people_import(
                client=client,
                tmdb_ids=billed_people(record, people_per_film),
                report=people,
                source=source,
                forget_pages=False,
            )
    if people_per_film:
        report.people = people
        report.touched_people |= people.touched_people
    if report.touched_films or report.touched_people:
        page_cache_forget(
            films=report.touched_films,
            people=report.touched_people,
            lists=True,
            search=True,
        )
    return report


def tmdb_people_per_film() -> int:
    """`TMDB_PEOPLE_PER_FILM` as a number; raises tmdb.TmdbError when it is not one."""
    from django.conf import settings

    value = str(settings.TMDB_PEOPLE_PER_FILM).strip()
    if not value.isdigit() or int(value) > 100:
        raise tmdb.TmdbError(
            "TMDB_PEOPLE_PER_FILM must be a whole number from 0 to 100, "
            f"not {settings.TMDB_PEOPLE_PER_FILM!r}."
        )
    return int(value)


def billed_people(record: FilmRecord, limit: int) -> list[int]:
    """The TMDB ids of the film's first `limit` people: its directors, then the cast
    in billing order."""
    credits = record.credits or ()
    directors = [c for c in credits if c.department == Department.DIRECTING]
    cast = sorted(
        (c for c in credits if c.department == Department.ACTING),
        key=lambda credit: credit.order if credit.order is not None else 10**6,
    )
    ids = (c.person.id_in(Namespace.TMDB) for c in (*directors, *cast))
    return list(dict.fromkeys(int(i) for i in ids if i))[:limit]


def tmdb_people_import(
    *,
    client: tmdb.TmdbClient,
    tmdb_ids: Iterable[int],
    report: TmdbPeopleReport | None = None,
    source: Source | None = None,
    on_person: Callable[[int, str], None] | None = None,
    forget_pages: bool = True,
) -> TmdbPeopleReport:
    """Fetch each person from TMDB's /person/{id} (external ids and photos appended)
    and write their details with provenance (`upsert.person_upsert`), one person per
    transaction. A person whose fetch fails (404, TMDB still refusing after its
    Retry-After waits) is reported in `failed` and keeps what they had. A person
    already fetched in `report`'s run is not asked again. Raises tmdb.TmdbAuthError
    at once for refused credentials.
    """
    report = report if report is not None else TmdbPeopleReport()
    source = source or tmdb_source_get()
    for tmdb_id in tmdb_ids:
        if tmdb_id in report.done:
            continue
        report.done.add(tmdb_id)
        ref = f"tmdb:{tmdb_id}"
        try:
            data = client.person(tmdb_id)
            record = tmdb.person_record(data, retrieved_at=timezone.now())
        except tmdb.TmdbAuthError:
            raise
        except (tmdb.TmdbError, InvalidRecord) as error:
            report.failed.append((ref, str(error)))
            _announce(on_person, tmdb_id, "failed")
            continue
        report.fetched += 1
        try:
            written = upsert.person_upsert(record, source=source)
        except InvalidRecord as error:
            report.failed.append((ref, f"not written: {error}"))
            _announce(on_person, tmdb_id, "failed")
            continue
        report.ids_refused += [(ref, refused) for refused in written.ids_refused]
        if written.created:
            report.created += 1
        elif written.changed:
            report.changed += 1
        else:
            report.unchanged += 1
        if written.created or written.changed:
            report.touched_people.add(written.person.pk)
        _announce(on_person, tmdb_id, "written" if written.changed else "unchanged")
    if forget_pages and report.touched_people:
        page_cache_forget(people=report.touched_people, search=True)
    return report


def tmdb_ids_for_films(films: Iterable[Film], *, client: tmdb.TmdbClient) -> list[int]:
    """The TMDB ids of films: their own, else found through their IMDb id."""
    ids = []
    for film in films:
        if film.tmdb_id:
            ids.append(film.tmdb_id)
        elif film.imdb_id:
            ids += client.find_movie_ids(film.imdb_id)[:1]
    return ids


def tmdb_linked_changes(
    *, client: tmdb.TmdbClient, start: datetime.date, end: datetime.date
) -> list[int]:
    """The TMDB ids of the catalogue's films that TMDB changed between the dates."""
    changed = list(client.changed_movie_ids(start=start, end=end))
    linked: set[int | None] = set()
    for chunk in range(0, len(changed), 1000):
        linked.update(
            Film.objects.filter(tmdb_id__in=changed[chunk : chunk + 1000]).values_list(
                "tmdb_id", flat=True
            )
        )
    return [tmdb_id for tmdb_id in changed if tmdb_id in linked]


def _announce(
    on_film: Callable[[int, str], None] | None, tmdb_id: int, what: str
) -> None:
    if on_film:
        on_film(tmdb_id, what)


def _tmdb_film_write(
    record: FilmRecord, *, source: Source, report: TmdbImportReport
) -> bool:
    """Write one film record through the shared upsert, then TMDB's images, watch
    offers and cast photos for it, in one transaction: the film is written whole or
    not at all. True when a row changed; raises upsert.BatchFailed when the upsert
    could not write the film, TmdbFilmNotWritten when it wrote another."""
    with transaction.atomic():
        upserted = upsert.upsert_stream(
            [record], source=source, batch_size=1, retrieved_at=record.retrieved_at
        )
        film = _tmdb_film_of(record)
        changed = upserted.changed_anything
        changed |= _tmdb_images_store(film, record)
        if record.translations is not None:
            changed |= translations_store(
                film=film,
                translations=record.translations,
                source=source,
                retrieved_at=record.retrieved_at or timezone.now(),
            )
        if record.watch_providers is not None:
            changed |= tmdb_watch_offers_store(
                film=film,
                offers=record.watch_providers,
                retrieved_at=record.retrieved_at or timezone.now(),
                source=source,
            )
        people = _tmdb_profile_photos_store(record)
    report.upserted.add(upserted)
    report.touched_films |= upserted.touched_films
    report.touched_people |= upserted.touched_people | people
    if changed or people:
        report.touched_films.add(film.pk)
    return changed or bool(people)


def _tmdb_film_of(record: FilmRecord) -> Film:
    tmdb_id = record.id_in(Namespace.TMDB)
    film = Film.objects.filter(
        external_ids__namespace=Namespace.TMDB, external_ids__value=tmdb_id
    ).first()
    if film is None:
        raise TmdbFilmNotWritten(
            f"no film holds the TMDB id {tmdb_id} after the upsert"
        )
    return film


def _tmdb_images_store(film: Film, record: FilmRecord) -> bool:
    """The first poster and backdrop of the record (TMDB's choice) on the film; a
    record whose images were not looked at leaves them as they are."""
    if record.images is None:
        return False
    first: dict[ImageKind, str] = {}
    for image in record.images:
        first.setdefault(image.kind, image.path)
    poster = first.get(ImageKind.POSTER, "")
    backdrop = first.get(ImageKind.BACKDROP, "")
    if (film.poster_path, film.backdrop_path) == (poster, backdrop):
        return False
    film.poster_path, film.backdrop_path = poster, backdrop
    film.save(update_fields=["poster_path", "backdrop_path"])
    return True


def translations_store(
    *,
    film: Film,
    translations: Iterable[TranslationRecord],
    source: Source,
    retrieved_at: datetime.datetime,
) -> bool:
    """Replace `source`'s translations of the film by `translations`, and list on
    the film the languages the page can offer (`Film.synopsis_languages`: those
    with an overview, a tagline or a title of their own). True when a translation
    changed. Call inside a transaction, for a block the source sent, after the
    film's own titles are written."""
    changed = _replace_rows(
        current={
            (row.language, row.country): row
            for row in Translation.objects.filter(film=film, source=source)
        },
        wanted={(t.language, t.country): t for t in translations},
        values_of=lambda t: {
            "title": t.title,
            "overview": t.overview,
            "tagline": t.tagline,
            "retrieved_at": retrieved_at,
        },
        create=lambda t, values: Translation.objects.create(
            film=film,
            language=t.language,
            country=t.country,
            source=source,
            **values,
        ),
        compared=("title", "overview", "tagline"),
    )
    languages = " ".join(
        sorted(
            {
                row.tag
                for row in Translation.objects.filter(film=film)
                if row.adds_text_to(film)
            }
        )
    )[:1000]
    if film.synopsis_languages != languages:
        film.synopsis_languages = languages
        film.save(update_fields=["synopsis_languages"])
        changed = True
    return changed


def _replace_rows(
    *,
    current: Mapping[Hashable, Model],
    wanted: Mapping[Hashable, Any],
    values_of: Callable[[Any], dict[str, Any]],
    create: Callable[[Any, dict[str, Any]], object],
    compared: Iterable[str] | None = None,
) -> bool:
    """Make a source's stored rows (`current`, by key) those it sent (`wanted`):
    delete the rows it no longer sends, create the new ones and update those whose
    `compared` values (every value by default) differ. True when a row changed."""
    changed = False
    for key, stale in current.items():
        if key not in wanted:
            stale.delete()
            changed = True
    for key, record in wanted.items():
        values = values_of(record)
        row = current.get(key)
        if row is None:
            create(record, values)
            changed = True
        elif any(getattr(row, name) != values[name] for name in (compared or values)):
            for name, value in values.items():
                setattr(row, name, value)
            row.save(update_fields=list(values))
            changed = True
    return changed


def tmdb_watch_offers_store(
    *,
    film: Film,
    offers: Iterable[WatchProvider],
    retrieved_at: datetime.datetime,
    source: Source,
) -> bool:
    """Replace TMDB's watch offers of the film (every country) by `offers`, and
    record when they were fetched (`WatchOfferFetch`), even when there are none: that
    is how "not available in France as of <date>" is told from "never fetched".
    True when an offer changed (a new fetch time alone is not a change of the film).
    Call inside a transaction, for offers TMDB sent (an absent block is not empty)."""
    WatchOfferFetch.objects.update_or_create(
        film=film, defaults={"fetched_at": retrieved_at, "source": source}
    )
    return _replace_rows(
        current={
            (offer.country, offer.kind, offer.provider): offer
            for offer in WatchOffer.objects.filter(film=film, source=source)
        },
        wanted={
            (offer.country, offer.kind.value, offer.provider): offer for offer in offers
        },
        values_of=lambda offer: {
            "provider_id": offer.provider_id,
            "logo_path": offer.logo_path,
            "link": offer.link[:500],
            "display_priority": offer.display_priority,
        },
        create=lambda offer, values: WatchOffer.objects.create(
            film=film,
            country=offer.country,
            kind=offer.kind.value,
            provider=offer.provider,
            source=source,
            **values,
        ),
    )


def _tmdb_profile_photos_store(record: FilmRecord) -> set[int]:
    """Profile photo paths of the credited people the catalogue knows by TMDB id;
    the ids of the people whose photo changed."""
    photos = {
        int(tmdb_person): credit.person.profile_image.path
        for credit in record.credits or ()
        if credit.person.profile_image
        and (tmdb_person := credit.person.id_in(Namespace.TMDB))
    }
    changed: set[int] = set()
    people = (
        Person.objects.filter(tmdb_id__in=photos)
        .exclude(profile_path__in=set(photos.values()))
        # A photo chosen in the admin stays (people.provenance).
        .exclude(
            field_provenance__field="profile_path",
            field_provenance__source__key=EDITORS,
        )
    )
    for person in people.only("id", "tmdb_id", "profile_path"):
        assert person.tmdb_id is not None  # noqa: S101 (filtered above)
        person.profile_path = photos[person.tmdb_id]
        person.save(update_fields=["profile_path"])
        changed.add(person.pk)
    return changed
