"""`cinematheque serve` with several gunicorn workers: every scrape, whichever worker
answers it, adds up all the workers' counts, also those of workers that died; the
start empties what a previous run counted."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.operations.conftest import cli_command, cli_environment, run_cli
from tests.pages.test_nginx import free_port

REQUESTS = 40
UNMATCHED_404 = (
    "cinematheque_http_requests_total",
    frozenset({("view", "<unmatched>"), ("method", "GET"), ("status", "404")}),
)


def scrape(url: str) -> dict[tuple[str, frozenset], float]:
    # A new connection each time: any worker may answer.
    response = httpx.get(f"{url}/metrics", timeout=10)
    assert response.status_code == 200
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def workers_of(pid: int) -> set[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return {int(child) for child in children}


def wait_until(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("timed out")
        time.sleep(0.2)


def answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture
def server(tmp_path: Path, catalogue_file: Path):
    environment = cli_environment(
        tmp_path / "data",
        JOBS_EMBEDDED_WORKER="0",
        CINEMATHEQUE_STATIC_ROOT=str(tmp_path / "static"),
    )
    init = run_cli(
        "init", "--open-catalogue", str(catalogue_file), environment=environment
    )
    assert init.returncode == 0, init.stderr
    port = free_port()
    leftover = tmp_path / "data" / "metrics" / str(port) / "counter_999999.db"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"counts of a previous run")
    # Another server of the same data directory, on another port, keeps its own.
    neighbour = tmp_path / "data" / "metrics" / "1" / "counter_999999.db"
    neighbour.parent.mkdir()
    neighbour.write_bytes(b"counts of the server on port 1")
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        cli_command("serve", "--port", str(port), "--workers", "2", "--threads", "2"),
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: answers(url) or process.poll() is not None, 180)
        assert process.poll() is None, (tmp_path / "serve.log").read_text()
        wait_until(lambda: len(workers_of(process.pid)) == 2)
        yield url, process, leftover, neighbour
    finally:
        process.terminate()
        process.wait(timeout=60)
        log.close()


def test_every_worker_reports_the_same_counts_even_after_dying(server):
    url, process, leftover, neighbour = server
    assert not leftover.exists()  # emptied at start
    assert neighbour.exists()
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(
            pool.map(
                lambda i: httpx.get(f"{url}/no-such-page-{i}/", timeout=10).status_code,
                range(REQUESTS),
            )
        )
    assert statuses == [404] * REQUESTS
    for _scrape in range(8):
        assert scrape(url)[UNMATCHED_404] == REQUESTS

    # Every worker that counted them is killed: their replacements still add them.
    for pid in workers_of(process.pid):
        old = workers_of(process.pid)
        os.kill(pid, signal.SIGKILL)
        wait_until(lambda old=old: len(workers_of(process.pid) - old) == 1)
    wait_until(lambda: answers(url))
    for _scrape in range(4):
        assert scrape(url)[UNMATCHED_404] == REQUESTS
