"""Technical details of a video file from ffprobe (Debian's ffmpeg), when it is
installed: container, codecs, picture size and duration. Without ffprobe, or for a
file it cannot read, the fields simply stay empty."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.http import Http404
from django.utils import timezone

from cinematheque.watch.models import LibraryFolder, MediaFile
from cinematheque.watch.play.paths import media_path

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 30
PROBE_WORKERS = min(4, os.cpu_count() or 1)
PROBED_FIELDS = [
    "container",
    "video_codec",
    "audio_codec",
    "width",
    "height",
    "duration",
]
# ffprobe's format_name lists every name of a demuxer; the one people know.
CONTAINER_NAMES = {
    "mov,mp4,m4a,3gp,3g2,mj2": "mp4",
    "matroska,webm": "matroska",
    "avi": "avi",
    "mpegts": "mpeg-ts",
    "ogg": "ogg",
    "asf": "asf",
    "flv": "flv",
}


def probe(path: str) -> dict[str, Any] | None:
    """ffprobe's JSON (format and streams) of the file at `path`, or None when
    ffprobe is missing, fails, or takes longer than TIMEOUT_SECONDS."""
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        return None
    command = [ffprobe, "-v", "error", "-print_format", "json"]
    command += ["-show_format", "-show_streams", "--", path]
    try:
        result = subprocess.run(  # noqa: S603 - fixed program, path as one argument
            command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        logger.warning("ffprobe failed on %s: %s", path, error)
        return None
    if result.returncode != 0:
        return None
    try:
        data = json.loads(result.stdout)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def technical_details(data: dict[str, Any], name: str) -> dict[str, Any]:
    """The MediaFile fields that ffprobe's JSON fills."""
    file_format = data.get("format") or {}
    streams = data.get("streams") or []
    video = _first_stream(streams, "video")
    audio = _first_stream(streams, "audio")
    container = CONTAINER_NAMES.get(file_format.get("format_name", ""), "")
    if container == "matroska" and name.lower().endswith(".webm"):
        container = "webm"
    return {
        "container": container or str(file_format.get("format_name", ""))[:40],
        "video_codec": str(video.get("codec_name", ""))[:40],
        "audio_codec": str(audio.get("codec_name", ""))[:40],
        "width": _positive_int(video.get("width")),
        "height": _positive_int(video.get("height")),
        "duration": _duration(file_format.get("duration")),
    }


def _first_stream(streams: list[Any], kind: str) -> dict[str, Any]:
    for stream in streams:
        if not isinstance(stream, dict) or stream.get("codec_type") != kind:
            continue
        if (stream.get("disposition") or {}).get("attached_pic"):
            continue  # a cover image, not the film
        return stream
    return {}


def _positive_int(value: Any) -> int | None:
    return value if isinstance(value, int) and value > 0 else None


def _duration(value: Any) -> float | None:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return seconds if seconds > 0 else None


def probe_media_file(media_file: MediaFile) -> bool:
    """Fill the file's technical details from ffprobe (the library scan does this,
    through `probe_pending_files`, for new or changed files). False when ffprobe is
    missing (nothing changes: the file waits until it is installed), when the file
    is gone, or when ffprobe cannot read it (the details stay empty and `probed_at`
    records the attempt, so that rescans do not run ffprobe on it again until the
    file changes)."""
    if shutil.which("ffprobe") is None:
        return False
    try:
        path = media_path(media_file)
    except Http404:  # gone from disk, or outside its folder
        return False
    return _store_details(media_file, path, probe(path))


def probe_pending_files(folders: Sequence[LibraryFolder] | None = None) -> int:
    """Run ffprobe on the feature files of these folders (default: every enabled
    one) that were never probed since they were found or changed; empty files have
    nothing to read and are left alone. Returns how many files ffprobe read. Does
    nothing without ffprobe. Called by `scan_libraries` after each scan.

    ffprobe runs in PROBE_WORKERS processes at once (its start-up, about 0.1 s of
    CPU, is most of its time on a film's headers); the rows are written here, in
    the caller's thread."""
    if shutil.which("ffprobe") is None:
        return 0
    pending = MediaFile.objects.filter(
        probed_at__isnull=True,
        size__gt=0,
        kind=MediaFile.Kind.FEATURE,
        folder__enabled=True,
    ).select_related("folder")
    if folders is not None:
        pending = pending.filter(folder__in=folders)
    located = []
    for media_file in pending.iterator():
        try:
            located.append((media_file, media_path(media_file)))
        except Http404:  # gone since the scan, or outside its folder
            continue
    with ThreadPoolExecutor(max_workers=PROBE_WORKERS) as pool:
        answers = pool.map(probe, [path for _, path in located])
        return sum(
            _store_details(media_file, path, data)
            for (media_file, path), data in zip(located, answers, strict=True)
        )


def _store_details(media_file: MediaFile, path: str, data: dict | None) -> bool:
    details = technical_details(data, path) if data is not None else {}
    for field in PROBED_FIELDS:
        value = details.get(field)
        setattr(media_file, field, value if value is not None else _empty(field))
    media_file.probed_at = timezone.now()
    media_file.save(update_fields=[*PROBED_FIELDS, "probed_at", "updated_at"])
    return data is not None


def empty_details() -> dict[str, Any]:
    """The probed fields of a file not probed yet (a new or changed file)."""
    return {field: _empty(field) for field in PROBED_FIELDS} | {"probed_at": None}


def _empty(field: str) -> Any:
    return None if field in {"width", "height", "duration"} else ""
