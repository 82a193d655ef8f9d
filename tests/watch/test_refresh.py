"""`cinematheque watch refresh-offers` and `refresh_watch_offers` against the local
replay of TMDB's answers; and the TMDB import recording when offers were fetched."""

from __future__ import annotations

import datetime
import functools
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cinematheque.catalogue.models import WatchOffer, WatchOfferFetch
from cinematheque.cli import build_parser
from cinematheque.ingest import tmdb
from cinematheque.watch.where.refresh import films_due, refresh_watch_offers
from tests import factories
from tests.ingest.tmdb_replay import FIXTURES, NOT_FOUND, Answer, ok

pytestmark = pytest.mark.django_db

WEEK = datetime.timedelta(days=7)


class FakeTime:
    now = 1000.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def tmdb_settings(settings, tmdb_replay, monkeypatch):
    """Settings that point at the replay server; a client that never waits."""
    settings.TMDB_API_URL = tmdb_replay.url
    settings.TMDB_API_KEY = "test-key"
    fake = FakeTime()
    monkeypatch.setattr(
        tmdb,
        "client_from_settings",
        functools.partial(
            tmdb.client_from_settings, clock=fake.clock, sleep=fake.sleep
        ),
    )
    tmdb_replay.route("/configuration", ok("configuration.json"))
    return tmdb_replay


def json_answer(data: dict) -> Answer:
    return Answer(200, body=json.dumps(data).encode())


def aged_fetch(film, days: float) -> None:
    WatchOfferFetch.objects.update_or_create(
        film=film,
        defaults={"fetched_at": timezone.now() - datetime.timedelta(days=days)},
    )


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("refresh_watch_offers", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_records_the_fetch_even_when_the_block_is_empty(tmdb_settings):
    heat = factories.make_film(title="Heat", year=1995, slug="heat-1995", tmdb_id=949)
    data = json.loads((FIXTURES / "movie_949.json").read_text())
    data["watch/providers"] = {"results": {}}
    tmdb_settings.route("/movie/949", json_answer(data))
    before = timezone.now()

    call_command("import_tmdb", "--film", "heat-1995", stdout=io.StringIO())

    fetch = WatchOfferFetch.objects.get(film=heat)
    assert before <= fetch.fetched_at <= timezone.now()
    assert fetch.source is not None
    assert fetch.source.key == "tmdb"
    assert not WatchOffer.objects.filter(film=heat).exists()


def test_import_without_the_block_records_no_fetch(tmdb_settings):
    heat = factories.make_film(title="Heat", year=1995, slug="heat-1995", tmdb_id=949)
    tmdb_settings.route("/movie/949", ok("movie_949.json"))

    call_command("import_tmdb", "--film", "heat-1995", stdout=io.StringIO())

    assert not WatchOfferFetch.objects.filter(film=heat).exists()


def test_import_with_offers_records_the_fetch_beside_them(tmdb_settings):
    film = factories.make_film(title="Fight Club", year=1999, tmdb_id=550)
    tmdb_settings.route("/movie/550", ok("movie_550_append.json"))

    call_command("import_tmdb", "--film", film.slug, stdout=io.StringIO())

    assert WatchOfferFetch.objects.filter(film=film).exists()
    assert WatchOffer.objects.filter(film=film, provider="Netflix").exists()


def test_films_due_are_never_fetched_first_then_the_oldest():
    fresh = factories.make_film(tmdb_id=1)
    old = factories.make_film(tmdb_id=2)
    older = factories.make_film(tmdb_id=3)
    never = factories.make_film(tmdb_id=4)
    factories.make_film(tmdb_id=None)
    aged_fetch(fresh, 1)
    aged_fetch(old, 10)
    aged_fetch(older, 30)

    assert list(films_due(older_than=WEEK)) == [never, older, old]
    assert list(films_due(older_than=WEEK, limit=2)) == [never, older]


def test_refresh_fetches_the_providers_alone_and_stores_them(tmdb_settings):
    film = factories.make_film(title="Avengers: Infinity War", tmdb_id=299536)
    tmdb_settings.route(
        "/movie/299536/watch/providers", ok("movie_299536_watch_providers.json")
    )

    report = refresh_watch_offers(older_than=WEEK, limit=None)

    assert (report.checked, report.changed, report.unchanged) == (1, 1, 0)
    assert set(
        WatchOffer.objects.filter(film=film).values_list("country", flat=True)
    ) == {"BE", "CA", "CY", "DE"}
    assert WatchOfferFetch.objects.filter(film=film).exists()
    assert tmdb_settings.paths() == ["/movie/299536/watch/providers"]


def test_refresh_forgets_the_cached_fragment_of_a_changed_film(client, tmdb_settings):
    film = factories.make_film(title="Avengers", slug="avengers", tmdb_id=299536)
    aged_fetch(film, 30)
    url = "/watch/films/avengers/offers/?region=DE"
    assert "Where-to-watch data" not in client.get(url).content.decode()
    tmdb_settings.route(
        "/movie/299536/watch/providers", ok("movie_299536_watch_providers.json")
    )

    refresh_watch_offers(older_than=WEEK, limit=None)

    assert "Disney Plus" in client.get(url).content.decode()


def test_refresh_leaves_fresh_films_and_counts_unchanged_ones(tmdb_settings):
    fresh = factories.make_film(tmdb_id=11)
    stale = factories.make_film(tmdb_id=12)
    aged_fetch(fresh, 1)
    aged_fetch(stale, 9)
    tmdb_settings.route("/movie/12/watch/providers", json_answer({"results": {}}))

    report = refresh_watch_offers(older_than=WEEK, limit=None)

    assert (report.checked, report.changed, report.unchanged) == (1, 0, 1)
    assert WatchOfferFetch.objects.get(film=stale).fetched_at > timezone.now() - WEEK
    assert "/movie/11/watch/providers" not in tmdb_settings.paths()


def test_refresh_removes_offers_that_are_gone(tmdb_settings):
    film = factories.make_film(tmdb_id=299536)
    tmdb_settings.route(
        "/movie/299536/watch/providers", ok("movie_299536_watch_providers.json")
    )
    refresh_watch_offers(older_than=WEEK, limit=None)
    tmdb_settings.route("/movie/299536/watch/providers", json_answer({"results": {}}))

    report = refresh_watch_offers(older_than=datetime.timedelta(0), limit=None)

    assert report.changed == 1
    assert not WatchOffer.objects.filter(film=film).exists()


def test_command_reports_a_failed_film_and_goes_on(tmdb_settings):
    missing = factories.make_film(slug="missing", tmdb_id=1)
    found = factories.make_film(slug="found", tmdb_id=2)
    WatchOffer.objects.create(film=missing, country="FR", kind="buy", provider="Kept")
    tmdb_settings.route("/movie/1/watch/providers", NOT_FOUND)
    tmdb_settings.route(
        "/movie/2/watch/providers", ok("movie_299536_watch_providers.json")
    )

    out, err = run("--older-than", "7")

    assert "checked: 2; changed: 1; unchanged: 0; failed: 1" in out
    assert "Failed missing:" in err
    assert WatchOffer.objects.filter(film=missing, provider="Kept").exists()
    assert WatchOffer.objects.filter(film=found).count() > 0


def test_command_limit_takes_the_oldest_first(tmdb_settings):
    newer = factories.make_film(tmdb_id=21)
    oldest = factories.make_film(tmdb_id=22)
    aged_fetch(newer, 8)
    aged_fetch(oldest, 40)
    tmdb_settings.route("/movie/22/watch/providers", json_answer({"results": {}}))

    out, _err = run("--limit", "1")

    assert "checked: 1;" in out
    assert tmdb_settings.paths() == ["/movie/22/watch/providers"]


def test_command_refuses_bad_options(db):
    with pytest.raises(CommandError, match="--limit must be a positive"):
        run("--limit", "0")
    with pytest.raises(CommandError, match="--older-than must be 0 or"):
        run("--older-than", "-1")


def test_command_fails_when_every_film_fails(tmdb_settings):
    factories.make_film(tmdb_id=31)
    tmdb_settings.route("/movie/31/watch/providers", NOT_FOUND)

    with pytest.raises(CommandError, match="No film's offers could be fetched"):
        run()


def test_console_script_has_watch_refresh_offers():
    args = build_parser().parse_args(
        ["watch", "refresh-offers", "--older-than", "3", "--limit", "50"]
    )

    assert (args.command, args.action) == ("watch", "refresh-offers")
    assert (args.older_than, args.limit) == (3, 50)
    assert args.func.__name__ == "cmd_refresh_offers"
