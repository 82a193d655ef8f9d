"""The command line: `cinematheque worker`, `--background`, and the worker that
`cinematheque serve` starts beside the site on the embedded default."""

from __future__ import annotations

import gc
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from gunicorn.app.base import BaseApplication

from cinematheque import cli
from cinematheque.jobs.models import Job
from cinematheque.members.models import ImportBatch
from tests.factories import make_user
from tests.members.history import IMDB

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("argv", "name", "kwargs"),
    [
        (["search", "rebuild"], "search.rebuild", {}),
        (["recommendations", "rebuild"], "recommendations.rebuild", {"limit": 12}),
        (
            ["import", "open-catalogue", "--limit", "5"],
            "ingest.open_catalogue",
            {"limit": 5},
        ),
        (
            ["import", "tmdb", "--changes", "--since", "2026-01-01"],
            "ingest.tmdb",
            {
                "films": [],
                "imdb_ids": [],
                "changes": True,
                "since": "2026-01-01",
                "everything": False,
                "limit": 0,
                "people": [],
            },
        ),
    ],
)
def test_background_queues_a_job_instead_of_running(argv, name, kwargs, capsys):
    assert cli.main([*argv, "--background"]) == 0
    job = Job.objects.get()
    assert (job.name, job.kwargs, job.state) == (name, kwargs, Job.State.QUEUED)
    assert f"Queued job {job.pk} ({name})" in capsys.readouterr().out


def test_a_members_import_in_the_background_is_stored_for_the_worker(capsys):
    make_user(username="ana")
    path = IMDB / "v2_date_rated.csv"
    argv = ["members", "import", "imdb", str(path), "--user", "ana", "--background"]
    assert cli.main(argv) == 0
    batch = ImportBatch.objects.get()
    assert batch.state == ImportBatch.State.QUEUED
    assert batch.job.name == "members.history_import"
    assert f"Queued import {batch.pk}" in capsys.readouterr().out


def test_the_worker_refuses_the_immediate_queue():
    with pytest.raises(CommandError, match="a worker needs a queue"):
        call_command("run_worker")


def test_serve_starts_a_worker_on_the_sqlite_queue(monkeypatch, settings, tmp_path):
    settings.JOBS_URL = f"sqlite:///{tmp_path / 'q.sqlite3'}"
    started = []

    class Started:
        pid = 4242

        def __init__(self, command, **options):
            started.append(command)

        def poll(self):
            return 0

    monkeypatch.setattr(subprocess, "Popen", Started)
    monkeypatch.setattr(cli, "cmd_init", lambda args: None)
    monkeypatch.setattr(BaseApplication, "run", lambda server: None)
    try:
        assert cli.main(["serve", "--workers", "1", "--port", "8997"]) == 0
    finally:
        gc.unfreeze()
    assert started
    assert started[0][-4:] == ["cinematheque", "worker", "--workers", "1"]
    settings.JOBS_EMBEDDED_WORKER = "0"
    started.clear()
    try:
        assert cli.main(["serve", "--workers", "1", "--port", "8997"]) == 0
    finally:
        gc.unfreeze()
    assert started == []
