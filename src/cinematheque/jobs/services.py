"""Enqueue, run, retry and recover jobs.

A job is a `Job` row first and a queue message second: the row is created (or, for
a key already queued or running, found) in the caller's transaction, and the
message is sent once it commits. A worker runs a message only if it can move the
row from queued to running, so a message delivered twice runs once. A worker that
dies mid-job leaves the row running; its heartbeat stops, and the reaper (at every
worker's start and every minute) queues it again: the job's function must be
idempotent or resumable, as the imports are.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import traceback as tb
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from cinematheque.jobs.models import Job
from cinematheque.jobs.progress import JobProgress, heartbeat
from cinematheque.jobs.registry import job_kind

logger = logging.getLogger("cinematheque.jobs")

State = Job.State
# A job whose worker died this many times more than its retries allow is failed
# rather than queued again: it may be what kills the worker (memory, a crash).
EXTRA_ATTEMPTS_AFTER_INTERRUPTION = 2


def job_enqueue(
    name: str, *, key: str = "", kwargs: dict[str, Any] | None = None
) -> Job:
    """Queue a job of a registered kind with JSON keyword arguments and return its
    row. With a `key`, a job of that key already queued or running is returned
    instead of a second one. The message leaves when the caller's transaction
    commits (at once outside a transaction)."""
    kind = job_kind(name)
    for _ in range(3):
        existing = Job.objects.pending().filter(key=key).first() if key else None
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                job = Job.objects.create(
                    name=name,
                    key=key,
                    kwargs=kwargs or {},
                    max_attempts=kind.retries + 1,
                )
        except IntegrityError:
            continue  # another process queued the same key in between
        _send_on_commit(job.pk)
        return job
    raise RuntimeError(f"Could not queue job {name!r} with key {key!r}.")


def job_enqueue_scheduled(name: str) -> None:
    """The periodic run of a kind (its key is its name: one at a time)."""
    kind = job_kind(name)
    job_enqueue(name, key=name, kwargs=dict(kind.schedule_kwargs))


def _send_on_commit(job_id: int, *, delay: float = 0) -> None:
    from cinematheque.jobs.queue import job_queue

    transaction.on_commit(lambda: job_queue().send(job_id, delay=delay))


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_native_id()}"


def job_execute(job_id: int) -> None:
    """Run one job in this worker (the `jobs.execute` task). A job that is not
    queued any more (done, failed, or taken by another worker) is left alone."""
    _close_old_connections()
    try:
        _job_execute(job_id)
    finally:
        _close_old_connections()


def _close_old_connections() -> None:
    """As Django does around a request, for a worker's long-lived threads; not
    inside a transaction (a job run at once where it was queued, in a test)."""
    if not connection.in_atomic_block:
        close_old_connections()


def _job_execute(job_id: int) -> None:
    worker = worker_id()
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=State.QUEUED).update(
        state=State.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        heartbeat_at=now,
        finished_at=None,
        worker=worker,
    )
    if not claimed:
        logger.info("Job %s is not queued any more: not run again.", job_id)
        return
    job = Job.objects.get(pk=job_id)
    progress = JobProgress(
        job_id=job.pk,
        worker=worker,
        done=job.progress_done,
        total=job.progress_total,
        message=job.progress_message,
    )
    try:
        function = job_kind(job.name).function()
        with heartbeat(progress, every=float(settings.JOBS_HEARTBEAT_SECONDS)):
            result = function(**job.kwargs)
    except Exception as error:
        _job_failed(job, progress, error)
    else:
        _job_done(job, progress, result)


def _json_result(result: Any) -> Any:
    return result if isinstance(result, (dict, list, str, int, float, bool)) else None


def _job_done(job: Job, progress: JobProgress, result: Any) -> None:
    fields = progress.fields()
    if job.progress_total is None and fields["progress_total"] is None:
        fields["progress_total"] = fields["progress_done"]
    Job.objects.filter(pk=job.pk, worker=progress.worker).update(
        state=State.DONE,
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
        result=_json_result(result),
        error="",
        traceback="",
        **fields,
    )


def _job_failed(job: Job, progress: JobProgress, error: Exception) -> None:
    logger.exception("Job %s (%s) failed", job.pk, job.name)
    attempts = job.attempts  # counted when claimed
    again = attempts < job.max_attempts
    Job.objects.filter(pk=job.pk, worker=progress.worker).update(
        state=State.QUEUED if again else State.FAILED,
        finished_at=None if again else timezone.now(),
        error=f"{type(error).__name__}: {error}"[:2000],
        traceback=tb.format_exc(),
        **progress.fields(),
    )
    if again:
        _send_on_commit(job.pk, delay=job_kind(job.name).retry_delay)


def job_retry(*, job: Job) -> bool:
    """Queue a failed job again (the admin's action); False if it is not failed."""
    try:
        with transaction.atomic():
            updated = Job.objects.filter(pk=job.pk, state=State.FAILED).update(
                state=State.QUEUED,
                max_attempts=F("attempts") + 1,
                finished_at=None,
            )
    except IntegrityError:  # a job of the same key is queued or running already
        return False
    if updated:
        _send_on_commit(job.pk)
    return bool(updated)


def jobs_requeue_orphaned() -> list[int]:
    """Queue again, at once, the running jobs of workers of this machine whose
    process is gone (called when a worker starts: no need to wait for their
    heartbeat to go stale)."""
    host = socket.gethostname()
    orphaned = [
        job
        for job in Job.objects.filter(
            state=State.RUNNING, worker__startswith=f"{host}:"
        )
        if not _process_alive(job.worker)
    ]
    return _requeue(orphaned)


def _process_alive(worker: str) -> bool:
    try:
        pid = int(worker.split(":")[1])
    except (IndexError, ValueError):
        return True  # not ours to judge: the heartbeat will tell
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def jobs_requeue_stale(*, older_than: timedelta | None = None) -> list[int]:
    """Queue again the running jobs whose heartbeat stopped (their worker died);
    fail those interrupted too often. Returns the ids queued again."""
    _close_old_connections()
    if older_than is None:
        older_than = timedelta(seconds=float(settings.JOBS_STALE_AFTER_SECONDS))
    cutoff = timezone.now() - older_than
    stale = Job.objects.filter(state=State.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True)
    )
    return _requeue(list(stale))


def _requeue(jobs: list[Job]) -> list[int]:
    requeued = []
    for job in jobs:
        gave_up = job.attempts >= job.max_attempts + EXTRA_ATTEMPTS_AFTER_INTERRUPTION
        updated = Job.objects.filter(
            pk=job.pk, state=State.RUNNING, worker=job.worker
        ).update(
            state=State.FAILED if gave_up else State.QUEUED,
            error=(
                f"The worker running it ({job.worker}) stopped {job.attempts} times."
                if gave_up
                else f"Interrupted: the worker running it ({job.worker}) stopped."
            ),
            finished_at=timezone.now() if gave_up else None,
        )
        if updated and not gave_up:
            logger.warning(
                "Job %s (%s) lost its worker: queued again.", job.pk, job.name
            )
            _send_on_commit(job.pk)
            requeued.append(job.pk)
    return requeued


def jobs_prune(*, older_than: timedelta | None = None) -> int:
    """Delete the finished jobs (done or failed) that ended before `older_than`
    (JOBS_KEEP_DAYS by default); returns how many. Run daily by every worker."""
    _close_old_connections()
    if older_than is None:
        older_than = timedelta(days=float(settings.JOBS_KEEP_DAYS))
    deleted, _ = Job.objects.filter(
        state__in=[State.DONE, State.FAILED],
        finished_at__lt=timezone.now() - older_than,
    ).delete()
    return deleted
