"""The site's browser policy: a Content-Security-Policy without inline scripts on
every page (cached or not, signed in or not, the admin and the API docs), the
other security headers, and templates that need nothing the policy forbids."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cinematheque.pages import security_headers
from tests import factories
from tests.catalogue.sample import make_heat_sample

SOURCE = Path(security_headers.__file__).resolve().parents[1]


def directives(header: str) -> dict[str, list[str]]:
    parsed: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def assert_policy(response) -> None:
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-src"] == [
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    ]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["img-src"] == ["'self'", "data:", "https://image.tmdb.org"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in permissions
    players = '"https://www.youtube-nocookie.com" "https://player.vimeo.com"'
    assert f"autoplay=(self {players})" in permissions
    assert f"fullscreen=(self {players})" in permissions


@pytest.fixture
def sample(db):
    return make_heat_sample()


VISITOR_PAGES = [
    "/",
    "/films/heat-1995/",
    "/films/",
    "/films/?genre=crime&sort=title",
    "/genres/",
    "/about/",
    "/search/?q=heat",
    "/accounts/login/",
    "/api/v1/docs",
    "/admin/login/",
    "/films/no-such-film/",
]


@pytest.mark.parametrize("path", VISITOR_PAGES)
def test_visitor_pages_carry_the_policy(client, sample, path):
    response = client.get(path)

    assert response.status_code in {200, 404}, path
    assert_policy(response)


def test_person_page_carries_the_policy(client, sample):
    assert_policy(client.get(sample.pacino.get_absolute_url()))


def test_a_page_served_from_the_cache_carries_the_policy(client, sample):
    client.get("/films/heat-1995/")
    second = client.get("/films/heat-1995/")
    revalidated = client.get("/films/heat-1995/", HTTP_IF_NONE_MATCH=second["ETag"])

    assert second["X-Cache"] == "HIT"
    assert_policy(second)
    assert revalidated.status_code == 304
    assert "Content-Security-Policy" in revalidated


def test_member_pages_and_the_admin_carry_the_policy(client, sample):
    member = factories.make_user(username="ada")
    client.force_login(member)
    for path in ("/me/watchlist/", "/me/diary/", "/members/ada/", "/films/heat-1995/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_policy(response)
    client.force_login(factories.make_user(role="admin", username="root"))
    for path in (
        "/admin/",
        "/admin/catalogue/film/",
        f"/admin/catalogue/film/{sample.heat.pk}/change/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_policy(response)


def test_api_answers_carry_the_policy(client, sample):
    assert_policy(client.get("/api/v1/films/by-slug/heat-1995"))
    assert_policy(client.get("/api/v1/openapi.json"))


def test_no_script_is_allowed_inline_anywhere_in_the_policy():
    policy = security_headers.content_security_policy()

    assert "'unsafe-inline'" not in " ".join(directives(policy)["script-src"])
    assert "'unsafe-eval'" not in policy
    assert "nonce-" not in policy  # cached pages are shared: a nonce would be too


def templates() -> list[Path]:
    """Every template: the public pages' Jinja2 ones and the admin's Django ones."""
    return sorted(
        [*SOURCE.rglob("jinja2/**/*.html"), *SOURCE.rglob("templates/**/*.html")]
    )


def test_templates_have_no_inline_script_and_no_event_handler_attribute():
    assert len(templates()) > 50
    inline, handlers = [], []
    for path in templates():
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            data_block = re.search(r'type="application/(ld\+)?json"', tag)
            if "src=" not in tag and not data_block:
                inline.append(f"{path.relative_to(SOURCE)}: {tag}")
        handlers.extend(
            f"{path.relative_to(SOURCE)}: {match.group(0)[:60]}"
            for match in re.finditer(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", text)
        )
        if "javascript:" in text:
            handlers.append(f"{path.relative_to(SOURCE)}: javascript: URL")

    assert inline == []
    assert handlers == []
