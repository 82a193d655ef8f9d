"""A member on Heat's page in a real Chromium: rates it 4½ stars without a reload,
clears it, puts it on the watchlist and logs a viewing in the dialog; a visitor is
asked to sign in. Screenshots go to the test's tmp_path."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from cinematheque.members.models import DiaryEntry, Rating, WatchlistEntry
from tests import factories
from tests.catalogue.sample import make_heat_sample

pytestmark = pytest.mark.e2e


@pytest.fixture
def heat(transactional_db):
    return make_heat_sample().heat


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session,
                "url": live_server.url,
            }
        ]
    )


def test_a_member_rates_clears_watchlists_and_logs_heat(
    desktop, live_server, heat, tmp_path
):
    page = desktop
    member = factories.make_user(username="ada")
    sign_in(page, live_server, member)
    page.goto(f"{live_server.url}/films/heat-1995/")
    controls = page.locator("[data-member-controls]")
    controls.wait_for(state="visible")
    assert page.locator("[data-member-visitor]").is_hidden()
    status = page.locator("[data-rating-label]")
    assert status.inner_text() == "Rate it"

    page.get_by_role("button", name="4½ stars").click()
    page.wait_for_function(
        "() => document.querySelector('[data-rating-label]').textContent.includes('4½')"
    )
    assert status.inner_text() == "You rated it 4½ stars"
    assert page.locator(".stars__half.is-on").count() == 9
    assert Rating.objects.get(user=member, film=heat).value == 9
    watched = page.locator('[data-toggle="watched"]')
    assert watched.get_attribute("aria-pressed") == "true"
    # The members' average and histogram follow without a reload.
    summary = wait_for_summary(page, "1 rating")
    assert "No member ratings yet" not in summary
    assert "4.5" in summary
    page.screenshot(path=tmp_path / "film-rated.png")

    page.reload()  # the page now shows the members' rating, and the stars stay
    controls.wait_for(state="visible")
    page.wait_for_function(
        "() => document.querySelector('[data-rating-label]').textContent.includes('4½')"
    )
    assert "1 rating" in page.locator("#member-rating").inner_text()

    page.get_by_role("button", name="Clear rating").click()
    page.wait_for_function(
        "() => document.querySelector('[data-rating-label]').textContent === 'Rate it'"
    )
    assert page.locator(".stars__half.is-on").count() == 0
    assert not Rating.objects.filter(user=member).exists()
    wait_for_summary(page, "No member ratings yet")

    watchlist = page.locator('[data-toggle="on_watchlist"]')
    watchlist.click()
    page.wait_for_function(
        "() => document.querySelector('[data-toggle=\"on_watchlist\"]')"
        ".getAttribute('aria-pressed') === 'true'"
    )
    assert watchlist.inner_text() == "On your watchlist"
    assert WatchlistEntry.objects.filter(user=member, film=heat).exists()

    log_a_rated_viewing(page, tmp_path)
    entry = DiaryEntry.objects.get(user=member, film=heat)
    assert (entry.rating, entry.rewatch, entry.tags) == (9, True, ["cinema", "70mm"])
    assert status.inner_text() == "You rated it 4½ stars"
    wait_for_summary(page, "1 rating")
    # Logging it watched it: Letterboxd takes a watched film off the watchlist.
    assert watchlist.get_attribute("aria-pressed") == "false"
    page.screenshot(path=tmp_path / "film-logged.png", full_page=True)
    see_the_diary(page, live_server, tmp_path)


def log_a_rated_viewing(page, tmp_path) -> None:
    page.get_by_role("link", name="Log a viewing").click()
    dialog = page.locator("[data-log-dialog]")
    dialog.wait_for(state="visible")
    assert page.locator("#log-watched_on").input_value() != ""
    page.select_option("#log-rating", "9")
    page.check("#log-rewatch")
    page.fill("#log-tags", "cinema, 70mm")
    page.fill("#log-review", "The diner scene still lands.")
    page.screenshot(path=tmp_path / "log-dialog.png")
    dialog.get_by_role("button", name="Save to diary").click()
    dialog.wait_for(state="hidden")
    page.wait_for_function(
        "() => document.querySelector('[data-personal=\"diary_count\"]').textContent === '1'"
    )


def wait_for_summary(page, text: str) -> str:
    """The members' average and histogram box once it says `text` (it follows a
    rating without a reload)."""
    page.wait_for_function(
        "text => document.querySelector('#member-rating').textContent.includes(text)",
        arg=text,
    )
    return page.locator("#member-rating").inner_text()


def see_the_diary(page, live_server, tmp_path) -> None:
    page.goto(f"{live_server.url}/me/diary/")
    assert "Heat" in page.locator(".diary").inner_text()
    assert "★★★★½" in page.locator(".diary").inner_text()
    page.screenshot(path=tmp_path / "diary.png", full_page=True)


def test_a_visitor_is_asked_to_sign_in_and_a_phone_fits_the_controls(
    phone, live_server, heat, tmp_path
):
    page = phone
    page.goto(f"{live_server.url}/films/heat-1995/")
    page.wait_for_selector("html[data-personal-ready]")
    assert page.locator("[data-member-visitor]").is_visible()
    assert page.locator("[data-member-controls]").is_hidden()
    member = factories.make_user(username="bo")
    sign_in(page, live_server, member)
    page.reload()
    page.locator("[data-member-controls]").wait_for(state="visible")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    page.locator("#member-actions").screenshot(path=tmp_path / "phone-controls.png")
    page.get_by_role("link", name="Log a viewing").click()
    page.locator("[data-log-dialog]").wait_for(state="visible")
    page.screenshot(path=tmp_path / "phone-dialog.png")


def test_the_watchlist_and_diary_pages_sort_and_fit_a_phone(
    desktop, phone, live_server, heat, tmp_path
):
    import datetime

    from cinematheque.members import ratings

    member = factories.make_user(username="cy")
    thief = factories.make_film(title="Thief", year=1981, slug="thief", runtime=123)
    for film in (heat, thief):
        ratings.watchlist_add(user=member, film=film)
    ratings.diary_entry_create(
        user=member,
        film=thief,
        viewing=ratings.Viewing(
            watched_on=datetime.date(2025, 2, 9),
            rating=7,
            rewatch=True,
            tags=("late night", "blu-ray", "with a very long tag for the phone"),
        ),
    )
    ratings.watchlist_add(user=member, film=thief)
    sign_in(desktop, live_server, member)
    desktop.goto(f"{live_server.url}/me/watchlist/")
    desktop.select_option("#w-sort", "year")
    desktop.get_by_role("button", name="Show films").click()
    desktop.wait_for_url("**/me/watchlist/?*sort=year*")
    assert desktop.locator(".card__title").all_inner_texts() == ["Thief", "Heat"]
    desktop.screenshot(path=tmp_path / "watchlist.png", full_page=True)
    sign_in(phone, live_server, member)
    for name in ("watchlist", "diary"):
        phone.goto(f"{live_server.url}/me/{name}/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        phone.screenshot(path=tmp_path / f"phone-{name}.png", full_page=True)
