"""The mapping from exceptions to sentences, in process (it runs where the
subprocess tests that mount file systems are skipped)."""

from __future__ import annotations

import errno
import getpass
import sqlite3
from pathlib import Path

import pytest
from django.db.utils import OperationalError

from cinematheque.operational import Context, NotInitialised, describe


@pytest.fixture
def context(tmp_path: Path) -> Context:
    return Context(data_dir=tmp_path / "data", database=None)


def wrapped(cause: BaseException) -> OperationalError:
    """An error as Django raises it: its own class, the driver's as the cause."""
    try:
        raise OperationalError(str(cause)) from cause
    except OperationalError as error:
        return error


def test_a_full_disk_asks_to_free_space(context: Context):
    for error in (
        OSError(errno.ENOSPC, "No space left on device"),
        wrapped(sqlite3.OperationalError("database or disk is full")),
    ):
        sentence = describe(error, context)
        assert sentence is not None
        assert sentence.startswith(f"The disk that holds {context.data_dir} is full")


def test_a_read_only_file_in_the_data_directory_names_the_directory(context: Context):
    error = OSError(
        errno.EROFS, "Read-only file system", str(context.data_dir / "secret_key")
    )

    assert describe(error, context) == (
        f"The data directory {context.data_dir} is not writable (read-only file "
        "system): make it writable by the user "
        f"{getpass.getuser()} (or mount it read-write), or set "
        "CINEMATHEQUE_DATA_DIR to a writable directory."
    )


def test_sqlite_cannot_open_a_missing_data_directory(context: Context):
    error = wrapped(sqlite3.OperationalError("unable to open database file"))

    sentence = describe(error, context)

    assert sentence is not None
    assert "is not writable (it does not exist)" in sentence


def test_missing_tables_ask_for_init(context: Context):
    for error in (
        wrapped(sqlite3.OperationalError("no such table: catalogue_film")),
        NotInitialised(pending=30, fresh=True),
    ):
        assert describe(error, context) == (
            f"The database in {context.data_dir} is not initialised: run "
            "`cinematheque init` first (it creates the tables and loads the "
            "catalogue)."
        )
    upgrade = describe(NotInitialised(pending=2, fresh=False), context)
    assert upgrade is not None
    assert "needs 2 migrations of this version" in upgrade


def test_a_bug_keeps_its_traceback(context: Context):
    assert describe(ZeroDivisionError("division by zero"), context) is None
    assert describe(KeyError("title"), context) is None
