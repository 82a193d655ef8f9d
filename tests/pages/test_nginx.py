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
from tests.ingest.tmdb_replay import Answer as ReplayAnswer
from tests.ingest.tmdb_replay import replay_server

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


def run_nginx(directory: Path, site: str, ports: list[int]) -> subprocess.Popen:
    """Start nginx with `site` (a configuration for its http block) in `directory`,
    and wait until it accepts connections on `ports`. The caller stops it."""
    (directory / "site.conf").write_text(site)
    temp = directory / "nginx-temp"
    temp.mkdir(exist_ok=True)
    (directory / "nginx.conf").write_text(
        f"""
pid {directory}/nginx.pid;
error_log {directory}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {directory}/site.conf;
}}
"""
    )
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            NGINX,
            *("-p", str(directory), "-c", str(directory / "nginx.conf")),
            *("-g", "daemon off; master_process off;"),
        ],
        stderr=subprocess.PIPE,
    )
    for port in ports:
        for _attempt in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(process.stderr.read().decode())  # type: ignore[union-attr]
                time.sleep(0.05)
    return process


def stop_nginx(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=10)
    process.stderr.close()  # type: ignore[union-attr]


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
    process = run_nginx(tmp_path, site, [port])
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_nginx(process)


@pytest.fixture
def heat(transactional_db):
    return factories.make_film(title="Heat", year=1995, slug="heat-1995")


@pytest.mark.parametrize("upstream", ["127.0.0.1:8000", "127.0.0.1:8000,10.0.0.2:8001"])
def test_the_generated_configuration_passes_nginx_t(tmp_path, upstream):
    site = generated_config(upstream=upstream, **{"cache-dir": str(tmp_path / "cache")})
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


METRICS_SPELLINGS = [
    "/metrics",
    "/metrics/",
    "/metrics?format=text",
    "//metrics",
    "/%6Detrics",
    "/static/../metrics",
]


@pytest.mark.parametrize("path", METRICS_SPELLINGS)
def test_the_metrics_are_not_served_to_the_public(nginx, live_server, path):
    assert fetch(f"{live_server.url}/metrics").status == 200  # the app has them
    answer = fetch(f"{nginx}{path}")
    assert answer.status == 404
    assert b"cinematheque_" not in answer.body


def test_without_nginxs_rule_the_app_still_refuses_forwarded_requests(
    live_server, tmp_path
):
    """Defence in depth: a proxy configuration without the /metrics rule passes the
    request on with X-Forwarded-For, which the app refuses although nginx connects
    from the loopback."""
    port = free_port()
    site = generated_config(
        listen=f"127.0.0.1:{port}",
        **{"server-name": "localhost"},
        upstream=live_server.url.removeprefix("http://"),
        **{"cache-dir": str(tmp_path / "cache")},
    )
    rules = [
        line for line in site.splitlines() if "location" in line and "metrics" in line
    ]
    assert len(rules) == 2
    for rule in rules:
        site = site.replace(rule, "")
    process = run_nginx(tmp_path, site, [port])
    try:
        answer = fetch(f"http://127.0.0.1:{port}/metrics")
    finally:
        stop_nginx(process)
    assert answer.status == 404
    assert answer.body == b"Not found.\n"  # the app's refusal, not nginx's page


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


def self_signed(tmp_path: Path) -> tuple[Path, Path]:
    certificate, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            shutil.which("openssl") or "openssl",
            *("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=localhost", "-keyout", str(key), "-out", str(certificate)),
        ],
        check=True,
        capture_output=True,
    )
    return certificate, key


@pytest.mark.skipif(not shutil.which("openssl"), reason="needs openssl")
def test_https_with_tls_12_and_13_only_and_http_redirected(live_server, tmp_path):
    import ssl

    certificate, key = self_signed(tmp_path)
    https_port, http_port = free_port(), free_port()
    site = generated_config(
        listen=f"127.0.0.1:{https_port}",
        **{"server-name": "localhost"},
        upstream=live_server.url.removeprefix("http://"),
        **{"cache-dir": str(tmp_path / "cache")},
        **{"static-root": str(tmp_path)},
        **{"tls-certificate": str(certificate), "tls-key": str(key)},
        **{"redirect-listen": f"127.0.0.1:{http_port}"},
    )
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in site
    process = run_nginx(tmp_path, site, [https_port, http_port])
    try:
        import http.client

        plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=5)
        plain.request("GET", "/films/?page=2", headers={"Host": "localhost"})
        answer = plain.getresponse()  # not followed: it leads to port 443
        assert answer.status == 301
        assert answer.getheader("Location") == "https://localhost/films/?page=2"
        plain.close()
        for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
            context = ssl.create_default_context(cafile=str(certificate))
            context.check_hostname = False
            context.minimum_version = context.maximum_version = version
            with (
                socket.create_connection(("127.0.0.1", https_port), 5) as raw,
                context.wrap_socket(raw, server_hostname="localhost") as tls,
            ):
                assert tls.version() == version.name.replace("_", ".")
                tls.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: localhost\r\n\r\n")
                assert tls.recv(64).startswith(b"HTTP/1.1 200")
    finally:
        stop_nginx(process)


def test_a_certificate_needs_its_key():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="go together"):
        generated_config(**{"tls-certificate": "/etc/ssl/cert.pem"})


def test_several_upstreams_share_the_requests_and_retry_a_failing_one():
    site = generated_config(upstream="127.0.0.1:8000, 127.0.0.1:8001")
    assert "server 127.0.0.1:8000 max_fails=1 fail_timeout=10s;" in site
    assert "server 127.0.0.1:8001 max_fails=1 fail_timeout=10s;" in site
    assert "proxy_next_upstream error timeout http_502;" in site
    assert "keepalive_timeout 4s;" in site  # below gunicorn's keepalive (5 s)


@pytest.mark.parametrize("upstream", [",", "127.0.0.1:8000;evil", "a b:1"])
def test_an_unusable_upstream_is_refused(upstream):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="upstream"):
        generated_config(upstream=upstream)


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64)


@pytest.fixture
def image_nginx(live_server, tmp_path: Path, settings, transactional_db):
    """nginx with the local image cache on; TMDB's image server is a local replay."""
    from cinematheque.catalogue.images import tmdb_image_configuration_forget

    settings.IMAGE_CACHE = True
    settings.IMAGE_CACHE_DIR = tmp_path / "data" / "images"
    replay = replay_server()
    images = next(replay)
    factories.make_source(
        key="tmdb",
        name="TMDB",
        image_configuration={"secure_base_url": f"{images.url}/t/p/"},
    )
    tmdb_image_configuration_forget()
    port = free_port()
    site = generated_config(
        listen=f"127.0.0.1:{port}",
        **{"server-name": "localhost"},
        upstream=live_server.url.removeprefix("http://"),
        **{"cache-dir": str(tmp_path / "cache")},
        **{"static-root": str(tmp_path / "static")},
    )
    process = run_nginx(tmp_path, site, [port])
    try:
        yield f"http://127.0.0.1:{port}", images, settings.IMAGE_CACHE_DIR
    finally:
        stop_nginx(process)
        replay.close()
        tmdb_image_configuration_forget()


def test_cached_images_are_served_from_disk_and_missing_ones_fetched_once(
    image_nginx,
):
    url, images, cache_dir = image_nginx
    (cache_dir / "w342").mkdir(parents=True)
    (cache_dir / "w342" / "ondisk.jpg").write_bytes(JPEG)
    images.route("/t/p/w342/fresh.jpg", ReplayAnswer(200, body=JPEG))

    on_disk = fetch(f"{url}/images/w342/ondisk.jpg")
    first = fetch(f"{url}/images/w342/fresh.jpg")
    second = fetch(f"{url}/images/w342/fresh.jpg")

    assert on_disk.status == first.status == second.status == 200
    assert on_disk.body == first.body == second.body == JPEG
    assert on_disk.headers["Content-Security-Policy"] == "default-src 'none'"
    assert (cache_dir / "w342" / "fresh.jpg").read_bytes() == JPEG
    # The app fetched the new image once; nginx served it from disk afterwards.
    assert images.paths() == ["/t/p/w342/fresh.jpg"]


def test_no_app_server_answering_gets_the_sites_page(tmp_path):
    """Every upstream down (all restarting): nginx answers its 502 with the site's
    page rather than its own."""
    static_root = tmp_path / "static"
    (static_root / "pages" / "errors").mkdir(parents=True)
    source = Path(__file__).resolve().parents[2] / "src/cinematheque/pages/static"
    shutil.copy(source / "pages/errors/502.html", static_root / "pages/errors/502.html")
    port = free_port()
    site = generated_config(
        listen=f"127.0.0.1:{port}",
        upstream=f"127.0.0.1:{free_port()},127.0.0.1:{free_port()}",  # nobody there
        **{"server-name": "localhost"},
        **{"cache-dir": str(tmp_path / "cache")},
        **{"static-root": str(static_root)},
    )
    process = run_nginx(tmp_path, site, [port])
    try:
        answer = fetch(f"http://127.0.0.1:{port}/films/")
    finally:
        stop_nginx(process)
    assert answer.status == 502
    assert b"The film guide is restarting" in answer.body
