import datetime
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


def make_tmdb_person(**overrides):
    from cinematheque.catalogue.models import Source
    from cinematheque.people.provenance import person_values_store

    tmdb = Source.objects.get_or_create(
        key="tmdb", defaults={"name": "TMDB", "licence": "x", "attribution": "x"}
    )[0]
    details = {
        "birthday": datetime.date(1940, 4, 25),
        "place_of_birth": "New York City, New York, USA",
        "biography": "An actor.\n\nSecond <b>paragraph</b>.",
        "also_known_as": ["Аль Пачино", "Alfredo James Pacino"],
    }
    details.update(overrides)
    person = factories.make_person(name="Al Pacino", slug="al-pacino", tmdb_id=1158)
    person_values_store(
        person=person,
        source=tmdb,
        values=details,
        retrieved_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    return person


def test_birth_place_age_and_biography_credited_to_tmdb(client, db, monkeypatch):
    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda: datetime.date(2026, 4, 24)
    )
    person = make_tmdb_person()

    html = get_page(client, person)

    text = page_text(html)
    assert "Born 25 April 1940 in New York City, New York, USA (age 85)." in text
    assert "Also known as Аль Пачино, Alfredo James Pacino" in text
    assert element_text(html, "bio-title") == "Biography"
    assert "Second &lt;b&gt;paragraph&lt;/b&gt;." in html
    assert (
        'Biography from <a href="https://www.themoviedb.org/person/1158" '
        'rel="noopener">TMDB</a>.' in html
    )
    assert "not endorsed or certified by TMDB" in text


def test_a_dead_persons_age_is_their_age_at_death(client, db):
    person = make_tmdb_person(deathday=datetime.date(2001, 4, 24))

    text = page_text(get_page(client, person))

    assert "Born 25 April 1940" in text
    assert "died 24 April 2001 (aged 60)." in text


def test_person_without_photo_gets_a_generated_portrait(client, db):
    person = factories.make_person(name="Jean <Renoir>", slug="jean-renoir")

    html = get_page(client, person)

    assert 'src="/people/jean-renoir/photo.svg"' in html
    assert 'alt="No photo of Jean &lt;Renoir&gt;"' in html
    response = client.get("/people/jean-renoir/photo.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    body = response.content.decode()
    assert ">J&lt;<" in body  # the initials, escaped
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_photo_of_an_unknown_person_is_a_404(client, db):
    assert client.get("/people/nobody-at-all/photo.svg").status_code == 404
