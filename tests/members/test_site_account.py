"""The header's account part on every page: the same cached HTML for everyone
("Log in · Sign up" and the menu's template), the member's menu from /personal/site/."""

from __future__ import annotations

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


def test_every_page_has_the_log_in_links_and_the_menu_template(client: Client) -> None:
    film = factories.make_film(title="Heat")
    for url in ["/", f"/films/{film.slug}/", "/films/", "/accounts/login/"]:
        page = client.get(url).content.decode()
        assert 'href="/accounts/login/"' in page, url
        assert 'href="/accounts/signup/"' in page, url
        assert '<template id="account-menu">' in page, url
        assert 'data-site-personal-url="/personal/site/"' in page, url


def test_visitor_pages_stay_cached_and_name_nobody(client: Client) -> None:
    film = factories.make_film(title="Heat")
    member = factories.make_user(username="quixotic-member")
    signed_in = Client()
    signed_in.force_login(member)
    signed_in.get(f"/films/{film.slug}/")
    assert client.get(f"/films/{film.slug}/")["X-Cache"] in {"MISS", "HIT"}
    response = client.get(f"/films/{film.slug}/")
    assert response["X-Cache"] == "HIT"
    assert b"quixotic-member" not in response.content


def test_site_personal_for_a_visitor(client: Client) -> None:
    response = client.get("/personal/site/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["fields"]["account"] == {"signed_in": False}
    assert body["fields"]["member"]["signed_in"] is False
    assert body["csrf_token"]


def test_site_personal_for_a_member_gives_their_menu(client: Client) -> None:
    client.force_login(factories.make_user(username="ada"))
    account = client.get("/personal/site/").json()["fields"]["account"]
    assert account["signed_in"] is True
    assert account["username"] == "ada"
    assert account["links"] == {
        "profile": "/members/ada/",
        "for_you": "/me/for-you/",
        "feed": "/me/feed/",
        "diary": "/me/diary/",
        "watchlist": "/me/watchlist/",
        "lists": "/members/ada/lists/",
        "history": "/me/import/",
        "services": "/watch/services/",
        "settings": "/accounts/settings/",
        "logout": "/accounts/logout/",
    }


def test_a_menu_entry_whose_page_is_not_installed_is_left_out(
    client: Client, monkeypatch
) -> None:
    from cinematheque.members import site_personal

    monkeypatch.setitem(site_personal.MENU_LINKS, "diary", ("members:nowhere", False))
    client.force_login(factories.make_user(username="ada"))
    links = client.get("/personal/site/").json()["fields"]["account"]["links"]
    assert "diary" not in links
    assert links["settings"] == "/accounts/settings/"


def test_site_personal_refuses_writes(client: Client) -> None:
    assert client.post("/personal/site/").status_code == 405


def test_the_signed_in_hint_follows_the_session(client: Client) -> None:
    member = factories.make_user(username="ada")
    member.set_password("velvet-Projector-1995")
    member.save()
    response = client.post(
        "/accounts/login/", {"username": "ada", "password": "velvet-Projector-1995"}
    )
    hint = response.cookies["signed_in"]
    assert hint.value == "1"
    assert hint["samesite"] == "Lax"
    assert not hint["httponly"]  # read by account_menu.js; it holds no secret
    client.cookies.pop("sessionid")  # the session expired or was ended elsewhere
    response = client.get("/personal/site/")
    assert response.json()["fields"]["account"]["signed_in"] is False
    assert response.cookies["signed_in"].value == ""


def test_concurrent_personal_calls_agree_on_the_csrf_cookie(client: Client) -> None:
    """A cached page sets no CSRF cookie: the header's menu and a film's fields are
    asked at once, and the cookie the browser keeps must fit either answer's token
    (before, one of two secrets won and a rating was refused with a 403)."""
    from django.conf import settings

    film_url = f"/personal/films/{factories.make_film(title='Heat', year=1995).slug}/"
    client.force_login(factories.make_user(username="ada"))
    cookies = []
    for url in ("/personal/site/", film_url):
        client.cookies.pop(settings.CSRF_COOKIE_NAME, None)  # sent at the same moment
        response = client.get(url)
        cookies.append(response.cookies[settings.CSRF_COOKIE_NAME].value)
    assert cookies[0] == cookies[1]
    posted = client.post(
        film_url,
        "{}",
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.get("/personal/site/").json()["csrf_token"],
    )
    assert posted.status_code == 200


def test_visitors_still_get_a_fresh_csrf_secret(client: Client) -> None:
    film_url = f"/personal/films/{factories.make_film(title='Heat', year=1995).slug}/"
    first = client.get(film_url)
    second = Client().get(film_url)
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
