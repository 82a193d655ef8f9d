"""Chromium shows the synopsis in the browser's language, and the switch changes it."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest

from cinematheque.ingest.records import Translation
from cinematheque.ingest.services import translations_store
from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE

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


@pytest.fixture
def godfather(transactional_db):
    source = factories.make_source(key="tmdb", name="TMDB")
    film = factories.make_film(
        title="The Godfather",
        year=1972,
        slug="the-godfather-1972",
        source=source,
        tagline="An offer you can't refuse.",
        overview="The ageing head of a crime family hands it to his youngest son.",
    )
    translations_store(
        film=film,
        source=source,
        retrieved_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        translations=[
            Translation(
                "fr",
                "FR",
                title="Le Parrain",
                overview="Le vieux chef d'une famille du crime la confie à son fils.",
                tagline="Une offre <b>qu'on ne refuse pas</b>.",
            ),
            Translation("it", "IT", title="Il padrino"),  # no overview, no tagline
        ],
    )
    return film


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("E2E_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_french_browser_reads_the_title_tagline_and_synopsis_in_french(
    browser, live_server, godfather, viewport, tmp_path
):
    context = browser.new_context(locale="fr-FR", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + godfather.get_absolute_url())
    subtitle = page.locator("[data-translated-title]")
    subtitle.wait_for()  # visible once the French translation arrived
    tagline = page.locator("[data-tagline] .tagline")
    text = page.locator("[data-synopsis-text]")
    credit = page.locator("[data-synopsis-credit]")

    assert page.locator("h1").inner_text().startswith("The Godfather")
    assert subtitle.inner_text() == "Title in français (FR): Le Parrain"
    assert subtitle.locator("[lang]").get_attribute("lang") == "fr-FR"
    # Inserted as text: the markup TMDB's contributors typed stays visible as typed.
    assert tagline.inner_text() == "Une offre <b>qu'on ne refuse pas</b>."
    assert tagline.get_attribute("lang") == "fr-FR"
    assert page.locator("[data-tagline] b").count() == 0
    assert page.locator(".tagline__source").inner_text() == (
        "Tagline translated by TMDB."
    )
    assert text.inner_text().strip() == (
        "Le vieux chef d'une famille du crime la confie à son fils."
    )
    assert text.get_attribute("lang") == "fr-FR"
    assert credit.inner_text() == "Translation from TMDB."
    assert page.locator("[data-synopsis-original-credit]").is_hidden()
    name = "godfather-fr-" + ("desktop" if viewport == DESKTOP else "phone")
    folder = shots(tmp_path)
    page.locator(".film-hero").screenshot(path=folder / f"{name}-hero.png")
    page.locator("#synopsis").screenshot(path=folder / f"{name}-synopsis.png")

    page.locator("[data-synopsis-switch]").select_option("")

    text.locator("text=The ageing head of a crime family").wait_for()
    assert subtitle.is_hidden()
    assert tagline.inner_text() == "An offer you can't refuse."
    assert tagline.get_attribute("lang") == "en"
    assert page.locator(".tagline__source").count() == 0
    assert text.get_attribute("lang") == "en"
    assert credit.is_hidden()
    assert page.locator("[data-synopsis-original-credit]").inner_text() == (
        "Summary from TMDB."
    )
    context.close()


def test_a_language_with_only_a_title_keeps_the_synopsis_and_says_so(
    browser, live_server, godfather
):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + godfather.get_absolute_url())

    page.locator("[data-synopsis-switch]").select_option("it-IT")

    subtitle = page.locator("[data-translated-title]")
    subtitle.wait_for()
    assert subtitle.inner_text() == "Title in italiano (IT): Il padrino"
    assert page.locator("[data-tagline] .tagline").inner_text() == (
        "An offer you can't refuse."
    )
    assert page.locator("[data-synopsis-text]").inner_text().startswith("The ageing")
    assert page.locator("[data-synopsis-credit]").inner_text() == (
        "TMDB has no summary in this language: the synopsis stays in English."
    )
    context.close()


def test_beside_the_editors_synopsis_the_credit_says_whose_text_it_is(
    browser, live_server, godfather, tmp_path
):
    factories.make_film_text(
        film=godfather,
        synopsis="Our editors on a family and its business.",
        tagline="Family first.",
        publish=True,
    )
    context = browser.new_context(locale="fr-FR", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + godfather.get_absolute_url())
    text = page.locator("[data-synopsis-text]")
    text.locator("text=Le vieux chef").wait_for()
    folder = shots(tmp_path)
    page.locator("#synopsis").screenshot(path=folder / "godfather-editors-fr.png")

    assert page.locator("[data-synopsis-credit]").inner_text() == (
        "Summary from TMDB, translated: not the editors\N{RIGHT SINGLE QUOTATION MARK} "
        "synopsis, which is in English."
    )
    assert page.locator(".tagline__source").inner_text() == (
        "Tagline translated by TMDB, not the editors\N{RIGHT SINGLE QUOTATION MARK} own."
    )

    page.locator("[data-synopsis-switch]").select_option("")
    text.locator("text=Our editors on a family").wait_for()
    assert page.locator("[data-tagline] .tagline").inner_text() == "Family first."
    assert page.locator("[data-translated-title]").is_hidden()
    context.close()


def test_a_translation_arriving_after_the_visitor_went_back_is_not_shown(
    browser, live_server, godfather
):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    held = []

    def hold(route) -> None:  # answered when the test says so
        held.append(route)

    page.route("**/synopsis/fr-FR.json", hold)
    page.goto(live_server.url + godfather.get_absolute_url())
    switch = page.locator("[data-synopsis-switch]")
    switch.select_option("fr-FR")
    page.wait_for_function(
        "document.querySelector('[data-synopsis-languages]')"
        ".getAttribute('aria-busy') === 'true'"
    )
    switch.select_option("")
    held[0].continue_()
    page.wait_for_function(
        "!document.querySelector('[data-synopsis-languages]').hasAttribute('aria-busy')"
    )
    page.wait_for_load_state("networkidle")

    assert page.locator("[data-synopsis-text]").inner_text().startswith("The ageing")
    assert page.locator("[data-translated-title]").is_hidden()
    assert page.locator("[data-tagline] .tagline").inner_text() == (
        "An offer you can't refuse."
    )
    assert switch.input_value() == ""
    context.close()
