"""A family account in Chromium: with a PG-13 limit, "Heat" (R) is found nowhere and its
page says it is hidden; raising the limit brings it back. The cached film page of
another film drops the hidden film's card through its personal part."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from cinematheque.members.content_limit import content_limit_set
from cinematheque.recommendations.models import Recommendation
from cinematheque.search.services import search_rebuild
from tests import factories

pytestmark = pytest.mark.e2e


@pytest.fixture
def family(transactional_db):
    heat = factories.make_film(
        title="Heat", year=1995, slug="heat-1995", certification="R", notability=80
    )
    factories.make_film(
        title="Heat Wave", year=1990, slug="heat-wave-1990", certification="PG"
    )
    babe = factories.make_film(
        title="Babe", year=1995, slug="babe-1995", certification="G"
    )
    cars = factories.make_film(
        title="Cars", year=2006, slug="cars-2006", certification="G"
    )
    now = timezone.now()
    for rank, film in enumerate((heat, cars), 1):
        Recommendation.objects.create(
            film=babe,
            recommended=film,
            rank=rank,
            score=1 / rank,
            kind=Recommendation.Kind.PROFILE,
            reason="A film from 1995",
            computed_at=now,
        )
    search_rebuild()
    user = factories.make_user(username="kid")
    content_limit_set(user=user, ceiling="PG-13", hide_unknown=False)
    return user


def sign_in(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "url": live_server.url,
            }
        ]
    )


def test_a_pg_13_member_cannot_find_heat_until_the_limit_is_raised(
    desktop, live_server, family, tmp_path
):
    page = desktop
    sign_in(page.context, live_server, family)
    page.goto(f"{live_server.url}/")
    box = page.get_by_role("combobox", name="Search films and people")
    box.fill("heat")
    page.get_by_role("listbox").get_by_role("option").first.wait_for()
    labels = page.locator(".search-option__label").all_inner_texts()
    assert any(label.startswith("Heat Wave (1990)") for label in labels)
    assert not any(label.startswith("Heat (1995)") for label in labels)
    box.press("Enter")
    page.wait_for_url("**/search/?q=heat")
    results = page.locator(".search-result__title").all_inner_texts()
    assert "Heat Wave (1990)" in results
    assert "Heat (1995)" not in results

    page.goto(f"{live_server.url}/films/heat-1995/")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "This film is hidden by your content limit"
    assert "rated R" in page.locator(".error-page__message").inner_text()
    page.screenshot(path=tmp_path / "hidden.png", full_page=True)

    page.get_by_role("link", name="Change your content limit").click()
    page.wait_for_url("**/me/content-limit/?next=/films/heat-1995/")
    page.get_by_label("Hide films rated above").select_option("R")
    page.screenshot(path=tmp_path / "setting.png", full_page=True)
    page.get_by_role("button", name="Save the limit").click()
    page.wait_for_url("**/films/heat-1995/")
    assert page.get_by_role("heading", level=1).inner_text() == "Heat (1995)"


def test_the_hidden_films_card_leaves_the_cached_page_of_another_film(
    desktop, live_server, family
):
    page = desktop
    page.goto(f"{live_server.url}/films/babe-1995/")  # a visitor: every card
    cards = page.locator("#recommendations .card__title")
    assert cards.all_inner_texts() == ["Heat", "Cars"]
    sign_in(page.context, live_server, family)
    page.goto(f"{live_server.url}/films/babe-1995/")
    page.wait_for_selector("html[data-personal-ready]")
    page.locator("#recommendations li[data-hidden-by-limit]").wait_for(state="hidden")
    visible = page.locator("#recommendations .card:visible .card__title")
    assert visible.all_inner_texts() == ["Cars"]


def test_the_setting_and_the_hidden_page_fit_a_phone(
    phone, live_server, family, tmp_path
):
    page = phone
    sign_in(page.context, live_server, family)
    for path, name in (
        ("/me/content-limit/", "setting"),
        ("/films/heat-1995/", "hidden"),
    ):
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path
        page.screenshot(path=tmp_path / f"{name}-phone.png", full_page=True)
    assert page.get_by_role("link", name="Change your content limit").is_visible()
