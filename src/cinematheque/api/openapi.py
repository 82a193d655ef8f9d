"""The OpenAPI document names every status the API can answer, also those that come
from the site around the operations rather than from the operations themselves."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from cinematheque.errors import MAX_QUERY_STRING

ERROR_BODY = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
WRITES = frozenset({"post", "put", "patch", "delete"})

# status → (description, applies to reads, applies to writes)
SITE_WIDE: dict[str, tuple[str, bool, bool]] = {
    "304": (
        "Not Modified: the If-None-Match header named the current ETag.",
        True,
        False,
    ),
    "413": (
        "Content Too Large: the request body is longer than "
        f"{settings.MAX_REQUEST_BODY_BYTES} bytes.",
        False,
        True,
    ),
    "414": (
        f"URI Too Long: the query string is longer than {MAX_QUERY_STRING} characters.",
        True,
        True,
    ),
    "429": (
        "Too Many Requests: too many writes from this client in a short time; "
        "Retry-After says when to try again.",
        False,
        True,
    ),
    "503": (
        "Service Unavailable: the database does not answer at the moment (it may be "
        "restarting); Retry-After says when to try again.",
        True,
        True,
    ),
}


class DocumentedAPI(NinjaAPI):
    def get_openapi_schema(
        self,
        *,
        path_prefix: str | None = None,
        path_params: dict[str, Any] | None = None,
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(
            path_prefix=path_prefix, path_params=path_params
        )
        add_site_wide_responses(schema)
        return schema


def add_site_wide_responses(schema: OpenAPISchema) -> None:
    """Add the statuses of SITE_WIDE to every operation they apply to."""
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            write = method in WRITES
            responses = operation.setdefault("responses", {})
            for status, (description, reads, writes) in SITE_WIDE.items():
                documented = status in responses or int(status) in responses
                if documented or not (writes if write else reads):
                    continue
                response: dict[str, Any] = {"description": description}
                if status != "304":
                    response["content"] = ERROR_BODY
                responses[status] = response
