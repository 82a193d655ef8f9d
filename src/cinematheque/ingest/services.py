"""Write services of the ingest app: the entry points that commands and the CLI call."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cinematheque.catalogue import derived
from cinematheque.catalogue.models import Film, Source
from cinematheque.ingest import bundled
from cinematheque.ingest.models import LoadStep
from cinematheque.pages.cache import bulk_change, page_cache_forget
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
