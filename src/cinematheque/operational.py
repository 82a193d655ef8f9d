"""Operational errors of the command line, each turned into one sentence.

An operator who starts cinematheque on a read-only or full disk, on a data directory
that was never initialised, or against a PostgreSQL server that does not answer needs
to read what is wrong and what to do, not 30 to 95 lines of traceback. `describe()`
walks the chain of causes of an exception and returns the sentence of the first
cause it recognises, or None for a real bug (whose traceback the operator must see).
`cinematheque` prints the traceback too under `--verbosity 2`.
"""

from __future__ import annotations

import errno
import getpass
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cinematheque.config import (
    ConfigurationError,
    data_dir_from_environment,
    database_from_url,
)


class NotInitialised(Exception):
    """The database has migrations that were never applied."""

    def __init__(self, *, pending: int, fresh: bool) -> None:
        super().__init__(f"{pending} migrations not applied")
        self.pending = pending
        self.fresh = fresh


@dataclass(frozen=True)
class Context:
    """Where the failing command was working, read from the environment (the
    settings may be what failed to load)."""

    data_dir: Path
    database: dict | None

    @classmethod
    def from_environment(cls) -> Context:
        data_dir = data_dir_from_environment()
        try:
            database = database_from_url(os.environ.get("DATABASE_URL"), data_dir)
        except ConfigurationError:
            database = None
        return cls(data_dir=data_dir, database=database)

    @property
    def is_postgres(self) -> bool:
        return self.database is not None and "postgresql" in self.database["ENGINE"]

    @property
    def database_name(self) -> str:
        if self.is_postgres and self.database:
            return f"the PostgreSQL database {self.database['NAME']}"
        return f"the database in {self.data_dir}"

    @property
    def server(self) -> str:
        database = self.database or {}
        return f"{database.get('HOST') or 'localhost'}:{database.get('PORT') or 5432}"


Check = Callable[[BaseException, Context], str | None]


def describe(error: BaseException, context: Context | None = None) -> str | None:
    """One sentence naming the cause of `error` and the fix, or None when the error
    is not an operational one."""
    context = context or Context.from_environment()
    for cause in _causes(error):
        for check in CHECKS:
            sentence = check(cause, context)
            if sentence:
                return sentence
    return None


def _causes(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _disk_full(error: BaseException, context: Context) -> str | None:
    full = (
        isinstance(error, OSError) and error.errno in {errno.ENOSPC, errno.EDQUOT}
    ) or "database or disk is full" in str(error)
    if not full:
        return None
    return (
        f"The disk that holds {context.data_dir} is full: free some space on it "
        "(or set CINEMATHEQUE_DATA_DIR to a directory on a disk with room) and run "
        "the command again."
    )


READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
SQLITE_CANNOT_WRITE = (
    "unable to open database file",
    "attempt to write a readonly database",
    "readonly database",
)


def _read_only(error: BaseException, context: Context) -> str | None:
    if isinstance(error, OSError) and error.errno in READ_ONLY_ERRNOS:
        reason: str | None = os.strerror(error.errno).lower()
        place = Path(error.filename) if error.filename else context.data_dir
    elif any(text in str(error) for text in SQLITE_CANNOT_WRITE):
        if context.is_postgres:
            return None
        unwritable = _unwritable_reason(context.data_dir)
        place = context.data_dir
        if unwritable is None:
            return (
                f"SQLite cannot open or write {context.database_name} ({error}): "
                "check that the directory and the database files are writable by "
                f"the user {getpass.getuser()}."
            )
        reason = unwritable
    else:
        return None
    user = getpass.getuser()
    if place == context.data_dir or context.data_dir in place.parents:
        return (
            f"The data directory {context.data_dir} is not writable ({reason}): make "
            f"it writable by the user {user} (or mount it read-write), or set "
            "CINEMATHEQUE_DATA_DIR to a writable directory."
        )
    return (
        f"{place} is not writable ({reason}): make it writable by the user {user}, "
        "or point the setting that names it (CINEMATHEQUE_STATIC_ROOT, "
        "DATABASE_URL…) at a writable place."
    )


def _not_a_directory(error: BaseException, context: Context) -> str | None:
    if not (
        isinstance(error, OSError)
        and error.errno in {errno.ENOTDIR, errno.EEXIST}
        and error.filename
    ):
        return None
    return (
        f"{error.filename} cannot be used: part of that path is a file where a "
        "directory should be; point CINEMATHEQUE_DATA_DIR (or CINEMATHEQUE_STATIC_ROOT, "
        "DATABASE_URL) at a directory."
    )


def _unwritable_reason(directory: Path) -> str | None:
    if not directory.exists():
        return "it does not exist"
    if not os.access(directory, os.W_OK):
        try:
            is_read_only_mount = bool(os.statvfs(directory).f_flag & os.ST_RDONLY)
        except OSError:
            is_read_only_mount = False
        return "read-only file system" if is_read_only_mount else "permission denied"
    return None


def _not_initialised(error: BaseException, context: Context) -> str | None:
    if isinstance(error, NotInitialised):
        if not error.fresh:
            return (
                f"{_sentence_case(context.database_name)} needs {error.pending} "
                "migrations of this version: run `cinematheque init` (or "
                "`cinematheque manage migrate`) first."
            )
    elif not (
        str(error).startswith("no such table")
        or type(error).__name__ == "UndefinedTable"
    ):
        return None
    return (
        f"{_sentence_case(context.database_name)} is not initialised: run "
        "`cinematheque init` first (it creates the tables and loads the catalogue)."
    )


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


POSTGRES_FAILURES = (
    (
        "Connection refused",
        "PostgreSQL is not accepting connections at {server} (connection refused): "
        "check the host and port in DATABASE_URL and that the server is running.",
    ),
    (
        "password authentication failed",
        "PostgreSQL refused the user {user}: check the user and password in "
        "DATABASE_URL.",
    ),
    (
        "does not exist",
        "The PostgreSQL database {name} does not exist on {server}: create it "
        "(createdb {name}) or correct its name in DATABASE_URL.",
    ),
    (
        "could not translate host name",
        "The PostgreSQL host in DATABASE_URL ({server}) is unknown: check its "
        "spelling.",
    ),
    (
        "timeout expired",
        "PostgreSQL at {server} did not answer in time: check the host and port in "
        "DATABASE_URL and the network between the two machines.",
    ),
)


def _postgres_unreachable(error: BaseException, context: Context) -> str | None:
    if not context.is_postgres or type(error).__module__.split(".")[0] != "psycopg":
        return None
    if type(error).__name__ != "OperationalError":
        return None
    database = context.database or {}
    values = {
        "server": context.server,
        "user": database.get("USER") or getpass.getuser(),
        "name": database.get("NAME"),
    }
    message = str(error)
    for marker, sentence in POSTGRES_FAILURES:
        if marker in message:
            return sentence.format(**values)
    first_line = message.strip().splitlines()[-1] if message.strip() else ""
    return (
        f"Cannot connect to PostgreSQL at {values['server']} ({first_line}): check "
        "DATABASE_URL and that the server is running."
    )


def _configuration(error: BaseException, context: Context) -> str | None:
    if isinstance(error, ConfigurationError):
        return str(error)
    if type(error).__name__ == "CommandError":  # a Django command's own sentence
        return str(error)
    return None


CHECKS: tuple[Check, ...] = (
    _configuration,
    _not_initialised,
    _disk_full,
    _read_only,
    _not_a_directory,
    _postgres_unreachable,
)
