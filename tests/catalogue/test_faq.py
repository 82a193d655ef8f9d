"""Questions the catalogue answers from its own data (catalogue/faq.py)."""

import pytest

from cinematheque.catalogue.faq import faq_from_data
from cinematheque.catalogue.models import FilmRelation
from cinematheque.catalogue.page import film_page_for_slug
from cinematheque.people.models import Credit
from tests import factories

pytestmark = pytest.mark.django_db


def answers(slug: str, already_asked: frozenset[str] = frozenset()) -> dict[str, str]:
    page = film_page_for_slug(slug)
    return {
        item.question: item.answer_html
        for item in faq_from_data(page, already_asked=set(already_asked))
    }


def test_answers_are_one_sentence_with_links_and_no_stray_spaces():
    film = factories.make_film(title="Heat", slug="heat-1995", runtime=170)
    mann = factories.make_person(name="Michael Mann", slug="michael-mann")
    factories.make_credit(
        film=film, person=mann, department=Credit.Department.DIRECTING
    )
    for order, name in enumerate(["Al", "Bo <b>", "Cy", "Di"]):
        factories.make_credit(
            film=film, person=factories.make_person(name=name, slug=f"p{order}")
        )
    found = answers("heat-1995")
    assert found["Who directed Heat?"] == (
        '<p>Heat was directed by <a href="/people/michael-mann/">Michael Mann</a>.</p>'
    )
    assert found["Who stars in Heat?"] == (
        '<p>Heat stars <a href="/people/p0/">Al</a>, <a href="/people/p1/">Bo '
        '&lt;b&gt;</a> and <a href="/people/p2/">Cy</a>.</p>'
    )
    assert found["How long is Heat?"] == "<p>Heat runs 170 minutes (2 h 50 min).</p>"


def test_origins_and_remakes_read_from_both_ends():
    takedown = factories.make_film(title="L.A. Takedown", year=1989, slug="lat")
    heat = factories.make_film(title="Heat", slug="heat")
    FilmRelation.objects.create(
        from_film=heat, to_film=takedown, kind=FilmRelation.Kind.REMAKE_OF
    )
    question = "Is Heat a remake or an adaptation?"
    assert answers("heat")[question] == (
        f'<p>Heat is {FilmRelation.Kind.REMAKE_OF.label} <a href="/films/lat/">'
        "L.A. Takedown (1989)</a>.</p>"
    )
    assert answers("lat")["Is L.A. Takedown a remake or an adaptation?"] == (
        '<p>It was remade as <a href="/films/heat/">Heat (1995)</a>.</p>'
    )


def test_a_question_the_editors_asked_is_left_to_them():
    factories.make_film(title="Heat", slug="heat", runtime=170)
    assert "How long is Heat?" not in answers("heat", frozenset({"how long is heat?"}))
