"""Where a media file is on disk, confined to its library folder: a request names only
a MediaFile's primary key, and no stored path (`..`, an absolute path, a NUL byte, a
symlink leading out of the folder) can reach a file outside the folder's root."""

from __future__ import annotations

import os
from pathlib import PurePosixPath

from django.http import Http404

from cinematheque.watch.models import LibraryFolder, MediaFile

NOT_FOUND = "This file is not in the library."


def is_inside(path: str, root: str) -> bool:
    """Whether `path` is `root` itself or below it (both already real paths)."""
    return os.path.commonpath([path, root]) == root


def confined_path(folder: LibraryFolder, relative_path: str) -> str:
    """The real path of `relative_path` below `folder`, or Http404 when it would lead
    outside the folder's real root, or is not a regular file."""
    if not relative_path or "\x00" in relative_path or "\x00" in folder.path:
        raise Http404(NOT_FOUND)
    relative = PurePosixPath(relative_path.replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts:
        raise Http404(NOT_FOUND)
    root = os.path.realpath(folder.path)
    path = os.path.realpath(os.path.join(root, *relative.parts))
    if not is_inside(path, root) or not os.path.isfile(path):
        raise Http404(NOT_FOUND)
    return path


def media_path(media_file: MediaFile) -> str:
    """The real path of a media file of an enabled library folder (else Http404)."""
    if not media_file.folder.enabled:
        raise Http404(NOT_FOUND)
    return confined_path(media_file.folder, media_file.relative_path)


def folder_root(media_file: MediaFile) -> str:
    return os.path.realpath(media_file.folder.path)
