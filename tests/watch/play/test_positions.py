"""The player's position API and the home page's "Continue watching"."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from cinematheque.watch.models import PlaybackPosition
from cinematheque.watch.play.positions import continue_watching, is_finished
from tests import factories
from tests.watch.play.media import make_media_file


@pytest.fixture
def heat_file(library):
    heat = factories.make_film(title="Heat", year=1995, slug="heat-1995")
    return make_media_file(library, "Heat.mp4", b"x", film=heat, duration=6000.0)


def post(client, media_file, payload, **extra):
    return client.post(
        f"/watch/files/{media_file.pk}/position",
        data=payload if isinstance(payload, str) else json.dumps(payload),
        content_type="application/json",
        **extra,
    )


def test_a_member_saves_a_position(player_client, player, heat_file):
    response = post(player_client, heat_file, {"position": 754.5, "duration": 6000})
    assert response.status_code == 200
    assert response.json() == {"position": 754.5, "duration": 6000.0, "finished": False}
    saved = PlaybackPosition.objects.get(user=player, media_file=heat_file)
    assert saved.position == 754.5
    post(player_client, heat_file, {"position": 800, "duration": 6000})
    assert PlaybackPosition.objects.get(user=player).position == 800


def test_near_the_end_is_finished(player_client, player, heat_file):
    response = post(player_client, heat_file, {"position": 5800, "duration": 6000})
    assert response.json()["finished"] is True


@pytest.mark.parametrize(
    ("position", "duration", "finished"),
    [
        (0, 6000, False),
        (5600, 6000, False),
        (5700, 6000, True),  # the last 5 %
        (3000, 3100, True),  # the last two minutes
        (100, None, False),
        (179, 300, False),
        (181, 300, True),
    ],
)
def test_finished_is_the_last_5_percent_or_two_minutes(position, duration, finished):
    assert is_finished(position, duration) is finished


@pytest.mark.parametrize(
    "payload",
    [
        "not json",
        "[1, 2]",
        "{}",
        {"position": "12"},
        {"position": -1},
        {"position": True},
        {"position": None},
        {"position": 10, "duration": "long"},
        {"position": 7000, "duration": 6000},
        '{"position": NaN}',
        '{"position": Infinity}',
    ],
)
def test_bad_positions_are_400(player_client, heat_file, payload):
    response = post(player_client, heat_file, payload)
    assert response.status_code == 400
    assert response.json()["detail"]
    assert not PlaybackPosition.objects.exists()


def test_visitors_and_members_not_allowed_may_not_save(client, heat_file):
    assert post(client, heat_file, {"position": 1}).status_code == 403
    client.force_login(factories.make_user())
    assert post(client, heat_file, {"position": 1}).status_code == 403
    assert not PlaybackPosition.objects.exists()


def test_the_position_needs_the_csrf_token(player, heat_file):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(player)
    assert post(client, heat_file, {"position": 1}).status_code == 403
    # The film page's personal endpoint gives the token to the page's scripts.
    token = client.get("/personal/films/heat-1995/").json()["csrf_token"]
    response = post(client, heat_file, {"position": 1}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200


def test_only_get_reads_and_post_writes(player_client, heat_file):
    assert player_client.get(f"/watch/files/{heat_file.pk}/position").status_code == 405
    assert player_client.post(f"/watch/files/{heat_file.pk}/stream").status_code == 405


def _saved(user, media_file, position, duration=6000.0, finished=False):
    return PlaybackPosition.objects.create(
        user=user,
        media_file=media_file,
        position=position,
        duration=duration,
        finished=finished,
    )


def test_continue_watching_lists_films_in_progress_newest_first(library, player):
    films = [factories.make_film(title=f"Film {n}") for n in range(4)]
    files = [
        make_media_file(library, f"{n}.mp4", b"x", film=film)
        for n, film in enumerate(films)
    ]
    second_copy = make_media_file(library, "0-bis.mp4", b"x", film=films[0])
    _saved(player, files[0], 100)
    _saved(player, files[1], 200)
    _saved(player, files[2], 5900, finished=True)
    _saved(player, files[3], 0)
    _saved(player, second_copy, 300)  # the same film again: listed once
    _saved(factories.make_user(), files[1], 50)  # somebody else's
    entries = continue_watching(player)
    assert [entry.film for entry in entries] == [films[0], films[1]]
    assert entries[0].position.media_file == second_copy
    assert entries[0].percent == 5


def test_the_continue_watching_fragment(client, library, player):
    heat = factories.make_film(title="Heat", year=1995, slug="heat-1995")
    _saved(player, make_media_file(library, "Heat.mp4", b"x", film=heat), 754)
    client.force_login(player)
    response = client.get("/watch/continue-watching/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Continue watching" in html
    assert 'href="/films/heat-1995/#play"' in html
    assert "Resume from 12:34" in html
    assert "private" in response["Cache-Control"]


def test_continue_watching_is_empty_without_films_in_progress(client, player):
    client.force_login(player)
    assert client.get("/watch/continue-watching/").content.strip() == b""


def test_continue_watching_is_for_members(client):
    assert client.get("/watch/continue-watching/").status_code == 403


def test_the_home_page_has_only_an_empty_placeholder(client, library, player):
    heat = factories.make_film(title="Heat", year=1995, slug="heat-1995")
    _saved(player, make_media_file(library, "Heat.mp4", b"x", film=heat), 754)
    client.force_login(player)
    html = client.get("/").content.decode()
    assert 'data-continue-watching-url="/watch/continue-watching/"' in html
    assert "Resume from" not in html


def test_saving_positions_is_rate_limited(
    player_client, player, heat_file, monkeypatch
):
    from cinematheque.members import ratelimit

    # The limiter's clock stands still mid-window (as tests/members' frozen_window).
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_000_030.0))
    for second in range(120):  # ten times what one player sends (a save every 5 s)
        response = post(player_client, heat_file, {"position": second * 5})
        assert response.status_code == 200
    response = post(player_client, heat_file, {"position": 9999})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert PlaybackPosition.objects.get(user=player).position == 595
