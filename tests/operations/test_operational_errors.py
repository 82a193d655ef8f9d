"""Operational errors of the command line are one sentence naming the cause and the
fix, with a non-zero exit status; the traceback only under --verbosity 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.operations.conftest import (
    cli_environment,
    needs_mount_namespace,
    read_only,
    run_cli,
    tiny_disk,
)


def assert_one_sentence(result, *fragments: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.stdout


@pytest.fixture
def migrated_data_dir(tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    result = run_cli(
        "manage", "migrate", "-v", "0", environment=cli_environment(data_dir)
    )
    assert result.returncode == 0, result.stderr
    return data_dir


def test_import_on_a_fresh_data_directory_asks_for_init(tmp_path: Path):
    data_dir = tmp_path / "Fresh"

    result = run_cli("import", "open-catalogue", environment=cli_environment(data_dir))

    assert_one_sentence(result, str(data_dir), "not initialised", "cinematheque init")


def test_the_traceback_is_shown_under_verbosity_2(tmp_path: Path):
    data_dir = tmp_path / "fresh"

    result = run_cli(
        "import", "open-catalogue", "-v", "2", environment=cli_environment(data_dir)
    )

    assert result.returncode == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("Error: ")


def test_a_wrong_postgresql_port_names_the_server_and_database_url(tmp_path: Path):
    environment = cli_environment(
        tmp_path / "data", DATABASE_URL="postgres://postgres@127.0.0.1:1/cinematheque"
    )

    result = run_cli("stats", environment=environment)

    assert_one_sentence(
        result, "127.0.0.1:1", "connection refused", "port in DATABASE_URL"
    )


def test_an_unsupported_database_url_is_one_sentence(tmp_path: Path):
    environment = cli_environment(
        tmp_path / "data", DATABASE_URL="mysql://localhost/films"
    )

    result = run_cli("init", environment=environment)

    assert_one_sentence(result, "DATABASE_URL scheme 'mysql' is not supported")


@needs_mount_namespace
def test_a_read_only_data_directory_is_named_as_such(migrated_data_dir: Path):
    result = run_cli(
        "stats",
        environment=cli_environment(migrated_data_dir),
        prefix=read_only(migrated_data_dir),
    )

    assert_one_sentence(
        result,
        f"The data directory {migrated_data_dir} is not writable (read-only file "
        "system): make it writable",
    )
    assert "unable to open database file" not in result.stderr


@needs_mount_namespace
def test_a_new_data_directory_on_a_read_only_disk_is_named_as_such(tmp_path: Path):
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)

    result = run_cli(
        "init", environment=cli_environment(data_dir), prefix=read_only(data_dir)
    )

    assert_one_sentence(
        result, f"The data directory {data_dir} is not writable (read-only file system)"
    )


@needs_mount_namespace
def test_a_full_disk_says_to_free_space(tmp_path: Path, catalogue_file: Path):
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)

    result = run_cli(
        "init",
        "--open-catalogue",
        str(catalogue_file),
        environment=cli_environment(data_dir),
        prefix=tiny_disk(data_dir, "256k"),
    )

    assert_one_sentence(result, str(data_dir), "is full", "free some space")


def test_a_static_root_outside_the_data_directory_is_named(tmp_path: Path):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where a directory should be")
    environment = cli_environment(
        tmp_path / "data", CINEMATHEQUE_STATIC_ROOT=str(blocked / "static")
    )

    result = run_cli("init", environment=environment)

    assert_one_sentence(
        result, str(blocked / "static"), "a file where a directory should be"
    )


def test_a_data_directory_that_is_a_file_is_named(tmp_path: Path):
    data_dir = tmp_path / "data"
    data_dir.write_text("not a directory")

    result = run_cli("init", environment=cli_environment(data_dir))

    assert_one_sentence(result, str(data_dir), "a file where a directory should be")
