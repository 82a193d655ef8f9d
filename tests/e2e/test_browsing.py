"""A visitor's path through the site in a real Chromium: home → browse → film → person,
and every main page on a phone without sideways scrolling."""

from __future__ import annotations

import pytest

from cinematheque.catalogue.models import Country
from tests import factories
from tests.catalogue.sample import HeatSample, make_heat_sample

pytestmark = pytest.mark.e2e


@pytest.fixture
def catalogue(transactional_db) -> HeatSample:
    sample = make_heat_sample()
    sample.heat.countries.add(factories.make_named(Country, "United States"))
    comedy = factories.make_genre("Comedy")
    for number in range(30):
        film = factories.make_film(
            title=f"Comedy number {number}", year=1980 + number, notability=1
        )
        film.genres.add(comedy)
    return sample


def test_visitor_goes_from_home_to_browse_to_film_to_person(
    desktop, live_server, catalogue, tmp_path
):
    page = desktop
    page.goto(live_server.url)
    assert page.locator("h1").inner_text().startswith("Find your next film")
    assert page.get_by_role("navigation", name="Main").is_visible()
    page.get_by_role("link", name="Browse all films").click()

    page.wait_for_url("**/films/")
    assert page.locator("h1").inner_text() == "Films"
    page.select_option("#f-genre", "crime")
    page.select_option("#f-sort", "title")
    page.get_by_role("button", name="Show films").click()
    page.wait_for_url("**/films/?genre=crime*")
    titles = page.locator(".card__title").all_inner_texts()
    assert titles == ["Heat", "L.A. Takedown"]
    assert page.locator("#f-genre").input_value() == "crime"
    page.screenshot(path=tmp_path / "browse.png")

    page.locator(".card__link", has_text="Heat").click()
    page.wait_for_url("**/films/heat-1995/")
    assert page.locator("h1").inner_text() == "Heat (1995)"
    starring = page.locator("#starring").inner_text()
    assert "Al Pacino as Lt. Vincent Hanna" in starring
    assert "Robert De Niro" in starring
    assert "Box office\n$187.4 million" in page.locator("#money").inner_text()
    assert "Budget\n$60 million" in page.locator("#money").inner_text()
    assert "No member ratings yet" in page.locator("#member-rating").inner_text()
    assert "84%" in page.locator("#review-scores").inner_text()
    watch = page.locator("#watch")
    watch.locator(".watch-offers").wait_for()
    assert "No where-to-watch data for this film (no TMDB link)." in watch.inner_text()
    assert "Remake of L.A. Takedown (1989)" in page.locator("#related").inner_text()
    poster = page.locator("img.film-hero__poster")
    assert poster.evaluate("image => image.complete && image.naturalWidth") == 400
    page.screenshot(path=tmp_path / "film.png", full_page=True)

    page.locator("#starring").get_by_role("link", name="Al Pacino").click()
    page.wait_for_url("**/people/al-pacino/")
    assert page.locator("h1").inner_text() == "Al Pacino"
    cast = page.locator("#role-acting").inner_text()
    assert cast.index("Heat") < cast.index("The Godfather")


def test_browse_pages_through_a_genre_and_keeps_the_filter(
    desktop, live_server, catalogue
):
    page = desktop
    page.goto(f"{live_server.url}/genres/comedy/?sort=year")
    assert page.locator("h1").inner_text() == "Comedy"
    assert page.locator(".card").count() == 24
    page.get_by_role("link", name="Next →").click()
    page.wait_for_url("**/genres/comedy/?sort=year&page=2")
    assert page.locator(".card__title").all_inner_texts() == [
        "Comedy number 24",
        "Comedy number 25",
        "Comedy number 26",
        "Comedy number 27",
        "Comedy number 28",
        "Comedy number 29",
    ]


def test_bad_page_number_shows_a_message_not_an_error(desktop, live_server, catalogue):
    response = desktop.goto(f"{live_server.url}/films/?page=999999")
    assert response.status == 400
    assert "There is no page 999999" in desktop.get_by_role("alert").inner_text()


PHONE_PATHS = [
    "/",
    "/films/",
    "/films/heat-1995/",
    "/films/untitled-reel/",
    "/people/al-pacino/",
    "/genres/",
    "/about/",
    "/no-such-page/",
]


def test_phone_layout_never_scrolls_sideways(phone, live_server, catalogue):
    too_wide = {}
    for path in PHONE_PATHS:
        phone.goto(live_server.url + path)
        assert phone.locator("h1").first.is_visible(), path
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[path] = width
        font_size = phone.locator("body").evaluate(
            "body => parseFloat(getComputedStyle(body).fontSize)"
        )
        assert font_size >= 15, path
    assert too_wide == {}
