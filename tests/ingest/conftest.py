"""The open-catalogue fixture: real rows of the bundled table (plus hand-made malformed
ones) from tests/fixtures/open_catalogue/rows.json, written into a temporary SQLite
file with the bundled table's schema."""

from __future__ import annotations

import io
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

FIXTURE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "open_catalogue" / "rows.json"
)


def load_fixture() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def write_catalogue(path: Path, document: dict[str, Any]) -> Path:
    """Create an SQLite file with the bundled schema holding the document's rows."""
    connection = sqlite3.connect(path)
    with connection:
        for statement in document["schema"]:
            connection.execute(statement)
        for table in ("omdb", "tomatoes"):
            rows = document[table]
            columns = list(rows[0])
            quoted = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" * len(columns))
            connection.executemany(
                f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})',  # noqa: S608
                [[row[c] for c in columns] for row in rows],
            )
    connection.close()
    return path


@dataclass
class CommandRun:
    stdout: str
    stderr: str


def run_import(path: Path, **options: Any) -> CommandRun:
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(
        "import_open_catalogue", path=path, stdout=stdout, stderr=stderr, **options
    )
    return CommandRun(stdout=stdout.getvalue(), stderr=stderr.getvalue())


@pytest.fixture
def fixture_rows() -> dict[str, Any]:
    return load_fixture()


@pytest.fixture
def catalogue_path(tmp_path: Path, fixture_rows: dict[str, Any]) -> Path:
    return write_catalogue(tmp_path / "movies.db", fixture_rows)


@pytest.fixture
def imported(db, catalogue_path: Path) -> CommandRun:
    """The fixture catalogue, imported once with default options."""
    return run_import(catalogue_path)
