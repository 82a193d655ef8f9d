"""personal.js in a real Chromium: the cached film page fills its personal parts after
load, and a POST carries the CSRF token the endpoint handed out."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cinematheque.pages.personal import (
    register_personal_field,
    unregister_personal_field,
)
from tests import factories

pytestmark = pytest.mark.e2e


@pytest.fixture
def page(chromium) -> Iterator:
    context = chromium.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def greeting() -> Iterator[list[str]]:
    """A writable field, as the members issue will add (a rating, a watchlist…)."""
    said: list[str] = []
    register_personal_field(
        "greeting",
        lambda request, film: said[-1] if said else f"Hello from {film.title}",
        lambda request, film, value: said.append(str(value)),
    )
    yield said
    unregister_personal_field("greeting")


def test_the_page_fills_its_personal_parts_and_posts_with_the_token(
    page, live_server, transactional_db, greeting
):
    factories.make_film(title="Heat", year=1995, slug="heat-1995")
    page.goto(f"{live_server.url}/films/heat-1995/")
    page.wait_for_selector("html[data-personal-ready]", state="attached")
    page.evaluate(
        """() => {
            const slot = document.createElement("p");
            slot.setAttribute("data-personal", "greeting");
            slot.id = "greeting";
            document.body.append(slot);
        }"""
    )
    greeting_now = page.evaluate(
        "() => window.cinematheque.personalPost({greeting: 'Hi, Vincent'})"
        ".then(data => data.fields.greeting)"
    )
    assert greeting_now == "Hi, Vincent"
    assert page.locator("#greeting").inner_text() == "Hi, Vincent"
    assert greeting == ["Hi, Vincent"]
    refused = page.evaluate(
        """() => fetch(location.pathname.replace('/films/', '/personal/films/'),
                       {method: 'POST', body: '{}'}).then(r => r.status)"""
    )
    assert refused == 403  # without the token
