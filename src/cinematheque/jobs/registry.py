"""The kinds of job the apps register, by name, and their schedules.

    # recommendations/tasks.py
    from cinematheque.jobs.registry import register

    register("recommendations.rebuild", rebuild_all, title="Rebuild related films")
    register("watch.scan", "cinematheque.watch.library.scan:scan_libraries",
             schedule_setting="JOBS_SCHEDULE_LIBRARY_SCAN")

A job's function runs in the worker with the keyword arguments given to
`job_enqueue` (JSON values) and may call `jobs.progress.report_progress`. It must be
idempotent or resumable: a job interrupted by a worker's death runs again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import import_string

JobFunction = Callable[..., Any]


@dataclass(frozen=True)
class JobKind:
    name: str
    target: JobFunction | str
    """The function, or its dotted path "package.module:function" (or
    "package.module.function"), imported only when a job of this kind runs: an app
    may register a job whose module another part of the code provides."""
    title: str = ""
    retries: int = 0
    """Runs again after a failure, this many times, `retry_delay` seconds apart."""
    retry_delay: int = 60
    schedule_setting: str = ""
    """The setting that holds the crontab ("m h dom mon dow") of a periodic run;
    an empty value turns the schedule off."""
    schedule_kwargs: dict[str, Any] = field(default_factory=dict)
    """The keyword arguments of a scheduled run."""
    available: Callable[[], bool] | None = None
    """Whether the schedule applies on this site (a TMDB key is set, the module
    exists); None: always."""

    def function(self) -> JobFunction:
        if callable(self.target):
            return self.target
        return import_string(self.target.replace(":", "."))

    def label(self) -> str:
        return self.title or self.name


class DuplicateJobKind(ValueError):
    pass


class UnknownJobKind(LookupError):
    pass


_kinds: dict[str, JobKind] = {}


def register(
    name: str,
    target: JobFunction | str,
    *,
    title: str = "",
    retries: int = 0,
    retry_delay: int = 60,
    schedule_setting: str = "",
    schedule_kwargs: dict[str, Any] | None = None,
    available: Callable[[], bool] | None = None,
) -> JobKind:
    """Register a kind of job under a unique name ("app.what"). A second kind of the
    same name is an error (two apps claiming one name), unless it is the same."""
    kind = JobKind(
        name=name,
        target=target,
        title=title,
        retries=retries,
        retry_delay=retry_delay,
        schedule_setting=schedule_setting,
        schedule_kwargs=schedule_kwargs or {},
        available=available,
    )
    existing = _kinds.get(name)
    if existing is not None and existing != kind:
        raise DuplicateJobKind(f"A job kind named {name!r} is already registered.")
    _kinds[name] = kind
    return kind


def unregister(name: str) -> None:
    _kinds.pop(name, None)


def job_kind(name: str) -> JobKind:
    try:
        return _kinds[name]
    except KeyError:
        raise UnknownJobKind(
            f"No job kind named {name!r}: is the app that registers it installed?"
        ) from None


def job_kinds() -> list[JobKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.name)
