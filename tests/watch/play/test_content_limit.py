"""A member's family content limit hides a film's copy as it hides its page: no
player, no stream, no subtitles, no position, not in "Continue watching"."""

from __future__ import annotations

import pytest

from cinematheque.members.content_limit import content_limit_set
from cinematheque.watch.models import PlaybackPosition
from tests import factories
from tests.watch.play.media import make_media_file


@pytest.fixture
def heat_file(library):
    heat = factories.make_film(
        title="Heat", year=1995, slug="heat-1995", certification="R"
    )
    return make_media_file(library, "Heat.mp4", b"x" * 100, film=heat)


@pytest.fixture
def limited(player_client, player):
    content_limit_set(user=player, ceiling="PG-13", hide_unknown=False)
    return player_client


def test_a_hidden_film_cannot_be_played(limited, player, heat_file):
    pk = heat_file.pk
    assert limited.get(f"/watch/files/{pk}/stream").status_code == 403
    assert limited.get("/watch/films/heat-1995/player/").status_code == 403
    response = limited.post(
        f"/watch/files/{pk}/position",
        data='{"position": 10}',
        content_type="application/json",
    )
    assert response.status_code == 403
    assert (
        limited.get("/personal/films/heat-1995/").json()["fields"]["playable"] is False
    )


def test_a_hidden_film_leaves_continue_watching(limited, player, heat_file):
    PlaybackPosition.objects.create(
        user=player, media_file=heat_file, position=100, duration=6000
    )
    assert b"Heat" not in limited.get("/watch/continue-watching/").content
    content_limit_set(user=player, ceiling="R", hide_unknown=False)
    assert b"Heat" in limited.get("/watch/continue-watching/").content
    response = limited.get(f"/watch/files/{heat_file.pk}/stream")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"x" * 100  # and closes the file
