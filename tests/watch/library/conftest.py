"""A small catalogue and a library folder on disk for the library's tests."""

from pathlib import Path

import pytest

from cinematheque.catalogue.models import AlternativeTitle, FilmExternalId
from cinematheque.watch.models import LibraryFolder
from tests.factories import make_film


@pytest.fixture
def films(db):
    heat = make_film(title="Heat", year=1995, slug="heat-1995", tmdb_id=949)
    heat.imdb_id = "tt0113277"
    heat.save()
    FilmExternalId.objects.create(film=heat, namespace="imdb", value="tt0113277")
    return {
        "heat": heat,
        "heat-1986": make_film(title="Heat", year=1986, slug="heat-1986"),
        "matrix": make_film(title="The Matrix", year=1999, slug="the-matrix-1999"),
        "amelie": _with_alternative(
            make_film(
                title="Amélie",
                original_title="Le Fabuleux Destin d'Amélie Poulain",
                year=2001,
                slug="amelie-2001",
            ),
            "Amelie from Montmartre",
        ),
        "1917": make_film(title="1917", year=2019, slug="1917-2019"),
        "blade-runner-2049": make_film(
            title="Blade Runner 2049", year=2017, slug="blade-runner-2049-2017"
        ),
        "odyssey": make_film(
            title="2001: A Space Odyssey", year=1968, slug="2001-a-space-odyssey-1968"
        ),
        "solaris-1972": make_film(title="Solaris", year=1972, slug="solaris-1972"),
        "solaris-2002": make_film(title="Solaris", year=2002, slug="solaris-2002"),
    }


def _with_alternative(film, title):
    AlternativeTitle.objects.create(film=film, title=title)
    return film


def touch(root: Path, relative: str, content: bytes = b"") -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


@pytest.fixture
def library(tmp_path, db):
    root = tmp_path / "films"
    root.mkdir()
    folder = LibraryFolder.objects.create(path=str(root), name="Films")
    return folder, root
