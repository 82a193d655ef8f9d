"""A list says something different about each film where the data allows it, and
names bit players only when nothing better is shared."""

from __future__ import annotations

from collections import Counter

from cinematheque.catalogue.models import Country, Language
from cinematheque.people.models import Credit
from cinematheque.recommendations.models import Recommendation
from cinematheque.recommendations.services import recommendations_rebuild
from tests import factories


def thriller(title: str, year: int, country: str = "United States"):
    film = factories.make_film(title=title, year=year)
    film.genres.set([factories.make_genre("Thriller")])
    film.countries.set([factories.make_named(Country, country)])
    film.languages.set([factories.make_named(Language, "English")])
    return film


def reasons_of(film) -> list[str]:
    return list(
        Recommendation.objects.filter(film=film)
        .order_by("rank")
        .values_list("reason", flat=True)
    )


def test_films_with_little_data_get_varied_reasons(db):
    films = [thriller(f"Thriller {n}", 2010 + n % 5) for n in range(13)]
    # One shared bit player and one shared country are the only evidence beyond
    # genre and decade; both are named rather than a twelfth "thriller from the 2010s".
    bit_player = factories.make_person(name="Sam Extra")
    for film in (films[0], films[5]):
        factories.make_credit(film=film, person=bit_player, order=9)
    norway = factories.make_named(Country, "Norway")
    for film in (films[0], films[11]):
        film.countries.add(norway)

    recommendations_rebuild(limit=12)

    reasons = reasons_of(films[0])
    repeats = Counter(reasons)
    assert len(reasons) == 12
    assert len(repeats) >= 8, reasons
    # Twelve thrillers of five years: at most a third can say the same.
    assert repeats.most_common(1)[0][1] <= 4, reasons
    # The bit player is named when the genre and era would repeat a sentence above.
    with_bit_player = Recommendation.objects.get(
        film=films[0], recommended=films[5]
    ).reason
    assert with_bit_player == "Also with Sam Extra" or repeats[with_bit_player] == 1
    assert "A thriller made in Norway" in reasons
    assert any(reason.startswith("A thriller from 201") for reason in reasons)


def test_a_second_film_by_the_same_director_says_what_else_it_is(db):
    director = factories.make_person(name="Ann Auteur")
    films = [thriller(f"Auteur {n}", 1990 + n) for n in range(3)]
    drama = factories.make_genre("Drama")
    films[2].genres.add(drama)
    films[0].genres.add(drama)
    for film in films:
        factories.make_credit(
            film=film, person=director, department=Credit.Department.DIRECTING
        )
    for n in range(10):
        thriller(f"Other {n}", 1970)

    recommendations_rebuild(limit=8)

    reasons = reasons_of(films[0])
    assert reasons[0] == "Also directed by Ann Auteur"
    assert reasons[1].startswith("Also directed by Ann Auteur, in a")
    assert reasons[1] != reasons[0]


def test_bit_players_do_not_outweigh_a_shared_director_in_the_reason(db):
    director = factories.make_person(name="Dana Director")
    extras = [factories.make_person(name=f"Extra {n}") for n in range(6)]
    first, second = thriller("First", 1990), thriller("Second", 1991)
    for film in (first, second):
        factories.make_credit(
            film=film, person=director, department=Credit.Department.DIRECTING
        )
        for order, extra in enumerate(extras, start=8):
            factories.make_credit(film=film, person=extra, order=order)
    for n in range(10):
        thriller(f"Filler {n}", 1960)

    recommendations_rebuild(limit=8)

    row = Recommendation.objects.get(film=first, recommended=second)
    assert row.reason == "Also directed by Dana Director"
    assert row.kind == Recommendation.Kind.DIRECTOR


def test_a_shared_writer_director_is_named_as_the_director(db):
    auteur = factories.make_person(name="Wanda Writer-Director")
    first, second = thriller("Written First", 1990), thriller("Written Second", 1999)
    for film in (first, second):
        for department in (Credit.Department.DIRECTING, Credit.Department.WRITING):
            factories.make_credit(film=film, person=auteur, department=department)
        # Seven co-directors of each film (not shared) thin out her directing credit
        # below her sole writing credit; the reason still says she directed both.
        for _ in range(7):
            factories.make_credit(
                film=film,
                person=factories.make_person(),
                department=Credit.Department.DIRECTING,
            )
    for n in range(10):
        thriller(f"Filler {n}", 1960)

    recommendations_rebuild(limit=8)

    row = Recommendation.objects.get(film=first, recommended=second)
    assert row.reason == "Also directed by Wanda Writer-Director"
