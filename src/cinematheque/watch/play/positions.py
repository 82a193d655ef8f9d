"""Where each member stopped in each file: saved by the player every few seconds and
on pause, read to resume, and listed as "Continue watching" on the home page."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from cinematheque.watch.models import MediaFile, PlaybackPosition

FINISHED_SHARE = 0.05
FINISHED_SECONDS = 120.0
CONTINUE_WATCHING_LIMIT = 12


class PositionError(ValueError):
    """A position the player sent that cannot be saved (a 400)."""


def is_finished(position: float, duration: float | None) -> bool:
    """Whether the member reached the end: within the last 5 % or the last two
    minutes (credits), whichever is longer."""
    if not duration:
        return False
    return duration - position <= max(duration * FINISHED_SHARE, FINISHED_SECONDS)


def _seconds(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PositionError(f"{name} must be a number of seconds.")
    seconds = float(value)
    if not math.isfinite(seconds) or seconds < 0:
        raise PositionError(f"{name} must be a positive number of seconds.")
    return seconds


@transaction.atomic
def position_save(
    *, user: Any, media_file: MediaFile, position: Any, duration: Any = None
) -> PlaybackPosition:
    """Store where `user` is in `media_file` (seconds), and whether that is the end.
    PositionError for a value that is not a number of seconds within the file."""
    seconds = _seconds(position, "position")
    total = None if duration is None else _seconds(duration, "duration")
    if total is not None and total == 0:
        total = None
    if total is not None and seconds > total + 1:
        raise PositionError("position must not be after the end (duration).")
    total = total or media_file.duration
    saved, _ = PlaybackPosition.objects.update_or_create(
        user=user,
        media_file=media_file,
        defaults={
            "position": min(seconds, total) if total else seconds,
            "duration": total,
            "finished": is_finished(seconds, total),
        },
    )
    return saved


def position_of(user: Any, media_file: MediaFile) -> PlaybackPosition | None:
    return PlaybackPosition.objects.filter(user=user, media_file=media_file).first()


@dataclass(frozen=True)
class InProgress:
    film: Any
    position: PlaybackPosition

    @property
    def percent(self) -> int:
        if not self.position.duration:
            return 0
        return round(100 * self.position.position / self.position.duration)


def continue_watching(
    user: Any, limit: int = CONTINUE_WATCHING_LIMIT
) -> list[InProgress]:
    """The films `user` started and did not finish, most recently watched first (one
    entry per film: its latest file)."""
    positions = (
        PlaybackPosition.objects.filter(
            user=user, finished=False, position__gt=0, media_file__film__isnull=False
        )
        .select_related("media_file__film")
        .order_by("-updated_at")
    )
    seen: set[int] = set()
    entries = []
    for position in positions[: limit * 4]:
        film = position.media_file.film
        if film is None or film.pk in seen:
            continue
        seen.add(film.pk)
        entries.append(InProgress(film=film, position=position))
        if len(entries) == limit:
            break
    return entries
