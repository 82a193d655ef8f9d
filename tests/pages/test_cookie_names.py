"""Behind HTTPS the site's own cookies are Secure with a `__Host-` name (ASVS 3.3.1)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from cinematheque.pages.cookie_names import read_site_cookie, site_cookie
from tests import factories


@pytest.fixture
def https(settings):
    settings.HTTPS = True
    settings.SESSION_COOKIE_SECURE = True


def test_names_carry_the_host_prefix_only_behind_https(settings):
    settings.HTTPS = False
    assert site_cookie("signed_in") == "signed_in"
    settings.HTTPS = True
    assert site_cookie("signed_in") == "__Host-signed_in"


def test_either_name_is_read():
    request = RequestFactory().get("/", HTTP_COOKIE="__Host-watch_region=FR")
    assert read_site_cookie(request, "watch_region") == "FR"
    request = RequestFactory().get("/", HTTP_COOKIE="watch_region=DE")
    assert read_site_cookie(request, "watch_region") == "DE"


def test_the_signed_in_hint_is_a_secure_host_cookie_behind_https(client, db, https):
    client.force_login(factories.make_user(username="ada"))
    response = client.get("/about/", secure=True)
    hint = response.cookies["__Host-signed_in"]
    assert hint["secure"] is True
    assert hint["path"] == "/"
    assert not hint["domain"]
    assert "signed_in" not in response.cookies


def test_the_region_cookie_is_a_secure_host_cookie_behind_https(client, db, https):
    response = client.post("/watch/region/", {"region": "FR"}, secure=True)
    cookie = response.cookies["__Host-watch_region"]
    assert cookie.value == "FR"
    assert cookie["secure"] is True
    assert "watch_region" not in response.cookies


def test_messages_wait_in_the_session_not_in_a_cookie(settings):
    assert settings.MESSAGE_STORAGE.endswith("session.SessionStorage")
