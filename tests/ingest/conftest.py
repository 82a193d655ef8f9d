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


@pytest.fixture
def tmdb_replay():
    """A local server replaying TMDB's answers (tests/ingest/tmdb_replay.py)."""
    from tests.ingest.tmdb_replay import replay_server

    yield from replay_server()


class FakeTime:
    """A clock that only moves when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def tmdb_client(tmdb_replay, fake_time):
    """A client of the replay server with an API key, a fake clock and no jitter."""
    from cinematheque.ingest.tmdb import TmdbClient, TmdbCredentials

    client = TmdbClient(
        TmdbCredentials(api_key="test-key"),
        base_url=tmdb_replay.url,
        requests_per_second=20,
        clock=fake_time.clock,
        sleep=fake_time.sleep,
        jitter=lambda: 1.0,
    )
    yield client
    client.close()
