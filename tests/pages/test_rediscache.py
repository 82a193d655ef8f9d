"""Redis stopped: the cache (pages, their versions, rate limits) degrades to misses
with short timeouts and the site keeps serving from the database, slower; when
Redis answers again the cache is used again. The real test starts its own
redis-server and stops it."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client

from cinematheque.config import cache_from_url
from cinematheque.members.ratelimit import hit
from cinematheque.pages import rediscache
from cinematheque.pages.rediscache import ResilientRedisCache
from tests import factories

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_redis_urls_get_the_resilient_backend():
    settings = cache_from_url("redis://127.0.0.1:6379/1", Path("/srv/cinematheque"))
    assert settings["BACKEND"] == "cinematheque.pages.rediscache.ResilientRedisCache"


def test_a_redis_that_does_not_answer_is_a_quick_miss():
    stopped = ResilientRedisCache(f"redis://127.0.0.1:{free_port()}/0", {})
    started = time.monotonic()
    for _ in range(50):
        assert stopped.get("film:1", "default") == "default"
        stopped.set("film:1", "page")
        assert stopped.add("film:1", "page") is False
        assert stopped.get_many(["a", "b"]) == {}
        assert stopped.has_key("a") is False
        stopped.delete_many(["a"])
        with pytest.raises(ValueError, match="not found"):
            stopped.incr("counter")
    assert time.monotonic() - started < 1.0
    assert stopped.available is False  # left alone for a moment after the error


def test_rate_limits_let_requests_through_without_redis(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "cinematheque.pages.rediscache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    assert [hit("tests", "addr:1", limit=2, window=60) for _ in range(5)] == [0] * 5


class RedisServer:
    """A redis-server of the test's own, on a free port, without persistence."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                REDIS_SERVER,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no"),
                *("--dir", str(self.directory)),
            ],
            stdout=subprocess.DEVNULL,
        )
        for _attempt in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        pytest.fail("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    if not Path(REDIS_SERVER).exists():
        pytest.skip("needs redis-server (apt-get install redis-server)")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def site_on_redis(settings, redis_server):
    settings.PAGE_CACHE_ENABLED = True
    settings.CACHES = {
        "default": {
            "BACKEND": "cinematheque.pages.rediscache.ResilientRedisCache",
            "LOCATION": redis_server.url,
        }
    }
    return redis_server


@pytest.mark.django_db(transaction=True)
def test_the_site_keeps_serving_while_redis_is_stopped(site_on_redis, monkeypatch):
    monkeypatch.setattr(rediscache, "PAUSE_SECONDS", 0.2)
    factories.make_film(title="Heat", year=1995, slug="heat-1995")
    visitor = Client(raise_request_exception=False)
    visitor.get("/films/heat-1995/")
    assert visitor.get("/films/heat-1995/")["X-Cache"] == "HIT"

    site_on_redis.stop()
    for _ in range(3):
        page = visitor.get("/films/heat-1995/")
        assert page.status_code == 200
        assert "Heat" in page.content.decode()
        assert page["X-Cache"] != "HIT"
    assert visitor.get("/api/v1/films/by-slug/heat-1995").status_code == 200
    assert visitor.get("/readyz").json()["status"] == "degraded"
    member = Client(raise_request_exception=False)
    member.force_login(factories.make_user(username="ada"))  # sessions: database
    rated = member.post(
        "/personal/films/heat-1995/", {"rating": 8}, content_type="application/json"
    )
    assert rated.status_code == 200, rated.content[:300]
    assert rated.json()["fields"]["rating"] == 8

    site_on_redis.start()  # the same port, empty
    time.sleep(0.3)  # past the pause
    visitor.get("/films/heat-1995/")
    assert visitor.get("/films/heat-1995/")["X-Cache"] == "HIT"
    assert cache.get("missing", "default") == "default"
    assert visitor.get("/readyz").json()["status"] == "ok"
