"""`cinematheque serve`: what the master process hands to the workers it forks."""

import gc
import threading
import time

import pytest
from django.db import connection
from gunicorn.app.base import BaseApplication

from cinematheque import cli
from cinematheque.pages.cache import SITE, current_versions


@pytest.mark.django_db(transaction=True)
def test_serve_forks_workers_without_an_open_database_connection(monkeypatch):
    seen = {}

    def run(server):
        seen["connection_open"] = connection.connection is not None
        seen["frozen"] = gc.get_freeze_count()
        seen["workers"] = server.cfg.workers
        seen["worker_class"] = server.cfg.worker_class_str
        seen["threads"] = server.cfg.threads

    monkeypatch.setattr(cli, "cmd_init", lambda args: connection.ensure_connection())
    monkeypatch.setattr(BaseApplication, "run", run)
    site_before = current_versions([SITE])
    try:
        assert (
            cli.main(["serve", "--workers", "3", "--threads", "2", "--port", "8999"])
            == 0
        )
    finally:
        gc.unfreeze()
    assert seen["connection_open"] is False
    assert seen["frozen"] > 0  # loaded objects left out of garbage collections
    assert seen["workers"] == 3
    # Pages cached by the previous run (its code and templates) are not served.
    assert current_versions([SITE]) != site_before
    # Threads keep visitors' connections open between requests; the worker is
    # gunicorn's gthread one that stops gracefully (serving.py).
    assert (seen["worker_class"], seen["threads"]) == (
        "cinematheque.serving.GracefulThreadWorker",
        2,
    )


def test_servers_started_at_once_set_up_the_data_dir_in_turns(tmp_path, monkeypatch):
    """Two `cinematheque serve` on one data directory both run init: their migrate
    and collectstatic take turns (collecting the same files at once failed)."""
    events: list[tuple[str, str]] = []

    def slow_call(command: str, *args: object, **options: object) -> None:
        events.append(("start", command))
        time.sleep(0.1)
        events.append(("end", command))

    monkeypatch.setattr(cli, "call", slow_call)
    servers = [
        threading.Thread(target=cli.set_up_data_dir, args=(tmp_path,)) for _ in range(2)
    ]
    for server in servers:
        server.start()
    for server in servers:
        server.join()

    one_set_up = [
        ("start", "migrate"),
        ("end", "migrate"),
        ("start", "collectstatic"),
        ("end", "collectstatic"),
    ]
    assert events == one_set_up * 2


def test_servers_with_data_dirs_of_their_own_collect_into_one_static_root_in_turns(
    tmp_path, monkeypatch, settings
):
    """Two servers behind nginx, each with its own data directory and one shared
    CINEMATHEQUE_STATIC_ROOT: their collectstatic take turns (tests/operations/
    test_two_servers.py failed with FileNotFoundError when they overlapped)."""
    settings.STATIC_ROOT = str(tmp_path / "static")
    events: list[str] = []

    def slow_call(command: str, *args: object, **options: object) -> None:
        if command == "collectstatic":
            events.append("start")
            time.sleep(0.1)
            events.append("end")

    monkeypatch.setattr(cli, "call", slow_call)
    servers = [
        threading.Thread(target=cli.set_up_data_dir, args=(tmp_path / name,))
        for name in ("data-a", "data-b")
    ]
    for server in servers:
        server.start()
    for server in servers:
        server.join()

    assert events == ["start", "end", "start", "end"]
    assert not list((tmp_path / "static").iterdir())  # no lock file left to serve


def test_a_server_loads_the_application_once_another_has_collected(
    tmp_path, monkeypatch, settings
):
    """WhiteNoise lists the static root when the application loads: a server that
    loaded it while another collected into the shared root failed to start with
    FileNotFoundError (CI, tests/operations/test_two_servers.py)."""
    settings.STATIC_ROOT = str(tmp_path / "static")
    events: list[str] = []
    collecting = threading.Event()

    def slow_call(command: str, *args: object, **options: object) -> None:
        if command == "collectstatic":
            events.append("collect start")
            collecting.set()
            time.sleep(0.2)
            events.append("collect end")

    monkeypatch.setattr(cli, "call", slow_call)
    other_server = threading.Thread(target=cli.set_up_data_dir, args=(tmp_path / "b",))
    other_server.start()
    collecting.wait(timeout=5)
    cli.load_application()
    events.append("loaded")
    other_server.join()

    assert events == ["collect start", "collect end", "loaded"]
