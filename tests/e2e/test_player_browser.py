"""A member allowed to play opens Heat's page in a real Chromium, clicks Watch now,
plays a few seconds of a generated VP9/Opus WebM (Debian's Chromium has no H.264),
seeks, pauses, reloads and resumes near the saved position; a file the browser
cannot play gets a clear message with a download link; the home page lists the film
under "Continue watching". Screenshots (desktop and 390 px) go to /tmp/shots/play/
(or the test's tmp_path)."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from django.conf import settings

from cinematheque.watch.models import LibraryFolder, PlaybackPosition
from cinematheque.watch.play.access import play_permission_set
from cinematheque.watch.play.probe import probe_media_file
from tests import factories
from tests.catalogue.sample import make_heat_sample
from tests.watch.play.media import generate_webm, make_media_file

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        shutil.which("ffmpeg") is None, reason="ffmpeg missing (./dev test installs it)"
    ),
]

SHOTS = Path(os.environ.get("CINEMATHEQUE_SHOTS", "/tmp/shots/play"))  # noqa: S108


@pytest.fixture(scope="module")
def webm(tmp_path_factory) -> Path:
    return generate_webm(tmp_path_factory.mktemp("videos") / "heat.webm", seconds=300)


@pytest.fixture
def shots(tmp_path) -> Path:
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
        return SHOTS
    except OSError:
        return tmp_path


@pytest.fixture
def library(transactional_db, tmp_path, webm):
    root = tmp_path / "library"
    (root / "Heat (1995)").mkdir(parents=True)
    shutil.copy(webm, root / "Heat (1995)" / "Heat (1995).webm")
    (root / "Heat (1995)" / "Heat (1995).en.srt").write_text(
        "1\n00:00:01,000 --> 00:00:04,000\nA test pattern, in English.\n"
    )
    return LibraryFolder.objects.create(path=str(root), name="Films")


@pytest.fixture
def heat(library):
    sample = make_heat_sample()
    media_file = make_media_file(
        library, "Heat (1995)/Heat (1995).webm", film=sample.heat
    )
    assert probe_media_file(media_file)
    return sample


@pytest.fixture
def member(transactional_db):
    user = factories.make_user(username="ada")
    play_permission_set(user, play=True, download=True)
    return user


def sign_in(page, live_server, user) -> None:
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session,
                "url": live_server.url,
            },
            {"name": "signed_in", "value": "1", "url": live_server.url},
        ]
    )


def current_time(page) -> float:
    return page.evaluate("document.querySelector('[data-player-video]').currentTime")


def wait_until_position(user, at_least: float, timeout: float = 10) -> PlaybackPosition:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        saved = PlaybackPosition.objects.filter(user=user).first()
        if saved is not None and saved.position >= at_least:
            return saved
        time.sleep(0.1)
    raise AssertionError(f"no position of at least {at_least} s was saved")


def test_a_member_plays_seeks_reloads_and_resumes(
    desktop, live_server, heat, member, shots
):
    page = desktop
    sign_in(page, live_server, member)
    page.goto(f"{live_server.url}/films/heat-1995/")
    watch = page.get_by_role("button", name="Watch now")
    watch.wait_for(state="visible")
    assert page.get_by_text("VP9, 160\N{MULTIPLICATION SIGN}120").is_visible()
    assert page.get_by_text("Subtitles").is_visible()
    page.screenshot(path=shots / "film-player-section.png", full_page=False)

    watch.click()
    dialog = page.locator("[data-player-dialog]")
    dialog.wait_for(state="visible")
    page.wait_for_function(
        "() => document.querySelector('[data-player-video]').currentTime > 2",
        timeout=20_000,
    )
    tracks = page.evaluate(
        "Array.from(document.querySelector('[data-player-video]').textTracks)"
        ".map(t => t.label)"
    )
    assert tracks == ["English"]
    page.screenshot(path=shots / "player-playing.png")

    page.evaluate("document.querySelector('[data-player-video]').currentTime = 120")
    page.wait_for_function(
        "() => document.querySelector('[data-player-video]').currentTime > 121",
        timeout=20_000,
    )
    page.evaluate("document.querySelector('[data-player-video]').pause()")
    saved = wait_until_position(member, at_least=120)
    assert saved.finished is False
    stopped_at = saved.position

    page.reload()
    page.get_by_role("button", name="Watch now").click()
    resume = page.locator("[data-player-resume-button]")
    resume.wait_for(state="visible")
    assert re.fullmatch(r"Resume from 2:0\d", resume.inner_text())
    assert page.get_by_role("button", name="Start over").is_visible()
    page.screenshot(path=shots / "player-resume.png")
    resume.click()
    page.wait_for_function(
        "() => !document.querySelector('[data-player-video]').paused", timeout=20_000
    )
    assert abs(current_time(page) - stopped_at) < 3
    page.locator("[data-player-close]").click()
    dialog.wait_for(state="hidden")

    page.goto(f"{live_server.url}/")
    continue_watching = page.locator(".continue-watching")
    continue_watching.wait_for(state="visible")
    assert "Heat (1995)" in continue_watching.inner_text()
    assert "Resume from 2:0" in continue_watching.inner_text()
    continue_watching.scroll_into_view_if_needed()
    page.screenshot(path=shots / "home-continue-watching.png")


def test_a_file_the_browser_cannot_play_is_explained(  # noqa: PLR0917 - fixtures
    desktop, phone, live_server, heat, member, library, shots
):
    ronin = factories.make_film(title="Ronin", year=1998, slug="ronin-1998")
    make_media_file(
        library,
        "Ronin (1998).mkv",
        b"\x1a\x45\xdf\xa3 this is no video" * 100,
        film=ronin,
        container="matroska",
        video_codec="hevc",
        audio_codec="dts",
    )
    for page, name in [(desktop, "desktop"), (phone, "phone")]:
        sign_in(page, live_server, member)
        page.goto(f"{live_server.url}/films/ronin-1998/")
        page.get_by_role("button", name="Watch now").click()
        error = page.locator("[data-player-error]")
        error.wait_for(state="visible", timeout=20_000)
        text = error.inner_text()
        assert "Your browser cannot play this file." in text
        assert "Matroska (MKV) file with HEVC (H.265) video" in text
        download = error.get_by_role("link", name="Download the file")
        assert download.get_attribute("href").endswith("/download")
        page.screenshot(path=shots / f"player-cannot-play-{name}.png")


def test_the_player_on_a_phone(phone, live_server, heat, member, shots):
    page = phone
    sign_in(page, live_server, member)
    page.goto(f"{live_server.url}/films/heat-1995/")
    watch = page.get_by_role("button", name="Watch now")
    watch.wait_for(state="visible")
    watch.scroll_into_view_if_needed()
    page.screenshot(path=shots / "film-player-section-phone.png")
    # A slow connection: the loading state says what is happening and how much of
    # the film is ready.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    slow = {"offline": False, "latency": 400, "uploadThroughput": 20_000}
    cdp.send("Network.emulateNetworkConditions", {**slow, "downloadThroughput": 8_000})
    watch.click()
    status = page.locator("[data-player-status]")
    status.wait_for(state="visible")
    assert "Loading the film" in status.inner_text()
    page.screenshot(path=shots / "player-loading-phone.png")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 0,
            "uploadThroughput": -1,
            "downloadThroughput": -1,
        },
    )
    page.wait_for_function(
        "() => document.querySelector('[data-player-video]').currentTime > 1",
        timeout=20_000,
    )
    page.screenshot(path=shots / "player-playing-phone.png")


def test_a_visitor_and_a_member_not_allowed_see_no_player(desktop, live_server, heat):
    page = desktop
    page.goto(f"{live_server.url}/films/heat-1995/")
    page.wait_for_selector("html[data-personal-ready]")
    assert page.locator("[data-play]").is_hidden()
    sign_in(page, live_server, factories.make_user(username="bob"))
    page.goto(f"{live_server.url}/films/heat-1995/")
    page.wait_for_selector("html[data-personal-ready]")
    assert page.locator("[data-play]").is_hidden()
    assert page.get_by_role("button", name="Watch now").count() == 0


def test_the_next_part_plays_when_one_ends(desktop, live_server, member, tmp_path):
    root = tmp_path / "parts"
    library = LibraryFolder.objects.create(path=str(root), name="Parts")
    ronin = factories.make_film(title="Ronin", year=1998, slug="ronin-1998")
    for part in (1, 2):
        generate_webm(root / f"Ronin cd{part}.webm", seconds=3)
        make_media_file(library, f"Ronin cd{part}.webm", film=ronin, part=part)
    page = desktop
    sign_in(page, live_server, member)
    page.goto(f"{live_server.url}/films/ronin-1998/")
    page.get_by_role("button", name="Watch now: Part 1").click()
    page.wait_for_function(
        "() => document.querySelector('[data-player-video]').src.includes('/stream')"
    )
    first = page.evaluate("document.querySelector('[data-player-video]').src")
    page.wait_for_function(
        "(first) => document.querySelector('[data-player-video]').src !== first",
        arg=first,
        timeout=20_000,
    )
    assert page.locator("[data-player-label]").inner_text() == "· Part 2"
    page.wait_for_function(
        "() => document.querySelector('[data-player-video]').currentTime > 0.5",
        timeout=20_000,
    )
    page.goto("about:blank")  # its last position is saved while the member exists
    # ...and has reached the server before the test's database is emptied: a save
    # still in flight then deadlocks PostgreSQL's TRUNCATE.
    page.wait_for_timeout(1500)
