"""The recommendations app's background jobs (registered with jobs/registry.py)."""

from __future__ import annotations

from typing import Any

from cinematheque.jobs.progress import report_progress
from cinematheque.jobs.registry import register
from cinematheque.recommendations.services import LIST_LENGTH, recommendations_rebuild


def recommendations_rebuild_job(*, limit: int = LIST_LENGTH) -> dict[str, Any]:
    """Recompute every film's related films (idempotent: a second run writes the
    same lists)."""

    def progress(done: int, total: int) -> None:
        report_progress(done, total, "Related films")

    result = recommendations_rebuild(limit=limit, progress=progress)
    return {
        "films": result.films,
        "recommendations": result.recommendations,
        "seconds": round(result.seconds, 1),
    }


register(
    "recommendations.rebuild",
    recommendations_rebuild_job,
    title="Rebuild the related films",
)
