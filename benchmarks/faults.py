"""Faults during a mixed load, each with its observed effect: errors by kind and
how long the site took to recover.

    python benchmarks/faults.py [--duration 20] [--work-dir DIR] [--only NAME …]
        [--catalogue FILE]

Sets up its own services, so that it may stop them: a PostgreSQL cluster
(`initdb`, port 18532, in the work directory), a redis-server on port 18579, two
`cinematheque serve` behind the nginx of `cinematheque deploy nginx --upstream
…`, members with sessions; the catalogue is the tests' open-catalogue fixture
unless --catalogue names another. Each fault runs during `--duration` seconds of
the mixed load of load_mixed.py (wrk, one process per kind), injected 5 s in,
while a probe asks for a member's part of a film page (never cached) through nginx
every 0.1 s:

    worker-kill     SIGKILL to one gunicorn worker of server A
    server-sigterm  SIGTERM to server A behind nginx; started again once it exits
    lone-sigterm    SIGTERM to a server with no proxy, under 16 clients opening a
                    connection per request: answered, refused at connect (after
                    it closed its socket), reset after being accepted (none)
    redis-stop      the cache's Redis stopped for 8 s, then started (empty)
    postgres-restart  PostgreSQL stopped (fast shutdown) for 5 s, then started
    disk-full       `cinematheque init` (the bundled catalogue) on a 12 MB file
                    system, no load: its message, then the database's integrity
                    and which first-start steps were recorded as finished

Needs wrk, nginx, redis-server and PostgreSQL's server binaries (Debian:
postgresql-15); disk-full needs root and `unshare`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _load import (
    ROOT,
    Site,
    cli,
    finish_mixed,
    kind_requests,
    load_average,
    report,
    require,
    site_environment,
    start_mixed,
    targets,
    wait_for,
    workdir,
)

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_PORT = 18532
REDIS_PORT = 18579
INJECT_AFTER = 5.0


@dataclass
class Probe:
    """GET `url` every 0.1 s in a thread: (seconds since start, status, ms)."""

    url: str
    headers: dict[str, str]
    samples: list[tuple[float, int, float]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> None:
        self.started = time.monotonic()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while not self._stop.is_set():
            began = time.monotonic()
            request = urllib.request.Request(self.url, headers=self.headers)  # noqa: S310
            try:
                with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310
                    answer.read()
                    status = answer.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = 0  # no answer at all
            ended = time.monotonic()
            self.samples.append((began - self.started, status, (ended - began) * 1000))
            time.sleep(max(0.0, 0.1 - (ended - began)))

    def stop(self) -> None:
        self._stop.set()

    def summary(self, since: float) -> str:
        """Failures after `since` seconds, and when the probe was answered 200 again."""
        after = [s for s in self.samples if s[0] >= since]
        failed = [s for s in after if s[1] != 200]
        if not failed:
            slowest = max((s[2] for s in after), default=0.0)
            return f"probe: always 200 (slowest {slowest:.0f} ms)"
        statuses: dict[int, int] = {}
        for sample in failed:
            statuses[sample[1]] = statuses.get(sample[1], 0) + 1
        last_failure = max(s[0] for s in failed)
        back = next((s[0] for s in after if s[0] > last_failure and s[1] == 200), None)
        named = ", ".join(
            f"{'no answer' if k == 0 else k} x{v}" for k, v in sorted(statuses.items())
        )
        recovered = f"200 again at {back - since:.1f} s" if back else "not recovered"
        return (
            f"probe: {named} from {min(s[0] for s in failed) - since:.1f} s to "
            f"{last_failure - since:.1f} s after the fault; {recovered}"
        )


class Services:
    """The PostgreSQL cluster and the Redis server of this run."""

    def __init__(self, work: Path) -> None:
        self.pg_dir = work / "pg"
        self.redis_dir = work / "redis"
        self.redis: subprocess.Popen | None = None

    @property
    def database_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{PG_PORT}/cinematheque"

    @property
    def cache_url(self) -> str:
        return f"redis://127.0.0.1:{REDIS_PORT}/0"

    def _as_postgres(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True)

    def pg_ctl(self, action: str, *extra: str) -> None:
        self._as_postgres(
            str(PG_BIN / "pg_ctl"),
            action,
            "-D",
            str(self.pg_dir / "data"),
            "-w",
            *extra,
        )

    def start_postgres(self) -> None:
        fresh = not (self.pg_dir / "data").exists()
        if fresh:
            self.pg_dir.mkdir(parents=True, exist_ok=True)
            if os.geteuid() == 0:
                subprocess.run(["chown", "postgres", str(self.pg_dir)], check=True)
            self._as_postgres(
                str(PG_BIN / "initdb"), "-A", "trust", "-U", "postgres",
                "-D", str(self.pg_dir / "data"),
            )  # fmt: skip
        options = f"-p {PG_PORT} -k {self.pg_dir} -c listen_addresses=127.0.0.1"
        self.pg_ctl("start", "-o", options, "-l", str(self.pg_dir / "log"))
        if fresh:
            self._as_postgres(
                str(PG_BIN / "createdb"), "-h", "127.0.0.1",
                "-p", str(PG_PORT), "-U", "postgres", "cinematheque",
            )  # fmt: skip

    def stop_postgres(self) -> None:
        self.pg_ctl("stop", "-m", "fast")

    def start_redis(self) -> None:
        self.redis_dir.mkdir(parents=True, exist_ok=True)
        self.redis = subprocess.Popen(
            [
                "redis-server",
                *("--port", str(REDIS_PORT), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.redis_dir)),
            ],
            stdout=subprocess.DEVNULL,
        )
        time.sleep(0.5)

    def stop_redis(self) -> None:
        if self.redis is not None and self.redis.poll() is None:
            self.redis.terminate()
            self.redis.wait(timeout=10)

    def stop(self) -> None:
        self.stop_redis()
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop_postgres()


@dataclass
class Run:
    site: Site
    services: Services
    requests: dict[str, list[dict]]
    probe_url: str
    probe_headers: dict[str, str]
    duration: int
    work: Path


def under_load(run: Run, name: str, inject: Callable[[], str]) -> None:
    """The mixed load for `run.duration` s with `inject` called 5 s in; report."""
    print(f"\n== {name} (load average {load_average()})", flush=True)
    probe = Probe(run.probe_url, run.probe_headers)
    running = start_mixed(run.site.url, run.requests, run.duration, run.work)
    probe.start()
    time.sleep(INJECT_AFTER)
    fault_at = time.monotonic() - probe.started
    note = inject()
    results = finish_mixed(running)
    probe.stop()
    report(results)
    print(note)
    print(probe.summary(fault_at))


def server_pid(run: Run, index: int) -> int:
    return run.site.processes[index].pid


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def worker_kill(run: Run) -> str:
    master = server_pid(run, 0)
    before = set(worker_pids(master))
    victim = min(before)
    os.kill(victim, signal.SIGKILL)
    began = time.monotonic()
    while not set(worker_pids(master)) - before:  # its replacement
        time.sleep(0.02)
    return (
        f"killed worker {victim}; gunicorn started another in "
        f"{time.monotonic() - began:.2f} s"
    )


def server_sigterm(run: Run) -> str:
    process = run.site.processes[0]
    began = time.monotonic()
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=60)
    stopped = time.monotonic() - began
    run.site.start_server(0)
    wait_for(f"http://127.0.0.1:{run.site.ports[0]}/healthz")
    return (
        f"server A stopped {stopped:.2f} s after SIGTERM (exit {process.returncode}),"
        f" serving again {time.monotonic() - began:.1f} s after it"
    )


def redis_stop(run: Run) -> str:
    run.services.stop_redis()
    time.sleep(8)
    run.services.start_redis()
    return "Redis stopped for 8 s, then started again (empty)"


def postgres_restart(run: Run) -> str:
    began = time.monotonic()
    run.services.stop_postgres()
    stopped = time.monotonic() - began
    time.sleep(5)
    run.services.start_postgres()
    return (
        f"PostgreSQL stopped in {stopped:.1f} s, started again "
        f"{time.monotonic() - began:.1f} s after the fault"
    )


@dataclass
class Tally:
    answered: int = 0
    refused: int = 0  # at connect: the port was closed
    reset: int = 0  # connected and sent, then reset or closed without an answer
    other: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, outcome: str) -> None:
        with self.lock:
            setattr(self, outcome, getattr(self, outcome) + 1)


def one_request(port: int, path: str) -> str:
    """One request on a new connection: its outcome's name."""
    try:
        connection = socket.create_connection(("127.0.0.1", port), timeout=10)
    except ConnectionRefusedError:
        return "refused"
    except OSError:
        return "other"
    with connection:
        try:
            connection.sendall(
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Connection: close\r\n\r\n".encode()
            )
            head = connection.recv(12)
            while connection.recv(65536):
                pass
        except (ConnectionResetError, BrokenPipeError):
            return "reset"
        except OSError:
            return "other"
    if head.startswith(b"HTTP/1.1 200"):
        return "answered"
    return "reset" if not head else "other"


def lone_sigterm(run: Run) -> None:
    """A server alone (no nginx) under 16 clients each opening a connection per
    request, then SIGTERM: how each request ended."""
    print(f"\n== lone-sigterm (load average {load_average()})", flush=True)
    site = run.site
    port = site.ports[1]
    paths = [r["path"] for r in run.requests["browse"]]
    tally, stopping = Tally(), threading.Event()

    def client(offset: int) -> None:
        n = offset
        while not stopping.is_set():
            tally.count(one_request(port, paths[n % len(paths)]))
            n += 1

    clients = [
        threading.Thread(target=client, args=(n,), daemon=True) for n in range(16)
    ]
    for thread in clients:
        thread.start()
    time.sleep(INJECT_AFTER)
    before = tally.answered
    process = site.processes[1]
    began = time.monotonic()
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=60)
    stopped = time.monotonic() - began
    time.sleep(1)
    stopping.set()
    for thread in clients:
        thread.join(timeout=15)
    print(
        f"server B exit status {process.returncode}, {stopped:.2f} s after SIGTERM; "
        f"requests answered {tally.answered} ({tally.answered - before} of them "
        f"after SIGTERM was sent), refused at connect {tally.refused}, reset after "
        f"being accepted {tally.reset}, other {tally.other}"
    )
    site.start_server(1)
    wait_for(f"http://127.0.0.1:{site.ports[1]}/healthz")


CHECK_DISK = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print("integrity:", db.execute("PRAGMA integrity_check").fetchone()[0])
print("films:", db.execute("SELECT count(*) FROM catalogue_film").fetchone()[0])
print("steps:", db.execute(
    "SELECT name, finished_at IS NOT NULL FROM ingest_loadstep").fetchall())
"""


def disk_full(work: Path) -> None:
    """`init` (the bundled catalogue: 17,472 films, far more than 12 MB) on a 12 MB
    tmpfs in a private mount namespace, then the database's checks."""
    print(f"\n== disk-full (load average {load_average()})", flush=True)
    data = work / "tiny-disk"
    data.mkdir(exist_ok=True, mode=0o700)
    environment = site_environment(data)
    environment["CINEMATHEQUE_STATIC_ROOT"] = str(work / "tiny-static")
    database = data / "cinematheque.sqlite3"
    script = (
        f'mount -t tmpfs -o size=12m,mode=700 tmpfs "$0" && cd {ROOT} && '
        f"{' '.join(cli('init'))}; echo exit status $?; "
        f"{sys.executable} -c '{CHECK_DISK}' {database}; df -h \"$0\" | tail -1"
    )
    began = time.monotonic()
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script, str(data)],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    print(f"({time.monotonic() - began:.1f} s)")
    print(done.stdout.strip())
    print("stderr:", done.stderr.strip()[-600:])


FAULTS: dict[str, Callable[[Run], str]] = {
    "worker-kill": worker_kill,
    "server-sigterm": server_sigterm,
    "redis-stop": redis_stop,
    "postgres-restart": postgres_restart,
}


def parser() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--duration", type=int, default=20, help="seconds (20)")
    options.add_argument("--work-dir", type=Path, help="keep the services here")
    options.add_argument("--catalogue", type=Path, help="open-catalogue file")
    options.add_argument(
        "--only",
        nargs="*",
        choices=[*FAULTS, "lone-sigterm", "disk-full"],
        help="these faults only",
    )
    return options


def fixture_catalogue(work: Path) -> Path:
    sys.path.insert(0, str(ROOT))
    from tests.ingest.conftest import load_fixture, write_catalogue

    path = work / "movies.db"
    return path if path.exists() else write_catalogue(path, load_fixture())


def main() -> None:
    args = parser().parse_args()
    require("wrk", "nginx", "redis-server")
    work = workdir(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    chosen = args.only or [*FAULTS, "lone-sigterm", "disk-full"]
    catalogue = args.catalogue or fixture_catalogue(work)
    if "disk-full" in chosen:
        disk_full(work)
    if not set(chosen) - {"disk-full"}:
        return
    services = Services(work)
    services.start_postgres()
    services.start_redis()
    environment = site_environment(
        work / "data", database_url=services.database_url, cache_url=services.cache_url
    )
    site = Site(work, environment, servers=2, workers=2, threads=4)
    try:
        site.init(catalogue)
        site.start()
        found = targets(site, 100)
        requests = kind_requests(found)
        probe = requests["member film page"][0]
        run = Run(
            site=site,
            services=services,
            requests=requests,
            probe_url=site.url + probe["path"],
            probe_headers={"Cookie": f"sessionid={probe['session']}"},
            duration=args.duration,
            work=work,
        )
        for name, inject in FAULTS.items():
            if name in chosen:
                under_load(run, name, lambda inject=inject: inject(run))
        if "lone-sigterm" in chosen:
            lone_sigterm(run)
    finally:
        site.stop()
        services.stop()


if __name__ == "__main__":
    main()
