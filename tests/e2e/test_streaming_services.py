"""A member declares a streaming service in a real Chromium, then filters their
watchlist to the films on it; the cached browse page shows them the filter too.
Requests to TMDB's image server (the services' logos) are answered by the test.
Screenshots go to $CINEMATHEQUE_SCREENSHOTS, else the test's tmp_path."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from PIL import Image, ImageDraw, ImageFont

from cinematheque.members.models import FilmList, FilmListItem, WatchlistEntry
from cinematheque.search.services import search_rebuild
from cinematheque.watch.models import MemberService
from tests import factories
from tests.e2e.conftest import PHONE
from tests.watch.conftest import NETFLIX, build_world, make_offer

pytestmark = pytest.mark.e2e

# More services of the US, so that the page looks like a real region's.
MORE_SERVICES = [
    ("9", "Amazon Prime Video", "#1a98ff"),
    ("337", "Disney Plus", "#113ccf"),
    ("1899", "Max", "#002be7"),
    ("15", "Hulu", "#1ce783"),
    ("350", "Apple TV Plus", "#111111"),
    ("386", "Peacock", "#000000"),
    ("531", "Paramount Plus", "#0064ff"),
    ("300", "Pluto TV", "#fff200"),
    ("207", "The Roku Channel", "#6c3c97"),
    ("191", "Kanopy", "#e3362d"),
    ("258", "Criterion Channel", "#1b1b1b"),
]
COLOURS = {"8": "#e50914", "73": "#fa382f", "11": "#0f0f0f"}


def drawn_logo(colour: str, letter: str) -> bytes:
    image = Image.new("RGB", (92, 92), colour)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=54)
    ink = "#111111" if colour in {"#fff200", "#1ce783"} else "#ffffff"
    draw.text((46, 48), letter, fill=ink, font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def streaming_world(transactional_db, settings):
    settings.CINEMATHEQUE_REGION = "US"
    world = build_world()
    for position, (provider_id, name, colour) in enumerate(MORE_SERVICES, start=2):
        film = factories.make_film(title=f"{name} Original", year=2001)
        make_offer(film, provider_id=provider_id, provider=name, priority=position)
        COLOURS[provider_id] = colour
    film_list = FilmList.objects.create(
        owner=world.carla, title="Night films", slug="night-films", public=True
    )
    for position, film in enumerate(world.films, start=1):
        WatchlistEntry.objects.create(user=world.carla, film=film)
        FilmListItem.objects.create(film_list=film_list, film=film, position=position)
    search_rebuild()
    return world


def answer_logos(page) -> None:
    names = {"8": "N", "73": "T", "11": "M"} | {
        pid: name[0] for pid, name, _ in MORE_SERVICES
    }

    def answer(route) -> None:
        provider_id = route.request.url.rsplit("logo-", 1)[-1].removesuffix(".jpg")
        body = drawn_logo(
            COLOURS.get(provider_id, "#555555"), names.get(provider_id, "?")
        )
        route.fulfill(status=200, content_type="image/png", body=body)

    page.route("https://image.tmdb.org/**", answer)


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


def shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CINEMATHEQUE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def settled(page):
    """The page once its header knows who is signed in (account_menu.js)."""
    page.locator("[data-site-account][data-account-ready]").wait_for(state="attached")
    return page


def card_titles(page) -> set[str]:
    return set(page.locator(".watchlist .card__title").all_inner_texts())


def test_a_member_declares_a_service_and_filters_their_watchlist(
    desktop, live_server, streaming_world, tmp_path
):
    page, world, shots = desktop, streaming_world, shots_dir(tmp_path)
    answer_logos(page)
    # A visitor's browse page links to the services page.
    page.goto(f"{live_server.url}/films/")
    assert page.locator("a.filters__setup").is_visible()
    assert page.locator("label.filters__check").is_hidden()
    settled(page).screenshot(path=shots / "browse-visitor-desktop.png")
    sign_in(page, live_server, world.carla)

    # Without services: the watchlist links to the services page instead.
    page.goto(f"{live_server.url}/me/watchlist/")
    assert page.locator("label.filters__check").is_hidden()
    page.get_by_role("link", name="Choose your streaming services").click()
    page.wait_for_url("**/watch/services/")

    # Find a service by name, then tick Netflix and save.
    search = page.get_by_placeholder("Find a service")
    search.fill("tub")
    assert page.locator(".service:visible").count() == 1
    search.fill("")
    assert page.locator(".service:visible").count() == 2 + len(MORE_SERVICES)
    page.get_by_label("Netflix").check()
    assert page.locator("[data-services-count]").inner_text() == "1 service ticked"
    settled(page).screenshot(path=shots / "services-desktop.png", full_page=True)
    page.get_by_role("button", name="Save my services").click()
    page.get_by_text("Your streaming services are saved.").wait_for()
    assert set(
        MemberService.objects.filter(user=world.carla).values_list(
            "provider_id", flat=True
        )
    ) == {NETFLIX}

    # The watchlist now offers the filter; ticking it keeps what Netflix streams.
    page.goto(f"{live_server.url}/me/watchlist/")
    assert len(card_titles(page)) == 4
    page.get_by_label("On my services").check()
    page.get_by_role("button", name="Show films").click()
    page.wait_for_url("**on_my_services=true**")
    assert card_titles(page) == {"Quayside Nights"}
    settled(page).screenshot(
        path=shots / "watchlist-filtered-desktop.png", full_page=True
    )

    # The browse page is the visitors' cached copy: the filter appears after load.
    page.goto(f"{live_server.url}/films/")
    page.locator("label.filters__check").wait_for(state="visible")
    assert page.locator("a.filters__setup").is_hidden()
    page.get_by_label("On my services").check()
    page.get_by_role("button", name="Show films").click()
    page.wait_for_url("**on_my_services=true**")
    settled(page).screenshot(path=shots / "browse-filtered-desktop.png")
    search_and_list_filtered(page, live_server, shots)

    phone_screenshots(page, live_server, world, shots)


def search_and_list_filtered(page, live_server, shots: Path) -> None:
    """Search results and a list: the filter is a link there."""
    page.goto(f"{live_server.url}/search/?q=nights")
    page.locator(".film-filter-toggle__link").wait_for(state="visible")
    page.locator(".film-filter-toggle__link").click()
    page.wait_for_url("**on_my_services=true**")
    assert page.locator(".search-result").count() == 1
    settled(page).screenshot(path=shots / "search-filtered-desktop.png")
    page.goto(f"{live_server.url}/members/carla/lists/night-films/?on_my_services=true")
    assert page.locator(".film-list__item").count() == 1
    settled(page).screenshot(path=shots / "list-filtered-desktop.png")


def phone_screenshots(page, live_server, world, shots: Path) -> None:
    """The services page and the filtered watchlist on a phone, 390 px wide."""
    phone = page.context.browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    try:
        small = phone.new_page()
        answer_logos(small)
        sign_in(small, live_server, world.carla)
        small.goto(f"{live_server.url}/watch/services/")
        small.get_by_label("Tubi TV").check()
        settled(small).screenshot(path=shots / "services-390.png", full_page=True)
        width = small.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]
        small.goto(f"{live_server.url}/me/watchlist/?on_my_services=true")
        assert card_titles(small) == {"Quayside Nights"}
        settled(small).screenshot(
            path=shots / "watchlist-filtered-390.png", full_page=True
        )
        assert small.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        phone.close()
