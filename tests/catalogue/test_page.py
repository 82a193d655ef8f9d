"""The film page's loader reads the same facts as the API's prefetched film."""

from cinematheque.catalogue.models import Film, FilmRelation
from cinematheque.catalogue.page import film_page_for_slug
from cinematheque.people.models import Credit
from tests import factories


def test_page_facts_match_the_prefetched_film(sample):
    factories.make_video(film=sample.heat, source=sample.source)
    sequel = factories.make_film(title="Heat 2", year=2026, slug="heat-2-2026")
    factories.make_relation(
        from_film=sequel, to_film=sample.heat, kind=FilmRelation.Kind.SEQUEL_TO
    )
    page = film_page_for_slug("heat-1995")
    film = Film.objects.with_page_relations().get(slug="heat-1995")

    assert page.film == film
    assert page.film.source == film.source
    assert [
        (c.person_id, c.name, c.department, c.job, c.character, c.url)
        for c in page.credits
    ] == [
        (
            c.person_id,
            c.person.name,
            c.department,
            c.job,
            c.character,
            c.person.get_absolute_url(),
        )
        for c in film.credits.all()
    ]
    for field in ("genres", "countries", "languages", "companies"):
        assert [facet.name for facet in getattr(page, field)] == [
            item.name for item in getattr(film, field).all()
        ]
    assert [genre.url for genre in page.genres] == [
        genre.get_absolute_url() for genre in film.genres.all()
    ]
    assert sorted((s.kind, s.value, s.scale, s.review_count) for s in page.scores) == [
        (s.kind, s.value, s.scale, s.review_count) for s in film.review_scores.all()
    ]
    assert page.videos == list(film.videos.all())
    assert [(r.forward, r.kind, r.other.url) for r in page.relations] == [
        (True, r.kind, r.to_film.get_absolute_url()) for r in film.relations_from.all()
    ] + [
        (False, r.kind, r.from_film.get_absolute_url()) for r in film.relations_to.all()
    ]
    assert page.sources == [sample.source]


def test_page_orders_credits_by_department_then_billing(db):
    film = factories.make_film(slug="ensemble-2000")
    for name, department, order in (
        ("Zed", Credit.Department.ACTING, 0),
        ("Amy", Credit.Department.ACTING, 1),
        ("Dee", Credit.Department.DIRECTING, 0),
    ):
        factories.make_credit(
            film=film,
            person=factories.make_person(name=name),
            department=department,
            order=order,
        )
    page = film_page_for_slug("ensemble-2000")
    assert [c.name for c in page.credits] == ["Zed", "Amy", "Dee"]


def test_unknown_slug_has_no_page(db):
    assert film_page_for_slug("no-such-film-1900") is None
