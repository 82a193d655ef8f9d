"""Heat's film page with all of "Watch now" at once, in a real Chromium that reaches
nothing but the live server (TMDB's images are answered with drawn ones): a German
member sees Germany's offers with the region switcher and the JustWatch credit, their
own copy with its details, and the trailers behind facades; nothing is asked of a
video site. Screenshots (desktop and 390 px) go to /tmp/shots/heat/."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from cinematheque.watch.models import LibraryFolder
from cinematheque.watch.play.access import play_permission_set
from cinematheque.watch.play.probe import probe_media_file
from tests import factories
from tests.catalogue.sample import make_heat_sample
from tests.e2e.test_player_browser import sign_in
from tests.e2e.test_trailers_browser import Outside, add_videos
from tests.watch.conftest import providers_answer, store_offers
from tests.watch.play.media import generate_webm, make_media_file

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        shutil.which("ffmpeg") is None, reason="ffmpeg missing (./dev test installs it)"
    ),
]

SHOTS = Path(tempfile.gettempdir()) / "shots" / "heat"
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
}


@pytest.fixture
def heat(transactional_db, tmp_path):
    film = make_heat_sample().heat
    film.tmdb_id = 949
    film.poster_path = "/heat-poster.jpg"
    film.backdrop_path = "/heat-backdrop.jpg"
    film.save(update_fields=["tmdb_id", "poster_path", "backdrop_path"])
    store_offers(film, providers_answer())
    add_videos(film)
    root = tmp_path / "library"
    generate_webm(root / "Heat (1995)" / "Heat (1995).webm", seconds=20)
    (root / "Heat (1995)" / "Heat (1995).en.srt").write_text(
        "1\n00:00:01,000 --> 00:00:04,000\nA test pattern, in English.\n"
    )
    folder = LibraryFolder.objects.create(path=str(root), name="Films")
    media_file = make_media_file(folder, "Heat (1995)/Heat (1995).webm", film=film)
    assert probe_media_file(media_file)
    return film


@pytest.mark.parametrize("layout", ["desktop", "phone"])
def test_heats_watch_now_offers_copy_and_trailers_together(
    browser, live_server, heat, layout
):
    member = factories.make_user(username="ada")
    play_permission_set(member, play=True, download=True)
    context = browser.new_context(locale="de-DE", **VIEWPORTS[layout])
    page = context.new_page()
    page.set_default_timeout(10_000)
    outside = Outside(page, answer_images=True)
    sign_in(page, live_server, member)
    page.goto(f"{live_server.url}/films/heat-1995/")

    watch = page.locator("#watch")
    watch.locator('[data-watch-region="DE"]').wait_for()
    assert watch.locator(".watch-offers__kind").all_inner_texts() == [
        "STREAM",
        "RENT",
        "BUY",
    ]
    assert "Data by JustWatch" in watch.inner_text()
    assert watch.locator("select[name=region]").input_value() == "DE"
    copy = page.locator("#play")
    copy.get_by_role("button", name="Watch now").wait_for(state="visible")
    assert "VP9" in copy.inner_text()
    page.wait_for_load_state("networkidle")
    assert outside.hosts() <= {"image.tmdb.org"}
    assert (
        page.evaluate("document.documentElement.scrollWidth")
        <= (VIEWPORTS[layout]["viewport"]["width"])
    )

    SHOTS.mkdir(parents=True, exist_ok=True)
    # The sticky header would cover part of a section taller than the window.
    page.evaluate("document.querySelector('.site-header').style.position = 'static'")
    watch.screenshot(path=SHOTS / f"where-{layout}.png")
    copy.screenshot(path=SHOTS / f"copy-{layout}.png")
    page.locator("#trailers").screenshot(path=SHOTS / f"trailers-{layout}.png")
    page.screenshot(path=SHOTS / f"page-{layout}.png", full_page=True)

    copy.get_by_role("button", name="Watch now").click()
    page.wait_for_function(
        "() => document.querySelector('[data-player-video]').currentTime > 1.5",
        timeout=20_000,
    )
    page.screenshot(path=SHOTS / f"player-{layout}.png")
    context.close()
