"""The importers as background jobs (registered with jobs/registry.py). Each runs
its management command, so a job does what `cinematheque import …` does, and is as
safe to run again: the bundled import resumes after what it committed, TMDB's
writes are upserts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

from cinematheque.jobs.commands import command_run
from cinematheque.jobs.registry import register


def open_catalogue_import_job(*, limit: int = 0, path: str = "") -> dict[str, Any]:
    """Import the bundled catalogue (or an SQLite file of the same tables); a run
    interrupted before continues after the rows it committed."""
    options: dict[str, Any] = {"limit": limit, "resume": True}
    if path:
        options["path"] = Path(path)
    result = command_run("import_open_catalogue", **options)
    command_run("import_history", "retry")  # films new to the catalogue
    return result


def tmdb_import_job(
    *,
    films: list[str] | None = None,
    imdb_ids: list[str] | None = None,
    changes: bool = False,
    since: str = "",
    everything: bool = False,
    limit: int = 0,
    people: list[str] | None = None,
) -> dict[str, Any]:
    """Fetch films or people from TMDB (the options of `cinematheque import tmdb`)."""
    arguments = [f"--film={slug}" for slug in films or []]
    arguments += [f"--imdb={imdb_id}" for imdb_id in imdb_ids or []]
    arguments += [f"--person={person}" for person in people or []]
    if changes:
        arguments.append("--changes")
    if since:
        arguments.append(f"--since={since}")
    if everything:
        arguments.append("--all")
    if limit:
        arguments.append(f"--limit={limit}")
    result = command_run("import_tmdb", *arguments)
    command_run("import_history", "retry")
    return result


def tmdb_configured() -> bool:
    return bool(settings.TMDB_API_KEY or settings.TMDB_READ_ACCESS_TOKEN)


register(
    "ingest.open_catalogue",
    open_catalogue_import_job,
    title="Import the bundled open catalogue",
)
register("ingest.tmdb", tmdb_import_job, title="Import films from TMDB")
register(
    "ingest.tmdb_changes",
    tmdb_import_job,
    title="Import the films TMDB changed",
    retries=2,
    retry_delay=600,
    schedule_setting="JOBS_SCHEDULE_TMDB_CHANGES",
    schedule_kwargs={"changes": True},
    available=tmdb_configured,
)


def imdb_import_job(*, arguments: list[str] | None = None) -> dict[str, Any]:
    """Import the IMDb datasets: `arguments` are those of the `import_imdb`
    command."""
    result = command_run("import_imdb", *(arguments or []))
    command_run("import_history", "retry")
    return result


register("ingest.imdb", imdb_import_job, title="Import the IMDb datasets")
