"""The record contract: what a source may hand to the upsert layer."""

from __future__ import annotations

import datetime

import pytest

from cinematheque.ingest.records import (
    Certification,
    CreditRecord,
    Department,
    ExternalId,
    FilmRecord,
    InvalidRecord,
    Money,
    Namespace,
    PersonRecord,
    ReleaseDate,
)

HEAT_IDS = (ExternalId.imdb("tt0113277"), ExternalId.tmdb(949))


def test_film_record_carries_ids_money_dates_and_credits() -> None:
    pacino = PersonRecord(ids=(ExternalId.imdb("nm0000199"),), name="Al Pacino")
    film = FilmRecord(
        ids=HEAT_IDS,
        title="Heat",
        year=1995,
        runtime=170,
        budget=Money(60_000_000, "USD"),
        release_dates=(ReleaseDate(datetime.date(1995, 12, 15), country="US"),),
        certifications=(Certification("US", "R"),),
        credits=(
            CreditRecord(
                person=pacino,
                department=Department.ACTING,
                job="Actor",
                character="Lt. Vincent Hanna",
                order=0,
            ),
        ),
    )
    assert film.id_in(Namespace.TMDB) == "949"
    assert film.id_in(Namespace.WIKIDATA) is None
    assert film.certification_in("US") == "R"
    assert film.certification_in("FR") is None
    assert film.videos is None  # not looked at, unlike () which means "none"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: FilmRecord(ids=()), "at least one external id"),
        (lambda: FilmRecord(ids=(ExternalId.imdb("nm0000199"),)), "not a valid imdb"),
        (lambda: FilmRecord(ids=(ExternalId("omdb", "1"),)), "not an id namespace"),
        (
            lambda: FilmRecord(
                ids=(ExternalId.tmdb(1), ExternalId.tmdb(2)), title="Two"
            ),
            "two tmdb ids",
        ),
        (lambda: FilmRecord(ids=HEAT_IDS, title=" "), "use None"),
        (lambda: FilmRecord(ids=HEAT_IDS, year=1066), "year 1066"),
        (lambda: FilmRecord(ids=HEAT_IDS, runtime=0), "runtime 0"),
        (lambda: FilmRecord(ids=HEAT_IDS, original_language="English"), "language"),
        (lambda: Money(-1), "negative"),
        (lambda: Money(10, "dollars"), "currency"),
        (lambda: Certification("USA", "R"), "country"),
        (
            lambda: PersonRecord(
                ids=(ExternalId.imdb("nm0000199"),), birth_year=1990, death_year=1980
            ),
            "before birth year",
        ),
    ],
)
def test_a_record_that_breaks_the_contract_says_why(build, message: str) -> None:
    with pytest.raises(InvalidRecord, match=message):
        build()
