"""Several clients stream from a live server at once, each getting its own ranges."""

from __future__ import annotations

import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.test import Client

from tests.watch.play.media import make_media_file

DATA = bytes(i % 251 for i in range(2_000_000))


@pytest.fixture
def film(transactional_db, library):
    return make_media_file(library, "Heat (1995).mp4", DATA)


def test_several_clients_at_once(live_server, film, player):
    client = Client()
    client.force_login(player)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    address = f"{live_server.url}/watch/files/{film.pk}/stream"

    def fetch(start: int) -> tuple[int, bytes]:
        end = start + 299_999
        request = urllib.request.Request(  # noqa: S310 - loopback
            address, headers={"Cookie": cookie, "Range": f"bytes={start}-{end}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.read()

    starts = [0, 300_000, 900_000, 1_500_000, 1_700_000, 123_457]
    with ThreadPoolExecutor(max_workers=len(starts)) as pool:
        answers = list(pool.map(fetch, starts))
    for start, (status, body) in zip(starts, answers, strict=True):
        assert status == 206
        assert body == DATA[start : start + 300_000]
