"""The background jobs' queue: how long `job_enqueue` takes in the caller, how long a
job waits from its enqueue to its end with an idle worker (latency), and how many
short jobs a worker finishes per second (throughput). A real `cinematheque worker`
runs in its own process on a fresh SQLite data directory with the production
settings; the jobs are search-index rebuilds of an empty catalogue (a few queries).

    python benchmarks/jobs.py [--jobs 100] [--queue redis://127.0.0.1:6379/5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=100)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--queue", default="", help="JOBS_URL (default: SQLite)")
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="cinematheque-bench-jobs-")
    Path(data_dir, "static").mkdir()
    os.environ.update(
        CINEMATHEQUE_DATA_DIR=data_dir,
        DJANGO_SETTINGS_MODULE="cinematheque.settings",
        JOBS_URL=args.queue,
    )
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    from cinematheque.jobs.queue import job_queue, queue_url
    from cinematheque.jobs.services import job_enqueue

    call_command("migrate", verbosity=0)
    job_queue().huey.flush()
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cinematheque",
            "worker",
            "--workers",
            str(args.workers),
        ],
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        warm = job_enqueue("search.rebuild")
        wait_done([warm.pk], timeout=120)

        latencies, enqueue_ms = [], []
        for _ in range(max(10, args.jobs // 5)):
            started = time.perf_counter()
            job = job_enqueue("search.rebuild")
            enqueue_ms.append((time.perf_counter() - started) * 1000)
            wait_done([job.pk], timeout=60, poll=0.005)
            latencies.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        ids = [job_enqueue("search.rebuild").pk for _ in range(args.jobs)]
        wait_done(ids, timeout=600)
        seconds = time.perf_counter() - started
    finally:
        worker.send_signal(2)
        worker.wait(timeout=60)
    print(f"queue: {queue_url()}; worker threads: {args.workers}")
    print(
        f"job_enqueue in the caller   n={len(enqueue_ms):<4} p50 "
        f"{statistics.median(enqueue_ms):6.2f} ms   p95 {percentile(enqueue_ms, 0.95):6.2f} ms"
    )
    print(
        f"enqueue → done, idle worker n={len(latencies):<4} p50 "
        f"{statistics.median(latencies):6.1f} ms   p95 {percentile(latencies, 0.95):6.1f} ms"
    )
    print(
        f"throughput                  {args.jobs} jobs in {seconds:.1f} s = "
        f"{args.jobs / seconds:.1f} jobs/s"
    )
    return 0


def wait_done(ids: list[int], *, timeout: float, poll: float = 0.05) -> None:
    from cinematheque.jobs.models import Job

    deadline = time.monotonic() + timeout
    while Job.objects.filter(pk__in=ids, state__in=["queued", "running"]).exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"jobs still pending after {timeout} s")
        time.sleep(poll)


if __name__ == "__main__":
    sys.exit(main())
