"""`/healthz` and `/readyz` for load balancers, orchestrators and monitoring.

    GET /healthz   200 {"status": "ok"}: the process answers
    GET /readyz    200 {"status": "ok"} when the database and the cache answer;
                   200 {"status": "degraded"} when only the cache fails (the site
                   serves from the database, slower: pages/rediscache.py); 503
                   {"status": "unavailable"} when the database does not answer. The
                   body names what failed: {"status": "unavailable", "checks":
                   {"database": "unreachable (OperationalError)", "cache": "ok"}}

Answered by the first middleware, before anything else runs: no host check (a
probe may send the server's address as its Host), no HTTPS redirect, no session,
no page cache; never cached (`Cache-Control: no-store`).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse

HEALTH_PATHS = {"/healthz", "/healthz/", "/readyz", "/readyz/"}
CACHE_PROBE_KEY = "cinematheque:readyz"


def check_database() -> None:
    for connection in connections.all(initialized_only=False):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()


def check_cache() -> None:
    value = str(time.monotonic_ns())
    cache.set(CACHE_PROBE_KEY, value, timeout=10)
    if cache.get(CACHE_PROBE_KEY) != value:
        raise RuntimeError("what was written could not be read back")


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
}
# Without these the site cannot answer; without the others it answers slower.
REQUIRED = frozenset({"database"})


def readiness() -> tuple[bool, dict[str, str]]:
    """Run every check: ready when every REQUIRED one passes. A failure is named by
    the error's class, never its text (it may hold an address or a user name)."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # any failure means not ready
            results[name] = f"unreachable ({type(error).__name__})"
        else:
            results[name] = "ok"
    ready = all(results[name] == "ok" for name in REQUIRED if name in results)
    return ready, results


def _status(ready: bool, checks: dict[str, str]) -> str:
    if not ready:
        return "unavailable"
    return "ok" if all(result == "ok" for result in checks.values()) else "degraded"


def _answer(payload: dict, status: int) -> HttpResponse:
    response = JsonResponse(payload, status=status)
    response["Cache-Control"] = "no-store"
    return response


def health_response(request: HttpRequest) -> HttpResponse | None:
    """The answer to a health probe, or None for any other request."""
    if request.path not in HEALTH_PATHS:
        return None
    if request.method not in {"GET", "HEAD"}:
        return _answer({"status": "method not allowed"}, 405)
    if request.path.startswith("/healthz"):
        return _answer({"status": "ok"}, 200)
    ready, checks = readiness()
    return _answer(
        {"status": _status(ready, checks), "checks": checks},
        200 if ready else 503,
    )


class HealthCheckMiddleware:
    """First in MIDDLEWARE: answers /healthz and /readyz before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return health_response(request) or self.get_response(request)
