"""A TMDB film import keeps the film's translations."""

from __future__ import annotations

import functools
import io

import pytest
from django.core.management import call_command

from cinematheque.catalogue.models import Translation
from cinematheque.ingest import tmdb
from tests import factories
from tests.ingest.tmdb_replay import ok

pytestmark = pytest.mark.django_db


@pytest.fixture
def tmdb_settings(settings, tmdb_replay, fake_time, monkeypatch):
    settings.TMDB_API_URL = tmdb_replay.url
    settings.TMDB_API_KEY = "test-key"
    settings.TMDB_PEOPLE_PER_FILM = "0"
    monkeypatch.setattr(
        tmdb,
        "client_from_settings",
        functools.partial(
            tmdb.client_from_settings, clock=fake_time.clock, sleep=fake_time.sleep
        ),
    )
    tmdb_replay.route("/configuration", ok("configuration.json"))
    return tmdb_replay


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_tmdb", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_film_import_stores_translations_and_a_second_run_changes_nothing(
    tmdb_settings,
):
    film = factories.make_film(title="Fight Club", year=1999, tmdb_id=550)
    tmdb_settings.route("/movie/550", ok("movie_550_append.json"))

    run("--film", film.slug)

    film.refresh_from_db()
    (german,) = Translation.objects.filter(film=film)
    assert (german.tag, german.overview, german.source.key) == (
        "de-DE",
        "Ein Büroangestellter.",
        "tmdb",
    )
    assert film.synopsis_languages == "de-DE"
    assert "written: 0; unchanged: 1" in run("--film", film.slug)


def test_an_answer_without_translations_keeps_them(tmdb_settings):
    film = factories.make_film(title="Fight Club", year=1999, tmdb_id=550)
    tmdb_settings.route("/movie/550", ok("movie_550_append.json"), ok("movie_949.json"))
    run("--film", film.slug)
    heat = factories.make_film(title="Heat", year=1995, tmdb_id=949)
    tmdb_settings.route("/movie/949", ok("movie_949.json"))

    run("--film", heat.slug)

    assert Translation.objects.filter(film=film).count() == 1
    assert not Translation.objects.filter(film=heat).exists()
