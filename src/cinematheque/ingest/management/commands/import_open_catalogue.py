"""Import the bundled open catalogue (CC0 Wikidata film table from bokeh-sampledata).

    cinematheque manage import_open_catalogue [--limit N] [--batch-size N] [--path FILE]

Idempotent: a second run creates nothing and updates only changed values. Rejected
rows are reported on stderr (row id and reason) at every verbosity; the progress bar
and the summary are shown from verbosity 1 on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from cinematheque.ingest import bundled
from cinematheque.ingest.services import OpenCatalogueResult, open_catalogue_import
from cinematheque.recommendations.services import recommendations_rebuild
from cinematheque.search.services import search_rebuild


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
            "--skip-search-index",
            action="store_true",
            help="don't rebuild the search index after the run "
            "(run `cinematheque search rebuild` later)",
        )
        parser.add_argument(
            "--skip-recommendations",
            action="store_true",
            help="don't recompute the related films after a run that changed the "
            "catalogue (run `cinematheque recommendations rebuild` later)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
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

        def report_reject(row_id: str, reason: str) -> None:
            self.stderr.write(f"Rejected row {row_id}: {reason}; skipped.")

        console = Console(file=self.stderr._out, highlight=False)  # type: ignore[arg-type]
        progress = Progress(
            TextColumn("Importing films"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=verbosity < 1,
        )
        task = progress.add_task("import", total=total)
        try:
            with progress:
                result = open_catalogue_import(
                    path=path,
                    limit=limit or None,
                    batch_size=batch_size,
                    on_rows=lambda n: progress.advance(task, n),
                    on_reject=report_reject,
                )
        except bundled.BatchFailed as error:
            raise CommandError(f"Import stopped: {error}") from error
        # Bulk writes send no signals: bring the read models up to date here.
        if not options["skip_search_index"]:
            search_rebuild()
        if verbosity >= 1:
            self._write_summary(result)
        if _catalogue_changed(result) and not options["skip_recommendations"]:
            if verbosity >= 1:
                self.stdout.write("Recomputing the related films of every film…")
            recommendations_rebuild()

    def _write_summary(self, result: OpenCatalogueResult) -> None:
        s, d = result.summary, result.derived
        lines = [
            f"Source: {result.source.name} ({result.source.licence})",
            f"Rows read: {s.rows_read}; rejected: {len(s.rejected)}",
            f"Films: {s.films_created} created, {s.films_updated} updated, "
            f"{s.films_unchanged} unchanged",
            f"People: {s.people_created} created",
            f"Credits: {s.credits_created} created, {s.credits_updated} updated, "
            f"{s.credits_deleted} deleted",
            f"Review scores: {s.scores_created} created, {s.scores_updated} updated, "
            f"{s.scores_deleted} deleted",
            f"Version relations: {s.relations_created} created, "
            f"{s.relations_deleted} deleted",
            f"Derived: {d.films_rescored} films rescored, {d.people_rescored} people "
            f"rescored, {d.credits_reordered} cast credits reordered",
            f"Critics' scores: {d.critics_scores_changed} changed; genre centrality: "
            f"{d.genre_centralities_changed} film genres changed",
        ]
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Open catalogue import complete."))


def _catalogue_changed(result: OpenCatalogueResult) -> bool:
    s = result.summary
    return any(
        (
            s.films_created,
            s.films_updated,
            s.credits_created,
            s.credits_updated,
            s.credits_deleted,
            s.relations_created,
            s.relations_deleted,
        )
    )
