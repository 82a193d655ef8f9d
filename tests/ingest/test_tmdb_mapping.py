"""TMDB's answers (real captured responses) mapped to the normalised records."""

from __future__ import annotations

import copy
import datetime
import json
from pathlib import Path

import pytest

from cinematheque.ingest.records import (
    Department,
    ExternalId,
    ImageKind,
    InvalidRecord,
    Money,
    OfferKind,
    ReleaseKind,
    VideoKind,
    VideoSite,
)
from cinematheque.ingest.tmdb import MappingReport, film_record, person_record

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tmdb"


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def fight_club() -> dict:
    return load("movie_550_append.json")


def test_film_fields_and_ids(fight_club):
    record = film_record(fight_club)

    assert record.ids == (
        ExternalId.tmdb(550),
        ExternalId.imdb("tt0137523"),
        ExternalId.wikidata("Q190050"),
    )
    assert record.title == "Fight Club"
    assert record.original_title == "Fight Club"
    assert record.year == 1999
    assert record.runtime == 139
    assert record.tagline.startswith("How much can you know about yourself")
    assert record.budget == Money(63_000_000, "USD")
    assert record.box_office == Money(100_853_753, "USD")
    assert record.original_language == "en"
    assert record.genres == ("Drama",)
    assert record.keywords == ("dual identity", "based on novel or book")


def test_heat_without_appended_blocks_leaves_every_collection_unlooked(fight_club):
    record = film_record(load("movie_949.json"))

    assert record.title == "Heat"
    assert record.budget == Money(60_000_000, "USD")
    assert record.box_office == Money(187_436_818, "USD")
    assert record.genres == ("Action", "Crime", "Drama", "Thriller")
    assert record.countries == ("US",)
    assert record.languages == ("en", "es")
    assert record.companies == (
        "Regency Enterprises",
        "Forward Pass",
        "Warner Bros. Pictures",
    )
    # No appended block: None (this fetch did not look), never an empty tuple that
    # would erase what an earlier fetch stored.
    for collection in (
        "credits",
        "videos",
        "keywords",
        "release_dates",
        "certifications",
        "watch_providers",
        "alternative_titles",
    ):
        assert getattr(record, collection) is None, collection
    assert [image.path for image in record.images] == [
        "/rrBuGu0Pjq7Y2BWSI6teGfZzviY.jpg",
        "/rfEXNlql4CafRmtgp2VFQrBC4sh.jpg",
    ]


def test_cast_keeps_tmdb_billing_order_and_crew_its_departments(fight_club):
    record = film_record(fight_club)

    (norton, fincher) = record.credits
    assert norton.department == Department.ACTING
    assert norton.character == "The Narrator"
    assert norton.order == 0
    assert norton.person.ids == (ExternalId.tmdb(819),)
    assert norton.person.name == "Edward Norton"
    assert norton.person.profile_image.path == "/5XBzD5WuTyVQZeS4nbcA3Yoimg.jpg"
    assert fincher.department == Department.DIRECTING
    assert fincher.job == "Director"
    assert fincher.order is None


def test_a_person_twice_in_the_cast_gets_one_credit_naming_both_characters(fight_club):
    data = copy.deepcopy(fight_club)
    twin = dict(data["credits"]["cast"][0], character="Jack", order=5)
    data["credits"]["cast"].append(twin)
    data["credits"]["crew"].append(dict(data["credits"]["crew"][0]))  # a repeat
    data["credits"]["crew"].append(
        dict(data["credits"]["crew"][0], department="Costume & Make-Up", job="Wigs")
    )

    credits = film_record(data).credits

    assert [c.character for c in credits if c.department == Department.ACTING] == [
        "The Narrator / Jack"
    ]
    assert [c.job for c in credits if c.department != Department.ACTING] == ["Director"]


def test_release_dates_and_one_certification_per_country(fight_club):
    record = film_record(fight_club)

    (release,) = record.release_dates
    assert release.date == datetime.date(1999, 10, 15)
    assert release.country == "US"
    assert release.kind == ReleaseKind.THEATRICAL
    assert release.note == "Wide release"
    assert record.certification_in("US") == "R"


def test_theatrical_rating_wins_over_a_premiere_rating(fight_club):
    data = copy.deepcopy(fight_club)
    data["release_dates"]["results"] = [
        {
            "iso_3166_1": "GB",
            "release_dates": [
                {
                    "certification": "15",
                    "release_date": "1999-10-01T00:00:00.000Z",
                    "type": 1,
                    "note": "London Film Festival",
                    "iso_639_1": "",
                },
                {
                    "certification": "",
                    "release_date": "1999-11-12T00:00:00.000Z",
                    "type": 4,
                    "note": "",
                    "iso_639_1": "",
                },
                {
                    "certification": "18",
                    "release_date": "1999-11-12T00:00:00.000Z",
                    "type": 3,
                    "note": "",
                    "iso_639_1": "",
                },
            ],
        },
        {
            "iso_3166_1": "FR",
            "release_dates": [{"certification": "", "release_date": "", "type": 3}],
        },
    ]

    record = film_record(data)

    assert record.certification_in("GB") == "18"
    assert record.certification_in("FR") is None
    assert [r.kind for r in record.release_dates] == [
        ReleaseKind.PREMIERE,
        ReleaseKind.DIGITAL,
        ReleaseKind.THEATRICAL,
    ]


def test_videos_images_titles_and_watch_providers(fight_club):
    record = film_record(fight_club)

    (trailer,) = record.videos
    assert (trailer.kind, trailer.site, trailer.key) == (
        VideoKind.TRAILER,
        VideoSite.YOUTUBE,
        "SUXWAEX2jlg",
    )
    assert trailer.published_at == datetime.datetime(1999, 9, 10, tzinfo=datetime.UTC)
    # poster_path is null: the first poster is the images block's.
    assert [(i.kind, i.path) for i in record.images] == [
        (ImageKind.BACKDROP, "/fCayJrkfRaCRCTh8GqN30f8oyQF.jpg"),
        (ImageKind.POSTER, "/fpemzjF623QVTe98pCVlwwtFC5N.jpg"),
    ]
    assert record.images[1].width == 1200
    assert [
        (t.title, t.country, t.language, t.kind) for t in record.alternative_titles
    ] == [
        ("Fight Club", "DE", "", ""),
        ("Fight Club", "DE", "de", "translation"),
    ]
    (netflix,) = record.watch_providers
    assert netflix.country == "US"
    assert netflix.provider == "Netflix"
    assert netflix.kind == OfferKind.FLATRATE
    assert netflix.display_priority == 1
    assert netflix.link == "https://www.themoviedb.org/movie/550/watch?locale=US"


def test_unembeddable_videos_and_bad_items_are_skipped_and_reported(fight_club):
    data = copy.deepcopy(fight_club)
    data["videos"]["results"] += [
        {"key": "abc", "site": "Dailymotion", "type": "Trailer", "name": "Elsewhere"},
        {"key": "", "site": "Vimeo", "type": "Teaser", "name": "No key"},
    ]
    data["watch/providers"]["results"]["usa"] = {
        "flatrate": [{"provider_name": "Bad region", "provider_id": 1}]
    }
    report = MappingReport()

    record = film_record(data, report=report)

    assert [v.key for v in record.videos] == ["SUXWAEX2jlg"]
    assert [p.country for p in record.watch_providers] == ["US"]
    assert len(report.skipped) == 2
    assert any("usa" in line for line in report.skipped)


def test_empty_blocks_are_complete_empty_lists(fight_club):
    data = copy.deepcopy(fight_club)
    data["videos"] = {"results": []}
    data["watch/providers"] = {"results": {}}
    data["keywords"] = {"keywords": []}

    record = film_record(data)

    assert record.videos == ()
    assert record.watch_providers == ()
    assert record.keywords == ()


def test_unknown_money_dates_and_text_are_no_value(fight_club):
    data = dict(
        fight_club,
        budget=0,
        revenue=0,
        release_date="",
        tagline="",
        imdb_id="",
        runtime=0,
        external_ids={"imdb_id": "bad-id"},
    )

    record = film_record(data)

    assert record.budget is None
    assert record.box_office is None
    assert record.year is None
    assert record.tagline is None
    assert record.runtime is None
    assert record.ids == (ExternalId.tmdb(550),)


def test_an_answer_without_an_id_is_invalid():
    with pytest.raises(InvalidRecord, match="no film id"):
        film_record({"title": "Nobody knows"})


def test_person_record_from_a_person_answer():
    person = person_record(load("person_287.json"))

    assert person.ids == (ExternalId.tmdb(287), ExternalId.imdb("nm0000093"))
    assert person.name == "Brad Pitt"
    assert person.birth_year == 1963
    assert person.death_year is None
    assert person.profile_image.path == "/kU3B75TyRiCgE270EyZnHjfivoq.jpg"
    assert person.known_for_department == "Acting"
