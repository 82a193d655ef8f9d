"""A member imports a Letterboxd export in Chromium, settles an ambiguous film with
one click on the report, then downloads the export."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.conf import settings
from django.test import Client

from cinematheque.members.models import DiaryEntry, Rating
from tests.factories import make_user
from tests.members.history import LETTERBOXD, make_catalogue, zip_folder

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_import_choose_and_export(desktop, phone, live_server, tmp_path):
    make_catalogue()
    user = make_user(username="ana")
    page = desktop
    signed_in(page, live_server, user)
    page.goto(f"{live_server.url}/me/import/")
    page.screenshot(path=tmp_path / "history-import.png", full_page=True)
    page.get_by_label("Letterboxd").check()
    page.set_input_files(
        "input[type=file]",
        {
            "name": "letterboxd-ana-2024.zip",
            "mimeType": "application/zip",
            "buffer": zip_folder(LETTERBOXD / "extratone"),
        },
    )
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/me/imports/*/")
    assert page.get_by_text("Imported 11 ratings").is_visible()
    choice = page.locator(".history-choice", has_text="King Kong")
    assert choice.locator("button.history-option").count() == 2
    page.screenshot(path=tmp_path / "history-report.png", full_page=True)

    phone_page = phone
    signed_in(phone_page, live_server, user)
    phone_page.goto(page.url)
    phone_page.screenshot(path=tmp_path / "history-report-phone.png", full_page=True)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    phone_page.goto(f"{live_server.url}/me/import/")
    phone_page.screenshot(path=tmp_path / "history-import-phone.png", full_page=True)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390

    chosen = choice.locator("button.history-option").first
    chosen_title = chosen.locator(".history-option__title").inner_text()
    chosen.click()
    page.wait_for_load_state()
    assert page.get_by_text("for 3 rows").is_visible()
    assert page.locator(".history-choice").count() == 0
    assert chosen_title.startswith("King Kong")
    king_kong = Rating.objects.get(user=user, film__title="King Kong")
    assert king_kong.value == 10
    assert DiaryEntry.objects.filter(user=user, film=king_kong.film).exists()
    page.screenshot(path=tmp_path / "history-resolved.png", full_page=True)

    page.get_by_role("link", name="Export", exact=True).click()
    page.screenshot(path=tmp_path / "history-export.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the zip").click()
    path = download.value.path()
    archive = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    assert "King Kong" in archive.read("letterboxd-import.csv").decode()
