"""Sorting by critics' score weighs the number of reviews (Wilson lower bound)."""

import re

import pytest
from django.core.cache import cache

from cinematheque.catalogue.derived import (
    critics_scores_refresh,
    tomatometer_critics_score,
    wilson_lower_bound,
)
from cinematheque.catalogue.models import Film, ReviewScore
from tests import factories

pytestmark = pytest.mark.django_db


def card_titles(html: str) -> list[str]:
    return re.findall(r'<span class="card__title">([^<]*)</span>', html)


def scored(title: str, year: int, value: float, reviews: int | None) -> Film:
    film = factories.make_film(title=title, year=year)
    factories.make_review_score(
        film=film, kind=ReviewScore.Kind.TOMATOMETER, value=value, review_count=reviews
    )
    return film


def test_wilson_lower_bound_prefers_many_reviews_to_a_perfect_few():
    assert wilson_lower_bound(8, 8) == pytest.approx(0.676, abs=0.001)
    assert wilson_lower_bound(100, 106) > wilson_lower_bound(8, 8)
    assert wilson_lower_bound(0, 0) is None
    assert tomatometer_critics_score(value=94, review_count=106, fresh_count=None) == (
        wilson_lower_bound(100, 106)
    )
    assert (
        tomatometer_critics_score(value=94, review_count=None, fresh_count=None) is None
    )


def test_tomatometer_highest_first_puts_many_reviews_above_a_perfect_few(client):
    scored("Eight Raves", 2001, 100, 8)
    scored("Pulp", 1994, 94, 106)
    scored("Unreviewed", 1999, 100, None)
    critics_scores_refresh()

    html = client.get("/films/?sort=-score").content.decode()

    assert card_titles(html) == ["Pulp", "Eight Raves", "Unreviewed"]
    assert "94% of 106 reviews" in html
    assert "100% of 8 reviews" in html


def test_critics_scores_refresh_writes_only_changes():
    scored("Pulp", 1994, 94, 106)
    assert critics_scores_refresh() == 1
    assert critics_scores_refresh() == 0


def test_critics_favourites_span_the_decades(client):
    cache.clear()
    scored("Forties Best", 1946, 98, 60)
    scored("Forties Second", 1941, 90, 60)
    scored("Seventies Best", 1974, 97, 120)
    recent = [scored(f"Recent {n}", 2010 + n, 99, 200) for n in range(5)]
    critics_scores_refresh()

    html = client.get("/").content.decode()

    section = html.split('id="critics-title"', 1)[1].split("</section>", 1)[0]
    titles = card_titles(section)
    assert titles == ["Forties Best", "Seventies Best", recent[0].title]
    cache.clear()
