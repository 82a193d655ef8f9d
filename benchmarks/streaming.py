"""Streaming a 1 GB film: (a) `cinematheque serve` sending it itself (gunicorn's
sendfile through wsgi.file_wrapper), (b) nginx serving the same file as a static
file, (c) the shipped nginx configuration in front of the app, which answers with
X-Accel-Redirect so that nginx sends the file. Several runs of curl to /dev/null
each (after one unmeasured run each), in turns (a, b, c, a, b, c…) so that the
machine's load weighs on all alike; the medians are compared.

    python benchmarks/streaming.py [--runs 5] [--size-mb 1024] [--workers 2]

The file is sparse (no disk space, no disk reads: this measures the servers, not
the disk), made in a temporary directory and deleted after. Needs curl and nginx.
Targets (issue 12): (a) >= 50 % of (b); (c) within 10 % of (b).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from film_page import require_tools, stop, wait_for
from page_cache import free_port, start_proxy

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE_ROWS = ROOT / "tests" / "fixtures" / "open_catalogue" / "rows.json"

SETUP = textwrap.dedent(
    """
    import json, sys
    import django
    django.setup()
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from cinematheque.members.models import User
    from cinematheque.watch.models import LibraryFolder, MediaFile
    from cinematheque.watch.play.access import play_permission_set
    folder, name = sys.argv[1], sys.argv[2]
    library, _ = LibraryFolder.objects.get_or_create(path=folder)
    media_file, _ = MediaFile.objects.get_or_create(
        folder=library, relative_path=name, defaults={"status": "matched"}
    )
    user = User.objects.filter(username="streaming-bench").first()
    if user is None:
        user = User.objects.create_user("streaming-bench", password=None)
    play_permission_set(user, play=True, download=False)
    backend = next(b for b in settings.AUTHENTICATION_BACKENDS if "axes" not in b)
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = backend
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    print(json.dumps({
        "pk": media_file.pk,
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
    }))
    """
)


def django_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "CINEMATHEQUE_DATA_DIR": str(data_dir), "DEBUG": "0"}
    env.pop("CACHE_URL", None)
    return {**env, "DJANGO_SETTINGS_MODULE": "cinematheque.settings", **extra}


def initialise(data_dir: Path, workdir: Path) -> None:
    """A data directory with the few films of the tests' open-catalogue fixture (the
    films do not matter here, and the bundled catalogue takes minutes to load)."""
    import sqlite3

    document = json.loads(CATALOGUE_ROWS.read_text(encoding="utf-8"))
    catalogue = workdir / "catalogue.sqlite"
    connection = sqlite3.connect(catalogue)
    with connection:
        for statement in document["schema"]:
            connection.execute(statement)
        for table in ("omdb", "tomatoes"):
            columns = list(document[table][0])
            quoted = ", ".join(f'"{column}"' for column in columns)
            connection.executemany(
                f'INSERT INTO "{table}" ({quoted}) '  # noqa: S608 - fixed names
                f"VALUES ({', '.join('?' * len(columns))})",
                [[row[column] for column in columns] for row in document[table]],
            )
    connection.close()
    subprocess.run(
        [sys.executable, "-m", "cinematheque", "init", "-v", "0",
         "--open-catalogue", str(catalogue)],
        check=True,
        env=django_env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def library_file(data_dir: Path, folder: Path, name: str) -> dict[str, object]:
    """The MediaFile's pk and a session cookie of a member allowed to play."""
    output = subprocess.run(
        [sys.executable, "-c", SETUP, str(folder), name],
        check=True,
        capture_output=True,
        text=True,
        env=django_env(data_dir),
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def start_app(data_dir: Path, port: int, workers: int, **env: str):
    return subprocess.Popen(
        [sys.executable, "-m", "cinematheque", "serve", "-v", "0",
         "--port", str(port), "--workers", str(workers)],
        env=django_env(data_dir, **env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip


def start_static_nginx(folder: Path, port: int, workdir: Path):
    config = workdir / "static.conf"
    config.write_text(
        f"""
worker_processes 2;
pid {workdir}/static.pid;
error_log {workdir}/static-error.log;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {workdir};
    proxy_temp_path {workdir};
    fastcgi_temp_path {workdir};
    uwsgi_temp_path {workdir};
    scgi_temp_path {workdir};
    server {{
        listen 127.0.0.1:{port};
        location /files/ {{ alias {folder}/; }}
    }}
}}
"""
    )
    return subprocess.Popen(
        ["nginx", "-c", str(config), "-p", str(workdir)], start_new_session=True
    )


def download_mb_per_s(url: str, cookie: str, size: int) -> float:
    """Fetch `url` to /dev/null with curl; MB/s (10^6 bytes) of the whole transfer."""
    result = subprocess.run(
        ["curl", "-sS", "-o", "/dev/null", "-H", f"Cookie: {cookie}",
         "-w", "%{http_code} %{size_download} %{time_total}", url],
        check=True,
        capture_output=True,
        text=True,
    )  # fmt: skip
    status, downloaded, seconds = result.stdout.split()
    if status != "200" or int(downloaded) != size:
        raise SystemExit(f"{url}: HTTP {status}, {downloaded} of {size} bytes")
    return size / float(seconds) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--runs", type=int, default=5, help="downloads per server")
    parser.add_argument("--size-mb", type=int, default=1024, help="file size (MiB)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args()
    require_tools("curl", "nginx")
    size = args.size_mb * 1024 * 1024

    with tempfile.TemporaryDirectory(prefix="cinematheque-streaming-") as tmp:
        workdir = Path(tmp)
        data_dir, folder = workdir / "data", workdir / "library"
        folder.mkdir()
        name = "Heat (1995).mkv"
        with open(folder / name, "wb") as film:
            film.truncate(size)  # sparse: reads are zeros from no disk block
        print(f"cores: {os.cpu_count()}  load: {os.getloadavg()[0]:.2f}  "
              f"file: {size / 1e6:,.0f} MB sparse  runs: {args.runs}")  # fmt: skip
        initialise(data_dir, workdir)
        media = library_file(data_dir, folder, name)
        path = f"/watch/files/{media['pk']}/stream"
        cookie = str(media["cookie"])

        ports = {name: free_port() for name in ("app", "static", "accel_app", "proxy")}
        processes = [
            start_app(data_dir, ports["app"], args.workers),
            start_static_nginx(folder, ports["static"], workdir),
            start_app(
                data_dir,
                ports["accel_app"],
                args.workers,
                CINEMATHEQUE_ACCEL_REDIRECT="/_protected_media/",
            ),
        ]
        (workdir / "proxy").mkdir()
        processes.append(
            start_proxy(
                workdir / "proxy",
                ports["proxy"],
                f"127.0.0.1:{ports['accel_app']}",
                workdir / "static-root",
            )
        )
        urls = {
            "a) cinematheque serve": f"http://127.0.0.1:{ports['app']}{path}",
            "b) nginx static file": (
                f"http://127.0.0.1:{ports['static']}/files/{quote(name)}"
            ),
            "c) nginx + X-Accel-Redirect": f"http://127.0.0.1:{ports['proxy']}{path}",
        }
        try:
            for url in urls.values():
                probe = url.replace(path, "/robots.txt") if path in url else url
                wait_for(probe, timeout=600)
            for url in urls.values():  # warm up: workers, connections, page cache
                download_mb_per_s(url, cookie, size)
            speeds: dict[str, list[float]] = {label: [] for label in urls}
            for _run in range(args.runs):
                for label, url in urls.items():
                    speeds[label].append(download_mb_per_s(url, cookie, size))
        finally:
            for process in processes:
                stop(process)

    medians = {label: statistics.median(runs) for label, runs in speeds.items()}
    for label, runs in speeds.items():
        every = " ".join(f"{speed:,.0f}" for speed in runs)
        print(f"{label:<30} median {medians[label]:8,.0f} MB/s   runs: {every}")
    static = medians["b) nginx static file"]
    print(
        f"a/b: {medians['a) cinematheque serve'] / static:.2f} (target >= 0.50)   "
        f"c/b: {medians['c) nginx + X-Accel-Redirect'] / static:.2f} "
        "(target >= 0.90)"
    )
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
