"""TMDB's videos: every type it lists mapped to a kind, with the official flag and the
publication date, stored through the replay server and the shared upsert.

The answers are the real `movie_550_append.json` with its `videos.results` replaced
by items of the same shape as its own (TMDB's fields: iso_639_1, iso_3166_1, name,
key, site, size, type, official, published_at, id)."""

from __future__ import annotations

import datetime
import functools
import io
import json

import pytest
from django.core.management import call_command

from cinematheque.catalogue.models import Video
from cinematheque.ingest import tmdb
from cinematheque.ingest.records import VideoKind
from cinematheque.ingest.tmdb import MappingReport, film_record
from tests import factories
from tests.ingest.tmdb_replay import FIXTURES, Answer, ok


def tmdb_video(
    key: str,
    kind: str,
    *,
    name: str = "",
    language: str = "en",
    official: object = True,
    published_at: str = "2023-10-12T16:00:44.000Z",
    site: str = "YouTube",
) -> dict:
    item = {
        "iso_639_1": language,
        "iso_3166_1": "US",
        "name": name or f"{kind} {key}",
        "key": key,
        "site": site,
        "size": 1080,
        "type": kind,
        "published_at": published_at,
        "id": f"id-{key}",
    }
    if official is not None:
        item["official"] = official
    return item


def fight_club_with(videos: list[dict]) -> dict:
    data = json.loads((FIXTURES / "movie_550_append.json").read_text("utf-8"))
    data["videos"]["results"] = videos
    return data


EVERY_TYPE = [
    tmdb_video("tr1", "Trailer", official=True),
    tmdb_video("te1", "Teaser", official=False, language="de"),
    tmdb_video("cl1", "Clip"),
    tmdb_video("fe1", "Featurette"),
    tmdb_video("bts", "Behind the Scenes"),
    tmdb_video("blo", "Bloopers"),
    tmdb_video("opc", "Opening Credits"),
    tmdb_video("vim", "Trailer", site="Vimeo", official=None, published_at=""),
    tmdb_video("unk", "Recap"),
    tmdb_video("dly", "Trailer", site="Dailymotion"),
]


def test_every_tmdb_type_the_pages_can_show_is_mapped_to_a_kind():
    record = film_record(fight_club_with(EVERY_TYPE))

    assert [(video.key, video.kind) for video in record.videos] == [
        ("tr1", VideoKind.TRAILER),
        ("te1", VideoKind.TEASER),
        ("cl1", VideoKind.CLIP),
        ("fe1", VideoKind.FEATURETTE),
        ("bts", VideoKind.BEHIND_THE_SCENES),
        ("blo", VideoKind.BLOOPERS),
        ("opc", VideoKind.CLIP),
        ("vim", VideoKind.TRAILER),
    ]


def test_official_is_only_tmdbs_explicit_true_and_the_date_is_utc():
    record = film_record(
        fight_club_with(
            [
                *EVERY_TYPE[:2],
                EVERY_TYPE[7],
                tmdb_video("str", "Trailer", official="true"),
            ]
        )
    )

    by_key = {video.key: video for video in record.videos}
    assert by_key["tr1"].official is True
    assert by_key["te1"].official is False
    assert by_key["vim"].official is False  # no flag in the answer: no claim
    assert by_key["str"].official is False  # a string is not TMDB's boolean
    assert by_key["tr1"].published_at == datetime.datetime(
        2023, 10, 12, 16, 0, 44, tzinfo=datetime.UTC
    )
    assert by_key["vim"].published_at is None


def test_a_video_without_a_key_is_reported_and_the_others_are_kept():
    report = MappingReport()
    broken = tmdb_video("x", "Trailer")
    del broken["key"]

    record = film_record(fight_club_with([broken, EVERY_TYPE[0]]), report=report)

    assert [video.key for video in record.videos] == ["tr1"]
    assert any(line.startswith("video:") for line in report.skipped)


@pytest.fixture
def tmdb_settings(settings, tmdb_replay, fake_time, monkeypatch):
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


def run_import(*args: str) -> str:
    out = io.StringIO()
    call_command("import_tmdb", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def answer(videos: list[dict]) -> Answer:
    return Answer(body=json.dumps(fight_club_with(videos)).encode())


@pytest.mark.django_db
def test_import_stores_kind_official_flag_and_date_and_updates_them(tmdb_settings):
    film = factories.make_film(title="Fight Club", year=1999, tmdb_id=550)
    tmdb_settings.route("/movie/550", answer(EVERY_TYPE))

    run_import("--film", film.slug)

    stored = {
        video.key: video
        for video in Video.objects.filter(film=film).select_related("source")
    }
    assert set(stored) == {"tr1", "te1", "cl1", "fe1", "bts", "blo", "opc", "vim"}
    assert stored["bts"].kind == Video.Kind.BEHIND_THE_SCENES
    assert stored["blo"].kind == Video.Kind.BLOOPERS
    assert stored["te1"].language == "de"
    assert (stored["tr1"].official, stored["te1"].official) == (True, False)
    assert stored["tr1"].published_at == datetime.datetime(
        2023, 10, 12, 16, 0, 44, tzinfo=datetime.UTC
    )
    assert stored["vim"].site == Video.Site.VIMEO
    assert stored["vim"].published_at is None
    assert stored["tr1"].source.key == "tmdb"

    # TMDB later marks the teaser official and re-dates the trailer; one video goes.
    changed = [
        tmdb_video("tr1", "Trailer", published_at="2023-07-11T16:00:39.000Z"),
        tmdb_video("te1", "Teaser", official=True, language="de"),
    ]
    tmdb_settings.route("/movie/550", answer(changed))

    out = run_import("--film", film.slug)

    stored = {video.key: video for video in Video.objects.filter(film=film)}
    assert set(stored) == {"tr1", "te1"}
    assert stored["te1"].official is True
    assert stored["tr1"].published_at == datetime.datetime(
        2023, 7, 11, 16, 0, 39, tzinfo=datetime.UTC
    )
    assert "Videos: 0 created, 2 updated, 6 deleted" in out


@pytest.mark.django_db
def test_a_second_identical_import_changes_no_video(tmdb_settings):
    film = factories.make_film(title="Fight Club", year=1999, tmdb_id=550)
    tmdb_settings.route("/movie/550", answer(EVERY_TYPE))
    run_import("--film", film.slug)

    out = run_import("--film", film.slug)

    assert "written: 0; unchanged: 1" in out
