"""Import IMDb's dataset files.

    cinematheque import imdb --dir DIR [--all-types] [--include-adult] [--resume]
        [--chunk-rows N] [--skip-search-index] [--skip-recommendations]

Reads whichever of title.basics, name.basics, title.principals, title.crew,
title.ratings and title.akas (.tsv.gz or .tsv) are in DIR, says which are missing,
shows a progress bar per file with rows per second, and reports malformed rows (the
count per reason and the first ones with their line numbers) on stderr. Idempotent:
a second run writes nothing. An interrupted run continues with --resume.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from cinematheque.ingest.imdb import TitleFilter, imdb_import
from cinematheque.ingest.imdb.files import WrongHeader
from cinematheque.ingest.imdb.importer import DEFAULT_CHUNK_ROWS, iter_summary
from cinematheque.ingest.reporting import RowsPerSecond, summary_lines
from cinematheque.ingest.services import touched_refresh


class Command(BaseCommand):
    help = (
        "Import IMDb's dataset files (films, people, billing, ratings, alternative "
        "titles) from a directory; safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir",
            type=Path,
            required=True,
            help="the directory holding the .tsv.gz (or .tsv) files",
        )
        parser.add_argument(
            "--all-types",
            action="store_true",
            help="import every title type (default: movie and tvMovie only)",
        )
        parser.add_argument(
            "--include-adult", action="store_true", help="import adult titles too"
        )
        parser.add_argument(
            "--resume",
            action="store_true",
            help="continue the last run that was interrupted, after the files and "
            "rows it committed",
        )
        parser.add_argument(
            "--chunk-rows",
            type=int,
            default=None,
            help="rows per transaction, read and checked in Python (default: on "
            f"PostgreSQL each file COPYed whole and applied in SQL, one transaction "
            f"per file; on SQLite {DEFAULT_CHUNK_ROWS:,})",
        )
        parser.add_argument(
            "--skip-search-index",
            action="store_true",
            help="don't re-index the films that changed (run `cinematheque search "
            "rebuild` later)",
        )
        parser.add_argument(
            "--skip-recommendations",
            action="store_true",
            help="don't recompute the related films of the films that changed",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        directory: Path = options["dir"]
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory.")
        if options["chunk_rows"] is not None and options["chunk_rows"] < 1:
            raise CommandError("--chunk-rows must be at least 1.")
        title_filter = TitleFilter(
            types=None if options["all_types"] else TitleFilter().types,
            include_adult=options["include_adult"],
        )
        console = Console(file=self.stderr._out, highlight=False)  # type: ignore[arg-type]
        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed:,} rows"),
            RowsPerSecond(),
            TimeElapsedColumn(),
            console=console,
            disable=verbosity < 1,
        )
        tasks: dict[str, TaskID] = {}
        current: list[TaskID] = []

        def on_file(name: str, path: Path) -> None:
            if current:
                progress.update(current[-1], total=progress.tasks[-1].completed)
            tasks[name] = progress.add_task(f"{path.name:<26}", total=None)
            current.append(tasks[name])

        def on_rows(rows: int) -> None:
            progress.advance(current[-1], rows)

        try:
            with progress:
                report = imdb_import(
                    directory=directory,
                    title_filter=title_filter,
                    resume=options["resume"],
                    chunk_rows=options["chunk_rows"],
                    on_file=on_file,
                    on_rows=on_rows,
                )
                if current:
                    progress.update(current[-1], total=progress.tasks[-1].completed)
        except (FileNotFoundError, WrongHeader) as error:
            raise CommandError(str(error)) from error
        for name in report.missing:
            self.stderr.write(
                f"Missing: {name} (.tsv.gz or .tsv) is not in {directory}."
            )
        for name, file_report in report.files.items():
            for number, reason, raw in file_report.examples:
                self.stderr.write(f"{name} line {number}: {reason}; skipped. {raw}")
            shown = len(file_report.examples)
            if file_report.malformed_count > shown:
                self.stderr.write(
                    f"{name}: {file_report.malformed_count} malformed rows in all."
                )
        if verbosity >= 1:
            for text in [*iter_summary(report), *summary_lines(report.upserted)]:
                self.stdout.write(text)
        touched_refresh(
            films=report.upserted.touched_films,
            people=report.upserted.touched_people,
            search=not options["skip_search_index"],
            recommendations=not options["skip_recommendations"],
        )
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS("IMDb import complete."))
