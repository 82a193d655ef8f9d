"""The film page with TMDB's images in a real Chromium. Requests to TMDB's image
server are answered by the test with images drawn here: nothing leaves the machine."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from cinematheque.catalogue.models import Source
from cinematheque.people.models import Person
from tests import factories
from tests.catalogue.sample import HeatSample, make_heat_sample

pytestmark = pytest.mark.e2e

NOTICE = "This product uses the TMDB API but is not endorsed or certified by TMDB."


def drawn_jpeg(width: int, height: int, top: str, bottom: str) -> bytes:
    """A vertical gradient with a few lit windows: a stand-in for a photograph."""
    image = Image.new("RGB", (width, height), top)
    draw = ImageDraw.Draw(image)
    start, end = Image.new("RGB", (1, 1), top), Image.new("RGB", (1, 1), bottom)
    first, last = start.getpixel((0, 0)), end.getpixel((0, 0))
    for y in range(height):
        share = y / max(height - 1, 1)
        colour = tuple(
            round(a + (b - a) * share) for a, b in zip(first, last, strict=True)
        )
        draw.line([(0, y), (width, y)], fill=colour)
    for index in range(40):
        x = (index * 97) % width
        y = height // 3 + (index * 53) % (height // 2)
        draw.rectangle([x, y, x + width // 60, y + height // 40], fill="#f2c46d")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


@pytest.fixture
def heat_with_tmdb_images(transactional_db) -> HeatSample:
    sample = make_heat_sample()
    source = factories.make_source(
        key="tmdb",
        name="TMDB",
        url="https://www.themoviedb.org/",
        licence="TMDB API terms of use",
        attribution=NOTICE,
    )
    sample.heat.poster_path = "/heat-poster.jpg"
    sample.heat.backdrop_path = "/heat-backdrop.jpg"
    sample.heat.save(update_fields=["poster_path", "backdrop_path"])
    Person.objects.filter(credits__film=sample.heat).update(profile_path="/face.jpg")
    sample.heat.credits.update(source=source)
    assert Source.objects.filter(key="tmdb").exists()
    return sample


def test_film_page_shows_tmdb_poster_backdrop_and_cast_photos(
    desktop, phone, live_server, heat_with_tmdb_images, tmp_path
):
    pictures = {
        "heat-poster": drawn_jpeg(500, 750, "#0f2238", "#c2562e"),
        "heat-backdrop": drawn_jpeg(1280, 720, "#14273d", "#41617f"),
        "face": drawn_jpeg(185, 278, "#8c7a6b", "#3a3029"),
    }
    outside: list[str] = []

    def answer(route) -> None:
        name = route.request.url.rsplit("/", 1)[-1].removesuffix(".jpg")
        route.fulfill(status=200, content_type="image/jpeg", body=pictures[name])

    for page in (desktop, phone):
        page.route("https://image.tmdb.org/**", answer)
        page.on(
            "request",
            lambda request: (
                outside.append(request.url)
                if not request.url.startswith(
                    (live_server.url, "https://image.tmdb.org/")
                )
                else None
            ),
        )
        page.goto(f"{live_server.url}/films/heat-1995/")
        page.wait_for_load_state("networkidle")
        for selector in (".film-hero__poster", ".film-hero__backdrop"):
            loaded = page.locator(selector).evaluate("img => img.naturalWidth")
            assert loaded > 0, selector

    desktop.screenshot(path=tmp_path / "heat-tmdb-desktop.png")
    desktop.locator("#cast").screenshot(path=tmp_path / "heat-tmdb-cast.png")
    phone.screenshot(path=tmp_path / "heat-tmdb-phone.png")
    assert desktop.locator(".cast-member__photo").count() >= 3
    assert NOTICE in desktop.locator("#attribution").inner_text()
    assert outside == []
    # On a phone the backdrop stays inside the page's width.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    desktop.get_by_role("link", name="Al Pacino").first.click()
    desktop.wait_for_load_state("networkidle")
    assert desktop.locator(".person-head__photo").evaluate("img => img.naturalWidth")
    desktop.locator(".person-head").screenshot(path=tmp_path / "pacino-desktop.png")
