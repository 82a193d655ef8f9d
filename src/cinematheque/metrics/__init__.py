"""Prometheus metrics at `/metrics` (prometheus-client), off with CINEMATHEQUE_METRICS=0.

Counted in the request (`MetricsMiddleware`, second in MIDDLEWARE):

    cinematheque_http_requests_total{view,method,status}
    cinematheque_http_request_duration_seconds{view,status}   (histogram)
    cinematheque_page_cache_requests_total{view,result}       (hit, miss, stale)
    cinematheque_db_queries_total{view}                       (SQL statements run)

Read from the database when scraped (`DatabaseCollector`), so that they are the same
whichever process ran the job or the import:

    cinematheque_jobs{name,state}                  jobs kept (queued = queue depth)
    cinematheque_import_rows{source,outcome}       catalogue imports' rows
    cinematheque_member_import_rows{source,status} members' Letterboxd/IMDb rows

Several gunicorn workers report one view: `cinematheque serve` points
PROMETHEUS_MULTIPROC_DIR at `<data dir>/metrics/<port>` (emptied at start; a dead worker's
live gauges are dropped by gunicorn's `child_exit` hook, its counts are kept) and a
scrape adds up every worker's file.

Who may read it: with CINEMATHEQUE_METRICS_TOKEN, a client that sends
`Authorization: Bearer <token>`; without, loopback clients that no proxy forwarded
(no X-Forwarded-For, X-Real-IP or Forwarded header). Anyone else gets a 404 (a
wrong token a 401). The shipped nginx configuration answers /metrics with a 404.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

MULTIPROC_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


def metrics_dir_prepare(data_dir: Path, port: int) -> Path:
    """Empty `<data dir>/metrics/<port>` and name it for prometheus-client's
    multiprocess mode: the counts of a previous run are not this run's, and another
    server of the same data directory (on another port) keeps its own. Call before
    the workers are forked and before prometheus-client is imported (it reads the
    variable once, at import)."""
    directory = data_dir / "metrics" / str(port)
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(mode=0o700, parents=True)
    os.environ[MULTIPROC_VARIABLE] = str(directory)
    return directory


def worker_exited(pid: int) -> None:
    """gunicorn's child_exit hook: forget the dead worker's live gauges (its
    counters and histograms stay in the sums)."""
    if os.environ.get(MULTIPROC_VARIABLE):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)
