"""Run a worker: execute the queued jobs and the periodic schedules.

    cinematheque worker [--workers N] [--processes]
    cinematheque manage run_worker [--workers N] [--processes] [--no-periodic]

At its start, the jobs that a dead worker of this machine left running are queued
again. SIGINT stops gracefully (running jobs finish); SIGTERM interrupts them, and
they run again on the next start.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from huey.constants import WORKER_PROCESS, WORKER_THREAD

from cinematheque.jobs.queue import job_queue, queue_url
from cinematheque.jobs.services import jobs_requeue_orphaned, jobs_requeue_stale


class Command(BaseCommand):
    help = "Run a background-jobs worker (Huey consumer) until interrupted."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help="jobs run at once (default %(default)s)",
        )
        parser.add_argument(
            "--processes",
            action="store_true",
            help="run each worker in its own process rather than a thread",
        )
        parser.add_argument(
            "--no-periodic",
            action="store_true",
            help="don't enqueue the scheduled jobs from this worker",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"] < 1:
            raise CommandError("--workers must be at least 1.")
        queue = job_queue()
        if queue.huey.immediate:
            raise CommandError(
                "JOBS_URL=immediate: runs jobs where they are enqueued; a worker "
                "needs a queue (unset JOBS_URL, or a redis:// or sqlite:/// one)."
            )
        verbosity = options["verbosity"]
        if verbosity >= 1:
            logging.getLogger("huey").setLevel(logging.INFO)
            logging.getLogger("cinematheque.jobs").setLevel(logging.INFO)
            self.stdout.write(f"Queue: {_redacted(queue_url())}")
            for name, schedule in sorted(queue.schedules.items()):
                self.stdout.write(f"Schedule: {name} at {schedule!r}")
        requeued = jobs_requeue_orphaned() + jobs_requeue_stale()
        if requeued and verbosity >= 1:
            self.stdout.write(
                f"Queued again {len(requeued)} job(s) a stopped worker left running."
            )
        # Worker threads and forked processes open their own connections.
        connections.close_all()
        consumer = queue.huey.create_consumer(
            workers=options["workers"],
            worker_type=WORKER_PROCESS if options["processes"] else WORKER_THREAD,
            periodic=not options["no_periodic"],
            # Poll an empty SQLite queue at most every 2 s (Redis blocks instead).
            max_delay=2.0,
        )
        consumer.run()


def _redacted(url: str) -> str:
    """The queue's address without a password."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url
