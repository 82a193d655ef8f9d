"""Write services of the ingest app: the entry points that commands and the CLI call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cinematheque.catalogue import derived
from cinematheque.catalogue.models import Source
from cinematheque.ingest import bundled
from cinematheque.ingest.models import LoadStep
from cinematheque.pages.cache import bulk_change, page_cache_forget


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
) -> OpenCatalogueResult:
    """Import (or re-import) the bundled Wikidata film table, then refresh the derived
    values (notability, prominence, estimated billing).

    `path` defaults to the bokeh-sampledata file; `limit` takes the first N rows in
    Wikidata-number order. Each batch is its own transaction: on failure this raises
    `bundled.BatchFailed`, the earlier batches stay, and running it again completes
    the import. Raises `bundled.SourceFileError` for a file that is not the table.
    """
    with bulk_change():
        source, summary = bundled.run_import(
            path=path,
            limit=limit,
            batch_size=batch_size,
            on_rows=on_rows,
            on_reject=on_reject,
        )
        with transaction.atomic():
            refreshed = derived.derived_values_refresh(source=source)
        if summary.changed_anything or refreshed.changed_anything:
            # Rows are written in bulk (no signals), and the derived values
            # (notability, billing) of any film can move: forget every page.
            page_cache_forget(everything=True)
    return OpenCatalogueResult(source=source, summary=summary, derived=refreshed)


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
