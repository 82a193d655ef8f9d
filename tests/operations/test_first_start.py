"""The first start is a list of recorded steps: a start killed in the middle of one
is finished by the next start."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.operations.conftest import cli_environment, count_rows, run_cli

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


# Runs the command line with the related-films step held just after it is recorded as
# started, so the test kills it at a known point instead of racing a fast computation.
PAUSED_CLI = """
import os, sys, time
from pathlib import Path
import django.core.management as management

real_call_command = management.call_command

def call_command(name, *args, **options):
    if name == "rebuild_recommendations":
        Path(os.environ["PAUSED_MARKER"]).touch()
        time.sleep(600)
    return real_call_command(name, *args, **options)

management.call_command = call_command
from cinematheque.cli import main
sys.argv = ["cinematheque", *sys.argv[1:]]
raise SystemExit(main())
"""


def wait_for_pause(marker: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None:
        if marker.exists():
            return
        time.sleep(0.05)
    process.kill()
    stdout, stderr = process.communicate()
    pytest.fail(f"init never reached the related films:\n{stdout}\n{stderr}")


def test_a_start_killed_while_computing_related_films_is_finished_by_the_next(
    tmp_path: Path, catalogue_file: Path
):
    data_dir = tmp_path / "data"
    database = data_dir / "cinematheque.sqlite3"
    environment = cli_environment(data_dir)
    init = ("init", "--open-catalogue", str(catalogue_file))
    marker = tmp_path / "paused"
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", PAUSED_CLI, *init],
        env={**environment, "PAUSED_MARKER": str(marker)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for_pause(marker, process)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
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
