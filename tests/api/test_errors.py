"""Bad input gets a JSON 4xx `{status, title, detail, errors}`, never a 500."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.testing import TestClient

from cinematheque.api import errors
from cinematheque.catalogue.browse import BrowseError
from tests import factories

LIST = "/api/v1/films"


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("limit=-1", "limit", "whole number written with the digits 0 to 9"),
        ("limit=0", "limit", "greater than or equal to 1"),
        ("limit=10000", "limit", "less than or equal to 100"),
        ("limit=ten", "limit", "whole number written with the digits 0 to 9"),
        ("limit=%C2%B2", "limit", "whole number written with the digits 0 to 9"),
        ("limit=%EF%BC%91", "limit", "whole number written with the digits 0 to 9"),
        ("limit=+1", "limit", "whole number written with the digits 0 to 9"),
        ("limit=", "limit", "whole number written with the digits 0 to 9"),
        ("offset=-5", "offset", "whole number written with the digits 0 to 9"),
        ("offset=1.5", "offset", "whole number written with the digits 0 to 9"),
        ("offset=1_000", "offset", "whole number written with the digits 0 to 9"),
        ("offset=" + "9" * 30, "offset", "between 0 and 9223372036854775807"),
        ("decade=%C2%B2", "decade", "Decade must be a year like 1990"),
        ("decade=000000000", "decade", "at most 5 characters"),
        ("sort=", "sort", "Unknown sort ''"),
        ("decade=abc", "decade", "Decade must be a year like 1990"),
        ("decade=1995", "decade", "multiple of ten"),
        ("decade=1700", "decade", "multiple of ten"),
        ("sort=bogus", "sort", "Unknown sort 'bogus'"),
        ("genre=crime%3Bdrop", "genre", "not a valid genre slug"),
        ("genre=%3Cscript%3E", "genre", "not a valid genre slug"),
        ("country=united%20states", "country", "not a valid country slug"),
        ("genre=" + "x" * 201, "genre", "at most 200 characters"),
        ("certification=" + "R" * 21, "certification", "at most 20 characters"),
        ("certification=%00", "certification", "control characters"),
        ("genre=%00", "genre", "control characters"),
        ("genre=%ED%A0%80", "genre", "not a valid genre slug"),  # lone surrogate
    ],
)
def test_bad_list_parameter_is_a_400_naming_the_parameter(
    client, db, query, field, message
):
    response = client.get(f"{LIST}?{query}")

    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert body["title"] == "Invalid request parameters"
    assert body["detail"].startswith(f"{field}: ")
    assert message in body["detail"]
    assert [error["loc"] for error in body["errors"]] == [["query", field]]
    assert message in body["errors"][0]["message"]


def test_every_bad_parameter_is_reported_at_once(client, db):
    body = client.get(f"{LIST}?limit=0&offset=-1").json()

    assert sorted(tuple(e["loc"]) for e in body["errors"]) == [
        ("query", "limit"),
        ("query", "offset"),
    ]


@pytest.mark.parametrize(
    ("url", "loc"),
    [
        ("/api/v1/films/abc", ["path", "film_id"]),
        ("/api/v1/films/0", ["path", "film_id"]),
        ("/api/v1/films/-3", ["path", "film_id"]),
        (f"/api/v1/films/{2**80}", ["path", "film_id"]),
        ("/api/v1/films/1e3", ["path", "film_id"]),
        ("/api/v1/people/abc", ["path", "person_id"]),
        (f"/api/v1/people/{2**63}", ["path", "person_id"]),
        ("/api/v1/films/by-slug/heat%201995", ["path", "slug"]),
        ("/api/v1/films/by-slug/%ED%A0%80", ["path", "slug"]),
        ("/api/v1/films/by-slug/%00", ["path", "slug"]),
        ("/api/v1/people/by-slug/" + "a" * 256, ["path", "slug"]),
    ],
)
def test_bad_path_parameter_is_a_400(client, db, url, loc):
    response = client.get(url)

    assert response.status_code == 400
    assert response.json()["errors"][0]["loc"] == loc


def test_largest_possible_id_is_a_404_not_an_overflow(client, db):
    response = client.get(f"/api/v1/films/{2**63 - 1}")

    assert response.status_code == 404


ODD_VALUES = [
    "",
    "-1",
    "0",
    "1.5",
    "1e309",
    str(2**64),
    "9" * 5000,
    "NaN",
    "null",
    "true",
    "%00",
    "%ED%A0%80",
    "%FF%FE",
    "%F0%9F%8E%AC",
    "%E2%80%AE",
    "'%20OR%201%3D1--",
    "%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "..%2F..%2Fetc%2Fpasswd",
    "*",
    "%25",
    "a" * 10_000,
    "%0A%0D",
    "[]",
    "%7B%7D",
]
LIST_PARAMETERS = [
    "genre",
    "decade",
    "certification",
    "country",
    "sort",
    "limit",
    "offset",
]


@pytest.mark.parametrize("value", ODD_VALUES)
@pytest.mark.parametrize("parameter", LIST_PARAMETERS)
def test_odd_list_parameters_never_cause_a_server_error(client, heat, parameter, value):
    response = client.get(f"{LIST}?{parameter}={value}")

    # 414: "9" * 5000 and "a" * 10_000 are longer than any query string the site reads.
    assert response.status_code in {200, 400, 414}
    body = response.json()
    if response.status_code != 200:
        assert body["status"] == response.status_code
        assert body["detail"]
    else:
        assert "items" in body


@pytest.mark.parametrize("value", ODD_VALUES)
@pytest.mark.parametrize(
    "template",
    [
        "/api/v1/films/{}",
        "/api/v1/films/by-slug/{}",
        "/api/v1/people/{}",
        "/api/v1/people/by-slug/{}",
    ],
)
def test_odd_path_values_never_cause_a_server_error(client, heat, template, value):
    response = client.get(template.format(value))

    assert response.status_code < 500
    if response["Content-Type"].startswith("application/json"):
        assert response.json()["status"] == response.status_code


def test_unsupported_method_is_refused(client, heat):
    response = client.post(f"/api/v1/films/{heat.film.pk}")

    assert response.status_code == 405


def test_repeated_parameter_uses_one_value(client, db):
    factories.make_film().genres.add(factories.make_genre("Crime"))

    response = client.get(f"{LIST}?genre=crime&genre=drama")

    assert response.status_code == 200


@pytest.fixture
def raising_client() -> TestClient:
    """A separate API with the project's error handlers and operations that raise."""
    api = NinjaAPI(urls_namespace="errors-test")
    errors.register(api)

    @api.get("/forbidden")
    def forbidden(request):
        raise PermissionDenied

    @api.get("/teapot")
    def teapot(request):
        raise HttpError(418, "I refuse to brew coffee.")

    @api.get("/missing")
    def missing(request):
        raise Http404("Nothing here.")

    @api.get("/browse")
    def browse(request):
        raise BrowseError("decade", "Decade must be a year like 1990.")

    return TestClient(api)


@pytest.mark.parametrize(
    ("path", "status", "title", "detail"),
    [
        ("/forbidden", 403, "Forbidden", "You may not access this resource."),
        ("/teapot", 418, "I'm a Teapot", "I refuse to brew coffee."),
        ("/missing", 404, "Not Found", "Nothing here."),
        ("/browse", 400, "Invalid request parameters", "decade: Decade must be"),
    ],
)
def test_exceptions_become_json_errors(raising_client, path, status, title, detail):
    response = raising_client.get(path)

    assert response.status_code == status
    body = response.json()
    assert (body["status"], body["title"]) == (status, title)
    assert body["detail"].startswith(detail)
    assert isinstance(body["errors"], list)


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        ("/api/v1/nothing-here", "No API endpoint at /api/v1/nothing-here."),
        ("/api/v2/films", "No API endpoint at /api/v2/films."),
        (
            "/api/v1/films/",
            "No API endpoint at /api/v1/films/. Did you mean /api/v1/films?",
        ),
    ],
)
def test_unknown_api_url_is_a_json_404(client, db, url, detail):
    response = client.get(url)

    assert response.status_code == 404
    assert response.json() == {
        "status": 404,
        "title": "Not Found",
        "detail": detail,
        "errors": [],
    }
