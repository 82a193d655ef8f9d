"""What the player on a film page offers a member: the film's files on this server
(several versions or parts are a choice), each with its subtitles, technical details
and where the member stopped."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.formats import number_format

from cinematheque.watch.models import MediaFile
from cinematheque.watch.play.access import may_download
from cinematheque.watch.play.paths import folder_root, media_path
from cinematheque.watch.play.positions import position_of
from cinematheque.watch.play.streaming import content_type_of
from cinematheque.watch.play.subtitles import Subtitle, subtitles_beside

# Containers and codecs that browsers' <video> usually cannot play: the player asks
# the browser (canPlayType) before loading them and explains when it cannot.
DOUBTFUL_CONTAINERS = {"matroska", "avi", "asf", "flv", "mpeg-ts"}
DOUBTFUL_VIDEO_CODECS = {"hevc", "mpeg4", "msmpeg4v3", "wmv3", "mpeg2video", "vc1"}
CODEC_NAMES = {
    "h264": "H.264", "hevc": "HEVC (H.265)", "vp8": "VP8", "vp9": "VP9", "av1": "AV1",
    "aac": "AAC", "opus": "Opus", "vorbis": "Vorbis", "mp3": "MP3", "ac3": "Dolby Digital",
    "eac3": "Dolby Digital Plus", "dts": "DTS", "flac": "FLAC", "mpeg4": "MPEG-4 Part 2",
}  # fmt: skip
CONTAINER_NAMES = {
    "mp4": "MP4", "matroska": "Matroska (MKV)", "webm": "WebM", "avi": "AVI",
    "mpeg-ts": "MPEG-TS", "ogg": "Ogg", "asf": "ASF (WMV)", "flv": "Flash video",
}  # fmt: skip


@dataclass
class PlayerTrack:
    url: str
    language: str
    label: str
    forced: bool


@dataclass
class PlayerFile:
    media_file: MediaFile
    label: str
    stream_url: str
    position_url: str
    content_type: str
    download_url: str | None
    position: float
    duration: float | None
    tracks: list[PlayerTrack] = field(default_factory=list)

    @property
    def container_name(self) -> str:
        container = self.media_file.container
        if not container:
            suffix = PurePosixPath(self.media_file.relative_path).suffix
            return suffix.lstrip(".").upper()
        return CONTAINER_NAMES.get(container, container)

    @property
    def video_codec_name(self) -> str:
        codec = self.media_file.video_codec
        return CODEC_NAMES.get(codec, codec.upper())

    @property
    def audio_codec_name(self) -> str:
        codec = self.media_file.audio_codec
        return CODEC_NAMES.get(codec, codec.upper())

    @property
    def resolution(self) -> str:
        media_file = self.media_file
        if not (media_file.width and media_file.height):
            return ""
        return f"{media_file.width}\N{MULTIPLICATION SIGN}{media_file.height}"

    @property
    def doubtful(self) -> bool:
        """Whether browsers may well be unable to play it."""
        media_file = self.media_file
        suffix = PurePosixPath(media_file.relative_path).suffix.lower()
        return (
            media_file.container in DOUBTFUL_CONTAINERS
            or media_file.video_codec in DOUBTFUL_VIDEO_CODECS
            or (not media_file.container and suffix in {".mkv", ".avi", ".wmv"})
        )

    @property
    def codecs_parameter(self) -> str:
        """A `codecs` parameter for canPlayType, for the codecs known to need one."""
        known = {
            "hevc": "hvc1.1.6.L93.B0",
            "h264": "avc1.42E01E",
            "vp9": "vp09.00.10.08",
        }
        known |= {"aac": "mp4a.40.2", "opus": "opus", "av1": "av01.0.05M.08"}
        codecs = [
            known[codec]
            for codec in (self.media_file.video_codec, self.media_file.audio_codec)
            if codec in known
        ]
        return ", ".join(codecs)


def clock(seconds: float | None) -> str:
    """12:34 or 1:02:03."""
    total = int(seconds or 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def human_size(size: int) -> str:
    for unit, factor in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if size >= factor:
            return f"{number_format(size / factor, 1)} {unit}"
    return f"{size} bytes"


def human_duration(seconds: float | None) -> str:
    """A running time as people say it: "2 h 50 min", "12 min", or "20 s" for a
    clip shorter than a minute (not "0 min")."""
    if (seconds or 0) < 59.5:
        return f"{round(seconds or 0)} s"
    minutes = round((seconds or 0) / 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def _features_of(film: Any) -> QuerySet[MediaFile]:
    return MediaFile.objects.filter(
        film=film,
        status=MediaFile.Status.MATCHED,
        kind=MediaFile.Kind.FEATURE,
        folder__enabled=True,
    )


def playable_files(film: Any) -> list[MediaFile]:
    """The film's matched feature files in enabled library folders."""
    return list(
        _features_of(film)
        .select_related("folder")
        .order_by("edition", "part", "relative_path")
    )


def has_playable_files(film: Any) -> bool:
    return _features_of(film).exists()


def _label(media_file: MediaFile, several: bool) -> str:
    if media_file.edition and media_file.part:
        return f"{media_file.edition}, part {media_file.part}"
    if media_file.edition:
        return media_file.edition
    if media_file.part:
        return f"Part {media_file.part}"
    return PurePosixPath(media_file.relative_path).name if several else "The film"


def _track(media_file: MediaFile, number: int, subtitle: Subtitle) -> PlayerTrack:
    return PlayerTrack(
        url=reverse("watch:subtitle", args=[media_file.pk, number]),
        language=subtitle.language,
        label=subtitle.label,
        forced=subtitle.forced,
    )


def player_files(user: Any, film: Any) -> list[PlayerFile]:
    """What the film page's player offers `user` (who may play) for `film`: files
    missing from disk are left out."""
    files = playable_files(film)
    downloads = may_download(user)
    offered = []
    for media_file in files:
        try:
            path = media_path(media_file)
        except Http404:
            continue
        subtitles = subtitles_beside(path, folder_root(media_file))
        saved = position_of(user, media_file)
        resume_at = saved.position if saved and not saved.finished else 0.0
        offered.append(
            PlayerFile(
                media_file=media_file,
                label=_label(media_file, several=len(files) > 1),
                stream_url=reverse("watch:stream", args=[media_file.pk]),
                position_url=reverse("watch:position", args=[media_file.pk]),
                content_type=content_type_of(path),
                download_url=(
                    reverse("watch:download", args=[media_file.pk])
                    if downloads
                    else None
                ),
                position=resume_at,
                duration=media_file.duration or (saved.duration if saved else None),
                tracks=[
                    _track(media_file, number, subtitle)
                    for number, subtitle in enumerate(subtitles, start=1)
                ],
            )
        )
    return offered
