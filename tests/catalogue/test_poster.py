import re
import xml.etree.ElementTree as ET

import pytest

from cinematheque.catalogue import poster
from cinematheque.people.models import Credit
from tests import factories

SVG = "{http://www.w3.org/2000/svg}"


def parse_xml(text: str | bytes) -> ET.Element:
    return ET.fromstring(text)  # noqa: S314 - the site's own output, not untrusted input


def render(**overrides) -> str:
    arguments = {
        "slug": "heat-1995",
        "title": "Heat",
        "year": 1995,
        "genre": "Crime",
        "directors": ["Michael Mann"],
    }
    return poster.render_poster(**(arguments | overrides))


def title_lines(svg: str) -> list[str]:
    root = parse_xml(svg)
    text = next(
        node for node in root.iter(f"{SVG}text") if node.find(f"{SVG}tspan") is not None
    )
    return [span.text or "" for span in text.iter(f"{SVG}tspan")]


def title_font_size(svg: str) -> int:
    return int(re.search(r'font-weight="800" font-size="(\d+)"', svg).group(1))


def test_same_film_gives_the_same_bytes():
    assert render() == render()


def test_different_films_look_different():
    assert render() != render(slug="heat-1995-2")
    colours = {
        re.search(r'<rect width="400" height="600" fill="(#\w+)"', render(slug=s))[1]
        for s in ["a-1990", "b-1991", "c-1992", "d-1993", "e-1994"]
    }
    assert len(colours) > 1


def test_genre_chooses_the_palette_family():
    crime = render(genre="Crime")
    comedy = render(genre="Comedy")
    assert crime != comedy
    assert 'fill="#f7f3ea"' in crime  # light ink on a dark crime poster
    assert 'fill="#1d1a16"' in render(genre="Documentary")  # dark ink on paper


def test_defining_genre_prefers_the_specific_one():
    assert poster.defining_genre(["Action", "Crime", "Drama"]) == "Crime"
    assert poster.defining_genre(["Drama", "Horror"]) == "Horror"
    assert poster.defining_genre(["Zzz", "Aaa"]) == "Aaa"
    assert poster.defining_genre([]) == ""


def test_poster_is_valid_svg_with_title_year_and_director():
    svg = render()
    root = parse_xml(svg)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == "Heat (1995)"
    assert title_lines(svg) == ["HEAT"]
    texts = [node.text for node in root.iter(f"{SVG}text")]
    assert "1995" in texts
    assert "Michael Mann" in texts


def test_hostile_title_is_escaped():
    svg = render(title='</text><script>alert("x")</script> & <b>', directors=["<i>"])
    root = parse_xml(svg)  # still well-formed XML
    assert root.find(f"{SVG}script") is None
    assert "<script>" not in svg
    assert "&lt;/TEXT&gt;&lt;SCRIPT&gt;" in svg
    assert "&lt;i&gt;" in svg


def test_control_characters_are_dropped_so_the_xml_stays_valid():
    parse_xml(render(title="Bad\x00 \x08title\x1f"))


@pytest.mark.parametrize(
    "title",
    [
        "Night of the Day of the Dawn of the Son of the Bride of the Return of the "
        "Revenge of the Terror of the Attack of the Evil, Mutant, Hellbound, "
        "Flesh-Eating Subhumanoid Zombified Living Dead, Part 2",
        "Supercalifragilisticexpialidocious",
        "Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb",
        "千と千尋の神隠し",
        "M",
    ],
)
def test_titles_of_any_length_fit_inside_the_poster(title):
    svg = render(title=title)
    lines = title_lines(svg)
    size = title_font_size(svg)
    available = poster.WIDTH - 2 * poster.MARGIN
    for line in lines:
        assert poster._advance(line) * size <= available + 0.5
    assert len(lines) <= poster.MAX_TITLE_LINES
    first_baseline = int(re.search(r'<tspan x="\d+" y="(\d+)"', svg).group(1))
    assert first_baseline - size > 0


def test_short_titles_are_set_large_and_whole_words_are_kept():
    assert title_font_size(render(title="Heat")) >= 84
    assert title_lines(render(title="Interstellar")) == ["INTERSTELLAR"]
    lines = title_lines(render(title="The Dark Knight Rises"))
    assert " ".join(lines) == "THE DARK KNIGHT RISES"
    assert not any(line.endswith("-") for line in lines)


def test_missing_year_and_director_leave_them_out():
    svg = render(year=None, directors=[])
    assert "DIRECTED BY" not in svg
    assert parse_xml(svg).find(f"{SVG}title").text == "Heat"


def test_long_director_list_is_shortened():
    svg = render(directors=["Jean-Pierre Jeunet", "Marc Caro", "Someone Else"])
    assert "Jean-Pierre Jeunet<" in svg
    assert "Marc Caro" not in svg


@pytest.mark.django_db
def test_poster_view_serves_cacheable_svg(client):
    film = factories.make_film(title="Heat", year=1995, slug="heat-1995")
    film.genres.add(factories.make_genre("Crime"), factories.make_genre("Action"))
    factories.make_credit(
        film=film,
        person=factories.make_person(name="Michael Mann"),
        department=Credit.Department.DIRECTING,
    )
    response = client.get("/posters/heat-1995.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert "max-age=86400" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert response.content.decode() == render(genre="Crime")
    etag = response["ETag"]
    again = client.get("/posters/heat-1995.svg", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag


@pytest.mark.django_db
def test_poster_of_an_unknown_film_is_a_404(client):
    assert client.get("/posters/nothing-here.svg").status_code == 404
