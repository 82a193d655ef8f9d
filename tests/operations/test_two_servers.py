"""Two `cinematheque serve` instances, each with its own data directory, behind the
shipped nginx configuration, sharing one PostgreSQL database and one Redis: a member
logged in on one is logged in on the other, a rating on one shows on the other, and
an editor's publish on one forgets the cached page on both.

Runs where the suite runs on PostgreSQL (`DATABASE_URL`) and Redis answers on
127.0.0.1:6379 (as in `.ci/run`); the servers get their own database and Redis
database, made afresh.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

from tests.operations.conftest import cli_command, cli_environment, run_cli
from tests.pages.test_nginx import NGINX, free_port, run_nginx, stop_nginx

REDIS = ("127.0.0.1", 6379)
REDIS_DB = 7
DATABASE = "cinematheque_two_servers"
PASSWORD = "a-long-Passw0rd-for-tests"


def _redis_answers() -> bool:
    try:
        socket.create_connection(REDIS, timeout=0.5).close()
    except OSError:
        return False
    return True


pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL: runs where DATABASE_URL names it (.ci/run)",
    ),
    pytest.mark.skipif(not _redis_answers(), reason="needs Redis on 127.0.0.1:6379"),
    pytest.mark.skipif(not Path(NGINX).exists(), reason="needs nginx"),
]


def fresh_database() -> str:
    """A new, empty database beside the test run's, and its URL."""
    import psycopg

    parts = urlsplit(os.environ["DATABASE_URL"])
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    return urlunsplit(parts._replace(path=f"/{DATABASE}"))


def flush_redis() -> None:
    import redis

    redis.Redis(host=REDIS[0], port=REDIS[1], db=REDIS_DB).flushdb()


@dataclass
class Site:
    a: str
    b: str
    nginx: str
    environment: dict[str, str]
    film: str


def wait_for(url: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server at {url} stopped: {process.stdout.read()}")  # type: ignore[union-attr]
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    pytest.fail(f"no answer from {url}")


def start_nginx(tmp_path: Path, upstreams: list[str], static_root: Path) -> tuple:
    from cinematheque.pages.management.commands.deploy_nginx import nginx_config

    port = free_port()
    site = nginx_config(
        listen=f"127.0.0.1:{port}",
        server_name="localhost",
        upstream=",".join(upstreams),
        cache_dir=str(tmp_path / "nginx-cache"),
        static_root=str(static_root),
    )
    for upstream in upstreams:
        assert f"server {upstream} " in site
    process = run_nginx(tmp_path, site, [port])
    return process, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[Site]:
    tmp_path = tmp_path_factory.mktemp("two-servers")
    flush_redis()
    shared = {
        "DATABASE_URL": fresh_database(),
        "CACHE_URL": f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}",
        "SECRET_KEY": "two-servers-share-this-secret-key-of-fifty-or-more-characters",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "JOBS_EMBEDDED_WORKER": "0",
        "CINEMATHEQUE_STATIC_ROOT": str(tmp_path / "static"),
    }
    from tests.ingest.conftest import load_fixture, write_catalogue

    catalogue = write_catalogue(tmp_path / "movies.db", load_fixture())
    first = cli_environment(tmp_path / "data-a", **shared)
    init = run_cli("init", "--open-catalogue", str(catalogue), environment=first)
    assert init.returncode == 0, init.stderr
    setup = run_cli(
        "manage",
        "shell",
        "-c",
        "from cinematheque.catalogue.models import Film; "
        "from cinematheque.members.models import User; "
        "from cinematheque.editorial import services; "
        "from cinematheque.editorial.models import FilmText; "
        f"User.objects.create_superuser('chief', 'chief@example.org', '{PASSWORD}'); "
        "film = Film.objects.exclude(pk__in=FilmText.objects.values('film_id'))"
        ".order_by('-notability').first(); "
        "services.piece_save(piece=FilmText(film=film, tagline='TAGLINE-AFTER-PUBLISH',"
        " synopsis='s', analysis='a'), author=None); print(film.slug)",
        environment=first,
    )
    assert setup.returncode == 0, setup.stderr
    film = setup.stdout.strip().splitlines()[-1]
    servers, urls = [], []
    for name in ("a", "b"):
        port = free_port()
        environment = cli_environment(tmp_path / f"data-{name}", **shared)
        servers.append(
            subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                cli_command(
                    "serve", "--port", str(port), "--workers", "1", "--threads", "2"
                ),
                env=environment,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    nginx = None
    try:
        for url, server in zip(urls, servers, strict=True):
            wait_for(url, server)
        nginx, nginx_url = start_nginx(
            tmp_path, [u.removeprefix("http://") for u in urls], tmp_path / "static"
        )
        yield Site(a=urls[0], b=urls[1], nginx=nginx_url, environment=first, film=film)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=60)
            server.stdout.close()  # type: ignore[union-attr]
        if nginx is not None:
            stop_nginx(nginx)


def form_token(client: httpx.Client, url: str) -> str:
    page = client.get(url)
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert match, f"no form at {url}"
    return match.group(1)


def test_nginx_serves_the_site_from_both_servers(site):
    answer = httpx.get(f"{site.nginx}/films/{site.film}/", timeout=10)
    assert answer.status_code == 200
    for url in (site.a, site.b):
        assert httpx.get(f"{url}/films/{site.film}/", timeout=10).status_code == 200


def test_a_member_signed_in_on_one_server_is_signed_in_on_the_other(site):
    with httpx.Client(base_url=site.a, timeout=20) as on_a:
        token = form_token(on_a, "/accounts/signup/")
        answer = on_a.post(
            "/accounts/signup/",
            data={
                "csrfmiddlewaretoken": token,
                "username": "ada",
                "email": "ada@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
            headers={"Referer": f"{site.a}/accounts/signup/"},
        )
        assert answer.status_code in {200, 302}, answer.text[:500]
        cookies = dict(on_a.cookies)
    assert "sessionid" in cookies
    with httpx.Client(base_url=site.b, cookies=cookies, timeout=20) as on_b:
        fields = on_b.get("/personal/site/").json()["fields"]
        assert "ada" in str(fields)
        settings_page = on_b.get("/accounts/settings/")
        assert settings_page.status_code == 200
        assert "ada@example.org" in settings_page.text


def test_a_rating_on_one_server_shows_on_the_other(site):
    with httpx.Client(base_url=site.a, timeout=20) as on_a:
        token = form_token(on_a, "/accounts/login/")
        on_a.post(
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": token,
                "username": "ada",
                "password": PASSWORD,
            },
            headers={"Referer": f"{site.a}/accounts/login/"},
        )
        personal = f"/personal/films/{site.film}/"
        csrf = on_a.get(personal).json()["csrf_token"]
        answer = on_a.post(
            personal,
            json={"rating": 8},
            headers={"X-CSRFToken": csrf, "Referer": f"{site.a}/films/{site.film}/"},
        )
        assert answer.status_code == 200, answer.text[:300]
        cookies = dict(on_a.cookies)
    with httpx.Client(base_url=site.b, cookies=cookies, timeout=20) as on_b:
        assert on_b.get(personal).json()["fields"]["rating"] == 8
    visitor_page = httpx.get(f"{site.b}/films/{site.film}/", timeout=10).text
    assert "1 rating" in visitor_page


def test_an_editors_publish_on_one_server_refreshes_the_page_on_both(site):
    page = f"/films/{site.film}/"
    for url in (site.a, site.b):  # cached on both, without the tagline
        httpx.get(url + page, timeout=10)
        again = httpx.get(url + page, timeout=10)
        assert again.headers.get("X-Cache") == "HIT"
        assert "TAGLINE-AFTER-PUBLISH" not in again.text
    with httpx.Client(base_url=site.a, timeout=30) as on_a:
        token = form_token(on_a, "/admin/login/")
        on_a.post(
            "/admin/login/?next=/admin/",
            data={
                "csrfmiddlewaretoken": token,
                "username": "chief",
                "password": PASSWORD,
                "next": "/admin/",
            },
            headers={"Referer": f"{site.a}/admin/login/"},
        )
        changelist = "/admin/editorial/filmtext/"
        listing = on_a.get(changelist)
        assert listing.status_code == 200
        ids = re.findall(r'name="_selected_action" value="(\d+)"', listing.text)
        assert ids
        answer = on_a.post(
            changelist,
            data={
                "csrfmiddlewaretoken": form_token(on_a, changelist),
                "action": "publish_selected",
                "_selected_action": ids,
            },
            headers={"Referer": f"{site.a}{changelist}"},
        )
        assert answer.status_code in {200, 302}
    for url in (site.a, site.b):
        assert "TAGLINE-AFTER-PUBLISH" in httpx.get(url + page, timeout=10).text


def test_the_servers_keep_nothing_of_their_own(site):
    """Sessions live in the database, the cache in Redis: neither data directory
    holds a session or cache file."""
    for name in ("a", "b"):
        data = Path(site.environment["CINEMATHEQUE_DATA_DIR"]).parent / f"data-{name}"
        kept = [p.name for p in data.rglob("*") if p.is_file()]
        assert not [n for n in kept if n.endswith((".djcache", ".sqlite3"))], kept


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-v"]))
