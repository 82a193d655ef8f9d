"""The local image cache: copies of TMDB's posters, backdrops, photos and logos under
the data directory, served at /images/<size>/<file> (`CINEMATHEQUE_IMAGE_CACHE=1`).

An image is fetched from TMDB's image server on its first request (or ahead of time
by `cinematheque images refresh`), kept only if its first bytes are those of a JPEG,
PNG or WebP file (never what the server says it is) and no larger than
`IMAGE_CACHE_MAX_FILE_BYTES`; `cinematheque images prune` keeps the whole cache under
`IMAGE_CACHE_MAX_BYTES`, dropping the least recently used files first. File names are
TMDB's own ('/kU3B….jpg'), checked against a strict pattern: a request can never name
a path outside the cache.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
from django.conf import settings

from cinematheque.catalogue.images import IMAGE_KINDS, tmdb_image_configuration

SIZE = re.compile(r"^(?:[wh]\d{1,4}|original)$")
NAME = re.compile(r"^[A-Za-z0-9_-]{1,100}\.(?:jpe?g|png|webp)$")
FETCH_TIMEOUT = 10.0
CHUNK = 64 * 1024


class ImageCacheError(Exception):
    """The image cannot be served from the cache."""


class ImageRefused(ImageCacheError):
    """Not an image the cache keeps: a bad name or size, no such image on TMDB, a
    file over the size cap or one whose bytes are not an image (a 404 to a browser)."""


class ImageUnavailable(ImageCacheError):
    """TMDB's image server did not answer (a 502 to a browser)."""


def image_type(head: bytes) -> str | None:
    """The content type of an image from its first bytes; None when they are not
    those of a JPEG, PNG or WebP file."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def cache_dir() -> Path:
    return Path(settings.IMAGE_CACHE_DIR)


def cached_path(size: str, name: str) -> Path:
    """Where the image `name` at `size` is kept. Raises ImageRefused for a size
    TMDB does not serve or a name that is not an image file name."""
    served = {s for kind in IMAGE_KINDS for s in tmdb_image_configuration().sizes(kind)}
    if not SIZE.fullmatch(size) or size not in served:
        raise ImageRefused(f"{size!r} is not an image size TMDB serves")
    if not NAME.fullmatch(name):
        raise ImageRefused(f"{name!r} is not an image file name")
    return cache_dir() / size / name


def image_get(
    *, size: str, name: str, client: httpx.Client | None = None
) -> tuple[Path, str]:
    """The cached file of an image and its content type, fetched from TMDB's image
    server first when it is not there yet."""
    path = cached_path(size, name)
    if path.is_file():
        with path.open("rb") as file:
            kind = image_type(file.read(16))
        if kind is not None:
            return path, kind
        path.unlink(missing_ok=True)  # not an image (a damaged copy): fetch again
    return path, image_fetch(size=size, name=name, client=client)


def image_fetch(*, size: str, name: str, client: httpx.Client | None = None) -> str:
    """Fetch one image from TMDB's image server into the cache (replacing a copy);
    its content type. Raises ImageRefused or ImageUnavailable."""
    path = cached_path(size, name)
    url = f"{tmdb_image_configuration().base_url}{size}/{name}"
    own_client = client is None
    http = client or httpx.Client(timeout=FETCH_TIMEOUT, follow_redirects=True)
    try:
        data = _download(http, url)
    finally:
        if own_client:
            http.close()
    kind = image_type(data[:16])
    if kind is None:
        raise ImageRefused(f"{url} is not a JPEG, PNG or WebP image")
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as file:
        file.write(data)
    os.replace(file.name, path)  # readers never see half a file
    return kind


def _download(http: httpx.Client, url: str) -> bytes:
    limit = int(settings.IMAGE_CACHE_MAX_FILE_BYTES)
    try:
        with http.stream("GET", url) as response:
            if response.status_code == 404:
                raise ImageRefused(f"TMDB has no image at {url}")
            if response.status_code != 200:
                raise ImageUnavailable(
                    f"TMDB's image server answered {response.status_code} for {url}"
                )
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise ImageRefused(f"{url} is over the {limit}-byte cap")
            chunks, total = [], 0
            for chunk in response.iter_bytes(CHUNK):
                total += len(chunk)
                if total > limit:
                    raise ImageRefused(f"{url} is over the {limit}-byte cap")
                chunks.append(chunk)
    except httpx.HTTPError as error:
        raise ImageUnavailable(f"TMDB's image server failed: {error}") from error
    return b"".join(chunks)


@dataclass
class PruneReport:
    files_removed: int = 0
    bytes_removed: int = 0
    bytes_kept: int = 0


def _cached_files() -> Iterator[tuple[Path, os.stat_result]]:
    root = cache_dir()
    if not root.is_dir():
        return
    for size_dir in root.iterdir():
        if size_dir.is_dir():
            for entry in os.scandir(size_dir):
                if entry.is_file():
                    yield Path(entry.path), entry.stat()


def image_cache_prune(*, max_bytes: int | None = None) -> PruneReport:
    """Remove the least recently used images (by access, else modification time)
    until the cache holds at most `max_bytes` (`IMAGE_CACHE_MAX_BYTES` by default),
    and any file whose name is not an image's (left by an interrupted fetch)."""
    limit = int(settings.IMAGE_CACHE_MAX_BYTES if max_bytes is None else max_bytes)
    report = PruneReport()
    files = []
    for path, stat in _cached_files():
        if NAME.fullmatch(path.name):
            files.append((max(stat.st_atime, stat.st_mtime), stat.st_size, path))
        else:
            path.unlink(missing_ok=True)
            report.files_removed += 1
            report.bytes_removed += stat.st_size
    total = sum(size for _, size, _ in files)
    for _, size, path in sorted(files):
        if total <= limit:
            break
        path.unlink(missing_ok=True)
        total -= size
        report.files_removed += 1
        report.bytes_removed += size
    report.bytes_kept = total
    return report
