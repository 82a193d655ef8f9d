"""Run the `cinematheque` command line as an operator would: a separate process on
its own data directory, with the real settings (not the test settings)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ingest.conftest import load_fixture, write_catalogue

# Variables of the test run that must not leak into the operator's process.
PRIVATE_VARIABLES = {"DATABASE_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE"}


def cli_environment(data_dir: Path, **variables: str) -> dict[str, str]:
    environment = {
        key: value for key, value in os.environ.items() if key not in PRIVATE_VARIABLES
    }
    environment["CINEMATHEQUE_DATA_DIR"] = str(data_dir)
    environment.update(variables)
    return environment


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "cinematheque", *args]


def run_cli(
    *args: str, environment: dict[str, str], prefix: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [*(prefix or []), *cli_command(*args)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def count_rows(database: Path, table: str) -> int:
    connection = sqlite3.connect(database)
    try:
        return connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
    finally:
        connection.close()


def _namespaces_work() -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-rm", "true"],  # noqa: S607
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


NAMESPACES = _namespaces_work()
needs_mount_namespace = pytest.mark.skipif(
    not NAMESPACES,
    reason="needs root and `unshare` to mount a read-only or tiny file system",
)


def mounted(script: str, directory: Path) -> list[str]:
    """A command prefix that runs the command with `script` mounting something on
    `directory` in a private mount namespace ("$0" is the directory)."""
    return ["unshare", "-rm", "sh", "-c", f'{script} && exec "$@"', str(directory)]


def read_only(directory: Path) -> list[str]:
    return mounted('mount --bind "$0" "$0" && mount -o remount,bind,ro "$0"', directory)


def tiny_disk(directory: Path, size: str) -> list[str]:
    return mounted(f'mount -t tmpfs -o size={size},mode=700 tmpfs "$0"', directory)


@pytest.fixture
def catalogue_file(tmp_path: Path) -> Path:
    """The open-catalogue fixture rows as an SQLite file like the bundled one."""
    return write_catalogue(tmp_path / "movies.db", load_fixture())
