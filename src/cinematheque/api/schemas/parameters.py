"""Query-parameter types shared by the API's input schemas. Their values are read by
cinematheque.catalogue.parameters, like the pages' parameters, and their OpenAPI
schema states what that module accepts (tests/api/test_parameter_schema.py)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationInfo
from pydantic_core import PydanticCustomError

from cinematheque.catalogue.parameters import (
    DECADE_PATTERN,
    ParameterError,
    parse_int,
)


def _ascii_int(value: Any, info: ValidationInfo) -> Any:
    # pydantic alone reads " 1", "+1", "1_000" and "1.0" as numbers.
    if not isinstance(value, str):
        return value
    try:
        return parse_int(info.field_name or "value", value)
    except ParameterError as error:
        raise PydanticCustomError("digits", error.message) from None


# An integer written with the digits 0-9 only; bounds go on the Field (ge=, le=).
QueryInt = Annotated[int, BeforeValidator(_ascii_int)]


def decade_field(description: str) -> Any:
    """A decade filter: "" (any), "1990" or "1990s". Validated by BrowseParams, which
    words the error; the schema documents the same pattern."""
    return Field(
        "",
        max_length=5,
        description=description,
        json_schema_extra={"pattern": DECADE_PATTERN},
    )
