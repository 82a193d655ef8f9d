"""One page of a list answer: `count`, `limit`, `offset` and `items`, as every list
of the API returns them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def page_of(
    queryset: Any, page: Any, shape: Callable[[Any], Any] = lambda row: row
) -> dict[str, Any]:
    """The slice of `queryset` that `page` (`limit`, `offset`) asks for, each row
    passed through `shape`, with the total count."""
    return {
        "count": queryset.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": [
            shape(row) for row in queryset[page.offset : page.offset + page.limit]
        ],
    }
