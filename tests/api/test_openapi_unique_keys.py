"""The OpenAPI document is JSON that every reader accepts: no key twice in one
object (Swagger UI refuses "duplicated mapping key" and draws nothing)."""

from __future__ import annotations

import json


def test_no_object_of_the_document_repeats_a_key(client):
    repeated: list[str] = []

    def check(pairs: list[tuple[str, object]]) -> dict[str, object]:
        keys = [key for key, _value in pairs]
        repeated.extend(key for key in set(keys) if keys.count(key) > 1)
        return dict(pairs)

    response = client.get("/api/v1/openapi.json")
    json.loads(response.content, object_pairs_hook=check)

    assert repeated == []
