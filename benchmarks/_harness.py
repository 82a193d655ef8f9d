"""What the in-process page benchmarks share: a Django set up on a fresh data
directory, timing, and percentiles."""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(data_dir: Path) -> None:
    """Django on `data_dir` (migrated, static files collected), answering the test
    client's host."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["CINEMATHEQUE_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cinematheque.settings")
    os.environ.setdefault("DEBUG", "0")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def percentiles(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (
        f"p50 {statistics.median(ordered):7.2f} ms  p95 {p95:7.2f} ms  "
        f"max {ordered[-1]:7.2f} ms  (n={len(ordered)})"
    )


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000
