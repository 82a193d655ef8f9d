"""Subtitle files beside a video (`Heat.en.srt`, `Heat.fr.forced.srt`, `Heat.vtt`), and
SubRip converted to WebVTT, the only format browsers' <track> elements read."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf.locale import LANG_INFO

from cinematheque.watch.play.paths import is_inside

SUBTITLE_EXTENSIONS = (".srt", ".vtt")
# A feature film's subtitles are 50-200 KB; a larger "subtitle" is something else,
# and is neither listed nor read into memory.
MAX_SUBTITLE_BYTES = 5 * 1024 * 1024
# ISO 639-2 codes media servers write (B and T forms) for the LANG_INFO languages.
THREE_LETTER = {
    "eng": "en", "fre": "fr", "fra": "fr", "ger": "de", "deu": "de", "spa": "es",
    "ita": "it", "por": "pt", "dut": "nl", "nld": "nl", "swe": "sv", "dan": "da",
    "nor": "nb", "nob": "nb", "fin": "fi", "pol": "pl", "rus": "ru", "jpn": "ja",
    "chi": "zh-hans", "zho": "zh-hans", "kor": "ko", "ara": "ar", "heb": "he",
    "gre": "el", "ell": "el", "tur": "tr", "cze": "cs", "ces": "cs", "hun": "hu",
    "rum": "ro", "ron": "ro", "ukr": "uk", "hin": "hi", "tha": "th", "vie": "vi",
}  # fmt: skip
FLAG_LABELS = {"forced": "forced", "sdh": "SDH", "cc": "SDH", "hi": "SDH"}
_TIMESTAMP = re.compile(r"(\d{1,3}):(\d{1,2}):(\d{1,2})[,.](\d{1,3})")
_TIMING = re.compile(rf"^\s*{_TIMESTAMP.pattern}\s*-->\s*{_TIMESTAMP.pattern}")


class SubtitleError(ValueError):
    """The file is not a subtitle text (too large, or binary)."""


@dataclass(frozen=True)
class Subtitle:
    path: str
    language: str
    """A BCP 47 code for <track srclang>, or ""."""
    label: str
    forced: bool


def subtitles_beside(video_path: str, root: str) -> list[Subtitle]:
    """The subtitle files beside the video at `video_path` whose name starts with the
    video's stem, in name order (their number in URLs), each confined to `root`."""
    directory, name = os.path.split(video_path)
    stem = PurePosixPath(name).stem
    found = []
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError:
        return []
    for entry in entries:
        sidecar = PurePosixPath(entry.name)
        if sidecar.suffix.lower() not in SUBTITLE_EXTENSIONS:
            continue
        middle = entry.name[len(stem) : -len(sidecar.suffix)]
        if not entry.name.startswith(stem) or (middle and not middle.startswith(".")):
            continue
        real = os.path.realpath(entry.path)
        if not is_inside(real, root) or not os.path.isfile(real):
            continue
        if os.path.getsize(real) > MAX_SUBTITLE_BYTES:
            continue
        found.append(subtitle_from_tags(real, middle.split(".")[1:]))
    return found


def subtitle_from_tags(path: str, tags: list[str]) -> Subtitle:
    """A subtitle's language and label from the name's tags (`en`, `fr.forced`)."""
    language, label, flags = "", "", []
    for tag in (tag.lower() for tag in tags):
        if tag in FLAG_LABELS:
            flags.append(FLAG_LABELS[tag])
        elif not language and language_name(tag):
            language = THREE_LETTER.get(tag, tag)
            label = language_name(tag)
    label = label or "Subtitles"
    if flags:
        label = f"{label} ({', '.join(flags)})"
    return Subtitle(path=path, language=language, label=label, forced="forced" in flags)


def language_name(code: str) -> str:
    """The language's name in itself (`fr` → Français), or "" for an unknown code."""
    info = LANG_INFO.get(THREE_LETTER.get(code, code))
    if info and "fallback" in info:
        info = LANG_INFO.get(info["fallback"][0])
    if not info:
        return ""
    name = str(info["name_local"])
    return name[:1].upper() + name[1:]


def decode_subtitle(data: bytes) -> str:
    """Text of a subtitle file: UTF-8 (with or without BOM), else Windows-1252 (the
    usual encoding of older SubRip files), with line ends made `\\n`."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def srt_to_vtt(text: str) -> str:
    """WebVTT of a SubRip text: the header, `.` for `,` in timestamps (padded to
    HH:MM:SS.mmm), SubRip's position coordinates dropped; cue numbers are kept as
    cue identifiers. Blocks without a timing line are left out."""
    cues = []
    for block in re.split(r"\n\s*\n", text.strip("\n\ufeff")):
        lines = [line.rstrip() for line in block.strip("\n").split("\n")]
        timing_at = next(
            (i for i, line in enumerate(lines[:2]) if _TIMING.match(line)), None
        )
        if timing_at is None:
            continue
        start, end = _TIMESTAMP.findall(lines[timing_at])[:2]
        body = [line for line in lines[timing_at + 1 :] if "-->" not in line]
        identifier = lines[:timing_at]
        cues.append(
            "\n".join([*identifier, f"{_vtt_time(start)} --> {_vtt_time(end)}", *body])
        )
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def _vtt_time(parts: tuple[str, ...]) -> str:
    hours, minutes, seconds, millis = parts
    return (
        f"{int(hours):02d}:{int(minutes):02d}:{int(seconds):02d}.{millis.ljust(3, '0')}"
    )


def as_webvtt(path: str) -> str:
    """The subtitle file at `path` as WebVTT text; SubtitleError when the file is
    too large or binary."""
    with open(path, "rb") as file:
        data = file.read(MAX_SUBTITLE_BYTES + 1)
    if len(data) > MAX_SUBTITLE_BYTES:
        raise SubtitleError(f"larger than {MAX_SUBTITLE_BYTES} bytes")
    if b"\x00" in data:  # no text encoding of SubRip or WebVTT has NUL bytes
        raise SubtitleError("not a text file")
    text = decode_subtitle(data)
    if path.lower().endswith(".vtt"):
        return text if text.startswith("WEBVTT") else "WEBVTT\n\n" + text
    return srt_to_vtt(text)
