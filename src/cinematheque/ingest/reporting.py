"""What every import command shows: a progress bar with rows per second, each
rejected item with its reason, and the summary of the shared upsert's report.

    with ImportConsole(command, label="Importing films", total=n) as console:
        report = upsert_stream(..., on_progress=console.advance, on_reject=console.reject)
    console.summary(report)
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from django.core.management.base import BaseCommand
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from cinematheque.ingest.upsert import UpsertReport
from cinematheque.jobs.progress import report_progress


class RowsPerSecond(TextColumn):
    """Rows per second of a progress task (the speed over the run so far)."""

    def __init__(self) -> None:
        super().__init__("")

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:,.0f} rows/s")


class ImportConsole:
    """The progress bar (stderr, from verbosity 1) and reports of one import."""

    def __init__(self, command: BaseCommand, *, label: str, total: int | None) -> None:
        self.command = command
        self.verbosity = int(getattr(command, "verbosity", 1))
        console = Console(file=command.stderr._out, highlight=False)  # type: ignore[arg-type]
        self.progress = Progress(
            TextColumn(label),
            BarColumn(),
            MofNCompleteColumn(),
            RowsPerSecond(),
            TimeElapsedColumn(),
            console=console,
            disable=self.verbosity < 1,
        )
        self.task: TaskID = self.progress.add_task("import", total=total)
        self.label, self.total, self.done = label, total, 0

    def __enter__(self) -> Self:
        self.progress.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.progress.__exit__(kind, error, traceback)

    def advance(self, rows: int) -> None:
        self.progress.advance(self.task, rows)
        self.done += rows
        report_progress(self.done, self.total, self.label)  # when run as a job

    def reject(self, ref: str, reason: str) -> None:
        """Shown at every verbosity: an operator must see what was left out."""
        self.command.stderr.write(f"Rejected row {ref}: {reason}; skipped.")

    def summary(self, report: UpsertReport) -> None:
        """The counts of the run, from verbosity 1."""
        if self.verbosity < 1:
            return
        for line in summary_lines(report):
            self.command.stdout.write(line)


def summary_lines(report: UpsertReport) -> list[str]:
    s = report
    return [
        f"Rows read: {s.rows_read}; rejected: {len(s.rejected)}; "
        f"failed: {len(s.failed)}",
        f"Films: {s.films_created} created, {s.films_updated} updated, "
        f"{s.films_unchanged} unchanged",
        f"Field values: {s.values_created} created, {s.values_updated} updated; "
        f"external ids: {s.ids_created} added",
        f"People: {s.people_created} created, {s.people_updated} updated",
        f"Credits: {s.credits_created} created, {s.credits_updated} updated, "
        f"{s.credits_deleted} deleted",
        f"Review scores: {s.scores_created} created, {s.scores_updated} updated, "
        f"{s.scores_deleted} deleted",
        f"Genres, countries, languages, companies, keywords: {s.facets_created} "
        f"added, "
        f"{s.facets_deleted} removed",
        f"Videos: {s.videos_created} created, {s.videos_updated} updated, "
        f"{s.videos_deleted} deleted; alternative titles: {s.titles_created} "
        f"created, {s.titles_updated} updated, {s.titles_deleted} deleted",
        f"Releases and certifications by country: {s.releases_created} created, "
        f"{s.releases_updated} updated, {s.releases_deleted} deleted",
        f"Version relations: {s.relations_created} created, "
        f"{s.relations_deleted} deleted",
        f"Conflicts between sources: {s.conflicts_created} opened, "
        f"{s.conflicts_updated} updated",
        f"Rows written: {s.writes}; films touched: {len(s.touched_films)}",
    ]
