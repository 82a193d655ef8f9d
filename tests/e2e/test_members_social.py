"""A member's social path in a real Chromium: write a review with a spoiler and reveal
it, make a ranked list and drag a film to the top, follow a member and read the feed;
and the pages on a phone without sideways scrolling. Screenshots go to tmp_path."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.test import Client

from cinematheque.members.models import DiaryEntry, Rating
from tests import factories
from tests.catalogue.sample import HeatSample, make_heat_sample

pytestmark = pytest.mark.e2e


@pytest.fixture
def catalogue(transactional_db) -> HeatSample:
    return make_heat_sample()


def sign_in(context, live_server, user) -> None:
    """Give the browser the session of `user` (the sign-in page is the accounts
    feature's; this test is about what a signed-in member does)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
    )


def new_page(browser, live_server, user):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    sign_in(context, live_server, user)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def write_review_with_spoiler(page, base: str, tmp_path) -> None:
    page.goto(f"{base}/films/heat-1995/")
    page.locator("#reviews").get_by_role("link", name="Write a review").click()
    page.fill("#review-body", "The **ending** at the airport: Neil dies.")
    page.check("input[name=contains_spoilers]")
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/members/critic/reviews/*/")
    body = page.locator(".review__body")
    assert not body.is_visible()
    page.get_by_text("This review contains spoilers").click()
    assert body.is_visible()
    assert body.locator("strong").inner_text() == "ending"
    page.screenshot(path=tmp_path / "review.png", full_page=True)

    page.goto(f"{base}/films/heat-1995/")
    section = page.locator("#reviews")
    assert section.get_by_role("tab", name="Newest").is_visible()
    assert not section.locator(".review__body").first.is_visible()
    section.locator("summary").first.click()
    assert "Neil dies" in section.locator(".review__body").first.inner_text()
    section.get_by_role("tab", name="Most liked").click()
    assert section.locator("#reviews-liked").is_visible()
    assert not section.locator("#reviews-newest").is_visible()
    section.screenshot(path=tmp_path / "film-reviews.png")


def make_ranked_list_and_drag(page, base: str, tmp_path) -> None:
    page.goto(f"{base}/me/lists/new/")
    page.fill("#list-title", "Michael Mann, ranked")
    page.check("input[name=ranked]")
    page.get_by_role("button", name="Create the list").click()
    page.wait_for_url("**/members/critic/lists/michael-mann-ranked/")
    adding = page.get_by_role("region", name="Add a film")
    for title in ("Heat", "Takedown"):
        page.fill("#film-search", title)
        adding.get_by_role("button", name="Find").click()
        adding.get_by_role("button", name="Add").first.click()
    titles = page.locator(".film-list__title")
    assert titles.all_inner_texts() == ["Heat (1995)", "L.A. Takedown (1989)"]
    with page.expect_response("**/order/") as answer:
        page.locator(".film-list__item").nth(1).drag_to(
            page.locator(".film-list__item").nth(0),
            target_position={"x": 20, "y": 5},
        )
    assert answer.value.ok
    assert page.locator(".film-list__rank").all_inner_texts() == ["1", "2"]
    page.reload()
    assert titles.all_inner_texts() == ["L.A. Takedown (1989)", "Heat (1995)"]
    page.screenshot(path=tmp_path / "list.png", full_page=True)


def follow_and_read_the_feed(page, base: str, tmp_path) -> None:
    page.goto(f"{base}/members/critic/")
    page.get_by_role("button", name="Follow").click()
    assert page.get_by_role("button", name="Following ✓ · Unfollow").is_visible()
    page.goto(f"{base}/me/feed/")
    feed = page.locator(".feed").inner_text()
    assert feed.index("made the list Michael Mann, ranked") < feed.index(
        "reviewed Heat (1995)"
    )
    assert "rated Heat (1995)" in feed
    page.screenshot(path=tmp_path / "feed.png", full_page=True)

    page.get_by_role("link", name="read the review").click()
    page.get_by_role("button", name="♥ Like").click()
    assert page.get_by_role("button", name="♥ Liked · Unlike").is_visible()
    page.goto(f"{base}/films/heat-1995/")
    assert "1 like" in page.locator("#reviews .review__likes").first.inner_text()


def test_review_with_spoiler_list_drag_and_follow_feed(
    browser, live_server, catalogue, tmp_path
):
    critic = factories.make_user(username="critic")
    reader = factories.make_user(username="reader")
    DiaryEntry.objects.create(
        user=critic, film=catalogue.heat, watched_on=datetime.date(2025, 6, 1), rating=9
    )
    Rating.objects.create(user=critic, film=catalogue.heat, value=9)

    context, page = new_page(browser, live_server, critic)
    write_review_with_spoiler(page, live_server.url, tmp_path)
    make_ranked_list_and_drag(page, live_server.url, tmp_path)
    page.goto(f"{live_server.url}/members/critic/")
    assert page.locator(".chart__svg").first.is_visible()
    page.screenshot(path=tmp_path / "profile.png", full_page=True)
    context.close()

    context, page = new_page(browser, live_server, reader)
    follow_and_read_the_feed(page, live_server.url, tmp_path)
    context.close()


def test_social_pages_fit_a_phone(browser, live_server, catalogue, tmp_path):
    from cinematheque.members import lists, reviews

    critic = factories.make_user(username="critic", bio="Crime films, mostly.")
    DiaryEntry.objects.create(
        user=critic, film=catalogue.heat, watched_on=datetime.date(2025, 6, 1), rating=9
    )
    reviews.review_create(user=critic, film=catalogue.heat, body="Long and good.")
    film_list = lists.list_create(owner=critic, title="Crime", ranked=True)
    lists.list_add_film(film_list=film_list, film=catalogue.heat, note="The best.")
    lists.list_add_film(film_list=film_list, film=catalogue.takedown)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    sign_in(context, live_server, critic)
    page = context.new_page()
    for name, path in [
        ("profile", "/members/critic/"),
        ("year", "/members/critic/year/2025/"),
        ("list", "/members/critic/lists/crime/"),
        ("film", "/films/heat-1995/"),
        ("review-form", "/films/heat-1995/reviews/new/"),
    ]:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways ({width}px)"
        page.screenshot(path=tmp_path / f"phone-{name}.png", full_page=True)
    context.close()
