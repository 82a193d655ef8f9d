"""Subtitles beside a video: found by name, labelled by language, served as WebVTT
(SubRip converted), with the stream's permission checks and root confinement."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cinematheque.watch.play.subtitles import (
    decode_subtitle,
    language_name,
    srt_to_vtt,
    subtitles_beside,
)
from tests import factories
from tests.watch.play.media import make_media_file

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "subtitles"
SAMPLE = (FIXTURES / "capability_tester.srt").read_bytes()


def test_a_real_world_subrip_file_becomes_webvtt():
    vtt = srt_to_vtt(decode_subtitle(SAMPLE))
    assert vtt.startswith("WEBVTT\n\n1\n00:00:00.000 --> 00:00:00.000\n")
    assert "2\n00:00:01.500 --> 00:00:04.500\nSubRip subtitles capability tester" in vtt
    # SubRip's position coordinates are not WebVTT cue settings.
    assert "10\n00:00:21.501 --> 00:00:22.500\nThis text should NOT" in vtt
    assert "X1:" not in vtt
    assert "E with an accent: È\n日本語" in vtt
    assert "," not in "".join(line for line in vtt.splitlines() if "-->" in line)
    assert vtt.count("-->") == 8


def test_bom_and_crlf_are_handled():
    crlf = b"\xef\xbb\xbf" + SAMPLE.replace(b"\n", b"\r\n")
    assert srt_to_vtt(decode_subtitle(crlf)) == srt_to_vtt(decode_subtitle(SAMPLE))


def test_a_windows_1252_file_is_decoded():
    text = SAMPLE.decode("utf-8").replace("日本語\n", "")
    vtt = srt_to_vtt(decode_subtitle(text.encode("cp1252")))
    assert "E with an accent: È" in vtt


def test_odd_timestamps_are_padded_and_blocks_without_timing_dropped():
    vtt = srt_to_vtt(
        "garbage\n\n1\n0:01:02,5 --> 0:01:04,25\nHi\n\n\n\n2\n00:00:05,000 --> 00:00:06,000\nThere\n"
    )
    assert vtt == (
        "WEBVTT\n\n1\n00:01:02.500 --> 00:01:04.250\nHi\n\n"
        "2\n00:00:05.000 --> 00:00:06.000\nThere\n"
    )


def test_cues_without_numbers_are_kept():
    vtt = srt_to_vtt("00:00:01,000 --> 00:00:02,000\nNo number\n")
    assert vtt == "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nNo number\n"


@pytest.mark.parametrize(
    ("code", "name"),
    [("en", "English"), ("fr", "Français"), ("fre", "Français"), ("de", "Deutsch"),
     ("pt-br", "Português Brasileiro"), ("xx", "")],
)  # fmt: skip
def test_language_labels_are_in_the_language(code, name):
    assert language_name(code) == name


def test_subtitles_beside_a_video_are_found_by_its_name(tmp_path):
    root = tmp_path
    for name in [
        "Heat.mp4", "Heat.en.srt", "Heat.fr.forced.srt", "Heat.srt", "Heat.de.vtt",
        "Heat 2.en.srt", "Heated.srt", "Other.en.srt", "Heat.en.txt",
    ]:  # fmt: skip
        (root / name).write_text("x")
    found = subtitles_beside(str(root / "Heat.mp4"), str(root))
    assert [Path(s.path).name for s in found] == [
        "Heat.de.vtt", "Heat.en.srt", "Heat.fr.forced.srt", "Heat.srt",
    ]  # fmt: skip
    assert [(s.language, s.label) for s in found] == [
        ("de", "Deutsch"), ("en", "English"), ("fr", "Français (forced)"),
        ("", "Subtitles"),
    ]  # fmt: skip


def test_a_subtitle_symlinked_out_of_the_root_is_left_out(tmp_path):
    root = tmp_path / "library"
    root.mkdir()
    (root / "Heat.mp4").write_text("x")
    (tmp_path / "secret.txt").write_text("secret")
    os.symlink(tmp_path / "secret.txt", root / "Heat.en.srt")
    assert subtitles_beside(str(root / "Heat.mp4"), str(root)) == []


@pytest.fixture
def heat_with_subtitles(library):
    media_file = make_media_file(library, "Heat (1995)/Heat (1995).mkv", b"video")
    folder = Path(library.path, "Heat (1995)")
    (folder / "Heat (1995).en.srt").write_bytes(SAMPLE)
    (folder / "Heat (1995).fr.vtt").write_text(
        "WEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\nBonjour\r\n"
    )
    return media_file


def test_subtitles_are_served_as_webvtt(player_client, heat_with_subtitles):
    pk = heat_with_subtitles.pk
    english = player_client.get(f"/watch/files/{pk}/subtitles/1.vtt")
    assert english.status_code == 200
    assert english["Content-Type"] == "text/vtt; charset=utf-8"
    assert english.content.decode().startswith("WEBVTT\n\n1\n00:00:00.000 -->")
    french = player_client.get(f"/watch/files/{pk}/subtitles/2.vtt")
    assert french.content.decode() == (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nBonjour\n"
    )
    assert player_client.get(f"/watch/files/{pk}/subtitles/3.vtt").status_code == 404
    assert player_client.get(f"/watch/files/{pk}/subtitles/0.vtt").status_code == 404


def test_subtitles_need_the_play_permission(client, heat_with_subtitles):
    address = f"/watch/files/{heat_with_subtitles.pk}/subtitles/1.vtt"
    assert client.get(address).status_code == 403
    client.force_login(factories.make_user())
    assert client.get(address).status_code == 403


def test_a_subtitle_file_over_the_size_limit_is_not_listed(tmp_path, monkeypatch):
    from cinematheque.watch.play import subtitles

    monkeypatch.setattr(subtitles, "MAX_SUBTITLE_BYTES", 100)
    (tmp_path / "Heat.mp4").write_text("x")
    (tmp_path / "Heat.en.srt").write_bytes(SAMPLE[:90])
    (tmp_path / "Heat.fr.srt").write_bytes(b"1\n" * 60)
    found = subtitles_beside(str(tmp_path / "Heat.mp4"), str(tmp_path))
    assert [Path(s.path).name for s in found] == ["Heat.en.srt"]


def test_a_subtitle_that_grew_too_large_or_is_binary_is_a_404(
    player_client, heat_with_subtitles, library, monkeypatch
):
    from cinematheque.watch.play import subtitles

    pk = heat_with_subtitles.pk
    folder = Path(library.path, "Heat (1995)")
    (folder / "Heat (1995).fr.vtt").write_bytes(b"WEBVTT\n\x00\x01\x02 binary")
    assert player_client.get(f"/watch/files/{pk}/subtitles/2.vtt").status_code == 404
    # Listed while small, larger when read (it grew in between): never read whole.
    monkeypatch.setattr(subtitles.os.path, "getsize", lambda path: 10)
    monkeypatch.setattr(subtitles, "MAX_SUBTITLE_BYTES", 50)
    assert player_client.get(f"/watch/files/{pk}/subtitles/1.vtt").status_code == 404
