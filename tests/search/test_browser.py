"""The header search box in Chromium: suggestions while typing, keyboard navigation,
Enter to the results page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests import factories

pytestmark = pytest.mark.e2e


@pytest.fixture
def page(chromium, live_server) -> Iterator:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def films(transactional_db) -> None:
    # Saved outside a test transaction: the signals index them at once.
    heat = factories.make_film(title="Heat", year=1995, slug="heat-1995", notability=80)
    factories.make_film(title="Heat", year=1972, slug="heat-1972", notability=10)
    factories.make_film(
        title="Heathers", year=1988, slug="heathers-1988", notability=50
    )
    pacino = factories.make_person(name="Al Pacino", slug="al-pacino", prominence=50)
    factories.make_credit(film=heat, person=pacino, order=0)


def test_typing_shows_suggestions_that_the_keyboard_can_open(page, live_server, films):
    page.goto(f"{live_server.url}/")
    box = page.get_by_role("combobox", name="Search films and people")
    box.fill("hea")
    listbox = page.get_by_role("listbox", name="Suggestions")
    listbox.get_by_role("option").first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    labels = listbox.locator(".search-option__label").all_inner_texts()
    assert labels[0].startswith("Heat (1995)")
    assert any(label.startswith("Heathers (1988)") for label in labels)
    assert labels[-1].startswith("See all results for “hea”")

    box.press("ArrowDown")
    first = listbox.get_by_role("option").first
    assert first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    box.press("Enter")
    page.wait_for_url(f"{live_server.url}/films/heat-1995/")


def test_escape_closes_and_enter_opens_the_results_page(page, live_server, films):
    page.goto(f"{live_server.url}/")
    box = page.get_by_role("combobox", name="Search films and people")
    box.fill("pacino")
    page.get_by_role("option", name="Al Pacino").wait_for()
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.press("Enter")
    page.wait_for_url(f"{live_server.url}/search/?q=pacino")
    assert page.get_by_role("heading", level=1).inner_text() == "Results for pacino"
    results = page.locator(".search-result__title").all_inner_texts()
    assert results[0] == "Al Pacino"
    assert "Heat (1995)" in results


def test_up_arrow_wraps_to_the_see_all_option(page, live_server, films):
    page.goto(f"{live_server.url}/")
    box = page.get_by_role("combobox", name="Search films and people")
    box.fill("heat")
    page.get_by_role("listbox").get_by_role("option").first.wait_for()
    box.press("ArrowUp")
    selected = page.locator("[role=option][aria-selected=true] .search-option__label")
    assert selected.inner_text() == "See all results for “heat”"
    box.press("Enter")
    page.wait_for_url(f"{live_server.url}/search/?q=heat")
