"""The whole-page cache under wrk: cache hits from gunicorn, the shipped nginx
micro-cache, and nginx serving the same bytes as a static file, in one run; plus the
uncached render on one connection. For Heat's film page, Al Pacino's person page,
browse with a filter, and the home page.

    python benchmarks/page_cache.py [--data-dir DIR] [--duration 3] [--workers 4]
        [--first-port 18100]

Uncached requests go to a second app server started with the page cache off
(`CINEMATHEQUE_PAGE_CACHE=0`, one worker) and carry no cookie, as a first visitor's
request after a change: every one renders the page, and no session is read. (A
session cookie would bypass the cache too, but a signed-in member's request also
reads the session and the member; that is not a first visit.) The cache write a
real miss adds is not counted.
Needs wrk and nginx (Debian: apt-get install wrk nginx-light). The load generator
runs on the same machine as the servers, so the figures include its cost.
Targets (issue 9): cache hit >= 3,000 req/s or >= 7.5 % of nginx static; nginx
micro-cache >= 50 % of nginx static; uncached p50 <= 10 ms.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from film_page import (
    WrkResult,
    require_tools,
    run_wrk,
    server_benchmark_parser,
    start_app,
    start_nginx,
    stop,
    wait_for,
)

PAGES = {
    "film (Heat)": "/films/heat-1995/",
    "person (Al Pacino)": "/people/al-pacino/",
    "browse, filtered": "/films/?genre=crime&decade=1990",
    "home": "/",
}


@dataclass
class Row:
    name: str
    size: int
    uncached: WrkResult
    hit: WrkResult
    micro: WrkResult
    static: WrkResult


def wrk(url: str, connections: int, duration: int, *headers: str) -> WrkResult:
    return run_wrk(url, connections, duration, 2, *headers)


def start_proxy(workdir: Path, port: int, upstream: str, static_root: Path):
    """nginx with the configuration `cinematheque deploy nginx` prints."""
    site = subprocess.run(
        [
            sys.executable,
            "-m",
            "cinematheque",
            "deploy",
            "nginx",
            f"--listen=127.0.0.1:{port}",
            "--server-name=localhost",
            f"--upstream={upstream}",
            f"--cache-dir={workdir / 'cache'}",
            f"--static-root={static_root}",
        ],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "CINEMATHEQUE_DATA_DIR": str(workdir / "unused")},
    ).stdout
    (workdir / "site.conf").write_text(site)
    config = workdir / "proxy.conf"
    config.write_text(
        f"""
worker_processes 2;
pid {workdir}/proxy.pid;
error_log {workdir}/proxy-error.log;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {workdir};
    proxy_temp_path {workdir};
    fastcgi_temp_path {workdir};
    uwsgi_temp_path {workdir};
    scgi_temp_path {workdir};
    include {workdir}/site.conf;
}}
"""
    )
    return subprocess.Popen(
        ["nginx", "-c", str(config), "-p", str(workdir)], start_new_session=True
    )


def free_port(first: int = 0, taken: set[int] | None = None) -> int:
    """A port nobody listens on (other servers may run on this machine): any free
    one, or with `first` the first free one from there up that is not in `taken`."""
    taken = set() if taken is None else taken
    port = first
    while True:
        if port and port in taken:
            port += 1
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                port += 1
                continue
            found = probe.getsockname()[1]
        taken.add(found)
        return found


def measure(args: argparse.Namespace, workdir: Path) -> list[Row]:
    taken: set[int] = set()
    app_port, proxy_port, static_port, uncached_port = (
        free_port(args.first_port, taken) for _ in range(4)
    )
    site = workdir / "site"
    app = start_app(args.data_dir, app_port, args.workers)
    uncached_app = start_app(
        args.data_dir, uncached_port, 1, CINEMATHEQUE_PAGE_CACHE="0"
    )
    proxy = None
    results: dict[str, dict] = {name: {} for name in PAGES}
    try:
        wait_for(f"http://127.0.0.1:{app_port}/", timeout=900)
        wait_for(f"http://127.0.0.1:{uncached_port}/", timeout=900)
        proxy = start_proxy(workdir, proxy_port, f"127.0.0.1:{app_port}", site)
        for name, path in PAGES.items():
            app_url = f"http://127.0.0.1:{app_port}{path}"
            with urllib.request.urlopen(app_url) as response:
                html = response.read()
            page = site / path.strip("/").replace("?", "_") / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_bytes(html)
            uncached_url = f"http://127.0.0.1:{uncached_port}{path}"
            wrk(uncached_url, 1, 1)  # warm the worker: templates compiled, connections
            results[name]["size"] = len(html)
            results[name]["uncached"] = wrk(uncached_url, 1, args.duration)
            results[name]["hit"] = wrk(app_url, 32, args.duration)
            proxy_url = f"http://127.0.0.1:{proxy_port}{path}"
            wait_for(proxy_url, timeout=10)
            results[name]["micro"] = wrk(proxy_url, 32, args.duration)
    finally:
        stop(app)
        stop(uncached_app)
        if proxy is not None:
            stop(proxy)
    static = start_nginx(site, static_port, workdir)
    try:
        for name, path in PAGES.items():
            static_path = "/" + path.strip("/").replace("?", "_") + "/"
            url = f"http://127.0.0.1:{static_port}{static_path}"
            wait_for(url, timeout=10)
            results[name]["static"] = wrk(url, 32, args.duration)
    finally:
        stop(static)
    return [Row(name=name, **values) for name, values in results.items()]


def report(rows: list[Row]) -> None:
    print(
        f"{'page':<20} {'bytes':>7} | uncached 1 conn p50 | 32 conns req/s: "
        f"{'app hit':>8} {'nginx µc':>9} {'static':>8} | hit/static µc/static"
    )
    for row in rows:
        static = row.static.requests_per_second or 1.0
        print(
            f"{row.name:<20} {row.size:>7,} | {row.uncached.p50_ms:14.2f} ms | "
            f"{'':15}{row.hit.requests_per_second:8.0f} "
            f"{row.micro.requests_per_second:9.0f} {static:8.0f} | "
            f"{row.hit.requests_per_second / static:7.3f} "
            f"{row.micro.requests_per_second / static:9.3f}"
        )
    errors = sum(
        r.uncached.errors + r.hit.errors + r.micro.errors + r.static.errors
        for r in rows
    )
    print(f"non-2xx/3xx responses: {errors}")


def main() -> None:
    parser = server_benchmark_parser(__doc__, duration=3)
    parser.add_argument(
        "--first-port", type=int, default=0, help="ports from this one up (0: any)"
    )
    args = parser.parse_args()
    require_tools("wrk", "nginx")
    print(f"cores: {os.cpu_count()}  duration: {args.duration} s per run")
    with tempfile.TemporaryDirectory() as tmp:
        report(measure(args, Path(tmp)))


if __name__ == "__main__":
    main()
