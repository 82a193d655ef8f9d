"""The shipped nginx configuration, run by a real nginx (Debian's; `./dev test`
installs it) in front of a live server: micro-cache hits, session bypass, static
files from disk, the friendly page for over-long URLs."""

from __future__ import annotations

import io
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command

from tests import factories

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = pytest.mark.skipif(
    not Path(NGINX).exists(), reason="nginx is not installed (./dev test installs it)"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(url: str, headers: dict[str, str] | None = None) -> Answer:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return Answer(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), error.read())


def generated_config(**options: str) -> str:
    out = io.StringIO()
    call_command(
        "deploy_nginx", *[f"--{k}={v}" for k, v in options.items()], stdout=out
    )
    return out.getvalue()


@pytest.fixture
def nginx(live_server, tmp_path: Path) -> Iterator[str]:
    """nginx on a free port, configured by `deploy nginx`, proxying to live_server."""
    static_root = tmp_path / "static"
    (static_root / "pages" / "errors").mkdir(parents=True)
    (static_root / "probe.txt").write_text("served by nginx\n")
    source = Path(__file__).resolve().parents[2] / "src/cinematheque/pages/static"
    shutil.copy(source / "pages/errors/414.html", static_root / "pages/errors/414.html")
    port = free_port()
    site = generated_config(
        listen=f"127.0.0.1:{port}",
        **{"server-name": "localhost"},
        upstream=live_server.url.removeprefix("http://"),
        **{"cache-dir": str(tmp_path / "cache")},
        **{"static-root": str(static_root)},
    )
    (tmp_path / "site.conf").write_text(site)
    temp = tmp_path / "temp"
    temp.mkdir()
    (tmp_path / "nginx.conf").write_text(
        f"""
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {tmp_path}/site.conf;
}}
"""
    )
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            NGINX,
            *("-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")),
            *("-g", "daemon off; master_process off;"),
        ],
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(process.stderr.read().decode())  # type: ignore[union-attr]
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stderr.close()  # type: ignore[union-attr]


@pytest.fixture
def heat(transactional_db):
    return factories.make_film(title="Heat", year=1995, slug="heat-1995")


def test_the_generated_configuration_passes_nginx_t(tmp_path):
    site = generated_config(**{"cache-dir": str(tmp_path / "cache")})
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;"
        f"events {{}} http {{ include {tmp_path}/site.conf; }}"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_visitor_pages_are_micro_cached(nginx, heat):
    first = fetch(f"{nginx}/films/heat-1995/")
    second = fetch(f"{nginx}/films/heat-1995/")
    assert first.status == second.status == 200
    assert first.headers["X-Proxy-Cache"] == "MISS"
    assert second.headers["X-Proxy-Cache"] == "HIT"
    assert second.body == first.body
    assert b"Heat" in second.body


def test_a_session_cookie_bypasses_the_micro_cache(nginx, heat):
    fetch(f"{nginx}/films/heat-1995/")
    member = fetch(f"{nginx}/films/heat-1995/", {"Cookie": "sessionid=someone"})
    assert member.headers["X-Proxy-Cache"] == "BYPASS"
    again = fetch(f"{nginx}/films/heat-1995/", {"Cookie": "sessionid=someone"})
    assert again.headers["X-Proxy-Cache"] == "BYPASS"


def test_private_pages_are_not_kept_by_nginx(nginx, heat):
    fetch(f"{nginx}/admin/login/")
    second = fetch(f"{nginx}/admin/login/")
    assert second.headers["X-Proxy-Cache"] != "HIT"


def test_static_files_are_served_by_nginx(nginx, heat):
    answer = fetch(f"{nginx}/static/probe.txt")
    assert answer.status == 200
    assert answer.body == b"served by nginx\n"
    assert "immutable" in answer.headers["Cache-Control"]
    assert "X-Cache" not in answer.headers  # never reached the app


def test_an_over_long_url_gets_the_friendly_page(nginx, heat):
    answer = fetch(f"{nginx}/search/?q={'a' * 6000}")
    assert answer.status == 414
    assert b"This address is too long" in answer.body


@pytest.fixture
def host_session_cookie(settings) -> str:
    """The production cookie name (CINEMATHEQUE_HTTPS): nginx's $cookie_NAME
    variables cannot spell it, so the configuration reads the Cookie header."""
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    return settings.SESSION_COOKIE_NAME


def test_a_host_prefixed_session_cookie_bypasses_the_micro_cache(
    host_session_cookie, nginx, heat
):
    fetch(f"{nginx}/films/heat-1995/")
    assert fetch(f"{nginx}/films/heat-1995/").headers["X-Proxy-Cache"] == "HIT"
    for cookie in ["__Host-sessionid=someone", "a=1; __Host-sessionid=someone"]:
        member = fetch(f"{nginx}/films/heat-1995/", {"Cookie": cookie})
        assert member.headers["X-Proxy-Cache"] == "BYPASS", cookie
