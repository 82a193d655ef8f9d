"""Scanning library folders: find the video files, and store what they are.

A scan walks each enabled folder with `os.scandir`, compares every video's
(relative path, size, mtime) with the stored rows, and parses, reads the `.nfo` of
and matches only the files that are new or changed; files gone are deleted. A rescan
of an unchanged library is one directory walk and one query per folder.

A symbolic link is followed only when its target stays inside the library folder:
members can play what a scan finds, so a link to `/etc` or another disk is skipped
and reported. A film matched by an operator (method "manual") or ignored keeps its
film and status whatever later scans read in its name.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from cinematheque.watch.models import LibraryFolder, MatchCandidate, MediaFile
from cinematheque.watch.play.probe import (
    PROBED_FIELDS,
    empty_details,
    probe_pending_files,
)

from .matching import FilmMatch, Identity, match_identities
from .names import is_junk, is_video, parse_path
from .nfo import read_nfo, sidecar_of

BATCH = 500
MAX_PATH = MediaFile._meta.get_field("relative_path").max_length or 1000
# A DVD's or Blu-ray's folders: dozens of pieces no browser plays as one film.
DISC_FOLDERS = frozenset({"VIDEO_TS", "BDMV"})
Status = MediaFile.Status
# Fields a scan writes from a file's name and the match; an operator's choice
# (manual match, ignored) keeps the last four. A new or changed file loses its
# ffprobe details until `probe_pending_files` reads them again.
PARSED_FIELDS = [
    "size",
    "mtime",
    "kind",
    "parsed_title",
    "parsed_year",
    "edition",
    "part",
    *PROBED_FIELDS,
    "probed_at",
]
MATCH_FIELDS = ["film", "status", "method", "confidence"]


@dataclass
class ScanReport:
    """What a scan did: counts, and the paths it skipped with the reason."""

    folders: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    matched: int = 0
    uncertain: int = 0
    unmatched: int = 0
    skipped: int = 0
    skipped_paths: list[str] = field(default_factory=list)
    probed: int = 0
    probe_seconds: float = 0.0
    seconds: float = 0.0

    def skip(self, path: str, reason: str) -> None:
        self.skipped += 1
        self.skipped_paths.append(f"{path}: {reason}")

    def count_match(self, status: str) -> None:
        if status == Status.MATCHED:
            self.matched += 1
        elif status == Status.UNCERTAIN:
            self.uncertain += 1
        elif status == Status.UNMATCHED:
            self.unmatched += 1

    def as_dict(self) -> dict[str, object]:
        return {
            "folders": self.folders,
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "matched": self.matched,
            "uncertain": self.uncertain,
            "unmatched": self.unmatched,
            "skipped": self.skipped,
            "skipped_paths": self.skipped_paths,
            "probed": self.probed,
            "probe_seconds": round(self.probe_seconds, 3),
            "seconds": round(self.seconds, 3),
        }

    def summary(self) -> str:
        return (
            f"{self.folders} folder(s) in {self.seconds:.1f} s: {self.added} added, "
            f"{self.changed} changed, {self.removed} removed, {self.unchanged} "
            f"unchanged; of the files read: {self.matched} matched, "
            f"{self.uncertain} uncertain, {self.unmatched} unmatched; "
            f"{self.skipped} skipped; {self.probed} read by ffprobe"
            f" in {self.probe_seconds:.1f} s"
        )


@dataclass
class FoundFile:
    """A video file a walk found."""

    relative_path: str
    absolute_path: str
    size: int
    mtime: float
    nfo_names: dict[str, str]


def scan_libraries(folders: Sequence[LibraryFolder] | None = None) -> ScanReport:
    """Scan these folders (default: every enabled one) and return what changed,
    then read the technical details of the new and changed feature files with
    ffprobe when it is installed. The jobs scheduler calls this function."""
    started = time.perf_counter()
    report = ScanReport()
    if folders is None:
        folders = list(LibraryFolder.objects.filter(enabled=True))
    for folder in folders:
        scan_folder(folder, report)
    probe_started = time.perf_counter()
    report.probed = probe_pending_files(folders)
    report.probe_seconds = time.perf_counter() - probe_started
    report.seconds = time.perf_counter() - started
    return report


def scan_folder(folder: LibraryFolder, report: ScanReport) -> None:
    """Bring the stored files of one folder in line with the disk."""
    report.folders += 1
    if not os.path.isdir(folder.path):
        # A disk not mounted must not empty the library: keep the rows.
        report.skip(folder.path, "the folder does not exist or is not a directory")
        return
    stored = {
        path: (pk, size, mtime, status, method)
        for pk, path, size, mtime, status, method in MediaFile.objects.filter(
            folder=folder
        ).values_list("pk", "relative_path", "size", "mtime", "status", "method")
    }
    new: list[FoundFile] = []
    changed: list[tuple[int, str, str, FoundFile]] = []
    for found in walk_folder(folder.path, report):
        row = stored.pop(found.relative_path, None)
        if row is None:
            new.append(found)
        elif (row[1], row[2]) != (found.size, found.mtime):
            changed.append((row[0], row[3], row[4], found))
        else:
            report.unchanged += 1
    matches = match_identities(
        [identify(found) for found in new] + [identify(found) for *_, found in changed]
    )
    try:
        with transaction.atomic():
            _delete([pk for pk, *_ in stored.values()])
            _create(folder, new, matches[: len(new)], report)
            _update(changed, matches[len(new) :], report)
            folder.last_scan_at = timezone.now()
            folder.save(update_fields=["last_scan_at"])
    except IntegrityError:  # nothing of this folder was written
        report.skip(folder.path, "another scan wrote it at the same time: scan again")
        return
    report.removed += len(stored)


def identify(found: FoundFile) -> Identity:
    """A found file's parsed name and the ids of its `.nfo` sidecar."""
    parsed = parse_path(found.relative_path)
    identity = Identity(parsed=parsed)
    if found.nfo_names:
        sidecar = sidecar_of(Path(found.absolute_path), found.nfo_names)
        if sidecar is not None:
            nfo = read_nfo(sidecar)
            identity.nfo_tmdb_id = nfo.tmdb_id
            identity.nfo_imdb_id = nfo.imdb_id
            identity.nfo_title = nfo.title
            identity.nfo_year = nfo.year
    return identity


def walk_folder(root: str, report: ScanReport) -> Iterator[FoundFile]:
    """Every video file below `root`, skipping hidden and NAS junk folders and
    symbolic links whose target leaves `root` (reported)."""
    real_root = os.path.realpath(root)
    visited = {real_root}
    pending: list[tuple[str, str]] = [(root, "")]
    while pending:
        directory, relative = pending.pop()
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            report.skip(relative or ".", f"cannot be read ({error.strerror})")
            continue
        nfo_names = {
            entry.name.lower(): entry.name
            for entry in entries
            if entry.name.lower().endswith(".nfo")
        }
        for entry in entries:
            if is_junk(entry.name):
                continue
            path = f"{relative}/{entry.name}" if relative else entry.name
            unstorable = _why_unstorable(path)
            if unstorable:
                shown = path.encode("utf-8", "replace").decode()[:200]
                report.skip(shown, unstorable)
                continue
            try:
                if entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    if not _inside(target, real_root):
                        report.skip(path, "a symbolic link that leaves the folder")
                        continue
                if entry.is_dir() and entry.name.upper() in DISC_FOLDERS:
                    report.skip(path, "a disc folder: remux it into one video file")
                elif entry.is_dir():
                    target = os.path.realpath(entry.path)
                    if target not in visited:  # a link back up would loop
                        visited.add(target)
                        pending.append((entry.path, path))
                elif is_video(entry.name) and entry.is_file():
                    stat = entry.stat()
                    yield FoundFile(
                        relative_path=path,
                        absolute_path=entry.path,
                        size=stat.st_size,
                        mtime=stat.st_mtime,
                        nfo_names=nfo_names,
                    )
            except OSError as error:
                report.skip(path, f"cannot be read ({error.strerror})")


def _why_unstorable(path: str) -> str:
    """Why a path cannot be stored (empty when it can): bytes that are not UTF-8
    (Python keeps them as lone surrogates, which no database column takes), or a
    length beyond the column's."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return "a name that is not UTF-8: rename it"
    if len(path) > MAX_PATH:
        return f"a path over {MAX_PATH} characters"
    return ""


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _delete(pks: list[int]) -> None:
    for chunk in _chunks(pks):
        MediaFile.objects.filter(pk__in=chunk).delete()


def _create(
    folder: LibraryFolder,
    found: list[FoundFile],
    matches: list[FilmMatch],
    report: ScanReport,
) -> None:
    rows = []
    for item, match in zip(found, matches, strict=True):
        row = MediaFile(folder=folder, relative_path=item.relative_path)
        _fill(row, item)
        _apply(row, match)
        rows.append(row)
        report.count_match(match.status)
    created = MediaFile.objects.bulk_create(rows, batch_size=BATCH)
    report.added += len(created)
    _candidates(zip(created, matches, strict=True))


def _update(
    changed: list[tuple[int, str, str, FoundFile]],
    matches: list[FilmMatch],
    report: ScanReport,
) -> None:
    chosen: list[MediaFile] = []  # kept film and status: an operator decided
    rematched: list[tuple[MediaFile, FilmMatch]] = []
    for (pk, status, method, item), match in zip(changed, matches, strict=True):
        row = MediaFile(pk=pk, relative_path=item.relative_path)
        _fill(row, item)
        if method == MediaFile.Method.MANUAL or status == Status.IGNORED:
            chosen.append(row)
            report.count_match(status)
        else:
            _apply(row, match)
            rematched.append((row, match))
            report.count_match(match.status)
    MediaFile.objects.bulk_update(chosen, PARSED_FIELDS, batch_size=BATCH)
    MediaFile.objects.bulk_update(
        [row for row, _ in rematched], PARSED_FIELDS + MATCH_FIELDS, batch_size=BATCH
    )
    for chunk in _chunks([row.pk for row, _ in rematched]):
        MatchCandidate.objects.filter(media_file_id__in=chunk).delete()
    _candidates(rematched)
    report.changed += len(changed)


def _fill(row: MediaFile, item: FoundFile) -> None:
    parsed = parse_path(item.relative_path)
    row.size = item.size
    row.mtime = item.mtime
    row.kind = parsed.kind
    row.parsed_title = parsed.title[:300]
    row.parsed_year = parsed.year
    row.edition = parsed.edition[:200]
    row.part = parsed.part
    for name, value in empty_details().items():  # probe_pending_files reads them
        setattr(row, name, value)


def _apply(row: MediaFile, match: FilmMatch) -> None:
    row.film_id = match.film_id
    row.status = match.status
    row.method = match.method
    row.confidence = match.confidence


def _candidates(pairs: Iterable[tuple[MediaFile, FilmMatch]]) -> None:
    MatchCandidate.objects.bulk_create(
        [
            MatchCandidate(media_file=row, film_id=film_id, score=score)
            for row, match in pairs
            for film_id, score in match.candidates
        ],
        batch_size=BATCH,
    )


def folder_signature(root: str) -> dict[str, int]:
    """The modification time of every directory below `root`: a file added,
    removed or renamed changes its directory's (what `watch_libraries` polls)."""
    signature: dict[str, int] = {}
    pending = [root]
    while pending:
        directory = pending.pop()
        try:
            signature[directory] = os.stat(directory).st_mtime_ns
            with os.scandir(directory) as listing:
                pending.extend(
                    entry.path
                    for entry in listing
                    if not is_junk(entry.name) and entry.is_dir(follow_symlinks=False)
                )
        except OSError:
            signature[directory] = -1
    return signature


def watch_libraries(
    interval: float,
    announce: Callable[[str], None],
    rounds: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Scan every enabled folder, then every `interval` seconds scan again the
    folders whose directories changed (polling: no inotify, works on network
    shares). `rounds`: stop after so many polls (tests); None runs until stopped."""
    signatures: dict[int, dict[str, int]] = {}
    done = 0
    while rounds is None or done <= rounds:
        changed = []
        for folder in LibraryFolder.objects.filter(enabled=True):
            signature = folder_signature(folder.path)
            if signatures.get(folder.pk) != signature:
                signatures[folder.pk] = signature
                changed.append(folder)
        if changed:
            report = scan_libraries(changed)
            names = ", ".join(str(folder) for folder in changed)
            announce(f"Scanned {names}: {report.summary()}")
        done += 1
        if rounds is None or done <= rounds:
            sleep(interval)


def _chunks(values: list, size: int = BATCH) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
