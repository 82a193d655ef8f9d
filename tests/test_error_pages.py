"""The site's own pages for bad requests (400), over-long addresses (414) and
failures (500), and JSON instead of them for every URL under /api/."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import path
from gunicorn.app.base import BaseApplication

from cinematheque import cli
from cinematheque.api.routers import films as films_router
from cinematheque.catalogue.parameters import ParameterError
from cinematheque.errors import MAX_QUERY_STRING
from cinematheque.urls import handler400, handler404, handler500
from cinematheque.urls import urlpatterns as site_urlpatterns


def _refuse_parameter(request: HttpRequest) -> HttpResponse:
    raise ParameterError("year", "Year must be between 1870 and 2100, not '<b>1</b>'.")


def _fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


# The site's URLs and handlers, plus views that raise what real views might.
urlpatterns = [
    path("refuse/", _refuse_parameter),
    path("fail/", _fail),
    path("api/v1/fail-outside-ninja", _fail),
    *site_urlpatterns,
]
__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


@pytest.mark.urls(__name__)
def test_parameter_error_gets_the_friendly_400_page_with_its_message(client, db):
    response = client.get("/refuse/")

    assert response.status_code == 400
    html = response.content.decode()
    assert "This address asks for something we can\u2019t show" in html
    assert "not &#39;&lt;b&gt;1&lt;/b&gt;&#39;." in html  # escaped
    assert 'class="site-header"' in html  # the site's layout, not a bare page


@pytest.mark.urls(__name__)
def test_unexpected_failure_on_a_page_gets_the_500_page(client, db):
    response = client.get("/fail/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.urls(__name__)
def test_unexpected_failure_under_api_outside_an_operation_is_json(client, db):
    response = client.get("/api/v1/fail-outside-ninja")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert (body["status"], body["title"]) == (500, "Internal Server Error")
    assert "a bug" not in body["detail"]


def test_unexpected_failure_in_an_api_operation_is_json(client, db, monkeypatch):
    class Broken:
        @staticmethod
        def parse(data):
            raise RuntimeError("a bug")

    monkeypatch.setattr(films_router, "BrowseParams", Broken)

    response = client.get("/api/v1/films")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert (body["status"], body["title"]) == (500, "Internal Server Error")
    assert "logged" in body["detail"]


def test_over_long_query_string_gets_the_friendly_414_page(client, db):
    response = client.get("/search/", {"q": "heat " * 1000})

    assert response.status_code == 414
    html = response.content.decode()
    assert "This address is too long" in html
    assert f"this site reads at most {MAX_QUERY_STRING}" in html
    assert 'class="site-header"' in html


def test_over_long_query_string_under_api_gets_json_414(client, db):
    response = client.get("/api/v1/search", {"q": "x" * MAX_QUERY_STRING})

    assert response.status_code == 414
    body = response.json()
    assert body["status"] == 414
    assert f"the limit is {MAX_QUERY_STRING}" in body["detail"]


def test_query_string_at_the_limit_is_served(client, db):
    query = "q=" + "x" * (MAX_QUERY_STRING - 2)

    assert client.get(f"/search/?{query}").status_code == 200
    assert client.get(f"/search/?{query}x").status_code == 414


def test_search_boxes_cannot_send_a_query_string_over_the_limit(client, db):
    html = client.get("/search/").content.decode()

    assert html.count('name="q"') == 2  # the header box and the page's box
    assert html.count('maxlength="200"') == 2
    # The widest text a 200-unit box holds, percent-encoded as the browser sends it.
    widest = "q=" + quote("\uffff" * 200)
    assert len(widest) < MAX_QUERY_STRING


def test_head_of_the_search_page_has_the_headers_of_get_and_no_body(client, db):
    get = client.get("/search/", {"q": "heat"})
    head = client.head("/search/", {"q": "heat"})

    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]
    assert head["Content-Length"] == get["Content-Length"]


def test_head_of_the_suggestions_is_answered(client, db):
    assert client.head("/search/suggest/", {"q": "he"}).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_serve_lets_request_lines_up_to_8190_bytes_reach_the_app(monkeypatch):
    import gc

    seen = {}
    monkeypatch.setattr(cli, "cmd_init", lambda args: None)
    monkeypatch.setattr(
        BaseApplication,
        "run",
        lambda server: seen.update(limit=server.cfg.limit_request_line),
    )
    try:
        assert cli.main(["serve", "--port", "8999"]) == 0
    finally:
        gc.unfreeze()
    assert seen["limit"] == 8190
    assert seen["limit"] > MAX_QUERY_STRING + len("GET /search/? HTTP/1.1")


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("%C2%B2", "\u201c\u00b2\u201d is not a page number"),
        ("", "\u201c\u201d is not a page number"),
        ("2", "There is no page 2: this list has 1 page."),
    ],
)
def test_bad_page_of_a_list_without_its_own_notice_gets_the_400_page(
    client, db, page, message
):
    response = client.get(f"/collections/?page={page}")

    assert response.status_code == 400
    html = response.content.decode()
    assert "This address asks for something we can\u2019t show" in html
    assert message in html


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("%C2%B2", "\u201c\u00b2\u201d is not a page number"),
        ("", "\u201c\u201d is not a page number"),
        ("7", "There is no page 7: this list has 1 page."),
    ],
)
def test_bad_page_of_search_results_is_a_400_with_the_notice(client, db, page, message):
    response = client.get(f"/search/?q=heat&page={page}")

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'role="alert"' in html  # the notice above the results


def test_unknown_host_gets_the_400_page(client, db, settings):
    settings.ALLOWED_HOSTS = ["films.example"]

    response = client.get("/films/", HTTP_HOST="elsewhere.example")

    assert response.status_code == 400
    assert "This address asks for something" in response.content.decode()
