from __future__ import annotations

import pytest

from cinematheque.catalogue.models import ReviewScore
from cinematheque.people.models import Credit
from cinematheque.recommendations.starting_points import where_to_start
from tests import factories

pytestmark = pytest.mark.django_db


def _titles(person, limit: int = 4) -> list[str]:
    return [start.film.title for start in where_to_start(person=person, limit=limit)]


def test_a_director_starts_with_films_they_directed():
    director = factories.make_person(name="A Director")
    for year, notability in ((1990, 40), (1994, 30)):
        film = factories.make_film(
            title=f"Directed {year}", year=year, notability=notability
        )
        factories.make_credit(
            film=film, person=director, department=Credit.Department.DIRECTING
        )
    blockbuster = factories.make_film(title="Cameo", year=1992, notability=95)
    factories.make_credit(film=blockbuster, person=director, order=40)

    starts = where_to_start(person=director, limit=2)

    assert [start.film.title for start in starts] == ["Directed 1990", "Directed 1994"]
    assert {start.role for start in starts} == {"Directed"}


def test_an_actor_starts_with_leading_roles_before_bit_parts():
    actor = factories.make_person(name="An Actor")
    lead = factories.make_film(title="Leading Role", year=1990, notability=30)
    bit = factories.make_film(title="Bit Part", year=1991, notability=60)
    factories.make_credit(film=lead, person=actor, order=2, character="Neil")
    factories.make_credit(film=bit, person=actor, order=25)

    starts = where_to_start(person=actor)

    assert [(s.film.title, s.role) for s in starts] == [
        ("Leading Role", "As Neil"),
        ("Bit Part", "Supporting role"),
    ]


def test_a_film_critics_loved_comes_before_a_better_known_flop():
    actor = factories.make_person(name="Acclaimed")
    loved = factories.make_film(title="Loved", year=1976, notability=60)
    flop = factories.make_film(title="Flop", year=1977, notability=75)
    factories.make_review_score(film=loved, kind=ReviewScore.Kind.TOMATOMETER, value=98)
    factories.make_review_score(film=flop, kind=ReviewScore.Kind.TOMATOMETER, value=9)
    for film in (loved, flop):
        factories.make_credit(film=film, person=actor, order=0)

    assert _titles(actor) == ["Loved", "Flop"]


def test_the_picks_spread_over_a_career():
    actor = factories.make_person(name="Long Career")
    for index in range(4):
        film = factories.make_film(
            title=f"Nineties {index}", year=1990 + index, notability=50 - index
        )
        factories.make_credit(film=film, person=actor, order=0)
    early = factories.make_film(title="Early Work", year=1972, notability=35)
    factories.make_credit(film=early, person=actor, order=0)

    assert "Early Work" in _titles(actor, limit=3)


def test_two_records_of_one_film_are_offered_once():
    actor = factories.make_person(name="Twice")
    for notability in (50, 10):
        film = factories.make_film(title="Same Film", year=1995, notability=notability)
        factories.make_credit(film=film, person=actor, order=0)
    other = factories.make_film(title="Other Film", year=1999, notability=5)
    factories.make_credit(film=other, person=actor, order=0)

    assert _titles(actor) == ["Same Film", "Other Film"]


def test_a_person_without_credits_has_nowhere_to_start():
    assert where_to_start(person=factories.make_person(name="Nobody")) == []


def test_where_to_start_takes_one_query(django_assert_num_queries):
    actor = factories.make_person(name="Busy")
    for index in range(30):
        film = factories.make_film(title=f"Film {index}", year=1950 + index)
        factories.make_review_score(film=film, value=50 + index)
        factories.make_credit(film=film, person=actor, order=index % 5)

    with django_assert_num_queries(1):
        assert len(where_to_start(person=actor)) == 4
