"""Chromium shows the synopsis in the browser's language, and the switch changes it."""

from __future__ import annotations

import datetime

import pytest

from cinematheque.ingest.records import Translation
from cinematheque.ingest.services import translations_store
from tests import factories

pytestmark = pytest.mark.e2e


@pytest.fixture
def heat(transactional_db):
    source = factories.make_source(key="tmdb", name="TMDB")
    film = factories.make_film(
        title="Heat", year=1995, slug="heat-1995", overview="A crew of thieves."
    )
    translations_store(
        film=film,
        source=source,
        retrieved_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        translations=[
            Translation("fr", "FR", overview="Une bande de <b>voleurs</b>."),
            Translation("de", "DE", overview="Eine Bande."),
        ],
    )
    return film


@pytest.mark.parametrize(
    "case",
    [
        ("fr-CA", "Une bande de <b>voleurs</b>.", True),  # same language, other country
        ("en-GB", "A crew of thieves.", False),  # the original's language
        ("ja-JP", "A crew of thieves.", False),  # no Japanese overview
    ],
)
def test_the_browsers_language_picks_the_synopsis(browser, live_server, heat, case):
    locale, shown, credited = case
    context = browser.new_context(locale=locale)
    page = context.new_page()
    page.goto(live_server.url + heat.get_absolute_url())
    page.locator("[data-synopsis-languages]").wait_for()
    page.wait_for_load_state("networkidle")
    text = page.locator("[data-synopsis-text]")
    assert text.inner_text().strip() == shown
    assert page.locator("[data-synopsis-credit]").is_visible() is credited
    context.close()


def test_the_switch_changes_the_language_and_back(browser, live_server, heat):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(live_server.url + heat.get_absolute_url())
    switch = page.locator("[data-synopsis-switch]")
    switch.select_option("de-DE")
    text = page.locator("[data-synopsis-text]")
    text.locator("text=Eine Bande.").wait_for()
    assert text.get_attribute("lang") == "de-DE"
    assert (
        page.locator("[data-synopsis-credit]").inner_text() == "Translation from TMDB."
    )
    switch.select_option("")
    text.locator("text=A crew of thieves.").wait_for()
    assert text.get_attribute("lang") == "en"
    context.close()
