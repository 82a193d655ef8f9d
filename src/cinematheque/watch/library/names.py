"""What a video file's path says about its film: title, year, edition, part of a
stack, kind (feature, trailer, extra, sample) and the TMDB or IMDb id written in it.

The rules are the ones media servers document (Jellyfin's and Kodi's naming guides):

- `Title (Year)`: a year in parentheses wins over every other number, so
  `1917 (2019)` is the film 1917 of 2019 and `Blade Runner 2049 (2017)` keeps 2049
  in its title;
- `[tmdbid-949]`, `{tmdb-949}`, `[imdbid-tt0113277]`, `{imdb-tt0113277}` in the file
  or a folder name identify the film;
- `Title (Year) - Director's Cut.mkv` (or `{edition-Director's Cut}`) is a version;
- `cd1`, `part2`, `disc 1`, `pt3`, `dvd2` make a stack: one film in several files;
- `-trailer`, `trailer.mkv`, `-sample`, `-featurette`… and the folders `extras/`,
  `trailers/`, `featurettes/`, `behind the scenes/`… are kept apart from the film;
- a poor file name (`movie.mkv`, `dmd-aw.avi`) borrows the folder's
  (`Heat (1995)/movie.mkv`).

Names in the clean `Title (Year)` form are read by regular expressions; the others
(scene releases: `The.Matrix.1999.1080p.BluRay.x264-GRP.mkv`) by guessit, which
costs a few milliseconds each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from guessit import guessit

VIDEO_EXTENSIONS = frozenset(
    [
        "3gp",
        "asf",
        "avi",
        "divx",
        "f4v",
        "flv",
        "iso",
        "m2t",
        "m2ts",
        "m2v",
        "m4v",
        "mkv",
        "mov",
        "mp4",
        "mpeg",
        "mpg",
        "mts",
        "ogm",
        "ogv",
        "rm",
        "rmvb",
        "ts",
        "vob",
        "webm",
        "wmv",
        "wtv",
    ]
)

# Folders that NAS systems, operating systems and other programs leave behind.
JUNK_NAMES = frozenset(
    {
        "@eadir",
        "#recycle",
        "#snapshot",
        "$recycle.bin",
        "lost+found",
        "system volume information",
        "@recycle",
        "@recently-snapshot",
        ".@__thumb",
    }
)

# Folder name → kind of every video below it (Jellyfin's extras folders).
EXTRA_FOLDERS = {
    "trailers": "trailer",
    "samples": "sample",
    "sample": "sample",
    "extras": "extra",
    "extra": "extra",
    "featurettes": "extra",
    "behind the scenes": "extra",
    "deleted scenes": "extra",
    "interviews": "extra",
    "scenes": "extra",
    "shorts": "extra",
    "clips": "extra",
    "other": "extra",
    "backdrops": "extra",
    "specials": "extra",
    "bonus": "extra",
}

# File-name suffix (after `-`, `.` or `_`) → kind.
_EXTRA_SUFFIX = re.compile(
    r"[-._ ](?P<suffix>trailer\d*|sample|behindthescenes|deleted|deletedscene|"
    r"featurette|interview|scene\d*|clip|short|other|extra)$",
    re.IGNORECASE,
)
_SUFFIX_KIND = {"trailer": "trailer", "sample": "sample"}
_BARE_EXTRA_NAMES = {"trailer": "trailer", "sample": "sample", "theme": "extra"}
# guessit's test cases name bonus material `Moon_(2009)-x02-Making_Of`.
_BONUS = re.compile(r"[-_. ]x\d{1,2}[-_. ].*$", re.IGNORECASE)

_TMDB_TAG = re.compile(r"[\[{(]\s*tmdb(?:id)?\s*[-=:]\s*(\d+)\s*[\]})]", re.IGNORECASE)
_IMDB_TAG = re.compile(
    r"[\[{(]\s*imdb(?:id)?\s*[-=:]\s*(tt\d{5,10})\s*[\]})]", re.IGNORECASE
)
_OTHER_ID_TAG = re.compile(
    r"[\[{(]\s*tvdb(?:id)?\s*[-=:]\s*\d+\s*[\]})]", re.IGNORECASE
)
_EDITION_TAG = re.compile(r"\{\s*edition\s*-\s*(?P<edition>[^}]+)\}", re.IGNORECASE)

# cd1, CD 2, part1, Part.2, pt3, disc1, disk 2, dvd1 (Jellyfin's stacking words);
# `CD1of2` too. A number alone is not a part.
_STACK = re.compile(
    r"(?:^|[\s._\-\[\]()])(?:cd|dvd|part|pt|disc|disk)[\s._-]*(?P<part>\d{1,2})"
    r"(?:\s*of\s*\d{1,2})?(?=$|[\s._\-\])])",
    re.IGNORECASE,
)
_STACK_FOLDER = re.compile(
    r"^(?:cd|dvd|part|pt|disc|disk)[\s._-]*(?P<part>\d{1,2})$", re.IGNORECASE
)

# The clean form: `Title (1995)`, then nothing, ` - Edition`, or bracketed tags.
_CLEAN = re.compile(
    r"^(?P<title>[^()\[\]{}]*?[^\s()\[\]{}._-])[\s._]*\((?P<year>(?:18|19|20)\d\d)\)"
    r"(?P<rest>.*)$"
)
_YEAR_IN_PARENTHESES = re.compile(r"\((?P<year>(?:18|19|20)\d\d)\)")
_BRACKETED = re.compile(r"\[[^\]]*\]|\{[^}]*\}")
_SEPARATORS = re.compile(r"[\s._]+")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")
# Edition words that end a title in names like `Alien DC (1979)`: guessit reads them.
_EDITION_AT_END = re.compile(
    r"\b(dc|directors?'?s? cut|extended|unrated|uncut|remastered|theatrical|"
    r"(special|collector'?s?|criterion|theatrical|ultimate|anniversary) edition|"
    r"(theatrical|final|extended) cut)$",
    re.IGNORECASE,
)
# `Title.1999.1080p…`: a year between separators, then a resolution, source or codec.
_SCENE_YEAR = re.compile(r"(?<=[._ ])(?P<year>(?:19|20)\d\d)(?=[._ ])")
_SCENE_TAG = re.compile(
    r"[._ ](?:\d{3,4}[pi]|4k|uhd|blu-?ray|bdrip|brrip|bdremux|remux|web-?dl|webrip|"
    r"hdtv|hdrip|dvdrip|x26[45]|h\.?26[45]|hevc|xvid|divx|"
    # a language or a release flag, then one of the above
    r"(?:(?:true)?french|german|multi|italian|spanish|dutch|swedish|danish|"
    r"norwegian|finnish|polish|russian|japanese|korean|hindi|vostfr|subbed|dubbed|"
    r"proper|repack|limited|internal|stv|docu|festival|[._ ])+[._ ]"
    r"(?:\d{3,4}[pi]|blu-?ray|bdrip|brrip|web-?dl|webrip|hdtv|hdrip|dvdrip|x26[45]|"
    r"xvid|divx))(?:[._ -]|$)",
    re.IGNORECASE,
)
# Words that are no title's: when one comes before the year, guessit reads the name.
_SCENE_WORD = re.compile(
    r"\b(?:\d{3,4}p|x26[45]|bluray|dvdrip|webrip|hdtv|french|german|multi|"
    r"truefrench|vostfr|subbed|dubbed|proper|repack|limited|unrated|extended)\b",
    re.IGNORECASE,
)
_TITLE_PART = re.compile(r"\bpart[\s._]+([ivx]+|\d{1,2})\b", re.IGNORECASE)
# What guessit need not look for in a film's name: about twice as fast, and as right
# on the cases of tests/fixtures/media_names (what is kept marks where titles end).
_GUESSIT_OPTIONS = {
    "type": "movie",
    "excludes": [
        "absolute_episode",
        "aspect_ratio",
        "audio_profile",
        "bit_rate",
        "color_depth",
        "container",
        "country",
        "episode",
        "episode_count",
        "episode_details",
        "episode_title",
        "film",
        "frame_rate",
        "mimetype",
        "proper_count",
        "season",
        "season_count",
        "size",
        "streaming_service",
        "subtitle_language",
        "version",
        "video_api",
        "video_profile",
        "week",
    ],
}
# guessit's one-word editions, named as people write them.
_EDITION_NAMES = {
    word: f"{word} Edition"
    for word in (
        "Special",
        "Collector",
        "Theatrical",
        "Criterion",
        "Ultimate",
        "Anniversary",
        "Deluxe",
        "Limited",
        "Extended",
        "Unrated",
        "Uncut",
        "Remastered",
    )
}

# File names that say nothing about the film.
_GENERIC_TITLES = frozenset(
    {"movie", "film", "video", "feature", "main", "title", "main feature", "full movie"}
)
# Folder names that are not a film's own folder.
_GENERIC_FOLDERS = frozenset(
    [
        "movies",
        "films",
        "movie",
        "film",
        "videos",
        "video",
        "media",
        "downloads",
        "download",
        "library",
        "complete",
        "incoming",
        "new",
    ]
)


@dataclass(frozen=True)
class ParsedName:
    """What a path says about its film."""

    title: str = ""
    year: int | None = None
    edition: str = ""
    part: int | None = None
    kind: str = "feature"
    tmdb_id: int | None = None
    imdb_id: str = ""
    # A longer reading of the title, tried first by matching: guessit splits
    # `Star Trek - The Motion Picture` and `Back to the Future Part II`.
    full_title: str = ""


def is_video(name: str) -> bool:
    """Whether a file name has a video extension (and is not a hidden file)."""
    if name.startswith("."):
        return False
    _, dot, extension = name.rpartition(".")
    return bool(dot) and extension.lower() in VIDEO_EXTENSIONS


def is_junk(name: str) -> bool:
    """Hidden files and folders, and the ones NAS systems leave (`@eaDir`)."""
    return name.startswith(".") or name.lower() in JUNK_NAMES


def parse_path(relative_path: str) -> ParsedName:
    """Parse a path below a library folder (`Heat (1995)/Heat (1995).mkv`), or a bare
    file name. Folders give the ids, the kind of extras, and the title and year when
    the file name does not."""
    parts = [part for part in relative_path.replace("\\", "/").split("/") if part]
    if not parts:
        return ParsedName()
    *folders, file_name = parts
    stem = _stem(file_name)
    kind, stem = _kind_of(stem, folders)
    film_folders = _film_folders(folders)
    tmdb_id, imdb_id = _ids_in([*film_folders, stem])
    part, stem = _part_of(stem)
    if part is None and folders and (match := _STACK_FOLDER.match(folders[-1])):
        part = int(match["part"])
    if film_folders and folders[-1] == film_folders[-1]:
        # `The Sound of Music (1965) (Disc 01)/VIDEO.mkv`
        folder_part, film_folders[-1] = _part_of(film_folders[-1])
        part = part or folder_part
    parsed = replace(parse_name(stem), part=part, kind=kind)
    folder = _nearest_named(film_folders)
    if folder is not None:
        parsed = _with_folder(parsed, folder, kind)
    return replace(
        parsed,
        tmdb_id=tmdb_id or parsed.tmdb_id,
        imdb_id=imdb_id or parsed.imdb_id,
    )


@lru_cache(maxsize=50_000)
def parse_name(name: str) -> ParsedName:
    """Title, year, edition and ids of one name (a file's stem or a folder's name),
    without the kind or the part (see `parse_path`)."""
    tmdb_id, imdb_id = _ids_in([name])
    edition_tag = _EDITION_TAG.search(name)
    text = _TMDB_TAG.sub(" ", _IMDB_TAG.sub(" ", _OTHER_ID_TAG.sub(" ", name)))
    text = _EDITION_TAG.sub(" ", text).strip()
    parsed = _parse_clean(text) or _parse_scene(text) or _parse_with_guessit(text)
    if edition_tag:
        parsed = replace(parsed, edition=edition_tag["edition"].strip())
    return replace(parsed, tmdb_id=tmdb_id, imdb_id=imdb_id)


def _stem(file_name: str) -> str:
    if is_video(file_name):
        return file_name.rsplit(".", 1)[0]
    return file_name


def _kind_of(stem: str, folders: list[str]) -> tuple[str, str]:
    """The kind, and the stem without a `-trailer`-like suffix."""
    for folder in reversed(folders):
        kind = EXTRA_FOLDERS.get(folder.strip().lower())
        if kind:
            return kind, stem
    bare = _BARE_EXTRA_NAMES.get(stem.strip().lower().rstrip("0123456789"))
    if bare:
        return bare, ""
    match = _EXTRA_SUFFIX.search(stem)
    if match:
        suffix = match["suffix"].lower().rstrip("0123456789")
        return _SUFFIX_KIND.get(suffix, "extra"), stem[: match.start()]
    bonus = _BONUS.search(stem)
    if bonus:
        return "extra", stem[: bonus.start()]
    return "feature", stem


def _film_folders(folders: list[str]) -> list[str]:
    """The folders that may name the film: not extras, stack or generic folders."""
    return [
        folder
        for folder in folders
        if folder.strip().lower() not in EXTRA_FOLDERS
        and folder.strip().lower() not in _GENERIC_FOLDERS
        and not _STACK_FOLDER.match(folder)
        and not re.fullmatch(r"[A-Za-z]:", folder)  # a Windows drive, `d:`
    ]


def _nearest_named(folders: list[str]) -> ParsedName | None:
    """The parsed name of the nearest folder that has a title (a folder named by a
    hash or a date says nothing)."""
    for folder in reversed(folders):
        parsed = parse_name(folder)
        if parsed.title:
            return parsed
    return None


def _ids_in(names: list[str]) -> tuple[int | None, str]:
    """The TMDB and IMDb ids tagged in these names, the last name winning."""
    tmdb_id: int | None = None
    imdb_id = ""
    for name in names:
        if match := _TMDB_TAG.search(name):
            tmdb_id = int(match[1])
        if match := _IMDB_TAG.search(name):
            imdb_id = match[1].lower()
    return tmdb_id, imdb_id


def _part_of(stem: str) -> tuple[int | None, str]:
    matches = list(_STACK.finditer(stem))
    if not matches:
        return None, stem
    last = matches[-1]
    rest = _EMPTY_BRACKETS.sub(" ", stem[: last.start()] + stem[last.end() :])
    return int(last["part"]), rest.strip()


def _parse_clean(text: str) -> ParsedName | None:
    """`Title (Year)` with an optional ` - Edition` and bracketed tags, or None."""
    match = _CLEAN.match(text)
    if match is None:
        return None
    title = match["title"]
    if " " not in title and re.search(r"\w[._]\w", title):
        return None  # `The.Matrix`, `Brazil_Criterion_Edition`: guessit's words
    if _EDITION_AT_END.search(title):
        return None
    rest = match["rest"].strip()
    edition = ""
    if rest.startswith("-"):  # Jellyfin's versions: ` - Director's Cut`, ` - [1080p]`
        edition = re.sub(r"[\[\]{}]", " ", rest.lstrip("- "))
    elif _BRACKETED.sub(" ", rest).strip():
        return None  # `Title (Year) 1080p BluRay…`: leave it to guessit
    return ParsedName(
        title=title.strip(), year=int(match["year"]), edition=_tidy(edition)
    )


def _parse_scene(text: str) -> ParsedName | None:
    """The common scene-release form, `Title.Words.Year.1080p.BluRay.x264-GROUP`:
    the last year followed by a resolution, source or codec ends the title. Other
    forms (an edition, a language or a tag before the year) are guessit's."""
    matches = list(_SCENE_YEAR.finditer(text))
    if not matches:
        return None
    last = matches[-1]
    title = _SEPARATORS.sub(" ", text[: last.start()]).strip(" -")
    if (
        not title
        or not _SCENE_TAG.match(text[last.end() :])
        or re.search(r"[\[\](){}]", title)
        or _EDITION_AT_END.search(title)
        or _SCENE_WORD.search(title)
    ):
        return None
    return ParsedName(title=title, year=int(last["year"]))


def _parse_with_guessit(text: str) -> ParsedName:
    if not text.strip():
        return ParsedName()
    found: dict[str, Any] = dict(guessit(text, _GUESSIT_OPTIONS))
    title = _text_of(found.get("title"))
    year = found.get("year")
    if isinstance(year, list):
        year = year[-1]
    in_parentheses = _YEAR_IN_PARENTHESES.findall(text)
    if in_parentheses:
        year = int(in_parentheses[-1])
    if title and year and title == str(year):
        title = ""  # a name that is only a year says nothing of the title
    return ParsedName(
        title=title,
        year=int(year) if isinstance(year, int) else None,
        edition=_edition_name(_text_of(found.get("edition"))),
        full_title=_full_title(title, text, found),
    )


def _full_title(title: str, text: str, found: dict[str, Any]) -> str:
    if not title:
        return ""
    alternative = found.get("alternative_title")
    if isinstance(alternative, list):
        alternative = alternative[0]
    if alternative:
        return f"{title} {alternative}"
    part = _TITLE_PART.search(text)
    if found.get("part") and part:
        return f"{title} Part {part[1]}"
    return ""


def _edition_name(edition: str) -> str:
    words = [_EDITION_NAMES.get(word, word) for word in _tidy(edition).split(" ")]
    return " ".join(words)


def _text_of(value: object) -> str:
    if isinstance(value, list):
        return " ".join(str(item) for item in value)
    return str(value) if value else ""


def _tidy(edition: str) -> str:
    return _SEPARATORS.sub(" ", edition).strip(" -")


def _with_folder(parsed: ParsedName, folder: ParsedName, kind: str) -> ParsedName:
    """Borrow the folder's title and year when the file's name is poor, when it has
    no year and the folder (one film's folder) does, or when the file is an extra."""
    poor = is_poor_title(parsed.title, folder.title)
    if kind != "feature" and (poor or not parsed.year):
        return replace(
            parsed, title=folder.title, year=folder.year, full_title=folder.full_title
        )
    if poor:
        return replace(
            parsed,
            title=folder.title,
            full_title=folder.full_title,
            year=parsed.year or folder.year,
            edition=parsed.edition or folder.edition,
        )
    if parsed.year is None and folder.year is not None:
        return replace(
            parsed,
            title=_better_title(parsed.title, folder.title),
            year=folder.year,
            edition=parsed.edition or folder.edition,
        )
    return replace(parsed, edition=parsed.edition or folder.edition)


def is_poor_title(title: str, folder_title: str) -> bool:
    """A file title that says less than its folder's: empty, a generic word
    (`movie`), or one word that is not one of the folder's, in lower case or beneath
    a folder of several words."""
    folded = " ".join(title.lower().split())
    if not folded or folded in _GENERIC_TITLES:
        return True
    words = folded.split()
    if len(words) > 1 or words[0] in folder_title.lower().split():
        return False
    # `dmd-aw`, `arw-repack-greenberg`: a release group's lower-case abbreviation
    # beneath a folder with the film's name, or one word beneath several.
    lower_case = title == title.lower() and any(char.isalpha() for char in title)
    return lower_case or len(folder_title.split()) > 1


def _better_title(own: str, folder: str) -> str:
    """The folder's title when it is the same words better spelled (spaces instead of
    dots, accents kept), else the file's own."""
    if _SEPARATORS.sub("", own).lower() == _SEPARATORS.sub("", folder).lower():
        return folder
    return own
