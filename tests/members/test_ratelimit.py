from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from cinematheque.members.ratelimit import rate_limited


@rate_limited("test-scope", limit=3, window=60)
def write_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("written")


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()


def test_writes_over_the_limit_get_429_with_retry_after(rf: RequestFactory) -> None:
    statuses = [
        write_view(rf.post("/x", REMOTE_ADDR="10.0.0.1")).status_code for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]
    response = write_view(rf.post("/x", REMOTE_ADDR="10.0.0.1"))
    assert 0 < int(response["Retry-After"]) <= 60
    assert b"Too many requests" in response.content


def test_reads_are_not_counted_and_clients_are_counted_apart(
    rf: RequestFactory,
) -> None:
    for _ in range(10):
        assert write_view(rf.get("/x", REMOTE_ADDR="10.0.0.1")).status_code == 200
    for _ in range(3):
        assert write_view(rf.post("/x", REMOTE_ADDR="10.0.0.1")).status_code == 200
    assert write_view(rf.post("/x", REMOTE_ADDR="10.0.0.2")).status_code == 200


def test_api_clients_get_json(rf: RequestFactory) -> None:
    for _ in range(3):
        write_view(rf.post("/api/v1/me/ratings", REMOTE_ADDR="10.0.0.3"))
    response = write_view(rf.post("/api/v1/me/ratings", REMOTE_ADDR="10.0.0.3"))
    assert response.status_code == 429
    assert json.loads(response.content)["detail"].startswith("Too many requests")
