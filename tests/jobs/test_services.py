"""Queueing, running, failing, retrying and recovering jobs (jobs/services.py), with
the queue that runs each job where it is queued (JOBS_URL=immediate:)."""

from __future__ import annotations

import os
import socket
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import timezone

from cinematheque.jobs.models import Job
from cinematheque.jobs.progress import report_progress
from cinematheque.jobs.registry import (
    DuplicateJobKind,
    UnknownJobKind,
    job_kind,
    register,
)
from cinematheque.jobs.services import (
    job_enqueue,
    job_execute,
    job_retry,
    jobs_prune,
    jobs_requeue_orphaned,
    jobs_requeue_stale,
)

pytestmark = pytest.mark.django_db
run_on_commit = TestCase.captureOnCommitCallbacks


def calls(path: Path) -> int:
    return len(path.read_text().splitlines()) if path.exists() else 0


def test_a_queued_job_runs_once_its_transaction_commits(tmp_path):
    out = tmp_path / "calls.txt"
    with run_on_commit(execute=True) as callbacks:
        job = job_enqueue("tests.count_calls", kwargs={"path": str(out)})
        assert Job.objects.get(pk=job.pk).state == Job.State.QUEUED
        assert calls(out) == 0
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.result == 1
    assert job.attempts == 1
    assert job.started_at
    assert job.finished_at
    assert job.worker
    assert calls(out) == 1


def test_the_same_key_while_queued_is_one_job(tmp_path):
    out = tmp_path / "calls.txt"
    with run_on_commit(execute=True):
        first = job_enqueue("tests.count_calls", key="k", kwargs={"path": str(out)})
        second = job_enqueue("tests.count_calls", key="k", kwargs={"path": str(out)})
    assert first.pk == second.pk
    assert calls(out) == 1
    assert Job.objects.count() == 1
    with run_on_commit(execute=True):  # done: the key is free again
        third = job_enqueue("tests.count_calls", key="k", kwargs={"path": str(out)})
    assert third.pk != first.pk
    assert calls(out) == 2


def test_the_database_refuses_two_pending_jobs_of_one_key():
    Job.objects.create(name="tests.fail", key="k")
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(name="tests.fail", key="k", state=Job.State.RUNNING)
    Job.objects.create(name="tests.fail", key="k", state=Job.State.DONE)
    Job.objects.create(name="tests.fail", key="")
    Job.objects.create(name="tests.fail", key="")


def test_a_message_delivered_twice_runs_the_job_once(tmp_path):
    out = tmp_path / "calls.txt"
    with run_on_commit(execute=False):
        job = job_enqueue("tests.count_calls", kwargs={"path": str(out)})
    job_execute(job.pk)
    job_execute(job.pk)
    assert calls(out) == 1
    assert Job.objects.get(pk=job.pk).attempts == 1


def test_a_failing_job_records_the_error_and_traceback():
    with run_on_commit(execute=True):
        job = job_enqueue("tests.fail", kwargs={"message": "No such file"})
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error == "ValueError: No such file"
    assert "Traceback" in job.traceback
    assert "raise ValueError(message)" in job.traceback
    assert job.finished_at is not None


def test_a_kind_with_retries_runs_again_then_fails():
    with run_on_commit(execute=True):
        job = job_enqueue("tests.fail_then_retry")
    job.refresh_from_db()
    assert job.max_attempts == 3
    assert job.attempts == 3  # each retry was sent when the failure committed
    assert job.state == Job.State.FAILED


def test_a_failed_job_is_retried_on_request(tmp_path):
    with run_on_commit(execute=False):
        job = job_enqueue("tests.fail")
    job_execute(job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    with run_on_commit(execute=True):
        assert job_retry(job=job) is True
    job.refresh_from_db()
    assert job.attempts == 2
    assert job.state == Job.State.FAILED
    done = Job.objects.create(name="tests.fail", state=Job.State.DONE)
    assert job_retry(job=done) is False


def test_a_failed_job_is_not_retried_beside_a_pending_one_of_its_key():
    failed = Job.objects.create(name="tests.fail", key="k", state=Job.State.FAILED)
    Job.objects.create(name="tests.fail", key="k")
    assert job_retry(job=failed) is False
    assert Job.objects.get(pk=failed.pk).state == Job.State.FAILED


def test_a_job_of_an_unknown_kind_fails_with_a_clear_message():
    with pytest.raises(UnknownJobKind, match="No job kind named 'nope'"):
        job_enqueue("nope")
    job = Job.objects.create(name="gone.away")
    job_execute(job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "No job kind named 'gone.away'" in job.error


def test_a_kind_registered_by_dotted_path_is_imported_when_it_runs(tmp_path):
    out = tmp_path / "calls.txt"
    assert isinstance(job_kind("tests.by_path").target, str)
    with run_on_commit(execute=True):
        job = job_enqueue("tests.by_path", kwargs={"path": str(out)})
    assert Job.objects.get(pk=job.pk).state == Job.State.DONE
    assert calls(out) == 1


def test_two_apps_cannot_claim_one_kind_name():
    with pytest.raises(DuplicateJobKind):
        register("tests.fail", lambda: None)


def test_progress_is_recorded_and_ignored_outside_a_job(tmp_path):
    report_progress(1, 2, "nobody listens")  # outside a job: nothing happens
    with run_on_commit(execute=True):
        job = job_enqueue(
            "tests.write_steps", kwargs={"path": str(tmp_path / "s"), "steps": 7}
        )
    job.refresh_from_db()
    assert (job.progress_done, job.progress_total) == (7, 7)
    assert job.progress_message == "Writing steps"
    assert job.percent == 100


def test_running_jobs_with_a_stale_heartbeat_are_queued_again(tmp_path):
    out = tmp_path / "calls.txt"
    long_ago = timezone.now() - timedelta(minutes=5)
    stale = Job.objects.create(
        name="tests.count_calls",
        kwargs={"path": str(out)},
        state=Job.State.RUNNING,
        attempts=1,
        heartbeat_at=long_ago,
        worker="elsewhere:1:1",
    )
    alive = Job.objects.create(
        name="tests.count_calls",
        kwargs={"path": str(out)},
        state=Job.State.RUNNING,
        attempts=1,
        heartbeat_at=timezone.now(),
        worker="elsewhere:2:1",
    )
    hopeless = Job.objects.create(
        name="tests.count_calls",
        state=Job.State.RUNNING,
        attempts=3,
        heartbeat_at=long_ago,
        worker="elsewhere:3:1",
    )
    with run_on_commit(execute=True):
        assert jobs_requeue_stale(older_than=timedelta(minutes=1)) == [stale.pk]
    stale.refresh_from_db()
    assert stale.state == Job.State.DONE
    assert stale.attempts == 2
    assert calls(out) == 1
    assert Job.objects.get(pk=alive.pk).state == Job.State.RUNNING
    hopeless.refresh_from_db()
    assert hopeless.state == Job.State.FAILED
    assert "stopped 3 times" in hopeless.error


def test_jobs_of_a_dead_process_of_this_machine_are_queued_again_at_once(tmp_path):
    dead_pid = 2**22 + 12345  # above the default pid_max: no such process
    host = socket.gethostname()
    orphan = Job.objects.create(
        name="tests.count_calls",
        kwargs={"path": str(tmp_path / "calls.txt")},
        state=Job.State.RUNNING,
        attempts=1,
        heartbeat_at=timezone.now(),
        worker=f"{host}:{dead_pid}:1",
    )
    ours = Job.objects.create(
        name="tests.count_calls",
        state=Job.State.RUNNING,
        attempts=1,
        heartbeat_at=timezone.now(),
        worker=f"{host}:{os.getpid()}:1",
    )
    with run_on_commit(execute=False):
        assert jobs_requeue_orphaned() == [orphan.pk]
    assert Job.objects.get(pk=orphan.pk).state == Job.State.QUEUED
    assert Job.objects.get(pk=ours.pk).state == Job.State.RUNNING


def test_finished_jobs_are_deleted_after_the_days_kept(settings):
    settings.JOBS_KEEP_DAYS = 30
    now = timezone.now()
    old_done = Job.objects.create(
        name="tests.fail", state=Job.State.DONE, finished_at=now - timedelta(days=31)
    )
    old_failed = Job.objects.create(
        name="tests.fail", state=Job.State.FAILED, finished_at=now - timedelta(days=40)
    )
    recent = Job.objects.create(
        name="tests.fail", state=Job.State.DONE, finished_at=now - timedelta(days=2)
    )
    queued = Job.objects.create(name="tests.fail")
    assert jobs_prune() == 2
    remaining = set(Job.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, queued.pk}
    assert not remaining & {old_done.pk, old_failed.pk}
