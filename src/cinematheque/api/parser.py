"""How the API reads a request body: Django Ninja's JSON parser, refusing text that
holds a NUL character (`\\u0000`). No field of the API has a use for one, and
PostgreSQL refuses it in a text column, which would turn a member's typo into a 500
in the database instead of a 400 that names the problem."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import BadRequest
from django.http import HttpRequest
from ninja.parser import Parser


class NulFreeParser(Parser):
    """Ninja's parser; a body with a NUL in any key or string is a BadRequest (400)."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if holds_nul(data):
            raise BadRequest("A text value of the request holds a NUL character.")
        return data


def holds_nul(value: Any) -> bool:
    """Whether a parsed JSON value has a NUL in any string, key or nested value."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(holds_nul(item) for item in value)
    return False
