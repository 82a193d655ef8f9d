"""The search app's background jobs (registered with jobs/registry.py)."""

from __future__ import annotations

from typing import Any

from cinematheque.jobs.progress import report_progress
from cinematheque.jobs.registry import register
from cinematheque.search.services import search_rebuild

STAGES = {"films": "Indexing films", "people": "Indexing people", "words": "Vocabulary"}


def search_rebuild_job() -> dict[str, Any]:
    """Rebuild the whole index (one transaction: run again, it starts over)."""

    def progress(stage: str, done: int, total: int) -> None:
        report_progress(done, total, STAGES.get(stage, stage))

    report = search_rebuild(progress=progress)
    return {"films": report.films, "people": report.people, "words": report.terms}


register("search.rebuild", search_rebuild_job, title="Rebuild the search index")
