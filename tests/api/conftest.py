"""Films and people for the API tests, built with the plain factories."""

from __future__ import annotations

import datetime
from datetime import date
from types import SimpleNamespace

import pytest

from cinematheque.catalogue.models import Company, Country, Language, ReviewScore
from cinematheque.people.models import Credit
from tests import factories


@pytest.fixture
def heat(db) -> SimpleNamespace:
    """A film with every kind of fact filled in, and the rows around it."""
    wikidata = factories.make_source(
        key="wikidata",
        name="Wikidata",
        url="https://www.wikidata.org/",
        licence="CC0 1.0",
        licence_url="https://creativecommons.org/publicdomain/zero/1.0/",
        attribution="Wikidata contributors, CC0",
        retrieved_on=date(2024, 2, 1),
    )
    critics = factories.make_source(
        key="critics",
        name="Critics' aggregate",
        licence="CC0 1.0",
        attribution="Aggregated critics' scores",
    )
    film = factories.make_film(
        title="Heat",
        year=1995,
        slug="heat-1995",
        original_title="Heat",
        release_date=date(1995, 12, 15),
        runtime=170,
        certification="R",
        overview="A detective and a thief circle each other across Los Angeles.",
        budget=60_000_000,
        box_office=187_436_818,
        imdb_id="tt0113277",
        tmdb_id=949,
        wikidata_id="Q42198",
        source=wikidata,
    )
    film.genres.add(
        factories.make_genre("Crime"),
        factories.make_genre("Drama"),
        factories.make_genre("Thriller"),
    )
    film.countries.add(factories.make_named(Country, "United States"))
    film.languages.add(factories.make_named(Language, "English"))
    film.companies.add(factories.make_named(Company, "Forward Pass"))
    factories.make_review_score(
        film=film,
        kind=ReviewScore.Kind.TOMATOMETER,
        value=87,
        review_count=69,
        fresh_count=60,
        rotten_count=9,
        source=critics,
    )
    factories.make_review_score(
        film=film, kind=ReviewScore.Kind.IMDB, value=8.3, scale=10, source=critics
    )
    pacino = factories.make_person(name="Al Pacino", slug="al-pacino")
    de_niro = factories.make_person(name="Robert De Niro", slug="robert-de-niro")
    kilmer = factories.make_person(name="Val Kilmer", slug="val-kilmer")
    mann = factories.make_person(name="Michael Mann", slug="michael-mann")
    factories.make_credit(
        film=film, person=kilmer, character="Chris Shiherlis", order=2,
        order_is_estimated=True,
    )  # fmt: skip
    factories.make_credit(film=film, person=de_niro, character="Neil McCauley", order=1)
    factories.make_credit(film=film, person=pacino, character="Vincent Hanna", order=0)
    factories.make_credit(
        film=film, person=mann, department=Credit.Department.WRITING, job="Screenplay"
    )
    factories.make_credit(
        film=film, person=mann, department=Credit.Department.DIRECTING, job="Director"
    )
    takedown = factories.make_film(title="L.A. Takedown", year=1989, slug="la-takedown")
    factories.make_relation(from_film=film, to_film=takedown, source=wikidata)
    factories.make_credit(
        film=takedown, person=mann, department=Credit.Department.DIRECTING,
        job="Director",
    )  # fmt: skip
    factories.make_video(
        film=film,
        key="trailer-key",
        name="Official trailer",
        official=True,
        published_at=datetime.datetime(2015, 1, 10, 16, 0, tzinfo=datetime.UTC),
    )
    return SimpleNamespace(
        film=film,
        takedown=takedown,
        pacino=pacino,
        de_niro=de_niro,
        kilmer=kilmer,
        mann=mann,
        wikidata=wikidata,
        critics=critics,
    )
