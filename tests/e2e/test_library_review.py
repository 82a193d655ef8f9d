"""The library's review queue in a real Chromium: an operator sees an uncertain
file with its candidates and picks the film in one click. Screenshots (desktop and
390 px) go to the test's tmp_path, or to $SCREENSHOTS when it is set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from cinematheque.watch.library.scan import scan_libraries
from cinematheque.watch.models import LibraryFolder, MediaFile
from tests.factories import make_film

pytestmark = pytest.mark.e2e


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


@pytest.fixture
def operator(transactional_db, tmp_path, django_user_model):
    """An administrator, and a library with two files waiting for review."""
    for year in (1972, 2002):
        make_film(title="Solaris", year=year, slug=f"solaris-{year}")
    make_film(title="Heat", year=1995, slug="heat-1995")
    root = tmp_path / "films"
    for name in ("Solaris/Solaris.mkv", "Heat (1995)/Heat (1995).mkv", "Heat.mkv"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).touch()
    LibraryFolder.objects.create(path=str(root), name="Films")
    scan_libraries()
    return django_user_model.objects.create_superuser(
        username="operator", password="pw", email="op@example.org"
    )


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_an_operator_picks_the_film_of_an_uncertain_file(
    desktop, phone, live_server, operator, shots
):
    sign_in(phone, live_server, operator)
    phone.goto(f"{live_server.url}/admin/watch/mediafile/review/")
    phone.screenshot(path=str(shots / "review-queue-390.png"), full_page=True)

    page = desktop
    sign_in(page, live_server, operator)
    page.goto(f"{live_server.url}/admin/watch/mediafile/")
    page.screenshot(path=str(shots / "media-files.png"), full_page=True)
    page.get_by_role("link", name="Review queue (2 files)").click()
    page.screenshot(path=str(shots / "review-queue.png"), full_page=True)
    section = page.locator("section.review-file", has_text="Solaris/Solaris.mkv")
    assert section.get_by_role("button", name="This is the film").count() == 2
    section.locator("tr", has_text="Solaris (2002)").get_by_role(
        "button", name="This is the film"
    ).click()
    page.wait_for_selector("text=Solaris/Solaris.mkv is Solaris (2002).")
    page.screenshot(path=str(shots / "review-queue-after.png"), full_page=True)
    chosen = MediaFile.objects.get(relative_path="Solaris/Solaris.mkv")
    assert chosen.film.slug == "solaris-2002"
    assert chosen.method == MediaFile.Method.MANUAL
