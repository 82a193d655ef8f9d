"""Chromium shows the age rating of the visitor's country."""

from __future__ import annotations

import pytest

from cinematheque.catalogue.models import Certification
from tests import factories

pytestmark = pytest.mark.e2e


@pytest.fixture
def heat(transactional_db):
    source = factories.make_source(key="tmdb", name="TMDB")
    film = factories.make_film(
        title="Heat", year=1995, certification="R", certification_country="US"
    )
    for country, rating in (("US", "R"), ("FR", "-12"), ("DE", "16")):
        Certification.objects.create(
            film=film, country=country, rating=rating, source=source
        )
    return film


@pytest.mark.parametrize(
    "case",
    [
        ("fr-FR", "", "-12 (FR)"),
        ("de-DE", "", "16 (DE)"),
        ("fr-FR", "DE", "16 (DE)"),  # the region chosen for where to watch wins
        ("ja-JP", "", "R (US)"),  # no Japanese rating: the catalogue's own
    ],
)
def test_the_visitors_country_rating_is_shown(browser, live_server, heat, case):
    locale, cookie, shown = case
    context = browser.new_context(locale=locale)
    if cookie:
        context.add_cookies(
            [{"name": "watch_region", "value": cookie, "url": live_server.url}]
        )
    page = context.new_page()
    page.goto(live_server.url + heat.get_absolute_url())
    cell = page.locator("[data-certifications]")
    cell.locator(".badge").wait_for()
    page.wait_for_load_state("load")
    assert " ".join(cell.inner_text().split()) == shown
    context.close()
