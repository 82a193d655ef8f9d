"""SIGTERM to `cinematheque serve` under load: every request already sent is
answered (in flight, held by the worker, or still queued in the kernel), and a
connection made while the server stops is either answered or refused at once,
never accepted and then reset (before serving.GracefulThreadWorker: 9 queued and
7 newly connected requests reset)."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.operations.conftest import cli_command, cli_environment, run_cli
from tests.pages.test_nginx import free_port

QUEUED = 16
LATE = 8
# Rendered on each request (the page cache is off): tens of milliseconds, so one
# thread leaves most of the requests waiting when SIGTERM comes.
PAGE = "/films/?sort=-year"


@dataclass
class Served:
    process: subprocess.Popen
    port: int


@pytest.fixture(scope="module")
def initialised(tmp_path_factory) -> dict[str, str]:
    from tests.ingest.conftest import load_fixture, write_catalogue

    tmp_path = tmp_path_factory.mktemp("graceful")
    catalogue = write_catalogue(tmp_path / "movies.db", load_fixture())
    environment = cli_environment(
        tmp_path / "data", JOBS_EMBEDDED_WORKER="0", CINEMATHEQUE_PAGE_CACHE="0"
    )
    init = run_cli("init", "--open-catalogue", str(catalogue), environment=environment)
    assert init.returncode == 0, init.stderr
    return environment


@pytest.fixture
def served(initialised) -> Iterator[Served]:
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        cli_command("serve", "--port", str(port), "--workers", "1", "--threads", "1"),
        env=initialised,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_answering(port, process)
        yield Served(process, port)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


def wait_until_answering(port: int, process: subprocess.Popen) -> None:
    for _attempt in range(600):
        if process.poll() is not None:
            pytest.fail("the server stopped while starting")
        try:
            if request(port, "/healthz").startswith(b"HTTP/1.1 200"):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail("the server did not answer")


def send(port: int, path: str) -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", port), timeout=30)
    connection.sendall(
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
    )
    return connection


def answer(connection: socket.socket) -> bytes:
    """Everything the server wrote before closing; raises ConnectionResetError when
    it reset the connection."""
    chunks = []
    with connection:
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def request(port: int, path: str) -> bytes:
    return answer(send(port, path))


def test_sigterm_answers_every_request_already_sent(served):
    waiting = [send(served.port, PAGE) for _ in range(QUEUED)]
    time.sleep(0.1)  # a few are answered, the others wait for the one thread
    served.process.send_signal(signal.SIGTERM)

    late, refused = [], 0
    for _ in range(LATE):  # while the server stops
        time.sleep(0.02)
        try:
            late.append(send(served.port, PAGE))
        except ConnectionRefusedError:
            refused += 1

    answers = [answer(connection) for connection in waiting]
    assert [a.split(b"\r\n", 1)[0] for a in answers] == [b"HTTP/1.1 200 OK"] * QUEUED
    for connection in late:  # accepted: then answered, not reset
        assert answer(connection).startswith(b"HTTP/1.1 200 OK")
    assert len(late) + refused == LATE
    assert served.process.wait(timeout=60) == 0
    with pytest.raises(ConnectionRefusedError):
        send(served.port, PAGE)
