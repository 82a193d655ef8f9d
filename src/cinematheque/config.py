"""Configuration helpers read by settings.py: environment parsing without network or globals."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

PRIVATE_DIRECTORY = 0o700
PRIVATE_FILE = 0o600
SHARED_BITS = stat.S_IRWXG | stat.S_IRWXO

logger = logging.getLogger("cinematheque")


class ConfigurationError(ValueError):
    """An environment variable the operator set cannot be used; the message says
    which and what to write instead."""


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return (
        default
        if value is None
        else value.strip().lower() in {"1", "true", "yes", "on"}
    )


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def default_data_dir() -> Path:
    """The user's data directory (XDG on Linux), where the SQLite database lives."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "cinematheque"


def data_dir_from_environment() -> Path:
    """CINEMATHEQUE_DATA_DIR, or the user's data directory."""
    return Path(
        os.environ.get("CINEMATHEQUE_DATA_DIR") or default_data_dir()
    ).expanduser()


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Files and directories created inside are readable by their owner only."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def data_dir_prepare(data_dir: Path, *, sqlite_path: Path | None = None) -> None:
    """Create the data directory 0700 and the SQLite database 0600 (it will hold
    password hashes), and tighten existing ones that others could read, with a
    warning. SQLite gives its -wal and -shm files the mode of the database."""
    with private_umask():
        data_dir.mkdir(mode=PRIVATE_DIRECTORY, parents=True, exist_ok=True)
        if sqlite_path is not None and sqlite_path.parent.is_dir():
            with contextlib.suppress(FileExistsError):
                # An empty file is an empty SQLite database.
                os.close(
                    os.open(
                        sqlite_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE
                    )
                )
    _tighten(data_dir, PRIVATE_DIRECTORY)
    files = [path for path in data_dir.iterdir() if path.is_file()]
    if sqlite_path is not None and sqlite_path.parent != data_dir:
        files += [
            sqlite_path.with_name(sqlite_path.name + suffix)
            for suffix in ("", "-wal", "-shm")
        ]
    for path in files:
        if path.is_file():
            _tighten(path, PRIVATE_FILE)


def _tighten(path: Path, mode: int) -> None:
    current = stat.S_IMODE(path.stat().st_mode)
    if not current & SHARED_BITS:
        return
    try:
        path.chmod(mode)
    except PermissionError:
        logger.warning(
            "%s can be read by other users (mode %o) and this user may not change "
            "that: run chmod %o on it.",
            path,
            current,
            mode,
        )
        return
    logger.warning(
        "%s could be read by other users (mode %o): changed to %o.",
        path,
        current,
        mode,
    )


def sqlite_database(path: Path) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # Keep each worker's connection: reopening it per request re-runs the PRAGMAs
        # below and starts from a cold page cache (about 3 ms of a film page).
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
        # WAL lets readers (page views) run while the importer writes.
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA mmap_size=134217728; PRAGMA cache_size=-65536;"
            ),
        },
    }


def database_from_url(url: str | None, data_dir: Path) -> dict:
    """Parse DATABASE_URL (postgres://, postgresql://, sqlite:///path) into a Django dict.

    Without a URL the embedded SQLite database in the data directory is used.
    """
    if not url:
        return sqlite_database(data_dir / "cinematheque.sqlite3")
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        return sqlite_database(Path(path[1:] if path.startswith("//") else path))
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ConfigurationError(
            f"DATABASE_URL scheme {parts.scheme!r} is not supported: "
            "use postgres://user:password@host:port/name or sqlite:///path"
        )
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "cinematheque",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
        # A connection broken by a restart of the server is noticed and replaced at
        # the next request, so the site recovers by itself.
        "CONN_HEALTH_CHECKS": True,
        # libpq waits forever for an unreachable host by default: a request would
        # hang instead of getting the "temporarily unavailable" page.
        "OPTIONS": {"connect_timeout": "5", **dict(parse_qsl(parts.query))},
    }


def file_cache(data_dir: Path) -> dict:
    """The file-based cache in the data directory: shared by every worker process and
    every command on this machine, so the page cache's invalidation reaches them all
    (a per-process memory cache would not see a save made in another process)."""
    return {
        "BACKEND": "cinematheque.pages.filecache.SharedFileCache",
        "LOCATION": str(data_dir / "cache"),
        "TIMEOUT": 300,
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }


def cache_from_url(url: str | None, data_dir: Path) -> dict:
    """Parse CACHE_URL: redis:// turns on Redis; locmem:// a per-process memory cache
    (one process only); without it the shared file cache in the data directory."""
    if not url:
        return file_cache(data_dir)
    scheme = urlsplit(url).scheme
    if scheme in {"redis", "rediss", "unix"}:
        return {
            # Django's RedisCache with short timeouts whose failures are misses:
            # the site keeps serving from the database while Redis is down.
            "BACKEND": "cinematheque.pages.rediscache.ResilientRedisCache",
            "LOCATION": url,
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ConfigurationError(
        f"CACHE_URL scheme {scheme!r} is not supported: use redis://host:port/db"
    )


def read_or_create_secret(path: Path) -> str:
    """Return the secret key kept in the data directory, creating it once."""
    if path.exists():
        return path.read_text().strip()
    with private_umask():
        path.parent.mkdir(mode=PRIVATE_DIRECTORY, parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
