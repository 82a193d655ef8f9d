import re

import pytest

from cinematheque.catalogue.browse import certifications_in_use
from cinematheque.catalogue.derived import critics_scores_refresh
from cinematheque.catalogue.models import Country, Film, ReviewScore
from cinematheque.catalogue.views import FILMS_PER_PAGE
from tests import factories
from tests.catalogue.html import element_text, page_text

pytestmark = pytest.mark.django_db


def card_titles(html: str) -> list[str]:
    return re.findall(r'<span class="card__title">([^<]*)</span>', html)


@pytest.fixture
def shelf(db):
    """Four films that differ in every filter and sort key."""
    source = factories.make_source()
    usa = factories.make_named(Country, "United States")
    france = factories.make_named(Country, "France")
    crime, comedy = factories.make_genre("Crime"), factories.make_genre("Comedy")
    films = {}
    for title, year, cert, country, genre, box_office, meter, notability in [
        ("Heat", 1995, "R", usa, crime, 187_436_818, 84, 50),
        ("Amélie", 2001, "R", france, comedy, 173_921_954, 89, 40),
        ("Airplane!", 1980, "PG", usa, comedy, 83_453_539, 97, 30),
        ("Le Samouraï", 1967, "", france, crime, None, None, 20),
    ]:
        film = factories.make_film(
            title=title,
            year=year,
            certification=cert,
            box_office=box_office,
            notability=notability,
        )
        film.countries.add(country)
        film.genres.add(genre)
        if meter is not None:
            factories.make_review_score(
                film=film,
                source=source,
                kind=ReviewScore.Kind.TOMATOMETER,
                value=meter,
                review_count=100,
            )
        films[title] = film
    critics_scores_refresh()
    return films


def browse(client, query: str = "", path: str = "/films/"):
    response = client.get(f"{path}?{query}" if query else path)
    return response, response.content.decode()


def test_default_order_is_most_notable_first(client, shelf):
    response, html = browse(client)
    assert response.status_code == 200
    assert card_titles(html) == ["Heat", "Amélie", "Airplane!", "Le Samouraï"]
    assert "4 films" in page_text(html)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("genre=crime", ["Heat", "Le Samouraï"]),
        ("decade=1990", ["Heat"]),
        ("decade=1980s", ["Airplane!"]),
        ("certification=pg", ["Airplane!"]),
        ("country=france", ["Amélie", "Le Samouraï"]),
        ("genre=comedy&country=united-states", ["Airplane!"]),
    ],
)
def test_filters_narrow_the_list(client, shelf, query, expected):
    response, html = browse(client, query)
    assert response.status_code == 200
    assert card_titles(html) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("title", ["Airplane!", "Amélie", "Heat", "Le Samouraï"]),
        ("-year", ["Amélie", "Heat", "Airplane!", "Le Samouraï"]),
        ("year", ["Le Samouraï", "Airplane!", "Heat", "Amélie"]),
        ("-box_office", ["Heat", "Amélie", "Airplane!", "Le Samouraï"]),
        ("-score", ["Airplane!", "Amélie", "Heat", "Le Samouraï"]),
    ],
)
def test_sort_orders(client, shelf, sort, expected):
    _, html = browse(client, f"sort={sort}")
    assert card_titles(html) == expected


def test_filter_form_lists_the_values_that_exist(client, shelf):
    _, html = browse(client, "genre=crime&sort=title")
    assert '<form class="filters" method="get"' in html
    assert '<option value="crime" selected>Crime</option>' in html
    assert '<option value="comedy">Comedy</option>' in html
    assert '<option value="1960">1960s</option>' in html
    assert '<option value="2000">2000s</option>' in html
    assert '<option value="1950">' not in html
    assert '<option value="PG">PG</option>' in html
    assert '<option value="france">France</option>' in html
    assert '<option value="title" selected>' in html


def test_cards_show_poster_year_director_and_tomatometer(client, shelf):
    mann = factories.make_person(name="Michael Mann")
    factories.make_credit(
        film=shelf["Heat"], person=mann, department="directing", job="Director"
    )
    _, html = browse(client, "genre=crime")
    assert 'src="/posters/' in html
    assert "1995 · Michael Mann" in page_text(html)
    assert "84% of 100 reviews" in page_text(html)


def test_a_cards_review_count_has_thousands_separators(client, shelf):
    ReviewScore.objects.filter(film=shelf["Heat"]).update(review_count=12_345)

    _, html = browse(client, "genre=crime")

    assert "84% of 12,345 reviews" in page_text(html)


def test_pages_keep_the_filters_in_their_links(client, db):
    drama = factories.make_genre("Drama")
    for number in range(FILMS_PER_PAGE + 3):
        factories.make_film(title=f"Drama {number:02d}", year=1990).genres.add(drama)
    factories.make_film(title="Not a drama", year=1990)
    response, html = browse(client, "genre=drama&sort=title")
    assert response.status_code == 200
    assert len(card_titles(html)) == FILMS_PER_PAGE
    assert "27 films · page 1 of 2" in page_text(html)
    assert 'href="?genre=drama&amp;sort=title&amp;page=2"' in html
    response, html = browse(client, "genre=drama&sort=title&page=2")
    assert card_titles(html) == ["Drama 24", "Drama 25", "Drama 26"]
    assert 'href="?genre=drama&amp;sort=title&amp;page=1"' in html


def test_list_queries_do_not_grow_with_the_page(
    client, db, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_ENABLED = False  # count the render's queries
    for number in range(FILMS_PER_PAGE):
        factories.make_film(title=f"Film {number}")
    client.get("/films/")  # fill the cached filter menus and the list's count
    # page of films, directors of the page, scores of the page
    with django_assert_num_queries(3):
        response = client.get("/films/")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("decade=abc", "Decade must be a year like 1990"),
        ("decade=1995", "Decade must be a multiple of ten"),
        ("sort=bogus", "Unknown sort 'bogus'"),
        ("genre=%3Cscript%3E", "is not a valid genre slug"),
        ("page=999999", "There is no page 999999: this list has 1 page."),
        ("page=-1", "\u201c-1\u201d is not a page number"),
        ("page=abc", "\u201cabc\u201d is not a page number"),
        ("page=0", "\u201c0\u201d is not a page number"),
        ("page=%C2%B2", "\u201c\u00b2\u201d is not a page number"),
        ("page=%D9%A3", "\u201c\u0663\u201d is not a page number"),
        ("page=%2B1", "\u201c+1\u201d is not a page number"),
        ("page=", "\u201c\u201d is not a page number"),
        ("decade=%C2%B2", "Decade must be a year like 1990, not '\u00b2'"),
        ("decade=000000000", "Decade must be a year like 1990"),
        ("sort=", "Unknown sort ''"),
    ],
)
def test_bad_parameters_get_a_friendly_400(client, shelf, query, message):
    response, html = browse(client, query)
    assert response.status_code == 400
    notice = page_text(html)
    assert "That list can\u2019t be shown." in notice
    assert message in notice
    assert "<script>" not in html
    # The form is still there to recover with.
    assert '<form class="filters"' in html


def test_a_filter_that_matches_nothing_says_so(client, shelf):
    response, html = browse(client, "country=nowhere")
    assert response.status_code == 200
    assert "No films match these filters." in page_text(html)


def test_genre_list_shows_genres_with_counts(client, shelf):
    response = client.get("/genres/")
    assert response.status_code == 200
    text = page_text(response.content.decode())
    assert "Comedy 2" in text
    assert "Crime 2" in text


def test_genre_page_lists_its_films_with_sorting(client, shelf):
    response, html = browse(client, "sort=title", path="/genres/comedy/")
    assert response.status_code == 200
    assert "<h1>Comedy</h1>" in html
    assert card_titles(html) == ["Airplane!", "Amélie"]
    # The genre is fixed by the page, so the form has no genre menu.
    assert 'name="genre"' not in html


def test_genre_page_bad_parameter_is_a_400(client, shelf):
    response, _ = browse(client, "page=-1", path="/genres/comedy/")
    assert response.status_code == 400


def test_unknown_genre_is_a_404(client, db):
    assert client.get("/genres/no-such-genre/").status_code == 404


def test_home_page_has_entry_points(client, shelf):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert element_text(html, "notable-title") == "Notable films"
    assert card_titles(html)[:2] == ["Heat", "Amélie"]
    assert 'href="/genres/crime/"' in html
    assert 'href="/films/?decade=1990"' in html
    assert "4 films" in page_text(html)


def test_home_page_of_an_empty_catalogue_explains_what_to_do(client, db):
    assert not Film.objects.exists()
    response = client.get("/")
    assert response.status_code == 200
    assert "The catalogue is empty" in page_text(response.content.decode())


def test_the_certification_menu_lists_each_certification_in_use_once(db):
    for number, certification in enumerate(["R", "PG-13", "", "R", "12", "PG-13"]):
        factories.make_film(title=f"Film {number}", certification=certification)

    assert certifications_in_use() == sorted(
        set(
            Film.objects.exclude(certification="").values_list(
                "certification", flat=True
            )
        )
    )
    assert sorted(certifications_in_use()) == ["12", "PG-13", "R"]
