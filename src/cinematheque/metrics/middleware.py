"""The /metrics endpoint and the request counts (see cinematheque.metrics)."""

from __future__ import annotations

import hmac
import ipaddress
import os
import time
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DatabaseError, connections
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import Resolver404, resolve
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from cinematheque.metrics import MULTIPROC_VARIABLE

METRICS_PATHS = {"/metrics", "/metrics/"}
FORWARDING_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED")
KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
UNMATCHED = "<unmatched>"  # a path no URL pattern names: one label for all of them
PAGE_CACHE_RESULTS = {"HIT": "hit", "MISS": "miss", "STALE": "stale"}

REQUESTS = Counter(
    "cinematheque_http_requests",
    "Requests answered, by view name, method and status.",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "cinematheque_http_request_duration_seconds",
    "Time from the request reaching the app to its response, by view and status.",
    ["view", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
PAGE_CACHE = Counter(
    "cinematheque_page_cache_requests",
    "Visitor pages answered from the page cache (hit), rendered and stored (miss), "
    "or answered with the previous copy while another worker renders (stale).",
    ["view", "result"],
)
QUERIES = Counter(
    "cinematheque_db_queries",
    "SQL statements run while answering requests, by view name.",
    ["view"],
)


@lru_cache(maxsize=4096)
def view_name_of(path: str) -> str:
    """The view name of a path, for answers that skipped URL resolution (a page
    served from the cache)."""
    try:
        return resolve(path).view_name
    except Resolver404:
        return UNMATCHED


def view_label(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name
    return view_name_of(request.path_info)


class QueryCounter:
    """An execute wrapper that counts the statements run through it."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(
        self, execute: Callable, sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def is_loopback(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def access_status(request: HttpRequest) -> int:
    """200 if the client may read the metrics, 401 for a wrong token, else 404."""
    token = settings.METRICS_TOKEN
    offered = request.META.get("HTTP_AUTHORIZATION", "")
    if token:
        scheme, _, credential = offered.partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(
            credential.strip().encode(), token.encode()
        ):
            return 200
        return 401 if offered else 404
    proxied = any(request.META.get(header) for header in FORWARDING_HEADERS)
    return (
        200 if is_loopback(request.META.get("REMOTE_ADDR", "")) and not proxied else 404
    )


class DatabaseCollector(Collector):
    """Jobs and import rows, counted in the database when scraped."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        up = GaugeMetricFamily(
            "cinematheque_metrics_database_up",
            "1 if the database answered this scrape's queries.",
        )
        try:
            families = [self.jobs(), self.import_rows(), self.member_import_rows()]
        except DatabaseError:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families

    @staticmethod
    def jobs() -> GaugeMetricFamily:
        from cinematheque.jobs.models import Job

        family = GaugeMetricFamily(
            "cinematheque_jobs",
            "Background jobs kept, by kind and state (queued: the queue's depth; "
            "failed: failures of the last JOBS_KEEP_DAYS days).",
            labels=["name", "state"],
        )
        seen = set()
        for row in (
            Job.objects.order_by().values("name", "state").annotate(n=Count("id"))
        ):
            family.add_metric([row["name"], row["state"]], row["n"])
            seen.add(row["state"])
        for state in Job.State.values:  # every state appears, 0 when none
            if state not in seen:
                family.add_metric(["", state], 0)
        return family

    @staticmethod
    def import_rows() -> GaugeMetricFamily:
        from cinematheque.ingest.models import ImportRun

        family = GaugeMetricFamily(
            "cinematheque_import_rows",
            "Rows of the catalogue imports (bundled, TMDB, IMDb) kept in their runs: "
            "items read and committed, rows written, items rejected.",
            labels=["source", "outcome"],
        )
        totals = (
            ImportRun.objects.order_by()
            .values("source_key")
            .annotate(
                committed=Sum("items_done"),
                written=Sum("writes"),
                rejected=Sum("rejected"),
            )
        )
        for row in totals:
            for outcome in ("committed", "written", "rejected"):
                family.add_metric([row["source_key"], outcome], row[outcome] or 0)
        return family

    @staticmethod
    def member_import_rows() -> GaugeMetricFamily:
        from cinematheque.members.imports.models import ImportRow

        family = GaugeMetricFamily(
            "cinematheque_member_import_rows",
            "Rows of members' Letterboxd and IMDb imports, by source and status.",
            labels=["source", "status"],
        )
        rows = (
            ImportRow.objects.order_by()
            .values("batch__source", "status")
            .annotate(n=Count("id"))
        )
        for row in rows:
            family.add_metric([row["batch__source"], row["status"]], row["n"])
        return family


def is_multiprocess() -> bool:
    """Whether this process's metrics were made in multiprocess mode (decided once,
    when prometheus-client was imported)."""
    return values.ValueClass is not values.MutexValue and bool(
        os.environ.get(MULTIPROC_VARIABLE)
    )


def exposition() -> bytes:
    """The metrics in Prometheus' text format: every worker's (multiprocess mode)
    or this process's, then the database's."""
    if is_multiprocess():
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        counted = generate_latest(registry)
    else:
        counted = generate_latest(REGISTRY)
    database = CollectorRegistry()
    database.register(DatabaseCollector())
    return counted + generate_latest(database)


def metrics_response(request: HttpRequest) -> HttpResponse:
    if request.method not in {"GET", "HEAD"}:
        response = HttpResponse(
            "Method not allowed.\n", status=405, content_type="text/plain"
        )
        response["Allow"] = "GET, HEAD"
        return response
    status = access_status(request)
    if status == 401:
        response = HttpResponse(
            "Wrong metrics token.\n", status=401, content_type="text/plain"
        )
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
    elif status == 404:
        response = HttpResponse("Not found.\n", status=404, content_type="text/plain")
    else:
        response = HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response


class MetricsMiddleware:
    """After the health checks: answers /metrics, and counts every other request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        if not settings.METRICS_ENABLED:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path in METRICS_PATHS:
            return metrics_response(request)
        counter = QueryCounter()
        # The wrapper lists of this thread's connections, without a context manager
        # per alias: this runs on every request, cache hits included.
        wrappers = [connections[alias].execute_wrappers for alias in connections]
        for chain in wrappers:
            chain.append(counter)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            for chain in wrappers:
                chain.remove(counter)
        self.record(request, response, time.perf_counter() - started, counter.count)
        return response

    @staticmethod
    def record(
        request: HttpRequest, response: HttpResponseBase, seconds: float, queries: int
    ) -> None:
        view = view_label(request)
        status = str(response.status_code)
        method = request.method if request.method in KNOWN_METHODS else "other"
        count, latency = labelled(view, method or "other", status)
        count.inc()
        latency.observe(seconds)
        if queries:
            QUERIES.labels(view).inc(queries)
        result = PAGE_CACHE_RESULTS.get(response.get("X-Cache", ""))
        if result is not None:
            PAGE_CACHE.labels(view, result).inc()


@lru_cache(maxsize=4096)
def labelled(view: str, method: str, status: str) -> tuple[Any, Any]:
    """The request counter and latency histogram of these labels (prometheus-client
    looks children up under a lock; the labels of a site are a few hundred)."""
    return REQUESTS.labels(view, method, status), LATENCY.labels(view, status)
