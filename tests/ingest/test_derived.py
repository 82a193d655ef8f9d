"""Derived values: film notability, person prominence and the estimated billing of casts
that the source lists alphabetically."""

from __future__ import annotations

import itertools

import pytest

from cinematheque.catalogue.derived import (
    CastedFilm,
    estimate_billing,
    film_notability,
    person_prominence,
)
from cinematheque.catalogue.models import Film
from cinematheque.people.models import Credit, Person


def test_notability_is_zero_without_facts_and_100_with_all_of_them():
    assert (
        film_notability(
            review_count=None,
            box_office=None,
            has_metacritic=False,
            cast_size=0,
            oscar_wins=None,
        )
        == 0
    )
    assert (
        film_notability(
            review_count=388,
            box_office=2_847_379_794,
            has_metacritic=True,
            cast_size=118,
            oscar_wins=11,
        )
        == 100
    )


def test_notability_grows_with_each_signal():
    base = {
        "review_count": 20,
        "box_office": 1_000_000,
        "has_metacritic": False,
        "cast_size": 5,
        "oscar_wins": 0,
    }
    before = film_notability(**base)
    for name, more in [
        ("review_count", 200),
        ("box_office", 100_000_000),
        ("has_metacritic", True),
        ("cast_size", 25),
        ("oscar_wins", 2),
    ]:
        assert film_notability(**{**base, name: more}) > before, name
    # Tiny box-office figures (the source has some) earn nothing.
    assert film_notability(**{**base, "box_office": 7}) == film_notability(
        **{**base, "box_office": None}
    )


_ids = itertools.count(1)


def _film(cast: list[int], *, year: int = 1995, notability: float = 50) -> CastedFilm:
    return CastedFilm(pk=next(_ids), year=year, notability=notability, cast=tuple(cast))


def _billing(films: list[CastedFilm], film: CastedFilm, names: dict[int, str]):
    estimate = estimate_billing(films, names=names)
    return sorted(film.cast, key=lambda p: estimate.ranks[(film.pk, p)])


def test_a_prolific_bit_player_does_not_outrank_the_leads():
    star, costar, bit = 1, 2, 3
    names = {star: "Zed Star", costar: "Yul Costar", bit: "Abe Bitplayer"}
    extras = itertools.count(100)
    films = []
    # The stars lead a handful of well-known films.
    films += [
        _film([star, next(extras), next(extras)], notability=70) for _ in range(8)
    ]
    films += [_film([costar, next(extras)], notability=65) for _ in range(6)]
    # The bit player has sixty small parts, each in a film led by two actors with
    # careers of their own: many films, but he is never the reason they are known.
    for _ in range(60):
        leads = [next(extras), next(extras)]
        for lead in leads:
            films += [_film([lead, next(extras)], notability=75) for _ in range(12)]
        films.append(_film([*leads, bit, next(extras)], notability=50))
    heat = _film([bit, costar, star, next(extras), next(extras)], notability=80)
    films.append(heat)
    billed = _billing(films, heat, names)
    assert billed[:2] == [star, costar]
    assert billed.index(bit) == 2


def test_later_fame_does_not_make_a_newcomer_the_lead():
    veteran, newcomer = 1, 2
    names = {veteran: "Vera Veteran", newcomer: "Ned Newcomer"}
    extras = itertools.count(100)
    films = [
        _film([veteran, next(extras)], year=1975 + i, notability=60) for i in range(10)
    ]
    debut = _film([newcomer, veteran, next(extras)], year=1995, notability=70)
    films.append(debut)
    films += [_film([newcomer], year=2005 + i, notability=95) for i in range(10)]
    assert _billing(films, debut, names)[0] == veteran


def test_billing_ties_fall_back_to_the_name():
    films = [_film([1, 2, 3])]
    names = {1: "Carol", 2: "Alice", 3: "Bob"}
    assert _billing(films, films[0], names) == [2, 3, 1]


def test_billing_is_the_same_on_every_run():
    extras = itertools.count(10)
    films = [
        _film(
            [next(extras) % 40 for _ in range(6)],
            year=1990 + i % 20,
            notability=(i * 37) % 100,
        )
        for i in range(60)
    ]
    names = {p: f"Person {p}" for p in range(50)}
    assert estimate_billing(films, names=names) == estimate_billing(
        list(reversed(films)), names=names
    )


def test_prominence_is_a_shrunk_mean_of_film_notability():
    notability = {1: 80.0, 2: 80.0, 3: 20.0}
    prominence = person_prominence(
        [(7, 1, 1.0), (7, 2, 1.0), (8, 1, 1.0), (8, 1, 0.5), (9, 3, 1.0)],
        notability,
    )
    assert prominence[7] > prominence[8] > prominence[9]
    assert prominence[8] == round(80 / 6, 2)  # one film, counted once


@pytest.mark.django_db
def test_heat_leads_come_first_in_the_fixture(imported):
    heat = Film.objects.get(slug="heat-1995")
    cast = heat.credits.filter(department=Credit.Department.ACTING).order_by("order")
    assert set(cast.values_list("order_is_estimated", flat=True)) == {True}
    assert list(cast.values_list("order", flat=True)) == list(range(cast.count()))
    first_three = list(cast.values_list("person__name", flat=True)[:3])
    assert {"Al Pacino", "Robert De Niro"} <= set(first_three)
    assert Person.objects.get(name="Al Pacino").prominence > (
        Person.objects.get(name="Danny Trejo").prominence
    )


@pytest.mark.django_db
def test_notability_ranks_the_famous_heat_first(imported):
    heats = Film.objects.filter(title="Heat").order_by("-notability")
    assert [film.year for film in heats] == [1995, 1987, 1972]
    assert all(0 <= film.notability <= 100 for film in Film.objects.all())
