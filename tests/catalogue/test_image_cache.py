"""The local image cache (CINEMATHEQUE_IMAGE_CACHE=1): TMDB's images fetched into the
data directory on first request, checked by their bytes, capped, pruned, refreshed
ahead of time, and the policy and nginx recipe that go with it. TMDB's image server
is the local replay server."""

from __future__ import annotations

import io
import os

import pytest
from django.core.management import CommandError, call_command

from cinematheque.catalogue.image_cache import image_cache_prune, image_type
from cinematheque.catalogue.images import tmdb_image_configuration_forget
from cinematheque.pages.management.commands.deploy_nginx import nginx_config
from cinematheque.pages.security_headers import content_security_policy
from tests import factories
from tests.ingest.tmdb_replay import Answer, replay_server

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(64)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64)


@pytest.fixture
def image_server():
    yield from replay_server()


@pytest.fixture
def image_cache(settings, image_server, tmp_path):
    settings.IMAGE_CACHE = True
    settings.IMAGE_CACHE_DIR = tmp_path / "images"
    factories.make_source(
        key="tmdb",
        name="TMDB",
        image_configuration={
            "secure_base_url": f"{image_server.url}/t/p/",
            "poster_sizes": ["w92", "w342", "w500", "original"],
            "backdrop_sizes": ["w300", "w1280", "original"],
            "profile_sizes": ["w45", "w185", "original"],
            "logo_sizes": ["w92", "original"],
        },
    )
    tmdb_image_configuration_forget()
    yield image_server
    tmdb_image_configuration_forget()


def test_image_types_are_told_by_their_first_bytes():
    assert image_type(PNG) == "image/png"
    assert image_type(JPEG) == "image/jpeg"
    assert image_type(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert image_type(b"<svg onload=alert(1)>") is None
    assert image_type(b"<!doctype html>") is None


def test_an_image_is_fetched_once_then_served_from_disk(client, image_cache, settings):
    image_cache.route("/t/p/w342/abc.jpg", Answer(200, body=PNG))

    first = client.get("/images/w342/abc.jpg")
    second = client.get("/images/w342/abc.jpg")

    assert first.status_code == second.status_code == 200
    # The bytes decide, not the name or the server's Content-Type (JSON here).
    assert first["Content-Type"] == "image/png"
    assert b"".join(second.streaming_content) == PNG
    assert (settings.IMAGE_CACHE_DIR / "w342" / "abc.jpg").read_bytes() == PNG
    assert image_cache.paths() == ["/t/p/w342/abc.jpg"]
    assert "public" in first["Cache-Control"]
    first.close()
    second.close()


def test_what_is_not_an_image_is_refused_and_not_kept(client, image_cache, settings):
    image_cache.route("/t/p/w342/evil.jpg", Answer(200, body=b"<html><script>"))

    assert client.get("/images/w342/evil.jpg").status_code == 404
    assert not (settings.IMAGE_CACHE_DIR / "w342" / "evil.jpg").exists()


def test_an_image_over_the_file_cap_is_refused(client, image_cache, settings):
    settings.IMAGE_CACHE_MAX_FILE_BYTES = 50
    image_cache.route("/t/p/w342/big.jpg", Answer(200, body=JPEG + bytes(100)))

    assert client.get("/images/w342/big.jpg").status_code == 404
    assert not (settings.IMAGE_CACHE_DIR / "w342" / "big.jpg").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/images/w9999/abc.jpg",  # a size TMDB does not serve
        "/images/w342/abc.exe",
        "/images/w342/..%2Fsecret_key",
        "/images/w342/.hidden.jpg",
        "/images/original/a%20b.jpg",
    ],
)
def test_bad_sizes_and_names_are_a_404_without_a_fetch(client, image_cache, path):
    assert client.get(path).status_code == 404
    assert image_cache.paths() == []


def test_tmdb_missing_image_is_a_404_and_a_failing_server_a_502(client, image_cache):
    image_cache.route("/t/p/w342/down.jpg", Answer(503, body=b""))

    assert client.get("/images/w342/missing.jpg").status_code == 404
    response = client.get("/images/w342/down.jpg")
    assert response.status_code == 502
    assert "no-cache" in response["Cache-Control"]


def test_with_the_cache_off_the_route_is_a_404_and_urls_point_to_tmdb(
    client, settings, db
):
    settings.IMAGE_CACHE = False
    tmdb_image_configuration_forget()
    factories.make_film(title="Heat", slug="heat-1995", poster_path="/p.jpg")

    assert client.get("/images/w342/p.jpg").status_code == 404
    html = client.get("/films/heat-1995/").content.decode()
    assert "https://image.tmdb.org/t/p/w500/p.jpg" in html
    assert "https://image.tmdb.org" in content_security_policy()


def test_with_the_cache_on_pages_link_local_images_and_the_policy_drops_tmdb(
    client, image_cache
):
    factories.make_film(title="Heat", slug="heat-1995", poster_path="/p.jpg")

    response = client.get("/films/heat-1995/")

    html = response.content.decode()
    assert 'src="/images/w500/p.jpg"' in html
    assert "image.tmdb.org" not in html
    img_src = next(
        part
        for part in response["Content-Security-Policy"].split("; ")
        if part.startswith("img-src")
    )
    assert img_src == "img-src 'self' data:"


def touch(path, content: bytes, when: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    os.utime(path, (when, when))


def test_prune_removes_the_least_recently_used_beyond_the_cap(settings, tmp_path):
    settings.IMAGE_CACHE_DIR = tmp_path / "images"
    old = settings.IMAGE_CACHE_DIR / "w342" / "old.jpg"
    new = settings.IMAGE_CACHE_DIR / "w500" / "new.jpg"
    leftover = settings.IMAGE_CACHE_DIR / "w500" / "tmpab12cd"
    touch(old, bytes(100), 1_000)
    touch(new, bytes(100), 2_000)
    touch(leftover, bytes(10), 3_000)

    report = image_cache_prune(max_bytes=150)

    assert not old.exists()
    assert new.exists()
    assert not leftover.exists()
    assert (report.files_removed, report.bytes_removed, report.bytes_kept) == (
        2,
        110,
        100,
    )


def test_prune_command_reports_and_refuses_a_negative_cap(settings, tmp_path):
    settings.IMAGE_CACHE_DIR = tmp_path / "images"
    touch(settings.IMAGE_CACHE_DIR / "w342" / "a.jpg", bytes(10), 1_000)
    out = io.StringIO()

    call_command("prune_images", "--max-bytes", "0", stdout=out)

    assert "Images removed: 1 (10 bytes); cache size: 0 bytes" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("prune_images", "--max-bytes", "-1")


def test_refresh_fetches_what_the_pages_show(image_cache, settings):
    factories.make_film(
        title="Heat", poster_path="/poster.jpg", backdrop_path="/backdrop.jpg"
    )
    factories.make_person(name="Al Pacino", profile_path="/face.jpg")
    for path in (
        "/t/p/w342/poster.jpg",
        "/t/p/w500/poster.jpg",
        "/t/p/w1280/backdrop.jpg",
        "/t/p/w185/face.jpg",
    ):
        image_cache.route(path, Answer(200, body=JPEG))
    out = io.StringIO()

    call_command("refresh_images", stdout=out, stderr=io.StringIO())
    call_command("refresh_images", stdout=out, stderr=io.StringIO())

    assert sorted(image_cache.paths()) == [
        "/t/p/w1280/backdrop.jpg",
        "/t/p/w185/face.jpg",
        "/t/p/w342/poster.jpg",
        "/t/p/w500/poster.jpg",
    ]
    assert "Images fetched: 4; already cached: 0; failed: 0" in out.getvalue()
    assert "Images fetched: 0; already cached: 4; failed: 0" in out.getvalue()
    assert (settings.IMAGE_CACHE_DIR / "w185" / "face.jpg").exists()


def test_refresh_needs_the_cache_on(settings, db):
    settings.IMAGE_CACHE = False

    with pytest.raises(CommandError, match="CINEMATHEQUE_IMAGE_CACHE=1"):
        call_command("refresh_images")


def test_nginx_recipe_serves_images_from_the_data_directory(settings, tmp_path):
    arguments = {
        "listen": "80",
        "server_name": "_",
        "upstream": "127.0.0.1:8000",
        "cache_dir": "/var/cache/nginx/cinematheque",
        "static_root": "/srv/static",
    }
    settings.IMAGE_CACHE = False
    assert "/images/" not in nginx_config(**arguments)

    settings.IMAGE_CACHE = True
    settings.IMAGE_CACHE_DIR = tmp_path / "images"
    config = nginx_config(**arguments)

    assert f"root {tmp_path};" in config
    assert "try_files $uri @image_fetch;" in config
