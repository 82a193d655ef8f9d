"""Kodi's `.nfo` sidecars: the TMDB and IMDb ids (and title and year) they carry.

Two forms exist (Kodi's wiki, "NFO files/Movies"): an XML `<movie>` document with
`<tmdbid>`, `<imdbid>`, `<id>`, `<uniqueid type="tmdb|imdb">`, `<title>` and
`<year>`; or a text file holding only a URL of the film on IMDb or TMDB (possibly
after an XML document). The sidecar of `Heat (1995).mkv` is `Heat (1995).nfo`, or
`movie.nfo` in the film's folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

MAX_NFO_BYTES = 1_000_000

_IMDB_ID = re.compile(r"\b(tt\d{5,10})\b")
_IMDB_URL = re.compile(r"imdb\.com/(?:[a-z]{2}/)?title/(tt\d{5,10})", re.IGNORECASE)
_TMDB_URL = re.compile(r"themoviedb\.org/movie/(\d+)", re.IGNORECASE)
_XML_START = re.compile(r"<\s*movie[\s>]", re.IGNORECASE)
_XML_END = re.compile(r"</\s*movie\s*>", re.IGNORECASE)


@dataclass(frozen=True)
class NfoIds:
    """What an `.nfo` says about its film."""

    tmdb_id: int | None = None
    imdb_id: str = ""
    title: str = ""
    year: int | None = None

    def __bool__(self) -> bool:
        return bool(self.tmdb_id or self.imdb_id or self.title)


def sidecar_of(video: Path, nfo_names: dict[str, str] | None = None) -> Path | None:
    """The `.nfo` beside a video (`<stem>.nfo`, else `movie.nfo`), or None.
    `nfo_names`: the folder's `.nfo` files (lower-cased name → name) when a scan
    listed them already, so no file system call is made for videos without one."""
    stem = video.name.rsplit(".", 1)[0]
    for name in (f"{stem}.nfo", "movie.nfo"):
        if nfo_names is not None:
            if name.lower() in nfo_names:
                return video.parent / nfo_names[name.lower()]
        elif (video.parent / name).is_file():
            return video.parent / name
    return None


def read_nfo(path: Path) -> NfoIds:
    """The ids in an `.nfo` file; empty when it has none or cannot be read."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_NFO_BYTES)
    except OSError:
        return NfoIds()
    return parse_nfo(raw.decode("utf-8", errors="replace"))


def parse_nfo(text: str) -> NfoIds:
    """The ids in an `.nfo` document's text (XML `<movie>`, or a bare URL)."""
    from_xml = _from_xml(text)
    from_urls = _from_urls(text)
    return NfoIds(
        tmdb_id=from_xml.tmdb_id or from_urls.tmdb_id,
        imdb_id=from_xml.imdb_id or from_urls.imdb_id,
        title=from_xml.title,
        year=from_xml.year,
    )


def _from_xml(text: str) -> NfoIds:
    start = _XML_START.search(text)
    end = _XML_END.search(text)
    if not start or not end:
        return NfoIds()
    document = text[start.start() : end.end()]
    if "<!" in document.replace("<![CDATA[", ""):
        return NfoIds()  # no DTD, no entities: Kodi's files have none
    try:
        # Only <movie>…</movie>: Kodi allows a URL after the document. Without a
        # DTD, expat expands no entity: the attacks defusedxml guards against
        # need one.
        root = ElementTree.fromstring(document)  # noqa: S314
    except ElementTree.ParseError:
        return NfoIds()
    tmdb_id: int | None = None
    imdb_id = ""
    for uniqueid in root.iter("uniqueid"):
        kind = (uniqueid.get("type") or "").lower()
        value = (uniqueid.text or "").strip()
        if kind == "tmdb" and value.isdigit():
            tmdb_id = int(value)
        elif kind == "imdb" and _IMDB_ID.fullmatch(value):
            imdb_id = value
    tmdb_text = _text(root, "tmdbid")
    if not tmdb_id and tmdb_text.isdigit():
        tmdb_id = int(tmdb_text)
    for tag in ("imdbid", "imdb_id", "id"):
        value = _text(root, tag)
        if not imdb_id and _IMDB_ID.fullmatch(value):
            imdb_id = value
    year = _text(root, "year")
    if not year.isdigit():
        year = _text(root, "premiered")[:4]
    return NfoIds(
        tmdb_id=tmdb_id,
        imdb_id=imdb_id,
        title=_text(root, "title"),
        year=int(year) if year.isdigit() and 1870 <= int(year) <= 2100 else None,
    )


def _text(root: ElementTree.Element, tag: str) -> str:
    element = root.find(tag)
    return (element.text or "").strip() if element is not None else ""


def _from_urls(text: str) -> NfoIds:
    imdb = _IMDB_URL.search(text)
    tmdb = _TMDB_URL.search(text)
    return NfoIds(
        tmdb_id=int(tmdb[1]) if tmdb else None, imdb_id=imdb[1] if imdb else ""
    )
