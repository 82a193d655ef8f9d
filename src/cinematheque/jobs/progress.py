"""What a running job tells about itself: `report_progress(done, total, message)`.

The task calls it as often as it likes (it only records the numbers); a heartbeat
thread writes them to the job's row every few seconds, from its own database
connection, so they show while the task holds a long transaction. Outside a job
(a command run in a terminal), it does nothing.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

logger = logging.getLogger("cinematheque.jobs")


@dataclass
class JobProgress:
    """The progress of the job running in this thread, and its heartbeat."""

    job_id: int
    worker: str
    done: int = 0
    total: int | None = None
    message: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def update(self, done: int, total: int | None, message: str) -> None:
        with self._lock:
            self.done, self.total, self.message = max(0, done), total, message[:300]

    def fields(self) -> dict[str, object]:
        with self._lock:
            return {
                "progress_done": self.done,
                "progress_total": self.total,
                "progress_message": self.message,
            }

    def write(self) -> None:
        """Write the heartbeat and the progress (only while this worker runs it)."""
        from cinematheque.jobs.models import Job

        Job.objects.filter(
            pk=self.job_id, state=Job.State.RUNNING, worker=self.worker
        ).update(heartbeat_at=timezone.now(), **self.fields())


_current: ContextVar[JobProgress | None] = ContextVar("current_job", default=None)


def report_progress(done: int, total: int | None = None, message: str = "") -> None:
    """Record how far the running job got: `done` of `total` items, with a short
    message for the admin and the member's page. Outside a job, nothing happens."""
    progress = _current.get()
    if progress is not None:
        progress.update(done, total, message)


def reported() -> tuple[int, int | None]:
    """What the running job last reported (done, total); (0, None) outside one."""
    progress = _current.get()
    if progress is None:
        return 0, None
    return progress.done, progress.total


def current_job_id() -> int | None:
    """The id of the job running in this thread, if any."""
    progress = _current.get()
    return progress.job_id if progress is not None else None


@contextlib.contextmanager
def heartbeat(progress: JobProgress, *, every: float) -> Iterator[JobProgress]:
    """Make `progress` the current job's and write it every `every` seconds from
    a thread until the block ends."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(every):
                try:
                    progress.write()
                except DatabaseError as error:
                    # A write lock held by the task itself (SQLite): next time.
                    logger.debug("Heartbeat of job %s: %s", progress.job_id, error)
        finally:
            close_old_connections()
            connection.close()

    thread = threading.Thread(
        target=beat, name=f"job-{progress.job_id}-heartbeat", daemon=True
    )
    token = _current.set(progress)
    thread.start()
    try:
        yield progress
    finally:
        stop.set()
        thread.join()
        _current.reset(token)
