"""The stream and download endpoints: HTTP Range (RFC 9110) edge cases, conditional
requests, HEAD, headers, X-Accel-Redirect, and who may fetch a file."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.utils.http import http_date

from cinematheque.watch.models import LibraryFolder
from cinematheque.watch.play import views
from cinematheque.watch.play.paths import confined_path
from cinematheque.watch.play.ranges import Unsatisfiable, requested_range
from tests import factories
from tests.watch.play.media import make_media_file

DATA = bytes(i % 251 for i in range(1000))


@pytest.fixture
def video(library):
    return make_media_file(library, "Heat (1995)/Heat (1995).mp4", DATA)


def url(media_file, what: str = "stream") -> str:
    return f"/watch/files/{media_file.pk}/{what}"


def get(client, address: str, **extra):
    """The response, its bytes read into `.data` (which closes its file: the test
    client closes a streaming response at the end of its content)."""
    return _read(client.get(address, **extra))


def head(client, address: str, **extra):
    return _read(client.head(address, **extra))


def _read(response):
    if response.streaming:
        response.data = b"".join(response.streaming_content)
    else:
        response.data = response.content
    return response


def body(response) -> bytes:
    return response.data


RANGE_CASES = [
    # (Range header, status, expected bytes, Content-Range)
    (None, 200, DATA, None),
    ("bytes=0-0", 206, DATA[:1], "bytes 0-0/1000"),
    ("bytes=999-999", 206, DATA[999:], "bytes 999-999/1000"),
    ("bytes=0-499", 206, DATA[:500], "bytes 0-499/1000"),
    ("bytes=-500", 206, DATA[500:], "bytes 500-999/1000"),
    ("bytes=-1", 206, DATA[999:], "bytes 999-999/1000"),
    ("bytes=100-", 206, DATA[100:], "bytes 100-999/1000"),
    ("bytes=990-5000", 206, DATA[990:], "bytes 990-999/1000"),
    ("bytes=-5000", 206, DATA, "bytes 0-999/1000"),
    ("BYTES=10-19", 206, DATA[10:20], "bytes 10-19/1000"),
    ("bytes=1000-", 416, b"", "bytes */1000"),
    ("bytes=5000-6000", 416, b"", "bytes */1000"),
    ("bytes=-0", 416, b"", "bytes */1000"),
    ("bytes=2000-,3000-", 416, b"", "bytes */1000"),
    # Invalid syntax or another unit: the header is ignored, the whole file answers.
    ("bytes=abc", 200, DATA, None),
    ("bytes=5-1", 200, DATA, None),
    ("bytes=", 200, DATA, None),
    ("bytes=1-2-3", 200, DATA, None),
    ("items=0-1", 200, DATA, None),
    ("0-1", 200, DATA, None),
    # Several ranges: the whole file (see ranges.py).
    ("bytes=0-1,5-6", 200, DATA, None),
]


@pytest.mark.parametrize(("header", "status", "expected", "content_range"), RANGE_CASES)
def test_range_requests_are_answered_per_rfc_9110(  # noqa: PLR0917 - the table's columns
    player_client, video, header, status, expected, content_range
):
    extra = {"HTTP_RANGE": header} if header is not None else {}
    response = get(player_client, url(video), **extra)
    assert response.status_code == status
    assert body(response) == expected
    assert response.get("Content-Range") == content_range
    assert response["Accept-Ranges"] == "bytes"
    if status != 416:
        assert response["Content-Length"] == str(len(expected))


def test_no_range_of_an_empty_file_is_satisfiable():
    with pytest.raises(Unsatisfiable):
        requested_range("bytes=0-", 0)
    with pytest.raises(Unsatisfiable):
        requested_range("bytes=-5", 0)
    assert requested_range(" bytes = 2 - 3 ", 10).content_range(10) == "bytes 2-3/10"
    assert requested_range(None, 0) is None


def test_headers_of_a_stream(player_client, video):
    response = get(player_client, url(video))
    assert response["Content-Type"] == "video/mp4"
    assert response["Cache-Control"] == "private"
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]
    assert "Content-Disposition" not in response


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("a.webm", "video/webm"),
        ("b.MKV", "video/x-matroska"),
        ("c.m4v", "video/mp4"),
        ("d.avi", "video/x-msvideo"),
        ("e.unknown", "application/octet-stream"),
    ],
)
def test_content_type_follows_the_extension(player_client, library, name, content_type):
    media_file = make_media_file(library, name, b"x")
    assert get(player_client, url(media_file))["Content-Type"] == content_type


def test_head_gives_the_headers_without_the_bytes(player_client, video):
    response = head(player_client, url(video), HTTP_RANGE="bytes=0-9")
    # Range is defined for GET only (RFC 9110 §14.2): HEAD describes the whole file.
    assert response.status_code == 200
    assert response["Content-Length"] == "1000"
    assert response["Accept-Ranges"] == "bytes"
    assert body(response) == b""


def test_if_range_with_the_current_etag_gets_the_range(player_client, video):
    etag = get(player_client, url(video))["ETag"]
    response = get(
        player_client, url(video), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag
    )
    assert response.status_code == 206
    assert body(response) == DATA[:10]


def test_if_range_with_the_current_date_gets_the_range(player_client, video):
    modified = get(player_client, url(video))["Last-Modified"]
    response = get(
        player_client, url(video), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=modified
    )
    assert response.status_code == 206


@pytest.mark.parametrize(
    "if_range", ['"another-version"', "W/{etag}", "Thu, 01 Jan 1998 00:00:00 GMT"]
)
def test_if_range_that_does_not_match_gets_the_whole_file(
    player_client, video, if_range
):
    etag = get(player_client, url(video))["ETag"]
    response = get(
        player_client,
        url(video),
        HTTP_RANGE="bytes=0-9",
        HTTP_IF_RANGE=if_range.format(etag=etag),
    )
    assert response.status_code == 200
    assert body(response) == DATA


def test_a_changed_file_gets_a_new_etag(player_client, video, library):
    etag = get(player_client, url(video))["ETag"]
    path = Path(library.path, video.relative_path)
    path.write_bytes(DATA + b"more")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    response = get(
        player_client, url(video), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag
    )
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_if_none_match_gets_304(player_client, video):
    etag = get(player_client, url(video))["ETag"]
    assert get(player_client, url(video), HTTP_IF_NONE_MATCH=etag).status_code == 304
    modified = http_date(
        int(Path(video.folder.path, video.relative_path).stat().st_mtime)
    )
    response = get(player_client, url(video), HTTP_IF_MODIFIED_SINCE=modified)
    assert response.status_code == 304


def test_the_response_holds_an_open_file_not_its_bytes(player, video):
    request = RequestFactory().get(url(video), HTTP_RANGE="bytes=100-199")
    request.user = player
    response = views.stream(request, video.pk)
    try:
        # What Django hands to wsgi.file_wrapper (gunicorn's sends it with
        # sendfile(2) from the descriptor's position, for Content-Length bytes).
        filelike = response.file_to_stream
        assert os.lseek(filelike.fileno(), 0, os.SEEK_CUR) == 100
        assert response["Content-Length"] == "100"
        assert filelike.read(1000) == DATA[100:200]
        assert filelike.read(1000) == b""
    finally:
        response.close()


def test_several_clients_read_their_own_ranges(player_client, video):
    first = player_client.get(url(video), HTTP_RANGE="bytes=0-99")
    second = player_client.get(url(video), HTTP_RANGE="bytes=500-599")
    assert b"".join(second.streaming_content) == DATA[500:600]
    assert b"".join(first.streaming_content) == DATA[:100]


# -- who may fetch a file -----------------------------------------------------------


def test_a_visitor_is_refused(client, video):
    assert get(client, url(video)).status_code == 403
    assert head(client, url(video)).status_code == 403
    assert get(client, url(video, "download")).status_code == 403


def test_a_visitor_learns_nothing_of_which_files_exist(client, video):
    assert get(client, "/watch/files/999999/stream").status_code == 403


def test_a_member_not_allowed_is_refused(client, video):
    client.force_login(factories.make_user())
    response = get(client, url(video))
    assert response.status_code == 403


def test_a_superuser_may_play(client, video):
    client.force_login(factories.make_user(role="admin"))
    assert get(client, url(video)).status_code == 200


def test_an_inactive_member_is_refused(client, player, video):
    client.force_login(player)
    player.is_active = False
    player.save(update_fields=["is_active"])
    assert get(client, url(video)).status_code in {302, 403}


def test_download_needs_its_own_permission(player_client, video):
    assert get(player_client, url(video, "download")).status_code == 403


def test_download_is_an_attachment(client, downloader, video):
    client.force_login(downloader)
    response = get(client, url(video, "download"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Heat (1995).mp4"'
    assert body(response) == DATA


def test_a_missing_file_is_404(player_client):
    assert get(player_client, "/watch/files/999999/stream").status_code == 404


def test_a_disabled_folder_is_404(player_client, video, library):
    library.enabled = False
    library.save()
    assert get(player_client, url(video)).status_code == 404


def test_no_url_names_a_path(player_client, video):
    for address in [
        "/watch/files/../../etc/passwd/stream",
        "/watch/files/%2e%2e%2f%2e%2e%2fetc%2fpasswd/stream",
        "/watch/files/-1/stream",
        "/watch/files/",
        "/watch/",
    ]:
        assert get(player_client, address).status_code == 404, address


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.mp4"
    secret.write_bytes(b"not for members")
    return secret


@pytest.mark.parametrize(
    "relative_path",
    [
        "../secret.mp4",
        "Heat/../../secret.mp4",
        "%2e%2e/secret.mp4",
        "..\\secret.mp4",
        "{outside}",
        "/etc/passwd",
        "",
        ".",
    ],
)
def test_stored_paths_cannot_leave_the_library(
    player_client, library, outside, relative_path
):
    media_file = make_media_file(library, relative_path.format(outside=outside))
    assert get(player_client, url(media_file)).status_code == 404


def test_a_nul_byte_in_a_stored_path_is_refused(library):
    # PostgreSQL cannot even store one; SQLite can.
    with pytest.raises(Http404):
        confined_path(library, "Heat\x00.mp4")
    with pytest.raises(Http404):
        confined_path(LibraryFolder(path=library.path + "\x00"), "Heat.mp4")


def test_a_symlink_out_of_the_library_is_refused(player_client, library, outside):
    os.symlink(outside, Path(library.path, "Heat.mp4"))
    media_file = make_media_file(library, "Heat.mp4")
    assert get(player_client, url(media_file)).status_code == 404


def test_a_symlinked_folder_out_of_the_library_is_refused(
    player_client, library, outside
):
    os.symlink(outside.parent, Path(library.path, "elsewhere"))
    media_file = make_media_file(library, "elsewhere/secret.mp4")
    assert get(player_client, url(media_file)).status_code == 404


def test_a_symlink_inside_the_library_is_followed(player_client, library, video):
    os.symlink(Path(library.path, video.relative_path), Path(library.path, "link.mp4"))
    media_file = make_media_file(library, "link.mp4")
    assert body(get(player_client, url(media_file))) == DATA


def test_a_library_root_that_is_a_symlink_works(player_client, library, tmp_path):
    link = tmp_path / "films-link"
    os.symlink(library.path, link)
    library.path = str(link)
    library.save()
    media_file = make_media_file(library, "Ronin.mp4", b"ronin")
    assert body(get(player_client, url(media_file))) == b"ronin"


# -- X-Accel-Redirect ----------------------------------------------------------------


def test_nginx_sends_the_file_when_accel_redirect_is_set(
    player_client, video, library, settings
):
    settings.WATCH_ACCEL_REDIRECT = "/_protected_media/"
    response = get(player_client, url(video), HTTP_RANGE="bytes=0-9")
    real = os.path.realpath(Path(library.path, video.relative_path))
    assert response["X-Accel-Redirect"] == "/_protected_media" + quote(real)
    assert response["Content-Type"] == "video/mp4"
    assert response["Cache-Control"] == "private"
    assert body(response) == b""


def test_accel_redirect_still_refuses_visitors(client, video, settings):
    settings.WATCH_ACCEL_REDIRECT = "/_protected_media/"
    response = get(client, url(video))
    assert response.status_code == 403
    assert "X-Accel-Redirect" not in response


def test_a_group_given_the_permission_in_the_admin_may_play(client, video):
    from django.contrib.auth.models import Group, Permission

    viewers = Group.objects.create(name="Viewers")
    viewers.permissions.add(Permission.objects.get(codename="play_media"))
    member = factories.make_user()
    member.groups.add(viewers)
    client.force_login(member)
    assert get(client, url(video)).status_code == 200
    assert get(client, url(video, "download")).status_code == 403
