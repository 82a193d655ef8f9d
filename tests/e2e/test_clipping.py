"""Nothing a visitor needs is cut off, at 1280 px (a laptop) and 390 px (a phone): the
suggestion list shows its own "See all results" row, the header search box shows its
whole placeholder, and the browse filters show their whole labels and values."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": DESKTOP, "phone": PHONE}

# The width of a text in an element's own font, and the room the element gives it.
TEXT_WIDTH_JS = """(element, text) => {
  const style = getComputedStyle(element);
  const probe = document.createElement("span");
  probe.textContent = text;
  for (const name of ["fontFamily", "fontSize", "fontWeight", "fontStyle",
                      "fontStretch", "letterSpacing"]) {
    probe.style[name] = style[name];
  }
  Object.assign(probe.style, {position: "absolute", whiteSpace: "pre", visibility: "hidden"});
  document.body.append(probe);
  const width = probe.getBoundingClientRect().width;
  probe.remove();
  return width;
}"""
TEXT_ROOM_JS = """element => {
  const style = getComputedStyle(element);
  return element.clientWidth - parseFloat(style.paddingLeft)
    - parseFloat(style.paddingRight);
}"""


@pytest.fixture(params=sorted(WIDTHS))
def page(request, chromium) -> Iterator:
    viewport = WIDTHS[request.param]
    phone = viewport is PHONE
    context = chromium.new_context(
        viewport=viewport, is_mobile=phone, has_touch=phone, device_scale_factor=1
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


GENRES = ["Crime", "Drama", "Comedy", "Romance", "Action", "Horror"]
GENRES += ["Thriller", "Mystery", "Fantasy", "Adventure", "Western", "War"]
HEAT_TITLES = [
    "Heat",
    "Heat and Dust",
    "Heathers",
    "The Heat",
    "In the Heat of the Night",
]
HEAT_TITLES += ["Body Heat", "White Heat", "Heatwave", "Dead Heat", "Heat Lightning"]
HEAT_TITLES += ["Heat of Anger", "Heat Wave"]


@pytest.fixture
def films(transactional_db) -> None:
    """More matches for "heat" than the suggestion list shows (twelve films in twelve
    genres and decades, three people), saved outside a test transaction so the signals
    index them at once."""
    for number, (title, genre) in enumerate(zip(HEAT_TITLES, GENRES, strict=True)):
        film = factories.make_film(
            title=title, year=1900 + 10 * number, notability=80 - number
        )
        film.genres.add(factories.make_genre(genre))
    for name in ("Bella Heathcote", "Dennis Heaton", "Patricia Heaton"):
        factories.make_person(name=name, prominence=10)


def open_suggestions(page, live_server, query: str = "heat"):
    page.goto(f"{live_server.url}/")
    box = page.get_by_role("combobox", name="Search films and people")
    box.fill(query)
    listbox = page.get_by_role("listbox", name="Suggestions")
    listbox.get_by_role("option").last.wait_for()
    return listbox


def test_suggestion_list_shows_its_see_all_row_without_scrolling(
    page, live_server, films
):
    listbox = open_suggestions(page, live_server)
    options = listbox.get_by_role("option")
    assert options.count() == 10  # six films, three people, "See all results"
    see_all = options.last
    label = see_all.locator(".search-option__label").inner_text()
    assert label == "See all results for “heat”"
    row = see_all.bounding_box()
    frame = listbox.bounding_box()
    viewport = page.viewport_size
    assert row["y"] >= frame["y"]
    assert row["y"] + row["height"] <= frame["y"] + frame["height"] + 0.5
    assert row["y"] + row["height"] <= viewport["height"]
    assert frame["x"] >= 0
    assert frame["x"] + frame["width"] <= viewport["width"]


def test_see_all_row_stays_visible_while_the_list_scrolls(page, live_server, films):
    listbox = open_suggestions(page, live_server)
    page.set_viewport_size({"width": page.viewport_size["width"], "height": 420})
    see_all = listbox.get_by_role("option").last
    row = see_all.bounding_box()
    frame = listbox.bounding_box()
    assert row["y"] + row["height"] <= frame["y"] + frame["height"] + 0.5
    assert row["y"] + row["height"] <= 420


def test_suggestion_labels_fit_their_row(page, live_server, films):
    listbox = open_suggestions(page, live_server)
    labels = listbox.locator(".search-option__label")
    for index in range(labels.count()):
        label = labels.nth(index)
        width = label.evaluate("element => element.scrollWidth - element.clientWidth")
        assert width <= 0, label.inner_text()


def test_header_search_shows_its_whole_placeholder(page, live_server, films):
    page.goto(f"{live_server.url}/films/")
    box = page.locator("#site-search-input")
    # The text as typed takes the placeholder's room (beside the clear button), and an
    # input scrolls when its text does not fit.
    overflow = box.evaluate(
        "input => { input.value = input.placeholder;"
        " return input.scrollWidth - input.clientWidth; }"
    )
    assert overflow <= 0
    form = page.locator(".search-box").bounding_box()
    assert form["x"] >= 0
    assert form["x"] + form["width"] <= page.viewport_size["width"]


def test_header_fits_the_window(page, live_server, films):
    page.goto(f"{live_server.url}/films/")
    header = page.locator(".site-header__inner")
    assert header.evaluate("element => element.scrollWidth <= element.clientWidth")
    for selector in (".site-name", ".site-nav a", ".search-box"):
        for element in page.locator(selector).all():
            box = element.bounding_box()
            assert box["x"] >= 0, selector
            assert box["x"] + box["width"] <= page.viewport_size["width"], selector


def test_every_sort_order_fits_the_sort_menu(page, live_server, films):
    page.goto(f"{live_server.url}/films/")
    menu = page.locator("#f-sort")
    room = menu.evaluate(TEXT_ROOM_JS)
    labels = menu.locator("option").all_inner_texts()
    assert "Tomatometer, highest first" in labels
    too_wide = {}
    for label in labels:
        needed = menu.evaluate(TEXT_WIDTH_JS, label)
        if needed > room:
            too_wide[label] = (needed, room)
    assert too_wide == {}


def test_every_filter_fits_the_filter_form(page, live_server, films):
    page.goto(f"{live_server.url}/films/")
    form = page.locator("form.filters").bounding_box()
    for control in page.locator("form.filters select, form.filters button").all():
        box = control.bounding_box()
        assert box["x"] >= form["x"]
        assert box["x"] + box["width"] <= form["x"] + form["width"] + 0.5
    # A member's personal filter is hidden for visitors (catalogue/film_filters.py).
    for label in page.locator("form.filters label:visible").all():
        lines = label.evaluate(
            "label => label.getClientRects().length === 1"
            " && label.offsetHeight < 1.5 * parseFloat(getComputedStyle(label).lineHeight)"
        )
        assert lines, label.inner_text()
        assert label.evaluate("label => label.scrollWidth <= label.clientWidth")
    for menu in page.locator("form.filters select").all():
        room = menu.evaluate(TEXT_ROOM_JS)
        chosen = menu.evaluate("select => select.selectedOptions[0].text")
        needed = menu.evaluate(TEXT_WIDTH_JS, chosen)
        assert needed <= room, chosen


def test_search_results_start_on_the_first_screen(page, live_server, films):
    """The facets (twelve genres, twelve decades) leave room for three results."""
    page.goto(f"{live_server.url}/search/?q=heat")
    third = page.locator(".search-result__link").nth(2).bounding_box()
    assert third["y"] + third["height"] <= page.viewport_size["height"]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]


def test_keyboard_highlight_is_never_hidden_under_the_see_all_row(
    page, live_server, films
):
    listbox = open_suggestions(page, live_server)
    page.set_viewport_size({"width": page.viewport_size["width"], "height": 420})
    box = page.get_by_role("combobox", name="Search films and people")
    options = listbox.get_by_role("option")
    see_all = options.last
    for index in range(options.count() - 1):
        box.press("ArrowDown")
        row = options.nth(index).bounding_box()
        pinned = see_all.bounding_box()
        assert row["y"] + row["height"] <= pinned["y"] + 0.5, index


def test_header_stays_one_row_on_a_small_laptop(chromium, live_server, films):
    context = chromium.new_context(viewport={"width": 1024, "height": 700})
    page = context.new_page()
    page.goto(f"{live_server.url}/films/")
    nav = page.get_by_role("navigation", name="Main").bounding_box()
    search = page.locator(".search-box").bounding_box()
    context.close()
    assert search["y"] < nav["y"] + nav["height"]
    assert search["width"] >= 260


def test_genre_names_fit_their_tiles(page, live_server, films):
    page.goto(f"{live_server.url}/genres/")
    tiles = page.locator(".genre-tile")
    assert tiles.count() == len(GENRES)
    for tile in tiles.all():
        frame = tile.bounding_box()
        name = tile.locator(".genre-tile__name")
        box = name.bounding_box()
        assert box["x"] + box["width"] <= frame["x"] + frame["width"], name.inner_text()
        assert name.evaluate("name => name.scrollWidth <= name.clientWidth")
