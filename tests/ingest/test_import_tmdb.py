"""`cinematheque import tmdb` against the local replay of TMDB's answers."""

from __future__ import annotations

import functools
import io

import pytest
from django.core.management import CommandError, call_command

from cinematheque.catalogue.models import Film, Source, WatchOffer
from cinematheque.cli import build_parser
from cinematheque.ingest import tmdb
from tests import factories
from tests.ingest.tmdb_replay import BAD_KEY, NOT_FOUND, SERVER_ERROR, ok

pytestmark = pytest.mark.django_db


@pytest.fixture
def tmdb_settings(settings, tmdb_replay, fake_time, monkeypatch):
    """Settings that point at the replay server, and a client that never waits."""
    settings.TMDB_API_URL = tmdb_replay.url
    settings.TMDB_API_KEY = "test-key"
    monkeypatch.setattr(
        tmdb,
        "client_from_settings",
        functools.partial(
            tmdb.client_from_settings, clock=fake_time.clock, sleep=fake_time.sleep
        ),
    )
    tmdb_replay.route("/configuration", ok("configuration.json"))
    return tmdb_replay


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_tmdb", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_film_of_the_catalogue_gets_tmdb_images_and_a_second_run_changes_nothing(
    tmdb_settings,
):
    heat = factories.make_film(title="Heat", year=1995, slug="heat-1995", tmdb_id=949)
    tmdb_settings.route("/movie/949", ok("movie_949.json"))

    out, _err = run("--film", "heat-1995")

    heat.refresh_from_db()
    assert heat.poster_path == "/rrBuGu0Pjq7Y2BWSI6teGfZzviY.jpg"
    assert heat.backdrop_path == "/rfEXNlql4CafRmtgp2VFQrBC4sh.jpg"
    assert "written: 1" in out
    source = Source.objects.get(key="tmdb")
    assert (
        source.image_configuration["secure_base_url"] == "https://image.tmdb.org/t/p/"
    )
    assert "not endorsed or certified by TMDB" in source.attribution
    request = next(r for r in tmdb_settings.requests if r.path == "/movie/949")
    assert "watch/providers" in request.query["append_to_response"]

    out, _err = run("--film", "heat-1995")

    assert "written: 0; unchanged: 1" in out


def test_watch_offers_posters_and_cast_photos_are_stored(tmdb_settings):
    film = factories.make_film(title="Fight Club", year=1999, tmdb_id=550)
    norton = factories.make_person(name="Edward Norton", tmdb_id=819)
    tmdb_settings.route("/movie/550", ok("movie_550_append.json"))

    run("--film", film.slug)

    film.refresh_from_db()
    # poster_path is null in this answer: the images block's first poster is used.
    assert film.poster_path == "/fpemzjF623QVTe98pCVlwwtFC5N.jpg"
    (offer,) = WatchOffer.objects.filter(film=film)
    assert (offer.country, offer.kind, offer.provider, offer.display_priority) == (
        "US",
        "flatrate",
        "Netflix",
        1,
    )
    assert offer.source.key == "tmdb"
    norton.refresh_from_db()
    assert norton.profile_path == "/5XBzD5WuTyVQZeS4nbcA3Yoimg.jpg"


def test_a_film_whose_fetch_fails_keeps_what_it_had_and_the_others_go_on(
    tmdb_settings,
):
    heat = factories.make_film(title="Heat", tmdb_id=949, poster_path="/kept.jpg")
    fight_club = factories.make_film(title="Fight Club", tmdb_id=550)
    tmdb_settings.route("/movie/949", SERVER_ERROR)
    tmdb_settings.route("/movie/550", ok("movie_550_append.json"))

    out, err = run("--film", heat.slug, "--film", fight_club.slug)

    heat.refresh_from_db()
    assert heat.poster_path == "/kept.jpg"
    assert "Failed tmdb:949: TMDB answered 500" in err
    assert "It keeps what it had." in err
    assert WatchOffer.objects.filter(film=fight_club).count() == 1
    assert "written: 1; unchanged: 0; failed: 1" in out


def test_an_imdb_id_tmdb_does_not_have_is_reported(tmdb_settings):
    tmdb_settings.route("/find/tt0111161", ok("find_tt0111161.json"))
    tmdb_settings.route("/movie/278", NOT_FOUND)

    with pytest.raises(CommandError, match="No film could be fetched"):
        run("--imdb", "tt0111161")

    assert not Film.objects.exists()


def test_a_refused_key_stops_the_run_with_the_variable_to_check(tmdb_settings):
    tmdb_settings.route("/configuration", BAD_KEY)
    factories.make_film(title="Heat", tmdb_id=949, slug="heat-1995")

    with pytest.raises(CommandError, match="TMDB_API_KEY or TMDB_READ_ACCESS_TOKEN"):
        run("--film", "heat-1995")


def test_missing_credentials_are_a_clear_error(settings):
    settings.TMDB_API_KEY = ""
    factories.make_film(title="Heat", tmdb_id=949, slug="heat-1995")

    with pytest.raises(CommandError, match="No TMDB credentials"):
        run("--film", "heat-1995")


def test_a_film_without_ids_cannot_be_looked_up(tmdb_settings):
    factories.make_film(title="Nameless", slug="nameless")

    with pytest.raises(CommandError, match="no TMDB or IMDb id"):
        run("--film", "nameless")


def test_changes_import_only_the_catalogues_films(tmdb_settings):
    linked = factories.make_film(title="Fight Club", tmdb_id=550)
    tmdb_settings.route("/movie/changes", ok("movie_changes.json"))
    tmdb_settings.route("/movie/550", ok("movie_550_append.json"))

    out, _err = run("--changes", "--since", "2026-11-30")

    movie_paths = [p for p in tmdb_settings.paths() if p.startswith("/movie/5")]
    assert movie_paths == ["/movie/550"]  # 551 and 552 are not in the catalogue
    assert "fetched: 1" in out
    linked.refresh_from_db()
    assert linked.poster_path


def test_all_walks_the_linked_films_up_to_the_limit(tmdb_settings):
    factories.make_film(title="Fight Club", tmdb_id=550)
    factories.make_film(title="Heat", tmdb_id=949)
    factories.make_film(title="Unlinked")
    tmdb_settings.route("/movie/550", ok("movie_550_append.json"))
    tmdb_settings.route("/movie/949", ok("movie_949.json"))

    out, _err = run("--all", "--limit", "1")

    assert [p for p in tmdb_settings.paths() if p.startswith("/movie/")] == [
        "/movie/550"
    ]
    assert "fetched: 1" in out


def test_since_without_changes_is_refused():
    with pytest.raises(CommandError, match="--since goes with --changes"):
        run("--all", "--since", "2026-01-01")


def test_a_bad_request_ceiling_is_a_clear_error(settings):
    settings.TMDB_API_KEY = "k"
    settings.TMDB_REQUESTS_PER_SECOND = "fast"

    with pytest.raises(CommandError, match="TMDB_REQUESTS_PER_SECOND"):
        run("--all")


def test_console_script_passes_the_tmdb_options_on():
    from cinematheque.cli import _tmdb_arguments

    args = build_parser().parse_args(
        ["import", "tmdb", "--changes", "--since", "2026-11-01"]
    )
    assert _tmdb_arguments(args) == ["--changes", "--since=2026-11-01"]
    args = build_parser().parse_args(["import", "tmdb", "--film", "heat-1995"])
    assert _tmdb_arguments(args) == ["--film=heat-1995"]


def test_a_malformed_imdb_id_is_refused_before_asking_tmdb(tmdb_settings):
    with pytest.raises(CommandError, match="not an IMDb film id"):
        run("--imdb", "tt12; DROP")

    assert [p for p in tmdb_settings.paths() if p.startswith("/find")] == []


def test_tmdb_values_reach_the_film_through_the_shared_upsert(tmdb_settings):
    heat = factories.make_film(title="Heat", year=1995, slug="heat-1995", tmdb_id=949)
    tmdb_settings.route("/movie/949", ok("movie_949.json"))

    run("--film", "heat-1995")

    heat.refresh_from_db()
    assert heat.budget == 60_000_000
    assert heat.box_office == 187_436_818
    assert heat.runtime == 170
    assert heat.tagline == "A Los Angeles Crime Saga"
    assert heat.overview.startswith("Obsessive master thief, Neil McCauley")
    assert heat.imdb_id == "tt0113277"
    assert set(heat.genres.values_list("name", flat=True)) == {
        "Action",
        "Crime",
        "Drama",
        "Thriller",
    }


def test_cast_keeps_tmdb_billing_and_the_director_is_credited(tmdb_settings):
    film = factories.make_film(title="Fight Club", year=1999, tmdb_id=550)
    tmdb_settings.route("/movie/550", ok("movie_550_append.json"))

    run("--film", film.slug)

    norton = film.credits.get(department="acting")
    assert (norton.person.name, norton.character, norton.order) == (
        "Edward Norton",
        "The Narrator",
        0,
    )
    assert not norton.order_is_estimated
    assert norton.person.tmdb_id == 819
    assert norton.person.profile_path == "/5XBzD5WuTyVQZeS4nbcA3Yoimg.jpg"
    director = film.credits.get(department="directing")
    assert director.person.name == "David Fincher"
    assert film.videos.get().key == "SUXWAEX2jlg"


def test_an_imdb_id_the_catalogue_lacks_adds_the_film(tmdb_settings):
    tmdb_settings.route("/find/tt0111161", ok("find_tt0111161.json"))
    # TMDB's answer for 278 is not in the fixtures: 949's body stands in, so the
    # film written is the one that answer describes, found by its own ids.
    tmdb_settings.route("/movie/278", ok("movie_949.json"))

    out, _err = run("--imdb", "tt0111161")

    film = Film.objects.get(tmdb_id=949)
    assert film.title == "Heat"
    assert film.slug == "heat-1995"
    assert film.poster_path == "/rrBuGu0Pjq7Y2BWSI6teGfZzviY.jpg"
    assert "written: 1" in out


def test_films_tmdb_adds_are_found_by_search(tmdb_settings, client):
    tmdb_settings.route("/find/tt0113277", ok("find_tt0111161.json"))
    tmdb_settings.route("/movie/278", ok("movie_949.json"))

    run("--imdb", "tt0113277")

    html = client.get("/search/?q=heat").content.decode()
    assert "/films/heat-1995/" in html


def test_tmdb_disagreeing_with_the_bundled_year_raises_one_conflict(tmdb_settings):
    from cinematheque.editorial.models import Conflict

    bundled = factories.make_source(key="wikidata", name="Wikidata")
    heat = factories.make_film(
        title="Heat", year=1996, slug="heat-1996", tmdb_id=949, source=bundled
    )
    tmdb_settings.route("/movie/949", ok("movie_949.json"))

    run("--film", "heat-1996")
    run("--film", "heat-1996")

    (conflict,) = Conflict.objects.filter(film=heat)
    assert sorted(conflict.options.values_list("value", flat=True)) == ["1995", "1996"]


def test_without_the_replay_server_the_tests_reach_nothing_but_the_loopback(
    settings, fake_time, monkeypatch
):
    """The test settings point TMDB_API_URL at a closed loopback port: a test that
    forgets the replay server fails, it never asks api.themoviedb.org."""
    assert settings.TMDB_API_URL.startswith("http://127.0.0.1:")
    settings.TMDB_API_KEY = "k"
    monkeypatch.setattr(
        tmdb,
        "client_from_settings",
        functools.partial(
            tmdb.client_from_settings, clock=fake_time.clock, sleep=fake_time.sleep
        ),
    )

    with pytest.raises(CommandError, match="TMDB failed"):
        run("--imdb", "tt0113277")
