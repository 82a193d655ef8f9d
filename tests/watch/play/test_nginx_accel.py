"""The shipped nginx configuration sends library files for the app: a real nginx
(Debian's; `./dev test` installs it) in front of a live server whose answers carry
X-Accel-Redirect. Range requests are nginx's own; the internal location cannot be
asked for directly."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.pages.test_nginx import NGINX, fetch, nginx  # noqa: F401 - fixture
from tests.watch.play.media import make_media_file

pytestmark = pytest.mark.skipif(
    not Path(NGINX).exists(), reason="nginx is not installed (./dev test installs it)"
)

DATA = bytes(i % 251 for i in range(1000))


@pytest.fixture
def accel(transactional_db, settings):
    settings.WATCH_ACCEL_REDIRECT = "/_protected_media/"


@pytest.fixture
def amelie(accel, library):
    return make_media_file(library, "Amélie (2001)/Amélie (2001).mp4", DATA)


@pytest.fixture
def cookie(accel, player) -> str:
    client = Client()
    client.force_login(player)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return f"{django_settings.SESSION_COOKIE_NAME}={session}"


def test_nginx_sends_the_whole_file(nginx, amelie, cookie):  # noqa: F811 - fixture
    answer = fetch(f"{nginx}/watch/files/{amelie.pk}/stream", {"Cookie": cookie})
    assert answer.status == 200
    assert answer.body == DATA
    assert answer.headers["Content-Type"] == "video/mp4"
    assert answer.headers["Content-Length"] == "1000"
    assert answer.headers["Cache-Control"] == "private"
    assert "X-Accel-Redirect" not in answer.headers


@pytest.mark.parametrize(
    ("header", "status", "expected", "content_range"),
    [
        ("bytes=10-19", 206, DATA[10:20], "bytes 10-19/1000"),
        ("bytes=-100", 206, DATA[900:], "bytes 900-999/1000"),
        ("bytes=990-", 206, DATA[990:], "bytes 990-999/1000"),
        ("bytes=5000-", 416, None, "bytes */1000"),
    ],
)
def test_nginx_answers_range_requests(  # noqa: PLR0917 - the table's columns
    nginx,  # noqa: F811 - fixture
    amelie,
    cookie,
    header,
    status,
    expected,
    content_range,
):
    answer = fetch(
        f"{nginx}/watch/files/{amelie.pk}/stream", {"Cookie": cookie, "Range": header}
    )
    assert answer.status == status
    assert answer.headers["Content-Range"] == content_range
    if expected is not None:
        assert answer.body == expected


def test_a_download_through_nginx_is_an_attachment(nginx, amelie, downloader):  # noqa: F811
    client = Client()
    client.force_login(downloader)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    answer = fetch(
        f"{nginx}/watch/files/{amelie.pk}/download",
        {"Cookie": f"{django_settings.SESSION_COOKIE_NAME}={session}"},
    )
    assert answer.status == 200
    assert answer.headers["Content-Disposition"].startswith("attachment;")
    assert answer.body == DATA


def test_visitors_are_refused_through_nginx(nginx, amelie):  # noqa: F811 - fixture
    answer = fetch(f"{nginx}/watch/files/{amelie.pk}/stream")
    assert answer.status == 403
    assert answer.body != DATA


def test_the_internal_location_cannot_be_asked_for(nginx, amelie, library):  # noqa: F811
    real = quote(os.path.realpath(Path(library.path, amelie.relative_path)))
    for address in [f"/_protected_media{real}", "/_protected_media/etc/passwd"]:
        answer = fetch(f"{nginx}{address}")
        assert answer.status == 404
        assert answer.body != DATA
