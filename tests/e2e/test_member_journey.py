"""One member's whole path in a real Chromium, in one browser session, through the
pages a person uses (no forced log-in): sign up → rate Heat → watchlist → log a
viewing → review with a spoiler → make a list → follow a member → import a
Letterboxd export → settle an ambiguous match → export. Each step's own details are
tested in the feature's browser test; this one checks that they work together."""

from __future__ import annotations

import io
import zipfile

import pytest

from cinematheque.members.models import (
    DiaryEntry,
    FilmList,
    Follow,
    Rating,
    Review,
    User,
    WatchlistEntry,
)
from tests import factories
from tests.catalogue.sample import make_heat_sample
from tests.e2e.test_accounts_browser import FIRST_PASSWORD, shots
from tests.members.history import FILMS, LETTERBOXD, zip_folder

pytestmark = pytest.mark.e2e


@pytest.fixture
def catalogue(transactional_db):
    sample = make_heat_sample()
    for fields in FILMS:  # the films of the Letterboxd fixture, Heat is the sample's
        if fields["title"] != "Heat":
            factories.make_film(**fields)
    return sample


def sign_up(page, base: str, folder) -> None:
    page.goto(f"{base}/films/heat-1995/")
    page.locator(".site-account").get_by_role("link", name="Sign up").click()
    page.fill("#id_username", "ada")
    page.fill("#id_email", "ada@example.org")
    page.fill("#id_password1", FIRST_PASSWORD)
    page.fill("#id_password2", FIRST_PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/accounts/settings/")
    page.screenshot(path=folder / "journey-1-signed-up.png")


def rate_watchlist_and_log(page, base: str, folder) -> None:
    page.goto(f"{base}/films/heat-1995/")
    page.locator("[data-member-controls]").wait_for(state="visible")
    page.get_by_role("button", name="4½ stars").click()
    page.wait_for_function(
        "() => document.querySelector('[data-rating-label]').textContent.includes('4½')"
    )
    page.locator('[data-toggle="on_watchlist"]').click()
    page.wait_for_function(
        "() => document.querySelector('[data-toggle=\"on_watchlist\"]')"
        ".getAttribute('aria-pressed') === 'true'"
    )
    page.get_by_role("link", name="Log a viewing").click()
    dialog = page.locator("[data-log-dialog]")
    dialog.wait_for(state="visible")
    page.select_option("#log-rating", "9")
    page.fill("#log-tags", "cinema")
    dialog.get_by_role("button", name="Save to diary").click()
    dialog.wait_for(state="hidden")
    page.wait_for_function(
        "() => document.querySelector('[data-personal=\"diary_count\"]').textContent === '1'"
    )
    page.screenshot(path=folder / "journey-2-rated-and-logged.png", full_page=True)


def review_with_spoiler(page, base: str, folder) -> None:
    page.goto(f"{base}/films/heat-1995/")
    page.locator("#reviews").get_by_role("link", name="Write a review").click()
    page.fill("#review-body", "The airport at night: *Neil does not make it*.")
    page.check("input[name=contains_spoilers]")
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/members/ada/reviews/*/")
    body = page.locator(".review__body")
    assert not body.is_visible()
    page.get_by_text("This review contains spoilers").click()
    assert "Neil does not make it" in body.inner_text()
    page.screenshot(path=folder / "journey-3-review.png", full_page=True)


def make_a_list(page, base: str, folder) -> None:
    page.goto(f"{base}/me/lists/new/")
    page.fill("#list-title", "Heists")
    page.get_by_role("button", name="Create the list").click()
    page.wait_for_url("**/members/ada/lists/heists/")
    adding = page.get_by_role("region", name="Add a film")
    page.fill("#film-search", "Heat")
    adding.get_by_role("button", name="Find").click()
    adding.get_by_role("button", name="Add").first.click()
    page.locator(".film-list__title", has_text="Heat").wait_for()
    page.screenshot(path=folder / "journey-4-list.png", full_page=True)


def follow(page, base: str, folder) -> None:
    page.goto(f"{base}/members/critic/")
    page.get_by_role("button", name="Follow").click()
    page.get_by_role("button", name="Following ✓ · Unfollow").wait_for()
    page.goto(f"{base}/me/feed/")
    assert "rated Heat (1995)" in page.locator(".feed").inner_text()
    page.screenshot(path=folder / "journey-5-feed.png", full_page=True)


def import_settle_and_export(page, base: str, folder) -> bytes:
    page.goto(f"{base}/me/import/")
    page.get_by_label("Letterboxd").check()
    page.set_input_files(
        "input[type=file]",
        {
            "name": "letterboxd-ada.zip",
            "mimeType": "application/zip",
            "buffer": zip_folder(LETTERBOXD / "extratone"),
        },
    )
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/me/imports/*/")
    choice = page.locator(".history-choice", has_text="King Kong")
    choice.locator("button.history-option").first.click()
    page.wait_for_load_state()
    assert page.locator(".history-choice").count() == 0
    page.screenshot(path=folder / "journey-6-import.png", full_page=True)
    page.get_by_role("link", name="Export", exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the zip").click()
    return download.value.path().read_bytes()


def test_a_member_journey_from_sign_up_to_export(
    desktop, live_server, catalogue, tmp_path
):
    folder = shots(tmp_path)
    critic = factories.make_user(username="critic")
    Rating.objects.create(user=critic, film=catalogue.heat, value=8)
    page, base = desktop, live_server.url

    sign_up(page, base, folder)
    rate_watchlist_and_log(page, base, folder)
    review_with_spoiler(page, base, folder)
    make_a_list(page, base, folder)
    follow(page, base, folder)
    exported = import_settle_and_export(page, base, folder)

    ada = User.objects.get(username="ada")
    assert DiaryEntry.objects.filter(user=ada, film=catalogue.heat).count() == 1
    assert Review.objects.get(user=ada, film=catalogue.heat).contains_spoilers
    assert FilmList.objects.get(owner=ada, slug="heists").items.count() == 1
    assert Follow.objects.filter(follower=ada, followed=critic).exists()
    assert Rating.objects.get(user=ada, film__title="King Kong").value == 10
    # Logging the viewing took Heat off the watchlist, as on Letterboxd.
    assert not WatchlistEntry.objects.filter(user=ada, film=catalogue.heat).exists()
    archive = zipfile.ZipFile(io.BytesIO(exported))
    letterboxd_csv = archive.read("letterboxd-import.csv").decode()
    assert "Heat,1995" in letterboxd_csv
    assert "King Kong" in letterboxd_csv
