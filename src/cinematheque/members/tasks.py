"""The members app's background jobs (registered with jobs/registry.py): a history
import uploaded on the site runs here, not in the web request."""

from __future__ import annotations

from cinematheque.jobs.progress import report_progress
from cinematheque.jobs.registry import register
from cinematheque.members.imports.services import (
    HISTORY_IMPORT_JOB,
    history_import_stored,
)

STAGES = {"match": "Finding your films", "apply": "Adding them to your history"}


def history_import_job(*, batch_id: int) -> dict:
    """Import a stored upload; run again, it does nothing (see the service)."""

    def progress(stage: str, done: int, total: int) -> None:
        report_progress(done, total, STAGES.get(stage, stage))

    return history_import_stored(batch_id=batch_id, progress=progress)


register(
    HISTORY_IMPORT_JOB,
    history_import_job,
    title="Import a member's history",
    retries=1,
    retry_delay=30,
)
