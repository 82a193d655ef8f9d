"""Import the bundled open catalogue (CC0 Wikidata film table from bokeh-sampledata).

    cinematheque manage import_open_catalogue [--limit N] [--batch-size N] [--path FILE]
        [--resume]

Idempotent: a second run writes nothing. Rejected rows are reported on stderr (row
id and reason) at every verbosity; the progress bar and the summary are shown from
verbosity 1 on. Only the films and people that changed are re-indexed for search,
get their related films recomputed and their cached pages forgotten (many changed
films rebuild the index or the related films whole).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cinematheque.ingest import bundled
from cinematheque.ingest.reporting import ImportConsole
from cinematheque.ingest.services import (
    OpenCatalogueResult,
    open_catalogue_import,
    touched_refresh,
)


class Command(BaseCommand):
    help = (
        "Import the bundled CC0 Wikidata film table (films, people, credits, genres, "
        "scores) into the catalogue; safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--limit",
            type=int,
            default=0,
            help="import only the first N rows in Wikidata-number order (0: all)",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=bundled.DEFAULT_BATCH_SIZE,
            help="films written per transaction (default %(default)s)",
        )
        parser.add_argument(
            "--path",
            type=Path,
            default=None,
            help="an SQLite file with the same omdb/tomatoes tables "
            "(default: the one bokeh-sampledata ships)",
        )
        parser.add_argument(
            "--resume",
            action="store_true",
            help="continue the last run that was interrupted, after the rows it "
            "committed (without it, a run reads everything again: safe, but slower)",
        )
        parser.add_argument(
            "--skip-search-index",
            action="store_true",
            help="don't re-index the films that changed for search "
            "(run `cinematheque search rebuild` later)",
        )
        parser.add_argument(
            "--skip-recommendations",
            action="store_true",
            help="don't recompute the related films of the films that changed "
            "(run `cinematheque recommendations rebuild` later)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = verbosity = options["verbosity"]
        limit = options["limit"]
        batch_size = options["batch_size"]
        if limit < 0:
            raise CommandError("--limit must be 0 (all rows) or a positive number.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        path = options["path"] or bundled.default_source_path()
        try:
            connection = bundled.open_source(path)
            total = bundled.count_rows(connection, limit=limit or None)
            connection.close()
        except bundled.SourceFileError as error:
            raise CommandError(str(error)) from error

        console = ImportConsole(self, label="Importing films", total=total)
        try:
            with console:
                result = open_catalogue_import(
                    path=path,
                    limit=limit or None,
                    batch_size=batch_size,
                    on_rows=console.advance,
                    on_reject=console.reject,
                    resume=options["resume"],
                )
        except bundled.BatchFailed as error:
            raise CommandError(f"Import stopped: {error}") from error
        if verbosity >= 1:
            self.stdout.write(f"Source: {result.source.name} ({result.source.licence})")
            console.summary(result.summary)
            self._write_derived(result)
        self._refresh(result, options)

    def _refresh(self, result: OpenCatalogueResult, options: dict[str, Any]) -> None:
        """Bulk writes send no signals: bring the read models of what changed up to
        date here."""
        films = result.summary.touched_films | result.derived.changed_films
        recommendations = not options["skip_recommendations"] and bool(
            result.summary.touched_films
        )
        if recommendations and self.verbosity >= 1:
            self.stdout.write(
                f"Recomputing the related films of the {len(films)} films that changed…"
            )
        touched_refresh(
            films=films,
            people=result.summary.touched_people | result.derived.changed_people,
            search=not options["skip_search_index"],
            recommendations=recommendations,
        )

    def _write_derived(self, result: OpenCatalogueResult) -> None:
        d = result.derived
        self.stdout.write(
            f"Derived: {d.films_rescored} films rescored, {d.people_rescored} people "
            f"rescored, {d.credits_reordered} cast credits reordered"
        )
        self.stdout.write(
            f"Critics' scores: {d.critics_scores_changed} changed; genre centrality: "
            f"{d.genre_centralities_changed} film genres changed"
        )
        self.stdout.write(self.style.SUCCESS("Open catalogue import complete."))
