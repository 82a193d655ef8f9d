"""Fixtures of the background-jobs tests: a queue of each kind, and real workers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from cinematheque.jobs.queue import job_queue, job_queue_reset
from tests.jobs.app import tasks  # noqa: F401 (registers the tests' jobs)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def use_queue(settings) -> Iterator[Callable[[str], None]]:
    """Point the jobs at a queue address for this test (JOBS_URL)."""

    used = []

    def use(url: str) -> None:
        settings.JOBS_URL = url
        job_queue_reset()
        huey = job_queue().huey
        if not huey.immediate:
            huey.flush()
            used.append(huey)

    yield use
    for huey in used:
        huey.flush()
    settings.JOBS_URL = "immediate:"
    job_queue_reset()


@pytest.fixture
def sqlite_queue(use_queue, tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    use_queue(url)
    return url


def redis_url() -> str:
    """REDIS_URL if set and reachable; else the test is skipped, saying why."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        pytest.skip("set REDIS_URL=redis://127.0.0.1:6379/5 to run the Redis queue")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.skip(f"the Redis of REDIS_URL cannot be reached: {error}")
    return url


@pytest.fixture
def redis_queue(use_queue) -> str:
    url = redis_url()
    use_queue(url)
    return url


@pytest.fixture
def start_worker() -> Iterator[Callable[..., subprocess.Popen]]:
    """Start real workers (`run_worker`) on the test's database and queue; any
    still running at the end are stopped."""
    from django.db import connection

    started: list[subprocess.Popen] = []

    def start(*arguments: str) -> subprocess.Popen:
        environment = dict(os.environ)
        environment.update(
            DJANGO_SETTINGS_MODULE="tests.jobs.worker_settings",
            TEST_DATABASE_NAME=str(connection.settings_dict["NAME"]),
            JOBS_URL=django_settings.JOBS_URL,
            PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "src")]),
        )
        process = subprocess.Popen(  # noqa: S603 (our interpreter and command)
            [
                sys.executable,
                "-m",
                "django",
                "run_worker",
                "--workers",
                "1",
                *arguments,
            ],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()


def wait_for(condition: Callable[[], bool], *, timeout: float = 60) -> None:
    """Poll until the condition holds (a real worker in another process)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Still not true after {timeout} s: {condition}")
        time.sleep(0.1)
