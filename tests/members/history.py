"""Shared test data for history imports: the films the fixture exports name, and the
fixture folders zipped the way Letterboxd ships them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from cinematheque.catalogue.models import Film
from tests.factories import make_film

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LETTERBOXD = FIXTURES / "letterboxd"
IMDB = FIXTURES / "imdb_ratings"

FILMS: list[dict[str, object]] = [
    {"title": "Christine", "year": 1983},
    {"title": "Chernobyl Diaries", "year": 2012},
    {"title": "The Lost Boys", "year": 1987},
    {"title": "Iron Man", "year": 2008},
    {"title": "Spectre", "year": 2015},
    {"title": "Inception", "year": 2010, "imdb_id": "tt1375666"},
    {"title": "Three Billboards Outside Ebbing, Missouri", "year": 2017},
    {"title": "King Kong", "year": 2005, "slug": "king-kong-2005"},
    {"title": "King Kong", "year": 2005, "slug": "king-kong-2005-2"},
    {"title": "Network", "year": 1976},
    {"title": "Hit and Run", "year": 2012},
    {
        "title": "Amélie",
        "original_title": "Le Fabuleux Destin d'Amélie Poulain",
        "year": 2001,
        "imdb_id": "tt0211915",
    },
    {"title": "Nightcrawler", "year": 2014},
    {"title": "Drive", "year": 2011},
    {"title": "Heat", "year": 1995, "imdb_id": "tt0113277"},
    {"title": "The Shawshank Redemption", "year": 1994, "imdb_id": "tt0111161"},
    {"title": "The Matrix", "year": 1999, "imdb_id": "tt0133093"},
    {"title": "When Harry Met Sally...", "year": 1989},
    {"title": "The Good, the Bad and the Ugly", "year": 1966},
    {"title": "Rope", "year": 1948},
    {"title": "Vertigo", "year": 1958},
    {"title": "Zatoichi", "year": 2003},
    {"title": "Pulp Fiction", "year": 1994, "imdb_id": "tt0110912"},
    {"title": "Focus", "year": 2015},
    {"title": "The Cabin in the Woods", "year": 2011},
    {"title": "Face/Off", "year": 1997},
]


def make_catalogue() -> dict[str, Film]:
    """The films above, by slug (each title-year once, King Kong twice)."""
    films = {}
    for fields in FILMS:
        film = make_film(**fields)
        films[film.slug] = film
    return films


def film(title: str, year: int) -> Film:
    return Film.objects.get(title=title, year=year)


def zip_folder(folder: Path, *, top: str = "") -> bytes:
    """The folder's files in a zip, as a member downloads it (optionally under a
    top folder, as when an export is unzipped and zipped again)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                name = path.relative_to(folder).as_posix()
                archive.writestr(f"{top}/{name}" if top else name, path.read_bytes())
    return buffer.getvalue()
