"""Where to watch in a real Chromium: a German browser sees Germany's offers under
"Watch now", switches to Belgium without a reload and sees Belgium's, and the choice
stays on the next visit. TMDB's logo requests are answered with drawn logos: nothing
leaves the machine. Screenshots go to /tmp/shots/where/ (desktop and 390 px)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from cinematheque.watch.models import MemberService
from tests import factories
from tests.e2e.test_member_ratings import sign_in
from tests.watch.conftest import providers_answer, store_offers

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots/where")  # noqa: S108 (screenshots for people, outside git)


def drawn_logo(path: str) -> bytes:
    """A rounded square in a colour of its own: a stand-in for a service's logo."""
    hue = hashlib.sha256(path.encode()).digest()
    image = Image.new("RGB", (92, 92), (hue[0] // 2, hue[1] // 2, 90 + hue[2] // 3))
    draw = ImageDraw.Draw(image)
    draw.ellipse([22, 22, 70, 70], fill=(240, 236, 228))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def avengers(transactional_db):
    film = factories.make_film(
        title="Avengers: Infinity War",
        year=2018,
        slug="avengers-infinity-war-2018",
        tmdb_id=299536,
    )
    store_offers(film, providers_answer())
    return film


def open_film(browser, live_server, *, locale: str, width: int, height: int = 900):
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale=locale
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    outside: list[str] = []
    page.route(
        "https://image.tmdb.org/**",
        lambda route: route.fulfill(
            status=200, content_type="image/png", body=drawn_logo(route.request.url)
        ),
    )
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "https://image.tmdb.org/"))
            else outside.append(request.url)
        ),
    )
    return context, page, outside


def wait_for_region(page, region: str) -> None:
    page.locator(f'#watch [data-watch-region="{region}"]').wait_for()


def test_visitor_switches_region_and_sees_the_offers_change(
    browser, live_server, avengers
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context, page, outside = open_film(browser, live_server, locale="de-DE", width=1280)
    page.goto(f"{live_server.url}/films/avengers-infinity-war-2018/")
    wait_for_region(page, "DE")
    watch = page.locator("#watch")
    text = watch.inner_text()
    assert "Disney Plus" in text
    assert "Pantaflix" in text  # rents only in Germany
    assert "Data by JustWatch" in text
    assert "Data fetched 28 November 2026." in text
    assert watch.locator("select").input_value() == "DE"
    page.wait_for_load_state("networkidle")
    assert watch.locator("img.watch-offer__logo").first.evaluate("i => i.naturalWidth")
    page.screenshot(path=SHOTS / "film-desktop-de.png")
    watch.screenshot(path=SHOTS / "section-desktop-de.png")

    page.evaluate("window.notReloaded = true")
    watch.locator("select").select_option(label="Belgium")
    wait_for_region(page, "BE")
    text = watch.inner_text()
    assert "meJane" in text  # rents only in Belgium
    assert "Pantaflix" not in text
    assert page.evaluate("window.notReloaded") is True
    assert watch.locator(".watch-region__go").is_hidden()  # the select is enough
    watch.screenshot(path=SHOTS / "section-desktop-be.png")

    watch.locator("select").select_option(label="United States")
    wait_for_region(page, "US")
    assert "Not available to stream in United States as of 28 November 2026." in (
        watch.inner_text()
    )
    watch.screenshot(path=SHOTS / "section-desktop-us.png")
    page.wait_for_function("() => document.cookie.includes('watch_region=US')")

    page.reload()  # the choice is kept in the cookie
    wait_for_region(page, "US")
    assert outside == []
    context.close()


def test_phone_layout_and_a_member_sees_their_service_first(
    browser, live_server, avengers
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    member = factories.make_user(username="ada", region="CA")
    MemberService.objects.create(user=member, provider_id="140", provider="Cineplex")
    context, page, outside = open_film(
        browser, live_server, locale="fr-FR", width=390, height=844
    )
    sign_in(page, live_server, member)
    page.goto(f"{live_server.url}/films/avengers-infinity-war-2018/")
    wait_for_region(page, "CA")  # the member's setting wins over the browser's
    rent = page.locator('#watch [data-kind="rent"] .watch-offer')
    assert "Cineplex" in rent.first.inner_text()
    assert "YOUR SERVICE" in rent.first.inner_text()  # text-transform: uppercase
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=SHOTS / "film-phone-member-ca.png", full_page=True)
    page.locator("#watch").screenshot(path=SHOTS / "section-phone-member-ca.png")

    page.locator("#watch select").select_option("DE")
    wait_for_region(page, "DE")
    page.wait_for_function(
        "() => fetch('/personal/films/avengers-infinity-war-2018/')"
        ".then(r => r.json()).then(d => d.fields.watch_region === 'DE')"
    )
    member.refresh_from_db()
    assert member.region == "DE"  # saved to the account
    assert outside == []
    context.close()


def test_without_javascript_the_page_links_to_the_offers_page(
    browser, live_server, avengers
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    page.route(
        "https://image.tmdb.org/**",
        lambda route: route.fulfill(
            status=200, content_type="image/png", body=drawn_logo(route.request.url)
        ),
    )
    page.goto(f"{live_server.url}/films/avengers-infinity-war-2018/")
    page.locator("#watch").get_by_role("link", name="Where to watch").click()
    page.wait_for_url("**/watch/films/avengers-infinity-war-2018/")
    page.locator("select[name=region]").select_option(label="Germany")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/watch/films/avengers-infinity-war-2018/")
    assert "Disney Plus" in page.locator(".watch-offers").inner_text()
    page.screenshot(path=SHOTS / "no-js-page.png", full_page=True)
    context.close()
