"""The OpenAPI document is a contract: it changes only when someone means it to."""

from __future__ import annotations

import difflib
import json

from tests.api.regenerate_openapi import SNAPSHOT, current_schema, render

HOW_TO_UPDATE = (
    "The API's OpenAPI schema differs from tests/api/openapi.json. If the change is "
    "intended, run `python -m tests.api.regenerate_openapi` and commit "
    "tests/api/openapi.json with it."
)


def test_openapi_schema_matches_the_checked_in_snapshot():
    current = render(current_schema())
    saved = SNAPSHOT.read_text()

    if json.loads(current) != json.loads(saved):
        diff = "".join(
            list(
                difflib.unified_diff(
                    saved.splitlines(keepends=True),
                    current.splitlines(keepends=True),
                    "tests/api/openapi.json",
                    "api.get_openapi_schema()",
                )
            )[:80]
        )
        raise AssertionError(f"{HOW_TO_UPDATE}\n\n{diff}")
