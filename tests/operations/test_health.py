"""`/healthz`, `/readyz` and the structured logs of LOG_FORMAT=json."""

from __future__ import annotations

import json
import logging
import sys

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client

from cinematheque import health
from cinematheque.logs import JsonFormatter, current_request_id


def test_healthz_answers_while_the_process_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_checks_the_database_and_the_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok"},
    }
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_names_what_failed_with_a_503(client, monkeypatch):
    def no_database() -> None:
        raise OperationalError("connection to server at 10.0.0.5 failed")

    monkeypatch.setitem(health.CHECKS, "database", no_database)
    response = client.get("/readyz/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"] == {
        "database": "unreachable (OperationalError)",
        "cache": "ok",
    }
    assert "10.0.0.5" not in response.content.decode()


@pytest.mark.django_db
def test_readyz_sees_a_cache_that_loses_what_it_is_given(client, monkeypatch):
    """The site serves without its cache (slower): ready, but degraded."""
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "unreachable (RuntimeError)"},
    }


def test_probes_skip_the_host_check_and_are_never_cached(settings):
    settings.ALLOWED_HOSTS = ["films.example.org"]
    probe = Client(HTTP_HOST="10.0.0.7:8000")
    response = probe.get("/healthz")
    assert response.status_code == 200
    assert "Set-Cookie" not in response
    assert "ETag" not in response
    assert probe.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client):
    response = client.get("/about/")
    generated = response["X-Request-ID"]
    assert len(generated) == 32
    offered = client.get("/about/", HTTP_X_REQUEST_ID="edge-1234-abcd")
    assert offered["X-Request-ID"] == "edge-1234-abcd"
    odd = client.get("/about/", HTTP_X_REQUEST_ID="<script>")
    assert odd["X-Request-ID"] != "<script>"


@pytest.mark.django_db
def test_a_request_is_one_json_line_with_its_id_path_status_and_duration(
    client, caplog
):
    with caplog.at_level(logging.INFO, logger="cinematheque.request"):
        response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-00000001")
    record = next(r for r in caplog.records if r.name == "cinematheque.request")
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "INFO"
    assert entry["logger"] == "cinematheque.request"
    assert entry["message"] == "GET /no-such-page/ 404"
    assert entry["request_id"] == "req-00000001"
    assert entry["path"] == "/no-such-page/"
    assert entry["status"] == response.status_code == 404
    assert entry["duration_ms"] >= 0
    assert entry["time"].endswith("+00:00")
    assert current_request_id() == ""  # reset after the request


def test_an_exception_is_kept_inside_its_json_line():
    try:
        raise ValueError("bad")
    except ValueError:
        record = logging.makeLogRecord(
            {"name": "x", "levelname": "ERROR", "msg": "failed: %s", "args": ("it",)}
        )
        record.exc_info = sys.exc_info()
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "failed: it"
    assert "ValueError: bad" in entry["exception"]


def test_log_format_json_is_read_from_the_environment(monkeypatch):
    import importlib

    from cinematheque import settings as site_settings

    monkeypatch.setenv("LOG_FORMAT", "json")
    reloaded = importlib.reload(site_settings)
    try:
        assert reloaded.LOGGING["handlers"]["console"]["formatter"] == "json"
        assert (
            reloaded.LOGGING["formatters"]["json"]["()"]
            == "cinematheque.logs.JsonFormatter"
        )
    finally:
        monkeypatch.delenv("LOG_FORMAT")
        importlib.reload(site_settings)
