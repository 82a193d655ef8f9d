"""In a real Chromium: a member edits a diary entry with the keyboard only and
deletes another; a parent whose content limit hides films of their ranked list drags
a visible film to the top, and the hidden ones keep their places. Screenshots at
1280 px and 390 px go to /tmp/shots/members/ (outside git)."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from cinematheque.members import lists, ratings
from cinematheque.members.content_limit import content_limit_set
from cinematheque.members.models import DiaryEntry, Review
from tests import factories

pytestmark = pytest.mark.e2e

SHOTS = Path(tempfile.gettempdir()) / "shots" / "members"  # outside git
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}


def page_for(browser, live_server, user, viewport: str):
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], is_mobile=viewport == "phone"
    )
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_diary_entry_is_edited_with_the_keyboard_and_deleted(
    browser, live_server, transactional_db, viewport
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    heat = factories.make_film(title="Heat", year=1995, slug="heat-1995")
    thief = factories.make_film(title="Thief", year=1981, slug="thief-1981")
    ada = factories.make_user(username="ada")
    entry = ratings.diary_entry_create(
        user=ada,
        film=heat,
        viewing=ratings.Viewing(
            watched_on=datetime.date(2024, 5, 1), rating=7, tags=("cinema",)
        ),
    )
    ratings.diary_entry_create(
        user=ada,
        film=thief,
        viewing=ratings.Viewing(watched_on=datetime.date(2024, 4, 2)),
    )
    context, page = page_for(browser, live_server, ada, viewport)
    try:
        page.goto(f"{live_server.url}/me/diary/")
        page.get_by_role("link", name="Edit the entry for Heat on 1 May 2024").focus()
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/me/diary/{entry.pk}/edit/")
        page.screenshot(path=SHOTS / f"diary-edit-{viewport}.png", full_page=True)
        no_sideways_scroll(page)
        page.get_by_label("Watched on").fill("2024-06-15")
        page.get_by_label("Your rating").focus()
        page.keyboard.press("ArrowDown")  # 7 → 8 half stars
        page.keyboard.press("ArrowDown")  # → 9
        page.keyboard.press("Tab")  # to the rewatch box
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        page.keyboard.press("Control+a")
        page.keyboard.type("cinema, with Bea")
        page.keyboard.press("Tab")
        page.keyboard.type("The diner scene.")
        page.keyboard.press("Tab")
        page.keyboard.press("Space")  # spoilers
        page.get_by_role("button", name="Save changes").focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/me/diary/#diary-2024-06")
        assert "Your viewing of Heat (1995) is saved." in page.inner_text("main")
        page.screenshot(path=SHOTS / f"diary-after-edit-{viewport}.png", full_page=True)
        entry.refresh_from_db()
        assert (entry.watched_on, entry.rating, entry.rewatch, entry.tags) == (
            datetime.date(2024, 6, 15),
            9,
            True,
            ["cinema", "with bea"],
        )
        review = Review.objects.get(diary_entry=entry)
        assert (review.body, review.contains_spoilers) == ("The diner scene.", True)

        page.get_by_role(
            "link", name="Edit the entry for Thief on 2 April 2024"
        ).click()
        page.get_by_role("button", name="Delete this entry").click()
        page.wait_for_url("**/me/diary/")
        assert "The diary entry is deleted." in page.inner_text("main")
        assert list(DiaryEntry.objects.values_list("film__slug", flat=True)) == [
            "heat-1995"
        ]
    finally:
        context.close()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_dragging_a_list_under_a_content_limit_keeps_the_hidden_films_in_place(
    browser, live_server, transactional_db, viewport
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    parent = factories.make_user(username="parent")
    content_limit_set(user=parent, ceiling="PG-13", hide_unknown=False)
    film_list = lists.list_create(owner=parent, title="Sunday films", ranked=True)
    for title, slug, certification in (
        ("Babe", "babe-1995", "G"),
        ("Heat", "heat-1995", "R"),
        ("Toy Story", "toy-story-1995", "G"),
        ("Casino", "casino-1995", "R"),
        ("Jumanji", "jumanji-1995", "PG"),
    ):
        film = factories.make_film(
            title=title, year=1995, slug=slug, certification=certification
        )
        lists.list_add_film(film_list=film_list, film=film)
    context, page = page_for(browser, live_server, parent, viewport)
    try:
        page.goto(f"{live_server.url}/members/parent/lists/sunday-films/")
        titles = page.locator(".film-list__title")
        assert titles.all_inner_texts() == [
            "Babe (1995)",
            "Toy Story (1995)",
            "Jumanji (1995)",
        ]
        assert "2 more hidden by your content limit" in page.inner_text(".page-head")
        items = page.locator(".film-list__item")
        if viewport == "desktop":
            with page.expect_response("**/order/") as answer:
                items.nth(2).drag_to(items.nth(0), target_position={"x": 20, "y": 5})
            assert answer.value.ok, answer.value.text()
        else:  # touch screens use the arrows
            for _ in range(2):
                page.get_by_role("button", name="Move Jumanji up").click()
                page.wait_for_load_state()
        page.reload()
        assert titles.all_inner_texts() == [
            "Jumanji (1995)",
            "Babe (1995)",
            "Toy Story (1995)",
        ]
        page.screenshot(path=SHOTS / f"list-hidden-{viewport}.png", full_page=True)
        no_sideways_scroll(page)
        order = list(
            film_list.items.order_by("position").values_list("film__slug", flat=True)
        )
        assert order == [
            "jumanji-1995",
            "heat-1995",
            "babe-1995",
            "casino-1995",
            "toy-story-1995",
        ]
    finally:
        context.close()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_settings_page_says_unverified_and_resends_the_link(
    browser, live_server, transactional_db, viewport
):
    from django.core import mail

    SHOTS.mkdir(parents=True, exist_ok=True)
    ada = factories.make_user(
        username="ada", email="ada.lovelace@example.org", bio="Films, mostly."
    )
    context, page = page_for(browser, live_server, ada, viewport)
    try:
        page.goto(f"{live_server.url}/accounts/settings/")
        assert page.locator(".email-badge").inner_text() == "Unverified"
        page.get_by_role("button", name="Resend the link").click()
        page.wait_for_url("**/accounts/settings/#email-title")
        assert "We sent a new link to ada.lovelace@example.org" in page.inner_text(
            "main"
        )
        page.screenshot(
            path=SHOTS / f"settings-unverified-{viewport}.png", full_page=True
        )
        no_sideways_scroll(page)
        link = mail.outbox[-1].body.split("\n\n")[2].strip()
        page.goto(link)
        assert "Address confirmed" in page.inner_text("main")
        page.screenshot(path=SHOTS / f"email-verified-{viewport}.png", full_page=True)
        page.get_by_role("link", name="Back to your settings").click()
        assert page.locator(".email-badge").inner_text() == "Confirmed"
        page.goto(f"{live_server.url}/me/profile/")
        page.screenshot(path=SHOTS / f"favourites-{viewport}.png", full_page=True)
        no_sideways_scroll(page)
        page.get_by_role("link", name="settings page").click()
        page.wait_for_url("**/accounts/settings/#profile-title")
        assert page.get_by_label("Bio").input_value() == "Films, mostly."
    finally:
        context.close()
