"""Filters of the player's templates: `{{ seconds|clock }}` (12:34, 1:02:03),
`{{ bytes|file_size }}` (1.2 GB) and `{{ seconds|running_time }}` (2 h 50 min)."""

from __future__ import annotations

from cinematheque.watch.play.player import clock as clock_text
from cinematheque.watch.play.player import human_duration, human_size


def clock(seconds: float | None) -> str:
    return clock_text(seconds)


def file_size(size: int) -> str:
    return human_size(size or 0)


def running_time(seconds: float | None) -> str:
    return human_duration(seconds)


FILTERS = {
    "clock": clock,
    "file_size": file_size,
    "running_time": running_time,
}
