"""What operators do with the library: add and remove folders, identify names, list
files (the command line and the admin call these)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import QuerySet

from cinematheque.catalogue.models import Film
from cinematheque.watch.models import LibraryFolder, MediaFile

from .links import stream_url
from .matching import FilmMatch, Identity, match_identities
from .names import ParsedName, parse_path
from .nfo import read_nfo, sidecar_of


class LibraryError(ValueError):
    """An operator's request that cannot be done, said in one sentence."""


def folder_add(path: str, name: str = "") -> LibraryFolder:
    """Add a library folder (its absolute, resolved path); an existing one is
    enabled again and renamed when a name is given."""
    resolved = os.path.realpath(os.path.expanduser(path))
    if not os.path.isdir(resolved):
        raise LibraryError(f"{path} is not a directory.")
    folder, created = LibraryFolder.objects.get_or_create(
        path=resolved, defaults={"name": name}
    )
    if not created and (name or not folder.enabled):
        folder.name = name or folder.name
        folder.enabled = True
        folder.save(update_fields=["name", "enabled"])
    return folder


def folder_remove(path: str) -> int:
    """Remove a library folder and its files' rows (never the files on disk);
    returns how many files it had."""
    folder = folder_find(path)
    count = folder.files.count()
    folder.delete()
    return count


def folder_find(path: str) -> LibraryFolder:
    """A library folder by its path (as added, or resolved) or its name."""
    resolved = os.path.realpath(os.path.expanduser(path))
    folder = (
        LibraryFolder.objects.filter(path__in={path, resolved}).first()
        or LibraryFolder.objects.filter(name=path).first()
    )
    if folder is None:
        raise LibraryError(f"{path} is not a library folder.")
    return folder


@dataclass
class Identified:
    """What a name is parsed and matched as."""

    name: str
    parsed: ParsedName
    match: FilmMatch
    film: Film | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.parsed.title or None,
            "year": self.parsed.year,
            "edition": self.parsed.edition or None,
            "part": self.parsed.part,
            "kind": self.parsed.kind,
            "tmdb_id": self.parsed.tmdb_id,
            "imdb_id": self.parsed.imdb_id or None,
            "film": self.film.slug if self.film else None,
            "status": self.match.status,
            "method": self.match.method or None,
            "confidence": self.match.confidence,
            "candidates": [
                {"film": slug, "score": score}
                for slug, score in _candidate_slugs(self.match)
            ],
        }


def identify_names(names: list[str]) -> list[Identified]:
    """Parse and match each name (a file name or path, as a scan would see it below
    a library folder); an existing file's `.nfo` sidecar is read too. Nothing is
    stored."""
    identities = []
    for name in names:
        identity = Identity(parsed=parse_path(name))
        if os.path.isfile(name):
            sidecar = sidecar_of(Path(name))
            if sidecar is not None:
                nfo = read_nfo(sidecar)
                identity.nfo_tmdb_id, identity.nfo_imdb_id = nfo.tmdb_id, nfo.imdb_id
                identity.nfo_title, identity.nfo_year = nfo.title, nfo.year
        identities.append(identity)
    matches = match_identities(identities)
    films = Film.objects.in_bulk([m.film_id for m in matches if m.film_id])
    return [
        Identified(name, identity.parsed, match, films.get(match.film_id or 0))
        for name, identity, match in zip(names, identities, matches, strict=True)
    ]


def _candidate_slugs(match: FilmMatch) -> list[tuple[str, float]]:
    slugs = dict(
        Film.objects.filter(pk__in=[pk for pk, _ in match.candidates]).values_list(
            "pk", "slug"
        )
    )
    return [(slugs[pk], score) for pk, score in match.candidates if pk in slugs]


def library_files() -> QuerySet[MediaFile]:
    """Every library file with its folder and film, in folder and path order."""
    return MediaFile.objects.select_related("folder", "film").order_by(
        "folder__path", "relative_path"
    )


def file_as_dict(media_file: MediaFile) -> dict[str, Any]:
    """A library file as `cinematheque library list --json` prints it."""
    film = media_file.film
    return {
        "id": media_file.pk,
        "folder": media_file.folder.path,
        "path": media_file.relative_path,
        "size": media_file.size,
        "kind": media_file.kind,
        "title": media_file.parsed_title or None,
        "year": media_file.parsed_year,
        "edition": media_file.edition or None,
        "part": media_file.part,
        "film": film.slug if film else None,
        "film_title": film.display_title if film else None,
        "status": media_file.status,
        "method": media_file.method or None,
        "confidence": media_file.confidence,
        "stream_url": stream_url(media_file),
    }


def choose_film(media_file: MediaFile, film: Film) -> None:
    """An operator's answer: this file is this film. Later scans keep it."""
    media_file.film = film
    media_file.status = MediaFile.Status.MATCHED
    media_file.method = MediaFile.Method.MANUAL
    media_file.confidence = 1.0
    media_file.save(update_fields=["film", "status", "method", "confidence"])
    media_file.candidates.all().delete()


def ignore_file(media_file: MediaFile) -> None:
    """An operator's answer: this file is no film of the catalogue (a home video);
    later scans leave it ignored."""
    media_file.film = None
    media_file.status = MediaFile.Status.IGNORED
    media_file.method = MediaFile.Method.MANUAL
    media_file.confidence = 0
    media_file.save(update_fields=["film", "status", "method", "confidence"])
    media_file.candidates.all().delete()
