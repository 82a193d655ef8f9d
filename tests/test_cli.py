"""`cinematheque serve`: what the master process hands to the workers it forks."""

import gc

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
