"""A small, realistic catalogue for page tests: Heat (1995) with its people, scores
and a related film, plus a film that has almost no data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from cinematheque.catalogue.models import (
    Company,
    Country,
    Film,
    FilmRelation,
    Language,
    ReviewScore,
    Source,
)
from cinematheque.people.models import Credit, Person
from tests import factories

HEAT_CAST = [
    ("Al Pacino", "Lt. Vincent Hanna"),
    ("Robert De Niro", "Neil McCauley"),
    ("Val Kilmer", "Chris Shiherlis"),
    ("Jon Voight", ""),
    ("Tom Sizemore", "Michael Cheritto"),
    ("Diane Venora", "Justine Hanna"),
]


@dataclass
class HeatSample:
    source: Source
    heat: Film
    takedown: Film
    bare: Film
    mann: Person
    pacino: Person


def make_heat_sample() -> HeatSample:
    """Heat (1995), L.A. Takedown (1989) of which Heat is a remake, and a bare film."""
    source = factories.make_source(
        key="wikidata",
        name="Wikidata",
        url="https://www.wikidata.org/",
        licence="CC0 1.0",
        licence_url="https://creativecommons.org/publicdomain/zero/1.0/",
        attribution="Wikidata contributors, CC0",
    )
    heat = factories.make_film(
        title="Heat",
        year=1995,
        slug="heat-1995",
        release_date=datetime.date(1995, 12, 15),
        runtime=170,
        certification="R",
        certification_country="US",
        budget=60_000_000,
        box_office=187_436_818,
        imdb_id="tt0113277",
        wikidata_id="Q42198",
        notability=50,
        source=source,
    )
    heat.genres.add(factories.make_genre("Crime"), factories.make_genre("Drama"))
    heat.countries.add(factories.make_named(Country, "United States"))
    heat.languages.add(factories.make_named(Language, "English"))
    heat.companies.add(factories.make_named(Company, "Regency Enterprises"))
    mann = factories.make_person(name="Michael Mann", slug="michael-mann")
    factories.make_credit(
        film=heat, person=mann, department=Credit.Department.DIRECTING, source=source
    )
    factories.make_credit(
        film=heat,
        person=mann,
        department=Credit.Department.WRITING,
        job="Screenplay",
        source=source,
    )
    people = {}
    for order, (name, character) in enumerate(HEAT_CAST):
        people[name] = factories.make_person(
            name=name, slug=name.lower().replace(" ", "-")
        )
        factories.make_credit(
            film=heat,
            person=people[name],
            order=order,
            character=character,
            source=source,
        )
    factories.make_review_score(
        film=heat,
        source=source,
        kind=ReviewScore.Kind.TOMATOMETER,
        value=84,
        review_count=154,
    )
    factories.make_review_score(
        film=heat, source=source, kind=ReviewScore.Kind.RT_AVERAGE, value=7.8, scale=10
    )
    factories.make_review_score(
        film=heat, source=source, kind=ReviewScore.Kind.METACRITIC, value=76
    )
    takedown = factories.make_film(
        title="L.A. Takedown",
        year=1989,
        slug="la-takedown-1989",
        runtime=97,
        notability=5,
        source=source,
    )
    takedown.genres.add(factories.make_genre("Crime"))
    factories.make_credit(
        film=takedown,
        person=mann,
        department=Credit.Department.DIRECTING,
        source=source,
    )
    factories.make_relation(
        from_film=heat, to_film=takedown, kind=FilmRelation.Kind.REMAKE_OF
    )
    # An older Pacino film, so his filmography has an order to check.
    godfather = factories.make_film(
        title="The Godfather", year=1972, slug="the-godfather-1972", notability=60
    )
    factories.make_credit(
        film=godfather, person=people["Al Pacino"], character="Michael Corleone"
    )
    bare = factories.make_film(title="Untitled Reel", year=None, slug="untitled-reel")
    return HeatSample(
        source=source,
        heat=heat,
        takedown=takedown,
        bare=bare,
        mann=mann,
        pacino=people["Al Pacino"],
    )
