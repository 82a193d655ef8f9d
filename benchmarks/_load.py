"""What the mixed-load and fault benchmarks share: a site of several `cinematheque
serve` instances behind the nginx configuration `cinematheque deploy nginx` prints,
signed-in members, and wrk running one Lua script per kind of request at once.

Every kind gets its own wrk process (wrk reports latency for a whole run only), so
the kinds run side by side and each has its own p50/p99 and error count. Errors are
socket errors (connect, read, write, timeout) and answers with a status >= 400.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).resolve().parent / "load_lua"

# kind → (wrk connections, pause in ms before each request of a connection).
# Visitors go through nginx's micro-cache like real ones; members (a session cookie)
# bypass it. Without a pause, a connection served from nginx's cache sends
# thousands of requests a second and the load generator and nginx take the CPU the
# app servers need on a small machine; with 20 ms, each visitor connection asks at
# most 50 pages a second.
KINDS: dict[str, tuple[int, int]] = {
    "film page": (4, 20),
    "person page": (2, 20),
    "browse": (2, 20),
    "search": (2, 20),
    "api": (2, 20),
    "member film page": (2, 0),
    "member rates": (2, 0),
    "member watchlist": (2, 0),
}


@dataclass
class KindResult:
    kind: str
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    detail: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def require(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        raise SystemExit(
            f"needs {', '.join(missing)} (Debian: apt-get install {' '.join(missing)})"
        )


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "cinematheque", *args]


def wait_for(url: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {timeout:.0f} s")


@dataclass
class Site:
    """N app servers behind nginx, on one database and one cache."""

    workdir: Path
    environment: dict[str, str]
    servers: int = 2
    workers: int = 2
    threads: int = 4
    ports: list[int] = field(default_factory=list)
    processes: list[subprocess.Popen] = field(default_factory=list)
    nginx: subprocess.Popen | None = None
    nginx_port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.nginx_port}"

    def shell(self, code: str) -> str:
        """Run Python in `cinematheque manage shell` on the site; its stdout."""
        done = subprocess.run(
            cli("manage", "shell", "-c", code),
            env=self.environment,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            raise SystemExit(done.stderr)
        return done.stdout

    def init(self, catalogue: Path | None) -> None:
        extra = ["--open-catalogue", str(catalogue)] if catalogue else []
        print("Initialising the site (first time: loads the catalogue)…", flush=True)
        subprocess.run(
            cli("init", *extra), env=self.environment, check=True, capture_output=True
        )

    def start_server(self, index: int) -> None:
        port = self.ports[index]
        data_dir = self.workdir / f"server-{index}"
        environment = {**self.environment}
        if "DATABASE_URL" in environment:  # each server its own data directory
            environment["CINEMATHEQUE_DATA_DIR"] = str(data_dir)
        log = (self.workdir / f"server-{index}.log").open("a")
        process = subprocess.Popen(
            cli(
                "serve",
                *("--port", str(port), "--workers", str(self.workers)),
                *("--threads", str(self.threads)),
            ),
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if index < len(self.processes):
            self.processes[index] = process
        else:
            self.processes.append(process)

    def start(self) -> None:
        self.ports = [free_port() for _ in range(self.servers)]
        for index in range(self.servers):
            self.start_server(index)
        for port in self.ports:
            wait_for(f"http://127.0.0.1:{port}/healthz")
        self.nginx_port = free_port()
        self.nginx = start_nginx(self, self.nginx_port)
        wait_for(self.url + "/healthz")

    def stop(self) -> None:
        for process in [*self.processes, self.nginx]:
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in [*self.processes, self.nginx]:
            if process is not None:
                try:
                    process.wait(timeout=45)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)


def start_nginx(site: Site, port: int) -> subprocess.Popen:
    """nginx with the shipped configuration, proxying to every server of `site`."""
    nginx_dir = site.workdir / "nginx"
    nginx_dir.mkdir(exist_ok=True)
    static_root = site.environment.get("CINEMATHEQUE_STATIC_ROOT", "")
    printed = subprocess.run(
        cli(
            "deploy",
            "nginx",
            f"--listen=127.0.0.1:{port}",
            "--server-name=localhost",
            "--upstream=" + ",".join(f"127.0.0.1:{p}" for p in site.ports),
            f"--cache-dir={nginx_dir / 'cache'}",
            f"--static-root={static_root or nginx_dir}",
        ),
        env=site.environment,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    (nginx_dir / "site.conf").write_text(printed)
    (nginx_dir / "nginx.conf").write_text(
        f"""
worker_processes 2;
pid {nginx_dir}/nginx.pid;
error_log {nginx_dir}/error.log;
daemon off;
events {{ worker_connections 2048; }}
http {{
    access_log off;
    client_body_temp_path {nginx_dir}/body;
    proxy_temp_path {nginx_dir}/proxy;
    fastcgi_temp_path {nginx_dir}/fastcgi;
    uwsgi_temp_path {nginx_dir}/uwsgi;
    scgi_temp_path {nginx_dir}/scgi;
    include {nginx_dir}/site.conf;
}}
"""
    )
    return subprocess.Popen(
        ["nginx", "-c", str(nginx_dir / "nginx.conf"), "-p", str(nginx_dir)],
        start_new_session=True,
    )


def site_environment(
    data_dir: Path, *, database_url: str = "", cache_url: str = ""
) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(
        CINEMATHEQUE_DATA_DIR=str(data_dir),
        CINEMATHEQUE_STATIC_ROOT=str(data_dir.parent / "static"),
        SECRET_KEY="load-benchmark-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        JOBS_EMBEDDED_WORKER="0",
        DEBUG="0",
        PYTHONPATH=os.pathsep.join(
            [str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]
        ).rstrip(os.pathsep),
    )
    if database_url:
        environment["DATABASE_URL"] = database_url
    if cache_url:
        environment["CACHE_URL"] = cache_url
    return environment


# Reads what the load asks for from the site's own database, and makes members with
# sessions (made in the database: a log-in form per member would meet the log-in
# rate limit).
TARGETS = """
import json, random
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from cinematheque.catalogue.models import Film, Genre
from cinematheque.members.models import User
from cinematheque.people.models import Person
films = list(Film.objects.order_by('-notability').values_list('slug', 'title')[:300])
people = list(Person.objects.filter(credits__isnull=False).distinct()
              .order_by('pk').values_list('slug', flat=True)[:300])
genres = list(Genre.objects.values_list('slug', flat=True))
members = []
for n in range(MEMBERS):
    user, _ = User.objects.get_or_create(username=f'load-{n}')
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    members.append(session.session_key)
print(json.dumps({'films': films, 'people': people, 'genres': genres,
                  'members': members}))
"""


def targets(site: Site, members: int) -> dict:
    output = site.shell(TARGETS.replace("MEMBERS", str(members)))
    return json.loads(output.strip().splitlines()[-1])


def kind_requests(found: dict) -> dict[str, list[dict]]:
    """The requests of each kind: method, path, body, member session."""
    films = [slug for slug, _title in found["films"]] or ["none"]
    words = [title.split()[0] for _slug, title in found["films"] if title.split()]
    genres = found["genres"] or ["drama"]
    decades = ["1950", "1970", "1990", "2000"]
    members = found["members"]

    def get(paths: list[str]) -> list[dict]:
        return [{"method": "GET", "path": path} for path in paths]

    def member(index: int, path: str, body: str = "") -> dict:
        return {
            "method": "POST" if body else "GET",
            "path": path,
            "body": body,
            "session": members[index % len(members)],
        }

    return {
        "film page": get([f"/films/{slug}/" for slug in films]),
        "person page": get([f"/people/{slug}/" for slug in found["people"]]),
        "browse": get(
            [
                f"/films/?genre={genre}&decade={decade}&sort={sort}"
                for genre in genres
                for decade in decades
                for sort in ("-year", "title")
            ]
        ),
        "search": get(
            [f"/search/?q={word}" for word in words[:100]]
            + [f"/search/suggest/?q={word[:3]}" for word in words[:100]]
        ),
        "api": get(
            [f"/api/v1/films/by-slug/{slug}" for slug in films[:100]]
            + [f"/api/v1/films?genre={genre}&limit=20" for genre in genres]
        ),
        "member film page": [
            member(n, f"/personal/films/{slug}/") for n, slug in enumerate(films)
        ],
        "member rates": [
            member(n, f"/personal/films/{slug}/", json.dumps({"rating": 1 + n % 10}))
            for n, slug in enumerate(films * 3)
        ],
        "member watchlist": [
            member(
                n, f"/personal/films/{slug}/", json.dumps({"on_watchlist": n % 2 == 0})
            )
            for n, slug in enumerate(films * 3)
        ],
    }


def lua_table(requests: list[dict], csrf: str) -> str:
    """The requests as a Lua file wrk's scripts read (`load_lua/*.lua`)."""

    def quoted(text: str) -> str:
        # A JSON string of ASCII is a valid Lua string (LuaJIT has no \u escapes).
        return json.dumps(text)

    rows = []
    for request in requests:
        headers = {}
        if request.get("session"):
            headers["Cookie"] = f"sessionid={request['session']}; csrftoken={csrf}"
            headers["X-CSRFToken"] = csrf
        if request.get("body"):
            headers["Content-Type"] = "application/json"
        header_lua = ", ".join(
            f"[{quoted(k)}] = {quoted(v)}" for k, v in headers.items()
        )
        path = quote(request["path"], safe="/?=&-")
        rows.append(
            f"  {{method = {quoted(request['method'])}, path = {quoted(path)},"
            f" body = {quoted(request.get('body') or '')}, headers = {{{header_lua}}}}}"
        )
    return "return {\n" + ",\n".join(rows) + "\n}\n"


def start_wrk(
    url: str, kind: str, requests: list[dict], duration: int, workdir: Path
) -> subprocess.Popen:
    connections, pause_ms = KINDS[kind]
    name = re.sub(r"\W+", "-", kind)
    csrf = secrets.token_hex(16)  # 32 characters: a CSRF secret Django accepts
    data = workdir / f"{name}.requests.lua"
    data.write_text(lua_table(requests, csrf))
    environment = {
        **os.environ,
        "LOAD_REQUESTS": str(data),
        "LOAD_PAUSE_MS": str(pause_ms),
    }
    return subprocess.Popen(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(LUA / "kind.lua"),
            url,
        ],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def parse(kind: str, output: str) -> KindResult:
    found = re.search(r"^LOAD-RESULT (.*)$", output, re.MULTILINE)
    if not found:
        raise SystemExit(f"wrk gave no result for {kind}:\n{output}")
    data = json.loads(found.group(1))
    detail = {
        name: data[name]
        for name in ("connect", "read", "write", "timeout", "status")
        if data[name]
    }
    return KindResult(
        kind=kind,
        requests=data["requests"],
        rps=data["requests"] / max(data["seconds"], 1e-9),
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=sum(detail.values()),
        detail=detail,
        statuses=data["statuses"],
    )


def start_mixed(
    url: str, requests: dict[str, list[dict]], duration: int, workdir: Path
) -> dict[str, subprocess.Popen]:
    """Every kind at once for `duration` seconds, in the background."""
    return {
        kind: start_wrk(url, kind, requests[kind], duration, workdir)
        for kind in KINDS
        if requests.get(kind)
    }


def finish_mixed(running: dict[str, subprocess.Popen]) -> list[KindResult]:
    """Wait for the wrk processes of `start_mixed`; the result of each kind."""
    return [parse(kind, process.communicate()[0]) for kind, process in running.items()]


def run_mixed(
    url: str, requests: dict[str, list[dict]], duration: int, workdir: Path
) -> list[KindResult]:
    """Every kind at once for `duration` seconds; the result of each."""
    return finish_mixed(start_mixed(url, requests, duration, workdir))


def report(results: list[KindResult]) -> None:
    print(
        f"{'kind':<18} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'errors':>7}  detail"
    )
    for r in results:
        statuses = {f"HTTP {k}": v for k, v in sorted(r.statuses.items())}
        detail = ", ".join(
            f"{k} {v}" for k, v in {**r.detail, **statuses}.items() if k != "status"
        )
        print(
            f"{r.kind:<18} {r.requests:>9} {r.rps:>8.1f} {r.p50_ms:>8.1f} "
            f"{r.p99_ms:>8.1f} {r.errors:>7}  {detail}"
        )
    total = sum(r.requests for r in results)
    errors = sum(r.errors for r in results)
    print(f"{'all':<18} {total:>9} {'':>8} {'':>8} {'':>8} {errors:>7}")


def workdir(keep: Path | None) -> Path:
    return keep or Path(tempfile.mkdtemp(prefix="cinematheque-load-"))
