"""The OpenAPI schema of each query parameter admits exactly what the API accepts:
the decade pattern, the bounds of every number, the sort values."""

from __future__ import annotations

import re

import pytest

from cinematheque.api import api

OPERATIONS = {"listFilms": "/api/v1/films", "search": "/api/v1/search"}
DECADES = [
    "",
    "1870",
    "1990",
    "1990s",
    "2100",
    "1860",
    "1995",
    "2110",
    "000000000",
    "01990",
    "1990ss",
    "\u00b2",
    "\u0661\u0669\u0669\u0660",
    "1990 ",
]


def _parameters(operation_id: str) -> dict[str, dict]:
    schema = api.get_openapi_schema()
    for methods in schema["paths"].values():
        for operation in methods.values():
            if operation.get("operationId") == operation_id:
                return {p["name"]: p["schema"] for p in operation["parameters"]}
    raise AssertionError(operation_id)


def _admits(schema: dict, value: str) -> bool:
    return len(value) <= schema.get("maxLength", len(value)) and bool(
        re.search(schema.get("pattern", ""), value)
    )


@pytest.mark.parametrize("operation_id", list(OPERATIONS))
def test_decade_schema_admits_exactly_the_decades_the_api_accepts(
    client, db, operation_id
):
    schema = _parameters(operation_id)["decade"]
    for value in DECADES:
        status = client.get(OPERATIONS[operation_id], {"decade": value}).status_code
        assert (status == 200) == _admits(schema, value), (value, status)


def test_decade_schema_refuses_the_nine_zeros_the_api_refuses():
    assert not _admits(_parameters("listFilms")["decade"], "000000000")


@pytest.mark.parametrize(
    ("operation_id", "name"),
    [
        ("listFilms", "limit"),
        ("listFilms", "offset"),
        ("search", "limit"),
        ("search", "offset"),
    ],
)
def test_number_bounds_in_the_schema_are_the_api_bounds(client, db, operation_id, name):
    schema = _parameters(operation_id)[name]
    url = OPERATIONS[operation_id]
    assert schema["type"] == "integer"
    low, high = schema["minimum"], schema["maximum"]

    assert client.get(url, {name: str(low)}).status_code == 200
    assert client.get(url, {name: str(high)}).status_code == 200
    assert client.get(url, {name: str(high + 1)}).status_code == 400
    assert client.get(url, {name: str(low - 1)}).status_code == 400


def test_sort_schema_lists_the_values_the_api_accepts(client, db):
    schema = _parameters("listFilms")["sort"]
    for value in schema["enum"]:
        assert client.get("/api/v1/films", {"sort": value}).status_code == 200
    assert "" not in schema["enum"]
    assert client.get("/api/v1/films", {"sort": ""}).status_code == 400
