"""A small catalogue with the namesakes, remakes, accents and suffixes search must
tell apart, indexed once per test."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from cinematheque.catalogue.models import AlternativeTitle, Film, ReviewScore
from cinematheque.people.models import Credit
from cinematheque.search.services import search_rebuild
from tests import factories


def _film(
    title: str, year: int, notability: float, reviews: int = 0, **overrides
) -> Film:
    """A film with the catalogue's notability and, when `reviews`, a Tomatometer
    review count (search weighs both, see search/indexing.py)."""
    film = factories.make_film(
        title=title, year=year, notability=notability, **overrides
    )
    if reviews:
        factories.make_review_score(
            film=film, kind=ReviewScore.Kind.TOMATOMETER, review_count=reviews
        )
    return film


@pytest.fixture
def small_catalogue(db) -> SimpleNamespace:
    crime, drama = factories.make_genre("Crime"), factories.make_genre("Drama")
    horror = factories.make_genre("Horror")
    # Notability, review counts and box office as in the bundled catalogue.
    heat = _film(
        "Heat", 1995, 80, reviews=154, box_office=187_436_818, slug="heat-1995"
    )
    heat.genres.add(crime, drama)
    heat_1972 = _film("Heat", 1972, 12, slug="heat-1972")
    heat_1972.genres.add(drama)
    heathers = _film("Heathers", 1988, 60, slug="heathers-1988")
    godfather = _film(
        "The Godfather",
        1972,
        90,
        reviews=153,
        box_office=270_007_394,
        slug="the-godfather-1972",
    )
    godfather.genres.add(crime, drama)
    godfather_2 = _film(
        "The Godfather Part II",
        1974,
        85,
        reviews=129,
        box_office=47_960_085,
        slug="the-godfather-part-ii-1974",
    )
    godfather_2.genres.add(crime, drama)
    righteous = _film(
        "Righteous Kill",
        2008,
        74,
        reviews=147,
        box_office=78_400_000,
        slug="righteous-kill-2008",
    )
    amelie = _film(
        "Amélie",
        2001,
        75,
        slug="amelie-2001",
        original_title="Le Fabuleux Destin d'Amélie Poulain",
    )
    psycho = _film("Psycho", 1960, 78, slug="psycho-1960")
    psycho.genres.add(horror)
    psycho_1998 = _film("Psycho", 1998, 40, slug="psycho-1998")
    psycho_1998.genres.add(horror)
    shawshank = _film(
        "The Shawshank Redemption", 1994, 80, slug="the-shawshank-redemption-1994"
    )
    star_wars = _film(
        "Star Wars: Episode IV \u2013 A New Hope", 1977, 88, slug="star-wars-1977"
    )
    spider_man = _film("Spider-Man", 2002, 70, slug="spider-man-2002")
    la_confidential = _film("L.A. Confidential", 1997, 70, slug="la-confidential-1997")
    bicycle = _film(
        "Bicycle Thieves",
        1948,
        70,
        slug="bicycle-thieves-1948",
        original_title="Ladri di biciclette",
    )
    AlternativeTitle.objects.create(film=bicycle, title="The Bicycle Thief")
    pacino = factories.make_person(name="Al Pacino", slug="al-pacino", prominence=47)
    de_niro = factories.make_person(
        name="Robert De Niro", slug="robert-de-niro", prominence=45
    )
    mann = factories.make_person(
        name="Michael Mann", slug="michael-mann", prominence=40
    )
    tone_loc = factories.make_person(name="Tone Lōc", slug="tone-loc", prominence=10)
    begley_jr = factories.make_person(
        name="Ed Begley Jr.", slug="ed-begley-jr", prominence=20
    )
    begley = factories.make_person(name="Ed Begley", slug="ed-begley", prominence=25)
    factories.make_credit(film=heat, person=pacino, order=0)
    factories.make_credit(film=heat, person=de_niro, order=1)
    factories.make_credit(film=heat, person=tone_loc, order=9)
    factories.make_credit(
        film=heat, person=mann, department=Credit.Department.DIRECTING
    )
    factories.make_credit(film=godfather, person=pacino, order=0)
    factories.make_credit(film=godfather_2, person=pacino, order=0)
    factories.make_credit(film=godfather_2, person=de_niro, order=3)
    factories.make_credit(film=righteous, person=de_niro, order=0)
    factories.make_credit(film=righteous, person=pacino, order=1)
    factories.make_credit(film=la_confidential, person=begley_jr, order=5)
    search_rebuild()
    return SimpleNamespace(**{k: v for k, v in locals().items() if k != "db"})
