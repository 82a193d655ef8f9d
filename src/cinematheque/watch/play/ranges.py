"""HTTP Range requests (RFC 9110 §14): which bytes of a file a request asks for.

Only single byte ranges are served as 206. A request for several ranges gets the
whole file (200): RFC 9110 §14.2 lets a server ignore Range, and browsers' media
players only ever ask for one range. A syntactically invalid Range header, or an
unknown unit, is ignored the same way; a valid one that no byte of the file can
satisfy gets 416.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.http import parse_http_date_safe

_SPEC = re.compile(r"^\s*(\d*)\s*-\s*(\d*)\s*$")


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int
    """Inclusive, as in Content-Range."""

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    def content_range(self, size: int) -> str:
        return f"bytes {self.start}-{self.end}/{size}"


class Unsatisfiable(Exception):
    """A valid range set of which no range overlaps the file (answer 416)."""


def requested_range(header: str | None, size: int) -> ByteRange | None:
    """The one byte range that `header` asks for in a file of `size` bytes, or None
    for the whole file (no header, several ranges, invalid syntax); Unsatisfiable
    when no byte of the file is in the ranges asked for."""
    if not header:
        return None
    unit, _, ranges = header.partition("=")
    if unit.strip().lower() != "bytes" or not ranges.strip():
        return None
    specs = [spec for spec in ranges.split(",") if spec.strip()]
    parsed = [_parse_spec(spec) for spec in specs]
    if not parsed or any(spec is None for spec in parsed):
        return None
    if len(parsed) > 1:
        satisfiable = [
            spec for spec in parsed if spec and _resolve(spec, size) is not None
        ]
        if not satisfiable:
            raise Unsatisfiable
        return None
    resolved = _resolve(parsed[0], size)  # type: ignore[arg-type]
    if resolved is None:
        raise Unsatisfiable
    return resolved


def _parse_spec(spec: str) -> tuple[int | None, int | None] | None:
    """(first, last) of `first-last`, `first-` or `-suffix` (first None); None when
    the spec is not valid syntax (last before first included)."""
    match = _SPEC.match(spec)
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if first and last and int(last) < int(first):
        return None
    return (int(first) if first else None, int(last) if last else None)


def _resolve(spec: tuple[int | None, int | None], size: int) -> ByteRange | None:
    first, last = spec
    if first is None:  # the last `last` bytes
        if not last or size == 0:
            return None
        return ByteRange(max(size - last, 0), size - 1)
    if first >= size:
        return None
    end = size - 1 if last is None else min(last, size - 1)
    return ByteRange(first, end)


def if_range_matches(header: str | None, *, etag: str, last_modified: int) -> bool:
    """Whether a Range request may be answered with a part (RFC 9110 §13.1.5): no
    If-Range, or one that equals the current strong ETag or Last-Modified date."""
    if header is None:
        return True
    header = header.strip()
    if header.startswith(('"', "W/")):
        # A weak validator never matches: the bytes could differ.
        return not header.startswith("W/") and header == etag
    return parse_http_date_safe(header) == last_modified
