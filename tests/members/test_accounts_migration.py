"""A database made before members existed keeps its staff accounts, their groups,
permissions, editor profiles and revisions, and their passwords still work."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from cinematheque.members.legacy import adopt_legacy_user_table

FIXTURE = Path(__file__).parents[1] / "fixtures" / "pre_members_schema.sql"


@pytest.fixture
def legacy_database(tmp_path: Path) -> Path:
    """The schema and rows of a data directory made by the release before members
    (`migrate` on an empty data dir, one staff editor with a group, a permission, an
    editor profile and a revision, one superuser), dumped with sqlite3's iterdump."""
    path = tmp_path / "legacy.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.executescript(FIXTURE.read_text())
    return path


@pytest.fixture
def connect(django_db_blocker) -> Iterator[Callable[[Path], BaseDatabaseWrapper]]:
    """Open a SQLite file under an alias of its own (the migration recorder queries
    through the alias, so it must be registered in `connections`)."""
    aliases: list[str] = []

    def open_(path: Path) -> BaseDatabaseWrapper:
        alias = f"legacy{len(aliases)}"
        connections.settings[alias] = {
            **connections["default"].settings_dict,
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": {},  # PostgreSQL's options (connect_timeout) mean nothing here
        }
        aliases.append(alias)
        return connections[alias]

    with django_db_blocker.unblock():
        yield open_
        for alias in aliases:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]


def test_legacy_accounts_are_adopted_not_copied(legacy_database: Path, connect) -> None:
    connection = connect(legacy_database)
    assert adopt_legacy_user_table(connection) is True
    assert adopt_legacy_user_table(connection) is False  # once only
    rows = sqlite3.connect(legacy_database).execute(
        "SELECT app, name FROM django_migrations WHERE app = 'members'"
    )
    assert list(rows) == [("members", "0001_initial")]


def test_a_fresh_database_is_left_to_the_migration(tmp_path: Path, connect) -> None:
    assert adopt_legacy_user_table(connect(tmp_path / "empty.sqlite3")) is False


def test_upgrading_keeps_staff_bylines_revisions_and_passwords(
    legacy_database: Path, tmp_path: Path
) -> None:
    import subprocess
    import sys

    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    legacy_database.rename(data_dir / "cinematheque.sqlite3")
    env = {
        "PATH": "/usr/bin:/bin",
        "CINEMATHEQUE_DATA_DIR": str(data_dir),
        "PYTHONPATH": str(Path(__file__).parents[2] / "src"),
    }
    migrate = subprocess.run(
        [sys.executable, "-m", "cinematheque", "manage", "migrate", "--no-input"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert migrate.returncode == 0, migrate.stderr
    assert "Adopted the existing accounts" in migrate.stdout
    check = subprocess.run(
        [sys.executable, "-m", "cinematheque", "manage", "shell", "-v0", "-c",
         "from django.contrib.auth import get_user_model as g; U = g(); "
         "m = U.objects.get(username='maya'); "
         "print(U._meta.label, m.check_password('correct horse battery'), "
         "m.is_staff, m.editor_profile.display_name, m.editorial_revisions.count(), "
         "sorted(m.groups.values_list('name', flat=True)), "
         "m.has_perm('catalogue.change_film'), m.has_perm('catalogue.view_film'), "
         "U.objects.get(username='root').is_superuser, m.content_limit == '')"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert check.returncode == 0, check.stderr
    assert check.stdout.split() == [
        "members.User", "True", "True", "Maya", "Okafor", "1",
        "['Legacy", "editors']", "True", "True", "True", "True",
    ]  # fmt: skip
