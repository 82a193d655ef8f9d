"""Ranking families of issue 8: a title word before a name that only begins with it, a
famous person before a namesake, a person's best-known films first, and numbers,
fractions and symbols typed the way people type them."""

from __future__ import annotations

import pytest

from cinematheque.catalogue.models import ReviewScore
from cinematheque.people.models import Credit
from cinematheque.search.engine import search, suggest
from cinematheque.search.services import search_rebuild
from tests import factories


def slugs(query: str, **filters) -> list[str]:
    return [hit.slug for hit in search(query, **filters).hits]


def _film(title: str, year: int, notability: float, **facts):
    """A film with the facts search weighs: `reviews` (Rotten Tomatoes review count),
    `average` (critics' average out of 10), `box_office` (US dollars), `oscars`."""
    film = factories.make_film(
        title=title,
        year=year,
        notability=notability,
        box_office=facts.get("box_office"),
        box_office_currency="USD" if facts.get("box_office") else "",
        oscar_wins=facts.get("oscars", 0),
    )
    if facts.get("reviews"):
        factories.make_review_score(
            film=film,
            kind=ReviewScore.Kind.TOMATOMETER,
            review_count=facts["reviews"],
        )
    if facts.get("average") is not None:
        factories.make_review_score(
            film=film,
            kind=ReviewScore.Kind.RT_AVERAGE,
            value=facts["average"],
            scale=10,
            review_count=facts.get("reviews"),
        )
    return film


def test_films_with_the_word_in_their_title_beat_names_that_only_begin_with_it(db):
    # The bundled catalogue's values: 'heat' listed these people above such films.
    films = [
        _film("Heat", 1995, 80, reviews=154, average=7.8, box_office=187_436_818),
        _film("In the Heat of the Night", 1967, 61, reviews=58, average=8.4),
        _film("White Heat", 1949, 40, reviews=35, average=8.6),
        _film("Heat and Dust", 1983, 30, reviews=12),
    ]
    for name, prominence in [
        ("Dennis Heaton", 8.5),
        ("Patricia Heaton", 4.1),
        ("Bella Heathcote", 6.6),
    ]:
        person = factories.make_person(name=name, prominence=prominence)
        factories.make_credit(
            film=_film(f"A film with {name}", 2010, 40), person=person
        )
    search_rebuild()
    ranked = slugs("heat")
    people = [hit.slug for hit in search("heat", kind="person").hits]
    assert len(people) == 3
    assert max(ranked.index(film.slug) for film in films) < min(
        ranked.index(slug) for slug in people
    )


def test_a_name_being_typed_still_finds_the_person(db):
    person = factories.make_person(name="Dennis Heaton", prominence=8.5)
    factories.make_credit(film=_film("Fido", 2006, 40), person=person)
    _film("Heat", 1995, 80, reviews=154)
    search_rebuild()
    assert slugs("heato")[0] == person.slug
    assert slugs("heaton")[0] == person.slug
    assert person.slug in [hit.slug for hit in suggest("heat")]


def test_a_director_of_many_notable_films_beats_a_namesake_with_a_few(db):
    # Person.prominence is a mean over a person's films: Alain Godard, writer of three
    # well-known films, had nearly the mean of Jean-Luc Godard, director of dozens.
    jean_luc = factories.make_person(name="Jean-Luc Godard", prominence=25.3)
    alain = factories.make_person(name="Alain Godard", prominence=21.8)
    for index in range(15):
        film = _film(f"Nouvelle vague {index}", 1960 + index, 45)
        factories.make_credit(
            film=film, person=jean_luc, department=Credit.Department.DIRECTING
        )
    for title, notability in [("The Name of the Rose", 63), ("Enemy at the Gates", 70)]:
        factories.make_credit(
            film=_film(title, 1990, notability),
            person=alain,
            department=Credit.Department.WRITING,
            job="Screenplay",
        )
    search_rebuild()
    people = [hit.slug for hit in search("godard").hits if hit.kind == "person"]
    assert people == [jean_luc.slug, alain.slug]


def test_a_person_s_acclaimed_lead_roles_come_before_recent_hits(db):
    # As in the bundled catalogue, where 'de niro' listed Little Fockers, Silver
    # Linings Playbook and American Hustle before Taxi Driver.
    de_niro = factories.make_person(name="Robert De Niro", prominence=45)
    taxi_driver = _film(
        "Taxi Driver", 1976, 73.7, reviews=163, average=9.1, box_office=117_442_400
    )
    little_fockers = _film(
        "Little Fockers", 2010, 80.0, reviews=148, average=3.6, box_office=310_650_585
    )
    godfather = _film(
        "The Godfather Part II",
        1974,
        85.1,
        reviews=129,
        average=9.7,
        box_office=47_960_085,
        oscars=4,
    )
    cameo = _film("A Late Blockbuster", 2012, 84.0, reviews=265, average=8.2)
    for order, film in enumerate([taxi_driver, little_fockers, godfather]):
        factories.make_credit(film=film, person=de_niro, order=order % 2)
    for order in range(9):
        factories.make_credit(film=cameo, person=factories.make_person(), order=order)
    factories.make_credit(film=cameo, person=de_niro, order=9)
    search_rebuild()
    films = slugs("de niro", kind="film")
    assert films.index(taxi_driver.slug) < films.index(little_fockers.slug)
    assert films.index(godfather.slug) < films.index(little_fockers.slug)
    assert films.index(taxi_driver.slug) < films.index(cameo.slug)


@pytest.fixture
def numbered_titles(db):
    titles = {
        "8½": ("8½", 1963, 50),
        "8½ Women": ("8½ Women", 1999, 37),
        "Super 8": ("Super 8", 2011, 90),
        "One Two Three": ("One, Two, Three", 1961, 53),
        "Rocky": ("Rocky", 1976, 75),
        "Rocky II": ("Rocky II", 1979, 40),
        "Rocky III": ("Rocky III", 1982, 70),
        "Romeo + Juliet": ("Romeo + Juliet", 1996, 70),
        "Rock 'n' Roll High School": ("Rock 'n' Roll High School", 1979, 40),
        "Harold & Kumar": ("Harold & Kumar Go to White Castle", 2004, 60),
    }
    films = {
        key: _film(title, year, notability)
        for key, (title, year, notability) in titles.items()
    }
    search_rebuild()
    return films


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("8 1/2", "8½"),
        ("8½", "8½"),
        ("8 1\u20442", "8½"),
        ("½", "8½"),
        ("8 1/2 women", "8½ Women"),
        ("eight and a half", "8½"),
        ("rocky 2", "Rocky II"),
        ("rocky ii", "Rocky II"),
        ("rocky 3", "Rocky III"),
        ("romeo and juliet", "Romeo + Juliet"),
        ("romeo & juliet", "Romeo + Juliet"),
        ("rock and roll high school", "Rock 'n' Roll High School"),
        ("harold and kumar", "Harold & Kumar"),
    ],
)
def test_numbers_fractions_and_symbols_are_read_as_typed(numbered_titles, query, title):
    assert slugs(query)[0] == numbered_titles[title].slug


def test_a_fraction_being_typed_is_suggested(numbered_titles):
    assert suggest("8 1/")[0].slug == numbered_titles["8½"].slug
