"""The film page's player: the shared page holds an empty placeholder, the personal
field `playable` says whether to fill it, and the member's player fragment offers
the film's files with subtitles, details, downloads and the saved position."""

from __future__ import annotations

from pathlib import Path

import pytest

from cinematheque.watch.models import MediaFile, PlaybackPosition
from cinematheque.watch.play.player import human_duration
from tests import factories
from tests.watch.play.media import make_media_file


@pytest.fixture
def heat(db):
    return factories.make_film(title="Heat", year=1995, slug="heat-1995")


@pytest.fixture
def heat_file(library, heat):
    media_file = make_media_file(
        library,
        "Heat (1995)/Heat (1995).mkv",
        b"x" * 2_500_000,
        film=heat,
        container="matroska",
        video_codec="hevc",
        audio_codec="aac",
        width=1920,
        height=1080,
        duration=10_200.0,
    )
    for name in ["Heat (1995).en.srt", "Heat (1995).fr.forced.srt"]:
        Path(library.path, "Heat (1995)", name).write_text(
            "1\n00:00:01,000 --> 00:00:02,000\nHi\n"
        )
    return media_file


def personal(client, slug="heat-1995"):
    return client.get(f"/personal/films/{slug}/").json()["fields"]


def test_the_shared_film_page_holds_no_member_state(client, player, heat_file):
    client.force_login(player)
    PlaybackPosition.objects.create(
        user=player, media_file=heat_file, position=754, duration=10_200
    )
    html = client.get("/films/heat-1995/").content.decode()
    assert 'data-play-url="/watch/films/heat-1995/player/"' in html
    assert "watch/play/player.js" in html
    assert "/watch/files/" not in html
    assert "12:34" not in html


def test_playable_is_true_for_an_allowed_member_when_the_film_has_a_file(
    client, player, heat_file
):
    assert personal(client)["playable"] is None
    client.force_login(factories.make_user())
    assert personal(client)["playable"] is False
    client.force_login(player)
    assert personal(client)["playable"] is True


def test_playable_is_false_without_a_matched_feature(client, player, heat_file):
    client.force_login(player)
    for changes in [
        {"status": MediaFile.Status.UNCERTAIN},
        {"kind": MediaFile.Kind.TRAILER},
    ]:
        MediaFile.objects.filter(pk=heat_file.pk).update(**changes)
        assert personal(client)["playable"] is False
        MediaFile.objects.filter(pk=heat_file.pk).update(
            status=MediaFile.Status.MATCHED, kind=MediaFile.Kind.FEATURE
        )


def test_the_player_offers_the_file_with_its_details(client, player, heat_file):
    client.force_login(player)
    PlaybackPosition.objects.create(
        user=player, media_file=heat_file, position=754, duration=10_200
    )
    response = client.get("/watch/films/heat-1995/player/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert f'data-src="/watch/files/{heat_file.pk}/stream"' in html
    assert 'data-type="video/x-matroska"' in html
    assert 'data-doubtful="true"' in html
    assert 'data-position="754.0"' in html
    assert "You stopped at 12:34" in html
    assert "Watch now" in html
    assert "Matroska (MKV)" in html
    assert "HEVC (H.265), 1920\N{MULTIPLICATION SIGN}1080" in html
    assert "2 h 50 min" in html
    assert "2.5 MB" in html
    assert (
        f'<track kind="subtitles" src="/watch/files/{heat_file.pk}/subtitles/1.vtt"'
        ' srclang="en" label="English">'
    ) in html
    # Forced subtitles (the lines in another language) show without being asked for.
    assert 'srclang="fr" label="Français (forced)" default>' in html
    assert "Your browser cannot play this file." in html
    assert "/download" not in html  # not allowed to download


def test_a_member_allowed_to_download_gets_the_link(client, downloader, heat_file):
    client.force_login(downloader)
    html = client.get("/watch/films/heat-1995/player/").content.decode()
    assert f'href="/watch/files/{heat_file.pk}/download"' in html
    assert "Download the file (2.5 MB)" in html


def test_versions_and_parts_are_a_choice(client, player, library, heat):
    make_media_file(library, "Heat DC.mp4", b"x", film=heat, edition="Director's Cut")
    make_media_file(library, "Heat cd1.mp4", b"x", film=heat, part=1)
    make_media_file(library, "Heat cd2.mp4", b"x", film=heat, part=2)
    make_media_file(library, "Heat-trailer.mp4", b"x", film=heat, kind="trailer")
    client.force_login(player)
    html = client.get("/watch/films/heat-1995/player/").content.decode()
    assert html.count("data-player-file") == 3
    for label in ["Part 1", "Part 2", "Director&#39;s Cut"]:
        assert f"Watch now: {label}" in html


def test_a_finished_file_starts_over(client, player, heat_file):
    PlaybackPosition.objects.create(
        user=player,
        media_file=heat_file,
        position=10_100,
        duration=10_200,
        finished=True,
    )
    client.force_login(player)
    html = client.get("/watch/films/heat-1995/player/").content.decode()
    assert 'data-position="0.0"' in html
    assert "You stopped" not in html


def test_a_file_missing_from_disk_is_not_offered(client, player, heat_file, library):
    Path(library.path, heat_file.relative_path).unlink()
    client.force_login(player)
    html = client.get("/watch/films/heat-1995/player/").content.decode()
    assert "data-player-file" not in html
    assert "no copy of Heat that can be played now" in html


def test_the_player_is_for_allowed_members(client, heat_file):
    assert client.get("/watch/films/heat-1995/player/").status_code == 403
    client.force_login(factories.make_user())
    assert client.get("/watch/films/heat-1995/player/").status_code == 403


def test_an_unknown_film_is_404(client, player):
    client.force_login(player)
    assert client.get("/watch/films/no-such-film/player/").status_code == 404


def test_names_are_escaped(client, player, library):
    film = factories.make_film(title="<script>x</script>", slug="odd")
    make_media_file(library, "a.mp4", b"x", film=film, edition="<b>cut</b>")
    make_media_file(library, "b.mp4", b"x", film=film)
    client.force_login(player)
    html = client.get("/watch/films/odd/player/").content.decode()
    assert "<script>x" not in html
    assert "<b>cut" not in html


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (10200.04, "2 h 50 min"),
        (3720, "1 h 02 min"),
        (720, "12 min"),
        (60, "1 min"),
        (20.008, "20 s"),
        (None, "0 s"),
    ],
)
def test_running_times_read_as_people_say_them(seconds, shown):
    assert human_duration(seconds) == shown
