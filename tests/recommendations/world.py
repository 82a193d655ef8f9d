"""A small catalogue around Heat (1995) in which a film lover knows the right answers."""

from __future__ import annotations

from dataclasses import dataclass

from cinematheque.catalogue.models import Country, Film, FilmRelation, Language
from cinematheque.people.models import Credit, Person
from tests import factories


@dataclass
class World:
    heat: Film
    heat_twin: Film
    collateral: Film
    thief: Film
    righteous_kill: Film
    godfather_2: Film
    crime_1995: Film
    crime_1996: Film
    comedy: Film
    mann: Person
    de_niro: Person
    pacino: Person
    kilmer: Person


def make_catalogue_film(
    title: str, year: int, genres: list[str], notability: float = 10
) -> Film:
    film = factories.make_film(title=title, year=year, notability=notability)
    film.genres.set([factories.make_genre(name) for name in genres])
    film.countries.set([factories.make_named(Country, "United States")])
    film.languages.set([factories.make_named(Language, "English")])
    return film


def _cast(film: Film, *people: Person) -> None:
    for order, person in enumerate(people):
        factories.make_credit(film=film, person=person, order=order)


def _directs(film: Film, person: Person) -> None:
    factories.make_credit(
        film=film,
        person=person,
        department=Credit.Department.DIRECTING,
        job="Director",
    )


def build_world() -> World:
    mann = factories.make_person(name="Michael Mann")
    de_niro = factories.make_person(name="Robert De Niro")
    pacino = factories.make_person(name="Al Pacino")
    kilmer = factories.make_person(name="Val Kilmer")
    bit_player = factories.make_person(name="Prolific Bit Player")
    extras = [factories.make_person(name=f"Extra {n}") for n in range(12)]

    heat = make_catalogue_film(
        "Heat", 1995, ["Crime", "Thriller", "Drama", "Action"], 90
    )
    heat_twin = make_catalogue_film(
        "Heat", 1995, ["Crime", "Thriller", "Drama", "Action"], 5
    )
    FilmRelation.objects.create(
        from_film=heat_twin, to_film=heat, kind=FilmRelation.Kind.VERSION_OF
    )
    collateral = make_catalogue_film(
        "Collateral", 2004, ["Crime", "Thriller", "Drama"], 60
    )
    thief = make_catalogue_film("Thief", 1981, ["Crime", "Drama"], 20)
    righteous_kill = make_catalogue_film(
        "Righteous Kill", 2008, ["Crime", "Thriller"], 25
    )
    godfather_2 = make_catalogue_film(
        "The Godfather Part II", 1974, ["Crime", "Drama"], 95
    )
    crime_1995 = make_catalogue_film("Casino", 1995, ["Crime", "Drama"], 80)
    crime_1996 = make_catalogue_film("Fargo", 1996, ["Crime", "Thriller"], 85)
    comedy = make_catalogue_film("A Comedy", 1995, ["Comedy"], 99)

    for film in (heat, heat_twin):
        _directs(film, mann)
        _cast(film, pacino, de_niro, kilmer, bit_player)
    _directs(collateral, mann)
    _directs(thief, mann)
    _cast(righteous_kill, de_niro, pacino)
    _cast(godfather_2, pacino, de_niro)
    _cast(comedy, kilmer)
    # The bit player is in everything, so sharing them says little.
    for film in (crime_1995, crime_1996, comedy, collateral):
        _cast(film, *extras[:3])
        factories.make_credit(film=film, person=bit_player, order=30)
    for index, extra in enumerate(extras):
        other = make_catalogue_film(f"Filler {index}", 1960 + index, ["Western"], 1)
        _cast(other, extra, bit_player)
    return World(
        heat=heat,
        heat_twin=heat_twin,
        collateral=collateral,
        thief=thief,
        righteous_kill=righteous_kill,
        godfather_2=godfather_2,
        crime_1995=crime_1995,
        crime_1996=crime_1996,
        comedy=comedy,
        mann=mann,
        de_niro=de_niro,
        pacino=pacino,
        kilmer=kilmer,
    )
