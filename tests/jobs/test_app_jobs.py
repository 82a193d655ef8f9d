"""The jobs the apps register do what their commands do, and report progress."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import TestCase

from cinematheque.catalogue.models import Film
from cinematheque.jobs.models import Job
from cinematheque.jobs.registry import job_kind
from cinematheque.jobs.services import job_enqueue
from cinematheque.search.models import FilmDocument
from cinematheque.watch import tasks as watch_tasks
from tests.factories import make_film
from tests.ingest.conftest import load_fixture, write_catalogue

pytestmark = pytest.mark.django_db


def run(name: str, **kwargs) -> Job:
    with TestCase.captureOnCommitCallbacks(execute=True):
        job = job_enqueue(name, kwargs=kwargs)
    job.refresh_from_db()
    return job


def test_the_bundled_import_job_imports_and_reports_rows(tmp_path):
    catalogue = write_catalogue(tmp_path / "catalogue.db", load_fixture())
    job = run("ingest.open_catalogue", path=str(catalogue))
    assert job.state == Job.State.DONE, job.traceback
    assert Film.objects.exists()
    assert job.progress_total
    assert job.progress_done == job.progress_total
    assert job.result["command"] == "import_open_catalogue"
    assert any(line.startswith("Rows read:") for line in job.result["output"])
    films = Film.objects.count()
    again = run("ingest.open_catalogue", path=str(catalogue))  # idempotent
    assert again.state == Job.State.DONE
    assert Film.objects.count() == films


def test_the_tmdb_job_fails_with_the_commands_message_without_a_key():
    job = run("ingest.tmdb", changes=True)
    assert job.state == Job.State.FAILED
    assert "CommandError" in job.error
    assert "TMDB" in job.error


def test_the_search_rebuild_job_indexes_every_film():
    make_film(title="Heat", year=1995)
    make_film(title="Thief", year=1981)
    FilmDocument.objects.all().delete()
    job = run("search.rebuild")
    assert job.state == Job.State.DONE, job.traceback
    assert job.result["films"] == 2
    assert FilmDocument.objects.count() == 2
    assert job.progress_message


def test_the_recommendations_rebuild_job_reports_its_counts():
    for year in range(1990, 2000):
        make_film(title=f"Film of {year}", year=year)
    job = run("recommendations.rebuild", limit=8)
    assert job.state == Job.State.DONE, job.traceback
    assert job.result["films"] == 10


def test_the_watch_jobs_call_the_watch_services(monkeypatch):
    seen = {}

    def scan():
        seen["scan"] = True
        return 3

    def refresh(*, older_than, limit):
        seen["refresh"] = (older_than, limit)

    services = {watch_tasks.LIBRARY_SCAN: scan, watch_tasks.OFFERS_REFRESH: refresh}
    monkeypatch.setattr(watch_tasks, "import_string", services.__getitem__)
    assert run("watch.library_scan").result == 3
    job = run("watch.offers_refresh", older_than_hours=12, limit=50)
    assert job.state == Job.State.DONE
    assert seen == {"scan": True, "refresh": (timedelta(hours=12), 50)}


def test_the_watch_schedules_wait_for_their_modules(monkeypatch):
    scan = job_kind("watch.library_scan")
    assert scan.available is not None
    monkeypatch.setattr(watch_tasks, "LIBRARY_SCAN", "cinematheque.nowhere.mod.fn")
    assert not scan.available()
    monkeypatch.setattr(
        watch_tasks, "LIBRARY_SCAN", "cinematheque.watch.models.LibraryFolder"
    )
    assert scan.available()
