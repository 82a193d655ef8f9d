"""The film page in Chromium: every editorial section of a film with content, and a
page that still reads well for a film without any."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests import factories
from tests.editorial.test_film_page import publish_everything

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(chromium, live_server) -> Iterator:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    # the site never loads anything from elsewhere
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(live_server.url)
            else route.abort()
        ),
    )
    yield page
    context.close()


def make_heat():
    from cinematheque.people.models import Credit

    film = factories.make_film(
        title="Heat", year=1995, slug="heat-1995", runtime=170, certification="R"
    )
    factories.make_credit(
        film=film,
        person=factories.make_person(name="Michael Mann"),
        department=Credit.Department.DIRECTING,
        job="Director",
    )
    factories.make_credit(film=film, person=factories.make_person(name="Al Pacino"))
    return film


def test_every_editorial_section_is_visible_for_a_curated_film(
    page, live_server, tmp_path
):
    heat = make_heat()
    publish_everything(heat)
    page.goto(live_server.url + heat.get_absolute_url())

    assert (
        page.locator("#tagline .tagline").inner_text()
        == "Two professionals and one city."
    )
    assert "A thief and a detective" in page.locator("#synopsis").inner_text()
    assert page.locator("#analysis em").inner_text() == "procedure"
    spoiler = page.get_by_text("The airport ending is a farewell.")
    assert not spoiler.is_visible()  # closed until the reader opens it
    page.locator("#analysis details.spoilers summary").click()
    assert spoiler.is_visible()
    assert (
        page.locator("#faq").get_by_text("Is Heat based on a true story?").is_visible()
    )
    assert page.locator("#faq").get_by_text("Partly, yes.").is_visible()
    assert "Shot on location downtown." in page.locator("#trivia").inner_text()
    assert page.locator("#trivia cite a").get_attribute("href").startswith("https://")
    assert "Contains: strong violence" in page.locator("#advisory").inner_text()
    assert "Moderate" in page.locator("#complexity").inner_text()
    assert "crime cinema" in page.locator("#curation").inner_text()
    page.screenshot(path=str(tmp_path / "heat.png"), full_page=True)

    page.locator("#collections a", has_text="Crime: the essentials").click()
    page.wait_for_url("**/collections/crime-essentials/")
    assert page.locator("h1").inner_text() == "Crime: the essentials"
    assert page.locator(".collection-film__title a").first.inner_text() == "Heat"


def test_a_film_without_editorial_content_reads_well(page, live_server):
    film = make_heat()
    page.goto(live_server.url + film.get_absolute_url())
    faq = page.locator("#faq").inner_text()
    assert "How long is Heat?" in faq
    assert "Heat runs 170 minutes" in faq
    assert "Who directed Heat?" in faq
    assert "Is there a sequel to Heat?" in faq
    assert (
        "No analysis has been written for this film yet."
        in page.locator("#analysis").inner_text()
    )
    assert "Not assessed yet." in page.locator("#complexity").inner_text()
    body = page.locator("main").inner_text()
    for junk in ("None", "undefined", "null", "{{", "{%"):
        assert junk not in body
