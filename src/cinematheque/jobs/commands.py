"""Run a management command as (part of) a job: its output is kept as the job's
result, and each line it writes becomes the job's progress message."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command

from cinematheque.jobs.progress import current_job_id, report_progress, reported

OUTPUT_KEPT = 40  # lines of output in the job's result


class _ProgressStream(io.StringIO):
    def write(self, text: str) -> int:
        line = text.strip().splitlines()[-1:] if text.strip() else []
        if line and current_job_id() is not None:
            done, total = reported()
            report_progress(done, total, line[0])
        return super().write(text)


def command_run(name: str, *args: str, **options: Any) -> dict[str, Any]:
    """Call a management command with verbosity 1 and return its output's last
    lines, `{"command": …, "output": […], "errors": […]}`. A CommandError is
    raised as it is: the job fails with its message."""
    stdout, stderr = _ProgressStream(), io.StringIO()
    options.setdefault("verbosity", 1)
    call_command(name, *args, stdout=stdout, stderr=stderr, **options)
    return {
        "command": " ".join([name, *args]),
        "output": stdout.getvalue().splitlines()[-OUTPUT_KEPT:],
        "errors": [
            line
            for line in stderr.getvalue().splitlines()
            if line.strip() and not line.startswith(("\r", "\x1b"))
        ][-OUTPUT_KEPT:],
    }
