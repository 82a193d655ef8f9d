"""Answers that carry a media file's bytes: the whole file, one byte range (206), the
headers only (HEAD), or, when `WATCH_ACCEL_REDIRECT` is set, an X-Accel-Redirect that
lets nginx send the file itself (with its own Range support).

The bytes are never read into memory: the response holds a `FileSlice`, which
gunicorn's `wsgi.file_wrapper` sends with sendfile(2) from the file's current
position for the response's Content-Length, and any other server reads in blocks.
"""

from __future__ import annotations

import os
from pathlib import PurePosixPath
from typing import BinaryIO, TypeVar
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date

from cinematheque.watch.play.ranges import (
    ByteRange,
    Unsatisfiable,
    if_range_matches,
    requested_range,
)

CONTENT_TYPES = {
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".webm": "video/webm",
    ".mkv": "video/x-matroska",
    ".mk3d": "video/x-matroska",
    ".ogv": "video/ogg",
    ".mov": "video/quicktime",
    ".avi": "video/x-msvideo",
    ".wmv": "video/x-ms-wmv",
    ".flv": "video/x-flv",
    ".ts": "video/mp2t",
    ".m2ts": "video/mp2t",
    ".mts": "video/mp2t",
    ".mpg": "video/mpeg",
    ".mpeg": "video/mpeg",
    ".3gp": "video/3gpp",
}
BLOCK_SIZE = 256 * 1024
Response = TypeVar("Response", bound=HttpResponseBase)


def content_type_of(name: str) -> str:
    """The media type of a video file from its extension."""
    return CONTENT_TYPES.get(
        PurePosixPath(name).suffix.lower(), "application/octet-stream"
    )


class FileSlice:
    """`length` bytes of an open file from its current position. `fileno()` lets a
    WSGI server's file wrapper use sendfile(2); `read()` never goes past the slice."""

    def __init__(self, file: BinaryIO, length: int) -> None:
        self.file = file
        self.remaining = length

    def read(self, size: int = -1) -> bytes:
        if self.remaining <= 0:
            return b""
        if size < 0 or size > self.remaining:
            size = self.remaining
        data = self.file.read(size)
        self.remaining -= len(data)
        return data

    def fileno(self) -> int:
        return self.file.fileno()

    def close(self) -> None:
        self.file.close()


def etag_of(stat: os.stat_result) -> str:
    return f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'


def file_response(
    request: HttpRequest, path: str, *, download_name: str | None = None
) -> HttpResponseBase:
    """Answer GET or HEAD for the file at `path` (already confined to its library
    root): 200, 206 with one range, 304/412 for conditional requests, 416."""
    stat = os.stat(path)
    size, etag, last_modified = stat.st_size, etag_of(stat), int(stat.st_mtime)
    conditional = get_conditional_response(
        request, etag=etag, last_modified=last_modified
    )
    if conditional is not None:
        return _with_validators(conditional, etag, last_modified)
    accel_prefix = settings.WATCH_ACCEL_REDIRECT
    if accel_prefix:
        return _accel_response(path, accel_prefix, download_name)
    byte_range = None
    # RFC 9110 §14.2: GET is the only method with range handling.
    if request.method == "GET" and if_range_matches(
        request.headers.get("If-Range"), etag=etag, last_modified=last_modified
    ):
        try:
            byte_range = requested_range(request.headers.get("Range"), size)
        except Unsatisfiable:
            refused = HttpResponse(status=416)
            refused["Content-Range"] = f"bytes */{size}"
            refused["Accept-Ranges"] = "bytes"
            return _private(refused)
    if byte_range is None:
        byte_range = ByteRange(0, size - 1)
        status = 200
    else:
        status = 206
    response = _body_response(request, path, byte_range, status)
    response["Content-Type"] = content_type_of(path)
    response["Content-Length"] = str(byte_range.length)
    if status == 206:
        response["Content-Range"] = byte_range.content_range(size)
    response["Accept-Ranges"] = "bytes"
    if download_name is not None:
        response["Content-Disposition"] = content_disposition_header(
            True, download_name
        )
    return _private(_with_validators(response, etag, last_modified))


def _body_response(
    request: HttpRequest, path: str, byte_range: ByteRange, status: int
) -> HttpResponseBase:
    if request.method == "HEAD" or byte_range.length <= 0:
        return HttpResponse(status=status)
    file = open(path, "rb")  # noqa: SIM115 - closed by the response
    file.seek(byte_range.start)
    response = FileResponse(
        FileSlice(file, byte_range.length), status=status, content_type=None
    )
    response.block_size = BLOCK_SIZE
    return response


def _accel_response(path: str, prefix: str, download_name: str | None) -> HttpResponse:
    """nginx sends the file from its `internal` location `prefix`, which maps to the
    file system root (the shipped configuration's `alias /`)."""
    response = HttpResponse()
    response["X-Accel-Redirect"] = prefix.rstrip("/") + quote(path)
    response["Content-Type"] = content_type_of(path)
    if download_name is not None:
        response["Content-Disposition"] = content_disposition_header(
            True, download_name
        )
    return _private(response)


def _with_validators(response: Response, etag: str, last_modified: int) -> Response:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    return response


def _private(response: Response) -> Response:
    response["Cache-Control"] = "private"
    return response
