"""The OpenAPI document and the interactive docs at /api/v1/docs."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from cinematheque.api import api


@pytest.fixture
def schema() -> dict:
    # Through JSON, as clients see it (response codes become strings).
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))


def _operations(schema: dict) -> list[dict]:
    return [op for path in schema["paths"].values() for op in path.values()]


def test_openapi_json_is_served(client, db):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response.json()["info"]["version"] == "1"
    assert "/api/v1/films" in response.json()["paths"]


def test_every_operation_has_an_id_summary_and_error_responses(schema):
    operations = _operations(schema)

    assert len(operations) >= 5
    ids = [op["operationId"] for op in operations]
    assert len(set(ids)) == len(ids)
    for op in operations:
        assert re.fullmatch(r"[a-z][A-Za-z]+", op["operationId"]), op
        assert op["summary"], op["operationId"]
        assert op["description"], op["operationId"]
        assert "400" in op["responses"], op["operationId"]
        error = op["responses"]["400"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/ErrorOut"}


def test_schemas_follow_the_naming_convention(schema):
    names = set(schema["components"]["schemas"])

    assert {
        "FilmOut",
        "FilmListItemOut",
        "FilmListOut",
        "PersonOut",
        "ErrorOut",
    } <= names
    assert all(name.endswith(("Out", "In")) for name in names), names


@pytest.mark.parametrize(
    ("name", "kwargs", "path"),
    [
        ("film_list", {}, "/api/v1/films"),
        ("film", {"film_id": 7}, "/api/v1/films/7"),
        ("film_by_slug", {"slug": "heat-1995"}, "/api/v1/films/by-slug/heat-1995"),
        ("person", {"person_id": 7}, "/api/v1/people/7"),
        ("person_by_slug", {"slug": "al-pacino"}, "/api/v1/people/by-slug/al-pacino"),
        ("openapi-json", {}, "/api/v1/openapi.json"),
    ],
)
def test_operations_have_url_names(name, kwargs, path):
    assert reverse(f"api-v1:{name}", kwargs=kwargs) == path


def test_docs_page_loads_only_local_assets(client, db):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, html
    for asset in assets:
        assert not re.match(r"(https?:)?//", asset), asset
    local = [a for a in assets if a.startswith("/static/")]
    assert {
        "/static/ninja/swagger-ui-bundle.js",
        "/static/ninja/swagger-ui.css",
    } <= set(local)
    for asset in local:
        assert finders.find(asset.removeprefix("/static/")), asset
    assert '"url": "/api/v1/openapi.json"' in html


def test_no_status_is_documented_twice(client):
    """Operations may name a site-wide status themselves (429): it is listed once,
    since a JSON object with a key twice breaks Swagger UI's parser."""
    import json

    raw = client.get("/api/v1/openapi.json").content.decode()

    def no_duplicates(pairs):
        keys = [key for key, _ in pairs]
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)

    json.loads(raw, object_pairs_hook=no_duplicates)
