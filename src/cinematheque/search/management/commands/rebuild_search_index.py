"""Rebuild the search index from the catalogue: every film and person, and the
vocabulary used to correct typing mistakes. Runs in one transaction; on SQLite the site
keeps answering from the old index until the new one commits.

    cinematheque search rebuild
    cinematheque manage rebuild_search_index
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from cinematheque.search.services import search_rebuild

STAGES = {"films": "Films", "people": "People", "words": "Vocabulary"}


class Command(BaseCommand):
    help = "Rebuild the search index (films, people, vocabulary) from the catalogue."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help="do not draw a progress bar (logs and CI)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        show = options["verbosity"] > 0 and not options["no_progress"]
        started = time.perf_counter()
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            disable=not show,
            transient=False,
        ) as bar:
            tasks: dict[str, Any] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(STAGES.get(stage, stage), total=total)
                bar.update(tasks[stage], completed=done, total=total)

            try:
                report = search_rebuild(progress=progress)
            except DatabaseError as error:
                raise CommandError(
                    f"Could not rebuild the search index: {error}. Check that the "
                    "migrations are applied (`cinematheque manage migrate`); on "
                    "PostgreSQL the unaccent and pg_trgm extensions must exist."
                ) from error
        if options["verbosity"] > 0:
            self.stdout.write(
                f"Indexed {report.films:,} films, {report.people:,} people and "
                f"{report.terms:,} words in {time.perf_counter() - started:.1f} s "
                f"(index size {report.size_bytes / 1e6:.1f} MB)."
            )
