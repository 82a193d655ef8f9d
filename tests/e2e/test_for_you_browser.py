""" "For you" in Chromium, on a desktop and a phone: each card says which of the
member's films it comes from, and the page never scrolls sideways."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cinematheque.members.models import Rating, WatchlistEntry
from cinematheque.recommendations.models import Recommendation
from tests import factories
from tests.e2e.test_content_limit_browser import sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def member(transactional_db):
    heat = factories.make_film(title="Heat", year=1995, slug="heat-1995")
    suggested = [
        factories.make_film(title=title, year=year, slug=f"film-{year}")
        for title, year in [
            ("Collateral", 2004),
            ("Thief", 1981),
            ("The Insider", 1999),
            ("Manhunter", 1986),
            ("Miami Vice", 2006),
        ]
    ]
    now = timezone.now()
    for rank, film in enumerate(suggested, 1):
        Recommendation.objects.create(
            film=heat,
            recommended=film,
            rank=rank,
            score=1 / rank,
            kind=Recommendation.Kind.DIRECTOR,
            reason="Also directed by Michael Mann",
            computed_at=now,
        )
    user = factories.make_user(username="cinephile")
    Rating.objects.create(user=user, film=heat, value=9)
    WatchlistEntry.objects.create(user=user, film=suggested[-1])
    return user


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_for_you_shows_reasons_on_desktop_and_phone(
    request, device, live_server, member, tmp_path
):
    page = request.getfixturevalue(device)
    sign_in(page.context, live_server, member)
    page.goto(f"{live_server.url}/me/for-you/")
    assert page.get_by_role("heading", level=1).inner_text() == "For you"
    cards = page.locator("#for-you-list .card")
    assert cards.count() == 4  # Miami Vice is on the watchlist: its own row
    assert "Because you rated Heat (1995) ★★★★½" in cards.first.inner_text()
    watchlist = page.locator("#for-you-watchlist .card__title").all_inner_texts()
    assert watchlist == ["Miami Vice"]
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    page.screenshot(path=tmp_path / f"for-you-{device}.png", full_page=True)
