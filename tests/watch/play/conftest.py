"""A library folder in a temporary directory, and members allowed (or not) to play."""

from __future__ import annotations

from pathlib import Path

import pytest

from cinematheque.watch.models import LibraryFolder
from cinematheque.watch.play.access import play_permission_set
from tests import factories


@pytest.fixture
def library(db, tmp_path: Path) -> LibraryFolder:
    root = tmp_path / "library"
    root.mkdir()
    return LibraryFolder.objects.create(path=str(root), name="Films")


@pytest.fixture
def player(db):
    user = factories.make_user(username="viewer")
    play_permission_set(user, play=True, download=False)
    return user


@pytest.fixture
def downloader(db):
    user = factories.make_user(username="keeper")
    play_permission_set(user, play=True, download=True)
    return user


@pytest.fixture
def player_client(client, player):
    client.force_login(player)
    return client


@pytest.fixture(scope="session")
def generated_mp4(tmp_path_factory) -> Path:
    from tests.watch.play.media import generate_mp4

    return generate_mp4(tmp_path_factory.mktemp("videos") / "testsrc.mp4")
