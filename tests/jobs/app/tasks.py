"""Jobs for the tests, registered like an app's (discovered when the app is
installed, imported by the tests otherwise)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from cinematheque.jobs.progress import report_progress
from cinematheque.jobs.registry import register


def write_steps(*, path: str, steps: int, pause: float = 0.0) -> dict:
    """Append the numbers 0 … steps-1 to a file, one a line, resuming after the
    lines already there (as an import resumes after what it committed). Every
    start is also noted in `path`.starts."""
    out = Path(path)
    with Path(f"{path}.starts").open("a") as starts:
        starts.write(f"{os.getpid()}\n")
    done = len(out.read_text().splitlines()) if out.exists() else 0
    with out.open("a") as lines:
        for step in range(done, steps):
            lines.write(f"{step}\n")
            lines.flush()
            os.fsync(lines.fileno())
            report_progress(step + 1, steps, "Writing steps")
            time.sleep(pause)
    return {"steps": steps}


def fail(*, message: str = "It went wrong") -> None:
    raise ValueError(message)


def count_calls(*, path: str) -> int:
    """Note one call in a file (to count how often a job ran)."""
    with Path(path).open("a") as calls:
        calls.write("call\n")
    return len(Path(path).read_text().splitlines())


register("tests.write_steps", write_steps, title="Write steps")
register("tests.fail", fail)
register("tests.fail_then_retry", fail, retries=2, retry_delay=0)
register("tests.count_calls", count_calls)
register("tests.by_path", "tests.jobs.app.tasks:count_calls")
