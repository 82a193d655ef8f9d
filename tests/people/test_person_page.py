import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cinematheque.people.models import Credit
from tests import factories
from tests.catalogue.html import element_text, json_ld, link_href, page_text

pytestmark = pytest.mark.django_db


def get_page(client, person) -> str:
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def filmography(html: str, department: str) -> list[str]:
    """'1995 Heat' lines of one role section."""
    text = element_text(html, f"role-{department}")
    return re.findall(r"(\d{4}|—) ([^·]+?)(?= \d{4} | — |$)", text.split(" ", 2)[-1])


def test_filmography_is_grouped_by_role_newest_first(client, sample):
    heat_2 = factories.make_film(title="Public Enemies", year=2009, slug="pe-2009")
    factories.make_credit(
        film=heat_2, person=sample.mann, department=Credit.Department.DIRECTING
    )
    html = get_page(client, sample.mann)
    directing = element_text(html, "role-directing")
    assert directing.startswith("Director · 3")
    assert (
        directing.index("2009 Public Enemies")
        < directing.index("1995 Heat")
        < directing.index("1989 L.A. Takedown")
    )
    writing = element_text(html, "role-writing")
    assert writing == "Writer · 1 1995 Heat Screenplay"
    # Director comes before Writer on the page.
    assert html.index('id="role-directing"') < html.index('id="role-writing"')


def test_actor_filmography_shows_characters_and_links(client, sample):
    html = get_page(client, sample.pacino)
    cast = element_text(html, "role-acting")
    assert cast == (
        "Cast · 2 1995 Heat as Lt. Vincent Hanna 1972 The Godfather as Michael Corleone"
    )
    assert 'href="/films/heat-1995/"' in html
    assert 'href="/films/the-godfather-1972/"' in html


def test_person_summary_counts_films_and_years(client, sample):
    html = get_page(client, sample.mann)
    assert "<h1>Michael Mann</h1>" in html
    assert "2 films in the catalogue, 1989\u20131995." in page_text(html)
    assert "Director 2" in element_text(html, "main")


def test_film_without_a_year_goes_last(client, sample):
    factories.make_credit(film=sample.bare, person=sample.pacino)
    cast = element_text(get_page(client, sample.pacino), "role-acting")
    assert cast.endswith("— Untitled Reel")


def test_person_json_ld_same_as_and_canonical(client, sample):
    sample.pacino.imdb_id = "nm0000199"
    sample.pacino.wikidata_id = "Q41163"
    sample.pacino.save(update_fields=["imdb_id", "wikidata_id"])
    html = get_page(client, sample.pacino)
    (person,) = [block for block in json_ld(html) if block["@type"] == "Person"]
    assert person["name"] == "Al Pacino"
    assert person["url"] == "http://testserver/people/al-pacino/"
    assert person["sameAs"] == [
        "https://www.imdb.com/name/nm0000199/",
        "https://www.wikidata.org/wiki/Q41163",
    ]
    assert person["jobTitle"] == ["Actor"]
    assert link_href(html, "canonical") == "http://testserver/people/al-pacino/"


def test_person_with_no_credits_says_so(client, db):
    nobody = factories.make_person(name="Nobody Yet")
    html = get_page(client, nobody)
    assert "No films in the catalogue yet." in page_text(html)
    assert "No credits recorded for Nobody Yet." in page_text(html)


def test_hostile_name_is_escaped(client, db):
    person = factories.make_person(name="<script>alert(1)</script>", slug="hostile")
    html = get_page(client, person)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_unknown_person_is_a_404(client, db):
    assert client.get("/people/nobody-at-all/").status_code == 404


def test_person_page_queries_do_not_grow_with_the_filmography(
    client, db, django_assert_num_queries
):
    small, large = factories.make_person(), factories.make_person()
    for person, count in [(small, 3), (large, 40)]:
        for _ in range(count):
            film = factories.make_film()
            factories.make_credit(film=film, person=person)
            factories.make_credit(
                film=film,
                person=person,
                department=Credit.Department.WRITING,
                job="Writer",
            )
    with CaptureQueriesContext(connection) as small_queries:
        get_page(client, small)
    assert len(small_queries) <= 4
    with django_assert_num_queries(len(small_queries)):
        html = get_page(client, large)
    assert "Cast · 40" in element_text(html, "role-acting")
