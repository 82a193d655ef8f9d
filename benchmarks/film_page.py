"""Film-page throughput and latency under wrk, against the production server.

Starts `cinematheque serve` (gunicorn, DEBUG off, no cache in front) on a data directory
that holds the bundled catalogue, loads one film page with wrk on 1 connection and on 32
connections, then saves the same page as a static file, serves it with nginx and measures
it the same way: the ratio shows how far the app is from the physical limit of this machine.

    python benchmarks/film_page.py [--data-dir DIR] [--slug heat-1995] [--duration 10]

Needs wrk and nginx (Debian: apt-get install wrk nginx). The load generator runs on the
same machine as the server, so the figures include its cost.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def parse_duration_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    factor = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]
    return float(value) * factor


def run_wrk(
    url: str, connections: int, duration: int, threads: int, *headers: str
) -> WrkResult:
    """wrk's throughput, median and 99th percentile latency, and errors; `headers`
    as "Name: value" (a session cookie, to bypass the page cache)."""
    output = subprocess.run(
        [
            "wrk",
            f"-t{min(threads, connections)}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            *[arg for header in headers for arg in ("-H", header)],
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    rps = float(found.group(1)) if found else 0.0
    errors = sum(
        int(n)
        for n in re.findall(
            r"(?:Non-2xx or 3xx responses|Socket errors:.*?):?\s+(\d+)", output
        )
    )
    return WrkResult(
        rps, parse_duration_ms(latency["50"]), parse_duration_ms(latency["99"]), errors
    )


def wait_for(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {timeout:.0f} s")


def start_app(
    data_dir: Path, port: int, workers: int, **extra_env: str
) -> subprocess.Popen:
    env = {
        **os.environ,
        "CINEMATHEQUE_DATA_DIR": str(data_dir),
        "DEBUG": "0",
        **extra_env,
    }
    env.pop("CACHE_URL", None)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cinematheque",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def start_nginx(root: Path, port: int, workdir: Path) -> subprocess.Popen:
    config = workdir / "nginx.conf"
    config.write_text(
        f"""
worker_processes 2;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    default_type text/html;
    client_body_temp_path {workdir};
    proxy_temp_path {workdir};
    fastcgi_temp_path {workdir};
    uwsgi_temp_path {workdir};
    scgi_temp_path {workdir};
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
}}
"""
    )
    return subprocess.Popen(
        ["nginx", "-c", str(config), "-p", str(workdir)], start_new_session=True
    )


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def report(name: str, single: WrkResult, loaded: WrkResult) -> None:
    print(
        f"{name:<22} 1 conn: p50 {single.p50_ms:6.2f} ms  p99 {single.p99_ms:6.2f} ms"
        f"  {single.requests_per_second:7.0f} req/s | 32 conns: "
        f"{loaded.requests_per_second:7.0f} req/s  p50 {loaded.p50_ms:6.2f} ms"
        f"  p99 {loaded.p99_ms:6.2f} ms  errors {single.errors + loaded.errors}"
    )


def server_benchmark_parser(doc: str, *, duration: int) -> argparse.ArgumentParser:
    """The options of a benchmark of the running server: --data-dir, --duration and
    --workers; the description is the first paragraph of `doc`."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n", maxsplit=1)[0])
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "cinematheque-bench",
        help="data directory; initialised with the bundled catalogue if empty",
    )
    parser.add_argument(
        "--duration", type=int, default=duration, help="seconds per run"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    return parser


def require_tools(*tools: str) -> None:
    for tool in tools:
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: apt-get install {tool}")


def main() -> None:
    parser = server_benchmark_parser(__doc__, duration=10)
    parser.add_argument("--slug", default="heat-1995", help="film page to load")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    require_tools("wrk", "nginx")

    path = f"/films/{args.slug}/"
    app_url = f"http://127.0.0.1:{args.port}{path}"
    print(f"cores: {os.cpu_count()}  page: {path}  duration: {args.duration} s per run")
    app = start_app(args.data_dir, args.port, args.workers)
    try:
        wait_for(app_url, timeout=600)
        with urllib.request.urlopen(app_url) as response:
            html = response.read()
        run_wrk(app_url, 1, 2, 1)  # warm every worker's connections and templates
        app_single = run_wrk(app_url, 1, args.duration, 1)
        app_loaded = run_wrk(app_url, 32, args.duration, 2)
    finally:
        stop(app)

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        page = workdir / "site" / path.strip("/") / "index.html"
        page.parent.mkdir(parents=True)
        page.write_bytes(html)
        nginx = start_nginx(workdir / "site", args.port + 1, workdir)
        try:
            static_url = f"http://127.0.0.1:{args.port + 1}{path}"
            wait_for(static_url, timeout=10)
            static_single = run_wrk(static_url, 1, args.duration, 1)
            static_loaded = run_wrk(static_url, 32, args.duration, 2)
        finally:
            stop(nginx)

    print(f"page size: {len(html):,} bytes")
    report(f"gunicorn x{args.workers}", app_single, app_loaded)
    report("nginx static file", static_single, static_loaded)
    print(
        "ratio app/static (32 conns req/s): "
        f"{app_loaded.requests_per_second / static_loaded.requests_per_second:.3f}"
    )


if __name__ == "__main__":
    main()
