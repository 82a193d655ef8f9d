"""Real workers in their own processes: a job whose worker is killed (SIGKILL)
mid-run is run again by the next worker and completes once, without repeating
what it did; on the SQLite queue of the embedded default, and on Redis."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from cinematheque.jobs.models import Job
from cinematheque.jobs.services import job_enqueue
from tests.jobs.conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

STEPS = 40


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def killed_mid_job_then_completed_once(start_worker, tmp_path: Path) -> None:
    out = tmp_path / "steps.txt"
    first = start_worker()
    job = job_enqueue(
        "tests.write_steps",
        key="steps",
        kwargs={"path": str(out), "steps": STEPS, "pause": 0.1},
    )
    wait_for(lambda: len(lines(out)) >= 5)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    job.refresh_from_db()
    assert job.state == Job.State.RUNNING  # as the dead worker left it
    assert str(first.pid) in job.worker
    written_when_killed = len(lines(out))
    assert written_when_killed < STEPS
    # Enqueued again while it is still pending: the same job, not a second one.
    assert job_enqueue("tests.write_steps", key="steps", kwargs={}).pk == job.pk

    second = start_worker()
    wait_for(lambda: Job.objects.get(pk=job.pk).state == Job.State.DONE)
    job.refresh_from_db()
    assert lines(out) == [str(step) for step in range(STEPS)]  # each step once
    assert len(lines(Path(f"{out}.starts"))) == 2
    assert job.attempts == 2
    assert str(second.pid) in job.worker
    assert (job.progress_done, job.progress_total) == (STEPS, STEPS)
    assert job.result == {"steps": STEPS}
    assert Job.objects.count() == 1


def test_a_job_killed_with_its_worker_completes_once_on_sqlite(
    sqlite_queue, start_worker, tmp_path
):
    killed_mid_job_then_completed_once(start_worker, tmp_path)


@pytest.mark.redis
def test_a_job_killed_with_its_worker_completes_once_on_redis(
    redis_queue, start_worker, tmp_path
):
    killed_mid_job_then_completed_once(start_worker, tmp_path)


def test_a_stale_heartbeat_is_requeued_by_the_running_worker(
    sqlite_queue, start_worker, tmp_path
):
    """A job left running by a worker of another machine (or whose process id was
    taken by another process) is queued again once its heartbeat is stale."""
    out = tmp_path / "calls.txt"
    job = Job.objects.create(
        name="tests.count_calls",
        kwargs={"path": str(out)},
        state=Job.State.RUNNING,
        attempts=1,
        worker="elsewhere:1:1",
    )
    start_worker()
    # The reaper runs every minute; a worker's start runs it at once.
    wait_for(lambda: Job.objects.get(pk=job.pk).state == Job.State.DONE)
    assert lines(out) == ["call"]


def test_the_worker_reports_progress_while_the_job_runs(
    sqlite_queue, start_worker, tmp_path
):
    out = tmp_path / "steps.txt"
    start_worker()
    job = job_enqueue(
        "tests.write_steps", kwargs={"path": str(out), "steps": 30, "pause": 0.1}
    )

    def progressed() -> bool:
        current = Job.objects.get(pk=job.pk)
        return current.state == Job.State.RUNNING and 0 < current.progress_done < 30

    wait_for(progressed)
    running = Job.objects.get(pk=job.pk)
    assert running.progress_total == 30
    assert running.progress_message == "Writing steps"
    assert running.heartbeat_at is not None
    wait_for(lambda: Job.objects.get(pk=job.pk).state == Job.State.DONE)
