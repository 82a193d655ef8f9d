"""A Redis cache that degrades to misses when Redis does not answer.

Everything the site keeps in the cache (whole pages, their versions, lists, rate
limit counters) can be rebuilt from the database, so a Redis that is stopped,
restarting or unreachable must cost speed, never a 500. `ResilientRedisCache` is
Django's RedisCache with short socket timeouts, no retries, and every operation
guarded: an error is a miss (reads), a no-op (writes), logged once per outage. After
an error Redis is left alone for `PAUSE_SECONDS`, so a request does not pay a
connect timeout for each of its cache calls; then the next call tries again.

    CACHE_URL=redis://127.0.0.1:6379/0   (config.cache_from_url picks this class)
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger("cinematheque.cache")
Result = TypeVar("Result")

# Loopback or a LAN: a healthy Redis answers in well under a millisecond.
CONNECT_TIMEOUT = 0.25
READ_TIMEOUT = 0.5
PAUSE_SECONDS = 2.0


class ResilientRedisCache(RedisCache):
    """RedisCache whose failures are misses (see the module's docstring)."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._options: dict[str, Any] = {
            "socket_connect_timeout": CONNECT_TIMEOUT,
            "socket_timeout": READ_TIMEOUT,
            # redis-py retries a failed command with back-off by default: a stopped
            # Redis would then cost every cache call a quarter of a second.
            "retry": Retry(NoBackoff(), 0),
            **self._options,
        }
        self._paused_until = 0.0
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        """False while Redis is left alone after an error."""
        return time.monotonic() >= self._paused_until

    def _guard(self, default: Result, call: Callable[[], Result]) -> Result:
        if not self.available:
            return default
        try:
            result = call()
        except RedisError as error:
            self._pause(error)
            return default
        if self._paused_until:
            self._recovered()
        return result

    def _pause(self, error: RedisError) -> None:
        with self._lock:
            first = not self._paused_until
            self._paused_until = time.monotonic() + PAUSE_SECONDS
        if first:
            logger.warning(
                "The cache (Redis) does not answer (%s): serving without it, "
                "from the database.",
                type(error).__name__,
            )

    def _recovered(self) -> None:
        with self._lock:
            was_down, self._paused_until = bool(self._paused_until), 0.0
        if was_down:
            logger.warning("The cache (Redis) answers again.")

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        return self._guard(
            False, lambda: RedisCache.add(self, key, value, timeout, version)
        )

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._guard(default, lambda: RedisCache.get(self, key, default, version))

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        self._guard(None, lambda: RedisCache.set(self, key, value, timeout, version))

    def touch(
        self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        return self._guard(False, lambda: RedisCache.touch(self, key, timeout, version))

    def delete(self, key: Any, version: Any = None) -> bool:
        return self._guard(False, lambda: RedisCache.delete(self, key, version))

    def get_many(self, keys: Any, version: Any = None) -> dict[Any, Any]:
        return self._guard({}, lambda: RedisCache.get_many(self, keys, version))

    def has_key(self, key: Any, version: Any = None) -> bool:
        return self._guard(False, lambda: RedisCache.has_key(self, key, version))

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        missing = object()
        result = self._guard(
            missing, lambda: RedisCache.incr(self, key, delta, version)
        )
        if result is missing:  # as for a key that is not there
            raise ValueError(f"Key {key!r} not found (the cache does not answer).")
        return result  # type: ignore[return-value]

    def set_many(
        self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> list[Any]:
        return self._guard(
            list(data), lambda: RedisCache.set_many(self, data, timeout, version)
        )

    def delete_many(self, keys: Any, version: Any = None) -> None:
        self._guard(None, lambda: RedisCache.delete_many(self, keys, version))

    def clear(self) -> None:
        self._guard(None, lambda: RedisCache.clear(self))
