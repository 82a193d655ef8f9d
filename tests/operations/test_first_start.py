"""The first start is a list of recorded steps: a start killed in the middle of one
is finished by the next start."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.operations.conftest import cli_command, cli_environment, count_rows, run_cli

STEPS = [
    "open_catalogue",
    "search_index",
    "editorial_demo",
    "genre_centrality",
    "recommendations",
]


def step_rows(database: Path) -> dict[str, tuple[str | None, str | None]]:
    connection = sqlite3.connect(database)
    try:
        return {
            name: (started, finished)
            for name, started, finished in connection.execute(
                "SELECT name, started_at, finished_at FROM ingest_loadstep"
            )
        }
    finally:
        connection.close()


def lock_when_started(
    database: Path, step: str, process: subprocess.Popen[str]
) -> sqlite3.Connection:
    """Wait until `step` is recorded as started, then take SQLite's write lock so the
    step cannot store anything before it is killed."""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if step_rows(database).get(step, (None, None))[0]:
                connection = sqlite3.connect(database, isolation_level=None)
                connection.execute("BEGIN IMMEDIATE")
                return connection
        except sqlite3.OperationalError:
            pass  # the tables are not there yet
        time.sleep(0.02)
    stdout, stderr = process.communicate()
    pytest.fail(f"init never reached {step}:\n{stdout}\n{stderr}")


def test_a_start_killed_while_computing_related_films_is_finished_by_the_next(
    tmp_path: Path, catalogue_file: Path
):
    data_dir = tmp_path / "data"
    database = data_dir / "cinematheque.sqlite3"
    environment = cli_environment(data_dir)
    init = ("init", "--open-catalogue", str(catalogue_file))
    process = subprocess.Popen(  # noqa: S603
        cli_command(*init),
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lock = lock_when_started(database, "recommendations", process)
    try:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
    finally:
        lock.rollback()
        lock.close()
    assert process.returncode == -signal.SIGKILL
    steps = step_rows(database)
    assert all(steps[name][1] for name in STEPS[:4])
    assert steps["recommendations"][0]
    assert not steps["recommendations"][1]
    assert count_rows(database, "recommendations_recommendation") == 0

    rerun = run_cli(*init, environment=environment)

    assert rerun.returncode == 0, rerun.stderr
    assert "Computing the related films of every film page… (resumed)" in rerun.stdout
    assert "Loading the bundled open catalogue" not in rerun.stdout
    assert count_rows(database, "recommendations_recommendation") > 0
    assert all(finished for _started, finished in step_rows(database).values())
    assert "First start complete" in rerun.stdout

    third = run_cli(*init, environment=environment)

    assert third.returncode == 0, third.stderr
    assert "Loading" not in third.stdout
    assert "Computing" not in third.stdout
