"""Keywords: listed on the film page, each linked to a page of the films it tags."""

import pytest

from cinematheque.catalogue.models import Keyword
from tests import factories
from tests.catalogue.html import page_text
from tests.catalogue.test_browse import browse, card_titles, shelf  # noqa: F401


def tag(film, name: str) -> Keyword:
    keyword, _ = Keyword.objects.get_or_create(
        name=name, defaults={"slug": name.replace(" ", "-")}
    )
    film.keywords.add(keyword)
    return keyword


@pytest.fixture
def heist(shelf):  # noqa: F811
    keyword = tag(shelf["Heat"], "heist")
    tag(shelf["Le Samouraï"], "heist")
    tag(shelf["Heat"], "los angeles")
    return keyword


def test_the_film_page_links_its_keywords(client, heist, shelf):  # noqa: F811
    html = client.get(shelf["Heat"].get_absolute_url()).content.decode()
    assert '<a href="/keywords/heist/">heist</a>' in html
    assert '<a href="/keywords/los-angeles/">los angeles</a>' in html
    assert "Keywords" in page_text(html)


def test_a_film_without_keywords_has_no_keywords_line(client, shelf):  # noqa: F811
    html = client.get(shelf["Amélie"].get_absolute_url()).content.decode()
    assert "<dt>Keywords</dt>" not in html


def test_the_keyword_page_lists_the_films_it_tags(client, heist):
    response, html = browse(client, "sort=title", path="/keywords/heist/")
    assert response.status_code == 200
    assert card_titles(html) == ["Heat", "Le Samouraï"]
    assert "Keyword: heist" in page_text(html)


def test_the_keyword_page_keeps_the_browse_filters(client, heist):
    _, html = browse(client, "decade=1990", path="/keywords/heist/")
    assert card_titles(html) == ["Heat"]
    response, _ = browse(client, "page=0", path="/keywords/heist/")
    assert response.status_code == 400


def test_an_unknown_keyword_is_a_404(client, db):
    assert client.get("/keywords/no-such-keyword/").status_code == 404


def test_a_keyword_name_is_escaped(client, db):
    film = factories.make_film(title="Trap")
    tag(film, "<script>alert(1)</script>")
    keyword = Keyword.objects.get()
    keyword.slug = "trap-keyword"
    keyword.save()
    html = client.get("/keywords/trap-keyword/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;script&gt;" in client.get(film.get_absolute_url()).content.decode()


def test_tagging_a_film_refreshes_its_cached_page_and_the_keyword_page(
    client,
    heist,
    shelf,  # noqa: F811
):
    airplane = shelf["Airplane!"]
    assert (
        "<dt>Keywords</dt>"
        not in client.get(airplane.get_absolute_url()).content.decode()
    )
    assert "Airplane!" not in card_titles(browse(client, path="/keywords/heist/")[1])
    tag(airplane, "heist")
    assert (
        "/keywords/heist/" in client.get(airplane.get_absolute_url()).content.decode()
    )
    assert "Airplane!" in card_titles(browse(client, path="/keywords/heist/")[1])
