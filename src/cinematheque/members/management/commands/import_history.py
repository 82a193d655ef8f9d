"""Import a member's Letterboxd or IMDb export (a zip or a CSV file), then print the
report: what was matched, what waits for the member's choice on /me/imports/<id>/,
what the catalogue lacks and which rows were rejected, with their reason.

    cinematheque members import letterboxd --user NAME FILE
    cinematheque members import imdb --user NAME FILE
    cinematheque members import retry [--user NAME]
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from cinematheque.members.imports import services
from cinematheque.members.imports.models import ImportBatch
from cinematheque.members.imports.records import ExportFormatError
from cinematheque.members.imports.uploads import upload_read

STAGES = {"match": "Matching films", "apply": "Writing history"}


class Command(BaseCommand):
    help = "Import a Letterboxd or IMDb export into a member's history."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "source",
            choices=[*ImportBatch.Source.values, "retry"],
            help="letterboxd or imdb: the export's origin; retry: match the "
            "unmatched rows of past imports again",
        )
        parser.add_argument("file", nargs="?", type=Path, help="the .zip or .csv")
        parser.add_argument("--user", help="the member's username", required=False)
        parser.add_argument(
            "--again",
            action="store_true",
            help="import a file imported before (changes nothing unless the "
            "catalogue changed)",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="do not draw a progress bar"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = self._user(options["user"]) if options["user"] else None
        if options["source"] == "retry":
            found = services.retry_unmatched(user=user)
            self.stdout.write(f"{found} unmatched rows found their film.")
            return
        if user is None:
            raise CommandError("Name the member: --user NAME.")
        path: Path | None = options["file"]
        if path is None or not path.is_file():
            raise CommandError(f"No export file at {path}.")
        show = options["verbosity"] > 0 and not options["no_progress"]
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            disable=not show,
        ) as bar:
            tasks: dict[str, Any] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(STAGES.get(stage, stage), total=total)
                bar.update(tasks[stage], completed=done, total=total)

            try:
                result = services.history_import(
                    user=user,
                    source=options["source"],
                    filename=path.name,
                    raw=upload_read(path),
                    progress=progress,
                    again=options["again"],
                )
            except ExportFormatError as error:
                raise CommandError(str(error)) from error
        self._report(result)

    def _user(self, username: str) -> Any:
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No member is called {username!r}.") from error

    def _report(self, result: services.ImportResult) -> None:
        batch = result.batch
        if result.repeated:
            self.stdout.write(
                f"This file was imported before (import {batch.pk}): nothing "
                "changed. Use --again to import it once more."
            )
        counts = Counter(batch.rows.values_list("status", flat=True))
        changes = result.changes
        self.stdout.write(
            f"Import {batch.pk}: {counts['matched']} matched, "
            f"{counts['ambiguous']} to choose, {counts['unmatched']} not in the "
            f"catalogue, {counts['rejected']} rejected, {counts['skipped']} skipped."
        )
        self.stdout.write(
            f"Written: {changes.ratings} ratings, {changes.diary} diary entries, "
            f"{changes.reviews} reviews, {changes.watched} watched, "
            f"{changes.watchlist} on the watchlist, {changes.list_items} list entries."
        )
        for row in batch.rows.filter(status="rejected"):
            self.stderr.write(
                f"  rejected {row.file}:{row.line} {row.title}: {row.reason}"
            )
        if counts["ambiguous"]:
            self.stdout.write(
                f"Choose the ambiguous films on /me/imports/{batch.pk}/ (signed in)."
            )
