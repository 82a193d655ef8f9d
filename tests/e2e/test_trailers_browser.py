"""Trailers in a real Chromium that may reach nothing but the live server: the page
asks nothing of any other host until a trailer is pressed, then the player is an
iframe from youtube-nocookie.com (its request is refused here, which is fine: it
was attempted, and to that host only). Screenshots go to /tmp/shots/trailers/."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cinematheque.catalogue.models import Video
from tests import factories
from tests.catalogue.sample import make_heat_sample
from tests.e2e.test_tmdb_images import drawn_jpeg

pytestmark = pytest.mark.e2e

SHOTS = Path(tempfile.gettempdir()) / "shots" / "trailers"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


VIDEOS = [
    # key, kind, name, language, official, day of January 2015 (0: no date), site
    ("heatTrailEN", Video.Kind.TRAILER, "Official Trailer", "en", True, 10, "youtube"),
    ("heatTrailDE", Video.Kind.TRAILER, "Offizieller Trailer", "de", True, 12, "youtube"),
    ("heatFanCut", Video.Kind.TRAILER, "Fan-made trailer", "en", False, 20, "youtube"),
    ("heatTeaser1", Video.Kind.TEASER, "Teaser", "en", True, 2, "youtube"),
    ("heatClip001", Video.Kind.CLIP, "The diner scene", "en", True, 5, "youtube"),
    ("heatClip002", Video.Kind.CLIP, "Downtown", "en", True, 6, "youtube"),
    ("76979871", Video.Kind.BEHIND_THE_SCENES, "On the set", "en", False, 0, "vimeo"),
]  # fmt: skip


def add_videos(film) -> None:
    for key, kind, name, language, official, day, site in VIDEOS:
        factories.make_video(
            film=film,
            key=key,
            kind=kind,
            name=name,
            language=language,
            official=official,
            site=site,
            published_at=datetime.datetime(2015, 1, day, tzinfo=datetime.UTC)
            if day
            else None,
        )


@pytest.fixture
def heat(transactional_db):
    film = make_heat_sample().heat
    add_videos(film)
    return film


@pytest.fixture
def heat_with_backdrop(heat):
    heat.poster_path = "/heat-poster.jpg"
    heat.backdrop_path = "/heat-backdrop.jpg"
    heat.save(update_fields=["poster_path", "backdrop_path"])
    return heat


class Outside:
    """Every request to a host other than the live server, refused and recorded."""

    def __init__(self, page, answer_images: bool = False) -> None:
        self.urls: list[str] = []
        self.answer_images = answer_images
        page.route("**/*", self.handle)

    def handle(self, route) -> None:
        url = route.request.url
        host = urlsplit(url).hostname or ""
        if host in LOCAL_HOSTS or url.startswith("data:"):
            route.continue_()
            return
        self.urls.append(url)
        if self.answer_images and host == "image.tmdb.org":
            body = drawn_jpeg(1280, 720, "#14273d", "#c2562e")
            route.fulfill(status=200, content_type="image/jpeg", body=body)
            return
        route.abort()

    def hosts(self) -> set[str]:
        return {urlsplit(url).hostname or "" for url in self.urls}


def open_film(page, live_server) -> None:
    page.goto(f"{live_server.url}/films/heat-1995/")
    page.wait_for_load_state("networkidle")


def test_nothing_leaves_the_machine_until_a_trailer_is_pressed(
    desktop, live_server, heat
):
    page = desktop
    outside = Outside(page)
    open_film(page, live_server)
    section = page.locator("#trailers")
    section.scroll_into_view_if_needed()
    page.locator("details.trailers__group--more summary").first.click()
    page.wait_for_load_state("networkidle")

    assert outside.urls == []
    assert section.locator("iframe").count() == 0
    lead = section.locator(".trailer").first
    assert "Official Trailer" in lead.inner_text()
    # A film without pictures on TMDB: the facades are title cards.
    assert lead.locator(".trailer__card-title").inner_text() == "Heat (1995)"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.querySelector('.site-header').style.position = 'static'")
    section.screenshot(path=SHOTS / "trailers-title-cards.png")

    lead.locator(".trailer__facade").click()
    player = section.locator("iframe.trailer__player")
    player.wait_for(state="attached")
    page.wait_for_timeout(300)

    assert player.get_attribute("src") == (
        "https://www.youtube-nocookie.com/embed/heatTrailEN?autoplay=1"
    )
    assert "autoplay" in player.get_attribute("allow")
    assert outside.urls  # the player was asked for …
    assert outside.hosts() == {"www.youtube-nocookie.com"}  # … and nothing else
    assert section.locator(".trailer__facade").count() == 6  # the others wait


def test_a_vimeo_facade_opens_vimeos_do_not_track_player(desktop, live_server, heat):
    page = desktop
    outside = Outside(page)
    open_film(page, live_server)
    page.locator('[data-kind="behind_the_scenes"] summary').click()
    page.locator('[data-kind="behind_the_scenes"] .trailer__facade').click()

    player = page.locator('[data-kind="behind_the_scenes"] iframe')
    player.wait_for(state="attached")
    page.wait_for_timeout(300)

    assert player.get_attribute("src") == (
        "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"
    )
    assert outside.hosts() == {"player.vimeo.com"}


def test_the_browsers_language_brings_its_official_trailer_first(
    browser, live_server, heat
):
    context = browser.new_context(
        locale="de-DE", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    Outside(page)
    open_film(page, live_server)

    names = page.locator('[data-kind="trailer"] .trailer__name').all_inner_texts()
    context.close()

    assert names[0].startswith("Offizieller Trailer")
    assert names[1].startswith("Official Trailer")


def test_without_javascript_each_facade_links_to_the_videos_page(
    browser, live_server, heat
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    outside = Outside(page)
    open_film(page, live_server)

    lead = page.locator("#trailers .trailer__facade").first
    href = lead.get_attribute("href")
    context.close()

    assert href == "https://www.youtube.com/watch?v=heatTrailEN"
    assert outside.urls == []


def test_screenshots_of_the_trailers_section(
    desktop, phone, live_server, heat_with_backdrop
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, page in (("desktop", desktop), ("phone", phone)):
        outside = Outside(page, answer_images=True)
        open_film(page, live_server)
        section = page.locator("#trailers")
        section.scroll_into_view_if_needed()
        page.locator('[data-kind="clip"] summary').click()
        page.wait_for_load_state("networkidle")
        # Only TMDB's image server (the film's own backdrop) before the click.
        assert outside.hosts() <= {"image.tmdb.org"}
        still = section.locator(".trailer__still").first
        assert still.evaluate("img => img.naturalWidth") > 0
        # The sticky site header would cover part of a section taller than the
        # window in an element screenshot.
        page.evaluate(
            "document.querySelector('.site-header').style.position = 'static'"
        )
        section.screenshot(path=SHOTS / f"trailers-{name}.png")
        assert page.evaluate("document.documentElement.scrollWidth") <= (
            390 if name == "phone" else 1280
        )
    desktop.screenshot(path=SHOTS / "film-page-desktop.png", full_page=True)
    desktop.locator("#trailers .trailer__facade").first.click()
    desktop.locator("#trailers iframe").wait_for(state="attached")
    desktop.wait_for_timeout(300)
    desktop.locator("#trailers").screenshot(path=SHOTS / "trailers-after-click.png")
