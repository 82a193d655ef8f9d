"""A member's account in a real Chromium: sign up → log out → log in → change the
password → delete the account, with the header's account menu along the way."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cinematheque.members.models import User
from tests import factories

pytestmark = pytest.mark.e2e

FIRST_PASSWORD = "velvet-Projector-1995"
SECOND_PASSWORD = "crimson-Matinee-2024"


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("E2E_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def log_in(page, password: str) -> None:
    page.fill("#id_username", "ada")
    page.fill("#id_password", password)
    page.get_by_role("button", name="Log in").click()


def open_menu(page) -> None:
    page.locator(".account-menu__button").click()


def sign_up_from_the_header(page, folder: Path) -> None:
    header = page.locator(".site-account")
    assert header.get_by_role("link", name="Log in").is_visible()
    header.get_by_role("link", name="Sign up").click()
    page.wait_for_url("**/accounts/signup/")
    page.fill("#id_username", "ada")
    page.fill("#id_email", "ada@example.org")
    page.fill("#id_password1", FIRST_PASSWORD)
    page.fill("#id_password2", FIRST_PASSWORD)
    page.screenshot(path=folder / "signup.png")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/accounts/settings/")
    assert "Welcome, ada!" in page.locator(".account-messages").inner_text()


def log_out_from_the_menu(page, folder: Path, home: str) -> None:
    header = page.locator(".site-account")
    name = page.locator(".account-menu__name")
    name.wait_for()
    assert name.inner_text() == "ada"
    assert not header.get_by_role("link", name="Log in").is_visible()
    open_menu(page)
    page.screenshot(path=folder / "settings-menu.png")
    menu = page.locator(".account-menu__list")
    assert menu.get_by_role("link", name="Settings").is_visible()
    menu.get_by_role("button", name="Log out").click()
    page.wait_for_url(home)
    page.locator(".site-account[data-account-ready]").wait_for()
    assert header.get_by_role("link", name="Log in").is_visible()
    assert page.locator(".account-menu").count() == 0


def log_in_back_to_the_film(page, folder: Path) -> None:
    page.locator(".site-account").get_by_role("link", name="Log in").click()
    page.wait_for_url("**/accounts/login/?next=%2Ffilms%2Fheat-1995%2F")
    log_in(page, "not-my-password")
    errors = page.locator(".account-errors").inner_text()
    assert "correct username and password" in errors
    log_in(page, FIRST_PASSWORD)
    page.wait_for_url("**/films/heat-1995/")
    page.locator(".account-menu__name").wait_for()
    page.screenshot(path=folder / "film-signed-in.png")


def change_password_from_settings(page) -> None:
    open_menu(page)
    page.locator(".account-menu__list").get_by_role("link", name="Settings").click()
    page.wait_for_url("**/accounts/settings/")
    page.get_by_role("link", name="Change password").click()
    page.fill("#id_old_password", FIRST_PASSWORD)
    page.fill("#id_new_password1", SECOND_PASSWORD)
    page.fill("#id_new_password2", SECOND_PASSWORD)
    page.get_by_role("button", name="Change my password").click()
    page.wait_for_url("**/accounts/settings/")
    messages = page.locator(".account-messages").inner_text()
    assert "Your password is changed." in messages
    assert User.objects.get(username="ada").check_password(SECOND_PASSWORD)


def delete_the_account(page, folder: Path) -> None:
    page.get_by_role("link", name="Delete my account…").click()
    page.wait_for_url("**/accounts/delete/")
    page.fill("#id_current_password", SECOND_PASSWORD)
    page.check("#id_confirm")
    page.screenshot(path=folder / "delete.png")
    page.get_by_role("button", name="Delete my account").click()
    assert page.locator("h1").inner_text() == "Your account is deleted"
    page.locator(".site-account[data-account-ready]").wait_for()
    assert page.locator(".site-account").get_by_role("link", name="Log in").is_visible()
    assert not User.objects.filter(username="ada").exists()


def test_sign_up_log_out_log_in_change_password_delete(
    desktop, live_server, transactional_db, tmp_path
):
    factories.make_film(title="Heat", year=1995, slug="heat-1995")
    folder = shots(tmp_path)
    page = desktop
    film_page = live_server.url + "/films/heat-1995/"
    page.goto(film_page)
    sign_up_from_the_header(page, folder)
    log_out_from_the_menu(page, folder, home=live_server.url + "/")
    page.goto(film_page)
    log_in_back_to_the_film(page, folder)
    change_password_from_settings(page)
    page.get_by_role("button", name="Create a token").click()
    assert page.locator(".token-new__value").input_value().startswith("cin_")
    page.screenshot(path=folder / "settings-token.png", full_page=True)
    delete_the_account(page, folder)


def test_the_account_menu_on_a_phone(phone, live_server, transactional_db, tmp_path):
    member = factories.make_user(username="ada-lovelace")
    member.set_password(FIRST_PASSWORD)
    member.save()
    folder = shots(tmp_path)
    page = phone
    page.goto(live_server.url + "/")
    page.screenshot(path=folder / "phone-visitor.png")
    page.locator(".site-account").get_by_role("link", name="Log in").click()
    page.fill("#id_username", "ada-lovelace")
    page.fill("#id_password", FIRST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/")
    page.locator(".account-menu__name").wait_for()
    open_menu(page)
    page.screenshot(path=folder / "phone-menu.png")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    box = page.locator(".account-menu__list").bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390
    page.goto(live_server.url + "/accounts/settings/")
    page.screenshot(path=folder / "phone-settings.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
