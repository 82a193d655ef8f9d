"""The database stops answering: pages get the friendly 503 page, the API a JSON
503, both with Retry-After; /readyz says 503; when the database is back the site
answers again without a restart (no broken connection kept).

"Down" is real on both backends: the connection is pointed at a PostgreSQL port
where nothing listens (connection refused, as while the server restarts) or at a
SQLite file in a directory that does not exist (unable to open), then back.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import OperationalError, connections
from django.test import Client

from cinematheque.api.errors import database_unavailable
from cinematheque.errors import server_error
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # free again once closed: nothing listens


@contextlib.contextmanager
def database_down(tmp_path: Path) -> Iterator[None]:
    connection = connections["default"]
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = str(tmp_path / "gone" / "db.sqlite3")
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.fixture
def visitor(settings) -> Client:
    settings.PAGE_CACHE_ENABLED = False  # every request reaches the database
    return Client(raise_request_exception=False)


@pytest.fixture
def heat():
    return factories.make_film(title="Heat", year=1995, slug="heat-1995")


def test_a_page_gets_the_friendly_503_then_recovers(visitor, heat, tmp_path):
    assert visitor.get("/films/heat-1995/").status_code == 200
    with database_down(tmp_path):
        for _attempt in range(2):  # the failed connection is not kept
            page = visitor.get("/films/heat-1995/")
            assert page.status_code == 503
            assert page["Retry-After"] == "10"
            assert page["Cache-Control"] == "no-store"
            assert page["Content-Type"] == "text/html; charset=utf-8"
            text = page.content.decode()
            assert "catching its breath" in text
            assert "try again in 10 seconds" in text
            assert "Traceback" not in text
    again = visitor.get("/films/heat-1995/")
    assert again.status_code == 200
    assert "Heat" in again.content.decode()


def test_the_api_answers_a_json_503(visitor, heat, tmp_path):
    with database_down(tmp_path):
        answer = visitor.get("/api/v1/films/by-slug/heat-1995")
    assert answer.status_code == 503
    assert answer["Retry-After"] == "10"
    body = answer.json()
    assert body["status"] == 503
    assert body["title"] == "Service Unavailable"
    assert "Retry-After" in body["detail"]
    assert visitor.get("/api/v1/films/by-slug/heat-1995").status_code == 200


def test_a_signed_in_member_gets_the_503_too(visitor, tmp_path):
    """The member is read by a middleware, before any view: handler500's path."""
    member = factories.make_user(username="ada")
    visitor.force_login(member)
    with database_down(tmp_path):
        page = visitor.get("/me/watchlist/")
        write = visitor.post(
            "/personal/films/heat-1995/", {"rating": 8}, content_type="application/json"
        )
    assert page.status_code == 503
    assert "catching its breath" in page.content.decode()
    assert write.status_code == 503
    assert visitor.get("/me/watchlist/").status_code == 200


def test_readyz_says_503_while_the_database_is_down(visitor, tmp_path):
    with database_down(tmp_path):
        down = visitor.get("/readyz")
    assert down.status_code == 503
    assert down.json()["checks"]["database"] == "unreachable (OperationalError)"
    assert visitor.get("/readyz").status_code == 200


def test_a_query_mistake_is_still_a_500_not_a_503():
    assert not database_unavailable(OperationalError("no such column: films.x"))
    assert not database_unavailable(OperationalError('near "SELEC": syntax error'))
    assert database_unavailable(OperationalError("database is locked"))
    assert database_unavailable(
        OperationalError("connection failed: Connection refused")
    )
    assert not database_unavailable(ValueError("connection refused"))


def test_handler500_answers_503_for_a_database_failure(rf):
    request = rf.get("/films/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        assert server_error(request).status_code == 500


def test_every_api_operation_documents_the_503():
    from cinematheque.api import api

    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "503" in operation["responses"], f"{method} {path}"
