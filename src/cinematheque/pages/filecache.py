"""The default cache when CACHE_URL is not set: Django's file-based cache in the data
directory, shared by every gunicorn worker and by the commands run on the same
machine, so a save in a shell or an import forgets the pages every worker serves.

A per-process memory cache cannot do that: a version bumped in one process would
stay unseen by the others, and each worker would keep its own stale copy.

Three changes to Django's backend, all for the page cache:
- `add()` is atomic across processes (Django's checks, then writes): the page
  cache's stampede lock relies on it.
- The directory is scanned for culling on one write in `CULL_EVERY` instead of
  every write: a scan lists every file, and an import that forgets thousands of
  pages would otherwise scan the directory thousands of times.
- Keys are not checked for memcached's limits (they only name hashed files).
"""

from __future__ import annotations

import os
import random
import tempfile
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY = 64
PATHS_KEPT = 10_000


class SharedFileCache(FileBasedCache):
    def __init__(self, dir: str, params: dict[str, Any]) -> None:
        super().__init__(dir, params)
        self._paths: dict[tuple[str, int | None], str] = {}

    def add(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        self._createdir()
        fname = self._key_to_file(key, version)
        fd, tmp_path = tempfile.mkstemp(dir=self._dir)
        try:
            with open(fd, "wb") as handle:
                self._write_content(handle, timeout, value)
            for _attempt in range(2):
                try:
                    os.link(tmp_path, fname)  # fails if the file exists: atomic
                    return True
                except FileExistsError:
                    if self.has_key(key, version):  # an expired file is removed
                        return False
            return False
        finally:
            os.remove(tmp_path)

    def _key_to_file(self, key: str, version: int | None = None) -> str:
        # Every hit reads the same few version keys: hash each name once.
        cached = self._paths.get((key, version))
        if cached is None:
            cached = super()._key_to_file(key, version)
            if len(self._paths) < PATHS_KEPT:
                self._paths[(key, version)] = cached
        return cached

    def validate_key(self, key: str) -> None:
        """Any key is a valid file name once hashed: skip memcached's key checks,
        a tenth of a cache hit's time."""

    def _cull(self) -> None:
        if random.randrange(CULL_EVERY) == 0:  # noqa: S311 - not for security
            super()._cull()
