"""The Huey instance the settings name, with the one task every job runs through
(`jobs.execute`), the reaper and the periodic schedules of the registered kinds.

    JOBS_URL=""                     Redis if CACHE_URL is redis://…, else SQLite in
                                    the data directory (jobs.sqlite3): no service
    JOBS_URL=redis://host:6379/2    PriorityRedisHuey on that database
    JOBS_URL=sqlite:///path/q.db    SqliteHuey in that file
    JOBS_URL=immediate:             run each job at once, in the process that
                                    enqueues it (tests, scripts)
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from huey import MemoryHuey, PriorityRedisHuey, SqliteHuey, crontab
from huey.api import Huey, TaskWrapper

from cinematheque.config import private_umask
from cinematheque.jobs.registry import JobKind, job_kinds

logger = logging.getLogger("cinematheque.jobs")

QUEUE_NAME = "cinematheque"
REDIS_SCHEMES = {"redis", "rediss", "unix"}


@dataclass(frozen=True)
class JobQueue:
    huey: Huey
    execute: TaskWrapper
    schedules: dict[str, str]
    """Kind name → the crontab it runs on, for the kinds with a schedule here."""

    def send(self, job_id: int, *, delay: float = 0) -> None:
        """Put a message for the job on the queue (after `delay` seconds)."""
        if delay and not self.huey.immediate:
            self.execute.schedule(args=(job_id,), delay=delay)
        else:
            self.execute(job_id)


def queue_url() -> str:
    """The queue's address: JOBS_URL, else CACHE_URL when it is Redis, else the
    SQLite file in the data directory."""
    if settings.JOBS_URL:
        return settings.JOBS_URL
    cache_url = settings.CACHE_URL or ""
    if urlsplit(cache_url).scheme in REDIS_SCHEMES:
        return cache_url
    return f"sqlite:///{Path(settings.DATA_DIR) / 'jobs.sqlite3'}"


def huey_for_url(url: str) -> Huey:
    """A Huey instance for a queue address (see the module's docstring)."""
    parts = urlsplit(url)
    if parts.scheme in REDIS_SCHEMES:
        return PriorityRedisHuey(QUEUE_NAME, url=url, results=False)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        path = path[1:] if path.startswith("//") else path
        if not path:
            raise ImproperlyConfigured("JOBS_URL sqlite:///… needs the file's path.")
        # In the data directory, like the database: the owner's only (0600).
        with private_umask():
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            return SqliteHuey(QUEUE_NAME, filename=path, results=False)
    if parts.scheme == "immediate":
        return MemoryHuey(QUEUE_NAME, immediate=True, results=False)
    raise ImproperlyConfigured(
        f"JOBS_URL scheme {parts.scheme!r} is not supported: use redis://host:port/db, "
        "sqlite:///path or immediate:"
    )


def crontab_from_setting(setting: str, value: str) -> crontab:
    """A five-field crontab ("minute hour day month weekday") from a setting."""
    fields = value.split()
    if len(fields) != 5:
        raise ImproperlyConfigured(
            f"{setting}={value!r} is not a crontab: write five fields, "
            '"minute hour day month weekday", e.g. "30 3 * * *" (daily at 03:30 '
            "UTC), or an empty value to turn the schedule off."
        )
    minute, hour, day, month, weekday = fields
    try:
        return crontab(
            minute=minute, hour=hour, day=day, month=month, day_of_week=weekday
        )
    except ValueError as error:
        raise ImproperlyConfigured(f"{setting}={value!r}: {error}") from error


def kind_schedule(kind: JobKind) -> str:
    """The crontab a kind runs on here, or "" when it has none."""
    if not kind.schedule_setting:
        return ""
    value = str(getattr(settings, kind.schedule_setting, "") or "").strip()
    if not value or (kind.available is not None and not kind.available()):
        return ""
    return value


@functools.cache
def job_queue() -> JobQueue:
    """The queue of this process, built once from the settings."""
    from cinematheque.jobs import services

    huey = huey_for_url(queue_url())
    execute = huey.task(name="jobs.execute")(services.job_execute)
    # A worker that died mid-job leaves it running with a stale heartbeat: every
    # minute, such jobs are queued again.
    huey.periodic_task(crontab(), name="jobs.reap")(services.jobs_requeue_stale)
    huey.periodic_task(crontab(minute="5", hour="2"), name="jobs.prune")(
        services.jobs_prune
    )
    schedules = {}
    for kind in job_kinds():
        schedule = kind_schedule(kind)
        if not schedule:
            continue
        validate = crontab_from_setting(kind.schedule_setting, schedule)
        huey.periodic_task(validate, name=f"jobs.schedule.{kind.name}")(
            functools.partial(services.job_enqueue_scheduled, kind.name)
        )
        schedules[kind.name] = schedule
    return JobQueue(huey=huey, execute=execute, schedules=schedules)


def job_queue_reset() -> None:
    """Forget the queue built from the settings (tests that change them)."""
    job_queue.cache_clear()


def embedded_worker_wanted() -> bool:
    """Whether `cinematheque serve` starts a worker beside the site:
    JOBS_EMBEDDED_WORKER=1 or 0, else when the queue is the embedded SQLite one
    (production, with Redis, runs `cinematheque worker` as its own service)."""
    value = str(settings.JOBS_EMBEDDED_WORKER).strip().lower()
    if value:
        return value in {"1", "true", "yes", "on"}
    return urlsplit(queue_url()).scheme == "sqlite"
