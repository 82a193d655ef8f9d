"""The watch app's background jobs (registered with jobs/registry.py): the scan of
the operator's library folders (hourly) and the refresh of where-to-watch offers
(daily). Their functions are named by dotted path and imported only when a job
runs; a schedule applies once the module that provides it exists."""

from __future__ import annotations

from datetime import timedelta
from importlib.util import find_spec
from typing import Any

from django.utils.module_loading import import_string

from cinematheque.jobs.registry import register

LIBRARY_SCAN = "cinematheque.watch.library.scan.scan_libraries"
OFFERS_REFRESH = "cinematheque.watch.where.refresh.refresh_watch_offers"


def _module_exists(dotted: str) -> bool:
    module = dotted.rsplit(".", 1)[0]
    try:
        return find_spec(module) is not None
    except ModuleNotFoundError:  # a parent package is missing
        return False


def _summary(result: Any) -> Any:
    """A JSON summary of what a watch service returned (a dataclass, a number)."""
    if result is None or isinstance(result, (int, float, str, list, dict)):
        return result
    fields = getattr(result, "__dataclass_fields__", None)
    if fields:
        return {
            name: value
            for name in fields
            if isinstance(value := getattr(result, name), (int, float, str, bool))
        }
    return str(result)


def library_scan_job() -> Any:
    """Scan the library folders (a scan of unchanged files writes nothing)."""
    return _summary(import_string(LIBRARY_SCAN)())


def watch_offers_refresh_job(*, older_than_hours: float = 24, limit: int = 5000) -> Any:
    """Refresh the where-to-watch offers fetched more than `older_than_hours` ago
    (the films refreshed are skipped when the job runs again)."""
    refresh = import_string(OFFERS_REFRESH)
    return _summary(refresh(older_than=timedelta(hours=older_than_hours), limit=limit))


register(
    "watch.library_scan",
    library_scan_job,
    title="Scan the library folders",
    schedule_setting="JOBS_SCHEDULE_LIBRARY_SCAN",
    available=lambda: _module_exists(LIBRARY_SCAN),
)
register(
    "watch.offers_refresh",
    watch_offers_refresh_job,
    title="Refresh where to watch",
    retries=1,
    retry_delay=900,
    schedule_setting="JOBS_SCHEDULE_WATCH_OFFERS",
    available=lambda: _module_exists(OFFERS_REFRESH),
)
