"""Small videos generated with Debian's ffmpeg for the player's tests (never large
files in git), and library rows pointing at files in a temporary folder."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from cinematheque.watch.models import LibraryFolder, MediaFile

FFMPEG = shutil.which("ffmpeg")


def make_media_file(
    folder: LibraryFolder, relative_path: str, data: bytes | None = None, **fields
) -> MediaFile:
    """A MediaFile row for `relative_path` below `folder` (written with `data` when
    given; an existing file is kept)."""
    path = Path(folder.path, relative_path)
    if data is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    stat = path.stat() if path.exists() else None
    fields.setdefault("status", MediaFile.Status.MATCHED)
    return MediaFile.objects.create(
        folder=folder,
        relative_path=relative_path,
        size=stat.st_size if stat else 0,
        mtime=stat.st_mtime if stat else 0,
        **fields,
    )


def generate_mp4(path: Path, seconds: int = 6) -> Path:
    """H.264/AAC, 320 by 240, a few dozen KB (the brief's command line)."""
    return _ffmpeg(
        path,
        f"testsrc=duration={seconds}:size=320x240:rate=25",
        f"sine=duration={seconds}",
        ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"],
    )


def generate_webm(path: Path, seconds: int = 300) -> Path:
    """VP9/Opus, small and long enough to stop before the end (a few hundred KB):
    Debian's Chromium plays it without proprietary codecs."""
    return _ffmpeg(
        path,
        f"testsrc=duration={seconds}:size=160x120:rate=5",
        f"sine=duration={seconds}",
        [
            *("-c:v", "libvpx-vp9", "-b:v", "40k", "-deadline", "realtime"),
            *("-cpu-used", "8", "-g", "25"),
            *("-c:a", "libopus", "-b:a", "12k"),
        ],
    )


def _ffmpeg(path: Path, video: str, audio: str, codecs: list[str]) -> Path:
    assert FFMPEG, "ffmpeg is not installed (./dev test installs it)"
    path.parent.mkdir(parents=True, exist_ok=True)
    inputs = ["-f", "lavfi", "-i", video, "-f", "lavfi", "-i", audio]
    subprocess.run(  # noqa: S603 - fixed program and arguments
        [FFMPEG, "-v", "error", "-y", *inputs, *codecs, str(path)],
        check=True,
        env={**os.environ, "AV_LOG_FORCE_NOCOLOR": "1"},
    )
    return path
