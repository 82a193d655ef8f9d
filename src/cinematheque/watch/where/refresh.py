"""Refreshing where-to-watch offers from TMDB: offers change by region and by day, so a
scheduled job fetches again the films whose offers are the oldest."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from cinematheque.catalogue.models import Film, Source
from cinematheque.ingest import tmdb
from cinematheque.ingest.services import tmdb_source_get, tmdb_watch_offers_store
from cinematheque.pages.cache import bulk_change, page_cache_forget
from cinematheque.watch.where.cache import watch_offers_forget


@dataclass
class RefreshReport:
    """What a refresh did: films asked for, whose offers changed or not, failures."""

    checked: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    """(film slug, why), for films that keep the offers they had."""
    skipped_items: list[tuple[str, str]] = field(default_factory=list)
    """(film slug, what the mapping left out)."""
    changed_films: set[int] = field(default_factory=set)

    @property
    def failed_all(self) -> bool:
        """Every film asked for failed (TMDB down, a wrong address)."""
        return bool(self.failed) and len(self.failed) == self.checked


def films_due(
    *, older_than: datetime.timedelta, limit: int | None = None
) -> QuerySet[Film]:
    """Films with a TMDB id whose offers were never fetched or fetched longer than
    `older_than` ago; never fetched first, then the oldest fetch."""
    cutoff = timezone.now() - older_than
    due = (
        Film.objects.filter(tmdb_id__isnull=False)
        .filter(
            Q(watch_offer_fetch__isnull=True)
            | Q(watch_offer_fetch__fetched_at__lt=cutoff)
        )
        .order_by(F("watch_offer_fetch__fetched_at").asc(nulls_first=True), "tmdb_id")
        .only("id", "slug", "title", "year", "tmdb_id")
    )
    return due[:limit] if limit is not None else due


def refresh_watch_offers(
    *,
    older_than: datetime.timedelta,
    limit: int | None,
    client: tmdb.TmdbClient | None = None,
    on_film: Callable[[Film, str], None] | None = None,
) -> RefreshReport:
    """Fetch again from TMDB (`/movie/{id}/watch/providers`, every country at once)
    the offers of the films due (`films_due`), store them and their fetch time, and
    forget the cached fragments (and pages) of the films whose offers changed.

    A film whose fetch fails keeps its offers and is reported in `failed`; the others
    go on. Raises tmdb.TmdbAuthError at once for refused credentials, tmdb.TmdbError
    for settings that make no client. `client` defaults to one from the TMDB_*
    settings; `on_film(film, outcome)` is called after each film.
    """
    report = RefreshReport()
    films = list(films_due(older_than=older_than, limit=limit))
    if not films:
        return report
    own_client = client is None
    client = client or tmdb.client_from_settings()
    source = tmdb_source_get()
    try:
        with bulk_change():
            for film in films:
                outcome = _refresh_one(
                    film, client=client, source=source, report=report
                )
                if on_film:
                    on_film(film, outcome)
            if report.changed_films:
                page_cache_forget(films=report.changed_films)
                watch_offers_forget(films=report.changed_films)
    finally:
        if own_client:
            client.close()
    return report


def _refresh_one(
    film: Film, *, client: tmdb.TmdbClient, source: Source, report: RefreshReport
) -> str:
    report.checked += 1
    assert film.tmdb_id is not None  # noqa: S101 (films_due filters)
    try:
        answer = client.watch_providers(film.tmdb_id)
    except tmdb.TmdbAuthError:
        raise
    except tmdb.TmdbError as error:
        report.failed.append((film.slug, str(error)))
        return "failed"
    retrieved_at = timezone.now()
    mapping = tmdb.MappingReport()
    offers = tmdb.watch_providers_record(answer, report=mapping)
    report.skipped_items += [(film.slug, line) for line in mapping.skipped]
    if offers is None:
        report.failed.append((film.slug, "TMDB's answer has no `results`."))
        return "failed"
    with transaction.atomic():
        changed = tmdb_watch_offers_store(
            film=film, offers=offers, retrieved_at=retrieved_at, source=source
        )
    if changed:
        report.changed += 1
        report.changed_films.add(film.pk)
        return "changed"
    report.unchanged += 1
    return "unchanged"
