"""The queue the settings name, its schedules, and the kinds the apps register."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from huey import MemoryHuey, PriorityRedisHuey, SqliteHuey

from cinematheque.jobs.queue import (
    crontab_from_setting,
    embedded_worker_wanted,
    huey_for_url,
    job_queue,
    queue_url,
)
from cinematheque.jobs.registry import job_kinds


def test_the_queue_follows_jobs_url_then_the_cache_then_the_data_directory(
    settings, tmp_path
):
    settings.JOBS_URL = ""
    settings.CACHE_URL = ""
    settings.DATA_DIR = tmp_path
    assert queue_url() == f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
    settings.CACHE_URL = "redis://127.0.0.1:6379/3"
    assert queue_url() == "redis://127.0.0.1:6379/3"
    settings.JOBS_URL = "redis://127.0.0.1:6379/5"
    assert queue_url() == "redis://127.0.0.1:6379/5"


def test_each_address_gives_its_kind_of_queue(tmp_path):
    assert isinstance(huey_for_url(f"sqlite:///{tmp_path}/q.db"), SqliteHuey)
    assert (tmp_path / "q.db").stat().st_mode & 0o777 == 0o600
    assert isinstance(huey_for_url("redis://127.0.0.1:6379/5"), PriorityRedisHuey)
    immediate = huey_for_url("immediate:")
    assert isinstance(immediate, MemoryHuey)
    assert immediate.immediate
    with pytest.raises(ImproperlyConfigured, match="scheme 'amqp' is not supported"):
        huey_for_url("amqp://guest@localhost/")


def test_the_embedded_worker_runs_beside_the_site_on_the_sqlite_queue(settings):
    settings.JOBS_EMBEDDED_WORKER = ""
    settings.JOBS_URL = "sqlite:///tmp/q.db"
    assert embedded_worker_wanted()
    settings.JOBS_URL = "redis://127.0.0.1:6379/5"
    assert not embedded_worker_wanted()
    settings.JOBS_EMBEDDED_WORKER = "1"
    assert embedded_worker_wanted()
    settings.JOBS_URL = "sqlite:///tmp/q.db"
    settings.JOBS_EMBEDDED_WORKER = "0"
    assert not embedded_worker_wanted()


def test_a_schedule_is_a_five_field_crontab():
    daily = crontab_from_setting("JOBS_SCHEDULE_X", "30 3 * * *")
    import datetime as dt

    assert daily(dt.datetime(2026, 1, 5, 3, 30))  # noqa: DTZ001 (Huey's own times)
    assert not daily(dt.datetime(2026, 1, 5, 3, 31))  # noqa: DTZ001
    with pytest.raises(ImproperlyConfigured, match="write five fields"):
        crontab_from_setting("JOBS_SCHEDULE_X", "daily")
    with pytest.raises(ImproperlyConfigured, match="JOBS_SCHEDULE_X"):
        crontab_from_setting("JOBS_SCHEDULE_X", "99 3 * * *")


def test_every_app_registers_its_jobs():
    names = {kind.name for kind in job_kinds()}
    assert {
        "ingest.open_catalogue",
        "ingest.tmdb",
        "ingest.tmdb_changes",
        "recommendations.rebuild",
        "search.rebuild",
        "watch.library_scan",
        "watch.offers_refresh",
        "members.history_import",
    } <= names


def schedules_with(settings, use_queue, tmp_path) -> dict[str, str]:
    use_queue(f"sqlite:///{tmp_path / 'queue.sqlite3'}")
    return job_queue().schedules


@pytest.mark.django_db
def test_tmdb_changes_are_fetched_daily_only_with_a_tmdb_key(
    settings, use_queue, tmp_path
):
    settings.TMDB_API_KEY = ""
    assert "ingest.tmdb_changes" not in schedules_with(settings, use_queue, tmp_path)
    settings.TMDB_API_KEY = "k"
    schedules = schedules_with(settings, use_queue, tmp_path)
    assert schedules["ingest.tmdb_changes"] == "30 3 * * *"
    registered = job_queue().huey._registry._registry
    assert any("jobs.schedule.ingest.tmdb_changes" in name for name in registered)
    assert any("jobs.reap" in name for name in registered)
    settings.JOBS_SCHEDULE_TMDB_CHANGES = ""
    assert "ingest.tmdb_changes" not in schedules_with(settings, use_queue, tmp_path)


@pytest.mark.django_db
def test_a_bad_schedule_stops_the_worker_with_the_setting_named(
    settings, use_queue, tmp_path
):
    settings.TMDB_API_KEY = "k"
    settings.JOBS_SCHEDULE_TMDB_CHANGES = "every night"
    with pytest.raises(ImproperlyConfigured, match="JOBS_SCHEDULE_TMDB_CHANGES"):
        schedules_with(settings, use_queue, tmp_path)
