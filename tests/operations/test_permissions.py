"""The data directory is private: 0700, with the database (which holds password
hashes) and the secret key 0600; collected static files can live elsewhere for a
proxy to read."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

from cinematheque.config import data_dir_prepare, read_or_create_secret
from tests.operations.conftest import cli_environment, run_cli


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_data_directory_and_its_database_are_private(tmp_path: Path):
    data_dir = tmp_path / "new" / "data"
    database = data_dir / "cinematheque.sqlite3"

    data_dir_prepare(data_dir, sqlite_path=database)
    secret = data_dir / "secret_key"
    read_or_create_secret(secret)

    assert mode(data_dir) == 0o700
    assert mode(database) == 0o600
    assert mode(secret) == 0o600


def test_readable_files_of_an_existing_data_directory_are_tightened_with_a_warning(
    tmp_path: Path, caplog
):
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    database = data_dir / "cinematheque.sqlite3"
    database.write_bytes(b"")
    database.chmod(0o644)
    wal = data_dir / "cinematheque.sqlite3-wal"
    wal.write_bytes(b"")
    wal.chmod(0o640)

    with caplog.at_level(logging.WARNING, logger="cinematheque"):
        data_dir_prepare(data_dir, sqlite_path=database)

    assert (mode(data_dir), mode(database), mode(wal)) == (0o700, 0o600, 0o600)
    warned = " ".join(record.getMessage() for record in caplog.records)
    assert f"{database} could be read by other users (mode 644)" in warned
    assert str(data_dir) in warned


def test_the_command_line_creates_private_files_and_collects_static_elsewhere(
    tmp_path: Path,
):
    data_dir = tmp_path / "data"
    public = tmp_path / "public" / "static"
    environment = cli_environment(data_dir, CINEMATHEQUE_STATIC_ROOT=str(public))

    result = run_cli(
        "init", "--open-catalogue", "/nonexistent", environment=environment
    )

    assert mode(data_dir) == 0o700
    files = [path for path in data_dir.iterdir() if path.is_file()]
    assert {path.name for path in files} >= {"cinematheque.sqlite3", "secret_key"}
    assert all(mode(path) == 0o600 for path in files), [
        (path.name, oct(mode(path))) for path in files
    ]
    assert (public / "staticfiles.json").is_file()
    assert mode(public / "staticfiles.json") & stat.S_IROTH  # nginx may read it
    assert not (data_dir / "static").exists()
    # The catalogue file does not exist: one sentence, the steps left to do.
    assert result.returncode == 1
    assert "/nonexistent does not exist" in result.stderr
